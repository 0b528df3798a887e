// nara plan locate and coverage through RunLocate/RunCoverage on the shipped Halland.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "nara/cli/locate_command.h"

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

}  // namespace
}  // namespace nara::cli
