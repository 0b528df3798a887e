// `nara economy` (SPEC C8): the economy's configuration and figures on the command line.
//
//   nara economy price [--config DIR] --year 2024 [--format table|csv] [--lang sv|en]
//
// prints the capitation price's build-up (model/prices.h, the configuration folder's
// economy.toml) line by line, ending in the price per care point; as CSV
// `component,percent,amount` (a point for decimals).
#pragma once

#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct PriceArgs {
  std::string config_dir;  // default: data/halland
  int year = 0;
  std::string format = "table";
  std::string lang = "sv";
};

Status RunPrice(const PriceArgs& args, std::ostream& out);

// Registers `economy` on `app`; after app.parse(), Run() runs it if it was given.
class EconomyCommand {
 public:
  explicit EconomyCommand(CLI::App* app);
  // True if `economy` was given; *status is then its result.
  bool Run(std::ostream& out, Status* status);

 private:
  CLI::App* price_ = nullptr;
  PriceArgs price_args_;
};

}  // namespace nara::cli
