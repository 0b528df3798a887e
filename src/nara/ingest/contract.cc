#include "nara/ingest/contract.h"

namespace nara::ingest {
namespace {

using engine::ColumnSchema;
using engine::ColumnType;
using engine::TableSchema;

struct Col {
  ColumnSchema c;
  Col(const char* name, ColumnType type) {
    c.name = name;
    c.type = type;
  }
  Col& Null() { return c.nullable = true, *this; }
  Col& Values(std::vector<std::string> v) { return c.type = ColumnType::kEnum, c.enum_values = std::move(v), *this; }
  Col& Range(double lo, double hi) { return c.min = lo, c.max = hi, *this; }
  Col& Id() { return c.stored = false, *this; }
  Col& Pseudonym() { return c.pseudonym = true, *this; }
  operator ColumnSchema() const { return c; }  // NOLINT
};

Col Text(const char* n) { return Col(n, ColumnType::kText); }
Col Unit() { return Col("unit_id", ColumnType::kUnit); }
Col Date(const char* n) { return Col(n, ColumnType::kDate); }
Col MonthCol(const char* n) { return Col(n, ColumnType::kMonth); }
Col Year(const char* n) { return Col(n, ColumnType::kYear).Range(1900, 2100); }
Col Time(const char* n) { return Col(n, ColumnType::kInstant); }
Col Bool(const char* n) { return Col(n, ColumnType::kBool); }
Col Count(const char* n) { return Col(n, ColumnType::kInt).Range(0, 1e15); }
Col Real(const char* n) { return Col(n, ColumnType::kReal); }
Col Enum(const char* n, std::vector<std::string> v) { return Col(n, ColumnType::kEnum).Values(std::move(v)); }
Col Sex(const char* n) { return Enum(n, {"F", "M"}); }

TableSchema Table(const char* name, std::vector<ColumnSchema> columns, std::vector<std::string> key,
                  const char* date_column) {
  TableSchema t;
  t.name = name;
  t.columns = std::move(columns);
  t.key = std::move(key);
  t.date_column = date_column;
  return t;
}

std::vector<TableSchema> Build() {
  const std::vector<std::string> kStaffGroups = {"doctor",    "nurse",     "district_nurse", "physiotherapist",
                                                 "occupational_therapist", "psychologist", "counsellor",
                                                 "dietitian", "other"};
  const std::vector<std::string> kProfessions = {"doctor",         "nurse",           "district_nurse",
                                                 "dentist",        "dental_hygienist", "dental_nurse",
                                                 "medical_secretary", "physiotherapist", "psychologist", "other"};
  const std::vector<std::string> kAccounts = {
      "revenue_capitation", "revenue_fees",       "revenue_appropriation", "revenue_other",
      "cost_staff",         "cost_agency_doctor", "cost_agency_nurse",     "cost_agency_other",
      "cost_purchased_care", "cost_premises",     "cost_supplies",         "cost_other"};
  std::vector<TableSchema> t;
  t.push_back(Table("units",
                    {Text("unit_id"), Text("name"), Text("parent_id").Null(),
                     Enum("kind", {"region", "administration", "area", "health_centre", "branch", "dental_clinic",
                                   "service", "team"}),
                     Col("municipality_code", ColumnType::kInt).Null().Range(1, 9999),
                     Enum("ownership", {"public", "private"}), Date("valid_from"), Date("valid_to").Null(),
                     Real("lat").Null().Range(-90, 90), Real("lon").Null().Range(-180, 180)},
                    {"unit_id", "valid_from"}, ""));
  t.push_back(Table("population",
                    {Col("municipality_code", ColumnType::kInt).Range(1, 9999), Year("year"),
                     Col("age", ColumnType::kInt).Range(0, 100), Sex("sex"), Enum("kind", {"actual", "forecast"}),
                     Count("count")},
                    {"municipality_code", "year", "age", "sex", "kind"}, ""));
  t.push_back(Table("listings", {Unit(), Date("date"), Count("listed"), Real("care_points").Null().Range(0, 1e15)},
                    {"unit_id", "date"}, "date"));
  t.push_back(Table("phone_calls",
                    {Text("call_id").Id(), Unit(), Time("received_at"), Bool("in_opening_hours"),
                     Enum("topic", {"advice", "booking", "other"}), Time("handled_at").Null(),
                     Enum("handled_by", {"answer", "callback"}).Null()},
                    {"call_id"}, "received_at"));
  t.push_back(Table("assessments",
                    {Text("contact_id").Id(), Unit(), Text("patient_key").Pseudonym(), Date("first_contact_date"),
                     Date("assessed_on").Null(), Enum("staff_group", kStaffGroups),
                     Enum("form", {"clinic", "home", "video", "chat", "phone", "letter"}),
                     Enum("reason", {"new_problem", "worsening", "failed_treatment", "other"}),
                     Bool("patient_chosen_wait"), Bool("listed_at_unit")},
                    {"contact_id"}, "first_contact_date"));
  t.push_back(Table("visits",
                    {Text("visit_id").Id(), Unit(), Text("patient_key").Pseudonym(), Date("date"),
                     Enum("form", {"clinic", "home", "video", "phone", "chat"}), Enum("staff_group", kStaffGroups),
                     Col("patient_age", ColumnType::kInt).Range(0, 130), Sex("patient_sex").Null(),
                     Bool("lifestyle_talk"), Bool("medication_review"), Count("drug_count").Null()},
                    {"visit_id"}, "date"));
  t.push_back(Table("chats",
                    {Text("chat_id").Id(), Unit(), Time("started_at"), Time("first_reply_at").Null(),
                     Enum("kind", {"chat", "video"}), Time("ended_at").Null()},
                    {"chat_id"}, "started_at"));
  t.push_back(Table("bookings",
                    {Text("booking_id").Id(), Unit(), Time("at"), Enum("action", {"book", "cancel", "rebook"}),
                     Enum("channel", {"web", "phone", "desk", "staff"})},
                    {"booking_id"}, "at"));
  t.push_back(Table("dental_exams",
                    {Text("exam_id").Id(), Unit(), Text("patient_key").Pseudonym(),
                     Col("patient_age", ColumnType::kInt).Range(0, 130), Date("planned_date"),
                     Date("performed_date").Null(), Enum("risk_group", {"green", "yellow", "red"}).Null(),
                     Bool("treatment_plan"), Bool("frisktandvard")},
                    {"exam_id"}, "planned_date"));
  t.push_back(Table("ortho_cases",
                    {Text("case_id").Id(), Unit(), Text("patient_key").Pseudonym(), Date("referred_on"),
                     Date("treatment_started_on").Null()},
                    {"case_id"}, "referred_on"));
  t.push_back(Table("referrals",
                    {Text("referral_id").Id(), Unit(), Date("sent_on"), Bool("svf"), Bool("correctly_labelled")},
                    {"referral_id"}, "sent_on"));
  t.push_back(Table("record_reviews", {Unit(), MonthCol("month"), Count("planned"), Count("performed")},
                    {"unit_id", "month"}, "month"));
  t.push_back(Table("vaccinations",
                    {Unit(), Date("date"), Enum("vaccine", {"covid19", "influenza", "other"}), Count("doses")},
                    {"unit_id", "date", "vaccine"}, "date"));
  t.push_back(Table("staff",
                    {Text("employee_key").Pseudonym(), Unit(), MonthCol("month"), Enum("profession", kProfessions),
                     Enum("employment", {"permanent", "temporary"}), Sex("sex"), Year("birth_year"),
                     Real("ordinary_hours").Range(0, 1e6), Real("sick_hours").Range(0, 1e6), Bool("hired"),
                     Bool("left"),
                     Enum("leave_reason", {"voluntary", "retirement", "dismissal", "end_of_contract"}).Null()},
                    {"employee_key", "month"}, "month"));
  t.push_back(Table("surveys",
                    {Unit(), Year("year"), Enum("index", {"hme", "osa", "hse", "npe_access", "npe_overall"}),
                     Real("value").Range(0, 100), Count("respondents")},
                    {"unit_id", "year", "index"}, "year"));
  t.push_back(Table("ledger",
                    {Unit(), MonthCol("month"), Enum("account", kAccounts), Enum("scenario", {"budget", "actual"}),
                     Real("amount_sek").Range(0, 1e15)},
                    {"unit_id", "month", "account", "scenario"}, "month"));
  t.push_back(Table("forecasts", {Unit(), MonthCol("made_in"), Year("year"), Real("result_sek")},
                    {"unit_id", "made_in"}, "made_in"));
  // v1.1: the children's dental capitation by caries risk (seed 002 §5.1) and the
  // clinical time of Folktandvården (seed 004, slide 20).
  t.push_back(Table("caries_risk",
                    {Text("deso"), Col("municipality_code", ColumnType::kInt).Range(1, 9999), Year("year"),
                     Real("relative_risk").Range(0, 100)},
                    {"deso", "year"}, "year"));
  t.push_back(Table("dental_children", {Unit(), MonthCol("month"), Text("deso"), Count("children")},
                    {"unit_id", "month", "deso"}, "month"));
  t.push_back(Table("clinical_time",
                    {Unit(), MonthCol("month"), Enum("profession", {"dentist", "dental_hygienist"}),
                     Real("budgeted_hours").Range(0, 1e6), Real("clinical_hours").Range(0, 1e6)},
                    {"unit_id", "month", "profession"}, "month"));
  return t;
}

}  // namespace

const std::vector<engine::TableSchema>& ContractTables() {
  static const std::vector<engine::TableSchema> kTables = Build();
  return kTables;
}

std::string_view ContractTableSince(std::string_view name) {
  for (std::string_view added : {"caries_risk", "dental_children", "clinical_time"}) {
    if (name == added) return "1.1";
  }
  return "1.0";
}

const engine::TableSchema* FindContractTable(std::string_view name) {
  for (const engine::TableSchema& t : ContractTables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace nara::ingest
