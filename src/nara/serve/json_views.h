// The JSON bodies of the API's answers (api.h; the OpenAPI document, openapi.h, lists
// every field): units, indicators, result rows, and the scorecard, series, breakdown
// and unit tree made from a snapshot — those kept in the snapshot's cache, so each is
// made once per data version, query and language.
#pragma once

#include <map>
#include <string>

#include "nara/base/messages.h"
#include "nara/follow/follow_up.h"
#include "nara/follow/goal_status.h"
#include "nara/serve/comments.h"
#include "nara/serve/params.h"
#include "nara/serve/snapshot.h"
#include "nara/store/store.h"

namespace nara::serve::api {

// {id, name, kind, ownership} of the unit's version valid on `day` (else its latest).
json UnitRef(const Snapshot& s, int u, Days day);
json UnitRef(const model::OrgTree& tree, int u, Days day);
json IndicatorJson(const model::IndicatorDef& d, Lang lang);
// The fields every row has: value, numerator, …, status, previous year.
json RowJson(const follow::ScoreRow& r, Lang lang);

// The scorecard of the scope's unit and period, with sparklines.
Result Scorecard(const Snapshot& s, const Scope& sc);
// The computed status of every goal and assignment of the plan in force in the
// scope's year, for its unit and period (follow/goal_status.h), with the rule; 404
// when no plan is in force.
Result Goals(const Snapshot& s, const Scope& sc);
// The twelve months of the scope's year for one indicator; 404 when it does not apply.
Result Series(const Snapshot& s, const Scope& sc, int indicator);
// One indicator for the unit and its children; 404 when it does not apply.
Result Breakdown(const Snapshot& s, const Scope& sc, int indicator);
// The unit among its peers for one indicator and period: the units of its kind under
// the same area (`region`: in the whole tree), ranked best first by the indicator's
// direction, with the median and quartiles of their values (linear interpolation, as
// QUARTILE.INC) and the unit's rank.
Result Peers(const Snapshot& s, const Scope& sc, int indicator, bool region);
// The same period of every plan year served (value, target and status of each year),
// and every month of those years with its target.
Result Trend(const Snapshot& s, const Scope& sc, int indicator);
// The organisation tree, every unit or those valid on `date`.
Result Units(const Snapshot& s, const std::string& date, Lang lang);

json PlanJson(const model::Plan& p, int year);
// Whether `id` is a goal or an assignment of `p`.
bool PlanHasSubject(const model::Plan& p, const std::string& id);
// Whether `id` is a goal or an assignment of any plan.
bool AnyPlanHasSubject(const model::Config& c, const std::string& id);
json CommentJson(const Comment& c);
json ActionJson(const Action& a);
json AssessmentJson(const Assessment& a, Lang lang);
// The computed status of every goal and assignment of `plan` for `unit` and `period`
// (follow/goal_status.h), by id.
std::map<std::string, follow::GoalStatus> GoalStatuses(const Snapshot& s, const model::Plan& plan,
                                                       const model::Period& period, int unit);
json BatchJson(const store::BatchInfo& b);

}  // namespace nara::serve::api
