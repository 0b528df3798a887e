// The health centres and their branches: the phone line's call-back queue, medical
// assessments booked into slots (acute slots and the appointment book, with overtime
// when the book runs long), planned visits with their bookings, referrals,
// vaccination campaigns and listing; and for the health centre itself the staff
// roster, the yearly surveys and, at the region's own units, the economy and record
// reviews. A branch has planned visits and listing only: its health centre answers
// the calls and holds the assessments of everyone listed at either.
#include <algorithm>
#include <cmath>

#include "nara/sim/calendar.h"
#include "nara/sim/primary_care_internal.h"
#include "nara/sim/queue.h"

namespace nara::sim {
namespace {

// Phone calls by hour of the opening day 08–17: most in the first hour.
constexpr double kCallHour[9] = {22, 16, 13, 11, 8, 10, 9, 7, 4};
const ChoiceTable kCallHourChoice(kCallHour);
constexpr std::string_view kTopic[3] = {"advice", "booking", "other"};
constexpr double kTopicShare[3] = {0.55, 0.33, 0.12};
const ChoiceTable kTopicShareChoice(kTopicShare);

constexpr double kAssessStaff[9] = {0.50, 0.18, 0.14, 0.10, 0.03, 0.02, 0.01, 0.005, 0.015};
const ChoiceTable kAssessStaffChoice(kAssessStaff);
constexpr double kPlannedStaff[9] = {0.30, 0.22, 0.22, 0.12, 0.04, 0.03, 0.03, 0.01, 0.03};
const ChoiceTable kPlannedStaffChoice(kPlannedStaff);

constexpr double kAssessForm[6] = {0.70, 0.03, 0.06, 0.14, 0.03, 0.04};
const ChoiceTable kAssessFormChoice(kAssessForm);
constexpr double kPlannedForm[6] = {0.80, 0.005, 0.045, 0.14, 0.01, 0};
const ChoiceTable kPlannedFormChoice(kPlannedForm);
constexpr double kPlannedFormOld[6] = {0.70, 0.14, 0.02, 0.13, 0.01, 0};
const ChoiceTable kPlannedFormOldChoice(kPlannedFormOld);

constexpr std::string_view kReason[4] = {"new_problem", "worsening", "failed_treatment", "other"};
constexpr double kReasonShare[4] = {0.60, 0.22, 0.06, 0.12};
const ChoiceTable kReasonShareChoice(kReasonShare);

// Shares of the assessment needs: cancelled by the patient, a later date chosen by
// the patient, urgent (for the acute slots the unit keeps each working day).
constexpr double kCancelled = 0.04, kChosen = 0.04, kUrgent = 0.28;
// Needs that take a slot (urgent or booked), per assessment need.
constexpr double kAssessNeedsToSlot = (1 - kCancelled) * (1 - kChosen);
// The unit's assessment capacity is staffed for its expected needs; the share
// urgent needs make of them is kept free each working day as acute slots.
constexpr double kAcuteShare = kUrgent;
// Overtime when the appointment book runs long: from 1.5 days of slots booked ahead,
// extra slots today of 50 % of a day per further day, at most 80 % of a day.
constexpr double kOvertimeFrom = 1.5, kOvertimeGain = 0.5, kOvertimeMax = 0.8;

class HealthCentreSim : public UnitSim {
 public:
  HealthCentreSim(const Region& r, const UnitInfo& u)
      : r_(r),
        u_(u),
        branch_(u.role == Role::kBranch),
        phone_rng_(r.seed, "phone/" + u.id),
        assess_rng_(r.seed, "assess/" + u.id),
        visit_rng_(r.seed, "visits/" + u.id),
        misc_rng_(r.seed, "misc/" + u.id) {
    const std::string n = std::to_string(u.index);
    call_prefix_ = "C" + n + "-";
    contact_prefix_ = "A" + n + "-";
    visit_prefix_ = "V" + n + "-";
    booking_prefix_ = "B" + n + "-";
    referral_prefix_ = "R" + n + "-";
    if (branch_) return;
    const double listed = static_cast<double>(r.Catchment(u, MakeMonth(r.first_year, 1)));
    std::array<double, kProfessions> positions{};
    positions[static_cast<int>(Profession::kDoctor)] = std::max(1.0, std::floor(listed / 1400 + 0.5));
    positions[static_cast<int>(Profession::kNurse)] = std::max(1.0, std::floor(listed / 1500 + 0.5));
    positions[static_cast<int>(Profession::kDistrictNurse)] = std::floor(listed / 1800 + 0.5);
    positions[static_cast<int>(Profession::kMedicalSecretary)] = std::floor(listed / 2200 + 0.5);
    positions[static_cast<int>(Profession::kPhysiotherapist)] = std::floor(listed / 3500 + 0.5);
    positions[static_cast<int>(Profession::kPsychologist)] = std::floor(listed / 7000 + 0.5);
    positions[static_cast<int>(Profession::kOther)] = std::floor(listed / 3000 + 0.5);
    staff_ = std::make_unique<Workforce>(r, u, positions, u.own);
    if (u.own) economy_ = std::make_unique<Economy>(r, u, false);
    const int days = r.last_day - r.first_day + 1 + 150;
    scheduled_.resize(static_cast<size_t>(days));
    book_ = SlotBook(days, [this](int index) { return SlotCapacity(r_.first_day + index, false); });
    acute_ = SlotBook(days, [this](int index) { return SlotCapacity(r_.first_day + index, true); });
  }

