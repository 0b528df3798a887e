// The synthetic Halland (SPEC C9, §8): a calibrated simulation of the region's
// primary care that writes the whole data contract v1.1, nara's embedded default.
//
// From the organisation tree of a configuration it simulates residents per
// municipality, age and sex; their listing at health centres and branches; the
// demand for care (calls, chats, assessments, visits, bookings, referrals,
// vaccinations) by age, season, weekday and hour; the units' capacity (staff rosters
// with vacations, sick leave and turnover; opening hours; phone call-back agents;
// appointment slots; chat staffing) and the queues where demand meets capacity; the
// dental clinics' recall of patients by risk group, the children they are responsible
// for per (synthetic) DeSo and their clinical time; and the own units' economy, whose
// children's dental capitation follows the configured model (economy.toml).
// The care-guarantee outcomes are results of those queues, not drawn shares: the
// model is calibrated through its inputs (demand rates, capacity) so that the
// figures of SPEC §8 come out (see Fidelity).
//
// Determinism: the same configuration, options and seed give byte-identical files
// on any machine (own random generator and distributions, own formatting, units
// simulated on independent sub-streams and written in tree order).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/model/config.h"

namespace nara::sim {

// What a planning scenario changes in the simulated region (plan/scenario.h reads them
// from a scenario file). The defaults change nothing: a run without levers is the
// calibrated synthetic Halland.
struct Levers {
  // The queues' servers: call-back agents, assessment slots, dental recall capacity,
  // chat nurses.
  enum class Resource : uint8_t { kPhone, kAssessment, kDental, kChat };
  // The staffed capacity of a resource × `factor` from `from_year` on, at the units of
  // one municipality (SCB code; 0: all) or one unit (id; empty: all). Factors that
  // match multiply.
  struct Capacity {
    Resource resource = Resource::kPhone;
    int municipality_code = 0;
    std::string unit_id;
    int from_year = 0;
    double factor = 1;
  };
  // The demand for a resource × `factor` from `from_year` on, region-wide: calls and
  // assessment needs at the health centres, chats started (e.g. digital first:
  // assessments × 0,9 and chats × 1,3). Dental demand follows the population only.
  struct Demand {
    Resource resource = Resource::kPhone;
    int from_year = 0;
    double factor = 1;
  };
  // Residents added to (or taken from) a municipality by 2030 beyond the projection,
  // ramped in evenly from 2025 (a sixth a year) and kept after 2030; its age structure
  // is the projection's. Listing, demand and planned capacity follow.
  struct Residents {
    int municipality_code = 0;
    double by_2030 = 0;
  };
  // Evening phone hours: the health centres' phone line open, and their call-back
  // agents working, until `until` o'clock on working days (18–21; otherwise 17) from
  // `from_year`, at the units of one municipality (SCB code; 0: all) or one unit (id;
  // empty: all). The day's agent time is the same, spread over the longer day; calls
  // in the added hours are within opening hours. The latest `until` that matches holds.
  struct Evening {
    int municipality_code = 0;
    std::string unit_id;
    int from_year = 0;
    int until = 17;
  };
  // A mobile team for the residents aged 80+ (seed 001, "mobila team" for those in
  // municipal home care): from `from_year`, at the health centres of one municipality
  // (SCB code; 0: all) or one unit (id; empty: all), the team takes `share` (0–1) of
  // the 80+'s calls and assessment needs, which then no longer reach the health
  // centre's phone line and appointment book; its capacity stays as planned. The
  // team's own home visits are not in the extracts (no unit of the tree reports them).
  // The 80+'s part of a centre's contacts is its municipality's contact weight of
  // those aged 80+ (DemandMix::contact_share_80). The largest `share` that matches holds.
  struct MobileTeam {
    int municipality_code = 0;
    std::string unit_id;
    int from_year = 0;
    double share = 0;
  };
  std::vector<Capacity> capacity;
  std::vector<Demand> demand;
  std::vector<Residents> residents;
  std::vector<Evening> evening;
  std::vector<MobileTeam> mobile_team;
  // A Saturday clinic (seed 001: evening and weekend clinics per municipality): from
  // `from_year`, the health centres of one municipality (SCB code; 0: all) or one unit
  // (id; empty: all) open on Saturdays that are not holidays, 10–14, for what cannot
  // wait: their phone line is answered (the Saturday calls in those hours are within
  // opening hours, and the call-back queue works them and Friday's left-over calls)
  // and acute assessment slots are held (4/9 of a working day's: four hours of nine),
  // staffed on top of the week's. No demand moves to Saturday.
  struct Weekend {
    int municipality_code = 0;
    std::string unit_id;
    int from_year = 0;
  };
  std::vector<Weekend> weekend;
  // Listing drawn between the providers (seed 001: listing shifts between providers):
  // from `from_year`, the attractiveness of the region's own health centres and
  // branches (`own`) or the private ones × `factor`, in one municipality (SCB code; 0:
  // all). A municipality's listed (their number follows the population) are shared by
  // the units' attractiveness, so the others lose what these gain. Factors that match
  // multiply.
  struct Listing {
    bool own = false;
    int municipality_code = 0;
    int from_year = 0;
    double factor = 1;
  };
  std::vector<Listing> listing;
  // A unit merged into another when it closes (a scenario's [[close]] with `into`):
  // its patients go to `into` instead of being shared by the municipality's units.
  struct Merge {
    std::string unit_id;
    std::string into;
  };
  std::vector<Merge> merge;
  int agency_stop_from = 0;  // from this year no agency staff covers a vacancy; 0: never
  // The queues' capacity calibration (phone, assessment, dental, orthodontic, chat; see
  // region.cc) of this year is used for every later year; 0: each year its own. A
  // backcast calibrates on 2022 alone and runs 2023 and 2024 with it.
  int calibration_year = 0;

