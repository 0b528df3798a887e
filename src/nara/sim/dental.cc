// Folktandvården: clinics with patient panels recalled for exams by risk group, a
// daily exam capacity that serves children first, and the orthodontic clinics'
// treatment queues.
#include <algorithm>
#include <cmath>
#include <deque>

#include "nara/model/children_capitation.h"
#include "nara/sim/calendar.h"
#include "nara/sim/units.h"

namespace nara::sim {
namespace {

constexpr std::string_view kRisk[3] = {"green", "yellow", "red"};
constexpr double kRiskChildren[3] = {0.72, 0.19, 0.09};
const ChoiceTable kRiskChildrenChoice(kRiskChildren);
constexpr double kRiskAdults[3] = {0.58, 0.30, 0.12};
const ChoiceTable kRiskAdultsChoice(kRiskAdults);
// Shares of residents who are Folktandvården's revision patients.
constexpr double kChildrenShare = 0.72, kAdultShare = 0.26;
// Help from other clinics when the adult backlog is long (see DentalSim::Day).
constexpr double kHelpFrom = 3.0, kHelpGain = 0.25, kHelpMax = 0.6;
// A clinic's children live mostly in "its" DeSo of the municipality (each DeSo is some
// clinic's), the rest spread over the others with this weight relative to its own.
constexpr double kOtherAreaWeight = 0.15;

// Share of booked chair time lost to late cancellations that are not filled again.
// From the autumn of 2023 free times can be offered at short notice (seed 004, slide
// 20), so fewer are lost.
double LateCancellationLoss(Month month) { return month < MakeMonth(2023, 9) ? 0.025 : 0.018; }

// Recall interval in months by risk group (national guidelines: the higher the
// risk, the sooner the next exam).
double RecallMonths(int risk, bool child) {
  if (child) return risk == 0 ? 21 : risk == 1 ? 12 : 6;
  return risk == 0 ? 24 : risk == 1 ? 18 : 10.5;
}

int CountRole(const Region& r, Role role, int municipality) {
  int n = 0;
  for (const UnitInfo& u : r.units) {
    if (u.role == role && (municipality < 0 || u.municipality == municipality)) ++n;
  }
  return std::max(1, n);
}

class DentalSim : public UnitSim {
 public:
  DentalSim(const Region& r, const UnitInfo& u)
      : r_(r),
        u_(u),
        rng_(r.seed, "dental/" + u.id),
        book_rng_(r.seed, "dentalbook/" + u.id),
        misc_rng_(r.seed, "dentalmisc/" + u.id),
        area_rng_(r.seed, "dentaldeso/" + u.id) {
    const std::string n = std::to_string(u.index);
    exam_prefix_ = "D" + n + "-";
    booking_prefix_ = "B" + n + "-";
    // Two and a half years of recalls before the run (longer than any recall
    // interval), so the planned dates have the rhythm of a running clinic (summer
    // avoided, rebooked no-shows) whichever year the run starts in.
    warm_start_ = DaysFromCivil(r.first_year - 3, 7, 1);
    due_.resize(static_cast<size_t>(r.last_day + 120 - warm_start_ + 1));
    const int year0 = r.first_year - 3;
    const int m = u.municipality;
    const double clinics = CountRole(r, Role::kDental, m);
    size_factor_ = rng_.LogNormal(0, 0.2);
    ChooseAreas();
    for (int age = 3; age <= 95; ++age) {
      double residents = 0;
      for (int sex = 0; sex < 2; ++sex) {
        residents += m >= 0 ? r.population->Value(m, year0, age, sex) : 343000.0 / 100 / 6;
      }
      const double share = age <= 23 ? kChildrenShare : kAdultShare;
      const double expected = residents * share / clinics * r.scale * size_factor_;
      const int64_t count =
          static_cast<int64_t>(expected) + (rng_.Uniform() < expected - std::floor(expected) ? 1 : 0);
      for (int64_t i = 0; i < count; ++i) AddPatient(year0 - age, warm_start_);
    }
    std::array<double, kProfessions> positions{};
    const double panel = static_cast<double>(panel_.size());
    positions[static_cast<int>(Profession::kDentist)] = std::max(1.0, std::floor(panel / 1300 + 0.5));
    positions[static_cast<int>(Profession::kDentalHygienist)] = std::max(1.0, std::floor(panel / 1600 + 0.5));
    positions[static_cast<int>(Profession::kDentalNurse)] = std::max(1.0, std::floor(panel / 700 + 0.5));
    positions[static_cast<int>(Profession::kOther)] = std::floor(panel / 5000 + 0.5);
    staff_ = std::make_unique<Workforce>(r, u, positions, u.own);
    if (u.own) economy_ = std::make_unique<Economy>(r, u, false);
  }

