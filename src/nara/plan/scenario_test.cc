#include "nara/plan/scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nara/follow/follow_up.h"
#include "nara/ingest/contract.h"

namespace nara::plan {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// A scenario file of the test's own, removed afterwards.
class ScenarioFile {
 public:
  explicit ScenarioFile(const std::string& text, const std::string& stem = "prov") {
    dir_ = fs::temp_directory_path() / ("nara-scenario-test-" + std::to_string(::getpid()) + "-" + stem);
    fs::create_directories(dir_);
    path_ = (dir_ / (stem + ".toml")).string();
    std::ofstream(path_) << text;
  }
  ~ScenarioFile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  fs::path dir_;
  std::string path_;
};

TEST(ScenarioTest, ReadsEveryLever) {
  ScenarioFile f(R"(name = "Färre händer"
description = "Tio procent färre läkare och sjuksköterskor från 2026."
agency_stop = 2027
[[capacity]]
resource = "assessment"
from = 2026
factor = 0.9
[[capacity]]
resource = "phone"
municipality = 1380
unit = "vc_halmstad_centrum"
from = 2028
factor = 1.2
[[demand]]
resource = "chat"
from = 2026
factor = 1.3
[[residents]]
municipality = 1315
by_2030 = -500
[[evening]]
until = 19
from = 2027
[[evening]]
until = 20
municipality = 1380
from = 2028
[[weekend]]
municipality = 1384
from = 2027
[[close]]
unit = "vc_kolla"
last_day = 2026-12-31
into = "vc_kungsbacka"
[[close]]
unit = "vc_asa"
last_day = 2027-06-30
[[listing]]
provider = "private"
factor = 1.25
from = 2026
municipality = 1380
[[mobile_team]]
share = 0.25
from = 2026
[[mobile_team]]
share = 0.4
municipality = 1315
from = 2027
)");
  auto s = LoadScenario(f.path());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->id, "prov");
  EXPECT_EQ(s->name, "Färre händer");
  EXPECT_EQ(s->levers.agency_stop_from, 2027);
  ASSERT_EQ(s->levers.capacity.size(), 2u);
  EXPECT_EQ(s->levers.capacity[1].municipality_code, 1380);
  EXPECT_EQ(s->levers.capacity[1].unit_id, "vc_halmstad_centrum");
  using R = sim::Levers::Resource;
  // Factors hold from their year on, where they match, and multiply.
  EXPECT_DOUBLE_EQ(s->levers.CapacityFactor(R::kAssessment, 1384, "vc_x", 2025), 1.0);
  EXPECT_DOUBLE_EQ(s->levers.CapacityFactor(R::kAssessment, 1384, "vc_x", 2026), 0.9);
  EXPECT_DOUBLE_EQ(s->levers.CapacityFactor(R::kPhone, 1380, "vc_halmstad_centrum", 2028), 1.2);
  EXPECT_DOUBLE_EQ(s->levers.CapacityFactor(R::kPhone, 1380, "vc_other", 2028), 1.0);
  EXPECT_DOUBLE_EQ(s->levers.CapacityFactor(R::kPhone, 1384, "vc_halmstad_centrum", 2030), 1.0);
  EXPECT_DOUBLE_EQ(s->levers.DemandFactor(R::kChat, 2030), 1.3);
  EXPECT_DOUBLE_EQ(s->levers.DemandFactor(R::kAssessment, 2030), 1.0);
  ASSERT_EQ(s->levers.residents.size(), 1u);
  EXPECT_EQ(s->levers.residents[0].by_2030, -500);
  // Evening hours from their year on, where they match; the latest hour holds.
  ASSERT_EQ(s->levers.evening.size(), 2u);
  EXPECT_EQ(s->levers.PhoneClosingHour(1380, "vc_x", 2026), 17);
  EXPECT_EQ(s->levers.PhoneClosingHour(1380, "vc_x", 2027), 19);
  EXPECT_EQ(s->levers.PhoneClosingHour(1380, "vc_x", 2028), 20);
  EXPECT_EQ(s->levers.PhoneClosingHour(1384, "vc_x", 2028), 19);
  // Closings, one merged into another unit; listing drawn to the private units.
  ASSERT_EQ(s->closings.size(), 2u);
  EXPECT_EQ(s->closings[0].unit_id, "vc_kolla");
  EXPECT_EQ(s->closings[0].last_day, DaysFromCivil(2026, 12, 31));
  EXPECT_EQ(s->closings[1].into, "");
  ASSERT_EQ(s->levers.merge.size(), 1u);
  EXPECT_EQ(*s->levers.MergedInto("vc_kolla"), "vc_kungsbacka");
  EXPECT_EQ(s->levers.MergedInto("vc_asa"), nullptr);
  EXPECT_DOUBLE_EQ(s->levers.ListingFactor(false, 1380, 2026), 1.25);
  EXPECT_DOUBLE_EQ(s->levers.ListingFactor(true, 1380, 2026), 1.0);
  EXPECT_DOUBLE_EQ(s->levers.ListingFactor(false, 1380, 2025), 1.0);
  EXPECT_DOUBLE_EQ(s->levers.ListingFactor(false, 1384, 2026), 1.0);
  // A Saturday clinic from its year on, where it matches.
  ASSERT_EQ(s->levers.weekend.size(), 1u);
  EXPECT_FALSE(s->levers.SaturdayOpen(1384, "vc_x", 2026));
  EXPECT_TRUE(s->levers.SaturdayOpen(1384, "vc_x", 2027));
  EXPECT_FALSE(s->levers.SaturdayOpen(1380, "vc_x", 2030));
  // A mobile team from its year on, where it matches; the largest share holds.
  ASSERT_EQ(s->levers.mobile_team.size(), 2u);
  EXPECT_EQ(s->levers.MobileTeamShare(1315, "vc_x", 2025), 0.0);
  EXPECT_EQ(s->levers.MobileTeamShare(1315, "vc_x", 2026), 0.25);
  EXPECT_EQ(s->levers.MobileTeamShare(1315, "vc_x", 2027), 0.4);
  EXPECT_EQ(s->levers.MobileTeamShare(1380, "vc_x", 2027), 0.25);
}

