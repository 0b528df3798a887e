// What the unit simulators share, and the choice of simulator: the visit row of the
// primary care simulators (primary_care_internal.h); the booking, survey and
// record-review rows every kind of unit writes (units.h); and MakeUnitSim, which
// gives each unit the simulator of its role — health_centre.cc, chat.cc,
// services.cc, or dental.cc.
#include <algorithm>
#include <cmath>

#include "nara/sim/calendar.h"
#include "nara/sim/primary_care_internal.h"

namespace nara::sim {
namespace {

constexpr std::string_view kSex[2] = {"F", "M"};
// Web bookings by hour 06–23.
constexpr double kWebHour[18] = {1, 3, 5, 6, 6, 5, 5, 5, 5, 5, 5, 5, 6, 7, 8, 8, 6, 3};
const ChoiceTable kWebHourChoice(kWebHour);

// Drugs prescribed to patients of 50+, by age group: Poisson with these means.
const PoissonTable kDrugs50(1.8), kDrugs65(3.6), kDrugs75(5.6), kDrugs85(7.0);

}  // namespace

double WriteVisit(const Region& r, const UnitInfo& u, const std::string& prefix, int64_t serial, Days day,
                  int form, int staff_group, int age, int sex, Rng* rng, Output* out) {
  char key[12];
  PseudonymChars('P', r.seed, u.key, static_cast<uint64_t>(rng->Below(u.patient_pool)), key);
  RowBuffer& rows = (*out)[kVisitsTable];
  rows.Id(prefix, serial).Text(u.id).Text(std::string_view(key, 12)).Date(day).Text(kFormName[form]);
  rows.Text(kStaffGroup[staff_group]).Int(age);
  if (rng->Bernoulli(0.02)) {
    rows.Null();
  } else {
    rows.Text(kSex[sex]);
  }
  rows.Bool(age >= 18 && age < 80 && rng->Bernoulli(0.035));
  rows.Bool(age >= 75 && rng->Bernoulli(0.05));
  if (age >= 50) {
    rows.Int((age >= 85 ? kDrugs85 : age >= 75 ? kDrugs75 : age >= 65 ? kDrugs65 : kDrugs50).Draw(rng));
  } else {
    rows.Null();
  }
  rows.End();
  return (age >= 18 && age < 85) ? 200.0 : 0.0;
}

Days NextWorkingDay(Days day) {
  while (!IsWorkingDay(day)) ++day;
  return day;
}

double DayUniform(uint64_t key, Days day) {
  uint64_t state = key ^ (static_cast<uint64_t>(static_cast<uint32_t>(day)) * 0xd6e8feb86659fd93ULL);
  return static_cast<double>(SplitMix64(&state) >> 11) * 0x1.0p-53;
}

int RoundCapacity(double x, uint64_t key, Days day) {
  if (!(x > 0)) return 0;
  const double f = std::floor(x);
  return static_cast<int>(f) + (DayUniform(key, day) < x - f ? 1 : 0);
}

double Index100(Rng* rng, double mean, double sd) { return std::clamp(rng->Normal(mean, sd), 0.0, 100.0); }

void WriteBookings(const Region& r, const UnitInfo& u, Days day, bool dental, Rng* rng,
                   const std::string& prefix, int64_t* serial, Output* out) {
  const int year = Civil(day).year;
  const double web = r.cal.WebShare(year, dental);
  const double channels[4] = {web, 0.35, 0.10, 0.55 - web};
  static constexpr std::string_view kChannel[4] = {"web", "phone", "desk", "staff"};
  auto one = [&](std::string_view action, Days lead_from, Days at_day) {
    const int channel = rng->Choose(channels, 4);
    WallTime at;
    if (channel == 0) {
      const int hour = 6 + kWebHourChoice.Draw(rng);
      at = SkipSpringGap(Wall(at_day, hour * 3600 + static_cast<int>(rng->Below(3600))));
    } else {
      Days d = at_day;
      while (!IsWorkingDay(d) && d > lead_from) --d;
      at = Wall(d, kOpen + static_cast<int>(rng->Below(8 * 3600)));
    }
    if (DayOf(at) < r.first_day || DayOf(at) > r.last_day) return;
    if (DayOf(at) < u.valid_from) at = Wall(u.valid_from, kOpen + static_cast<int>(rng->Below(3600)));
    (*out)[kBookingsTable]
        .Id(prefix, ++*serial)
        .Text(u.id)
        .DateTime(at)
        .Text(action)
        .Text(kChannel[channel])
        .End();
  };
  const Days lead = rng->Bernoulli(0.15) ? 0 : static_cast<Days>(std::min(60.0, 1.0 + rng->Exponential(12)));
  one("book", day - lead - 30, day - lead);
  if (rng->Bernoulli(0.08)) one("cancel", day - lead - 30, day - static_cast<Days>(rng->Below(lead + 1)));
  if (rng->Bernoulli(0.05)) one("rebook", day - lead - 30, day - static_cast<Days>(rng->Below(lead + 1)));
}

void WriteSurveys(const Region& r, const UnitInfo& u, int year, int staff, int64_t listed, bool staff_survey,
                  bool patient_survey, Rng* rng, Output* out) {
  RowBuffer& rows = (*out)[kSurveysTable];
  const double trend = (year - 2022) * 0.6;
  if (staff_survey && staff > 0) {
    const int64_t respondents = std::max<int64_t>(1, rng->Binomial(staff, 0.8));
    rows.Text(u.id).Int(year).Text("hme").Fixed(Index100(rng, 79.0 + trend, 3.5), 1).Int(respondents).End();
    rows.Text(u.id)
        .Int(year)
        .Text("osa")
        .Fixed(Index100(rng, 65.5 + trend * 0.5, 4.0), 1)
        .Int(respondents)
        .End();
    rows.Text(u.id).Int(year).Text("hse").Fixed(Index100(rng, 76.5 + trend, 3.5), 1).Int(respondents).End();
  }
  if (patient_survey) {
    const int64_t respondents =
        std::max<int64_t>(5, static_cast<int64_t>(static_cast<double>(listed) * 0.015));
    rows.Text(u.id).Int(year).Text("npe_access").Fixed(Index100(rng, 82.0, 5.0), 1).Int(respondents).End();
    rows.Text(u.id).Int(year).Text("npe_overall").Fixed(Index100(rng, 86.0, 4.0), 1).Int(respondents).End();
  }
  (void)r;
}

void WriteRecordReview(const Region& r, const UnitInfo& u, Month month, Rng* rng, Output* out) {
  const int64_t planned = std::max<int64_t>(1, static_cast<int64_t>(std::floor(10.0 * r.scale + 0.5)));
  const int64_t performed = rng->Binomial(planned, 0.955);
  (*out)[kRecordReviewsTable].Text(u.id).MonthText(month).Int(planned).Int(performed).End();
}

std::unique_ptr<UnitSim> MakeUnitSim(const Region& region, int unit) {
  const UnitInfo& u = region.units[static_cast<size_t>(unit)];
  switch (u.role) {
    case Role::kHealthCentre:
    case Role::kBranch:
      return MakeHealthCentreSim(region, u);
    case Role::kDental:
      return MakeDentalSim(region, u);
    case Role::kOrthodontics:
      return MakeOrthoSim(region, u);
    case Role::kChat:
      return MakeChatSim(region, u);
    case Role::kLmhv:
    case Role::kService:
      return MakeServiceSim(region, u);
    case Role::kNone:
      break;
  }
  return nullptr;
}

}  // namespace nara::sim