  void RunMonth(Month month, Output* out) override {
    if (!warmed_) {
      warmed_ = true;
      Output scratch(&r_.dates);
      for (Month w = MonthOfDays(warm_start_); w < month; ++w) {
        RunDays(w, &scratch);
        for (RowBuffer& rows : scratch.rows) rows.Clear();  // keeps the buffers
      }
    }
    const int year = YearOf(month);
    const bool valid = r_.ValidOn(u_, FirstDayOfMonth(month));
    if (valid) staff_->RunMonth(month, out);
    month_adult_exams_ = 0;
    month_times_ = month_no_shows_ = 0;
    RunDays(month, out);
    if (!valid) return;
    const double children_capitation = WriteChildren(month, out);
    if (!u_.own) return;
    const double no_shows = month_times_ > 0 ? month_no_shows_ / month_times_ : 0;
    staff_->WriteClinicalTime(month, no_shows + LateCancellationLoss(month), out);
    WriteRecordReview(r_, u_, month, &misc_rng_, out);
    MonthActivity activity;
    activity.children_capitation = children_capitation;
    activity.fees = month_adult_exams_ * 950.0;
    activity.fees_budget = static_cast<double>(panel_.size() - children_) / 1.75 * 950.0 / 12.0;
    economy_->RunMonth(month, activity, *staff_, out);
    if (MonthOf(month) == 12)
      WriteSurveys(r_, u_, year, staff_->headcount(), 0, true, false, &misc_rng_, out);
  }

  void Finish(Output* out) override {
    for (uint32_t p : children_queue_) Pending(p, out);
    for (uint32_t p : adult_queue_) Pending(p, out);
    for (size_t i = static_cast<size_t>(r_.last_day + 1 - warm_start_); i < due_.size(); ++i) {
      for (uint32_t p : due_[i]) {
        if (panel_[p].planned <= r_.last_day) Pending(p, out);
      }
    }
  }

 private:
  struct Patient {
    uint32_t serial;
    int16_t birth_year;
    uint8_t risk;
    bool frisk;
    int32_t planned;  // Days
    uint16_t area;    // children: where they live, index into areas_
  };

  // The DeSo of the clinic's municipality (all of the region's for a clinic without
  // one), and how its children are spread over them: each DeSo is the home area of
  // one of the municipality's clinics in turn, and a clinic's children live mostly in
  // its home areas (by the DeSo's share of children), some in the others.
  void ChooseAreas() {
    std::vector<int> clinics;
    for (const UnitInfo& other : r_.units) {
      if (other.role == Role::kDental && other.municipality == u_.municipality) clinics.push_back(other.index);
    }
    const auto rank = std::find(clinics.begin(), clinics.end(), u_.index) - clinics.begin();
    if (u_.municipality >= 0) {
      areas_ = r_.deso_of[static_cast<size_t>(u_.municipality)];
    } else {
      for (size_t d = 0; d < r_.deso.size(); ++d) areas_.push_back(static_cast<int>(d));
    }
    double total = 0;
    for (size_t i = 0; i < areas_.size(); ++i) {
      const bool home = static_cast<std::ptrdiff_t>(i % clinics.size()) == rank;
      total += r_.deso[static_cast<size_t>(areas_[i])].children_weight * (home ? 1.0 : kOtherAreaWeight);
      area_cdf_.push_back(total);
    }
    for (double& c : area_cdf_) c /= total;
    children_in_area_.assign(areas_.size(), 0);
  }

  uint16_t DrawArea() {
    const double u = area_rng_.Uniform();
    const auto at = std::upper_bound(area_cdf_.begin(), area_cdf_.end(), u) - area_cdf_.begin();
    return static_cast<uint16_t>(std::min<std::ptrdiff_t>(at, static_cast<std::ptrdiff_t>(area_cdf_.size()) - 1));
  }

  // The month's children per DeSo (dental_children rows) and the clinic's children's
  // capitation for them by the configured model (model/children_capitation.h) and the
  // DeSo's caries risk that year, the same values caries_risk.csv holds.
  double WriteChildren(Month month, Output* out) {
    const int year = YearOf(month);
    std::vector<model::AreaChildren> children;
    RowBuffer& rows = (*out)[kDentalChildrenTable];
    for (size_t i = 0; i < areas_.size(); ++i) {
      const int64_t n = children_in_area_[i];
      if (n <= 0) continue;
      const Deso& deso = r_.deso[static_cast<size_t>(areas_[i])];
      rows.Text(u_.id).MonthText(month).Text(deso.code).Int(n).End();
      children.push_back({n, r_.DesoRisk(areas_[i], year)});
    }
    return model::MonthlyChildrenCapitation(r_.ChildrenDental(year), children).total();
  }

