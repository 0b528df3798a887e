// Status against target (SPEC §6): the pure rules, separate from where the values
// come from so they can be tested on their own.
//
//   no_data     no value, or n = 0: never judged
//   suppressed  n below the indicator's minimum (the value is not shown)
//   no_target   no target for the period, a follow-only one, or one whose reference
//               value (previous year, baseline) is missing
//   met / near / not_met
//
// "Near" misses by less than the indicator's tolerance: of the target for thresholds,
// of the required change for change targets (+500 with 5 % is near from +475). An
// "each month above the previous year" target requires a change of any size, so it
// is met or not met. How a yearly target applies to a shorter period depends on the
// indicator's measure (model::Measure): a flow's threshold covers the period's share
// of the year's days, a stock's change the share of the year elapsed at its end.
#pragma once

#include <cmath>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "nara/model/config.h"
#include "nara/model/period.h"

namespace nara::follow {

enum class StatusKind : uint8_t { kMet, kNear, kNotMet, kNoData, kSuppressed, kNoTarget };

const char* StatusName(StatusKind status);  // met, near, not_met, no_data, suppressed, no_target
// The status StatusName gives `name`, or nothing.
std::optional<StatusKind> ParseStatusName(std::string_view name);

// What the rules need besides the target: the value, its n and the references.
struct StatusInput {
  double value = NAN;
  int64_t n = 0;
  double previous_year = NAN;  // same period one year earlier
  double baseline = NAN;       // value of the target's baseline period
  // Months of the period: this year's and previous year's values (each_month_above…).
  std::vector<double> months;
  std::vector<double> months_previous_year;
};

enum class Comparison : uint8_t { kNone, kAtLeast, kAbove, kAtMost, kBelow };

// How a target was applied to one period: the figure the value was compared with
// and what it came from, for the texts that show it (describe.h).
struct AppliedTarget {
  Comparison op = Comparison::kNone;
  double threshold = NAN;       // what the value was compared with, after proration
  double yearly = NAN;          // a flow's yearly threshold, when prorated
  double share_of_year = 1;     // the proration share (1: none)
  double reference = NAN;       // previous year's or the baseline's value
  model::Period reference_period;
  double change = NAN;          // the required change in the value's unit, after proration
  double change_per_year = NAN; // a stock's change for the whole year, when prorated
  int months_above = 0;         // each_month_above_previous_year
  int months_total = 0;
  bool reference_missing = false;  // the reference has no value: no status can be given
};

struct Judgement {
  StatusKind status = StatusKind::kNoTarget;
  double target = NAN;  // the threshold the value was compared with, after proration
  AppliedTarget applied;
};

// Judges `in` against `target` (nullptr = no target) for indicator `def` over `period`.
Judgement Judge(const model::IndicatorDef& def, const model::TargetSpec* target, const model::Period& period,
                const StatusInput& in);

// Digits to show a judged value and its target with: the indicator's own, or more
// when fewer would make the two read against the status (−0,0 Mnkr "not met"
// against ≥ 0 shows as −0,02 Mnkr). At most four more.
int ShownDecimals(const model::IndicatorDef& def, const Judgement& judgement, double value);

// The share of `period`'s year elapsed at its last day (1 on 31 December).
double ShareOfYearElapsed(const model::Period& period);

}  // namespace nara::follow
