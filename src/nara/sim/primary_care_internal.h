// Internal to sim, and within sim to the primary care simulators: what the health
// centres (health_centre.cc), the central chat (chat.cc) and the special services
// (services.cc) share, defined in primary_care.cc. Nothing outside those files
// includes this header; the rest of sim reaches the simulators through
// MakeUnitSim (units.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nara/sim/random.h"
#include "nara/sim/region.h"
#include "nara/sim/units.h"

namespace nara::sim {

// The opening day of a health centre's phone and desk, 08–17, in seconds past midnight.
inline constexpr int kOpen = 8 * 3600, kClose = 17 * 3600;
// A closed day's calls (weekends, holidays) as a share of a working day's.
inline constexpr double kClosedDayCalls = 0.05;
// A Saturday clinic's hours (Levers::Weekend) and its part of a working day (4 h of 9).
inline constexpr int kSaturdayOpen = 10 * 3600, kSaturdayClose = 14 * 3600;
inline constexpr double kSaturdayDay = 4.0 / 9.0;

// The contract's staff groups (visits and assessments), by index.
inline constexpr std::string_view kStaffGroup[9] = {
    "doctor",       "nurse",      "district_nurse",         "physiotherapist",
    "psychologist", "counsellor", "occupational_therapist", "dietitian",
    "other"};

// The contract's forms of a contact (visits and assessments), by index.
enum Form : uint8_t { kClinic, kHome, kVideo, kPhone, kChat, kLetter };
inline constexpr std::string_view kFormName[6] = {"clinic", "home", "video", "phone", "chat", "letter"};

// A patient's age (0..100) and sex (0 = F) drawn from `cdf` with one uniform draw.
inline void SampleAgeSex(const AgeSexCdf& cdf, Rng* rng, int* age, int* sex) {
  const int c = cdf.Find(rng->Uniform());
  *age = c / 2;
  *sex = c % 2;
}

// A visit row of unit `u` (id prefix + serial) on `day` with the form and staff
// group given, for a patient of that age and sex; the patient's pseudonym, the
// recorded sex (now and then missing), the lifestyle-talk and medication-review
// flags and the drug count are drawn from `rng`, in that order. Returns the
// patient fee (kr) for the unit's economy.
double WriteVisit(const Region& r, const UnitInfo& u, const std::string& prefix, int64_t serial, Days day,
                  int form, int staff_group, int age, int sex, Rng* rng, Output* out);

// The simulators, one per file.
std::unique_ptr<UnitSim> MakeHealthCentreSim(const Region& region, const UnitInfo& unit);  // and branches
std::unique_ptr<UnitSim> MakeChatSim(const Region& region, const UnitInfo& unit);
std::unique_ptr<UnitSim> MakeServiceSim(const Region& region, const UnitInfo& unit);  // and LMHV

}  // namespace nara::sim
