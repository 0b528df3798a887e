#include "nara/model/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace nara::model {
namespace {

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

// A configuration folder of three files under the temporary folder, and its path.
std::filesystem::path WriteConfig(const char* name, const std::string& units, const std::string& plans,
                                  const std::string& indicators) {
  // Per process: another run of the suite (a second build folder) may be running.
  auto dir = std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "units.toml") << units;
  std::ofstream(dir / "plans.toml") << plans;
  std::ofstream(dir / "indicators.toml") << indicators;
  return dir;
}

// The start of a one-indicator catalogue, to be ended with its value and targets.
const char* kIndicatorA =
    "[[indicator]]\nid = \"a\"\nname = \"A\"\nperspective = \"Målgrupp\"\n"
    "definition = \"d\"\ndisplay = \"count\"\nbetter = \"higher\"\n";
const char* kRegion =
    "[[unit]]\nid = \"r\"\nname = \"R\"\nkind = \"region\"\nownership = \"public\"\n"
    "valid_from = 2020-01-01\n";
const char* kPlan2024 = "[[plan]]\nyear = 2024\ntitle = \"P\"\n";

TEST(ConfigTest, ShippedHallandLoadsWithoutProblems) {
  std::vector<Problem> problems;
  Config c = LoadConfig(Source() + "/data/halland", &problems);
  for (const auto& p : problems) ADD_FAILURE() << p.ToString();
  int centres = 0, branches = 0, own = 0;
  Days day = DaysFromCivil(2024, 1, 1);
  for (int u = 0; u < c.tree.size(); ++u) {
    const UnitVersion* v = c.tree.VersionAt(u, day);
    if (!v) continue;
    centres += v->kind == UnitKind::kHealthCentre;
    branches += v->kind == UnitKind::kBranch;
    own += v->kind == UnitKind::kHealthCentre && v->ownership == Ownership::kPublic;
  }
  EXPECT_EQ(centres, 47);
  EXPECT_EQ(branches, 11);
  EXPECT_EQ(own, 24);
  EXPECT_EQ(c.catalogue.size(), 33u);
  ASSERT_NE(c.FindPlan(2022), nullptr);
  ASSERT_NE(c.FindPlan(2024), nullptr);
}

TEST(ConfigTest, TargetsCarryForwardAndOverride) {
  std::vector<Problem> problems;
  Config c = LoadConfig(Source() + "/data/halland", &problems);
  const IndicatorDef* phone = c.FindIndicator("phone_same_day");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->TargetFor(2023, "nsh")->text, ">= 95");  // 2022's, carried forward
  EXPECT_EQ(phone->TargetFor(2024, "nsh")->text, "> 95");
  EXPECT_EQ(phone->TargetFor(2021, "nsh"), nullptr);
  const IndicatorDef* visits = c.FindIndicator("visits_total");
  EXPECT_EQ(visits->TargetFor(2024, "vch")->text, ">= 655462");
  EXPECT_EQ(visits->TargetFor(2024, "nsh")->kind, TargetKind::kNotSet);
}

TEST(ConfigTest, AYearWithOnlyOverridesCarriesTheGeneralTargetForward) {
  IndicatorDef d;
  d.targets[2022].all = *ParseTarget(">= 50");
  d.targets[2022].units["hc_b"] = *ParseTarget(">= 40");
  d.targets[2024].units["hc_a"] = *ParseTarget(">= 70");
  EXPECT_EQ(d.TargetFor(2024, "hc_a")->text, ">= 70");
  EXPECT_EQ(d.TargetFor(2024, "vch")->text, ">= 50");   // 2022's general target
  EXPECT_EQ(d.TargetFor(2024, "hc_b")->text, ">= 40");  // 2022's override, not replaced
  EXPECT_EQ(d.TargetFor(2023, "hc_a")->text, ">= 50");
  d.targets[2024].all = *ParseTarget(">= 60");  // a new general target replaces both
  EXPECT_EQ(d.TargetFor(2024, "hc_b")->text, ">= 60");
  EXPECT_EQ(d.TargetFor(2021, "hc_a"), nullptr);
}

TEST(ConfigTest, ReportsProblemsWithFileAndLine) {
  auto dir = WriteConfig(
      "nara_config_test",
      std::string(kRegion) +
          "\n[[unit]]\nid = \"x\"\nname = \"X\"\nkind = \"castle\"\n"
          "ownership = \"public\"\nparent = \"r\"\nvalid_from = 2020-01-01\n",
      kPlan2024, std::string(kIndicatorA) + "value = \"count(visits)\"\ntargets = { 2024 = \"about 5\" }\n");
  std::vector<Problem> problems;
  LoadConfig(dir.string(), &problems);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].ToString(), (dir / "units.toml").string() + ":11:8: unknown kind 'castle'");
  EXPECT_EQ(problems[1].line, 9);
  EXPECT_EQ(problems[1].code, Msg::kTargetUnknown);
  EXPECT_EQ(problems[1].args, std::vector<std::string>{"about 5"});
  // The same problems in Swedish, from the catalogue.
  EXPECT_EQ(problems[0].ToString(Lang::kSv), (dir / "units.toml").string() + ":11:8: okänd enhetstyp 'castle'");
}

