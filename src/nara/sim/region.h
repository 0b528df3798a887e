// Internal to sim: the synthetic region's shared inputs, built once per run before
// any unit is simulated and read-only afterwards (so units can run in parallel).
//
//   Population   residents per municipality × year × age × sex (SPEC §8 calibration)
//   Region       the units to simulate with their roles, listing per month, the
//                demand mix of each municipality, and the calibration constants
//
// Every number that calibrates the model (demand rates, capacity factors) is a named
// constant in region.cc with the SPEC §8 figure it serves.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nara/base/time.h"
#include "nara/model/children_capitation.h"
#include "nara/model/prices.h"
#include "nara/model/config.h"
#include "nara/model/org_tree.h"
#include "nara/sim/csv_out.h"
#include "nara/sim/simulate.h"

namespace nara::sim {

inline constexpr int kAges = 101;  // 0..100, 100 = 100+
inline constexpr int kPopFirstYear = 2015;
inline constexpr int kPopLastYear = 2035;
inline constexpr int kPopYears = kPopLastYear - kPopFirstYear + 1;

// The six municipalities of Halland (SPEC §8).
struct MunicipalitySeed {
  int code;
  const char* name;
  double population_2022;
  double growth_to_2030;
  int health_centres;
  int branches;
  double average_listed;
};
extern const std::array<MunicipalitySeed, 6> kMunicipalities;

// Residents (unrounded, scale 1) and their rounded counts at the run's scale.
class Population {
 public:
  // `extra_2030`: residents added to each municipality (index into kMunicipalities)
  // by 2030, ramped in from 2025 (Levers::Residents), with the projection's age
  // structure.
  explicit Population(double scale, const std::array<double, 6>& extra_2030 = {});
  // Residents of municipality `m` (index into kMunicipalities) in `year`, age, sex (0 = F).
  double Value(int m, int year, int age, int sex) const;
  int64_t Count(int m, int year, int age, int sex) const;
  double Total(int m, int year) const;
  // Total at a fractional time (year + (month - 0.5) / 12), linear between years.
  double TotalAt(int m, Month month) const;

 private:
  static int YearIndex(int year);
  std::vector<double> value_;   // [m][year][age][sex]
  std::vector<int64_t> count_;  // same layout
};

enum class Role : uint8_t {
  kNone,  // areas, region, administration: no rows of their own
  kHealthCentre,
  kBranch,
  kDental,
  kOrthodontics,  // dental clinics for orthodontics (tandreglering)
  kChat,          // the central chat and video service
  kLmhv,          // physicians in municipal home care
  kService,       // other special assignments
};

// A CDF over the (age, sex) cells (index age * 2 + sex) with a guide table, so a
// draw looks at one or two cells instead of searching all of them.
class AgeSexCdf {
 public:
  static constexpr int kCells = kAges * 2;
  // Sets the cumulative values (non-decreasing, the last one 1) and builds the guide.
  void Set(const std::array<double, kCells>& cdf);
  // The first cell whose value exceeds u (std::upper_bound), the last cell when none
  // does; u in [0, 1).
  int Find(double u) const {
    if (!guided_) return Search(u);
    int c = guide_[static_cast<size_t>(u * kGuide)];  // exact: kGuide is a power of two
    while (c < kCells && cdf_[static_cast<size_t>(c)] <= u) ++c;
    return c < kCells ? c : kCells - 1;
  }

