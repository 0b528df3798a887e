#include <gtest/gtest.h>

#include <algorithm>

#include "nara/engine/expr.h"
#include "nara/engine/indicator.h"

namespace nara::engine {
namespace {

TableSchema CallsSchema() {
  TableSchema s;
  s.name = "calls";
  s.date_column = "day";
  auto col = [&](const char* name, ColumnType t, bool nullable = false) {
    ColumnSchema c;
    c.name = name;
    c.type = t;
    c.nullable = nullable;
    s.columns.push_back(c);
  };
  col("unit_id", ColumnType::kUnit);
  col("day", ColumnType::kDate);
  col("ok", ColumnType::kBool);
  col("wait", ColumnType::kReal, true);
  col("who", ColumnType::kText);
  return s;
}

const TableSchema& Schema() {
  static const TableSchema s = CallsSchema();
  return s;
}

// Forecasts of a year's result, made in some month (for that year, or the next).
const TableSchema& ForecastSchema() {
  static const TableSchema s = [] {
    TableSchema f;
    f.name = "forecasts";
    f.date_column = "made_in";
    for (auto [name, type] : {std::pair{"unit_id", ColumnType::kUnit},
                              {"made_in", ColumnType::kMonth},
                              {"year", ColumnType::kYear},
                              {"result", ColumnType::kReal}}) {
      ColumnSchema c;
      c.name = name;
      c.type = type;
      f.columns.push_back(c);
    }
    return f;
  }();
  return s;
}

const TableSchema* Lookup(std::string_view name) {
  return name == "calls" ? &Schema() : name == "forecasts" ? &ForecastSchema() : nullptr;
}

model::UnitVersion U(const char* id, const char* parent, Days from = DaysFromCivil(2020, 1, 1),
                     Days to = model::kOpenEnded) {
  model::UnitVersion v;
  v.id = id;
  v.name = id;
  v.parent_id = parent;
  v.valid_from = from;
  v.valid_to = to;
  return v;
}

class CubeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Days july = DaysFromCivil(2024, 7, 1);
    auto tree =
        model::OrgTree::Build({U("r", ""), U("a", "r"), U("a2", "r"), U("hc1", "a"), U("hc2", "a"),
                               U("hc3", "a2", DaysFromCivil(2020, 1, 1), july - 1), U("hc3", "a", july),
                               U("hc4", "a2", DaysFromCivil(2020, 1, 1), DaysFromCivil(2024, 5, 31))});
    ASSERT_TRUE(tree.ok()) << tree.status().message();
    tree_ = std::move(tree).value();
    data_.tables.emplace("calls", Table::Empty(Schema()));
    Row("hc1", 2024, 1, 10, true, 1, "p1");
    Row("hc2", 2024, 1, 11, true, 2, "p2");
    Row("hc2", 2024, 2, 29, false, 3, "p2");  // leap day
    Row("hc2", 2024, 3, 1, false, 10, "p3");
    Row("hc3", 2024, 6, 30, true, NAN, "p4");  // under a2
    Row("hc3", 2024, 7, 1, false, 7, "p4");    // under a from today
    Row("hc1", 2023, 12, 31, true, 4, "p1");   // the year before
  }

  // Appends a row to the calls table.
  void Row(const char* unit, int y, int m, int d, bool ok, double wait, const char* who) {
    Table& t = data_.tables.at("calls");
    t.columns[0].i32.push_back(tree_.Find(unit));
    t.columns[1].i32.push_back(DaysFromCivil(y, m, d));
    t.columns[2].u8.push_back(ok);
    t.columns[3].f64.push_back(wait);
    auto& dict = t.columns[4].dictionary;
    auto it = std::find(dict.begin(), dict.end(), who);
    if (it == dict.end()) dict.push_back(who), it = dict.end() - 1;
    t.columns[4].i32.push_back(static_cast<int32_t>(it - dict.begin()));
    ++t.rows;
  }

  std::vector<CellValue> Eval(const char* value, const char* period, Days as_of = kNullDays) {
    auto c = CompiledIndicator::Compile(value, "", "", Lookup);
    EXPECT_TRUE(c.ok()) << c.status().message();
    compiled_ = std::make_unique<CompiledIndicator>(std::move(c).value());
    CubeOptions o;
    o.first_month = MakeMonth(2022, 1);
    o.last_month = MakeMonth(2024, 12);
    o.tree_as_of = as_of;
    auto cube = Cube::Build(data_, tree_, {compiled_.get()}, o);
    EXPECT_TRUE(cube.ok()) << cube.status().message();
    return cube->Evaluate(0, *model::ParsePeriod(period));
  }
  int U_(const char* id) const { return tree_.Find(id); }

  model::OrgTree tree_;
  Dataset data_;
  std::unique_ptr<CompiledIndicator> compiled_;
};