  void RunMonth(Month month, Output* out) override {
    const Days first = FirstDayOfMonth(month), last = LastDayOfMonth(month);
    const int year = YearOf(month);
    const bool valid_at_start = r_.ValidOn(u_, first);
    month_fees_ = 0;
    if (!branch_ && valid_at_start) staff_->RunMonth(month, out);
    mix_ = &r_.Mix(u_.municipality, year);
    working_days_year_ = WorkingDaysInYear(year);
    catchment_ = static_cast<double>(branch_ ? r_.Listed(u_, month) : r_.Catchment(u_, month));
    listed_ = static_cast<double>(r_.Listed(u_, month));
    demand_ = u_.intensity * mix_->contact_weight;  // per listed, before the day factor
    Days last_valid = -1;
    for (Days d = first; d <= last; ++d) {
      if (!r_.ValidOn(u_, d)) continue;
      last_valid = d;
      if (!branch_) {
        Overtime(d, year);
        Phone(d, year, out);
        DirectAssessments(d, out);
        PerformAssessments(d, out);
        Referrals(d, year, out);
        Vaccinations(d, year, out);
      }
      PlannedVisits(d, year, out);
    }
    if (last_valid >= 0) {
      const int64_t listed = r_.Listed(u_, month);
      (*out)[kListingsTable]
          .Text(u_.id)
          .Date(last_valid)
          .Int(listed)
          .Fixed(r_.CarePoints(u_, month), 1)
          .End();
    }
    if (branch_ || !valid_at_start) return;
    if (u_.own) {
      WriteRecordReview(r_, u_, month, &misc_rng_, out);
      economy_->RunMonth(month, Activity(month, year), *staff_, out);
    }
    if (MonthOf(month) == 12) {
      WriteSurveys(r_, u_, year, staff_->headcount(), r_.Catchment(u_, month), u_.own, true, &misc_rng_, out);
    }
  }

  void Finish(Output* out) override {
    if (branch_) return;
    for (const Call& c : carried_) WriteCall(c, -1, out);
    carried_.clear();
    for (size_t i = static_cast<size_t>(r_.last_day - r_.first_day + 1); i < scheduled_.size(); ++i) {
      for (const Need& n : scheduled_[i]) WriteAssessment(n, -1, out);
    }
    for (const Need& n : unbooked_) WriteAssessment(n, -1, out);
  }

 private:
  struct Call {
    WallTime received;
    int64_t id;
    uint8_t topic;
    bool in_hours;
  };
  struct Need {
    int64_t id;
    Days first_contact;
    uint32_t patient;
    uint8_t staff, form, reason;
    bool chosen, listed;
    bool booked;  // holds a slot of the appointment book (not an acute slot, not a chosen date)
  };