  double CapacityFactor(Resource resource, int municipality_code, const std::string& unit_id, int year) const;
  double DemandFactor(Resource resource, int year) const;
  // The hour the phone line closes (17 without an evening lever that matches).
  int PhoneClosingHour(int municipality_code, const std::string& unit_id, int year) const;
  // The share of the 80+'s contacts a mobile team takes (0 without one that matches).
  double MobileTeamShare(int municipality_code, const std::string& unit_id, int year) const;
  // Whether a Saturday clinic holds (Weekend) at the unit in `year`.
  bool SaturdayOpen(int municipality_code, const std::string& unit_id, int year) const;
  // The listing attractiveness factor of an own (or private) unit (1 without a lever).
  double ListingFactor(bool own, int municipality_code, int year) const;
  // The unit `unit_id` merges into, or null.
  const std::string* MergedInto(const std::string& unit_id) const;
};

struct SimOptions {
  int first_year = 2022;
  int last_year = 2024;
  uint64_t seed = 1;
  double scale = 1.0;  // residents, demand and staff × scale; 30 ≈ Sweden's size
  int threads = 0;     // worker threads; 0 = the machine's cores (output is the same)
  Levers levers;       // a planning scenario's changes (none by default)
};

// What a run did. `events` are the simulated events, counted where the model makes
// them happen, independent of the rows written: arrivals at a queue or book (calls,
// chats, assessment needs, dental recalls due, orthodontic referrals), services (an
// agent takes a call, a chat is answered, an assessment is held, a dental exam time
// is kept or missed, a treatment starts), a chat given up, a planned or special-
// service visit or a referral (one event each), and the staff roster's hires,
// leavers and sick-leave episodes. Rows of aggregates (population, listings,
// vaccinations per day, ledger, forecasts, surveys, record reviews, staff months,
// caries risk, dental children, clinical time),
// booking rows and the visit rows of assessments and chats are written but are not
// events of their own. `rows` and `bytes` are what was written over all tables
// (header lines not counted as rows).
struct SimStats {
  uint64_t events = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0;
};

// Writes the 20 tables of data contract v1.1 as CSV files (units.csv, population.csv,
// listings.csv, phone_calls.csv, …, caries_risk.csv, dental_children.csv,
// clinical_time.csv) into `out_dir` (created if missing; existing
// files of those names are replaced), for the years first_year..last_year, from the
// organisation tree of `config`. Rows are streamed month by month through one
// buffered writer per table, so memory stays bounded whatever the scale.
// `progress` (may be null) gets a short line per simulated year; `stats` (may be
// null) receives the run's counts.
// The children's dental capitation is read from `config.dir`/economy.toml
// ([[children_dental]]); without the file or the entries the synthetic Halland's
// default (DefaultChildrenDental in region.h) is used.
// Fails with kInvalidArgument for years outside 2016..2035 or first > last, or a
// scale outside (0, 100]; with kDataError for a broken economy.toml; with kIoError
// when a file cannot be written.
Status Simulate(const model::Config& config, const SimOptions& options, const std::string& out_dir,
                std::ostream* progress, SimStats* stats = nullptr);

// The same run handed straight to the engine (sim/typed_out.h): the tables
// ingest::LoadExtractDir reads from the files Simulate writes, identifiers left out,
// made without writing or reading text; units.csv is not made (its units are
// `config.tree`'s, the tree to compute with). For planning's many runs
// (plan/scenario.h). `stats` gets events and rows, no bytes. Fails as Simulate does,
// with kInternal when a simulated value does not fit its contract column.
//
// `shape` (may be null) narrows and sizes the tables for a caller that knows what it
// reads: per table name, the schema columns to make (`keep`; the others stay empty,
// as identifiers do; a table not named is made whole), and the rows to expect
// (`expected_rows`, an earlier run's: the tables are reserved that large, plus a
// tenth, instead of growing and being copied as they fill).
struct DatasetShape {
  std::map<std::string, std::vector<bool>, std::less<>> keep;
  std::map<std::string, size_t, std::less<>> expected_rows;
};
StatusOr<engine::Dataset> SimulateDataset(const model::Config& config, const SimOptions& options,
                                          std::ostream* progress, SimStats* stats = nullptr,
                                          const DatasetShape* shape = nullptr);

// One calibration figure of SPEC §8: the seed's value, the value in the simulated
// files, and whether it is within tolerance by its kind — counts within ±3 %,
// shares (percent) within ±1.5 percentage points, the median chat wait (minutes,
// one queue's outcome) within ±10 %, and "below" figures (the agency cost share,
// a percent) under the seed value.
enum class FigureKind { kCount, kShare, kMinutes, kBelow };

struct FidelityRow {
  std::string figure;
  double seed = 0;
  double simulated = 0;
  FigureKind kind = FigureKind::kCount;
  bool ok = false;
  // False when the figure is shown but not judged: a share, wait or cost share of a
  // run at a scale other than 1, where the calibration does not hold (queues with
  // a handful of agents and slots behave differently). `ok` is then informative only.
  bool judged = true;
  bool share() const { return kind == FigureKind::kShare || kind == FigureKind::kBelow; }
};

// Whether `simulated` is within the tolerance of `kind` around `seed` (see above).
bool WithinTolerance(FigureKind kind, double seed, double simulated);

// Reads the files a Simulate run wrote to `out_dir` with nara's own reader and
// computes the SPEC §8 figures those years can show: population per municipality
// 2022 and growth to 2030, 80+ in 2023 and 2030, health centres and branches and
// average listed per health centre per municipality, visits at health centres 2022
// and under Vårdcentralen Halland 2024, phone contact the same day (autumn 2022,
// 2023), medical assessment within 3 days (2022, Dec 2022–Nov 2023), chats started
// and median chat wait 2023, dental exams on time 2023, agency cost share 2023,
// the capitation price per care point, and the dental clinics' children's capitation
// 2023 and 2024 as booked beside the configured model over caries_risk and
// dental_children (contract v1.1). The care-guarantee shares are computed by the
// indicator engine with the catalogue's own definitions (`config.catalogue`).
// Figures whose year was not simulated are left out.
// `scale` is the run's (SimOptions::scale): the seed values of counts that grow with
// the region (residents, listed, visits, chats) are multiplied by it; units and
// prices are not. At a scale other than 1 the other figures are not judged (see
// FidelityRow::judged).
StatusOr<std::vector<FidelityRow>> Fidelity(const model::Config& config, const std::string& out_dir,
                                            int first_year, int last_year, double scale = 1.0);

// The backcast (issue 17, docs/planning.md): how far to trust a scenario. The queues'
// capacity calibrated on 2022 alone (Levers::calibration_year), 2023 simulated at scale
// 1 with the known population, listing, staffing and chat demand (seed 1, written to a
// folder under `work_dir`, by default the system's temporary folder, and removed), and
// the seed's 2023 outcomes compared: phone contact the same day, medical assessment
// within 3 days, chats started, the median chat wait, children's and adults' dental
// exams on time. Nothing is re-tuned for it.
struct BackcastRow {
  FidelityRow row;
  // What the model honestly holds (SimBackcast.CalibratedOn2022Alone): percentage
  // points for a share, else a share of the seed value (0,03 = ±3 %).
  double tolerance = 0;
  bool Held() const;
};
StatusOr<std::vector<BackcastRow>> Backcast(const model::Config& config, int threads = 0,
                                            const std::string& work_dir = "");

}  // namespace nara::sim
