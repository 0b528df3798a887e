// `nara plan locate` and `nara plan coverage` (SPEC C10, issue 17 "Geography"): the
// geography of care on the command line, on the synthetic population grid (geo/).
//
//   nara plan locate [--config DIR] [--k 1..3] [--year 2024] [--kind health_centre|branch]
//                    [--objective distance|coverage] [--within 15] [--format table|csv]
//                    [--lang sv|en] [--scenario FILE] [--write-scenario FILE [--opens 2026-01-01]]
//
// prints, for each k, the k proposed new units (geo/locate.h: cell centre in SWEREF 99 TM
// and WGS84, municipality, nearest locality) with the population-weighted mean distance
// and the share of residents within --within km, before and after. CSV columns:
// k,unit,e,n,lat,lon,municipality,locality,mean_km_before,mean_km_after,within_km,
// within_before,within_after (shares 0–1, a point for decimals). --write-scenario turns
// the proposal into a scenario (health centres under the administration's health
// centres' parent, a branch under its nearest health centre), so that a planner runs
// it on the simulator.
// With --scenario both commands count the scenario's units beside the configured ones
// (its residents beyond the projection are not on the grid).
//
//   nara plan coverage [--config DIR] [--year 2024] [--format table|csv] [--lang sv|en] [--scenario FILE]
//
// prints, per municipality and for the region, the share of residents and of those 80+
// within 5/10/15/20 km of the nearest health centre and of the nearest health centre or
// branch, the mean and the longest distance. CSV columns:
// municipality,nearest,group,residents,within_5,within_10,within_15,within_20,mean_km,longest_km.
#pragma once

#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct LocateArgs {
  std::string config_dir;  // empty: ConfigDir("")
  std::string k = "1..3";  // "2" or "1..3"
  int year = 2024;
  std::string kind = "health_centre";
  std::string objective = "distance";
  double within_km = 15;
  std::string format = "table";
  std::string lang = "sv";
  // A scenario file (plan/scenario.h) whose units are added to the configuration's
  // (a unit it opens counts from its valid_from on); empty: the configuration as it is.
  std::string scenario;
  // locate: a scenario file to write opening the largest k's proposed units on
  // `opens` (default: 1 January after --year), ready for nara plan run.
  std::string write_scenario;
  std::string opens;
};

Status RunLocate(const LocateArgs& args, std::ostream& out);
// The coverage table (args.k, kind, objective and within are not used).
Status RunCoverage(const LocateArgs& args, std::ostream& out);

// Registers `locate` and `coverage` on the `plan` app; after app.parse(), Run() runs the
// one given.
class LocateCommand {
 public:
  explicit LocateCommand(CLI::App* plan);
  // True if `locate` or `coverage` was given; *status is then its result.
  bool Run(std::ostream& out, Status* status);

 private:
  CLI::App* locate_ = nullptr;
  CLI::App* coverage_ = nullptr;
  LocateArgs args_;
  LocateArgs coverage_args_;
};

}  // namespace nara::cli