  // What an own health centre reports to its economy for `month`: the care points
  // listed at it and its branches, budgeted at last December's plus 0.4 %, and the
  // patient fees of the month against a budget from the planned visits.
  MonthActivity Activity(Month month, int year) const {
    MonthActivity activity;
    activity.care_points = r_.CarePoints(u_, month);
    for (int b : u_.branches) activity.care_points += r_.CarePoints(r_.units[static_cast<size_t>(b)], month);
    const Month december = MakeMonth(year - 1, 12);
    activity.care_points_budget = r_.CarePoints(u_, december);
    for (int b : u_.branches)
      activity.care_points_budget += r_.CarePoints(r_.units[static_cast<size_t>(b)], december);
    if (activity.care_points_budget <= 0) activity.care_points_budget = activity.care_points;
    activity.care_points_budget *= 1.004;
    activity.fees = month_fees_;
    activity.fees_budget = catchment_ * demand_ * r_.cal.planned_per_weight * 0.75 * 200.0 / 12.0;
    return activity;
  }

  // Mean per working day over the year, for capacity planning (flat over the weeks).
  double MeanPerWorkingDay(double per_weight) const {
    return catchment_ * demand_ * per_weight / working_days_year_;
  }

  double AssessPerWeight() const {
    return r_.cal.calls_per_weight * kTopicShare[0] * r_.cal.assess_after_advice +
           r_.cal.direct_assess_per_weight;
  }

  // A working day's slots: the acute slots (kAcuteShare of the staffed capacity) or
  // those of the appointment book (the rest), less vacations and absence.
  // A Saturday clinic holds acute slots for its four hours of a working day's nine.
  int SlotCapacity(Days day, bool acute) const {
    const bool saturday = acute && !IsWorkingDay(day) && r_.SaturdayClinic(u_, day);
    if ((!IsWorkingDay(day) && !saturday) || !r_.ValidOn(u_, day)) return 0;
    const int year = Civil(day).year;
    const double x = r_.cal.AssessCapacity(r_.CalYear(year)) * MeanPerWorkingDay(AssessPerWeight()) * kAssessNeedsToSlot *
                     (acute ? kAcuteShare : 1.0 - kAcuteShare) * (1.0 - 0.85 * VacationShare(day)) *
                     staff_->ClinicalAvailability() * r_.CapacityFactor(Levers::Resource::kAssessment, u_, year) *
                     (saturday ? kSaturdayDay : 1.0);
    return RoundCapacity(x, acute ? u_.key ^ 0xac07eULL : u_.key, day);
  }

  // Expected appointment-book slots on a working day.
  double MeanSlots(int year) const {
    return r_.cal.AssessCapacity(r_.CalYear(year)) * MeanPerWorkingDay(AssessPerWeight()) * kAssessNeedsToSlot *
           (1.0 - kAcuteShare) * r_.CapacityFactor(Levers::Resource::kAssessment, u_, year);
  }

  // When the appointment book runs more than kOvertimeFrom working days' worth of
  // slots ahead, the unit opens extra slots today (overtime, planned visits moved),
  // more the longer the book: access capacity responds to the backlog.
  void Overtime(Days d, int year) {
    if (!IsWorkingDay(d)) return;
    const double mean = MeanSlots(year);
    if (mean <= 0) return;
    const double ahead = booked_ahead_ / mean;
    if (ahead <= kOvertimeFrom) return;
    const double extra = std::min(kOvertimeMax, kOvertimeGain * (ahead - kOvertimeFrom)) * mean;
    book_.AddSlots(d - r_.first_day, RoundCapacity(extra, u_.key ^ 0x9e37ULL, d));
  }

  // The phone line's day: the calls that come in and, on working days, the call-back
  // queue that handles them; calls no agent reaches wait for the next working day.
  // With a Saturday clinic (Levers::Weekend) the line is answered on Saturdays too.
  void Phone(Days d, int year, Output* out) {
    const bool working = IsWorkingDay(d);
    const bool saturday = !working && r_.SaturdayClinic(u_, d);
    const double mean_wd = MeanPerWorkingDay(r_.cal.calls_per_weight);
    ReceiveCalls(d, working, saturday, mean_wd);
    out->events += today_.size();  // arrivals
    if (!working && !saturday) {
      carried_.insert(carried_.end(), today_.begin(), today_.end());
      return;
    }
    CallBack(d, year, mean_wd, saturday, out);
  }

