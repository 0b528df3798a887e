// `nara simulate` (SPEC C9): runs the synthetic Halland into a folder of CSV
// extracts in data contract v1.1, and with --fidelity prints the SPEC §8 calibration
// figures beside the simulated ones.
//
//   nara simulate --config data/halland --years 2022-2024 --out DIR [--seed N]
//                 [--scale F] [--threads N] [--calibration-year 2022] [--fidelity]
//
// Progress goes to stderr, the fidelity table to stdout. Run() returns a Status that
// cli.cc maps to the exit code (bad options or configuration: 2; I/O: 3); a fidelity
// figure outside its tolerance is reported in the table, not as an error.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct SimulateArgs {
  std::string config_dir;           // empty: the default configuration (ConfigDir)
  std::string years = "2022-2024";  // "2022-2024" or "2023"
  std::string out_dir;
  uint64_t seed = 1;
  double scale = 1.0;
  int threads = 0;
  bool fidelity = false;
  int calibration_year = 0;  // sim::Levers::calibration_year (0: each year its own)
};

// "2022-2024" or "2023" into the first and last year; an error (kInvalidArgument)
// names --years.
Status ParseYears(const std::string& text, int* first, int* last);

// Simulates into args.out_dir; progress lines go to `err`, the fidelity table (when
// asked for) to `out`.
Status RunSimulate(const SimulateArgs& args, std::ostream& out, std::ostream& err);

// Registers `simulate` on `app`; after app.parse(), Run() runs it if it was given.
class SimulateCommand {
 public:
  explicit SimulateCommand(CLI::App* app);
  // True if `simulate` was given; *status is then its result.
  bool Run(std::ostream& out, std::ostream& err, Status* status);

 private:
  CLI::App* command_ = nullptr;
  SimulateArgs args_;
};

}  // namespace nara::cli
