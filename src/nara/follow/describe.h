// What a reader sees of a score row, in Swedish or English: the value with its unit,
// the status, and the target *as applied to the row's period* with the rule it came
// from ("≥ 218 487", "655 462 per år → 218 487 för 2024-T3"). The CLI table, the
// cube's CSV/JSON, the API and through it the web app all take their texts from
// here, so one cell reads the same everywhere. Texts come from the message
// catalogue (base/messages.h).
#pragma once

#include <string>

#include "nara/base/messages.h"
#include "nara/follow/status.h"
#include "nara/model/config.h"

namespace nara::follow {

struct ScoreRow;

// The status as a reader reads it: "Uppfyllt", "Met", …
std::string StatusText(StatusKind status, Lang lang);

// A value with the indicator's unit and `decimals` digits: "95,2 %", "218 487",
// "−0,02 Mnkr", "11,0 min"; "–" for no value.
std::string FormatValue(const model::IndicatorDef& def, double value, int decimals, Lang lang);

// A target as the plan writes it, for the catalogue: "> 95 %", "≥ 655 462",
// "+10 % mot föregående år", "+500 mot 2023-12", "inom budget", "följs upp".
std::string DescribeRule(const model::IndicatorDef& def, const model::TargetSpec& target, Lang lang);

struct TargetText {
  std::string text;  // the target applied to the period, formatted like the value;
                     // empty when the unit has no target that year
  std::string rule;  // where it came from, when the text alone does not say it
};

// The target of `row` for its period.
TargetText DescribeTarget(const ScoreRow& row, Lang lang);

}  // namespace nara::follow