  // The calls of day `d` into today_, numbered in time order: on a working day those
  // in opening hours and a few in the hour before or after, on other days a few (within
  // opening hours those of 10–14 on a Saturday the clinic is open).
  void ReceiveCalls(Days d, bool working, bool saturday, double mean_wd) {
    const double mean = catchment_ * demand_ * r_.cal.calls_per_weight * r_.DayFactor(d) *
                        r_.DemandFactor(Levers::Resource::kPhone, Civil(d).year) *
                        r_.MobileTeamFactor(u_, Civil(d).year);
    today_.clear();
    if (working) {
      const int64_t n = phone_rng_.Poisson(mean);
      for (int64_t i = 0; i < n; ++i) {
        const int hour = kCallHourChoice.Draw(&phone_rng_);
        today_.push_back({Wall(d, kOpen + hour * 3600 + static_cast<int>(phone_rng_.Below(3600))), 0,
                          static_cast<uint8_t>(kTopicShareChoice.Draw(&phone_rng_)), true});
      }
      // An hour's calls before opening and after 17:00; with evening hours those after
      // 17 are within them.
      const int close = r_.PhoneClose(u_, Civil(d).year);
      const int64_t early_late = phone_rng_.Poisson(mean * 0.04);
      for (int64_t i = 0; i < early_late; ++i) {
        const int start = phone_rng_.Bernoulli(0.6) ? 7 * 3600 : kClose;
        const int at = start + static_cast<int>(phone_rng_.Below(3600));
        today_.push_back({Wall(d, at), 0, static_cast<uint8_t>(kTopicShareChoice.Draw(&phone_rng_)),
                          at >= kClose && at < close});
      }
    } else {
      const int64_t n = phone_rng_.Poisson(mean_wd * kClosedDayCalls);
      for (int64_t i = 0; i < n; ++i) {
        const int at = kOpen + static_cast<int>(phone_rng_.Below(10 * 3600));
        today_.push_back({Wall(d, at), 0, static_cast<uint8_t>(kTopicShareChoice.Draw(&phone_rng_)),
                          saturday && at >= kSaturdayOpen && at < kSaturdayClose});
      }
    }
    // Stable: calls in the same second keep their draw order on every standard library.
    std::stable_sort(today_.begin(), today_.end(),
                     [](const Call& a, const Call& b) { return a.received < b.received; });
    for (Call& c : today_) c.id = ++call_serial_;
  }

  // A working day's call-back queue: the calls carried over, then today's, in order
  // until no agent can take the next one; the rest wait for the next working day. An
  // advice call that is handled may need a medical assessment.
  void CallBack(Days d, int year, double mean_wd, bool saturday, Output* out) {
    // Today's call-back capacity: agent-seconds planned from the year's mean demand,
    // less vacations and this month's absence, spread over agents on the phone from 08
    // until the line closes (17, later with evening hours). A Saturday clinic's agents
    // work 10–14, planned for the day's expected calls and Friday's left over.
    const double expected =
        saturday ? mean_wd * kClosedDayCalls + static_cast<double>(carried_.size()) : mean_wd;
    const double budget = r_.cal.PhoneCapacity(r_.CalYear(year)) * expected * 1.06 * r_.cal.phone_handle_s *
                          (1.0 - 0.85 * VacationShare(d)) * staff_->Availability() *
                          r_.CapacityFactor(Levers::Resource::kPhone, u_, year);
    const int open = saturday ? kSaturdayOpen : kOpen;
    const int close = saturday ? kSaturdayClose : r_.PhoneClose(u_, year);
    const double window = close - open;
    const int agents = std::max(1, static_cast<int>(std::ceil(budget / window)));
    const double efficiency = std::max(0.05, std::min(1.0, budget / (agents * window)));
    queue_.Clear();
    for (int a = 0; a < agents; ++a)
      queue_.AddAgent(static_cast<double>(Wall(d, open)), static_cast<double>(Wall(d, close)));
    waiting_.clear();
    waiting_.swap(carried_);
    waiting_.insert(waiting_.end(), today_.begin(), today_.end());
    size_t i = 0;
    for (; i < waiting_.size(); ++i) {
      const Call& c = waiting_[i];
      const double service = phone_rng_.Exponential(r_.cal.phone_handle_s) / efficiency;
      const double start = queue_.Serve(static_cast<double>(c.received), service);
      if (start >= AgentQueue::kNever) break;
      const WallTime handled = static_cast<WallTime>(std::floor(start));
      ++out->events;  // an agent takes the call
      WriteCall(c, handled, out);
      if (c.topic == 0 && assess_rng_.Bernoulli(r_.cal.assess_after_advice)) {
        NeedAssessment(DayOf(c.received), d, static_cast<int>(handled - Wall(d, 0)), out);
      }
    }
    carried_.assign(waiting_.begin() + static_cast<ptrdiff_t>(i), waiting_.end());
  }

