-- SQLite 3: the extract's CSV files → typed tables, ready to query. The runner replaces
-- @DATA@ by the extract folder. .import creates a text staging table from the file's
-- header; the typed table takes the contract's columns by name. Dates and date-times
-- are ISO text (SQLite's date functions read them; ISO text sorts as time does),
-- booleans 0/1, numbers INTEGER/REAL.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
.mode csv
DROP TABLE IF EXISTS units_csv;
.import @DATA@/units.csv units_csv
CREATE TABLE units AS SELECT unit_id, name, nullif(parent_id, '') AS parent_id, kind, ownership, valid_from AS valid_from, nullif(valid_to, '') AS valid_to FROM units_csv;
DROP TABLE units_csv;
DROP TABLE IF EXISTS phone_calls_csv;
.import @DATA@/phone_calls.csv phone_calls_csv
CREATE TABLE phone_calls AS SELECT call_id, unit_id, datetime(nullif(received_at, '')) AS received_at, lower(in_opening_hours) IN ('1', 'true', 'ja', 'yes') AS in_opening_hours, topic, datetime(nullif(handled_at, '')) AS handled_at, handled_by FROM phone_calls_csv;
DROP TABLE phone_calls_csv;
DROP TABLE IF EXISTS assessments_csv;
.import @DATA@/assessments.csv assessments_csv
CREATE TABLE assessments AS SELECT contact_id, unit_id, patient_key, nullif(first_contact_date, '') AS first_contact_date, nullif(assessed_on, '') AS assessed_on, staff_group, form, reason, lower(patient_chosen_wait) IN ('1', 'true', 'ja', 'yes') AS patient_chosen_wait, lower(listed_at_unit) IN ('1', 'true', 'ja', 'yes') AS listed_at_unit FROM assessments_csv;
DROP TABLE assessments_csv;
DROP TABLE IF EXISTS chats_csv;
.import @DATA@/chats.csv chats_csv
CREATE TABLE chats AS SELECT chat_id, unit_id, datetime(nullif(started_at, '')) AS started_at, datetime(nullif(first_reply_at, '')) AS first_reply_at, kind, datetime(nullif(ended_at, '')) AS ended_at FROM chats_csv;
DROP TABLE chats_csv;
DROP TABLE IF EXISTS visits_csv;
.import @DATA@/visits.csv visits_csv
CREATE TABLE visits AS SELECT visit_id, unit_id, patient_key, nullif(date, '') AS date, form, staff_group, CAST(nullif(patient_age, '') AS INTEGER) AS patient_age, patient_sex, lower(lifestyle_talk) IN ('1', 'true', 'ja', 'yes') AS lifestyle_talk, lower(medication_review) IN ('1', 'true', 'ja', 'yes') AS medication_review, CAST(nullif(drug_count, '') AS INTEGER) AS drug_count FROM visits_csv;
DROP TABLE visits_csv;
DROP TABLE IF EXISTS staff_csv;
.import @DATA@/staff.csv staff_csv
CREATE TABLE staff AS SELECT employee_key, unit_id, month || '-01' AS month, profession, employment, sex, CAST(nullif(birth_year, '') AS INTEGER) AS birth_year, CAST(nullif(ordinary_hours, '') AS REAL) AS ordinary_hours, CAST(nullif(sick_hours, '') AS REAL) AS sick_hours, lower(hired) IN ('1', 'true', 'ja', 'yes') AS hired, lower("left") IN ('1', 'true', 'ja', 'yes') AS "left", leave_reason FROM staff_csv;
DROP TABLE staff_csv;
DROP TABLE IF EXISTS dental_exams_csv;
.import @DATA@/dental_exams.csv dental_exams_csv
CREATE TABLE dental_exams AS SELECT exam_id, unit_id, patient_key, CAST(nullif(patient_age, '') AS INTEGER) AS patient_age, nullif(planned_date, '') AS planned_date, nullif(performed_date, '') AS performed_date, risk_group, lower(treatment_plan) IN ('1', 'true', 'ja', 'yes') AS treatment_plan, lower(frisktandvard) IN ('1', 'true', 'ja', 'yes') AS frisktandvard FROM dental_exams_csv;
DROP TABLE dental_exams_csv;
