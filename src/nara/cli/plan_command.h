// `nara plan` (SPEC C10, issue 17): planning to 2030 on the command line.
//
//   nara plan run --scenario FILE [--config DIR] [--years 2025-2030] [--runs 10] [--seed N]
//                 [--scale F] --out DIR
//
// simulates the scenario (plan/scenario.h) year by year, run by run, computes the
// catalogue with the same engine as the real figures and writes DIR/results.csv
// (`scenario,year,indicator,unit_id,median,p10,p90,target,status`) and a copy of the
// scenario file. Progress, a line per run, on stderr.
//
//   nara plan compare DIR... [--config DIR] [--unit ID] [--indicator ID...] [--format table|csv]
//                     [--lang sv|en]
//
// prints the runs' results side by side: per indicator and year, each scenario's
// median with its 10th–90th percentile and status, for one unit (default: the
// administration), the indicators that unit has.
//
//   nara plan locate …, nara plan coverage …: the geography of care (locate_command.h).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

class LocateCommand;

struct PlanRunArgs {
  std::string scenario;
  std::string config_dir;  // empty: ConfigDir("")
  std::string years = "2025-2030";
  int runs = 10;
  uint64_t seed = 1;
  double scale = 1.0;
  std::string out_dir;
};

Status RunPlan(const PlanRunArgs& args, std::ostream& out, std::ostream& err);

struct PlanCompareArgs {
  std::vector<std::string> dirs;
  std::string config_dir;
  std::string unit;
  std::vector<std::string> indicators;
  std::string format = "table";
  std::string lang = "sv";
};

Status ComparePlans(const PlanCompareArgs& args, std::ostream& out);

// Registers `plan` on `app`; after app.parse(), Run() runs it if it was given.
class PlanCommand {
 public:
  explicit PlanCommand(CLI::App* app);
  ~PlanCommand();
  // True if `plan` was given; *status is then its result.
  bool Run(std::ostream& out, std::ostream& err, Status* status);

 private:
  CLI::App* plan_ = nullptr;
  CLI::App* run_ = nullptr;
  CLI::App* compare_ = nullptr;
  PlanRunArgs run_args_;
  PlanCompareArgs compare_args_;
  std::unique_ptr<LocateCommand> locate_;  // plan locate and plan coverage (locate_command.h)
};

}  // namespace nara::cli