  void AddPatient(int birth_year, Days from) {
    Patient p;
    p.serial = static_cast<uint32_t>(panel_.size());
    p.birth_year = static_cast<int16_t>(birth_year);
    const bool child = Civil(from).year - birth_year <= 23;
    p.risk = static_cast<uint8_t>((child ? kRiskChildrenChoice.Draw(&rng_) : kRiskAdultsChoice.Draw(&rng_)));
    p.frisk = !child && rng_.Bernoulli(0.37);
    p.planned = NextWorkingDay(
        from + static_cast<Days>(rng_.Below(static_cast<int64_t>(RecallMonths(p.risk, child) * 30.44))));
    p.area = 0;
    if (child) {
      ++children_;
      p.area = DrawArea();
      ++children_in_area_[p.area];
    }
    panel_.push_back(p);
    Schedule(p.serial, p.planned);
  }

  void Schedule(uint32_t patient, Days day) {
    const int64_t index = day - warm_start_;
    if (index >= 0 && index < static_cast<int64_t>(due_.size()))
      due_[static_cast<size_t>(index)].push_back(patient);
  }

  bool Child(const Patient& p) const { return Civil(p.planned).year - p.birth_year <= 23; }

  // Exams per working day the panel needs on average in `year`.
  double DemandPerWorkingDay(int year) {
    if (demand_year_ != year) {
      demand_year_ = year;
      double per_year = 0;
      for (const Patient& p : panel_) per_year += 12.0 / RecallMonths(p.risk, Child(p));
      demand_ = per_year / WorkingDaysInYear(year);
    }
    return demand_;
  }

  void RunDays(Month month, Output* out) {
    const int year = YearOf(month);
    // New patients: three-year-olds each January, new adults through the year (many
    // in 2023, when the clinics took on new adult patients).
    if (MonthOf(month) == 1 && u_.municipality >= 0) {
      double born = 0;
      for (int sex = 0; sex < 2; ++sex) born += r_.population->Value(u_.municipality, year, 3, sex);
      const double n =
          born * kChildrenShare / CountRole(r_, Role::kDental, u_.municipality) * r_.scale * size_factor_;
      for (int64_t i = 0; i < static_cast<int64_t>(n + rng_.Uniform()); ++i)
        AddPatient(year - 3, FirstDayOfMonth(month));
    }
    const double adults = static_cast<double>(panel_.size() - children_);
    const double new_adults = adults * (year == 2023 ? 0.07 : 0.02) / 12.0;
    for (int64_t i = 0; i < static_cast<int64_t>(new_adults + rng_.Uniform()); ++i) {
      AddPatient(year - static_cast<int>(rng_.Between(24, 80)),
                 FirstDayOfMonth(month) + static_cast<Days>(rng_.Below(28)));
    }
    const double demand = DemandPerWorkingDay(year);
    for (Days d = FirstDayOfMonth(month); d <= LastDayOfMonth(month); ++d) Day(d, year, demand, out);
  }

