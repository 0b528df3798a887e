// The children's dental capitation (barntandvårdspengen, SPEC C8, seed 002 §5.1) as
// configuration and as a model. From 2023 "50 % of the general children's dental
// capitation is a fixed base amount and 50 % is differentiated by the relative mean
// risk of dental health per DeSo": each dental clinic is paid, per month, for the
// children it is responsible for —
//
//   fixed          = share × amount / 12 × Σ_deso children
//   differentiated = (1 − share) × amount / 12 × Σ_deso children × relative_risk
//
// where `amount` is the yearly amount per child, `share` the fixed share (0,5) and
// relative_risk the DeSo's caries risk relative to the region's mean (1,0 = the mean;
// contract v1.1 tables caries_risk and dental_children, docs/contract.md). When the
// children-weighted mean risk of the region is 1, the region pays amount × children
// over a year whatever the spread; a clinic whose children live where caries is more
// common is paid more.
//
// `economy.toml` in the configuration folder holds one entry per year:
//
//   [[children_dental]]
//   year = 2024
//   amount = 2000             # kr per child and year
//   fixed_share = 0.5         # 1.0 = not differentiated (the model before 2023)
//   source = "…"
//
// A year without an entry uses the latest earlier year's (the amount carries forward).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nara/base/status.h"

namespace nara::model {

struct ChildrenDentalModel {
  int year = 0;
  double amount = 0;        // kr per child and year
  double fixed_share = 0.5; // of the amount, paid whatever the risk
  std::string source;
};

// The children of one clinic living in one DeSo in a month, and the DeSo's caries risk
// that year.
struct AreaChildren {
  int64_t children = 0;
  double relative_risk = 1;
};

// A clinic's capitation for one month, in kronor (not rounded).
struct ChildrenCapitation {
  double fixed = 0;
  double differentiated = 0;
  double total() const { return fixed + differentiated; }
};

// The month's capitation of a clinic with children in `areas` (each DeSo once).
ChildrenCapitation MonthlyChildrenCapitation(const ChildrenDentalModel& model, const std::vector<AreaChildren>& areas);

// Reads the [[children_dental]] entries of `dir`/economy.toml, sorted by year.
// NotFound when the file is missing or has no [[children_dental]] entries; DataError
// (file:line:column) for TOML that does not parse, a missing year, a year twice, an
// amount that is not a positive number, a fixed_share outside 0..1 or an unknown key.
StatusOr<std::vector<ChildrenDentalModel>> LoadChildrenDental(const std::string& dir);

// The model that applies in `year`: the entry of the latest year on or before it, or
// nullptr when every entry is later.
const ChildrenDentalModel* ChildrenDentalFor(const std::vector<ChildrenDentalModel>& models, int year);

}  // namespace nara::model
