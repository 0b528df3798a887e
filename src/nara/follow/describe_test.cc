#include "nara/follow/describe.h"

#include <gtest/gtest.h>

#include "nara/follow/follow_up.h"

namespace nara::follow {
namespace {

struct Cell {
  model::IndicatorDef def;
  model::TargetSpec target;
  ScoreRow row;
};

// A row of `def` judged against `target` for `period`.
Cell Make(model::IndicatorDef def, const char* target, const char* period, double value, double previous = NAN,
          double baseline = NAN) {
  Cell c;
  c.def = std::move(def);
  auto parsed = model::ParseTarget(target);
  EXPECT_TRUE(parsed.ok()) << target;
  if (parsed.ok()) c.target = *parsed;
  c.row.period = *model::ParsePeriod(period);
  StatusInput in;
  in.value = value;
  in.n = 10;
  in.previous_year = previous;
  in.baseline = baseline;
  c.row.cell.value = value;
  c.row.judgement = Judge(c.def, &c.target, c.row.period, in);
  c.row.decimals = ShownDecimals(c.def, c.row.judgement, value);
  return c;
}

TargetText Text(Cell& c, Lang lang) {
  c.row.def = &c.def;
  c.row.target = &c.target;
  return DescribeTarget(c.row, lang);
}

model::IndicatorDef Def(const char* display, model::Measure measure = model::Measure::kRate, int decimals = 1) {
  model::IndicatorDef d;
  d.id = "x";
  d.display = display;
  d.measure = measure;
  d.decimals = decimals;
  return d;
}

TEST(DescribeTest, AFlowsTargetIsTheOneForThePeriodWithItsYearlyRule) {
  Cell c = Make(Def("count", model::Measure::kFlow), ">= 655462", "2024-T3", 200000);
  TargetText sv = Text(c, Lang::kSv);
  EXPECT_EQ(sv.text, "≥\u00a0218\u00a0487");
  EXPECT_EQ(sv.rule, "655\u00a0462 per år → 218\u00a0487 för 2024-T3");
  TargetText en = Text(c, Lang::kEn);
  EXPECT_EQ(en.text, "≥\u00a0218,487");
  EXPECT_EQ(en.rule, "655,462 a year → 218,487 for 2024-T3");
  Cell year = Make(Def("count", model::Measure::kFlow), ">= 655462", "2024", 600000);
  EXPECT_EQ(Text(year, Lang::kSv).text, "≥\u00a0655\u00a0462");
  EXPECT_EQ(Text(year, Lang::kSv).rule, "");
}

TEST(DescribeTest, ThresholdsAreWrittenLikeTheValueInEachLanguage) {
  Cell c = Make(Def("percent"), "< 15.2", "2024-T1", 13.9);
  EXPECT_EQ(Text(c, Lang::kSv).text, "<\u00a015,2\u00a0%");
  EXPECT_EQ(Text(c, Lang::kEn).text, "<\u00a015.2\u00a0%");
  EXPECT_EQ(FormatValue(c.def, 13.94, c.row.decimals, Lang::kEn), "13.9\u00a0%");
  Cell p = Make(Def("percent"), "> 95", "2024-T1", 96);
  EXPECT_EQ(Text(p, Lang::kSv).text, ">\u00a095\u00a0%");
  Cell m = Make(Def("minutes"), "< 15", "2024-03", 11);
  EXPECT_EQ(Text(m, Lang::kSv).text, "<\u00a015\u00a0min");
  Cell o = Make(Def("months"), "< 16", "2024-03", 11);
  EXPECT_EQ(Text(o, Lang::kEn).text, "<\u00a016\u00a0mo");
}

TEST(DescribeTest, AStocksChangeNamesItsBaselineAndTheShareOfTheYear) {
  auto def = Def("count", model::Measure::kStock);
  Cell year = Make(def, "change_vs_baseline +500 at 2023-12", "2024", 179000, NAN, 178711);
  EXPECT_EQ(Text(year, Lang::kSv).text, "≥\u00a0179\u00a0211");
  EXPECT_EQ(Text(year, Lang::kSv).rule, "+500 mot 2023-12 (178\u00a0711)");
  Cell t1 = Make(def, "change_vs_baseline +500 at 2023-12", "2024-T1", 179000, NAN, 178711);
  EXPECT_EQ(Text(t1, Lang::kSv).text, "≥\u00a0178\u00a0876");
  EXPECT_EQ(Text(t1, Lang::kSv).rule, "+500 per år mot 2023-12 (178\u00a0711) → +165 till 2024-04-30");
  // The internal name of a baseline is never shown.
  Cell y22 = Make(def, "change_vs_baseline +1000 at previous_year_end", "2022", 5, NAN, NAN);
  EXPECT_EQ(Text(y22, Lang::kSv).text, "+1\u00a0000 mot föregående årsskifte");
  EXPECT_EQ(Text(y22, Lang::kSv).rule, "jämförelsevärde för 2021-12 saknas");
  EXPECT_EQ(Text(y22, Lang::kEn).text, "+1,000 on the previous year-end");
}

TEST(DescribeTest, ChangeOnThePreviousYear) {
  Cell c = Make(Def("count", model::Measure::kFlow), "change_vs_previous_year +10%", "2024-T1", 20000, 18000);
  EXPECT_EQ(Text(c, Lang::kSv).text, "≥\u00a019\u00a0800");
  EXPECT_EQ(Text(c, Lang::kSv).rule, "+10\u00a0% mot 2023-T1 (18\u00a0000)");
  EXPECT_EQ(Text(c, Lang::kEn).rule, "+10\u00a0% on 2023-T1 (18,000)");
}

TEST(DescribeTest, OtherTargetsAndStatuses) {
  Cell b = Make(Def("ratio", model::Measure::kRate, 3), "within_budget", "2024-03", 0.98);
  EXPECT_EQ(Text(b, Lang::kSv).text, "≥\u00a01,000");
  EXPECT_EQ(Text(b, Lang::kSv).rule, "inom budget");
  Cell f = Make(Def("count"), "follow_only", "2024-03", 3);
  EXPECT_EQ(Text(f, Lang::kEn).text, "followed up");
  Cell n = Make(Def("count"), "not_set", "2024-03", 3);
  EXPECT_EQ(Text(n, Lang::kSv).text, "ej satt");
  EXPECT_EQ(StatusText(StatusKind::kNotMet, Lang::kSv), "Ej uppfyllt");
  EXPECT_EQ(StatusText(StatusKind::kNoTarget, Lang::kEn), "No target");
  Cell mnkr = Make(Def("mnkr"), ">= 0", "2024-03", -0.023394);
  EXPECT_EQ(FormatValue(mnkr.def, -0.023394, mnkr.row.decimals, Lang::kSv), "\u22120,02\u00a0Mnkr");
  EXPECT_EQ(Text(mnkr, Lang::kSv).text, "≥\u00a00\u00a0Mnkr");
}

}  // namespace
}  // namespace nara::follow