  void Day(Days d, int year, double demand, Output* out) {
    std::vector<uint32_t>& due = due_[static_cast<size_t>(d - warm_start_)];
    for (uint32_t p : due) (Child(panel_[p]) ? children_queue_ : adult_queue_).push_back(p);
    out->events += due.size();  // recalls (and no-shows' new times) joining the queues
    std::vector<uint32_t>().swap(due);
    if (!IsWorkingDay(d) || !r_.ValidOn(u_, d)) return;
    // Clinics that are in phase help the ones with the longest queue (seed 004):
    // beyond kHelpFrom working days of adult backlog, extra exams are done.
    const double backlog_days = demand > 0 ? static_cast<double>(adult_queue_.size()) / demand : 0;
    const double help = std::min(kHelpMax, kHelpGain * std::max(0.0, backlog_days - kHelpFrom));
    int capacity = RoundCapacity(
        (r_.cal.DentalCapacity(r_.CalYear(year)) * (1.0 - 0.85 * VacationShare(d)) * staff_->ClinicalAvailability() *
             r_.CapacityFactor(Levers::Resource::kDental, u_, year) +
         help) *
            demand,
        u_.key, d);
    while (capacity > 0 && (!children_queue_.empty() || !adult_queue_.empty())) {
      std::deque<uint32_t>& queue = children_queue_.empty() ? adult_queue_ : children_queue_;
      const uint32_t p = queue.front();
      queue.pop_front();
      --capacity;
      Patient& patient = panel_[p];
      const bool child = Child(patient);
      ++out->events;  // the exam's time: performed or a no-show
      ++month_times_;
      if (rng_.Bernoulli(child ? 0.009 : 0.03)) {
        ++month_no_shows_;
        // No-show: a new time in two to five weeks, the planned date stays.
        Schedule(p, NextWorkingDay(d + 14 + static_cast<Days>(rng_.Below(22))));
        continue;
      }
      Performed(p, d, year, out);
      if (!child) ++month_adult_exams_;
      // Next exam by the (possibly changed) risk group; clinics avoid planning in
      // the summer weeks when most staff are on vacation.
      if (!rng_.Bernoulli(0.8))
        patient.risk =
            static_cast<uint8_t>((child ? kRiskChildrenChoice.Draw(&rng_) : kRiskAdultsChoice.Draw(&rng_)));
      if (rng_.Bernoulli(0.03)) continue;  // moved away or changed dentist
      Days next = d + static_cast<Days>(RecallMonths(patient.risk, child) * 30.44) +
                  static_cast<Days>(rng_.Between(-10, 10));
      next = NextWorkingDay(next);
      if (VacationShare(next) >= 0.3 && rng_.Bernoulli(0.6)) next = NextWorkingDay(next + 35);
      const bool was_child = child;
      patient.planned = next;
      if (was_child && !Child(patient)) {
        --children_;
        --children_in_area_[patient.area];
      }
      Schedule(p, next);
    }
  }

  void Performed(uint32_t p, Days d, int year, Output* out) {
    const Patient& patient = panel_[p];
    if (patient.planned < r_.first_day) return;
    const bool child = Child(patient);
    const double red_plan = child ? (year <= 2022   ? 0.50
                                     : year == 2023 ? 0.52
                                                    : 0.63)
                                  : (year <= 2022   ? 0.40
                                     : year == 2023 ? 0.42
                                                    : 0.51);
    const double plan = patient.risk == 2 ? red_plan : patient.risk == 1 ? 0.12 : 0.03;
    WriteExam(patient, d, rng_.Bernoulli(plan), out);
    WriteBookings(r_, u_, d, true, &book_rng_, booking_prefix_, &booking_serial_, out);
  }

  void Pending(uint32_t p, Output* out) {
    const Patient& patient = panel_[p];
    if (patient.planned < r_.first_day || patient.planned > r_.last_day) return;
    WriteExam(patient, -1, false, out);
  }

  void WriteExam(const Patient& p, Days performed, bool plan, Output* out) {
    char key[12];
    PseudonymChars('P', r_.seed, u_.key, p.serial, key);
    RowBuffer& rows = (*out)[kDentalExamsTable];
    rows.Id(exam_prefix_, ++exam_serial_).Text(u_.id).Text(std::string_view(key, 12));
    rows.Int(Civil(p.planned).year - p.birth_year).Date(p.planned);
    if (performed >= 0) {
      rows.Date(performed).Text(kRisk[p.risk]);
    } else {
      rows.Null().Null();
    }
    rows.Bool(plan).Bool(p.frisk).End();
  }