TEST_F(CubeTest, ParentShareComesFromRowsNotFromChildShares) {
  // 2024-T1: hc1 1/1 = 100 %, hc2 1/3 = 33.3 %; a: 2/4 = 50 % (not the mean 66.7 %).
  auto v = Eval("share(calls, ok)", "2024-T1");
  EXPECT_DOUBLE_EQ(v[U_("hc1")].value, 100);
  EXPECT_NEAR(v[U_("hc2")].value, 100.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(v[U_("a")].value, 50);
  EXPECT_EQ(v[U_("a")].numerator, 2);
  EXPECT_EQ(v[U_("a")].denominator, 4);
  EXPECT_EQ(v[U_("a")].n, 4);
}

TEST_F(CubeTest, EvenCountMedianIsTheMeanOfTheMiddleTwo) {
  // a in 2024-T1: waits 1, 2, 3, 10 → (2 + 3) / 2.
  auto v = Eval("median(calls, wait)", "2024-T1");
  EXPECT_DOUBLE_EQ(v[U_("a")].value, 2.5);
  EXPECT_EQ(v[U_("a")].n, 4);
  EXPECT_DOUBLE_EQ(v[U_("hc2")].value, 3);
}

TEST_F(CubeTest, UnitThatMovesKeepsItsHistoryUnderTheParentOfTheTime) {
  auto v = Eval("count(calls)", "2024");
  EXPECT_EQ(v[U_("a2")].value, 1);  // June row
  EXPECT_EQ(v[U_("a")].value, 5);   // hc1 1 + hc2 3 + hc3's July row
  EXPECT_EQ(v[U_("r")].value, 6);
  auto today = Eval("count(calls)", "2024", DaysFromCivil(2025, 1, 1));
  EXPECT_EQ(today[U_("a2")].value, 0);
  EXPECT_EQ(today[U_("a")].value, 6);
}

TEST_F(CubeTest, LeapDayAndYearBoundaries) {
  EXPECT_EQ(Eval("count(calls)", "2024-02")[U_("hc2")].value, 1);
  // YTD-02 holds January and February 2024, not December 2023.
  EXPECT_EQ(Eval("count(calls)", "2024-YTD-02")[U_("r")].value, 3);
  // R12 through February 2024 reaches back to March 2023 and holds 2023-12-31.
  EXPECT_EQ(Eval("count(calls)", "R12-2024-02")[U_("r")].value, 4);
  EXPECT_EQ(Eval("count(calls where ok over ytd)", "2024-03")[U_("r")].value, 2);
  EXPECT_EQ(Eval("count(calls over previous_year)", "2024")[U_("r")].value, 1);
}

TEST_F(CubeTest, NoDataOutsideTheTablesCoverage) {
  EXPECT_TRUE(std::isnan(Eval("count(calls)", "2022")[U_("r")].value));
  EXPECT_EQ(Eval("count(calls)", "2024-05")[U_("r")].value, 0);
}

TEST_F(CubeTest, DistinctLatestAndLast) {
  EXPECT_EQ(Eval("count_distinct(calls, who)", "2024-T1")[U_("a")].value, 3);
  // p2's latest row in T1 (2024-02-29) is not ok; p1 ok; p3 not → 1 of 3.
  auto s = Eval("share_latest(calls, who, ok)", "2024-T1");
  EXPECT_NEAR(s[U_("a")].value, 100.0 / 3, 1e-12);
  EXPECT_EQ(s[U_("a")].denominator, 3);
  // Last wait per unit valid at the period's end, summed: hc1 1, hc2 10 → a 11.
  EXPECT_EQ(Eval("last(calls, wait)", "2024-T1")[U_("a")].value, 11);
}

TEST_F(CubeTest, PercentilesInterpolateBetweenOrderStatistics) {
  // a in 2024-T1: waits 1, 2, 3, 10. p90: h = 3 × 0.9 = 2.7 → 3 + 0.7 × (10 − 3) = 7.9.
  auto v = Eval("percentile(calls, 90, wait)", "2024-T1");
  EXPECT_DOUBLE_EQ(v[U_("a")].value, 7.9);
  EXPECT_EQ(v[U_("a")].n, 4);
  // p0 and p100 are the smallest and the largest; p25: h = 0.75 → 1 + 0.75 × 1.
  EXPECT_DOUBLE_EQ(Eval("percentile(calls, 0, wait)", "2024-T1")[U_("a")].value, 1);
  EXPECT_DOUBLE_EQ(Eval("percentile(calls, 100, wait)", "2024-T1")[U_("a")].value, 10);
  EXPECT_DOUBLE_EQ(Eval("percentile(calls, 25, wait)", "2024-T1")[U_("a")].value, 1.75);
}

TEST_F(CubeTest, MeansAndWeightedMeans) {
  // a in 2024-T1: waits 1, 2, 3, 10 → mean 4; weighted by ok (1, 1, 0, 0) → (1 + 2) / 2.
  auto mean = Eval("mean(calls, wait)", "2024-T1");
  EXPECT_DOUBLE_EQ(mean[U_("a")].value, 4);
  EXPECT_EQ(mean[U_("a")].numerator, 16);
  EXPECT_EQ(mean[U_("a")].denominator, 4);
  auto w = Eval("wmean(calls, wait, ok)", "2024-T1");
  EXPECT_DOUBLE_EQ(w[U_("a")].value, 1.5);
  EXPECT_EQ(w[U_("a")].denominator, 2);
  // hc3's June row has no wait: it counts in neither.
  EXPECT_DOUBLE_EQ(Eval("mean(calls, wait)", "2024")[U_("r")].value, (1 + 2 + 3 + 10 + 7) / 5.0);
}

TEST_F(CubeTest, WholeYearAndToDateWindows) {
  // "over year" reads all of 2024 whatever the period; "over to_date" everything from
  // the cube's first month through the period's end (2023-12-31 included).
  EXPECT_EQ(Eval("count(calls over year)", "2024-02")[U_("r")].value, 6);
  EXPECT_EQ(Eval("count(calls over to_date)", "2024-02")[U_("r")].value, 4);
  EXPECT_EQ(Eval("count(calls over to_date)", "2023-12")[U_("r")].value, 1);
}

TEST_F(CubeTest, ShareLatestFollowsAKeyAcrossUnits) {
  // p1 comes back to hc2 on 2024-04-02, not ok. hc1 still sees its own latest row of
  // p1 (ok), hc2 and the parent a see the later one (not ok).
  Row("hc2", 2024, 4, 2, false, 5, "p1");
  auto s = Eval("share_latest(calls, who, ok)", "2024-T1");
  EXPECT_EQ(s[U_("hc1")].numerator, 1);
  EXPECT_EQ(s[U_("hc1")].denominator, 1);
  // hc2: p2 (latest 02-29, not ok), p3 (not ok), p1 (not ok) → 0 of 3.
  EXPECT_EQ(s[U_("hc2")].numerator, 0);
  EXPECT_EQ(s[U_("hc2")].denominator, 3);
  // a: p1, p2, p3 → 0 of 3; r adds nothing else in T1.
  EXPECT_EQ(s[U_("a")].numerator, 0);
  EXPECT_EQ(s[U_("a")].denominator, 3);
  // Through March only, p1's latest row is hc1's ok one: 1 of 3 at a.
  auto q = Eval("share_latest(calls, who, ok)", "2024-Q1");
  EXPECT_EQ(q[U_("a")].numerator, 1);
  EXPECT_EQ(q[U_("a")].denominator, 3);
  // A window with rows but none in it for the unit: no value; hc1 in April has none.
  EXPECT_TRUE(std::isnan(Eval("share_latest(calls, who, ok)", "2024-04")[U_("hc1")].value));
}

// `for year`: a forecast counts for the periods of the year it is about, from the month
// it was made in, also when it was made the year before.
TEST_F(CubeTest, ForAYearColumnCountsRowsForThePeriodsOfThatYear) {
  data_.tables.emplace("forecasts", Table::Empty(ForecastSchema()));
  auto forecast = [&](const char* unit, int made_year, int made_month, int year, double result) {
    Table& t = data_.tables.at("forecasts");
    t.columns[0].i32.push_back(tree_.Find(unit));
    t.columns[1].i32.push_back(MakeMonth(made_year, made_month));
    t.columns[2].i32.push_back(year);
    t.columns[3].f64.push_back(result);
    ++t.rows;
  };
  forecast("hc1", 2023, 11, 2023, 10);
  forecast("hc1", 2023, 12, 2024, 20);  // next year's, made in December
  forecast("hc1", 2024, 2, 2024, 30);
  forecast("hc2", 2023, 12, 2024, 5);
  const char* latest = "last(forecasts by made_in for year over to_date, result)";
  EXPECT_EQ(Eval(latest, "2023-12")[U_("a")].value, 10);  // December's forecast is for 2024
  EXPECT_EQ(Eval(latest, "2024-01")[U_("a")].value, 25);  // made in 2023, for 2024
  EXPECT_EQ(Eval(latest, "2024-01")[U_("a")].n, 2);
  EXPECT_EQ(Eval(latest, "2024-T1")[U_("a")].value, 35);
  EXPECT_EQ(Eval(latest, "2024-T1")[U_("hc1")].value, 30);
  // Without `for`, the year's own months only: January 2024 has no forecast.
  EXPECT_TRUE(std::isnan(
      Eval("last(forecasts by made_in where year = year(made_in) over ytd, result)", "2024-01")[U_("a")]
          .value));
  // Any aggregate: the forecasts made in 2024-T1 for 2024, and those for 2023 made by
  // then (the window is to_date, the year the period's).
  EXPECT_EQ(Eval("count(forecasts for year)", "2024-T1")[U_("r")].value, 1);
  EXPECT_EQ(Eval("count(forecasts for year over to_date)", "2023-12")[U_("r")].value, 1);
  EXPECT_EQ(Eval("sum(forecasts for year over to_date, result)", "2024-12")[U_("r")].value, 55);
  // No rows for the period's year at all: no value.
  EXPECT_TRUE(std::isnan(Eval(latest, "2022-06")[U_("r")].value));
}

TEST_F(CubeTest, AClosedUnitsLatestForecastForTheYearCountsAfterItCloses) {
  data_.tables.emplace("forecasts", Table::Empty(ForecastSchema()));
  auto forecast = [&](const char* unit, int made_month, double result) {
    Table& t = data_.tables.at("forecasts");
    t.columns[0].i32.push_back(tree_.Find(unit));
    t.columns[1].i32.push_back(MakeMonth(2024, made_month));
    t.columns[2].i32.push_back(2024);
    t.columns[3].f64.push_back(result);
    ++t.rows;
  };
  forecast("hc1", 1, 100);
  forecast("hc4", 2, 6);
  forecast("hc4", 4, 7);  // hc4 (under a2) closes on 31 May
  const char* latest = "last(forecasts by made_in for year over to_date, result)";
  for (const char* p : {"2024-04", "2024-06", "2024-T3", "2024-12", "2024"}) {
    SCOPED_TRACE(p);
    auto v = Eval(latest, p);
    EXPECT_EQ(v[U_("a2")].value, 7);  // the forecast for the year, as its budget counts
    EXPECT_EQ(v[U_("r")].value, 107);
    EXPECT_EQ(v[U_("r")].n, 2);
  }
  // Without `for`, a row is about its own month: a closed unit has no level at the end.
  EXPECT_EQ(Eval("last(forecasts by made_in over to_date, result)", "2024-06")[U_("r")].value, 100);
}

TEST_F(CubeTest, FractionsGiveNumeratorAndDenominator) {
  auto v = Eval("100 * sum(calls, wait) / count(calls)", "2024-T1");
  EXPECT_DOUBLE_EQ(v[U_("a")].value, 100.0 * 16 / 4);
  EXPECT_EQ(v[U_("a")].numerator, 16);
  EXPECT_EQ(v[U_("a")].denominator, 4);
}

TEST(CompileTest, ErrorsNameTheColumnAndPosition) {
  struct Case {
    const char* text;
    int offset;
    const char* message;
  } cases[] = {
      {"count(calls where colour = 'red')", 18,
       "table 'calls' has no column 'colour' (columns: unit_id, day, ok, wait, who)"},
      {"count(nope)", 6, "unknown table 'nope'"},
      {"share(calls, wait)", 13, "expected a condition (true or false)"},
      {"count(calls where ok and wait)", 25, "expected a boolean, found a number"},
      {"count(calls where day = 'soon')", 24, "expected a date like '2024-01-31'"},
      {"count(calls over decade)", 17, "unknown window 'decade' (period, ytd, year, previous_year, to_date)"},
      {"wait", 0, "'wait' must be inside an aggregate, e.g. sum(table, wait)"},
      {"sum(calls, count(calls))", 11, "an aggregate cannot be used inside another aggregate"},
      {"count(calls for wait)", 16, "'for' needs a year, date or month column; 'wait' is not one"},
      {"count(calls for colour)", 16, "table 'calls' has no column 'colour'"},
      {"count(calls for)", 15, "expected a column after 'for'"},
  };
  for (const Case& c : cases) {
    auto r = CompiledIndicator::Compile(c.text, "", "", Lookup);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(ErrorOffset(r.status()), c.offset) << c.text << ": " << r.status().message();
    EXPECT_EQ(ErrorText(r.status()), c.message) << c.text;
  }
}

// The columns an indicator reads: its by (here the default date column), where and
// arguments, across its aggregates, each once, sorted by table and column.
TEST(CompiledIndicatorTest, ColumnsAreThoseItsExpressionsRead) {
  auto c = CompiledIndicator::Compile("share(calls where who = 'x', ok) / count(calls where ok)", "", "", Lookup);
  ASSERT_TRUE(c.ok()) << c.status().message();
  using Read = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(c->Columns(), (Read{{"calls", 1}, {"calls", 2}, {"calls", 4}}));  // day, ok, who
  auto w = CompiledIndicator::Compile("median(calls where wait is not null, wait)", "", "", Lookup);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->Columns(), (Read{{"calls", 1}, {"calls", 3}}));  // day, wait
}

}  // namespace
}  // namespace nara::engine