 private:
  static constexpr int kGuide = 256;
  int Search(double u) const;
  std::array<double, kCells> cdf_{};
  // guide_[b]: the first cell whose value exceeds b / kGuide. Only used when the
  // values are non-decreasing (then a forward scan from it finds what a binary
  // search would).
  std::array<uint8_t, kGuide> guide_{};
  bool guided_ = false;
};

// The demand mix of one municipality in one year.
struct DemandMix {
  double contact_weight = 1;  // mean contact weight per resident (age-weighted)
  double care_points = 1;     // mean vårdpoäng per resident
  double share_65 = 0, share_80 = 0, share_18 = 0, share_children = 0;  // of residents
  double contact_share_80 = 0;  // of the contact weight: that of the residents aged 80+
  AgeSexCdf visit_cdf;                                                  // over (age, sex) of contacts
  AgeSexCdf resident_cdf;                                               // over (age, sex) of residents
};

struct UnitInfo {
  int index = -1;  // in the OrgTree
  std::string id;
  Role role = Role::kNone;
  bool own = false;           // the region's own unit (staff, economy, surveys)
  int municipality = -1;      // index into kMunicipalities, -1 = none
  int parent_hc = -1;         // branches: the health centre (UnitInfo index) they belong to
  std::vector<int> branches;  // health centres: their branches (UnitInfo indexes)
  Days valid_from = 0, valid_to = model::kOpenEnded;  // overall validity (first..last day)
  uint64_t key = 0;                                   // sub-stream key derived from the id
  // Listing by month (index month - Region::first_month): listed and care points.
  std::vector<int64_t> listed;
  std::vector<double> care_points;
  // How many distinct patients the unit's rows draw their pseudonyms from: the most it
  // ever had listed, or for units without a listing (the central chat, dental and
  // special services) everyone listed in the region. Patients come back.
  int64_t patient_pool = 1;
  // Health centres: demand intensity multiplier (calibrated) and planned daily means
  // by year (index year - first_year) that size capacity.
  double intensity = 1;
};

// Calibration constants; see region.cc for the figure each one serves.
struct Calibration {
  double calls_per_weight;          // phone calls per contact weight and year
  double direct_assess_per_weight;  // assessment needs not by phone
  double assess_after_advice;       // share of advice calls that need an assessment
  double planned_per_weight;        // planned visits
  double referrals_per_weight;
  double phone_handle_s;                    // mean handling time of a call
  double own_intensity, private_intensity;  // solved in BuildRegion
  std::array<double, 3> chat_year;          // chats started 2022, 2023, 2024 (scale 1)
  double chat_service_s, chat_patience_s;
  double PhoneCapacity(int year) const;
  double AssessCapacity(int year) const;
  double DentalCapacity(int year) const;
  double ChatStaffing(int year) const;
  double OrthoCapacity(int year) const;
  double CapitationPrice(int year) const;
  double WebShare(int year, bool dental) const;
  double AgencyCover(int year) const;
  double Turnover(int year) const;
};

// A synthetic DeSo (demografiskt statistikområde): a code in SCB's format — the
// municipality's code, a letter for the kind of area (A mainly rural, B small towns,
// C central), four digits, e.g. 1380C1010 — but made up: not SCB's areas, their
// borders or their figures. The children's dental capitation is differentiated by its
// caries risk (contract v1.1 caries_risk).
struct Deso {
  std::string code;
  int municipality = -1;       // index into kMunicipalities
  double children_weight = 0;  // share of the municipality's children living there
  // Caries risk relative to the region's children-weighted mean, by year (index
  // year - Region::first_year), rounded to the three decimals caries_risk.csv holds.
  std::vector<double> risk;
};

class Region {
 public:
  const model::OrgTree* tree = nullptr;
  uint64_t seed = 1;
  double scale = 1;
  int first_year = 0, last_year = 0;
  Days first_day = 0, last_day = 0;       // the simulated days
  Month first_month = 0, last_month = 0;  // range of the listing arrays (wider than the run)
  std::unique_ptr<Population> population;
  std::vector<UnitInfo> units;    // the units that produce rows, tree order
  std::vector<int> unit_of_tree;  // tree index -> UnitInfo index or -1
  std::vector<DemandMix> mix;     // [m * kPopYears + year - kPopFirstYear]
  DemandMix region_mix_2023;      // whole region, for units without a municipality
  Calibration cal;
  DateText dates;
  std::vector<Deso> deso;                    // by municipality, then code
  std::vector<std::vector<int>> deso_of;     // municipality -> indexes into `deso`
  // The children's dental capitation by year (economy.toml [[children_dental]]).
  std::vector<model::ChildrenDentalModel> children_dental;
  // The capitation price per care point by year (economy.toml [[capitation]],
  // model/prices.h); a year it has no price for falls back on `cal`.
  std::vector<model::PriceModel> capitation;
  Levers levers;  // the planning scenario's changes (none for the synthetic Halland)

