// Target specifications of the plan (SPEC §6), as written in the catalogue:
//   ">= 95"  "> 95"  "<= 5.4"  "< 15,2"              thresholds
//   "change_vs_previous_year +10%"                   vs the same period a year earlier
//   "change_vs_baseline +20% at 2023"                vs the value of a baseline period
//   "change_vs_baseline +500 at 2023-12"             (absolute change)
//   "change_vs_baseline +1000 at previous_year_end"  (December of the year before)
//   "each_month_above_previous_year"
//   "within_budget"                                  ≤ 1 for costs, ≥ 1 for revenue
//   "follow_only"  "not_set"
// A target is parsed once, when the catalogue is loaded; a bad one (a baseline that
// is no period, say) is a configuration problem, never a silent "no data" later.
// The status evaluation and the texts shown to readers live in follow/.
#pragma once

#include <string>
#include <string_view>

#include "nara/base/status.h"
#include "nara/model/period.h"

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

// What a kChangeVsBaseline target is measured from.
enum class BaselineKind : uint8_t {
  kNone,             // not a baseline target
  kPeriod,           // a fixed period: "at 2023", "at 2023-12"
  kPreviousYear,     // "at previous_year": the whole year before the period's year
  kPreviousYearEnd,  // "at previous_year_end": December of the year before
};

struct TargetSpec {
  TargetKind kind = TargetKind::kNotSet;
  double value = 0;      // threshold, or the change (+10 for +10 %, +500 for +500)
  bool percent = false;  // the change is relative (%)
  BaselineKind baseline = BaselineKind::kNone;
  Period baseline_period;  // kPeriod only
  std::string text;        // as written

  bool IsThreshold() const { return kind <= TargetKind::kBelow; }
  bool IsChange() const {
    return kind == TargetKind::kChangeVsPreviousYear || kind == TargetKind::kChangeVsBaseline;
  }
  // The period whose value a kChangeVsBaseline target starts from, seen from `period`.
  Period BaselineFor(const Period& period) const;
};

// Parses a target as written in indicators.toml; the error says what was expected.
StatusOr<TargetSpec> ParseTarget(std::string_view text);

}  // namespace nara::model