  void WriteCall(const Call& c, WallTime handled, Output* out) {
    RowBuffer& rows = (*out)[kPhoneCallsTable];
    rows.Id(call_prefix_, c.id).Text(u_.id).DateTime(c.received).Bool(c.in_hours).Text(kTopic[c.topic]);
    if (handled >= 0) {
      rows.DateTime(handled).Text(handled - c.received < 60 ? "answer" : "callback");
    } else {
      rows.Null().Null();
    }
    rows.End();
  }

  void DirectAssessments(Days d, Output* out) {
    if (!IsWorkingDay(d)) return;
    const int64_t n =
        assess_rng_.Poisson(catchment_ * demand_ * r_.cal.direct_assess_per_weight * r_.DayFactor(d) *
                            r_.DemandFactor(Levers::Resource::kAssessment, Civil(d).year) *
                            r_.MobileTeamFactor(u_, Civil(d).year));
    for (int64_t i = 0; i < n; ++i)
      NeedAssessment(d, d, kOpen + static_cast<int>(assess_rng_.Below(9 * 3600)), out);
  }

  // An assessment need arising on `day` (first contact on `first_contact`) at
  // `seconds` past midnight: cancelled, a date the patient chose, urgent (the
  // earliest free acute slot from today: the same day while the acute slots last),
  // or the earliest free slot of the appointment book.
  void NeedAssessment(Days first_contact, Days day, int seconds, Output* out) {
    ++out->events;  // the need arrives (and is cancelled, or joins a book)
    Need n;
    n.id = ++contact_serial_;
    n.first_contact = first_contact;
    n.patient = static_cast<uint32_t>(assess_rng_.Below(u_.patient_pool));
    n.staff = static_cast<uint8_t>(kAssessStaffChoice.Draw(&assess_rng_));
    n.form = static_cast<uint8_t>(kAssessFormChoice.Draw(&assess_rng_));
    n.reason = static_cast<uint8_t>(kReasonShareChoice.Draw(&assess_rng_));
    n.listed = assess_rng_.Bernoulli(0.94);
    n.chosen = false;
    n.booked = false;
    if (assess_rng_.Bernoulli(kCancelled)) {
      cancelled_.push_back(n);
      return;
    }
    Days when;
    if (assess_rng_.Bernoulli(kChosen)) {
      n.chosen = true;
      when = NextWorkingDay(day + 4 + static_cast<Days>(assess_rng_.Below(14)));
      book_.Take(when - r_.first_day);
    } else if (assess_rng_.Bernoulli(kUrgent)) {
      // The earliest slot an urgent need can get: an acute slot, or when those are
      // taken for the coming days an earlier free slot of the appointment book.
      const int from = day - r_.first_day;
      const int acute = acute_.FirstFree(from), booked = book_.FirstFree(from);
      if (acute < 0 && booked < 0) {
        unbooked_.push_back(n);
        return;
      }
      if (acute >= 0 && (booked < 0 || acute <= booked)) {
        when = r_.first_day + acute_.Book(acute);
      } else {
        when = r_.first_day + book_.Book(booked);
        n.booked = true;
        ++booked_ahead_;
      }
    } else {
      const Days earliest = seconds >= 15 * 3600 ? day + 1 : day;
      const int index = book_.Book(earliest - r_.first_day);
      if (index < 0) {
        unbooked_.push_back(n);
        return;
      }
      when = r_.first_day + index;
      n.booked = true;
      ++booked_ahead_;
    }
    const size_t index = static_cast<size_t>(when - r_.first_day);
    if (when > u_.valid_to || index >= scheduled_.size()) {
      unbooked_.push_back(n);
      return;
    }
    scheduled_[index].push_back(n);
  }

