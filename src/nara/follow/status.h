// Status against target (SPEC §6): the pure rules, separate from where the values
// come from so they can be tested on their own.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "nara/model/config.h"
#include "nara/model/period.h"

namespace nara::follow {

enum class StatusKind : uint8_t { kMet, kNear, kNotMet, kNoData, kSuppressed, kNoTarget };

const char* StatusName(StatusKind status);         // met, near, not_met, no_data, suppressed, no_target
const char* StatusNameSwedish(StatusKind status);  // Uppfyllt, Nära, Ej uppfyllt, Saknar data, För få, Inget mål

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

struct Judgement {
  StatusKind status = StatusKind::kNoTarget;
  double target = NAN;  // the threshold the value was compared with, after proration
};

// Judges `in` against `target` (nullptr = no target) for indicator `def` over `period`.
Judgement Judge(const model::IndicatorDef& def, const model::TargetSpec* target, const model::Period& period,
                const StatusInput& in);

// The baseline period of a kChangeVsBaseline target, seen from `period`:
// a literal period text, "previous_year" or "previous_year_end".
StatusOr<model::Period> BaselinePeriod(const model::TargetSpec& target, const model::Period& period);

}  // namespace nara::follow
