// nara plan locate and coverage through RunLocate/RunCoverage on the shipped Halland.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "nara/cli/locate_command.h"
#include "nara/plan/scenario.h"

namespace nara::cli {
namespace {

std::string Config() {
  const char* s = std::getenv("NARA_SOURCE_DIR");
  return std::string(s ? s : ".") + "/data/halland";
}

std::vector<std::vector<std::string>> Csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    rows.emplace_back();
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, ',');) rows.back().push_back(f);
  }
  return rows;
}

TEST(LocateCommandTest, EachKAddsItsUnitsAndTheDistanceFalls) {
  LocateArgs args;
  args.config_dir = Config();
  args.format = "csv";
  std::ostringstream out;
  ASSERT_TRUE(RunLocate(args, out).ok());
  const auto rows = Csv(out.str());
  ASSERT_EQ(rows.size(), 1u + 1 + 2 + 3);  // header, k = 1, 2, 3
  double previous = 1e9;
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 13u);
    const double before = std::stod(rows[r][8]), after = std::stod(rows[r][9]);
    EXPECT_LT(after, before);
    EXPECT_LE(after, previous + 1e-9);  // more units never lengthen the mean distance
    previous = after;
    EXPECT_EQ(std::stoi(rows[r][2]) % 1000, 500);  // a cell's centre
  }
}

TEST(LocateCommandTest, CoverageWithinFifteenKmGrows) {
  LocateArgs args;
  args.config_dir = Config();
  args.format = "csv";
  args.objective = "coverage";
  args.k = "2";
  std::ostringstream out;
  ASSERT_TRUE(RunLocate(args, out).ok());
  const auto rows = Csv(out.str());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_GT(std::stod(rows[1][12]), std::stod(rows[1][11]));
}

TEST(LocateCommandTest, CoverageTableAndSwedishHeaders) {
  LocateArgs args;
  args.config_dir = Config();
  std::ostringstream out;
  ASSERT_TRUE(RunCoverage(args, out).ok());
  EXPECT_NE(out.str().find("Inom 15 km (%)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Hylte"), std::string::npos);
  args.format = "csv";
  std::ostringstream csv;
  ASSERT_TRUE(RunCoverage(args, csv).ok());
  const auto rows = Csv(csv.str());
  ASSERT_EQ(rows.size(), 1u + 2 * 7 * 2);  // (6 municipalities + the region) × 2 × 2
  for (size_t r = 1; r < rows.size(); ++r) {
    for (size_t c = 4; c + 1 < 8; ++c) EXPECT_LE(std::stod(rows[r][c]), std::stod(rows[r][c + 1]));
  }
  LocateArgs bad = args;
  bad.k = "0..2";
  std::ostringstream ignored;
  EXPECT_FALSE(RunLocate(bad, ignored).ok());
}


// A proposal written as a scenario (--write-scenario) is one nara plan run reads, and
// coverage with it counts the new units from their opening: the region's mean distance
// to a health centre in the opening year is the one locate promised.
TEST(LocateCommandTest, AProposalBecomesAScenarioThatCoverageCounts) {
  const std::string file = testing::TempDir() + "nara-forslag-" + std::to_string(::getpid()) + ".toml";
  LocateArgs args;
  args.config_dir = Config();
  args.k = "2";
  args.format = "csv";
  args.opens = "2025-01-01";
  args.write_scenario = file;
  std::ostringstream out;
  ASSERT_TRUE(RunLocate(args, out).ok());
  const auto proposal = Csv(out.str());
  ASSERT_EQ(proposal.size(), 3u);  // header and the two units of k = 2
  auto scenario = plan::LoadScenario(file);
  std::remove(file.c_str());
  ASSERT_TRUE(scenario.ok()) << scenario.status().message();
  EXPECT_EQ(scenario->name, "Förslag: 2 nya vårdcentraler");
  size_t units = 0;
  for (size_t at = 0; (at = scenario->units_toml.find("[[unit]]", at)) != std::string::npos; ++at) ++units;
  EXPECT_EQ(units, 2u);
  EXPECT_NE(scenario->units_toml.find("valid_from = 2025-01-01"), std::string::npos) << scenario->units_toml;

  // The region's mean distance to a health centre, 2024's grid, with the scenario in force.
  auto mean_km = [&](const std::string& scenario_file, int year) -> double {
    LocateArgs c;
    c.config_dir = Config();
    c.year = year;
    c.format = "csv";
    c.scenario = scenario_file;
    std::ostringstream csv;
    EXPECT_TRUE(RunCoverage(c, csv).ok());
    for (const auto& row : Csv(csv.str())) {
      if (row.size() == 10 && row[0] == "Halland" && row[1] == "health_centre" && row[2] == "all") return std::stod(row[8]);
    }
    ADD_FAILURE() << csv.str();
    return NAN;
  };
  // Written again: the first file is gone (read into `scenario`).
  ASSERT_TRUE(RunLocate(args, out).ok());
  const double before = mean_km("", 2024), with = mean_km(file, 2024), opened = mean_km(file, 2025);
  std::remove(file.c_str());
  EXPECT_EQ(with, before) << "the units open in 2025";
  EXPECT_LT(opened, before);
  EXPECT_NEAR(opened, std::stod(proposal[2][9]), 0.06) << "locate's promise (2024's grid) against 2025's";
}

}  // namespace
}  // namespace nara::cli
