// `nara economy` (SPEC C8, issue 16): the economy's configuration and figures on the
// command line.
//
//   nara economy (--db DB | --data DIR) [--config DIR] [--year 2024] --period 2024-T1 [--unit ID]
//                [--format table|csv|json] [--lang sv|en]
//
// prints budget, outcome, deviation and forecast (tkr) of the unit (default: the
// administration) and the units right below it, January through the period's last
// month, and computed against booked capitation per own health centre under it
// (follow/economy.h; the price from the configuration folder's economy.toml). CSV is
// long: table,unit_id,unit,level,figure,tkr. JSON is /api/economy's and
// /api/economy/capitation's answers as {"economy", "capitation"}.
//
//   nara economy whatif (--db DB | --data DIR) [--config DIR] --year 2025 [--model FILE...]
//                       [--format table|csv|json] [--lang sv|en]
//
// compares price models (model/prices.h WhatIfModel; default: the configuration
// folder's whatif/*.toml of the year): next year's result per area and unit under
// each, against the base year's outcome (follow/whatif.h).
//
//   nara economy price [--config DIR] --year 2024 [--format table|csv] [--lang sv|en]
//
// prints the capitation price's build-up (model/prices.h, the configuration folder's
// economy.toml) line by line, ending in the price per care point; as CSV
// `component,percent,amount` (a point for decimals).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

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

struct EconomyArgs {
  std::string db;
  std::string data_dir;
  std::string config_dir;  // economy.toml and whatif/ (default: data/halland); with --data
                           // also the configuration computed with
  std::string period;      // the summary
  std::string unit;
  int year = 0;            // the summary: the plan year (the period's); whatif: the year the models price
  std::vector<std::string> models;
  std::string format = "table";
  std::string lang = "sv";
};

Status RunEconomy(const EconomyArgs& args, std::ostream& out);
Status RunWhatIf(const EconomyArgs& args, std::ostream& out);

// Registers `economy` on `app`; after app.parse(), Run() runs it if it was given.
class EconomyCommand {
 public:
  explicit EconomyCommand(CLI::App* app);
  // True if `economy` was given; *status is then its result.
  bool Run(std::ostream& out, Status* status);

 private:
  CLI::App* economy_ = nullptr;
  CLI::App* price_ = nullptr;
  CLI::App* whatif_ = nullptr;
  PriceArgs price_args_;
  EconomyArgs args_;
  EconomyArgs whatif_args_;
};

}  // namespace nara::cli
