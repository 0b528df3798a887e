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
  EXPECT_EQ(b.baseline_period, "2023-12");
  EXPECT_EQ(ParseTarget("within_budget")->kind, TargetKind::kWithinBudget);
  EXPECT_EQ(DescribeTarget(*ParseTarget("> 95")), "> 95");
  EXPECT_EQ(DescribeTarget(c), "+10 % mot föregående år");
}

TEST(TargetTest, RejectsUnknown) {
  EXPECT_FALSE(ParseTarget("about 95").ok());
  EXPECT_FALSE(ParseTarget(">= many").ok());
  EXPECT_FALSE(ParseTarget("change_vs_baseline +20%").ok());
}

}  // namespace
}  // namespace nara::model
