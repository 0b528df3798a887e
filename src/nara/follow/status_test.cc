#include "nara/follow/status.h"

#include <gtest/gtest.h>

namespace nara::follow {
namespace {

model::IndicatorDef Def(int min_n = 0, model::Measure measure = model::Measure::kRate) {
  model::IndicatorDef d;
  d.id = "x";
  d.min_n = min_n;
  d.measure = measure;
  d.better = model::Better::kHigher;
  return d;
}

Judgement J(const model::IndicatorDef& d, const char* target, double value, int64_t n = 100,
            const char* period = "2024", double previous = NAN, double baseline = NAN) {
  auto t = model::ParseTarget(target);
  EXPECT_TRUE(t.ok());
  StatusInput in;
  in.value = value;
  in.n = n;
  in.previous_year = previous;
  in.baseline = baseline;
  return Judge(d, &*t, *model::ParsePeriod(period), in);
}

StatusKind S(const model::IndicatorDef& d, const char* target, double value, int64_t n = 100,
             const char* period = "2024", double previous = NAN, double baseline = NAN) {
  return J(d, target, value, n, period, previous, baseline).status;
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

TEST(StatusTest, NothingBehindAValueIsNoDataNeverMet) {
  auto d = Def();
  // A count of zero rows, a sum over no ledger: n = 0 is never judged.
  EXPECT_EQ(S(d, ">= 0", 0, 0), StatusKind::kNoData);
  EXPECT_EQ(S(d, "change_vs_previous_year +10%", 0, 0, "2024", 0), StatusKind::kNoData);
  EXPECT_EQ(S(Def(20), "> 90", 100, 0), StatusKind::kNoData);  // not "too few": nothing
  // The target is still applied, so it can be shown beside the missing value.
  EXPECT_EQ(J(d, ">= 0", 0, 0).target, 0);
}

TEST(StatusTest, SuppressionBelowMinimumN) {
  auto d = Def(20);
  EXPECT_EQ(S(d, "> 90", 100, 19), StatusKind::kSuppressed);
  EXPECT_EQ(S(d, "> 90", 100, 20), StatusKind::kMet);
}

TEST(StatusTest, AFlowsYearlyThresholdCoversThePeriodsShareOfDays) {
  auto d = Def(0, model::Measure::kFlow);
  // 655 462 a year; T1 2024 holds 121 of 366 days → 216 696.4; 216 000 misses by less than 5 %.
  Judgement t1 = J(d, ">= 655462", 216000, 1, "2024-T1");
  EXPECT_NEAR(t1.target, 655462.0 * 121 / 366, 1e-6);
  EXPECT_EQ(t1.applied.yearly, 655462);
  EXPECT_EQ(t1.status, StatusKind::kNear);
  // T3 holds 122 days: 218 487.3, the figure a reader is shown.
  EXPECT_NEAR(J(d, ">= 655462", 1, 1, "2024-T3").target, 218487.3, 0.05);
  EXPECT_EQ(J(d, ">= 655462", 1, 1, "2024").target, 655462);
  EXPECT_TRUE(std::isnan(J(d, ">= 655462", 1, 1, "2024").applied.yearly));
  // A rate is never prorated.
  EXPECT_EQ(J(Def(), "> 95", 1, 1, "2024-03").target, 95);
}

TEST(StatusTest, AStocksTargetIsTheSameForEveryPeriodEndingOnOneDay) {
  auto d = Def(0, model::Measure::kStock);
  const char* target = "change_vs_baseline +500 at 2023-12";
  for (const char* p : {"2024", "2024-T3", "2024-Q4", "2024-12", "2024-YTD-12", "R12-2024-12"}) {
    EXPECT_EQ(J(d, target, 178000, 1, p, NAN, 178711).target, 179211) << p;
  }
  // At the end of April, 121 of 366 days have passed: +165,3.
  Judgement t1 = J(d, target, 178000, 1, "2024-T1", NAN, 178711);
  EXPECT_NEAR(t1.target, 178711 + 500.0 * 121 / 366, 1e-9);
  EXPECT_EQ(t1.applied.change_per_year, 500);
  EXPECT_NEAR(J(d, target, 178000, 1, "2024-04", NAN, 178711).target, t1.target, 1e-9);
  EXPECT_DOUBLE_EQ(ShareOfYearElapsed(*model::ParsePeriod("2023-06")), 181.0 / 365);
}

TEST(StatusTest, ToleranceOfAChangeTargetIsAShareOfTheRequiredChange) {
  auto d = Def(0, model::Measure::kStock);
  const char* target = "change_vs_baseline +500 at 2023-12";
  // +500 with 5 %: met from +500, near from +475, and a shrinking list is not met.
  EXPECT_EQ(S(d, target, 10500, 1, "2024", NAN, 10000), StatusKind::kMet);
  EXPECT_EQ(S(d, target, 10475, 1, "2024", NAN, 10000), StatusKind::kNear);
  EXPECT_EQ(S(d, target, 10474, 1, "2024", NAN, 10000), StatusKind::kNotMet);
  EXPECT_EQ(S(d, target, 8500, 1, "2024", NAN, 10000), StatusKind::kNotMet);
  // +10 % on 1 000: 1 100 met, 1 095 near (5 % of 100), 1 094 not.
  auto rate = Def();
  EXPECT_EQ(S(rate, "change_vs_previous_year +10%", 1100, 1, "2024", 1000), StatusKind::kMet);
  EXPECT_EQ(S(rate, "change_vs_previous_year +10%", 1095, 1, "2024", 1000), StatusKind::kNear);
  EXPECT_EQ(S(rate, "change_vs_previous_year +10%", 1094, 1, "2024", 1000), StatusKind::kNotMet);
  EXPECT_EQ(S(rate, "change_vs_baseline +20% at 2023", 60, 1, "2024", NAN, 50), StatusKind::kMet);
}

TEST(StatusTest, AValueWithoutItsReferenceHasNoTargetNotNoData) {
  auto d = Def();
  Judgement j = J(d, "change_vs_previous_year +10%", 30111, 100, "2022", NAN);
  EXPECT_EQ(j.status, StatusKind::kNoTarget);
  EXPECT_TRUE(j.applied.reference_missing);
  EXPECT_EQ(j.applied.reference_period.ToString(), "2021");
  Judgement b = J(d, "change_vs_baseline +1000 at previous_year_end", 5, 1, "2022-T2", NAN, NAN);
  EXPECT_EQ(b.status, StatusKind::kNoTarget);
  EXPECT_EQ(b.applied.reference_period.ToString(), "2021-12");
}

TEST(StatusTest, EachMonthAbovePreviousYearIsMetOrNotMet) {
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
  // The required change is "any increase": a month at last year's level misses it,
  // and no tolerance of a zero change makes it near.
  in.months_previous_year = {9, 10, 7};
  Judgement j = Judge(d, &t, p, in);
  EXPECT_EQ(j.status, StatusKind::kNotMet);
  EXPECT_EQ(j.applied.months_above, 2);
  EXPECT_EQ(j.applied.months_total, 3);
  in.months_previous_year = {9, NAN, 7};
  EXPECT_EQ(Judge(d, &t, p, in).status, StatusKind::kNoTarget);
}

TEST(StatusTest, WithinBudget) {
  auto cost = Def();
  cost.better = model::Better::kLower;
  EXPECT_EQ(S(cost, "within_budget", 0.98), StatusKind::kMet);
  EXPECT_EQ(S(cost, "within_budget", 1.03), StatusKind::kNear);
  auto revenue = Def();
  EXPECT_EQ(S(revenue, "within_budget", 0.9), StatusKind::kNotMet);
}

TEST(StatusTest, EnoughDigitsThatValueAndStatusAgree) {
  model::IndicatorDef mnkr = Def();
  mnkr.display = "mnkr";
  // −23 394 kr against ≥ 0: "−0,0" would read as met.
  Judgement j = J(mnkr, ">= 0", -0.023394);
  ASSERT_EQ(j.status, StatusKind::kNotMet);
  EXPECT_EQ(ShownDecimals(mnkr, j, -0.023394), 2);
  EXPECT_EQ(ShownDecimals(mnkr, J(mnkr, ">= 0", 1.26), 1.26), 1);
  // A count of 218 487 against 218 487,3 is not met: one decimal shows why.
  model::IndicatorDef count = Def(0, model::Measure::kFlow);
  count.display = "count";
  Judgement c = J(count, ">= 655462", 218487, 1, "2024-T3");
  ASSERT_EQ(c.status, StatusKind::kNear);
  EXPECT_EQ(ShownDecimals(count, c, 218487), 1);
  EXPECT_EQ(ShownDecimals(count, J(count, ">= 655462", 218000, 1, "2024-T3"), 218000), 0);
}

}  // namespace
}  // namespace nara::follow
