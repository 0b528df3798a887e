// The status of a goal or assignment of the plan (Målstyrning), computed from the
// statuses of the indicators linked to it, for one unit and period. The rule, as the
// report and the web app state it:
//
//   Only indicators judged against a target count: met, near, not met (no data, too
//   few to show, and no target are listed apart, not counted).
//   - met      every counted indicator is met;
//   - not met  at least half of the counted indicators are not met;
//   - near     otherwise (some are near or not met, fewer than half not met);
//   - no data  no indicator counts.
//
// A goal counts its own indicators and those of its assignments, each once.
#pragma once

#include <string>
#include <vector>

#include "nara/base/messages.h"
#include "nara/follow/status.h"
#include "nara/model/config.h"

namespace nara::follow {

struct GoalStatus {
  StatusKind status = StatusKind::kNoData;
  int met = 0, near = 0, not_met = 0;
  int not_counted = 0;  // no data, suppressed, no target, or not computed for the unit
};

// The rule above over `statuses` (one per linked indicator).
GoalStatus CombineStatuses(const std::vector<StatusKind>& statuses);

// The indicators a goal counts: its own, then its assignments', each once, in order.
std::vector<std::string> GoalIndicators(const model::Goal& goal);

// "3 av 4 uppfyllda, ej uppfyllda: 1" / "3 of 4 met, not met: 1" (the counted ones),
// then "utan bedömning: 2" / "without a judgement: 2" when some are not counted.
std::string GoalStatusCounts(const GoalStatus& s, Lang lang);

// The rule in one sentence, in `lang` (for a hover text and the docs).
std::string GoalStatusRule(Lang lang);

}  // namespace nara::follow
