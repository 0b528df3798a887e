// Whole-program tests of `nara compute` and `nara check-config`, run in-process:
// the golden scorecards under tests/golden/ (hand-computed; the arithmetic is in
// each expected file's comments) and the rule that a malformed extract computes
// nothing.
#include "nara/cli/cli.h"

#include <gtest/gtest.h>
#include <stdlib.h>

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
  std::ofstream(dir / "visits.csv")
      << "visit_id,unit_id,patient_key,date,form,staff_group,patient_age,patient_sex,"
         "lifestyle_talk,medication_review,drug_count\n"
         "v1,hc_a,p1,2024-02-30,clinic,doctor,40,F,no,no,\n";
  Result r = Nara({"compute", "--data", dir.string(), "--year", "2024", "--format", "csv", "--config",
                   Source() + "/data/halland"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("visits.csv:2:"), std::string::npos) << r.err;
}

TEST(ComputeTest, FilesThatNameNoTableAreReportedNotRead) {
  fs::path dir = fs::temp_directory_path() / "nara_cli_ignored";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(Source() + "/data/example/visits.csv", dir / "visits.csv");
  fs::copy_file(Source() + "/data/example/visits.csv", dir / "visits_2024-03.csv");
  Result r = Nara({"compute", "--data", dir.string(), "--year", "2024", "--format", "csv", "--config",
                   Source() + "/data/halland"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("visits_2024-03.csv names no table of the data contract"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("visits.csv names"), std::string::npos) << r.err;
}

TEST(ComputeTest, BadParametersAreUsageErrors) {
  std::string data = Source() + "/tests/golden/access";
  std::string config = Source() + "/data/halland";
  Result t4 = Nara({"compute", "--data", data, "--year", "2024", "--period", "2024-T4", "--config", config});
  EXPECT_EQ(t4.code, 2);
  EXPECT_NE(t4.err.find("T1–T3"), std::string::npos) << t4.err;
  Result other_year =
      Nara({"compute", "--data", data, "--year", "2024", "--period", "2023-T1", "--config", config});
  EXPECT_EQ(other_year.code, 2);
  Result unit = Nara({"compute", "--data", data, "--year", "2024", "--unit", "nowhere", "--config", config});
  EXPECT_EQ(unit.code, 2);
  EXPECT_NE(unit.err.find("unknown unit 'nowhere'"), std::string::npos);
  EXPECT_EQ(Nara({"compute", "--data", data, "--year", "1800"}).code, 2);
}

TEST(ComputeTest, TableShowsTheAdministrationInSwedish) {
  Result r = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--period",
                   "2024", "--config", Source() + "/data/halland"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Närsjukvården Test (nsh) — 2024, plan 2024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("57,1\u00a0%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Ej uppfyllt"), std::string::npos);
}

// The table, the JSON cube and the CSV cube show one target text for one cell: the
// target applied to the period, with its rule, in the language asked for.
TEST(ComputeTest, TableJsonAndCsvShowTheSameTargetText) {
  for (const char* lang : {"sv", "en"}) {
    SCOPED_TRACE(lang);
    std::vector<std::string> common = {"compute", "--data", Source() + "/data/example", "--config",
                                       Source() + "/data/halland", "--year", "2024", "--period", "2024-T3",
                                       "--unit", "vch", "--lang", lang};
    Result table = Nara(common);
    ASSERT_EQ(table.code, 0) << table.err;
    common.insert(common.end(), {"--format", "json"});
    Result json = Nara(common);
    ASSERT_EQ(json.code, 0) << json.err;
    common.back() = "csv";
    Result csv = Nara(common);
    ASSERT_EQ(csv.code, 0) << csv.err;
    int checked = 0;
    size_t at = 0;
    while ((at = json.out.find("\"target_text\": \"", at)) != std::string::npos) {
      at += 16;
      std::string text = json.out.substr(at, json.out.find('"', at) - at);
      if (text.empty()) continue;
      EXPECT_NE(table.out.find("  " + text + " "), std::string::npos) << text << "\n" << table.out;
      std::string field = text.find(',') == std::string::npos ? text : "\"" + text + "\"";  // RFC 4180
      EXPECT_NE(csv.out.find("," + field + ","), std::string::npos) << text;
      ++checked;
    }
    EXPECT_GT(checked, 10);
  }
  Result en = Nara({"compute", "--data", Source() + "/data/example", "--config", Source() + "/data/halland",
                    "--year", "2024", "--period", "2024-T3", "--unit", "vch", "--lang", "en"});
  EXPECT_NE(en.out.find("655,462 a year → 218,487 for 2024-T3"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("<\u00a015.2\u00a0%"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("ej satt"), std::string::npos);
  EXPECT_EQ(en.out.find("följs upp"), std::string::npos);
}

TEST(ComputeTest, JsonHoldsTheWholeCube) {
  Result r = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--period",
                   "2024-T1", "--format", "json", "--config", Source() + "/data/halland"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"period\": \"2024-T1\""), std::string::npos);
  EXPECT_NE(r.out.find("\"unit_id\": \"hc_b\""), std::string::npos);
}

// A fresh folder under the system's temporary folder, removed with its contents.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "nara-cli-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A re-extract of a stored file collides on its keys until --supersede names the batch
// it replaces; then the old batch goes and the new one holds its rows.
TEST(StoreCliTest, SupersedeReplacesABatch) {
  TempFolder dir;
  std::string db = dir / "nara.db", config = Source() + "/data/halland";
  std::string original = ReadAll(Source() + "/data/example/phone_calls.csv");
  ASSERT_FALSE(original.empty());
  std::ofstream(dir / "phone_calls.csv", std::ios::binary) << original;
  // The re-extract: the same calls, one more line at the end.
  std::string last_line = original.substr(original.rfind('\n', original.size() - 2) + 1);
  std::string fixed = original + "c_reextract" + last_line.substr(last_line.find(','));
  std::ofstream(dir / "phone_calls_fixed.csv", std::ios::binary) << fixed;

  Result first = Nara({"import", "--db", db, "--config", config, "--user", "anna", dir / "phone_calls.csv"});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  Result refused = Nara({"import", "--db", db, "--user", "anna", dir / "phone_calls_fixed.csv"});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("--supersede 1"), std::string::npos) << refused.err;
  Result wrong = Nara({"import", "--db", db, "--supersede", "9", dir / "phone_calls_fixed.csv"});
  EXPECT_EQ(wrong.code, 2) << wrong.out << wrong.err;

  Result replaced =
      Nara({"import", "--db", db, "--user", "anna", "--supersede", "1", dir / "phone_calls_fixed.csv"});
  ASSERT_EQ(replaced.code, 0) << replaced.out << replaced.err;
  EXPECT_NE(replaced.out.find("stored as batch 2"), std::string::npos) << replaced.out;
  EXPECT_NE(replaced.out.find("replacing batch 1"), std::string::npos) << replaced.out;
  Result listed = Nara({"batches", "--db", db, "--format", "csv"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  std::vector<std::string> lines;
  std::istringstream in(listed.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u) << listed.out;  // the header and batch 2 only
  EXPECT_EQ(lines[1].rfind("2,phone_calls,", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("phone_calls_fixed.csv"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].substr(lines[1].rfind(',') + 1), "1") << "supersedes batch 1: " << lines[1];
  // Batch 1 is gone; removing it again is an error.
  EXPECT_EQ(Nara({"remove-batch", "--db", db, "1"}).code, 2);
}

// Results from a database say which stored configuration version they were computed with.
TEST(StoreCliTest, ComputeJsonNamesTheConfigurationVersion) {
  TempFolder dir;
  std::string db = dir / "nara.db", config = Source() + "/data/halland";
  Result imported = Nara({"import", "--db", db, "--config", config, Source() + "/data/example/visits.csv"});
  ASSERT_EQ(imported.code, 0) << imported.out << imported.err;
  Result r = Nara({"compute", "--db", db, "--year", "2024", "--period", "2024-T1", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"config_version\": 1"), std::string::npos) << r.out.substr(0, 300);
  // With --config the stored version is not what the results were computed with.
  Result other = Nara({"compute", "--db", db, "--config", config, "--year", "2024", "--period", "2024-T1",
                       "--format", "json"});
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_NE(other.out.find("\"config_version\": null"), std::string::npos) << other.out.substr(0, 300);
  // A folder of extracts has no configuration version.
  Result folder = Nara({"compute", "--data", Source() + "/data/example", "--config", config, "--year", "2024",
                        "--format", "json"});
  ASSERT_EQ(folder.code, 0) << folder.err;
  EXPECT_EQ(folder.out.find("config_version"), std::string::npos);
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
  EXPECT_NE(r.out.find("unknown indicator"), std::string::npos)
      << "plans refer to indicators no longer defined";
}

// `nara simulate` at a small scale with --fidelity: the count figures are compared
// with the seed figures × the scale (not −99 %), and the queue outcomes are shown
// but marked as calibrated at scale 1.
TEST(SimulateCommandTest, FidelityScalesTheCountsToTheRun) {
  fs::path dir = fs::temp_directory_path() / "nara_cli_simulate_fidelity";
  fs::remove_all(dir);
  Result r = Nara({"simulate", "--config", Source() + "/data/halland", "--years", "2022-2024", "--scale",
                   "0.01", "--out", dir.string(), "--fidelity"});
  fs::remove_all(dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("seed × 0,01"), std::string::npos) << r.out;
  std::istringstream lines(r.out);
  int counts = 0, not_judged = 0;
  for (std::string line; std::getline(lines, line);) {
    auto starts = [&](const char* figure) { return line.rfind(figure, 0) == 0; };
    if (starts("population 2022, Halland") || starts("visits at health centres 2022") ||
        starts("average listed per health centre 2023-12, Halland") || starts("health centres, Halmstad")) {
      ++counts;
      EXPECT_TRUE(line.size() >= 2 && line.substr(line.size() - 2) == "ja") << line;
    }
    if (starts("phone contact same day") || starts("medical assessment within 3 days") ||
        starts("median chat wait")) {
      ++not_judged;
      EXPECT_NE(line.find("not judged*"), std::string::npos) << line;
    }
  }
  EXPECT_EQ(counts, 4) << r.out;
  EXPECT_EQ(not_judged, 5) << r.out;
  EXPECT_NE(r.out.find("* calibrated at scale 1 only"), std::string::npos) << r.out;
}

// A simulated extract is one `nara compute --data` accepts as it is.
TEST(SimulateCommandTest, ComputeReadsTheSimulatedExtract) {
  fs::path dir = fs::temp_directory_path() / "nara_cli_simulate_compute";
  fs::remove_all(dir);
  const std::string config = Source() + "/data/halland";
  Result sim = Nara({"simulate", "--config", config, "--years", "2023-2024", "--scale", "0.01", "--seed", "3",
                     "--out", dir.string()});
  ASSERT_EQ(sim.code, 0) << sim.err;
  Result table =
      Nara({"compute", "--data", dir.string(), "--year", "2024", "--period", "2024-T1", "--config", config});
  Result csv = Nara({"compute", "--data", dir.string(), "--year", "2024", "--period", "2024", "--format",
                     "csv", "--config", config});
  fs::remove_all(dir);
  EXPECT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Närsjukvården Halland"), std::string::npos) << table.out;
  EXPECT_EQ(csv.code, 0) << csv.err;
  EXPECT_NE(csv.out.find("assessment_3_days,"), std::string::npos);
}

}  // namespace
}  // namespace nara::cli
