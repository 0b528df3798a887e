// The special services (palliative care, the asylum health service, …) and the
// physicians in municipal home care (LMHV): visits on working days at a yearly
// volume by service, and LMHV's phone line for the municipal nurses.
#include <algorithm>
#include <cmath>

#include "nara/sim/calendar.h"
#include "nara/sim/primary_care_internal.h"
#include "nara/sim/queue.h"

namespace nara::sim {
namespace {

// The staff positions of a special service by its role and id: full-time
// positions at the run's scale, at least one of each profession it has.
std::array<double, kProfessions> ServicePositions(const Region& r, const UnitInfo& u) {
  std::array<double, kProfessions> p{};
  auto set = [&](Profession prof, double fte) {
    p[static_cast<int>(prof)] = std::max(fte > 0 ? 1.0 : 0.0, std::floor(fte * r.scale + 0.5));
  };
  const std::string& id = u.id;
  if (u.role == Role::kLmhv) {
    // LMHV: 5.9 physician FTE (2021, SPEC §8) and a nurse and a secretary.
    set(Profession::kDoctor, 6);
    set(Profession::kNurse, 1);
    set(Profession::kMedicalSecretary, 1);
  } else if (id.find("palliativ") != std::string::npos) {
    set(Profession::kNurse, 18);
    set(Profession::kDoctor, 3);
    set(Profession::kOther, 8);
  } else if (id.find("sprut") != std::string::npos) {
    set(Profession::kNurse, 4);
    set(Profession::kOther, 1);
  } else if (id.find("tilma") != std::string::npos) {
    set(Profession::kPsychologist, 4);
    set(Profession::kOther, 2);
  } else if (id.find("neuro") != std::string::npos) {
    set(Profession::kPhysiotherapist, 6);
    set(Profession::kOther, 3);
  } else if (id.find("asyl") != std::string::npos) {
    set(Profession::kNurse, 3);
    set(Profession::kDoctor, 1);
  } else {
    set(Profession::kOther, 3);
    set(Profession::kNurse, 1);
  }
  return p;
}

class ServiceSim : public UnitSim {
 public:
  ServiceSim(const Region& r, const UnitInfo& u)
      : r_(r), u_(u), rng_(r.seed, "service/" + u.id), misc_rng_(r.seed, "servicemisc/" + u.id) {
    const std::string n = std::to_string(u.index);
    visit_prefix_ = "V" + n + "-";
    call_prefix_ = "C" + n + "-";
    staff_ = std::make_unique<Workforce>(r, u, ServicePositions(r, u), u.own);
    if (u.own) economy_ = std::make_unique<Economy>(r, u, true);
  }

  void RunMonth(Month month, Output* out) override {
    const Days first = FirstDayOfMonth(month), last = LastDayOfMonth(month);
    const int year = YearOf(month);
    const bool valid_at_start = r_.ValidOn(u_, first);
    if (valid_at_start) staff_->RunMonth(month, out);
    const double per_year = ServiceVisitsPerYear(u_) * r_.scale;
    const int working_days = WorkingDaysInYear(year);
    for (Days d = first; d <= last; ++d) {
      if (!r_.ValidOn(u_, d) || !IsWorkingDay(d)) continue;
      const int64_t n = rng_.Poisson(per_year / working_days);
      for (int64_t i = 0; i < n; ++i) {
        int age, sex;
        int form = kClinic, staff = 1;
        if (u_.role == Role::kLmhv) {
          SampleAgeSex(r_.region_mix_2023.resident_cdf, &rng_, &age, &sex);
          age = std::max(age, 70 + static_cast<int>(rng_.Below(25)));
          form = kHome;
          staff = 0;
        } else {
          SampleAgeSex(r_.region_mix_2023.resident_cdf, &rng_, &age, &sex);
          if (u_.id.find("neuro") != std::string::npos) staff = 3;
          if (u_.id.find("tilma") != std::string::npos) staff = 4;
        }
        WriteVisit(r_, u_, visit_prefix_, ++visit_serial_, d, form, staff, age, sex, &rng_, out);
      }
      out->events += static_cast<uint64_t>(n);  // visits held
      if (u_.role == Role::kLmhv) Calls(d, out);
    }
    if (!valid_at_start || !u_.own) return;
    WriteRecordReview(r_, u_, month, &misc_rng_, out);
    economy_->RunMonth(month, MonthActivity{}, *staff_, out);
    if (MonthOf(month) == 12)
      WriteSurveys(r_, u_, year, staff_->headcount(), 0, true, false, &misc_rng_, out);
  }
  void Finish(Output*) override {}

 private:
  // LMHV's phone line for the municipal nurses, staffed for all calls the same day.
  void Calls(Days d, Output* out) {
    const int64_t n = rng_.Poisson(12000.0 * r_.scale / 250.0);
    times_.clear();
    for (int64_t i = 0; i < n; ++i) times_.push_back(Wall(d, kOpen + static_cast<int>(rng_.Below(8 * 3600))));
    std::sort(times_.begin(), times_.end());
    queue_.Clear();
    for (int a = 0; a < 2; ++a)
      queue_.AddAgent(static_cast<double>(Wall(d, kOpen)), static_cast<double>(Wall(d, kClose + 3600)));
    for (WallTime t : times_) {
      const double start = queue_.Serve(static_cast<double>(t), rng_.Exponential(300));
      RowBuffer& rows = (*out)[kPhoneCallsTable];
      rows.Id(call_prefix_, ++call_serial_).Text(u_.id).DateTime(t).Bool(true).Text("advice");
      if (start >= AgentQueue::kNever) {
        rows.Null().Null();
      } else {
        const WallTime handled = static_cast<WallTime>(std::floor(start));
        rows.DateTime(handled).Text(handled - t < 60 ? "answer" : "callback");
        ++out->events;  // an agent takes the call
      }
      rows.End();
      ++out->events;  // arrival
    }
  }

  const Region& r_;
  const UnitInfo& u_;
  Rng rng_, misc_rng_;
  std::unique_ptr<Workforce> staff_;
  std::unique_ptr<Economy> economy_;
  std::string visit_prefix_, call_prefix_;
  int64_t visit_serial_ = 0, call_serial_ = 0;
  AgentQueue queue_;
  std::vector<WallTime> times_;
};

}  // namespace

std::unique_ptr<UnitSim> MakeServiceSim(const Region& region, const UnitInfo& unit) {
  return std::make_unique<ServiceSim>(region, unit);
}

}  // namespace nara::sim