TEST(ScenarioTest, MistakesNameTheirPlace) {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"nam = \"x\"\n", "prov.toml:1:7: unknown key 'nam'"},
      {"[[capacity]]\nresource = \"doctors\"\nfrom = 2026\nfactor = 0.9\n", "prov.toml:2:12: resource is one of"},
      {"[[capacity]]\nresource = \"phone\"\nfrom = 2026\nfactor = 0\n", "prov.toml:4:10: factor is a number above 0"},
      {"[[capacity]]\nresource = \"phone\"\nfactor = 0.9\n", "from (the first year it holds) is required"},
      {"[[demand]]\nresource = \"dental\"\nfrom = 2026\nfactor = 1.1\n", "dental demand follows the population"},
      {"agency_stop = 2050\n", "prov.toml:1:15: a year within 2016–2035"},
      {"[[residents]]\nmunicipality = 13\nby_2030 = 10\n", "municipality is an SCB municipality code"},
      {"[[capacity]]\nresource = \"phone\"\nfrom = 2026\nfactor = 0.9\nhow = 1\n", "unknown key 'how' in [[capacity]]"},
      {"[[evening]]\nuntil = 23\nfrom = 2026\n", "prov.toml:2:9: until is the hour the phone line closes, a whole number 18–21"},
      {"[[evening]]\nfrom = 2026\n", "until is required"},
      {"[[mobile_team]]\nshare = 1.5\nfrom = 2026\n", "prov.toml:2:9: share is the part of the 80+'s contacts"},
      {"[[mobile_team]]\nfrom = 2026\n", "share is required"},
      {"[[weekend]]\nfrom = 2026\nhours = 4\n", "unknown key 'hours' in [[weekend]]"},
      {"[[close]]\nlast_day = 2026-12-31\n", "unit (the id of the unit that closes) is required"},
      {"[[close]]\nunit = \"vc_asa\"\nlast_day = \"2026\"\n", "last_day (the last day it is open"},
      {"[[listing]]\nprovider = \"county\"\nfactor = 1.1\nfrom = 2026\n", "prov.toml:2:12: provider is own"},
      {"[[mobile_team]]\nshare = 0.3\n", "from (the first year it holds) is required"},
  };
  for (const Case& c : cases) {
    ScenarioFile f(c.text);
    auto s = LoadScenario(f.path());
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), StatusCode::kDataError);
    EXPECT_NE(s.status().message().find(c.says), std::string::npos) << s.status().message();
  }
}

