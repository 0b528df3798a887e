#include "nara/cli/simulate_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/compute.h"
#include "nara/model/config.h"
#include "nara/sim/simulate.h"

namespace nara::cli {
namespace {

// "2022-2024" or "2023" into first and last year.
std::string Pad(const std::string& s, size_t width, bool right) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  const std::string pad(w < width ? width - w : 0, ' ');
  return right ? pad + s : s + pad;
}

std::string Figure(double v, bool share) {
  if (!std::isfinite(v)) return "–";
  if (share) return FormatNumber(v, 1, Lang::kSv) + " %";
  return FormatNumber(v, std::fabs(v) < 100 && v != std::floor(v) ? 1 : 0, Lang::kSv);
}

// The table of --fidelity. At a scale other than 1 the seed column holds the count
// figures × the scale, and figures that are not judged (FidelityRow::judged) say so
// in the last column instead of ja/NEJ.
void PrintFidelity(const std::vector<sim::FidelityRow>& rows, double scale, std::ostream& out) {
  const bool scaled = scale != 1.0;
  const std::string seed_header = scaled ? "seed × " + FormatNumber(scale, scale < 1 ? 2 : 1, Lang::kSv) : "seed";
  size_t width = 6;
  for (const sim::FidelityRow& r : rows) width = std::max(width, r.figure.size());
  out << Pad("figure", width, false) << "  " << Pad(seed_header, 12, true) << "  "
      << Pad("simulated", 12, true) << "  " << Pad("difference", 12, true) << "  ok\n";
  int judged = 0, misses = 0;
  for (const sim::FidelityRow& r : rows) {
    std::string diff = "–";
    if (std::isfinite(r.simulated)) {
      if (r.share()) {
        diff = (r.simulated >= r.seed ? "+" : "") + FormatNumber(r.simulated - r.seed, 1, Lang::kSv) + " pe";
      } else if (r.seed != 0) {
        const double rel = 100.0 * (r.simulated - r.seed) / std::fabs(r.seed);
        diff = (rel >= 0 ? "+" : "") + FormatNumber(rel, 1, Lang::kSv) + " %";
      } else {
        diff = FormatNumber(r.simulated - r.seed, 0, Lang::kSv);
      }
    }
    if (r.judged) {
      ++judged;
      if (!r.ok) ++misses;
    }
    out << Pad(r.figure, width, false) << "  " << Pad(Figure(r.seed, r.share()), 12, true) << "  "
        << Pad(Figure(r.simulated, r.share()), 12, true) << "  " << Pad(diff, 12, true) << "  "
        << (!r.judged ? "not judged*"
            : r.ok    ? "ja"
                      : "NEJ")
        << "\n";
  }
  out << judged - misses << " of " << judged
      << " figures within tolerance (counts ±3 %, shares ±1,5 percentage points, median chat wait ±10 %)\n";
  if (judged < static_cast<int>(rows.size())) {
    out << "* calibrated at scale 1 only: at scale " << FormatNumber(scale, scale < 1 ? 2 : 1, Lang::kSv)
        << " the queues have other numbers of agents and slots and give other shares and waits "
           "(queueing, not an error); counts are compared with the seed figures × the scale\n";
  }
}

}  // namespace

Status ParseYears(const std::string& text, int* first, int* last) {
  const size_t dash = text.find('-');
  auto parse = [](const std::string& s, int* year) {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    *year = std::stoi(s);
    return true;
  };
  const bool ok = dash == std::string::npos
                      ? parse(text, first) && parse(text, last)
                      : parse(text.substr(0, dash), first) && parse(text.substr(dash + 1), last);
  if (!ok) return Status::Invalid("--years must be a year or a range like 2022-2024 (got '" + text + "')");
  if (*first > *last)
    return Status::Invalid("--years: the first year comes after the last (got '" + text + "')");
  return Status::Ok();
}

Status RunSimulate(const SimulateArgs& args, std::ostream& out, std::ostream& err) {
  sim::SimOptions options;
  NARA_RETURN_IF_ERROR(ParseYears(args.years, &options.first_year, &options.last_year));
  options.seed = args.seed;
  options.scale = args.scale;
  options.threads = args.threads;
  options.levers.calibration_year = args.calibration_year;
  std::vector<model::Problem> problems;
  const std::string config_dir = ConfigDir(args.config_dir);
  model::Config config = model::LoadConfig(config_dir, &problems);
  NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems)));
  const auto start = std::chrono::steady_clock::now();
  err << "simulating " << options.first_year << "–" << options.last_year << " from " << config_dir
      << ", seed " << options.seed << ", scale " << FormatNumber(options.scale, options.scale < 1 ? 2 : 1, Lang::kSv)
      << "\n";
  NARA_RETURN_IF_ERROR(sim::Simulate(config, options, args.out_dir, &err));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  err << "done in " << FormatNumber(seconds, 1, Lang::kSv) << " s\n";
  if (args.fidelity) {
    NARA_ASSIGN_OR_RETURN(
        auto rows, sim::Fidelity(config, args.out_dir, options.first_year, options.last_year, options.scale));
    PrintFidelity(rows, options.scale, out);
  }
  return Status::Ok();
}

SimulateCommand::SimulateCommand(CLI::App* app) {
  command_ =
      app->add_subcommand("simulate", "Simulate the synthetic Halland into CSV extracts (data contract v1.1)");
  command_->add_option("--config", args_.config_dir, "Configuration folder (default: data/halland)");
  command_->add_option("--years", args_.years, "Years to simulate, e.g. 2022-2024 (default) or 2023");
  command_->add_option("--out", args_.out_dir, "Folder for the 20 CSV files (created if missing)")
      ->required();
  // A negative seed would wrap around to a huge one (uint64); refuse it instead.
  command_->add_option("--seed", args_.seed, "Random seed (default 1); the same seed gives the same files")
      ->check(CLI::NonNegativeNumber);
  command_->add_option("--scale", args_.scale, "Residents, demand and staff × F (default 1; 30 ≈ Sweden)")
      ->check(CLI::Range(0.0001, 100.0));
  command_->add_option("--threads", args_.threads, "Worker threads (default: all cores; output is the same)")
      ->check(CLI::Range(0, 64));
  command_->add_option("--calibration-year", args_.calibration_year,
                       "Use this year's queue capacity calibration for every later year (a backcast: 2022)")
      ->check(CLI::Range(2016, 2035));
  command_->add_flag("--fidelity", args_.fidelity,
                     "Print the calibration figures: seed, simulated, difference");
}

bool SimulateCommand::Run(std::ostream& out, std::ostream& err, Status* status) {
  if (!*command_) return false;
  *status = RunSimulate(args_, out, err);
  return true;
}

}  // namespace nara::cli
