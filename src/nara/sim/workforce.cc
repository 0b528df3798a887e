// Staff rosters and the economy of the region's own units.
#include <algorithm>
#include <cmath>

#include "nara/sim/calendar.h"
#include "nara/sim/units.h"

namespace nara::sim {

const std::array<TableSpec, kTableCount> kTables = {{
    {"units", "unit_id,name,parent_id,kind,municipality_code,ownership,valid_from,valid_to,lat,lon"},
    {"population", "municipality_code,year,age,sex,kind,count"},
    {"listings", "unit_id,date,listed,care_points"},
    {"phone_calls", "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by"},
    {"assessments",
     "contact_id,unit_id,patient_key,first_contact_date,assessed_on,staff_group,form,reason,patient_chosen_"
     "wait,"
     "listed_at_unit"},
    {"visits",
     "visit_id,unit_id,patient_key,date,form,staff_group,patient_age,patient_sex,lifestyle_talk,medication_"
     "review,"
     "drug_count"},
    {"chats", "chat_id,unit_id,started_at,first_reply_at,kind,ended_at"},
    {"bookings", "booking_id,unit_id,at,action,channel"},
    {"dental_exams",
     "exam_id,unit_id,patient_key,patient_age,planned_date,performed_date,risk_group,treatment_plan,"
     "frisktandvard"},
    {"ortho_cases", "case_id,unit_id,patient_key,referred_on,treatment_started_on"},
    {"referrals", "referral_id,unit_id,sent_on,svf,correctly_labelled"},
    {"record_reviews", "unit_id,month,planned,performed"},
    {"vaccinations", "unit_id,date,vaccine,doses"},
    {"staff",
     "employee_key,unit_id,month,profession,employment,sex,birth_year,ordinary_hours,sick_hours,hired,left,"
     "leave_reason"},
    {"surveys", "unit_id,year,index,value,respondents"},
    {"ledger", "unit_id,month,account,scenario,amount_sek"},
    {"forecasts", "unit_id,made_in,year,result_sek"},
    {"caries_risk", "deso,municipality_code,year,relative_risk"},
    {"dental_children", "unit_id,month,deso,children"},
    {"clinical_time", "unit_id,month,profession,budgeted_hours,clinical_hours"},
}};

int WorkingDays(Month month) {
  int n = 0;
  for (Days d = FirstDayOfMonth(month); d <= LastDayOfMonth(month); ++d) n += IsWorkingDay(d) ? 1 : 0;
  return n;
}

int WorkingDaysInYear(int year) {
  int n = 0;
  for (int m = 1; m <= 12; ++m) n += WorkingDays(MakeMonth(year, m));
  return n;
}

namespace {

constexpr std::string_view kProfessionName[kProfessions] = {
    "doctor",           "nurse",        "district_nurse",    "dentist",
    "dental_hygienist", "dental_nurse", "medical_secretary", "physiotherapist",
    "psychologist",     "other"};
// Monthly salary 2022 (kr), rising 3 % a year; employer's contributions on top.
constexpr double kSalary2022[kProfessions] = {85000, 42000, 47000, 62000, 40000,
                                              31000, 32000, 38000, 45000, 32000};
constexpr double kFemaleShare[kProfessions] = {0.55, 0.9, 0.92, 0.6, 0.95, 0.95, 0.9, 0.7, 0.75, 0.7};
constexpr double kEmployerFees = 1.45;
// Share of an absence beyond plan that reaches access capacity (see RunMonth).
constexpr double kAccessShare = 0.33;
// Agency cost per covered full-time month (kr, 2022).
constexpr double kAgencyDoctor = 195000, kAgencyNurse = 105000, kAgencyOther = 90000;

bool Clinical(Profession p) {
  return p != Profession::kMedicalSecretary && p != Profession::kOther && p != Profession::kDentalNurse;
}

double SalaryIndex(int year) {
  double f = 1;
  for (int y = 2022; y < year; ++y) f *= 1.03;
  for (int y = year; y < 2022; ++y) f /= 1.03;
  return f;
}

// Clinical time (Folktandvården, seed 004 slide 20): the share of a dentist's or dental
// hygienist's working hours planned in the chair (the rest: administration, meetings,
// training), the sick leave the budget expects, and how much of a new hire's clinical
// time their first three months give (and how much of it a colleague spends
// supervising them).
constexpr double kClinicalShare = 0.75, kExpectedSick = 0.045;
constexpr double kNewHireClinical = 0.7, kSupervision = 0.1;

// Index into the clinical-time accumulators, or -1 for professions without chair time.
int ChairIndex(Profession p) {
  return p == Profession::kDentist ? 0 : p == Profession::kDentalHygienist ? 1 : -1;
}

// The month's working hours left by vacations, as a share (the dental clinics' capacity
// follows the same vacations).
double VacationFactor(Month month) {
  double sum = 0;
  int days = 0;
  for (Days d = FirstDayOfMonth(month); d <= LastDayOfMonth(month); ++d) {
    if (!IsWorkingDay(d)) continue;
    sum += 1.0 - 0.85 * VacationShare(d);
    ++days;
  }
  return days > 0 ? sum / days : 1.0;
}

// Short sick-leave episodes by month: more in winter.
double SickSeason(int month) {
  static constexpr double kF[13] = {0, 1.35, 1.35, 1.15, 0.95, 0.85, 0.7, 0.55, 0.75, 1.0, 1.1, 1.2, 1.25};
  return kF[month];
}

}  // namespace

Workforce::Workforce(const Region& region, const UnitInfo& unit,
                     const std::array<double, kProfessions>& positions, bool write)
    : region_(region), unit_(unit), write_(write), rng_(region.seed, "staff/" + unit.id) {
  // The roster is filled a year before the first simulated month and then lives
  // through that year (leavers, vacancies, hires) without writing rows, so the run
  // starts in the staffing of a steady state, not fully staffed.
  const Month start = MakeMonth(region.first_year, 1);
  const Month warm = start - 12;
  for (int p = 0; p < kProfessions; ++p) {
    double remaining = positions[static_cast<size_t>(p)];
    while (remaining > 0.05) {
      Position pos;
      pos.profession = static_cast<Profession>(p);
      pos.fte = rng_.Bernoulli(0.25) ? 0.75 + 0.05 * static_cast<double>(rng_.Below(5)) : 1.0;
      if (pos.fte > remaining) pos.fte = std::max(0.1, std::floor(remaining * 20 + 0.5) / 20);
      remaining -= pos.fte;
      Hire(&pos, warm - 1 - static_cast<Month>(rng_.Below(240)));
      if (!pos.permanent) pos.contract_end = warm + static_cast<Month>(rng_.Below(12));
      positions_.push_back(pos);
    }
  }
  Output scratch(&region.dates);
  write_ = false;
  for (Month m = warm; m < start; ++m) RunMonth(m, &scratch);
  write_ = write;
}

void Workforce::Hire(Position* p, Month month) {
  const int year = YearOf(month);
  p->filled = true;
  p->serial = next_serial_++;
  p->permanent = !rng_.Bernoulli(p->profession == Profession::kDoctor ? 0.2 : 0.12);
  p->female = rng_.Bernoulli(kFemaleShare[static_cast<int>(p->profession)]);
  p->birth_year = year - static_cast<int>(rng_.Between(p->profession == Profession::kDoctor ? 29 : 23, 62));
  p->hired = month;
  p->contract_end = p->permanent ? 0 : month + static_cast<Month>(rng_.Between(3, 12));
  p->long_sick_months = 0;
}

double Workforce::CoverVacancy(const Position& p, int year) {
  if (!rng_.Bernoulli(region_.AgencyCover(year))) return 0;
  const double agency = p.fte * SalaryIndex(year);
  if (p.profession == Profession::kDoctor) {
    agency_doctor_ += kAgencyDoctor * agency;
  } else if (p.profession == Profession::kNurse || p.profession == Profession::kDistrictNurse) {
    agency_nurse_ += kAgencyNurse * agency;
  } else if (p.profession == Profession::kDentist) {
    agency_other_ += kAgencyOther * agency;
  } else {
    return 0;
  }
  return p.fte;
}

double Workforce::SickHours(Position* p, double ordinary, Month month, Output* out) {
  double sick = 0;
  if (p->long_sick_months > 0) {
    sick += ordinary * p->long_sick_share;
    --p->long_sick_months;
  } else if (rng_.Bernoulli(0.0045)) {
    p->long_sick_months = static_cast<int>(rng_.Between(0, 5));
    p->long_sick_share = rng_.Bernoulli(0.5) ? 1.0 : 0.5;
    sick += ordinary * p->long_sick_share;
    ++out->events;
  }
  const int64_t episodes = rng_.Poisson(0.25 * SickSeason(MonthOf(month)));
  out->events += static_cast<uint64_t>(episodes);
  for (int64_t e = 0; e < episodes; ++e) sick += static_cast<double>(rng_.Between(1, 5)) * 8.0 * p->fte;
  return std::min(sick, ordinary);
}

const char* Workforce::LeavingReason(const Position& p, int year, Month month, double monthly_turnover) {
  const int age = year - p.birth_year;
  if (p.permanent) {
    if (age >= 65 && rng_.Bernoulli(0.25)) return "retirement";
    if (age >= 61 && rng_.Bernoulli(0.015)) return "retirement";
    if (rng_.Bernoulli(monthly_turnover)) return rng_.Bernoulli(0.04) ? "dismissal" : "voluntary";
    return nullptr;
  }
  if (month >= p.contract_end) return "end_of_contract";
  if (rng_.Bernoulli(monthly_turnover * 1.5)) return "voluntary";
  return nullptr;
}

void Workforce::WriteStaffRow(const Position& p, Month month, double ordinary, double sick, const char* reason,
                              Output* out) {
  if (!write_) return;
  RowBuffer& rows = (*out)[kStaffTable];
  rows.Text(Pseudonym('E', region_.seed, unit_.key, p.serial))
      .Text(unit_.id)
      .MonthText(month)
      .Text(kProfessionName[static_cast<int>(p.profession)])
      .Text(p.permanent ? "permanent" : "temporary")
      .Text(p.female ? std::string_view("F") : std::string_view("M"))
      .Int(p.birth_year)
      .Fixed(ordinary, 1)
      .Fixed(sick, 1)
      .Bool(p.hired == month)
      .Bool(reason != nullptr);
  if (reason != nullptr) {
    rows.Text(reason);
  } else {
    rows.Null();
  }
  rows.End();
}

void Workforce::RunMonth(Month month, Output* out) {
  const int year = YearOf(month);
  const int working_days = WorkingDays(month);
  const double salary_index = SalaryIndex(year) * kEmployerFees;
  const double monthly_turnover = region_.cal.Turnover(year) / 12.0;
  staff_cost_ = planned_staff_cost_ = agency_doctor_ = agency_nurse_ = agency_other_ = 0;
  headcount_ = 0;
  double planned = 0, present = 0, planned_clinical = 0, present_clinical = 0;
  const bool january = MonthOf(month) == 1;
  const double chair_hours = working_days * 8.0 * kClinicalShare * VacationFactor(month);
  if (january) january_fte_ = {};
  clinical_hours_ = {};
  std::array<double, 2> supervision{};
  for (Position& p : positions_) {
    const double salary = kSalary2022[static_cast<int>(p.profession)] * salary_index * p.fte;
    planned += p.fte;
    planned_staff_cost_ += salary;
    if (Clinical(p.profession)) planned_clinical += p.fte;
    if (!p.filled && month >= p.vacant_until) {
      Hire(&p, month);
      ++out->events;
    }
    if (!p.filled) {
      // A vacancy: doctors and nurses partly covered by agency staff.
      const double covered = CoverVacancy(p, year);
      present += covered;
      if (Clinical(p.profession)) present_clinical += covered;
      if (const int chair = ChairIndex(p.profession); chair >= 0)
        clinical_hours_[static_cast<size_t>(chair)] += covered * chair_hours;
      continue;
    }
    ++headcount_;
    const double ordinary = p.fte * working_days * 8.0;
    const double sick = SickHours(&p, ordinary, month, out);
    if (const int chair = ChairIndex(p.profession); chair >= 0) {
      const auto k = static_cast<size_t>(chair);
      if (january) january_fte_[k] += p.fte;
      const double worked = ordinary > 0 ? p.fte * (1.0 - sick / ordinary) * chair_hours : 0;
      const bool new_hire = month - p.hired < 3;
      clinical_hours_[k] += new_hire ? kNewHireClinical * worked : worked;
      if (new_hire) supervision[k] += kSupervision * p.fte * chair_hours;
    }
    const double at_work = p.fte * (ordinary > 0 ? 1.0 - sick / ordinary : 1.0);
    present += at_work;
    if (Clinical(p.profession)) present_clinical += at_work;
    staff_cost_ += salary;

    // Leaving at the end of the month.
    const char* reason = LeavingReason(p, year, month, monthly_turnover);
    WriteStaffRow(p, month, ordinary, sick, reason, out);
    if (reason != nullptr) {
      ++out->events;
      p.filled = false;
      const bool hard = p.profession == Profession::kDoctor || p.profession == Profession::kDentist;
      p.vacant_until = month + 1 + static_cast<Month>(hard ? rng_.Between(1, 4) : rng_.Between(0, 2));
      if (!p.permanent && rng_.Bernoulli(0.5)) p.vacant_until = month + 1;
    }
  }
  for (size_t k = 0; k < 2; ++k) {
    budgeted_hours_[k] = january_fte_[k] * chair_hours * (1.0 - kExpectedSick);
    clinical_hours_[k] = std::max(0.0, clinical_hours_[k] - supervision[k]);
  }
  // Planned capacity assumes the usual 5 % sick leave. Access (phone, acute
  // appointments, recalls) is protected: a unit moves staff from planned care when
  // people are missing, so access capacity moves with a third of the deviation.
  const double all = planned > 0 ? present / (planned * 0.95) : 1.0;
  const double clinical = planned_clinical > 0 ? present_clinical / (planned_clinical * 0.95) : all;
  availability_ = std::min(1.05, 1.0 + kAccessShare * (all - 1.0));
  clinical_availability_ = std::min(1.05, 1.0 + kAccessShare * (clinical - 1.0));
}

void Workforce::WriteClinicalTime(Month month, double lost_share, Output* out) const {
  if (!write_) return;
  static constexpr std::string_view kChair[2] = {"dentist", "dental_hygienist"};
  // A clinic with a handful of exam times (small scales) can miss them all.
  const double kept = 1.0 - std::clamp(lost_share, 0.0, 1.0);
  for (size_t k = 0; k < 2; ++k) {
    if (budgeted_hours_[k] <= 0 && clinical_hours_[k] <= 0) continue;
    (*out)[kClinicalTimeTable]
        .Text(unit_.id)
        .MonthText(month)
        .Text(kChair[k])
        .Fixed(budgeted_hours_[k], 1)
        .Fixed(clinical_hours_[k] * kept, 1)
        .End();
  }
}

// --------------------------------------------------------------------------- Economy

Economy::Economy(const Region& region, const UnitInfo& unit, bool appropriation_funded)
    : region_(region),
      unit_(unit),
      appropriation_(appropriation_funded),
      rng_(region.seed, "economy/" + unit.id) {}

namespace {

enum Account {
  kRevenueCapitation,
  kRevenueFees,
  kRevenueAppropriation,
  kRevenueOther,
  kCostStaff,
  kCostAgencyDoctor,
  kCostAgencyNurse,
  kCostAgencyOther,
  kCostPurchasedCare,
  kCostPremises,
  kCostSupplies,
  kCostOther,
  kAccounts,
};
constexpr const char* kAccountName[kAccounts] = {
    "revenue_capitation",  "revenue_fees",       "revenue_appropriation", "revenue_other",
    "cost_staff",          "cost_agency_doctor", "cost_agency_nurse",     "cost_agency_other",
    "cost_purchased_care", "cost_premises",      "cost_supplies",         "cost_other"};

double Result(const std::array<double, kAccounts>& a) {
  double r = 0;
  for (int i = 0; i < kAccounts; ++i)
    r += i < kCostStaff ? a[static_cast<size_t>(i)] : -a[static_cast<size_t>(i)];
  return r;
}

}  // namespace

void Economy::RunMonth(Month month, const MonthActivity& activity, const Workforce& staff, Output* out) {
  const int year = YearOf(month);
  const int index = MonthOf(month) - 1;
  const double price = region_.CapitationPrice(year);
  std::array<double, kAccounts> budget{}, actual{};
  budget[kRevenueCapitation] = activity.care_points_budget * price / 12.0 + activity.children_capitation;
  budget[kRevenueFees] = activity.fees_budget;
  budget[kCostStaff] = staff.planned_staff_cost();
  budget[kCostAgencyDoctor] = 0.004 * budget[kCostStaff];
  budget[kCostAgencyNurse] = 0.002 * budget[kCostStaff];
  budget[kCostPurchasedCare] =
      activity.care_points_budget > 0 ? 0.08 * budget[kRevenueCapitation] : 0.02 * budget[kCostStaff];
  budget[kCostPremises] = 0.12 * budget[kCostStaff];
  budget[kCostSupplies] = 0.07 * budget[kCostStaff];
  budget[kRevenueOther] =
      0.01 * (budget[kRevenueCapitation] + budget[kRevenueFees] + budget[kCostStaff] * 0.2);
  double costs = 0;
  for (int a = kCostStaff; a < kCostOther; ++a) costs += budget[static_cast<size_t>(a)];
  if (appropriation_) {
    budget[kCostOther] = 0.06 * budget[kCostStaff];
    budget[kRevenueAppropriation] = costs + budget[kCostOther] - budget[kRevenueFees] -
                                    budget[kRevenueCapitation] - budget[kRevenueOther];
    if (budget[kRevenueAppropriation] < 0) budget[kRevenueAppropriation] = 0;
  } else {
    budget[kRevenueAppropriation] = 0.03 * budget[kRevenueCapitation];
    double revenue = 0;
    for (int a = 0; a < kCostStaff; ++a) revenue += budget[static_cast<size_t>(a)];
    budget[kCostOther] = std::max(0.03 * budget[kCostStaff], revenue - costs - 0.005 * revenue);
  }
  actual[kRevenueCapitation] = activity.care_points * price / 12.0 + activity.children_capitation;
  actual[kRevenueFees] = activity.fees;
  actual[kRevenueAppropriation] = budget[kRevenueAppropriation];
  actual[kRevenueOther] = budget[kRevenueOther] * (1.0 + 0.15 * rng_.Normal());
  actual[kCostStaff] = staff.staff_cost();
  actual[kCostAgencyDoctor] = staff.agency_doctor_cost();
  actual[kCostAgencyNurse] = staff.agency_nurse_cost();
  actual[kCostAgencyOther] = staff.agency_other_cost();
  actual[kCostPurchasedCare] = budget[kCostPurchasedCare] * (1.0 + 0.08 * rng_.Normal());
  actual[kCostPremises] = budget[kCostPremises] * (1.0 + 0.01 * rng_.Normal());
  actual[kCostSupplies] = budget[kCostSupplies] * (1.0 + 0.06 * rng_.Normal());
  actual[kCostOther] = budget[kCostOther] * (1.0 + 0.05 * rng_.Normal());

  RowBuffer& rows = (*out)[kLedgerTable];
  for (int scenario = 0; scenario < 2; ++scenario) {
    auto& amounts = scenario == 0 ? budget : actual;
    for (int a = 0; a < kAccounts; ++a) {
      double& v = amounts[static_cast<size_t>(a)];
      v = std::floor(v + 0.5);
      if (v < 1) {
        v = 0;
        continue;
      }
      rows.Text(unit_.id)
          .MonthText(month)
          .Text(kAccountName[a])
          .Text(scenario == 0 ? "budget" : "actual")
          .Fixed(v, 0)
          .End();
    }
  }
  // The year's budget result by month is known from January (flat over the months).
  if (index == 0 || month == MakeMonth(region_.first_year, 1)) {
    budget_result_.fill(Result(budget));
    actual_ytd_ = budget_ytd_ = 0;
  }
  actual_ytd_ += Result(actual);
  budget_ytd_ += Result(budget);
  if (index >= 1) {
    double rest = 0;
    for (int i = index + 1; i < 12; ++i) rest += budget_result_[static_cast<size_t>(i)];
    double revenue = 0;
    for (int a = 0; a < kCostStaff; ++a) revenue += budget[static_cast<size_t>(a)];
    const double forecast = actual_ytd_ + rest + 0.25 * revenue * rng_.Normal();
    (*out)[kForecastsTable].Text(unit_.id).MonthText(month).Int(year).Fixed(forecast, 0).End();
  }
}

}  // namespace nara::sim
