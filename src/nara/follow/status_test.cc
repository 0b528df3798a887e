#include "nara/follow/status.h"

#include <gtest/gtest.h>

namespace nara::follow {
namespace {

model::IndicatorDef Def(int min_n = 0, bool prorate = false) {
  model::IndicatorDef d;
  d.id = "x";
  d.min_n = min_n;
  d.prorate = prorate;
  d.better = "higher";
  return d;
}

StatusKind S(const model::IndicatorDef& d, const char* target, double value, int64_t n = 100, const char* period = "2024",
             double previous = NAN, double baseline = NAN) {
  auto t = model::ParseTarget(target);
  EXPECT_TRUE(t.ok());
  StatusInput in;
  in.value = value;
  in.n = n;
  in.previous_year = previous;
  in.baseline = baseline;
  return Judge(d, &*t, *model::ParsePeriod(period), in).status;
}

TEST(StatusTest, Thresholds) {
  auto d = Def();
  EXPECT_EQ(S(d, "> 95", 95.2), StatusKind::kMet);
  EXPECT_EQ(S(d, "> 95", 95), StatusKind::kNear);        // equal misses a strict target, within 5 %
  EXPECT_EQ(S(d, ">= 95", 95), StatusKind::kMet);
  EXPECT_EQ(S(d, ">= 95", 90.25), StatusKind::kNear);    // 95 − 4.75
  EXPECT_EQ(S(d, ">= 95", 90.2), StatusKind::kNotMet);
  EXPECT_EQ(S(d, "< 15", 15.5), StatusKind::kNear);
  EXPECT_EQ(S(d, "< 15", 16), StatusKind::kNotMet);
  EXPECT_EQ(S(d, "> 95", NAN), StatusKind::kNoData);
  EXPECT_EQ(S(d, "follow_only", 3), StatusKind::kNoTarget);
}

TEST(StatusTest, SuppressionBelowMinimumN) {
  auto d = Def(20);
  EXPECT_EQ(S(d, "> 90", 100, 19), StatusKind::kSuppressed);
  EXPECT_EQ(S(d, "> 90", 100, 20), StatusKind::kMet);
}

TEST(StatusTest, YearlyCountTargetsAreProrated) {
  auto d = Def(0, true);
  // 655 462 a year; T1 2024 holds 121 of 366 days → 216 696.4; 216 000 misses by less than 5 %.
  StatusInput in;
  in.value = 216000;
  in.n = 1;
  auto t = *model::ParseTarget(">= 655462");
  Judgement j = Judge(d, &t, *model::ParsePeriod("2024-T1"), in);
  EXPECT_NEAR(j.target, 655462.0 * 121 / 366, 1e-6);
  EXPECT_EQ(j.status, StatusKind::kNear);
}

TEST(StatusTest, ChangeTargets) {
  auto d = Def();
  EXPECT_EQ(S(d, "change_vs_previous_year +10%", 110, 1, "2024", 100), StatusKind::kMet);
  EXPECT_EQ(S(d, "change_vs_previous_year +10%", 109, 1, "2024", 100), StatusKind::kNear);
  EXPECT_EQ(S(d, "change_vs_previous_year +10%", 109, 1, "2024", NAN), StatusKind::kNoData);
  EXPECT_EQ(S(d, "change_vs_baseline +20% at 2023", 60, 1, "2024", NAN, 50), StatusKind::kMet);
  EXPECT_EQ(S(d, "change_vs_baseline +500 at 2023-12", 10400, 1, "2024", NAN, 10000), StatusKind::kNear);
  EXPECT_EQ(S(d, "change_vs_baseline +500 at 2023-12", 9900, 1, "2024", NAN, 10000), StatusKind::kNotMet);
  auto bp = BaselinePeriod(*model::ParseTarget("change_vs_baseline +1000 at previous_year_end"),
                           *model::ParsePeriod("2023-T2"));
  EXPECT_EQ(bp->ToString(), "2022-12");
}

TEST(StatusTest, EachMonthAbovePreviousYear) {
  auto d = Def();
  auto t = *model::ParseTarget("each_month_above_previous_year");
  StatusInput in;
  in.value = 30;
  in.n = 1;
  in.previous_year = 27;
  in.months = {10, 10, 10};
  in.months_previous_year = {9, 9, 9};
  auto p = *model::ParsePeriod("2022-Q1");
  EXPECT_EQ(Judge(d, &t, p, in).status, StatusKind::kMet);
  in.months_previous_year = {9, 11, 7};
  EXPECT_EQ(Judge(d, &t, p, in).status, StatusKind::kNear);
}

TEST(StatusTest, WithinBudget) {
  auto cost = Def();
  cost.better = "lower";
  EXPECT_EQ(S(cost, "within_budget", 0.98), StatusKind::kMet);
  EXPECT_EQ(S(cost, "within_budget", 1.03), StatusKind::kNear);
  auto revenue = Def();
  EXPECT_EQ(S(revenue, "within_budget", 0.9), StatusKind::kNotMet);
}

}  // namespace
}  // namespace nara::follow
