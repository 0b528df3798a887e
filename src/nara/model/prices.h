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

}  // namespace nara::model
