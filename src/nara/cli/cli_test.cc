// Whole-program tests of `nara compute` and `nara check-config`, run in-process:
// the golden scorecards under tests/golden/ (hand-computed; the arithmetic is in
// each expected file's comments) and the rule that a malformed extract computes
// nothing.
#include "nara/cli/cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace nara::cli {
namespace {

namespace fs = std::filesystem;

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

struct Result {
  int code = 0;
  std::string out;
  std::string err;
};

Result Nara(std::vector<std::string> args) {
  args.insert(args.begin(), "nara");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Result r;
  r.code = RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> w;
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}

std::vector<fs::path> GoldenFiles() {
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(Source() + "/tests/golden")) {
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().filename().string().rfind("expected", 0) == 0) files.push_back(f.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(GoldenTest, ScorecardsMatchTheHandComputedRows) {
  auto files = GoldenFiles();
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file);
    std::string command;
    std::getline(in, command);
    ASSERT_EQ(command.rfind("# nara compute ", 0), 0u) << "the first line names the command";
    std::vector<std::string> args = Words(command.substr(7));
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--data") args[i + 1] = Source() + "/" + args[i + 1];
    }
    args.push_back("--config");
    args.push_back(Source() + "/data/halland");
    Result r = Nara(args);
    ASSERT_EQ(r.code, 0) << r.err;
    std::set<std::string> lines;
    std::istringstream out(r.out);
    for (std::string line; std::getline(out, line);) lines.insert(line);
    int checked = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      EXPECT_TRUE(lines.count(line)) << "missing row: " << line;
      ++checked;
    }
    EXPECT_GT(checked, 0);
  }
}

// Whole scorecards of the example extract, byte for byte: every indicator for every
// unit, so any change to the engine's results shows up here. After an intended
// change, rerun with NARA_UPDATE_GOLDEN=1 and review the diff of tests/scorecards/.
TEST(GoldenTest, WholeScorecardsOfTheExampleExtract) {
  const bool update = std::getenv("NARA_UPDATE_GOLDEN") != nullptr;
  for (const char* period : {"2024-T1", "R12-2024-06"}) {
    SCOPED_TRACE(period);
    fs::path file = fs::path(Source()) / "tests/scorecards" / (std::string("example_") + period + ".csv");
    Result r = Nara({"compute", "--data", Source() + "/data/example", "--config", Source() + "/data/halland",
                     "--year", "2024", "--period", period, "--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    if (update) std::ofstream(file, std::ios::binary) << r.out;
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << "missing " << file << " (NARA_UPDATE_GOLDEN=1 writes it)";
    std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(r.out.size(), expected.size());
    std::istringstream got_lines(r.out), want_lines(expected);
    int line = 1;
    for (std::string got, want; std::getline(want_lines, want); ++line) {
      std::getline(got_lines, got);
      ASSERT_EQ(got, want) << "line " << line;
    }
  }
}

TEST(ComputeTest, MalformedExtractComputesNothing) {
  fs::path dir = fs::temp_directory_path() / "nara_cli_malformed";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(Source() + "/tests/golden/access/units.csv", dir / "units.csv");
  std::ofstream(dir / "visits.csv") << "visit_id,unit_id,patient_key,date,form,staff_group,patient_age,patient_sex,"
                                       "lifestyle_talk,medication_review,drug_count\n"
                                       "v1,hc_a,p1,2024-02-30,clinic,doctor,40,F,no,no,\n";
  Result r = Nara({"compute", "--data", dir.string(), "--year", "2024", "--format", "csv", "--config",
                Source() + "/data/halland"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("visits.csv:2:"), std::string::npos) << r.err;
}

TEST(ComputeTest, BadParametersAreUsageErrors) {
  std::string data = Source() + "/tests/golden/access";
  std::string config = Source() + "/data/halland";
  Result t4 = Nara({"compute", "--data", data, "--year", "2024", "--period", "2024-T4", "--config", config});
  EXPECT_EQ(t4.code, 2);
  EXPECT_NE(t4.err.find("T1–T3"), std::string::npos) << t4.err;
  Result other_year = Nara({"compute", "--data", data, "--year", "2024", "--period", "2023-T1", "--config", config});
  EXPECT_EQ(other_year.code, 2);
  Result unit = Nara({"compute", "--data", data, "--year", "2024", "--unit", "nowhere", "--config", config});
  EXPECT_EQ(unit.code, 2);
  EXPECT_NE(unit.err.find("unknown unit 'nowhere'"), std::string::npos);
  EXPECT_EQ(Nara({"compute", "--data", data, "--year", "1800"}).code, 2);
}

TEST(ComputeTest, TableShowsTheAdministrationInSwedish) {
  Result r = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--period", "2024",
                "--config", Source() + "/data/halland"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Närsjukvården Test (nsh) — 2024, plan 2024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("57,1 %"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Ej uppfyllt"), std::string::npos);
}

TEST(ComputeTest, JsonHoldsTheWholeCube) {
  Result r = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--period", "2024-T1",
                "--format", "json", "--config", Source() + "/data/halland"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"period\": \"2024-T1\""), std::string::npos);
  EXPECT_NE(r.out.find("\"unit_id\": \"hc_b\""), std::string::npos);
}

TEST(CheckConfigTest, ShippedConfigurationIsClean) {
  Result r = Nara({"check-config", "--config", Source() + "/data/halland"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

TEST(CheckConfigTest, ExpressionErrorsPointIntoTheFile) {
  fs::path dir = fs::temp_directory_path() / "nara_cli_badconfig";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* f : {"units.toml", "plans.toml"}) fs::copy_file(Source() + "/data/halland/" + f, dir / f);
  std::ofstream(dir / "indicators.toml")
      << "[[indicator]]\nid = \"x\"\nname = \"X\"\nperspective = \"Verksamhet\"\ndefinition = \"d\"\n"
         "display = \"count\"\nbetter = \"higher\"\nvalue = \"count(visits where colour = 'red')\"\n";
  Result r = Nara({"check-config", "--config", dir.string()});
  EXPECT_EQ(r.code, 1);
  // Line 8; the value string opens at column 9, so 'colour' (offset 19) is column 29.
  EXPECT_NE(r.out.find("indicators.toml:8:29: indicator 'x', value: table 'visits' has no column 'colour'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("unknown indicator"), std::string::npos) << "plans refer to indicators no longer defined";
}

}  // namespace
}  // namespace nara::cli