TEST(ScenarioTest, ShippedScenariosLoad) {
  auto all = LoadScenarios(SourceDir() + "/data/halland");
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_GE(all->size(), 3u);
  EXPECT_EQ(all->front().id, "baseline");
  EXPECT_TRUE(all->front().levers.capacity.empty() && all->front().levers.demand.empty() &&
              all->front().levers.evening.empty());
  EXPECT_TRUE(std::any_of(all->begin(), all->end(), [](const Scenario& s) { return !s.levers.evening.empty(); }));
}

TEST(PercentileTest, InterpolatesBetweenOrderStatistics) {
  // By hand (type 7): h = (n − 1) p; 1 2 3 4 → p10 at h 0,3 = 1,3; p50 at 1,5 = 2,5; p90 at 2,7 = 3,7.
  EXPECT_NEAR(Percentile({4, 1, 3, 2}, 10), 1.3, 1e-12);
  EXPECT_NEAR(Percentile({4, 1, 3, 2}, 50), 2.5, 1e-12);
  EXPECT_NEAR(Percentile({4, 1, 3, 2}, 90), 3.7, 1e-12);
  EXPECT_EQ(Percentile({7}, 90), 7);
  EXPECT_TRUE(std::isnan(Percentile({}, 50)));
}

TEST(ResultsCsvTest, ReadsBackWhatItWrote) {
  Results r;
  r.scenario = "Digitalt först, \"snabbt\"";
  r.rows.push_back({2025, "phone_same_day", "nsh", 10, 91.25, 90.5, 92.75, 90, "met"});
  r.rows.push_back({2026, "chat_median_wait", "chatt_central", 0, NAN, NAN, NAN, NAN, "no_data"});
  const std::string path = (fs::temp_directory_path() / ("nara-results-" + std::to_string(::getpid()) + ".csv")).string();
  {
    std::ofstream out(path);
    WriteResultsCsv(r, out);
  }
  auto back = ReadResultsCsv(path);
  fs::remove(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].scenario, r.scenario);
  ASSERT_EQ((*back)[0].rows.size(), 2u);
  EXPECT_EQ((*back)[0].rows[0].median, 91.25);
  EXPECT_EQ((*back)[0].rows[0].p90, 92.75);
  EXPECT_EQ((*back)[0].rows[0].status, "met");
  EXPECT_TRUE(std::isnan((*back)[0].rows[1].median));
  EXPECT_TRUE(std::isnan((*back)[0].rows[1].target));
}

// The administration's value of an indicator in a year.
const ResultRow* Find(const Results& r, int year, const std::string& indicator) {
  for (const ResultRow& row : r.rows) {
    if (row.year == year && row.indicator == indicator && row.unit_id == "nsh") return &row;
  }
  return nullptr;
}

// Three runs of 2025 for a tenth of Halland: quick, and one seed range for every
// scenario compared.
RunOptions Small2025() {
  RunOptions o;
  o.first_year = o.last_year = 2025;
  o.runs = 3;
  o.scale = 0.1;
  return o;
}

StatusOr<Results> RunBaseline(const RunOptions& o) {
  Scenario baseline;
  baseline.id = baseline.name = "baseline";
  return RunScenario(SourceDir() + "/data/halland", baseline, o);
}