  const DemandMix& Mix(int m, int year) const;
  bool ValidOn(const UnitInfo& u, Days day) const;
  // Listed at the end of `month` (0 when outside the arrays or not valid).
  int64_t Listed(const UnitInfo& u, Month month) const;
  double CarePoints(const UnitInfo& u, Month month) const;
  // Listed at the health centre and its branches valid in the month.
  int64_t Catchment(const UnitInfo& hc, Month month) const;
  // Working-day demand factor: season × weekday / (the year's sum of those over
  // working days), so that a year's factors sum to 1.
  double DayFactor(Days day) const;
  // The DeSo's relative caries risk in `year` (a simulated year).
  double DesoRisk(int deso_index, int year) const;
  // The children's dental capitation model of `year`: the configured year's, else the
  // latest earlier one's, else the earliest configured.
  const model::ChildrenDentalModel& ChildrenDental(int year) const;
  // The price per care point the ledger books in `year`: the configured one, else the
  // calibration's (Calibration::CapitationPrice).
  double CapitationPrice(int year) const;
  // The levers as the units apply them: the capacity factor of unit `u`, the demand
  // factor, and the agency cover of vacancies (Calibration::AgencyCover, 0 once an
  // agency stop holds).
  double CapacityFactor(Levers::Resource resource, const UnitInfo& u, int year) const;
  double DemandFactor(Levers::Resource resource, int year) const { return levers.DemandFactor(resource, year); }
  double AgencyCover(int year) const;
  // When unit `u`'s phone line closes on a working day of `year`, in seconds past
  // midnight: 17:00, later with an evening lever (Levers::Evening).
  int PhoneClose(const UnitInfo& u, int year) const;
  // What reaches unit `u`'s phone line and appointment book of its residents' calls and
  // assessment needs in `year`: 1 − the mobile team's share × the 80+'s part of the
  // contacts (Levers::MobileTeam); 1 without a team.
  double MobileTeamFactor(const UnitInfo& u, int year) const;
  // Whether unit `u` keeps a Saturday clinic on day `d` (a Saturday, not a holiday,
  // with a Levers::Weekend that matches).
  bool SaturdayClinic(const UnitInfo& u, Days d) const;
  // The year whose capacity calibration holds in `year` (Levers::calibration_year).
  int CalYear(int year) const {
    return levers.calibration_year > 0 && year > levers.calibration_year ? levers.calibration_year : year;
  }

 private:
  friend class RegionBuilder;
  std::vector<double> year_norm_;  // by year - kPopFirstYear
};

// The children's dental capitation the synthetic Halland books when the configuration
// has no [[children_dental]] entries: data/halland/economy.toml's (2 000 kr a child and
// year; not differentiated before 2023, half by caries risk from 2023).
std::vector<model::ChildrenDentalModel> DefaultChildrenDental();

// The children's dental capitation of `config` (its folder's economy.toml), or
// DefaultChildrenDental() when it has no folder, no economy.toml or no
// [[children_dental]] entries; a DataError for a broken file.
StatusOr<std::vector<model::ChildrenDentalModel>> ConfiguredChildrenDental(const model::Config& config);

// Builds the region for a run (population, listing, calibration, DeSo), with the
// children's dental capitation `children_dental` (non-empty). The tree must outlive
// the region.
std::unique_ptr<Region> BuildRegion(const model::OrgTree& tree, uint64_t seed, double scale, int first_year,
                                    int last_year,
                                    std::vector<model::ChildrenDentalModel> children_dental = DefaultChildrenDental(),
                                    const Levers& levers = {});

// Visits a year (scale 1) at a special service, by its role and id.
double ServiceVisitsPerYear(const UnitInfo& u);

// An opaque pseudonym: a letter, then 11 lowercase hex digits. Never a personnummer.
std::string Pseudonym(char letter, uint64_t seed, uint64_t unit_key, uint64_t serial);
// The same pseudonym into out[0..11], without allocating.
void PseudonymChars(char letter, uint64_t seed, uint64_t unit_key, uint64_t serial, char* out);

}  // namespace nara::sim