  const Region& r_;
  const UnitInfo& u_;
  Rng rng_, book_rng_, misc_rng_, area_rng_;
  std::unique_ptr<Workforce> staff_;
  std::unique_ptr<Economy> economy_;
  std::vector<int> areas_;            // DeSo (indexes into Region::deso) the children live in
  std::vector<double> area_cdf_;      // cumulative share of the children by area
  std::vector<int64_t> children_in_area_;
  double month_times_ = 0, month_no_shows_ = 0;  // exam times kept or missed this month
  std::string exam_prefix_, booking_prefix_;
  int64_t exam_serial_ = 0, booking_serial_ = 0;
  Days warm_start_ = 0;
  bool warmed_ = false;
  double size_factor_ = 1;
  std::vector<Patient> panel_;
  size_t children_ = 0;
  std::vector<std::vector<uint32_t>> due_;  // by day - warm_start_
  std::deque<uint32_t> children_queue_, adult_queue_;
  int demand_year_ = 0;
  double demand_ = 0;
  double month_adult_exams_ = 0;
};

// ------------------------------------------------------------------ orthodontics

class OrthoSim : public UnitSim {
 public:
  OrthoSim(const Region& r, const UnitInfo& u)
      : r_(r), u_(u), rng_(r.seed, "ortho/" + u.id), misc_rng_(r.seed, "orthomisc/" + u.id) {
    prefix_ = "O" + std::to_string(u.index) + "-";
    // About 1 100 referrals a year in the region, shared by the orthodontic clinics.
    per_year_ = 1100.0 * r.scale / CountRole(r, Role::kOrthodontics, -1);
    // The queue when the run starts: 17.5 months of referrals.
    const Days span = static_cast<Days>(17.5 * 30.44);
    const int64_t initial = rng_.Poisson(per_year_ * 17.5 / 12.0);
    std::vector<Days> days;
    for (int64_t i = 0; i < initial; ++i)
      days.push_back(r.first_day - 1 - static_cast<Days>(rng_.Below(span)));
    std::sort(days.begin(), days.end());
    for (Days d : days) queue_.push_back({++serial_, std::max(d, u.valid_from)});
    std::array<double, kProfessions> positions{};
    positions[static_cast<int>(Profession::kDentist)] = std::max(1.0, std::floor(3 * r.scale + 0.5));
    positions[static_cast<int>(Profession::kDentalNurse)] = std::max(1.0, std::floor(5 * r.scale + 0.5));
    staff_ = std::make_unique<Workforce>(r, u, positions, u.own);
    if (u.own) economy_ = std::make_unique<Economy>(r, u, false);
  }

  void RunMonth(Month month, Output* out) override {
    const int year = YearOf(month);
    const bool valid = r_.ValidOn(u_, FirstDayOfMonth(month));
    if (valid) staff_->RunMonth(month, out);
    const double per_working_day = per_year_ / WorkingDaysInYear(year);
    for (Days d = FirstDayOfMonth(month); d <= LastDayOfMonth(month); ++d) {
      if (!IsWorkingDay(d) || !r_.ValidOn(u_, d)) continue;
      const int64_t referrals = rng_.Poisson(per_working_day);
      for (int64_t i = 0; i < referrals; ++i) queue_.push_back({++serial_, d});
      out->events += static_cast<uint64_t>(referrals);
      int starts = RoundCapacity(r_.cal.OrthoCapacity(r_.CalYear(year)) * per_working_day *
                                     (1.0 - 0.85 * VacationShare(d)) * staff_->ClinicalAvailability(),
                                 u_.key, d);
      while (starts-- > 0 && !queue_.empty()) {
        Write(queue_.front(), d, out);
        queue_.pop_front();
        ++out->events;
      }
    }
    if (!valid || !u_.own) return;
    WriteRecordReview(r_, u_, month, &misc_rng_, out);
    MonthActivity activity;
    activity.fees = per_working_day * WorkingDays(month) * 30000.0 / 12.0;
    activity.fees_budget = activity.fees;
    economy_->RunMonth(month, activity, *staff_, out);
    if (MonthOf(month) == 12)
      WriteSurveys(r_, u_, year, staff_->headcount(), 0, true, false, &misc_rng_, out);
  }

  void Finish(Output* out) override {
    for (const Case& c : queue_) Write(c, -1, out);
    queue_.clear();
  }

 private:
  struct Case {
    int64_t serial;
    Days referred;
  };
  void Write(const Case& c, Days started, Output* out) {
    char key[12];
    PseudonymChars('P', r_.seed, u_.key ^ 0x5bd1e995ULL, static_cast<uint64_t>(c.serial), key);
    RowBuffer& rows = (*out)[kOrthoCasesTable];
    rows.Id(prefix_, c.serial).Text(u_.id).Text(std::string_view(key, 12)).Date(c.referred);
    if (started >= 0) {
      rows.Date(started);
    } else {
      rows.Null();
    }
    rows.End();
  }

  const Region& r_;
  const UnitInfo& u_;
  Rng rng_, misc_rng_;
  std::unique_ptr<Workforce> staff_;
  std::unique_ptr<Economy> economy_;
  std::string prefix_;
  int64_t serial_ = 0;
  double per_year_ = 0;
  std::deque<Case> queue_;
};

}  // namespace

std::unique_ptr<UnitSim> MakeDentalSim(const Region& region, const UnitInfo& unit) {
  return std::make_unique<DentalSim>(region, unit);
}

std::unique_ptr<UnitSim> MakeOrthoSim(const Region& region, const UnitInfo& unit) {
  return std::make_unique<OrthoSim>(region, unit);
}

}  // namespace nara::sim
