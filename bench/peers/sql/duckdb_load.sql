-- DuckDB: the extract's CSV files → typed tables, ready to query.
-- @DATA@ is replaced by the extract folder. Booleans are read as the contract allows
-- (1/0, true/false, ja/nej, yes/no, any case); date-times stay Swedish wall-clock
-- TIMESTAMPs (the compute step applies the Swedish time rules).
SET threads = 2;
CREATE OR REPLACE TABLE units AS
SELECT unit_id, name, nullif(parent_id, '') AS parent_id, kind, ownership,
       CAST(valid_from AS DATE) AS valid_from, CAST(nullif(valid_to, '') AS DATE) AS valid_to
FROM read_csv('@DATA@/units.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE phone_calls AS
SELECT call_id, unit_id, CAST(received_at AS TIMESTAMP) AS received_at,
       lower(in_opening_hours) IN ('1', 'true', 'ja', 'yes') AS in_opening_hours, topic,
       CAST(handled_at AS TIMESTAMP) AS handled_at, handled_by
FROM read_csv('@DATA@/phone_calls.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE assessments AS
SELECT contact_id, unit_id, patient_key, CAST(first_contact_date AS DATE) AS first_contact_date,
       CAST(assessed_on AS DATE) AS assessed_on, staff_group, form, reason,
       lower(patient_chosen_wait) IN ('1', 'true', 'ja', 'yes') AS patient_chosen_wait,
       lower(listed_at_unit) IN ('1', 'true', 'ja', 'yes') AS listed_at_unit
FROM read_csv('@DATA@/assessments.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE chats AS
SELECT chat_id, unit_id, CAST(started_at AS TIMESTAMP) AS started_at,
       CAST(first_reply_at AS TIMESTAMP) AS first_reply_at, kind, CAST(ended_at AS TIMESTAMP) AS ended_at
FROM read_csv('@DATA@/chats.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE visits AS
SELECT visit_id, unit_id, patient_key, CAST(date AS DATE) AS date, form, staff_group,
       CAST(patient_age AS INTEGER) AS patient_age, patient_sex,
       lower(lifestyle_talk) IN ('1', 'true', 'ja', 'yes') AS lifestyle_talk,
       lower(medication_review) IN ('1', 'true', 'ja', 'yes') AS medication_review,
       CAST(drug_count AS INTEGER) AS drug_count
FROM read_csv('@DATA@/visits.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE staff AS
SELECT employee_key, unit_id, CAST(month || '-01' AS DATE) AS month, profession, employment, sex,
       CAST(birth_year AS INTEGER) AS birth_year, CAST(ordinary_hours AS DOUBLE) AS ordinary_hours,
       CAST(sick_hours AS DOUBLE) AS sick_hours,
       lower(hired) IN ('1', 'true', 'ja', 'yes') AS hired, lower("left") IN ('1', 'true', 'ja', 'yes') AS "left",
       leave_reason
FROM read_csv('@DATA@/staff.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE dental_exams AS
SELECT exam_id, unit_id, patient_key, CAST(patient_age AS INTEGER) AS patient_age,
       CAST(planned_date AS DATE) AS planned_date, CAST(performed_date AS DATE) AS performed_date, risk_group,
       lower(treatment_plan) IN ('1', 'true', 'ja', 'yes') AS treatment_plan,
       lower(frisktandvard) IN ('1', 'true', 'ja', 'yes') AS frisktandvard
FROM read_csv('@DATA@/dental_exams.csv', header = true, all_varchar = true);