  void PerformAssessments(Days d, Output* out) {
    for (const Need& n : cancelled_) WriteAssessment(n, -1, out);
    cancelled_.clear();
    std::vector<Need>& today = scheduled_[static_cast<size_t>(d - r_.first_day)];
    out->events += today.size();  // assessments held
    for (const Need& n : today) {
      if (n.booked) --booked_ahead_;
      WriteAssessment(n, d, out);
      if (n.form == kLetter) continue;
      int age, sex;
      SampleAgeSex(mix_->visit_cdf, &visit_rng_, &age, &sex);
      month_fees_ +=
          WriteVisit(r_, u_, visit_prefix_, ++visit_serial_, d, n.form, n.staff, age, sex, &visit_rng_, out);
    }
    std::vector<Need>().swap(today);
  }

  void WriteAssessment(const Need& n, Days assessed, Output* out) {
    char key[12];
    PseudonymChars('P', r_.seed, u_.key, n.patient, key);
    RowBuffer& rows = (*out)[kAssessmentsTable];
    rows.Id(contact_prefix_, n.id).Text(u_.id).Text(std::string_view(key, 12)).Date(n.first_contact);
    if (assessed >= 0) {
      rows.Date(assessed);
    } else {
      rows.Null();
    }
    rows.Text(kStaffGroup[n.staff])
        .Text(kFormName[n.form])
        .Text(kReason[n.reason])
        .Bool(n.chosen)
        .Bool(n.listed)
        .End();
  }

  void PlannedVisits(Days d, int year, Output* out) {
    if (!IsWorkingDay(d)) return;
    const int64_t n = visit_rng_.Poisson(listed_ * demand_ * r_.cal.planned_per_weight * r_.DayFactor(d));
    for (int64_t i = 0; i < n; ++i) {
      int age, sex;
      SampleAgeSex(mix_->visit_cdf, &visit_rng_, &age, &sex);
      const int form =
          age >= 80 ? kPlannedFormOldChoice.Draw(&visit_rng_) : kPlannedFormChoice.Draw(&visit_rng_);
      const int staff = kPlannedStaffChoice.Draw(&visit_rng_);
      ++out->events;  // a planned visit, held as booked
      month_fees_ +=
          WriteVisit(r_, u_, visit_prefix_, ++visit_serial_, d, form, staff, age, sex, &visit_rng_, out);
      WriteBookings(r_, u_, d, false, &misc_rng_, booking_prefix_, &booking_serial_, out);
    }
    (void)year;
  }

  void Referrals(Days d, int year, Output* out) {
    if (!IsWorkingDay(d)) return;
    const int64_t n = misc_rng_.Poisson(catchment_ * demand_ * r_.cal.referrals_per_weight * r_.DayFactor(d));
    const double labelled = year <= 2022 ? 0.84 : year == 2023 ? 0.86 : 0.88;
    for (int64_t i = 0; i < n; ++i) {
      const bool svf = misc_rng_.Bernoulli(0.035);
      (*out)[kReferralsTable]
          .Id(referral_prefix_, ++referral_serial_)
          .Text(u_.id)
          .Date(d)
          .Bool(svf)
          .Bool(misc_rng_.Bernoulli(svf ? labelled : 0.995))
          .End();
      ++out->events;  // a referral sent
    }
  }

