-- The indicator set of bench/peers/run in plain SQL for SQLite 3: the same definitions
-- and rules as compute.sql (read its header); only the dialect differs: dates and
-- date-times are ISO text, medians come from window functions (SQLite has no
-- percentile aggregate), the month index from the text.
DROP TABLE IF EXISTS figures;
CREATE TABLE figures AS
WITH RECURSIVE
years(y) AS (SELECT 1990 UNION ALL SELECT y + 1 FROM years WHERE y < 2100),
months(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM months WHERE m < 12),
dst AS (
  SELECT y, date(printf('%04d-03-31', y), '-' || strftime('%w', printf('%04d-03-31', y)) || ' days') || ' 03:00:00' AS s,
            date(printf('%04d-10-31', y), '-' || strftime('%w', printf('%04d-10-31', y)) || ' days') || ' 03:00:00' AS e
  FROM years),
periods AS (
  SELECT y * 12 + m - 1 AS m0, y * 12 + m - 1 AS m1, printf('%04d-%02d-01', y, m) AS first_day,
         date(printf('%04d-%02d-01', y, m), '+1 month', '-1 day') AS last_day, printf('%04d-%02d', y, m) AS period
  FROM years, months WHERE y BETWEEN 2022 AND 2024
  UNION ALL
  SELECT y * 12, y * 12 + 11, printf('%04d-01-01', y), printf('%04d-12-31', y), printf('%04d', y)
  FROM years WHERE y BETWEEN 2022 AND 2024),
uv AS (SELECT unit_id, parent_id, valid_from, coalesce(valid_to, '9999-12-31') AS valid_to FROM units),
chain(unit_id, anc, pfrom, pto) AS (
  SELECT unit_id, unit_id, valid_from, valid_to FROM uv
  UNION ALL
  SELECT c.unit_id, p.parent_id, max(c.pfrom, p.valid_from), min(c.pto, p.valid_to)
  FROM chain c JOIN uv p ON p.unit_id = c.anc AND p.parent_id IS NOT NULL
                        AND p.valid_from <= c.pto AND p.valid_to >= c.pfrom),
span AS (SELECT unit_id, min(valid_from) AS f, max(valid_to) AS t FROM uv GROUP BY unit_id),
place AS (
  SELECT c.unit_id, c.anc,
         CASE WHEN c.pfrom = s.f THEN '0001-01-01' ELSE c.pfrom END AS pfrom,
         CASE WHEN c.pto = s.t THEN '9999-12-31' ELSE c.pto END AS pto
  FROM chain c JOIN span s ON s.unit_id = c.unit_id),
unit_periods AS (
  SELECT DISTINCT p.period, p.m0, p.m1, u.unit_id
  FROM periods p JOIN uv u ON u.valid_from <= p.last_day AND u.valid_to >= p.first_day),
ph AS (
  SELECT substr(received_at, 1, 10) AS d, unit_id, in_opening_hours AND topic IN ('advice', 'booking') AS w,
         coalesce(substr(handled_at, 1, 10) = substr(received_at, 1, 10), 0) AS hit
  FROM phone_calls),
asm AS (
  SELECT assessed_on AS d, unit_id, reason <> 'other' AND listed_at_unit AND NOT patient_chosen_wait AS w,
         julianday(assessed_on) - julianday(first_contact_date) <= 3 AS hit
  FROM assessments),
ch AS (
  SELECT substr(c.started_at, 1, 10) AS d, c.unit_id, c.first_reply_at IS NOT NULL AS w,
         ((unixepoch(c.first_reply_at) - CASE WHEN c.first_reply_at >= b.s AND c.first_reply_at < b.e THEN 7200 ELSE 3600 END)
          - (unixepoch(c.started_at) - CASE WHEN c.started_at >= a.s AND c.started_at < a.e THEN 7200 ELSE 3600 END)) / 60.0 AS x
  FROM chats c
  JOIN dst a ON a.y = CAST(substr(c.started_at, 1, 4) AS INTEGER)
  LEFT JOIN dst b ON b.y = CAST(substr(c.first_reply_at, 1, 4) AS INTEGER)),
horizon AS (SELECT max(performed_date) AS h FROM dental_exams),
de AS (
  SELECT planned_date AS d, unit_id,
         patient_age >= 24 AND date(planned_date, 'start of month', '+1 month', '-1 day') <= h AS w,
         coalesce(performed_date <= date(planned_date, 'start of month', '+1 month', '-1 day'), 0) AS hit
  FROM dental_exams, horizon),
coverage AS (
  SELECT 'phone_calls' AS tbl, min(d) AS f, max(d) AS t FROM ph WHERE d BETWEEN '2022-01-01' AND '2024-12-31'
  UNION ALL SELECT 'assessments', min(d), max(d) FROM asm WHERE d BETWEEN '2022-01-01' AND '2024-12-31'
  UNION ALL SELECT 'chats', min(d), max(d) FROM ch WHERE d BETWEEN '2022-01-01' AND '2024-12-31'
  UNION ALL SELECT 'visits', min(date), max(date) FROM visits WHERE date BETWEEN '2022-01-01' AND '2024-12-31'
  UNION ALL SELECT 'staff', min(month), max(month) FROM staff WHERE month BETWEEN '2022-01-01' AND '2024-12-31'
  UNION ALL SELECT 'dental_exams', min(d), max(d) FROM de WHERE d BETWEEN '2022-01-01' AND '2024-12-31'),
