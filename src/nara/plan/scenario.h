// Planning to 2030 (SPEC C10, issue 17): scenarios on the simulator, computed with the
// same catalogue and engine as the real figures.
//
// A scenario is a TOML file (the configuration folder's scenarios/*.toml) that changes
// the baseline — the synthetic Halland run on into the future with the seeds'
// population projection and today's staffing — through the simulator's levers
// (sim::Levers): staffed capacity per resource, unit or municipality from a year on
// ("fewer hands"), demand moved between resources (digital first), residents beyond the
// projection, an agency-staff stop, evening phone hours, Saturday clinics, a mobile team
// for the 80+, listing drawn between own and private units, and units that open
// (units.toml's [[unit]] entries), close or merge.
//
//   name = "Färre händer"            # shown in results and tables (default: file stem)
//   description = "…"
//   agency_stop = 2026               # from this year no agency staff
//   [[capacity]]                     # resource: phone | assessment | dental | chat
//   resource = "assessment"
//   from = 2026
//   factor = 0.9
//   municipality = 1380              # optional: SCB code; unit = "vc_…" optional
//   [[demand]]                       # resource: phone | assessment | chat
//   resource = "chat"
//   from = 2026
//   factor = 1.3
//   [[evening]]                      # the phone line open until 18–21 on working days
//   until = 19
//   from = 2026                      # municipality / unit optional
//   [[weekend]]                      # Saturday clinic 10–14: phone line, acute slots
//   from = 2026                      # municipality / unit optional
//   [[close]]                        # a unit closes after its last day, its patients
//   unit = "vc_…"                    # shared by its municipality's units, or merged
//   last_day = 2026-12-31            # into one: into = "vc_…"
//   [[listing]]                      # listing drawn to own or private units
//   provider = "private"             # own | private
//   factor = 1.2
//   from = 2026                      # municipality optional
//   [[mobile_team]]                  # a team takes a share of the 80+'s contacts
//   share = 0.3
//   from = 2026                      # municipality / unit optional
//   [[residents]]
//   municipality = 1380
//   by_2030 = 3000
//   [[unit]]                         # as in units.toml: a unit that opens
//   id = "vc_…" …
//
// RunScenario simulates each run from the year before the first planned one (a year to
// let queues, recalls and rosters settle) to the last, reads the files back with nara's
// reader and computes every indicator for every unit and planned year; the runs differ
// in their seed only. Per (year, indicator, unit) it keeps the median and the 10th and
// 90th percentile over the runs with a value, the year's target (threshold), and the
// status of the run whose value is nearest the median.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/model/config.h"
#include "nara/sim/simulate.h"

namespace nara::plan {

struct Scenario {
  std::string id;    // the file's stem
  std::string name;  // `name`, else the id
  std::string description;
  std::string file;
  sim::Levers levers;
  // The scenario's [[unit]] entries as TOML text, appended to units.toml when it runs.
  std::string units_toml;
  // The scenario's [[close]] entries: a unit's last open day (its latest version's
  // valid_to in the scenario's copy of units.toml); with `into`, its patients go to that
  // unit (sim::Levers::Merge), else they are shared by its municipality's units.
  struct Closing {
    std::string unit_id;
    Days last_day = 0;
    std::string into;
  };
  std::vector<Closing> closings;
};

// Reads a scenario file. Errors (kDataError) name the file, line and column: an unknown
// key, a resource that is not one of the list, a factor not above 0, a year outside
// 2016–2035, a municipality that is not one of Halland's.
StatusOr<Scenario> LoadScenario(const std::string& path);
// The scenarios of a configuration folder (`dir`/scenarios/*.toml), by file name.
StatusOr<std::vector<Scenario>> LoadScenarios(const std::string& config_dir);

// The configuration in `config_dir` as the scenario has it: with its [[unit]] entries
// appended to units.toml and its closings written into it (read from a copy in
// `work_dir`, by default /dev/shm or the system's temporary folder, removed
// afterwards); `dir` stays `config_dir`. kDataError when the units do not load with the
// rest, or a closing names no unit or a last day before the unit's latest version.
StatusOr<model::Config> ScenarioConfiguration(const std::string& config_dir, const Scenario& scenario,
                                              const std::string& work_dir = "");

// A scenario file opening `units` (units.toml entries as TOML text, each a [[unit]]
// table), named `name`: what nara plan locate --write-scenario writes.
std::string ScenarioWithUnits(const std::string& name, const std::string& description, const std::string& units_toml);

struct RunOptions {
  int first_year = 2025;  // the first planned year (its year before is simulated too)
  int last_year = 2030;
  int runs = 10;
  uint64_t seed = 1;  // run r uses seed + r
  double scale = 1.0;
  int threads = 0;  // the simulator's; 0: every core
  // A folder for the scenario's copy of the configuration (removed at the end); empty:
  // /dev/shm when there is one, else the system's temporary folder. The runs write no
  // files: each hands its tables straight to the engine (sim::SimulateDataset).
  std::string work_dir;
  // Asked before each run and before its computation: true stops the work and
  // RunScenario fails (kInvalidArgument, "cancelled"); whoever cancelled knows it was
  // them, from their own flag. A run's simulation is not interrupted (seconds).
  std::function<bool()> cancelled;
  // Told after each run how many are done (1..runs).
  std::function<void(int)> run_done;
};

// One figure of the results: an indicator's value for a unit and planned year, over
// the runs.
struct ResultRow {
  int year = 0;
  std::string indicator;
  std::string unit_id;
  int runs_with_value = 0;
  double median = 0, p10 = 0, p90 = 0;  // NaN when no run has a value
  double target = 0;                    // the year's threshold; NaN when none
  std::string status;                   // follow::StatusName of the median's run
};

struct Results {
  std::string scenario;  // its name
  // The unit to show first: the administration (Närsjukvården) valid at the last planned
  // year's end, else the tree's root. Not in results.csv.
  std::string default_unit;
  std::vector<ResultRow> rows;  // years, then the catalogue's order, then tree order
};

// Progress: a line per run and step, for stderr.
using Progress = std::function<void(const std::string&)>;

// Runs `scenario` on the configuration in `config_dir` (units, plans, catalogue,
// economy). Fails with kInvalidArgument for years outside 2017–2035, first after last,
// runs outside 1–100; with kDataError for a configuration that does not load (with
// the scenario's units); with the simulator's error otherwise.
StatusOr<Results> RunScenario(const std::string& config_dir, const Scenario& scenario, const RunOptions& options,
                              const Progress& progress = nullptr);

// The columns a run makes (sim::DatasetShape): those the catalogue's expressions
// read and each table's unit_id and date column; the rest stay empty. Fails when an
// indicator does not compile.
StatusOr<sim::DatasetShape> CatalogueShape(const std::vector<model::IndicatorDef>& catalogue);

// The p-th percentile (0–100) of `values` by linear interpolation between order
// statistics (R's type 7, a spreadsheet's PERCENTILE.INC); NaN when empty.
double Percentile(std::vector<double> values, double p);

// results.csv: `scenario,year,indicator,unit_id,median,p10,p90,target,status`, numbers
// as PlainNumber writes them (a point for decimals), empty when missing.
void WriteResultsCsv(const Results& results, std::ostream& out);
// Reads what WriteResultsCsv wrote (one or more scenarios).
StatusOr<std::vector<Results>> ReadResultsCsv(const std::string& path);

}  // namespace nara::plan
