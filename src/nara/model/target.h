// Target specifications of the plan (SPEC §6), as written in the catalogue:
//   ">= 95"  "> 95"  "<= 5.4"  "< 15,2"              thresholds
//   "change_vs_previous_year +10%"                   vs the same period a year earlier
//   "change_vs_baseline +20% at 2023"                vs the value of a baseline period
//   "change_vs_baseline +500 at 2023-12"             (absolute change)
//   "each_month_above_previous_year"
//   "within_budget"                                  ≤ 1 for costs, ≥ 1 for revenue
//   "follow_only"  "not_set"
// The status evaluation lives in follow/; this is only the parsed form.
#pragma once

#include <string>
#include <string_view>

#include "nara/base/status.h"

namespace nara::model {

enum class TargetKind : uint8_t {
  kAtLeast,
  kAbove,
  kAtMost,
  kBelow,
  kChangeVsPreviousYear,
  kChangeVsBaseline,
  kEachMonthAbovePreviousYear,
  kWithinBudget,
  kFollowOnly,
  kNotSet,
};

struct TargetSpec {
  TargetKind kind = TargetKind::kNotSet;
  double value = 0;              // threshold, or the change (+10 for +10 %, +500 for +500)
  bool percent = false;          // the change is relative (%)
  std::string baseline_period;   // kChangeVsBaseline: a period text, e.g. "2023" or "2023-12"
  std::string text;              // as written
};

StatusOr<TargetSpec> ParseTarget(std::string_view text);

// Short Swedish description, e.g. "≥ 95", "+10 % mot föregående år", "följs upp".
std::string DescribeTarget(const TargetSpec& target);

}  // namespace nara::model