// Runs the scenario `text` (a file of stem `stem`) on the shipped configuration.
StatusOr<Results> RunText(const std::string& text, const std::string& stem, const RunOptions& o) {
  ScenarioFile f(text, stem);
  NARA_ASSIGN_OR_RETURN(Scenario s, LoadScenario(f.path()));
  return RunScenario(SourceDir() + "/data/halland", s, o);
}

// Each finished run is told; a cancel asked after the first stops before the second's
// computation, with an error and no results.
TEST(RunScenarioTest, TellsEachRunAndStopsWhenCancelled) {
  RunOptions o = Small2025();
  o.scale = 0.02;
  std::vector<int> told;
  o.run_done = [&told](int done) { told.push_back(done); };
  ASSERT_TRUE(RunBaseline(o).ok());
  EXPECT_EQ(told, (std::vector<int>{1, 2, 3}));
  told.clear();
  o.cancelled = [&told] { return !told.empty(); };
  auto stopped = RunBaseline(o);
  EXPECT_FALSE(stopped.ok());
  EXPECT_EQ(told, (std::vector<int>{1}));
}

// More hands never make the care guarantee worse beyond the runs' spread, and fewer
// make it worse: the levers reach the queues. A small region (scale 0,1) and three runs
// keep the test quick; the comparison is within one seed range, so it is a property of
// the model, not of chance.
TEST(RunScenarioTest, CapacityMovesTheCareGuaranteeItsWay) {
  ScenarioFile more(R"(name = "Fler händer"
[[capacity]]
resource = "phone"
from = 2025
factor = 1.3
[[capacity]]
resource = "assessment"
from = 2025
factor = 1.3
)", "fler");
  ScenarioFile fewer(R"(name = "Färre händer"
[[capacity]]
resource = "phone"
from = 2025
factor = 0.7
[[capacity]]
resource = "assessment"
from = 2025
factor = 0.7
)", "farre");
  const RunOptions o = Small2025();
  const std::string config = SourceDir() + "/data/halland";
  auto base = RunBaseline(o);
  ASSERT_TRUE(base.ok()) << base.status().message();
  auto m = LoadScenario(more.path());
  auto f = LoadScenario(fewer.path());
  ASSERT_TRUE(m.ok() && f.ok());
  auto up = RunScenario(config, *m, o);
  auto down = RunScenario(config, *f, o);
  ASSERT_TRUE(up.ok() && down.ok());
  EXPECT_EQ(up->scenario, "Fler händer");
  for (const char* id : {"phone_same_day", "assessment_3_days"}) {
    const ResultRow* b = Find(*base, 2025, id);
    const ResultRow* u = Find(*up, 2025, id);
    const ResultRow* d = Find(*down, 2025, id);
    ASSERT_TRUE(b && u && d) << id;
    ASSERT_EQ(b->runs_with_value, 3) << id;
    const double spread = b->p90 - b->p10;
    EXPECT_LE(b->p10, b->median);
    EXPECT_LE(b->median, b->p90);
    EXPECT_GE(u->median, b->median - spread) << id << ": more capacity, " << u->median << " against " << b->median;
    EXPECT_LT(d->median, b->median - spread) << id << ": less capacity, " << d->median << " against " << b->median;
    EXPECT_FALSE(std::isnan(b->target)) << id << " has a target in the plan carried forward";
  }
}

// Evening phone hours with the same agent time: more of the calls are answered or
// called back the same day (the calls of 16–17 no longer wait for the next day).
TEST(RunScenarioTest, EveningHoursRaisePhoneSameDay) {
  const RunOptions o = Small2025();
  auto base = RunBaseline(o);
  auto late = RunText(R"(name = "Kvällsöppen telefon"
[[evening]]
until = 19
from = 2025
)", "kvall", o);
  ASSERT_TRUE(base.ok());
  ASSERT_TRUE(late.ok()) << late.status().message();
  const ResultRow* b = Find(*base, 2025, "phone_same_day");
  const ResultRow* l = Find(*late, 2025, "phone_same_day");
  ASSERT_TRUE(b && l);
  EXPECT_GT(l->median, b->median + (b->p90 - b->p10)) << l->median << " against " << b->median;
}