cov AS (
  SELECT tbl, CAST(substr(f, 1, 4) AS INTEGER) * 12 + CAST(substr(f, 6, 2) AS INTEGER) - 1 AS c0,
              CAST(substr(t, 1, 4) AS INTEGER) * 12 + CAST(substr(t, 6, 2) AS INTEGER) - 1 AS c1
  FROM coverage WHERE f IS NOT NULL),
monthly AS (
  SELECT 'phone_same_day' AS indicator, p.anc, substr(f.d, 1, 7) AS d, count(*) AS n, count(*) FILTER (WHERE f.hit) AS a, 0 AS b
  FROM ph f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN '2022-01-01' AND '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'assessment_3_days', p.anc, substr(f.d, 1, 7), count(*), count(*) FILTER (WHERE f.hit), 0
  FROM asm f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN '2022-01-01' AND '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'visits_total', p.anc, substr(f.date, 1, 7), count(*), count(*) FILTER (WHERE f.form IN ('video', 'phone', 'chat')), 0
  FROM visits f JOIN place p ON p.unit_id = f.unit_id AND f.date BETWEEN p.pfrom AND p.pto
  WHERE f.date BETWEEN '2022-01-01' AND '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'sick_leave', p.anc, substr(f.month, 1, 7), count(f.ordinary_hours), sum(f.sick_hours), sum(f.ordinary_hours)
  FROM staff f JOIN place p ON p.unit_id = f.unit_id AND f.month BETWEEN p.pfrom AND p.pto
  WHERE f.month BETWEEN '2022-01-01' AND '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'dental_on_time_adults', p.anc, substr(f.d, 1, 7), count(*), count(*) FILTER (WHERE f.hit), 0
  FROM de f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN '2022-01-01' AND '2024-12-31' GROUP BY 2, 3),
monthly_m AS (
  SELECT indicator, anc, CAST(substr(d, 1, 4) AS INTEGER) * 12 + CAST(substr(d, 6, 2) AS INTEGER) - 1 AS mi, n, a, b
  FROM monthly),
decomposable AS (
  SELECT m.indicator, m.anc AS unit_id, p.period, sum(m.n) AS n, sum(m.a) AS a, sum(m.b) AS b, NULL AS med
  FROM monthly_m m JOIN periods p ON m.mi BETWEEN p.m0 AND p.m1 GROUP BY m.indicator, m.anc, p.period),
chat_rows AS (
  SELECT p.anc, pr.period, f.x,
         row_number() OVER (PARTITION BY p.anc, pr.period ORDER BY f.x) AS k,
         count(*) OVER (PARTITION BY p.anc, pr.period) AS n
  FROM ch f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  JOIN periods pr ON f.d BETWEEN pr.first_day AND pr.last_day
  WHERE f.w AND f.x IS NOT NULL),
medians AS (
  SELECT 'chat_median_wait' AS indicator, anc AS unit_id, period, max(n) AS n, 0 AS a, 0 AS b, avg(x) AS med
  FROM chat_rows WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY anc, period),
aggs AS (
  SELECT indicator, unit_id, period, n, a, b, med FROM decomposable WHERE indicator <> 'visits_total'
  UNION ALL SELECT 'distance_share', unit_id, period, n, a, b, med FROM decomposable WHERE indicator = 'visits_total'
  UNION ALL SELECT indicator, unit_id, period, n, a, b, med FROM decomposable WHERE indicator = 'visits_total'
  UNION ALL SELECT indicator, unit_id, period, n, a, b, med FROM medians),
indicators(indicator, tbl, kind, min_n) AS (
  SELECT 'phone_same_day', 'phone_calls', 'share', 0
  UNION ALL SELECT 'assessment_3_days', 'assessments', 'share', 20
  UNION ALL SELECT 'chat_median_wait', 'chats', 'median', 0
  UNION ALL SELECT 'visits_total', 'visits', 'count', 0
  UNION ALL SELECT 'distance_share', 'visits', 'share', 0
  UNION ALL SELECT 'sick_leave', 'staff', 'ratio', 0
  UNION ALL SELECT 'dental_on_time_adults', 'dental_exams', 'share', 0)
SELECT i.indicator, up.unit_id, up.period, coalesce(g.n, 0) AS n,
       CASE WHEN c.tbl IS NULL OR up.m1 < c.c0 OR up.m0 > c.c1 THEN NULL
            WHEN coalesce(g.n, 0) < i.min_n THEN NULL
            WHEN i.kind = 'count' THEN CAST(coalesce(g.n, 0) AS REAL)
            WHEN i.kind = 'share' THEN CASE WHEN g.n > 0 THEN 100.0 * g.a / g.n END
            WHEN i.kind = 'median' THEN g.med
            WHEN i.kind = 'ratio' THEN CASE WHEN coalesce(g.b, 0) <> 0 THEN 100.0 * g.a / g.b END
       END AS value
FROM indicators i CROSS JOIN unit_periods up
LEFT JOIN cov c ON c.tbl = i.tbl
LEFT JOIN aggs g ON g.indicator = i.indicator AND g.unit_id = up.unit_id AND g.period = up.period;
