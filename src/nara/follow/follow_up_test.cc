// The follow-up over a whole extract: every unit, every period kind of three years.
// The rules that must hold for any data, checked on the example extract.
#include "nara/follow/follow_up.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "nara/follow/describe.h"
#include "nara/ingest/extract_dir.h"

namespace nara::follow {
namespace {

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

class FollowUpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<model::Problem> problems;
    config_ = new model::Config(model::LoadConfig(Source() + "/data/halland", &problems));
    ASSERT_TRUE(problems.empty());
    auto extract = ingest::LoadExtractDir(Source() + "/data/example", config_->tree);
    ASSERT_TRUE(extract.ok()) << extract.status().message();
    extract_ = new ingest::Extract(std::move(extract).value());
    FollowUp::Options o;
    o.first_year = 2022;
    o.last_year = 2024;
    auto f = FollowUp::Build(config_->catalogue, extract_->tree, extract_->data, o);
    ASSERT_TRUE(f.ok()) << f.status().message();
    follow_ = new FollowUp(std::move(f).value());
  }
  static void TearDownTestSuite() {
    delete follow_;
    delete extract_;
    delete config_;
  }
  static model::Config* config_;
  static ingest::Extract* extract_;
  static FollowUp* follow_;
};

model::Config* FollowUpTest::config_ = nullptr;
ingest::Extract* FollowUpTest::extract_ = nullptr;
FollowUp* FollowUpTest::follow_ = nullptr;

bool Judged(StatusKind s) { return s == StatusKind::kMet || s == StatusKind::kNear || s == StatusKind::kNotMet; }

TEST_F(FollowUpTest, NoRowIsJudgedWithNothingBehindIt) {
  int rows = 0, judged = 0;
  for (int year = 2022; year <= 2024; ++year) {
    for (const model::Period& p : model::PeriodsOfYear(year)) {
      for (const ScoreRow& r : follow_->Scorecard(p)) {
        ++rows;
        SCOPED_TRACE(r.def->id + " " + extract_->tree.id(r.unit) + " " + p.ToString());
        if (Judged(r.judgement.status)) {
          ++judged;
          EXPECT_GT(r.cell.n, 0);
          EXPECT_FALSE(std::isnan(r.cell.value));
        }
        // "No data" has no value beside it, and a value is never "no data".
        EXPECT_EQ(r.judgement.status == StatusKind::kNoData || r.judgement.status == StatusKind::kSuppressed,
                  std::isnan(r.cell.value));
      }
    }
  }
  EXPECT_GT(judged, 1000);
  EXPECT_GT(rows, judged);
}

TEST_F(FollowUpTest, AStocksTargetAtAYearsLastDayIsTheSameWhicheverPeriodEndsThere) {
  const model::IndicatorDef* listed = config_->FindIndicator("listed_patients");
  ASSERT_NE(listed, nullptr);
  int checked = 0;
  for (int year = 2023; year <= 2024; ++year) {
    std::map<int, double> first;  // unit → the target of the first period ending on 31 December
    for (const model::Period& p : model::PeriodsOfYear(year)) {
      if (p.last_day() != DaysFromCivil(year, 12, 31)) continue;
      for (const ScoreRow& r : follow_->Scorecard(p)) {
        if (r.def != listed || std::isnan(r.judgement.target)) continue;
        auto [it, fresh] = first.emplace(r.unit, r.judgement.target);
        EXPECT_EQ(r.judgement.target, it->second) << p.ToString() << " " << extract_->tree.id(r.unit);
        checked += !fresh;
        // …and it reads the same.
        EXPECT_FALSE(DescribeTarget(r, Lang::kSv).text.empty());
      }
    }
  }
  EXPECT_GT(checked, 20);
}

TEST_F(FollowUpTest, IndicatorsAreLeftOutWhereTheyDoNotApplyAndParentsKeepTheirValues) {
  const model::Period t1 = *model::ParsePeriod("2024-T1");
  const model::OrgTree& tree = extract_->tree;
  std::map<std::pair<std::string, std::string>, const ScoreRow*> cell;
  std::vector<ScoreRow> rows = follow_->Scorecard(t1);
  for (const ScoreRow& r : rows) cell[{r.def->id, tree.id(r.unit)}] = &r;
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, t1.last_day());
    if (v == nullptr) continue;
    if (v->kind == model::UnitKind::kHealthCentre) {
      EXPECT_FALSE(cell.count({"chats_started", v->id})) << v->id;
      EXPECT_FALSE(cell.count({"dental_on_time_children", v->id})) << v->id;
      EXPECT_TRUE(cell.count({"visits_total", v->id})) << v->id;
    }
    if (v->kind == model::UnitKind::kDentalClinic) {
      EXPECT_FALSE(cell.count({"visits_total", v->id})) << v->id;
      EXPECT_FALSE(cell.count({"chats_started", v->id})) << v->id;
      EXPECT_TRUE(cell.count({"dental_on_time_children", v->id})) << v->id;
    }
  }
  // The dental clinics' area has no visits row; the administration's visits are still
  // those of every unit below it: the sum over the leaves shown.
  EXPECT_FALSE(cell.count({"visits_total", "ftv"}));
  ASSERT_TRUE(cell.count({"visits_total", "nsh"}));
  // Counted here from the rows: visits on days of T1 at units under nsh that day.
  const engine::Table* visits = extract_->data.Find("visits");
  ASSERT_NE(visits, nullptr);
  int unit_col = visits->schema->Find("unit_id"), date_col = visits->schema->Find("date");
  int64_t counted = 0;
  for (size_t i = 0; i < visits->rows; ++i) {
    Days day = visits->columns[static_cast<size_t>(date_col)].i32[i];
    int unit = visits->columns[static_cast<size_t>(unit_col)].i32[i];
    counted += day >= t1.first_day() && day <= t1.last_day() && tree.IsWithin(unit, tree.Find("nsh"), day);
  }
  EXPECT_GT(counted, 0);
  const ScoreRow* nsh = cell[{"visits_total", "nsh"}];
  EXPECT_EQ(nsh->cell.value, static_cast<double>(counted));
  // A unit asked for alone gets the same rows it has in the whole cube.
  int vc = tree.Find("vc_varberg");
  size_t own = 0;
  for (const ScoreRow& r : rows) own += r.unit == vc;
  EXPECT_EQ(follow_->ForUnit(t1, vc).size(), own);
}

}  // namespace
}  // namespace nara::follow