  // Seasonal influenza (from mid-October, most in the first weeks), covid-19
  // campaigns (boosters early 2022, autumn campaigns for 65+, spring doses for 80+)
  // and other vaccines through the year.
  void Vaccinations(Days d, int year, Output* out) {
    if (!IsWorkingDay(d)) return;
    const double listed = catchment_;
    struct Campaign {
      Days start, end;
      double doses;  // per listed in the campaign
    };
    const double s65 = mix_->share_65, s80 = mix_->share_80, s18 = mix_->share_18;
    const Campaign influenza{DaysFromCivil(year, 10, 15), DaysFromCivil(year, 12, 31),
                             s65 * 0.60 + (1 - s65) * 0.04};
    const Campaign covid[] = {
        {DaysFromCivil(year, 1, 3), DaysFromCivil(year, 2, 28), year == 2022 ? s18 * 0.12 : 0.0},
        {DaysFromCivil(year, 3, 15), DaysFromCivil(year, 5, 31), year >= 2023 ? s80 * 0.45 : 0.0},
        {DaysFromCivil(year, 9, year == 2022 ? 5 : 16), DaysFromCivil(year, 12, 31),
         s65 * (year == 2022 ? 0.58 : 0.5)},
    };
    auto doses = [&](const Campaign& c, double tau) -> int64_t {
      if (d < c.start || d > c.end || c.doses <= 0) return 0;
      // Weight of the day: exponential decay from the start, normalised over the
      // campaign's working days.
      return misc_rng_.Poisson(listed * c.doses * Exp(-(d - c.start) / tau) /
                               CampaignNorm(c.start, c.end, tau));
    };
    auto write = [&](const char* vaccine, int64_t n) {
      if (n <= 0) return;
      (*out)[kVaccinationsTable].Text(u_.id).Date(d).Text(vaccine).Int(n).End();
    };
    int64_t covid_doses = 0;
    for (const Campaign& c : covid) covid_doses += doses(c, 35.0);
    write("covid19", covid_doses);
    write("influenza", doses(influenza, 22.0));
    write("other", misc_rng_.Poisson(listed * 0.02 / working_days_year_));
  }

  // The sum of a campaign's day weights over its working days, computed once per
  // campaign (every working day of a campaign asks for it).
  double CampaignNorm(Days start, Days end, double tau) {
    for (const CachedNorm& n : campaign_norms_) {
      if (n.start == start && n.end == end && n.tau == tau) return n.norm;
    }
    double norm = 0;
    for (Days x = start; x <= end; ++x) {
      if (IsWorkingDay(x)) norm += Exp(-(x - start) / tau);
    }
    if (campaign_norms_.size() >= 16) campaign_norms_.clear();  // older years' campaigns
    campaign_norms_.push_back({start, end, tau, norm});
    return norm;
  }

  const Region& r_;
  const UnitInfo& u_;
  bool branch_;
  Rng phone_rng_, assess_rng_, visit_rng_, misc_rng_;
  std::unique_ptr<Workforce> staff_;
  std::unique_ptr<Economy> economy_;
  std::string call_prefix_, contact_prefix_, visit_prefix_, booking_prefix_, referral_prefix_;
  int64_t call_serial_ = 0, contact_serial_ = 0, visit_serial_ = 0, booking_serial_ = 0, referral_serial_ = 0;
  // Month state.
  const DemandMix* mix_ = nullptr;
  double catchment_ = 0, listed_ = 0, demand_ = 0, month_fees_ = 0;
  int working_days_year_ = 250;
  // Phone.
  AgentQueue queue_;
  std::vector<Call> carried_, today_, waiting_;
  // Assessments.
  SlotBook book_, acute_;
  std::vector<std::vector<Need>> scheduled_;  // by day - first_day
  std::vector<Need> unbooked_, cancelled_;
  double booked_ahead_ = 0;  // appointments in the book not yet held
  // Vaccinations.
  struct CachedNorm {
    Days start, end;
    double tau, norm;
  };
  std::vector<CachedNorm> campaign_norms_;
};

}  // namespace

std::unique_ptr<UnitSim> MakeHealthCentreSim(const Region& region, const UnitInfo& unit) {
  return std::make_unique<HealthCentreSim>(region, unit);
}

}  // namespace nara::sim
