#include "nara/follow/goal_status.h"

#include <gtest/gtest.h>

namespace nara::follow {
namespace {

constexpr StatusKind kMet = StatusKind::kMet, kNear = StatusKind::kNear, kNot = StatusKind::kNotMet,
                     kNoData = StatusKind::kNoData, kSuppressed = StatusKind::kSuppressed,
                     kNoTarget = StatusKind::kNoTarget;

// The rule, case by case: all met; at least half not met; near otherwise; nothing
// counted is no data; indicators without a judgement never change the outcome.
TEST(GoalStatusTest, TheRule) {
  struct Case {
    std::vector<StatusKind> in;
    StatusKind want;
  };
  const std::vector<Case> cases = {
      {{}, kNoData},
      {{kNoData, kSuppressed, kNoTarget}, kNoData},
      {{kMet}, kMet},
      {{kMet, kMet, kNoData}, kMet},
      {{kNear}, kNear},
      {{kMet, kNear}, kNear},
      {{kMet, kNot}, kNot},             // half not met
      {{kMet, kMet, kNot}, kNear},      // a third
      {{kMet, kNear, kNot, kNot}, kNot},
      {{kNear, kNear, kNot}, kNear},
      {{kNot, kNoTarget}, kNot},
  };
  for (const Case& c : cases) {
    GoalStatus g = CombineStatuses(c.in);
    EXPECT_EQ(g.status, c.want) << ::testing::PrintToString(c.in.size());
    EXPECT_EQ(g.met + g.near + g.not_met + g.not_counted, static_cast<int>(c.in.size()));
  }
  // Adding indicators without a judgement changes nothing but the count of them.
  for (const Case& c : cases) {
    std::vector<StatusKind> more = c.in;
    more.insert(more.end(), {kNoData, kSuppressed});
    EXPECT_EQ(CombineStatuses(more).status, c.want);
  }
}

TEST(GoalStatusTest, AGoalCountsItsAssignmentsIndicatorsOnce) {
  model::Goal g;
  g.indicators = {"a", "b"};
  g.assignments.push_back({"g.1", "x", {"b", "c"}, {}});
  g.assignments.push_back({"g.2", "y", {}, {}});
  g.assignments.push_back({"g.3", "z", {"d", "a"}, {}});
  EXPECT_EQ(GoalIndicators(g), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(GoalStatusTest, CountsAndRuleInBothLanguages) {
  GoalStatus g = CombineStatuses({kMet, kMet, kNear, kNot, kNoData});
  EXPECT_EQ(GoalStatusCounts(g, Lang::kSv), "2 av 4 uppfyllda, ej uppfyllda: 1; utan bedömning: 1");
  EXPECT_EQ(GoalStatusCounts(g, Lang::kEn), "2 of 4 met, not met: 1; without a judgement: 1");
  EXPECT_EQ(GoalStatusCounts(CombineStatuses({}), Lang::kSv), "");
  EXPECT_NE(GoalStatusRule(Lang::kSv).find("minst hälften"), std::string::npos);
  EXPECT_NE(GoalStatusRule(Lang::kEn).find("at least half"), std::string::npos);
}

}  // namespace
}  // namespace nara::follow
