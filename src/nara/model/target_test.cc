#include "nara/model/target.h"

#include <gtest/gtest.h>

namespace nara::model {
namespace {

TEST(TargetTest, Parses) {
  auto t = ParseTarget("> 95");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind, TargetKind::kAbove);
  EXPECT_EQ(t->value, 95);
  EXPECT_EQ(ParseTarget("< 15,2")->value, 15.2);
  EXPECT_EQ(ParseTarget(">= 655462")->kind, TargetKind::kAtLeast);
  auto c = *ParseTarget("change_vs_previous_year +10%");
  EXPECT_EQ(c.kind, TargetKind::kChangeVsPreviousYear);
  EXPECT_TRUE(c.percent);
  EXPECT_EQ(c.value, 10);
  auto b = *ParseTarget("change_vs_baseline +500 at 2023-12");
  EXPECT_FALSE(b.percent);
  EXPECT_EQ(b.baseline, BaselineKind::kPeriod);
  EXPECT_EQ(b.baseline_period.ToString(), "2023-12");
  auto end = *ParseTarget("change_vs_baseline +1000 at previous_year_end");
  EXPECT_EQ(end.BaselineFor(*ParsePeriod("2023-T2")).ToString(), "2022-12");
  EXPECT_EQ(ParseTarget("change_vs_baseline +5% at previous_year")->BaselineFor(*ParsePeriod("2024-03")).ToString(),
            "2023");
  EXPECT_EQ(ParseTarget("within_budget")->kind, TargetKind::kWithinBudget);
}

TEST(TargetTest, RejectsUnknown) {
  EXPECT_FALSE(ParseTarget("about 95").ok());
  ASSERT_EQ(ParseTarget("about 95").status().problems().size(), 1u);
  EXPECT_EQ(ParseTarget("about 95").status().problems()[0].code, Msg::kTargetUnknown);
  EXPECT_EQ(ParseTarget(">= many").status().problems()[0].args, (std::vector<std::string>{">= many", ">="}));
  EXPECT_FALSE(ParseTarget(">= many").ok());
  EXPECT_FALSE(ParseTarget("change_vs_baseline +20%").ok());
  // A baseline is parsed with the target, so a bad one is a configuration problem.
  auto bad = ParseTarget("change_vs_baseline +500 at 2023-13");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("2023-13"), std::string::npos);
  EXPECT_FALSE(ParseTarget("change_vs_baseline +500 at last_year").ok());
}

}  // namespace
}  // namespace nara::model
