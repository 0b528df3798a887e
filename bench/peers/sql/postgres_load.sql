-- PostgreSQL 15: the extract's CSV files → typed (unlogged, as DHIS2's analytics
-- tables are) tables, ready to query. The runner replaces @DATA@ by the extract folder
-- and @COLUMNS:t@ by the column list of t.csv's header (the contract lets columns come
-- in any order). Booleans as the contract allows; date-times stay wall-clock TIMESTAMPs.
DROP TABLE IF EXISTS figures;
DROP TABLE IF EXISTS units_csv;
DROP TABLE IF EXISTS units;
CREATE UNLOGGED TABLE units_csv (@COLUMNS:units@);
COPY units_csv FROM '@DATA@/units.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE units AS SELECT unit_id, name, nullif(parent_id, '') AS parent_id, kind, ownership, CAST(valid_from AS DATE) AS valid_from, CAST(nullif(valid_to, '') AS DATE) AS valid_to FROM units_csv;
DROP TABLE units_csv;
DROP TABLE IF EXISTS phone_calls_csv;
DROP TABLE IF EXISTS phone_calls;
CREATE UNLOGGED TABLE phone_calls_csv (@COLUMNS:phone_calls@);
COPY phone_calls_csv FROM '@DATA@/phone_calls.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE phone_calls AS SELECT call_id, unit_id, CAST(received_at AS TIMESTAMP) AS received_at, lower(in_opening_hours) IN ('1', 'true', 'ja', 'yes') AS in_opening_hours, topic, CAST(handled_at AS TIMESTAMP) AS handled_at, handled_by FROM phone_calls_csv;
DROP TABLE phone_calls_csv;
DROP TABLE IF EXISTS assessments_csv;
DROP TABLE IF EXISTS assessments;
CREATE UNLOGGED TABLE assessments_csv (@COLUMNS:assessments@);
COPY assessments_csv FROM '@DATA@/assessments.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE assessments AS SELECT contact_id, unit_id, patient_key, CAST(first_contact_date AS DATE) AS first_contact_date, CAST(assessed_on AS DATE) AS assessed_on, staff_group, form, reason, lower(patient_chosen_wait) IN ('1', 'true', 'ja', 'yes') AS patient_chosen_wait, lower(listed_at_unit) IN ('1', 'true', 'ja', 'yes') AS listed_at_unit FROM assessments_csv;
DROP TABLE assessments_csv;
DROP TABLE IF EXISTS chats_csv;
DROP TABLE IF EXISTS chats;
CREATE UNLOGGED TABLE chats_csv (@COLUMNS:chats@);
COPY chats_csv FROM '@DATA@/chats.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE chats AS SELECT chat_id, unit_id, CAST(started_at AS TIMESTAMP) AS started_at, CAST(first_reply_at AS TIMESTAMP) AS first_reply_at, kind, CAST(ended_at AS TIMESTAMP) AS ended_at FROM chats_csv;
DROP TABLE chats_csv;
DROP TABLE IF EXISTS visits_csv;
DROP TABLE IF EXISTS visits;
CREATE UNLOGGED TABLE visits_csv (@COLUMNS:visits@);
COPY visits_csv FROM '@DATA@/visits.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE visits AS SELECT visit_id, unit_id, patient_key, CAST(date AS DATE) AS date, form, staff_group, CAST(patient_age AS INTEGER) AS patient_age, patient_sex, lower(lifestyle_talk) IN ('1', 'true', 'ja', 'yes') AS lifestyle_talk, lower(medication_review) IN ('1', 'true', 'ja', 'yes') AS medication_review, CAST(drug_count AS INTEGER) AS drug_count FROM visits_csv;
DROP TABLE visits_csv;
DROP TABLE IF EXISTS staff_csv;
DROP TABLE IF EXISTS staff;
CREATE UNLOGGED TABLE staff_csv (@COLUMNS:staff@);
COPY staff_csv FROM '@DATA@/staff.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE staff AS SELECT employee_key, unit_id, CAST(month || '-01' AS DATE) AS month, profession, employment, sex, CAST(birth_year AS INTEGER) AS birth_year, CAST(ordinary_hours AS DOUBLE PRECISION) AS ordinary_hours, CAST(sick_hours AS DOUBLE PRECISION) AS sick_hours, lower(hired) IN ('1', 'true', 'ja', 'yes') AS hired, lower("left") IN ('1', 'true', 'ja', 'yes') AS "left", leave_reason FROM staff_csv;
DROP TABLE staff_csv;
DROP TABLE IF EXISTS dental_exams_csv;
DROP TABLE IF EXISTS dental_exams;
CREATE UNLOGGED TABLE dental_exams_csv (@COLUMNS:dental_exams@);
COPY dental_exams_csv FROM '@DATA@/dental_exams.csv' WITH (FORMAT csv, HEADER true);
CREATE UNLOGGED TABLE dental_exams AS SELECT exam_id, unit_id, patient_key, CAST(patient_age AS INTEGER) AS patient_age, CAST(planned_date AS DATE) AS planned_date, CAST(performed_date AS DATE) AS performed_date, risk_group, lower(treatment_plan) IN ('1', 'true', 'ja', 'yes') AS treatment_plan, lower(frisktandvard) IN ('1', 'true', 'ja', 'yes') AS frisktandvard FROM dental_exams_csv;
DROP TABLE dental_exams_csv;
ANALYZE;