TEST(ConfigTest, ABadFieldDoesNotHideTreeProblems) {
  auto dir = WriteConfig(
      "nara_config_test_tree",
      std::string(kRegion) +
          "\n[[unit]]\nid = \"x\"\nname = \"X\"\nkind = \"service\"\n"
          "ownership = \"common\"\nparent = \"r\"\nvalid_from = 2020-01-01\n\n"
          "[[unit]]\nid = \"y\"\nname = \"Y\"\nkind = \"service\"\nownership = \"public\"\n"
          "parent = \"nowhere\"\nvalid_from = 2020-01-01\n",
      kPlan2024,
      std::string(kIndicatorA) + "value = \"count(visits)\"\nunit_targets = { 2024 = { z = \">= 5\" } }\n");
  std::vector<Problem> problems;
  LoadConfig(dir.string(), &problems);
  std::string all;
  for (const Problem& p : problems) all += p.ToString() + "\n";
  EXPECT_NE(all.find("ownership"), std::string::npos) << all;
  EXPECT_NE(all.find("nowhere"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown unit 'z'"), std::string::npos) << all;
  // The tree's problem is placed at its unit's line in units.toml.
  bool placed = false;
  for (const Problem& p : problems) {
    placed = placed || (p.code == Msg::kTreeUnknownParent && p.line == 16 && p.file == (dir / "units.toml").string());
  }
  EXPECT_TRUE(placed) << all;
}

TEST(ConfigTest, UnknownPlanIndicatorPointsAtItsList) {
  auto dir =
      WriteConfig("nara_config_test_plan", kRegion,
                  std::string(kPlan2024) +
                      "\n[[plan.focus_area]]\nid = \"f\"\nname = \"F\"\n\n"
                      "[[plan.focus_area.goal]]\nid = \"g\"\ntext = \"G\"\nindicators = [\"a\", \"nope\"]\n",
                  std::string(kIndicatorA) + "value = \"count(visits)\"\n");
  std::vector<Problem> problems;
  LoadConfig(dir.string(), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            (dir / "plans.toml").string() + ":12:14: goal 'g': unknown indicator 'nope'");
}

TEST(ConfigTest, BaselinesKindsAndMeasuresAreCheckedAtLoadWithTheirPlace) {
  auto dir = WriteConfig("nara_config_test_targets", kRegion, kPlan2024,
                         std::string(kIndicatorA) +
                             "value = \"count(visits)\"\n"
                             "measure = \"level\"\n"
                             "applies_to = [\"health_centre\", \"castle\"]\n"
                             "targets = { 2024 = \"change_vs_baseline +500 at 2023-13\" }\n");
  std::vector<Problem> problems;
  LoadConfig(dir.string(), &problems);
  ASSERT_EQ(problems.size(), 3u);
  std::string file = (dir / "indicators.toml").string();
  EXPECT_EQ(problems[0].ToString(), file +
                                        ":9:11: 'measure' must be rate, flow (a count over the period) or stock (a "
                                        "level at its end)");
  EXPECT_EQ(problems[1].ToString(), file +
                                        ":10:14: 'applies_to' holds an unknown unit kind 'castle' (region, "
                                        "administration, area, health_centre, branch, dental_clinic, service, team)");
  EXPECT_EQ(problems[2].line, 11);
  EXPECT_EQ(problems[2].column, 20);
  EXPECT_EQ(problems[2].code, Msg::kTargetBadBaseline);
  EXPECT_NE(problems[2].ToString().find("the baseline '2023-13'"), std::string::npos) << problems[2].ToString();
}

TEST(ConfigTest, ShippedCatalogueDeclaresWhatItsIndicatorsApplyTo) {
  std::vector<Problem> problems;
  Config c = LoadConfig(Source() + "/data/halland", &problems);
  const IndicatorDef* chats = c.FindIndicator("chats_started");
  ASSERT_NE(chats, nullptr);
  EXPECT_TRUE(chats->AppliesToKind(UnitKind::kService));
  EXPECT_FALSE(chats->AppliesToKind(UnitKind::kHealthCentre));
  EXPECT_FALSE(chats->AppliesToKind(UnitKind::kDentalClinic));
  EXPECT_FALSE(c.FindIndicator("dental_on_time_children")->AppliesToKind(UnitKind::kHealthCentre));
  EXPECT_FALSE(c.FindIndicator("visits_total")->AppliesToKind(UnitKind::kDentalClinic));
  EXPECT_TRUE(c.FindIndicator("sick_leave")->AppliesToKind(UnitKind::kDentalClinic));  // every kind
  EXPECT_EQ(c.FindIndicator("listed_patients")->measure, Measure::kStock);
  EXPECT_EQ(c.FindIndicator("visits_total")->measure, Measure::kFlow);
  EXPECT_EQ(c.FindIndicator("phone_same_day")->measure, Measure::kRate);
  EXPECT_EQ(c.FindIndicator("cost_development")->better, Better::kLower);
}

}  // namespace
}  // namespace nara::model