// A mobile team that takes half the 80+'s contacts with the health centres' capacity
// as planned: fewer calls and assessment needs reach them, and more needs are assessed
// within three days, beyond the runs' spread.
TEST(RunScenarioTest, AMobileTeamForThe80PlusRaisesAssessmentWithinThreeDays) {
  const RunOptions o = Small2025();
  auto base = RunBaseline(o);
  auto with = RunText(R"(name = "Mobila team"
[[mobile_team]]
share = 0.5
from = 2025
)", "mobilt", o);
  ASSERT_TRUE(base.ok());
  ASSERT_TRUE(with.ok()) << with.status().message();
  const ResultRow* b = Find(*base, 2025, "assessment_3_days");
  const ResultRow* w = Find(*with, 2025, "assessment_3_days");
  ASSERT_TRUE(b && w);
  EXPECT_GT(w->median, b->median + (b->p90 - b->p10)) << w->median << " against " << b->median;
}

// The listed patients of a unit at the end of 2025 (the median over the runs).
double Listed(const Results& r, const std::string& unit) {
  for (const ResultRow& row : r.rows) {
    if (row.year == 2025 && row.indicator == "listed_patients" && row.unit_id == unit) return row.median;
  }
  return NAN;
}

// A health centre that closes and merges into another: its patients are listed there
// (the municipality's listed are as many), and it lists nobody; closed without `into`,
// its patients are shared by the municipality's units. A closing before the unit's
// latest version, or of a unit that does not exist, is refused.
TEST(RunScenarioTest, AUnitThatClosesSendsItsPatientsWhereItMerges) {
  RunOptions o = Small2025();
  o.runs = 1;
  auto base = RunBaseline(o);
  ASSERT_TRUE(base.ok());
  auto with_merge = RunText(R"(name = "Kolla in i Kungsbacka"
[[close]]
unit = "vc_kolla"
last_day = 2024-12-31
into = "vc_kungsbacka"
)", "sammanslagen", o);
  auto with_close = RunText(R"(name = "Kolla stänger"
[[close]]
unit = "vc_kolla"
last_day = 2024-12-31
)", "stangd", o);
  ASSERT_TRUE(with_merge.ok()) << with_merge.status().message();
  ASSERT_TRUE(with_close.ok()) << with_close.status().message();
  const double kolla = Listed(*base, "vc_kolla"), kungsbacka = Listed(*base, "vc_kungsbacka");
  ASSERT_GT(kolla, 100);
  EXPECT_TRUE(std::isnan(Listed(*with_merge, "vc_kolla")));
  EXPECT_NEAR(Listed(*with_merge, "vc_kungsbacka"), kungsbacka + kolla, 0.03 * (kungsbacka + kolla));
  // Shared instead: Kungsbacka health centre gets only a part of them.
  EXPECT_LT(Listed(*with_close, "vc_kungsbacka"), kungsbacka + 0.6 * kolla);
  EXPECT_GT(Listed(*with_close, "vc_kungsbacka"), kungsbacka);

  auto e_run = RunText("[[close]]\nunit = \"vc_kolla\"\nlast_day = 2010-12-31\n", "tidig", o);
  auto n_run = RunText("[[close]]\nunit = \"vc_ingen\"\nlast_day = 2026-12-31\n", "ingen", o);
  EXPECT_FALSE(e_run.ok());
  EXPECT_NE(e_run.status().message().find("before it opens"), std::string::npos) << e_run.status().message();
  EXPECT_FALSE(n_run.ok());
  EXPECT_NE(n_run.status().message().find("names no unit 'vc_ingen'"), std::string::npos) << n_run.status().message();
}

