#include "nara/follow/goal_status.h"

#include <algorithm>

namespace nara::follow {

GoalStatus CombineStatuses(const std::vector<StatusKind>& statuses) {
  GoalStatus g;
  for (StatusKind s : statuses) {
    switch (s) {
      case StatusKind::kMet:
        ++g.met;
        break;
      case StatusKind::kNear:
        ++g.near;
        break;
      case StatusKind::kNotMet:
        ++g.not_met;
        break;
      default:
        ++g.not_counted;
        break;
    }
  }
  const int counted = g.met + g.near + g.not_met;
  if (counted == 0) {
    g.status = StatusKind::kNoData;
  } else if (g.met == counted) {
    g.status = StatusKind::kMet;
  } else if (2 * g.not_met >= counted) {
    g.status = StatusKind::kNotMet;
  } else {
    g.status = StatusKind::kNear;
  }
  return g;
}

std::vector<std::string> GoalIndicators(const model::Goal& goal) {
  std::vector<std::string> ids;
  auto add = [&](const std::vector<std::string>& more) {
    for (const std::string& id : more) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  };
  add(goal.indicators);
  for (const model::Assignment& a : goal.assignments) add(a.indicators);
  return ids;
}

std::string GoalStatusCounts(const GoalStatus& s, Lang lang) {
  const int counted = s.met + s.near + s.not_met;
  std::string text;
  if (counted > 0) {
    text = Say(lang, Msg::kGoalCounts, {std::to_string(s.met), std::to_string(counted), std::to_string(s.not_met)});
  }
  if (s.not_counted > 0) {
    text += (text.empty() ? "" : "; ") + Say(lang, Msg::kGoalNotCounted, {std::to_string(s.not_counted)});
  }
  return text;
}

std::string GoalStatusRule(Lang lang) { return Say(lang, Msg::kGoalStatusRule); }

}  // namespace nara::follow
