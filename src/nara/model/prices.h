// The capitation price (hälso- och sjukvårdspengen, SPEC C8, seed 002 §5.1) as
// configuration: `economy.toml` in the configuration folder builds each year's price
// per care point (vårdpoäng) the way Regionfullmäktige decides it —
//
//   price = round(base × (1 + Σ percent / 100)) + Σ kr
//
// the previous year's price (`base`) raised by percentage components added together
// (index for cost development, general development, efficiency), rounded to whole
// kronor as `rounding` says, then whole-krona additions (new tasks, rents). For 2024:
// 3 472 × (1 + 4,6 % + 1,0 % − 1,5 %) = 3 614,35, rounded up to 3 615, + 7 + 11 + 18
// = 3 651 kr (the decided price). Only rounding up gives the decided price from the
// components the plan names, so the shipped file says `rounding = "up"`.
//
//   [[capitation]]
//   year = 2024
//   base = 3472
//   rounding = "up"            # up, nearest or none
//   source = "Plan 2024 (seed 002), §5.1"
//   factors = [{ name = "Index för bedömd kostnadsutveckling", percent = 4.6 }, …]
//   additions = [{ name = "Röntgen i SVF bröstcancer", kr = 7 }, …]
//
// A year without factors and additions has `base` as its price. A year's base must be
// the price of the year before when that year is configured too.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nara/base/status.h"

namespace nara::model {

enum class PriceRounding : uint8_t { kUp, kNearest, kNone };

struct PriceComponent {
  std::string name;
  double percent = 0;  // a factor: percent of the base (4.6 for 4,6 %)
  double kr = 0;       // an addition: kronor per care point
};

struct PriceModel {
  int year = 0;
  double base = 0;  // kr per care point: the previous year's price
  PriceRounding rounding = PriceRounding::kUp;
  std::string source;
  std::vector<PriceComponent> factors;
  std::vector<PriceComponent> additions;
};

// One line of a build-up: a component and its amount in kronor, or a subtotal.
struct PriceLine {
  enum class Kind : uint8_t { kBase, kFactor, kSubtotal, kRounding, kAddition, kPrice };
  Kind kind = Kind::kBase;
  std::string name;    // the component's name (factors and additions)
  double percent = 0;  // a factor's percent
  double amount = 0;   // kronor: the component's amount, or the total so far
};

struct PriceBuildUp {
  int year = 0;
  std::vector<PriceLine> lines;  // base, factors, subtotal, rounding, additions, price
  double price = 0;
};

PriceBuildUp BuildPrice(const PriceModel& model);

// Reads `dir`/economy.toml, by year. NotFound when the file is missing; DataError
// (file:line:column) for TOML that does not parse, a missing or negative base, a
// year twice, an unknown rounding or key, or a base that is not the year before's
// price.
StatusOr<std::vector<PriceModel>> LoadPrices(const std::string& dir);

// The model of `year` in `models`, or nullptr.
const PriceModel* FindPrice(const std::vector<PriceModel>& models, int year);

// A what-if model (follow/whatif.h computes with it): next year's capitation price and
// the year's other changes, as a TOML file — the configuration folder's whatif/*.toml,
// or any file a planner writes:
//
//   id = "index"                       # short name (default: the file's stem)
//   name = "Vårdpeng enligt index"
//   description = "…"
//   year = 2025                        # the year it prices; the base year is the one before
//   [price]                            # as a [[capitation]] entry without year; base
//   rounding = "up"                    #   defaults to the base year's configured price
//   factors = [{ name = "Index", percent = 3.0 }]
//   additions = [{ name = "…", kr = 10 }]
//   [listing]                          # care points' change over the year, percent, per
//   1384 = -0.5                        #   municipality code (Kungsbacka); others 0
//   cost_index = 3.0                   # percent on every cost account
//   fees = 3.2                         # percent on revenue_fees (the dental fee schedule)
//   appropriation = 5.1                # percent on revenue_appropriation
//   children_capitation = 0            # percent on a dental clinic's revenue_capitation
//   staff_change = -6                  # employees over the administration
//   agency_stop = true                 # agency staff stopped …
//   agency_replacement = 0.6           # … and replaced by own staff costing this per krona
struct WhatIfModel {
  std::string id;
  std::string name;
  std::string description;
  int year = 0;
  PriceModel price;               // price.base == 0: the base year's configured price
  std::map<int, double> listing;  // municipality code → percent over the year
  double cost_index = 0;
  double fees = 0;
  double appropriation = 0;
  double children_capitation = 0;
  double staff_change = 0;
  bool agency_stop = false;
  double agency_replacement = 0.6;
  std::string file;
};

// Reads one model. DataError (file:line:column) for TOML that does not parse, an
// unknown key, a missing year, a municipality code that is not a number or a value of
// the wrong kind; NotFound when the file is missing.
StatusOr<WhatIfModel> LoadWhatIfModel(const std::string& path);

// The models of `year` in `config_dir`/whatif/*.toml, by file name; none when the
// folder is missing. Two models with the same id are an error.
StatusOr<std::vector<WhatIfModel>> LoadWhatIfModels(const std::string& config_dir, int year);

}  // namespace nara::model