// Listing drawn to the private units: the administration's own units list fewer, and
// the region lists as many.
TEST(RunScenarioTest, ListingDrawnToPrivateUnitsLeavesTheOwnOnesFewer) {
  RunOptions o = Small2025();
  o.runs = 1;
  auto base = RunBaseline(o);
  auto with = RunText(R"(name = "Fler listar sig privat"
[[listing]]
provider = "private"
factor = 1.5
from = 2025
)", "privat", o);
  ASSERT_TRUE(base.ok());
  ASSERT_TRUE(with.ok()) << with.status().message();
  EXPECT_LT(Listed(*with, "nsh"), 0.97 * Listed(*base, "nsh"));
  EXPECT_NEAR(Listed(*with, "region_halland"), Listed(*base, "region_halland"), 0.005 * Listed(*base, "region_halland"));
}

// A run makes only the columns the catalogue reads (CatalogueShape): its figures are
// those of the whole tables, for every indicator, unit and period of a year.
TEST(RunScenarioTest, OnlyTheCataloguesColumnsGiveTheSameFigures) {
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(SourceDir() + "/data/halland", &problems);
  ASSERT_TRUE(problems.empty());
  auto shape = CatalogueShape(config.catalogue);
  ASSERT_TRUE(shape.ok()) << shape.status().message();
  // Something is left out: the visits' patient keys, which no indicator reads.
  const engine::TableSchema* visits = ingest::FindContractTable("visits");
  EXPECT_FALSE(shape->keep.at("visits")[static_cast<size_t>(visits->Find("patient_key"))]);
  EXPECT_TRUE(shape->keep.at("visits")[static_cast<size_t>(visits->Find("unit_id"))]);
  sim::SimOptions so;
  so.first_year = 2024;
  so.last_year = 2025;
  so.scale = 0.05;
  so.seed = 3;
  auto whole = sim::SimulateDataset(config, so, nullptr);
  auto narrow = sim::SimulateDataset(config, so, nullptr, nullptr, &*shape);
  ASSERT_TRUE(whole.ok() && narrow.ok());
  EXPECT_TRUE(narrow->Find("visits")->columns[static_cast<size_t>(visits->Find("patient_key"))].i32.empty());
  EXPECT_LT(narrow->MemoryBytes(), whole->MemoryBytes());
  follow::FollowUp::Options fo;
  fo.first_year = fo.last_year = 2025;
  auto a = follow::FollowUp::Build(config.catalogue, config.tree, *whole, fo);
  auto b = follow::FollowUp::Build(config.catalogue, config.tree, *narrow, fo);
  ASSERT_TRUE(a.ok() && b.ok());
  size_t values = 0;
  for (const model::Period& period : {model::Period::Year(2025), model::Period::MakeMonth(2025, 3)}) {
    const auto ra = a->Scorecard(period);
    const auto rb = b->Scorecard(period);
    ASSERT_EQ(ra.size(), rb.size());
    for (size_t i = 0; i < ra.size(); ++i) {
      SCOPED_TRACE(ra[i].def->id + " " + config.tree.id(ra[i].unit));
      ASSERT_EQ(ra[i].def, rb[i].def);
      ASSERT_EQ(ra[i].unit, rb[i].unit);
      const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
      EXPECT_TRUE(same(ra[i].cell.value, rb[i].cell.value)) << ra[i].cell.value << " " << rb[i].cell.value;
      EXPECT_TRUE(same(ra[i].cell.numerator, rb[i].cell.numerator));
      EXPECT_TRUE(same(ra[i].cell.denominator, rb[i].cell.denominator));
      EXPECT_EQ(ra[i].cell.n, rb[i].cell.n);
      EXPECT_EQ(ra[i].judgement.status, rb[i].judgement.status);
      values += !std::isnan(ra[i].cell.value);
    }
  }
  EXPECT_GT(values, 500u);
}

}  // namespace
}  // namespace nara::plan
