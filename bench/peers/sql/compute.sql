-- The indicator set of bench/peers/run in plain SQL (DuckDB and PostgreSQL), the same
-- definitions as data/halland/indicators.toml:
--   phone_same_day        share(phone_calls where in_opening_hours and topic in ('advice','booking'),
--                               handled_at is not null and local_day(handled_at) = local_day(received_at))
--   assessment_3_days     share(assessments by assessed_on where reason != 'other' and listed_at_unit
--                               and not patient_chosen_wait, days(first_contact_date, assessed_on) <= 3)
--   chat_median_wait      median(chats where first_reply_at is not null, minutes(started_at, first_reply_at))
--   visits_total          count(visits)
--   distance_share        share(visits, form in ('video','phone','chat'))
--   sick_leave            100 * sum(staff, sick_hours) / sum(staff, ordinary_hours)
--   dental_on_time_adults share(dental_exams by planned_date where patient_age >= 24 and
--                               month_end(planned_date) <= horizon(performed_date),
--                               performed_date is not null and performed_date <= month_end(planned_date))
-- for every unit valid in the period × every month and year of 2022–2024.
-- The rules (docs/indicators.md, SPEC §4, §7):
--   * date-times are Swedish wall-clock times; a row's day is its local calendar day;
--     minutes between two date-times are real elapsed minutes (summer time, UTC+2,
--     from the last Sunday of March 03:00 to the last Sunday of October 03:00 wall
--     time — the repeated autumn hour is read as summer time);
--   * a row counts for its unit and every ancestor the unit had on the row's date
--     (the tree valid at the time; a date before a unit's first or after its last
--     validity uses its first or last position); parents are computed from all their
--     descendants' rows, never from children's values;
--   * a row whose placing date is null or outside 2022–2024 does not count;
--   * a value is missing when the period lies outside the months in which the table
--     has rows at all (2022–2024, placing date); a count is then 0 where there are no
--     rows, a share or median with no rows is missing, division by zero is missing;
--   * medians are exact (even count: the mean of the middle two).
--   * n is the engine's: rows passing the filter (share, count), non-null values
--     (median; sick_leave: non-null ordinary_hours, the denominator's sum); a value
--     whose n is below the indicator's min_n (assessment_3_days: 20) is suppressed
--     (missing), as on nara's scorecard; n itself is compared too;
--   * input is the simulator's output format only: local date-times without Z or an
--     offset, `,` delimiter, UTF-8 (bench/peers/README.md; the runner checks a --data
--     folder and refuses anything else).
DROP TABLE IF EXISTS figures;
CREATE TABLE figures AS
WITH RECURSIVE
years(y) AS (SELECT 1990 UNION ALL SELECT y + 1 FROM years WHERE y < 2100),
months(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM months WHERE m < 12),
-- Summer time in wall-clock time per year: [s, e).
dst AS (
  SELECT y, (make_date(y, 3, 31) - CAST(extract(dow FROM make_date(y, 3, 31)) AS INTEGER)) + INTERVAL '3 hours' AS s,
            (make_date(y, 10, 31) - CAST(extract(dow FROM make_date(y, 10, 31)) AS INTEGER)) + INTERVAL '3 hours' AS e
  FROM years),
periods AS (
  SELECT y * 12 + m - 1 AS m0, y * 12 + m - 1 AS m1, make_date(y, m, 1) AS first_day,
         CAST(make_date(y, m, 1) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) AS last_day,
         CAST(y AS VARCHAR) || '-' || lpad(CAST(m AS VARCHAR), 2, '0') AS period
  FROM years, months WHERE y BETWEEN 2022 AND 2024
  UNION ALL
  SELECT y * 12, y * 12 + 11, make_date(y, 1, 1), make_date(y, 12, 31), CAST(y AS VARCHAR)
  FROM years WHERE y BETWEEN 2022 AND 2024),
uv AS (SELECT unit_id, parent_id, valid_from, coalesce(valid_to, DATE '9999-12-31') AS valid_to FROM units),
chain(unit_id, anc, pfrom, pto) AS (
  SELECT unit_id, unit_id, valid_from, valid_to FROM uv
  UNION ALL
  SELECT c.unit_id, p.parent_id, greatest(c.pfrom, p.valid_from), least(c.pto, p.valid_to)
  FROM chain c JOIN uv p ON p.unit_id = c.anc AND p.parent_id IS NOT NULL
                        AND p.valid_from <= c.pto AND p.valid_to >= c.pfrom),
span AS (SELECT unit_id, min(valid_from) AS f, max(valid_to) AS t FROM uv GROUP BY unit_id),
place AS (
  SELECT c.unit_id, c.anc,
         CASE WHEN c.pfrom = s.f THEN DATE '0001-01-01' ELSE c.pfrom END AS pfrom,
         CASE WHEN c.pto = s.t THEN DATE '9999-12-31' ELSE c.pto END AS pto
  FROM chain c JOIN span s ON s.unit_id = c.unit_id),
unit_periods AS (
  SELECT DISTINCT p.period, p.m0, p.m1, u.unit_id
  FROM periods p JOIN uv u ON u.valid_from <= p.last_day AND u.valid_to >= p.first_day),
-- Fact rows: (indicator, placing day, unit, passes filter, hit / x / y).
ph AS (
  SELECT CAST(received_at AS DATE) AS d, unit_id, in_opening_hours AND topic IN ('advice', 'booking') AS w,
         coalesce(CAST(handled_at AS DATE) = CAST(received_at AS DATE), false) AS hit
  FROM phone_calls),
asm AS (
  SELECT assessed_on AS d, unit_id, reason <> 'other' AND listed_at_unit AND NOT patient_chosen_wait AS w,
         assessed_on - first_contact_date <= 3 AS hit
  FROM assessments),
-- Every chat is kept (coverage counts them all); the median takes those with a reply
-- (the indicator's filter `first_reply_at is not null`), hence LEFT JOIN for b.
ch AS (
  SELECT CAST(c.started_at AS DATE) AS d, c.unit_id, c.first_reply_at IS NOT NULL AS w,
         ((CAST(extract(epoch FROM c.first_reply_at) AS DOUBLE PRECISION)
             - CASE WHEN c.first_reply_at >= b.s AND c.first_reply_at < b.e THEN 7200 ELSE 3600 END)
          - (CAST(extract(epoch FROM c.started_at) AS DOUBLE PRECISION)
             - CASE WHEN c.started_at >= a.s AND c.started_at < a.e THEN 7200 ELSE 3600 END)) / 60.0 AS x
  FROM chats c
  JOIN dst a ON a.y = CAST(extract(year FROM c.started_at) AS INTEGER)
  LEFT JOIN dst b ON b.y = CAST(extract(year FROM c.first_reply_at) AS INTEGER)),
horizon AS (SELECT max(performed_date) AS h FROM dental_exams),
de AS (
  SELECT planned_date AS d, unit_id,
         patient_age >= 24 AND CAST(date_trunc('month', planned_date) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) <= h AS w,
         coalesce(performed_date <= CAST(date_trunc('month', planned_date) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE), false) AS hit
  FROM dental_exams, horizon),
-- Months in which each table has rows at all (by its placing column, in 2022–2024).
coverage AS (
  SELECT 'phone_calls' AS tbl, min(d) AS f, max(d) AS t FROM ph WHERE d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'
  UNION ALL SELECT 'assessments', min(d), max(d) FROM asm WHERE d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'
  UNION ALL SELECT 'chats', min(d), max(d) FROM ch WHERE d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'
  UNION ALL SELECT 'visits', min(date), max(date) FROM visits WHERE date BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'
  UNION ALL SELECT 'staff', min(month), max(month) FROM staff WHERE month BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'
  UNION ALL SELECT 'dental_exams', min(d), max(d) FROM de WHERE d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31'),
cov AS (
  SELECT tbl, CAST(extract(year FROM f) AS INTEGER) * 12 + CAST(extract(month FROM f) AS INTEGER) - 1 AS c0,
              CAST(extract(year FROM t) AS INTEGER) * 12 + CAST(extract(month FROM t) AS INTEGER) - 1 AS c1
  FROM coverage WHERE f IS NOT NULL),
-- Decomposable partials per (indicator, ancestor, month): n rows, a hits / sum, b sum.
monthly AS (
  SELECT 'phone_same_day' AS indicator, p.anc, date_trunc('month', f.d) AS d, count(*) AS n, count(*) FILTER (WHERE f.hit) AS a, 0 AS b
  FROM ph f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'assessment_3_days', p.anc, date_trunc('month', f.d), count(*), count(*) FILTER (WHERE f.hit), 0
  FROM asm f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'visits_total', p.anc, date_trunc('month', f.date), count(*), count(*) FILTER (WHERE f.form IN ('video', 'phone', 'chat')), 0
  FROM visits f JOIN place p ON p.unit_id = f.unit_id AND f.date BETWEEN p.pfrom AND p.pto
  WHERE f.date BETWEEN DATE '2022-01-01' AND DATE '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'sick_leave', p.anc, f.month, count(f.ordinary_hours), sum(f.sick_hours), sum(f.ordinary_hours)
  FROM staff f JOIN place p ON p.unit_id = f.unit_id AND f.month BETWEEN p.pfrom AND p.pto
  WHERE f.month BETWEEN DATE '2022-01-01' AND DATE '2024-12-31' GROUP BY 2, 3
  UNION ALL
  SELECT 'dental_on_time_adults', p.anc, date_trunc('month', f.d), count(*), count(*) FILTER (WHERE f.hit), 0
  FROM de f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  WHERE f.w AND f.d BETWEEN DATE '2022-01-01' AND DATE '2024-12-31' GROUP BY 2, 3),
monthly_m AS (
  SELECT indicator, anc, CAST(extract(year FROM d) AS INTEGER) * 12 + CAST(extract(month FROM d) AS INTEGER) - 1 AS mi, n, a, b
  FROM monthly),
decomposable AS (
  SELECT m.indicator, m.anc AS unit_id, p.period, sum(m.n) AS n, sum(m.a) AS a, sum(m.b) AS b,
         CAST(NULL AS DOUBLE PRECISION) AS med
  FROM monthly_m m JOIN periods p ON m.mi BETWEEN p.m0 AND p.m1 GROUP BY m.indicator, m.anc, p.period),
medians AS (
  SELECT 'chat_median_wait' AS indicator, p.anc AS unit_id, pr.period, count(*) AS n, 0 AS a, 0 AS b,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY f.x) AS med
  FROM ch f JOIN place p ON p.unit_id = f.unit_id AND f.d BETWEEN p.pfrom AND p.pto
  JOIN periods pr ON f.d BETWEEN pr.first_day AND pr.last_day
  WHERE f.w AND f.x IS NOT NULL GROUP BY p.anc, pr.period),
aggs AS (
  SELECT indicator, unit_id, period, n, a, b, med FROM decomposable WHERE indicator <> 'visits_total'
  UNION ALL SELECT 'distance_share', unit_id, period, n, a, b, med FROM decomposable WHERE indicator = 'visits_total'
  UNION ALL SELECT indicator, unit_id, period, n, a, b, med FROM decomposable WHERE indicator = 'visits_total'
  UNION ALL SELECT indicator, unit_id, period, n, a, b, med FROM medians),
-- min_n: indicators.toml's min_n (a value with n below it is suppressed, as nara's
-- scorecard does: follow::Judge, the value is not shown).
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
            WHEN i.kind = 'count' THEN CAST(coalesce(g.n, 0) AS DOUBLE PRECISION)
            WHEN i.kind = 'share' THEN CASE WHEN g.n > 0 THEN 100.0 * CAST(g.a AS DOUBLE PRECISION) / g.n END
            WHEN i.kind = 'median' THEN g.med
            WHEN i.kind = 'ratio' THEN CASE WHEN coalesce(g.b, 0) <> 0 THEN 100.0 * CAST(g.a AS DOUBLE PRECISION) / g.b END
       END AS value
FROM indicators i CROSS JOIN unit_periods up
LEFT JOIN cov c ON c.tbl = i.tbl
LEFT JOIN aggs g ON g.indicator = i.indicator AND g.unit_id = up.unit_id AND g.period = up.period;
