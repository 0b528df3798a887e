// Whole-program tests of `nara compute` and `nara check-config`, run in-process:
// the golden scorecards under tests/golden/ (hand-computed; the arithmetic is in
// each expected file's comments) and the rule that a malformed extract computes
// nothing.
#include "nara/cli/access_commands.h"
#include "nara/cli/cli.h"
#include "nara/cli/store_commands.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "nara/base/text.h"
#include "nara/export/xlsx_test_reader.h"

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

// `input`: what the command reads from standard input.
Result Nara(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "nara");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(input);
  std::ostringstream out, err;
  Result r;
  r.code = RunCli(static_cast<int>(argv.size()), argv.data(), in, out, err);
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

// The capitation price of 2024 built up as seed 002 states it, as a table and as CSV.
TEST(EconomyTest, PriceBuildUpEndsInTheDecidedPrice) {
  Result table = Nara({"economy", "price", "--config", Source() + "/data/halland", "--year", "2024"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Hälso- och sjukvårdspeng 2024, kr per vårdpoäng"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Föregående års pris"), std::string::npos);
  EXPECT_NE(table.out.find("+ Index för bedömd kostnadsutveckling 4,6 %"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("− Kostnadseffektivisering −1,5 %"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("3\u00a0614,35"), std::string::npos) << table.out;
  const std::string last = table.out.substr(table.out.rfind("= "));
  EXPECT_EQ(Words(last), (std::vector<std::string>{"=", "Pris", "per", "vårdpoäng", "3\u00a0651"})) << last;

  Result csv = Nara({"economy", "price", "--year", "2024", "--format", "csv", "--config", Source() + "/data/halland"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "component,percent,amount");
  EXPECT_NE(csv.out.find("Index för bedömd kostnadsutveckling,4.6,159.712\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\nPris per vårdpoäng,,3651\n"), std::string::npos) << csv.out;

  Result en = Nara({"economy", "price", "--year", "2024", "--lang", "en", "--config", Source() + "/data/halland"});
  EXPECT_NE(en.out.find("Price per care point"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("3,651"), std::string::npos) << en.out;

  Result missing = Nara({"economy", "price", "--year", "2030", "--config", Source() + "/data/halland"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no price for 2030 (it has 2023, 2024)"), std::string::npos) << missing.err;
  EXPECT_EQ(Nara({"economy", "price"}).code, 2) << "--year is required";
}

TEST(ComputeTest, MalformedExtractComputesNothing) {
  fs::path dir = fs::temp_directory_path() / ("nara_cli_malformed-" + std::to_string(::getpid()));
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
  fs::path dir = fs::temp_directory_path() / ("nara_cli_ignored-" + std::to_string(::getpid()));
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
// Accounts and tokens from the command line, each change in the audit trail, and
// verify telling an intact trail from an edited one.
TEST(AccessCliTest, UsersTokensAndTheAuditTrail) {
  TempFolder dir;
  std::string db = dir / "nara.db", config = Source() + "/data/halland";
  ASSERT_EQ(Nara({"import", "--db", db, "--config", config, "--user", "anna",
                  Source() + "/data/example/phone_calls.csv"}).code, 0);
  Result add = Nara({"user", "add", "--db", db, "eva", "--role", "unit_manager", "--units", "vc_varberg,vc_falkenberg"},
                    "a long secret phrase\n");
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_EQ(add.out, "Added eva (unit_manager, units vc_varberg,vc_falkenberg).\n");
  EXPECT_EQ(Nara({"user", "add", "--db", db, "bo", "--role", "boss"}, "a long secret phrase\n").code, 2);
  Result short_password = Nara({"user", "add", "--db", db, "bo", "--role", "reader"}, "short\n");
  EXPECT_EQ(short_password.code, 2);
  EXPECT_NE(short_password.err.find("at least 10 characters"), std::string::npos) << short_password.err;
  EXPECT_EQ(Nara({"user", "add", "--db", db, "bo", "--role", "reader"}, "").code, 2) << "no password given";
  Result token = Nara({"user", "token", "--db", db, "eva", "--expires", "30d"});
  ASSERT_EQ(token.code, 0) << token.err;
  EXPECT_EQ(token.out.rfind("nara_", 0), 0u) << token.out;
  EXPECT_EQ(Nara({"user", "token", "--db", db, "eva", "--expires", "soon"}).code, 2);
  Result list = Nara({"user", "list", "--db", db});
  ASSERT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("eva\tunit_manager\tvc_varberg,vc_falkenberg\tactive"), std::string::npos) << list.out;
  EXPECT_EQ(Nara({"user", "revoke", "--db", db, "1"}).code, 0);
  EXPECT_EQ(Nara({"user", "revoke", "--db", db, "1"}).code, 2) << "revoked already";
  EXPECT_EQ(Nara({"user", "disable", "--db", db, "eva"}).code, 0);
  EXPECT_EQ(Nara({"user", "disable", "--db", db, "nobody"}).code, 2);

  Result audit = Nara({"audit", "list", "--db", db});
  ASSERT_EQ(audit.code, 0) << audit.err;
  for (const char* action : {"\tconfig\t", "\timport\t", "\tuser_added\t", "\ttoken_issued\t",
                             "\ttoken_revoked\t", "\tuser_changed\t"}) {
    EXPECT_NE(audit.out.find(action), std::string::npos) << action << " in\n" << audit.out;
  }
  Result verified = Nara({"audit", "verify", "--db", db});
  EXPECT_EQ(verified.code, 0) << verified.err;
  EXPECT_NE(verified.out.find("The audit trail is whole: 6 entries"), std::string::npos) << verified.out;
}

// An issued report is handed out again byte for byte after later imports, while a
// report made now shows the new data; issuing is audited.
TEST(ReportCliTest, AnIssuedReportStaysAsIssued) {
  TempFolder dir;
  std::string db = dir / "nara.db", config = Source() + "/data/halland";
  ASSERT_EQ(Nara({"import", "--db", db, "--config", config, "--user", "anna",
                  Source() + "/data/example/phone_calls.csv"}).code, 0);
  Result issued = Nara({"report", "--db", db, "--period", "2024-T1", "--no-pdf", "--out", dir / "issued", "--issue"});
  ASSERT_EQ(issued.code, 0) << issued.err;
  EXPECT_NE(issued.out.find("Issued as report 1"), std::string::npos) << issued.out;
  const std::string html = "nämndsdialog-2024-T1.html", xlsx = "nämndsdialog-2024-T1.xlsx";
  const std::string issued_html = ReadAll(dir / ("issued/" + html));
  ASSERT_FALSE(issued_html.empty());

  // Later: more data.
  ASSERT_EQ(Nara({"import", "--db", db, "--user", "anna", Source() + "/data/example/visits.csv"}).code, 0);
  Result again = Nara({"report", "--db", db, "--issued", "1", "--out", dir / "again"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("has changed since report 1 was issued"), std::string::npos) << again.err;
  EXPECT_EQ(ReadAll(dir / ("again/" + html)), issued_html);
  EXPECT_EQ(ReadAll(dir / ("again/" + xlsx)), ReadAll(dir / ("issued/" + xlsx)));
  // What the report showed of the unit's figures is kept with it, for "changed since".
  EXPECT_NE(ReadAll(dir / "again/figures.json").find("\"indicator\": \"phone_same_day\""), std::string::npos);
  Result now = Nara({"report", "--db", db, "--period", "2024-T1", "--no-pdf", "--out", dir / "now"});
  ASSERT_EQ(now.code, 0) << now.err;
  EXPECT_NE(ReadAll(dir / ("now/" + html)), issued_html) << "a report made now shows the new data";
  // Written again only with --force; an unknown number is said.
  EXPECT_EQ(Nara({"report", "--db", db, "--issued", "1", "--out", dir / "again"}).code, 2);
  EXPECT_EQ(Nara({"report", "--db", db, "--issued", "7", "--out", dir / "none"}).code, 2);
  Result list = Nara({"report", "--db", db, "--list-issued"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find("1\t2024-T1\tnsh\tsv\ta4\t"), std::string::npos) << list.out;
  Result audit = Nara({"audit", "list", "--db", db});
  EXPECT_NE(audit.out.find("\treport_issued\treport 1\t"), std::string::npos) << audit.out;
  EXPECT_EQ(Nara({"audit", "verify", "--db", db}).code, 0);
}

TEST(AccessCliTest, LifetimesAreParsed) {
  EXPECT_EQ(*ParseLifetimeDays("90d"), 90);
  EXPECT_EQ(*ParseLifetimeDays("12w"), 84);
  EXPECT_EQ(*ParseLifetimeDays("6m"), 180);
  EXPECT_EQ(*ParseLifetimeDays("1y"), 365);
  EXPECT_EQ(*ParseLifetimeDays("0"), 0);
  EXPECT_FALSE(ParseLifetimeDays("-5d").ok());
  EXPECT_FALSE(ParseLifetimeDays("d").ok());
  EXPECT_FALSE(ParseLifetimeDays("forever").ok());
}

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
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(listed.out);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream f(line);
    for (std::string field; std::getline(f, field, ',');) fields.push_back(field);
    if (line.back() == ',') fields.push_back("");
    rows.push_back(fields);
  }
  ASSERT_EQ(rows.size(), 3u) << listed.out;  // the header, batch 1 in the trash, batch 2
  ASSERT_EQ(rows[0].size(), 16u) << listed.out;
  EXPECT_EQ(rows[0][12], "state");
  ASSERT_EQ(rows[1].size(), 16u) << listed.out;
  EXPECT_EQ(rows[1][0], "1");
  EXPECT_EQ(rows[1][12], "superseded");
  EXPECT_EQ(rows[1][13], "2") << "superseded by batch 2";
  EXPECT_EQ(rows[1][15], "anna");
  ASSERT_EQ(rows[2].size(), 16u) << listed.out;
  EXPECT_EQ(rows[2][0], "2");
  EXPECT_EQ(rows[2][1], "phone_calls");
  EXPECT_NE(rows[2][2].find("phone_calls_fixed.csv"), std::string::npos);
  EXPECT_EQ(rows[2][11], "1") << "supersedes batch 1";
  EXPECT_EQ(rows[2][12], "active");
  // Batch 1 is in the trash; removing it again is an error.
  Result again = Nara({"remove-batch", "--db", db, "1"});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("batch 1 was already replaced by batch 2"), std::string::npos) << again.err;
}

// A removed batch waits in the trash: listed with its state, restored, or purged for
// good only when confirmed.
TEST(StoreCliTest, RemovedBatchesAreRestoredOrPurged) {
  TempFolder dir;
  const std::string db = dir / "nara.db", config = Source() + "/data/halland";
  ASSERT_EQ(Nara({"import", "--db", db, "--config", config, "--user", "anna",
                  Source() + "/data/example/phone_calls.csv", Source() + "/data/example/visits.csv"})
                .code,
            0);
  Result removed = Nara({"remove-batch", "--db", db, "--user", "eva", "1"});
  ASSERT_EQ(removed.code, 0) << removed.err;
  EXPECT_NE(removed.out.find("Removed batch 1 (phone_calls"), std::string::npos) << removed.out;
  EXPECT_NE(removed.out.find("It is kept in the trash: nara restore-batch --db " + db + " 1 brings it back."),
            std::string::npos)
      << removed.out;
  Result table = Nara({"batches", "--db", db});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("removed ("), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(", eva)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("1 batch is in the trash"), std::string::npos) << table.out;

  Result restored = Nara({"restore-batch", "--db", db, "1"});
  ASSERT_EQ(restored.code, 0) << restored.err;
  EXPECT_NE(restored.out.find("Restored batch 1 (phone_calls"), std::string::npos) << restored.out;
  Result active = Nara({"restore-batch", "--db", db, "1"});
  EXPECT_EQ(active.code, 2);
  EXPECT_NE(active.err.find("batch 1 is active"), std::string::npos) << active.err;
  EXPECT_EQ(Nara({"restore-batch", "--db", db, "9"}).code, 2);

  // Purging asks at a terminal; a script (standard input not the terminal) must say --yes.
  ASSERT_EQ(Nara({"remove-batch", "--db", db, "1"}).code, 0);
  std::istringstream script("y\n");
  std::ostringstream listed;
  PurgeArgs unconfirmed_args;
  unconfirmed_args.db = db;
  unconfirmed_args.ids = {1};
  Status unconfirmed = RunPurgeBatches(unconfirmed_args, script, listed);
  EXPECT_EQ(unconfirmed.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unconfirmed.message().find("confirm with --yes"), std::string::npos) << unconfirmed.message();
  EXPECT_NE(listed.str().find("batch 1 (phone_calls"), std::string::npos) << "what would go is listed";
  Result still = Nara({"batches", "--db", db, "--format", "csv"});
  EXPECT_NE(still.out.find("\n1,phone_calls,"), std::string::npos) << still.out;
  Result refused = Nara({"purge-batches", "--db", db, "2", "--yes"});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("batch 2 is active and is not purged"), std::string::npos) << refused.err;
  EXPECT_EQ(Nara({"purge-batches", "--db", db, "1", "--older-than", "90d", "--yes"}).code, 2);
  EXPECT_EQ(Nara({"purge-batches", "--db", db, "--yes"}).code, 2);
  EXPECT_EQ(Nara({"purge-batches", "--db", db, "--older-than", "soon", "--yes"}).code, 2);
  Result old = Nara({"purge-batches", "--db", db, "--older-than", "90d", "--yes"});
  EXPECT_EQ(old.code, 0) << old.err;
  EXPECT_NE(old.out.find("nothing purged"), std::string::npos) << "removed a moment ago: " << old.out;
  Result purged = Nara({"purge-batches", "--db", db, "1", "--yes"});
  ASSERT_EQ(purged.code, 0) << purged.err;
  EXPECT_NE(purged.out.find("Purged 1 batch: 1."), std::string::npos) << purged.out;
  EXPECT_EQ(Nara({"restore-batch", "--db", db, "1"}).code, 2) << "gone for good";
  ASSERT_EQ(Nara({"remove-batch", "--db", db, "2"}).code, 0);
  Result by_age = Nara({"purge-batches", "--db", db, "--older-than", "0d", "--yes"});
  EXPECT_EQ(by_age.code, 0) << by_age.err;
  EXPECT_NE(by_age.out.find("Purged 1 batch: 2."), std::string::npos) << by_age.out;

  Result audit = Nara({"audit", "list", "--db", db});
  for (const char* action :
       {"\tremove\tbatch 1", "\trestore\tbatch 1", "\tpurge\tbatch 1", "\tpurge\tbatch 2"}) {
    EXPECT_NE(audit.out.find(action), std::string::npos) << action << " in\n" << audit.out;
  }
  EXPECT_EQ(Nara({"audit", "verify", "--db", db}).code, 0);
}

// --dry-run says what an import would change and writes nothing.
TEST(StoreCliTest, DryRunShowsWhatASupersedeWouldChange) {
  TempFolder dir;
  const std::string db = dir / "nara.db", config = Source() + "/data/halland";
  const std::string calls = ReadAll(Source() + "/data/example/phone_calls.csv");
  // A correction of one call: the header and the first call.
  const size_t second = calls.find('\n', calls.find('\n') + 1) + 1;
  std::ofstream(dir / "phone_calls_fix.csv", std::ios::binary) << calls.substr(0, second);
  ASSERT_EQ(Nara({"import", "--db", db, "--config", config, Source() + "/data/example/phone_calls.csv"}).code,
            0);
  const std::string before = Nara({"batches", "--db", db, "--format", "csv"}).out;

  Result preview = Nara({"import", "--db", db, "--supersede", "1", "--dry-run", dir / "phone_calls_fix.csv"});
  ASSERT_EQ(preview.code, 0) << preview.err;
  EXPECT_NE(preview.out.find("phone_calls_fix.csv → phone_calls:"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find(" (batch 1, kept in the trash, restorable)"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("rows in:  1\n"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("phone_same_day"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("Dry run: nothing was written"), std::string::npos) << preview.out;
  EXPECT_EQ(Nara({"batches", "--db", db, "--format", "csv"}).out, before);
  // Refused as the import would be, and never with --config, nor on a new database.
  Result collides = Nara({"import", "--db", db, "--dry-run", dir / "phone_calls_fix.csv"});
  EXPECT_EQ(collides.code, 2);
  EXPECT_NE(collides.err.find("--supersede 1"), std::string::npos) << collides.err;
  EXPECT_EQ(Nara({"import", "--db", db, "--config", config, "--dry-run", dir / "phone_calls_fix.csv"}).code,
            2);
  EXPECT_EQ(Nara({"import", "--db", dir / "new.db", "--dry-run", dir / "phone_calls_fix.csv"}).code, 2);
  EXPECT_FALSE(fs::exists(dir / "new.db"));
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

// --- files that are not extracts, files that must not be replaced, bad seeds -------

TEST(StoreCliTest, ImportRefusesWhatIsNotAFile) {
  TempFolder dir;
  const std::string db = dir / "nara.db", config = Source() + "/data/halland";
  fs::create_directories(dir / "extracts");
  fs::copy_file(Source() + "/data/example/visits.csv", dir / "extracts/visits.csv");
  Result folder = Nara({"import", "--db", db, "--config", config, dir / "extracts"});
  EXPECT_EQ(folder.code, 2) << folder.err;
  EXPECT_NE(folder.err.find("is a folder, not a CSV extract; import its files"), std::string::npos)
      << folder.err;
  fs::create_directories(dir / "empty");
  Result empty = Nara({"import", "--db", db, "--config", config, dir / "empty"});
  EXPECT_EQ(empty.code, 2) << empty.err;
  EXPECT_NE(empty.err.find("is an empty folder"), std::string::npos) << empty.err;
  // A named pipe with no writer: opening it to read would wait for ever.
  ASSERT_EQ(mkfifo((dir / "phone_calls.csv").c_str(), 0600), 0);
  Result fifo = Nara({"import", "--db", db, "--config", config, dir / "phone_calls.csv"});
  EXPECT_EQ(fifo.code, 2) << fifo.err;
  EXPECT_NE(fifo.err.find("is a named pipe"), std::string::npos) << fifo.err;
  Result missing = Nara({"import", "--db", db, "--config", config, dir / "nowhere/*.csv"});
  EXPECT_EQ(missing.code, 2) << missing.err;
  EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir / "nara.db")) << "nothing is created before the files are found good";
}

TEST(StoreCliTest, ExportKeepsAnExistingFileUnlessForced) {
  TempFolder dir;
  const std::string db = dir / "nara.db";
  Result imported = Nara(
      {"import", "--db", db, "--config", Source() + "/data/halland", Source() + "/data/example/surveys.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  std::ofstream(dir / "surveys.csv") << "a controller's own notes\n";
  Result refused = Nara({"export", "--db", db, "--table", "surveys", "--out", dir / "surveys.csv"});
  EXPECT_EQ(refused.code, 2) << refused.err;
  EXPECT_NE(refused.err.find("exists"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(ReadAll(dir / "surveys.csv"), "a controller's own notes\n");
  Result forced = Nara({"export", "--db", db, "--table", "surveys", "--out", dir / "surveys.csv", "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(ReadAll(dir / "surveys.csv").rfind("unit_id,year,index,value,respondents\n", 0), 0u);
}

TEST(SimulateCommandTest, NegativeSeedIsAnError) {
  TempFolder dir;
  Result r = Nara({"simulate", "--config", Source() + "/data/halland", "--years", "2024", "--scale", "0.001",
                   "--seed", "-1", "--out", dir / "out"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing is simulated";
}

// --- numbers as people write them -------------------------------------------------

// A ledger's amounts come back as they were written: 300 000, not 3e+05; and the
// excel-sv dialect reads back into nara to the same values.
TEST(StoreCliTest, ExportWritesNumbersWithoutExponents) {
  TempFolder dir;
  const std::string db = dir / "nara.db", config = Source() + "/data/halland";
  std::ofstream(dir / "ledger.csv") << "unit_id,month,account,scenario,amount_sek\n"
                                       "vc_kungsbacka,2024-01,cost_staff,actual,300000\n"
                                       "vc_kungsbacka,2024-02,cost_staff,actual,0.0000001\n"
                                       "vc_kungsbacka,2024-03,cost_staff,actual,1234567.25\n";
  ASSERT_EQ(Nara({"import", "--db", db, "--config", config, dir / "ledger.csv"}).code, 0);
  Result standard = Nara({"export", "--db", db, "--table", "ledger", "--out", dir / "out.csv"});
  ASSERT_EQ(standard.code, 0) << standard.err;
  EXPECT_EQ(ReadAll(dir / "out.csv"), ReadAll(dir / "ledger.csv"));
  Result sv =
      Nara({"export", "--db", db, "--table", "ledger", "--dialect", "excel-sv", "--out", dir / "sv.csv"});
  ASSERT_EQ(sv.code, 0) << sv.err;
  EXPECT_EQ(ReadAll(dir / "sv.csv"),
            "\xEF\xBB\xBFunit_id;month;account;scenario;amount_sek\r\n"
            "vc_kungsbacka;2024-01;cost_staff;actual;300000\r\n"
            "vc_kungsbacka;2024-02;cost_staff;actual;0,0000001\r\n"
            "vc_kungsbacka;2024-03;cost_staff;actual;1234567,25\r\n");
  // Read back by nara into another database, the same file comes out.
  fs::rename(dir / "sv.csv", dir / "ledger_sv.csv");
  ASSERT_EQ(Nara({"import", "--db", dir / "other.db", "--config", config, dir / "ledger_sv.csv"}).code, 0);
  ASSERT_EQ(Nara({"export", "--db", dir / "other.db", "--table", "ledger", "--out", dir / "again.csv"}).code,
            0);
  EXPECT_EQ(ReadAll(dir / "again.csv"), ReadAll(dir / "ledger.csv"));
}

// Tables with and without reals, with local times and ids, read back from either
// dialect into another database and exported again, are the same file.
TEST(StoreCliTest, ExportRoundTripsInBothDialects) {
  TempFolder dir;
  const std::string config = Source() + "/data/halland";
  for (const char* table : {"phone_calls", "staff"}) {
    SCOPED_TRACE(table);
    const std::string db = dir / (std::string(table) + ".db"), other = dir / (std::string(table) + "_2.db");
    ASSERT_EQ(
        Nara({"import", "--db", db, "--config", config, Source() + "/data/example/" + table + ".csv"}).code,
        0);
    const std::string standard = dir / (std::string(table) + ".csv");
    const std::string sv = dir / (std::string(table) + "_sv.csv");
    ASSERT_EQ(Nara({"export", "--db", db, "--table", table, "--out", standard}).code, 0);
    ASSERT_EQ(Nara({"export", "--db", db, "--table", table, "--out", sv, "--dialect", "excel-sv"}).code, 0);
    EXPECT_EQ(ReadAll(sv).rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_NE(ReadAll(sv).find(";"), std::string::npos);
    ASSERT_EQ(Nara({"import", "--db", other, "--config", config, sv}).code, 0);
    const std::string again = dir / (std::string(table) + "_again.csv");
    ASSERT_EQ(Nara({"export", "--db", other, "--table", table, "--out", again}).code, 0);
    EXPECT_EQ(ReadAll(again), ReadAll(standard));
    EXPECT_GT(ReadAll(standard).size(), 10000u);
  }
}

// The fields of one CSV record (RFC 4180) with `delimiter`; `at` moves past it and
// its line end.
std::vector<std::string> Record(const std::string& text, size_t* at, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (; *at < text.size(); ++*at) {
    const char c = text[*at];
    if (quoted) {
      if (c == '"' && *at + 1 < text.size() && text[*at + 1] == '"') {
        fields.back() += '"';
        ++*at;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c == '\r' && *at + 1 < text.size() && text[*at + 1] == '\n') {
      *at += 2;
      return fields;
    } else if (c == '\n') {
      ++*at;
      return fields;
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::vector<std::string>> Records(const std::string& text, char delimiter) {
  std::vector<std::vector<std::string>> records;
  for (size_t at = 0; at < text.size();) records.push_back(Record(text, &at, delimiter));
  return records;
}

// The synthetic Halland at a small scale, simulated once for the tests of the cube's
// files.
class SyntheticHallandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempFolder();
    Result sim = Nara({"simulate", "--config", Source() + "/data/halland", "--years", "2023-2024", "--scale",
                       "0.02", "--seed", "5", "--out", *dir_ / "extract"});
    ASSERT_EQ(sim.code, 0) << sim.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::vector<std::string> Compute(std::vector<std::string> more) {
    std::vector<std::string> args = {
        "compute", "--data", *dir_ / "extract", "--config", Source() + "/data/halland",
        "--year",  "2024",   "--period",        "2024-T1"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  static TempFolder* dir_;
};
TempFolder* SyntheticHallandTest::dir_ = nullptr;

// Every numeric column of the excel-sv cube reads as a number the Swedish way (a
// decimal comma, no point, no exponent), holds the same figures as the standard
// cube, and suppressed values stay empty.
TEST_F(SyntheticHallandTest, ExcelSvCubeReadsAsSwedishNumbers) {
  Result standard = Nara(Compute({"--format", "csv"}));
  ASSERT_EQ(standard.code, 0) << standard.err;
  Result sv = Nara(Compute({"--format", "csv", "--dialect", "excel-sv"}));
  ASSERT_EQ(sv.code, 0) << sv.err;
  ASSERT_EQ(sv.out.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 with a BOM";
  size_t lf = 0, crlf = 0;
  for (size_t i = sv.out.find('\n'); i != std::string::npos; i = sv.out.find('\n', i + 1)) {
    ++lf;
    crlf += i > 0 && sv.out[i - 1] == '\r';
  }
  EXPECT_EQ(lf, crlf) << "every line ends with CRLF";
  const auto want = Records(standard.out, ',');
  const auto got = Records(sv.out.substr(3), ';');
  ASSERT_EQ(got.size(), want.size());
  ASSERT_GT(got.size(), 500u);
  const std::vector<std::string> header = got[0];
  EXPECT_EQ(header, want[0]);
  const std::set<std::string> numeric = {"value", "numerator", "denominator",
                                         "n",     "target",    "previous_year_value"};
  int numbers = 0, decimals = 0, suppressed = 0, guarded = 0;
  for (size_t r = 1; r < got.size(); ++r) {
    ASSERT_EQ(got[r].size(), header.size()) << "record " << r;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& field = got[r][c];
      if (!numeric.count(header[c])) {
        // A text a spreadsheet would take for a formula ("+500 per år …") is shown as text.
        const std::string& text = want[r][c];
        const bool formula = !text.empty() && std::string("=+-@").find(text.front()) != std::string::npos;
        EXPECT_EQ(field, formula ? "'" + text : text);
        guarded += formula;
        continue;
      }
      if (field.empty()) {
        EXPECT_EQ(want[r][c], "");
        continue;
      }
      // A Swedish number: an optional minus, digits, and a comma with digits.
      const size_t comma = field.find(',');
      const std::string whole = field.substr(
          field[0] == '-', comma == std::string::npos ? std::string::npos : comma - (field[0] == '-'));
      EXPECT_FALSE(whole.empty()) << field;
      EXPECT_EQ(whole.find_first_not_of("0123456789"), std::string::npos) << field;
      if (comma != std::string::npos) {
        ++decimals;
        EXPECT_EQ(field.find_first_not_of("0123456789", comma + 1), std::string::npos) << field;
        EXPECT_NE(field.back(), '0') << "trailing zeros are trimmed: " << field;
      }
      std::string point = field;
      if (comma != std::string::npos) point[comma] = '.';
      EXPECT_EQ(point, want[r][c]) << header[c] << " of record " << r;
      ++numbers;
    }
    if (got[r][8] == "suppressed") {
      ++suppressed;
      EXPECT_EQ(got[r][3], "") << "a suppressed value is not shown";
      EXPECT_EQ(got[r][4], "");
      EXPECT_EQ(got[r][5], "");
    }
  }
  EXPECT_GT(numbers, 1000);
  EXPECT_GT(decimals, 100);
  EXPECT_GT(suppressed, 0) << "the small scale leaves some units below the minimum n";
  EXPECT_GT(guarded, 0) << "targets such as '+500 per år' are in the cube";
}

using exports::testing::Attribute;
using exports::testing::Elements;
using exports::testing::Element;
using exports::testing::ReadSheet;
using exports::testing::SheetCells;
using exports::testing::Unzip;
using exports::testing::XmlText;

// The workbook reopened: sheets by perspective, and a Data sheet that holds the cube
// cell for cell as `compute --format csv` writes it (numbers as numbers, texts as
// strings, suppressed values empty).
TEST_F(SyntheticHallandTest, XlsxHoldsTheCubeCellForCell) {
  Result csv = Nara(Compute({"--format", "csv"}));
  ASSERT_EQ(csv.code, 0) << csv.err;
  const std::string book = *dir_ / "cube.xlsx";
  Result xlsx = Nara(Compute({"--format", "xlsx", "--out", book}));
  ASSERT_EQ(xlsx.code, 0) << xlsx.err;

  std::vector<std::string> sheets;
  for (const Element& e : Elements(Unzip(book, "xl/workbook.xml"), "sheet"))
    sheets.push_back(Attribute(e.head, "name"));
  EXPECT_EQ(sheets, (std::vector<std::string>{"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi", "Data"}));
  std::vector<std::string> shared;
  for (const Element& si : Elements(Unzip(book, "xl/sharedStrings.xml"), "si")) {
    const auto t = Elements(si.inner, "t");
    shared.push_back(t.empty() ? "" : XmlText(t[0].inner));
  }
  ASSERT_FALSE(shared.empty());

  const auto records = Records(csv.out, ',');
  const SheetCells data = ReadSheet(book, 5, shared);
  int texts = 0, numbers = 0, empties = 0;
  for (size_t r = 0; r < records.size(); ++r) {
    for (size_t c = 0; c < records[r].size(); ++c) {
      const std::pair<int, int> at{static_cast<int>(r), static_cast<int>(c)};
      const std::string& want = records[r][c];
      SCOPED_TRACE("row " + std::to_string(r) + ", column " + records[0][c]);
      if (auto t = data.text.find(at); t != data.text.end()) {
        EXPECT_EQ(t->second, want);
        ++texts;
      } else if (auto n = data.number.find(at); n != data.number.end()) {
        double v = 0;
        std::from_chars(n->second.data(), n->second.data() + n->second.size(), v);
        EXPECT_EQ(PlainNumber(v), want) << n->second;
        ++numbers;
      } else {
        EXPECT_EQ(want, "");
        ++empties;
      }
    }
  }
  EXPECT_EQ(data.text.size() + data.number.size(), static_cast<size_t>(texts + numbers))
      << "no cell beyond the CSV's";
  EXPECT_GT(numbers, 1000);
  EXPECT_GT(texts, 1000);
  EXPECT_GT(empties, 0);

  // The perspective sheets hold the administration's rows: percentages as fractions.
  std::map<std::string, std::vector<std::string>> nsh;  // indicator → its CSV record
  for (const auto& rec : records) {
    if (rec[1] == "nsh") nsh[rec[0]] = rec;
  }
  size_t rows = 0;
  int fractions = 0;
  for (int s = 1; s <= 4; ++s) {
    const SheetCells sheet = ReadSheet(book, s, shared);
    EXPECT_EQ(sheet.text.at({0, 0}), "Närsjukvården Halland (nsh) — 2024-T1, plan 2024");
    EXPECT_EQ(sheet.text.at({2, 2}), "Utfall");
    for (int r = 3; sheet.text.count({r, 0}); ++r) ++rows;
    for (const auto& [at, v] : sheet.number) {
      if (at.second == 2 && std::stod(v) < 1.0001 && std::stod(v) > 0) ++fractions;
    }
    const std::string xml = Unzip(book, "xl/worksheets/sheet" + std::to_string(s) + ".xml");
    EXPECT_NE(xml.find("<pane ySplit=\"3\""), std::string::npos) << "the header rows are frozen";
    EXPECT_NE(xml.find("<autoFilter ref=\"A3:"), std::string::npos);
  }
  EXPECT_EQ(rows, nsh.size());
  EXPECT_GT(fractions, 5);
}

// The synthetic Halland books each own health centre's capitation from its listed care
// points and the configured price (economy.toml): `nara economy` computes it back from
// the listings within rounding (care points are written with one decimal, amounts in
// whole kronor), and its summary's rows add up.
TEST_F(SyntheticHallandTest, ComputedCapitationIsTheBookedOne) {
  Result r = Nara({"economy", "--data", *dir_ / "extract", "--config", Source() + "/data/halland", "--year", "2024",
                   "--period", "2024", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& c = j["capitation"];
  EXPECT_EQ(c["price"], 3651);
  ASSERT_GT(c["units"].size(), 20u);
  for (const nlohmann::json& u : c["units"]) {
    SCOPED_TRACE(u["unit"]["id"].get<std::string>());
    EXPECT_GT(u["booked"].get<double>(), 0);
    // 12 months × (0,05 care points × 3 651 / 12 + 0,5 kr) at most, in tkr, + rounding to 0,1 tkr.
    EXPECT_LE(std::abs(u["booked"].get<double>() - u["computed"].get<double>()), 12 * (0.05 * 3651 / 12 + 0.5) / 1000 + 0.1);
  }
  // The areas add up to the administration.
  const nlohmann::json& rows = j["economy"]["rows"];
  double actual = 0;
  for (const nlohmann::json& row : rows) {
    if (row["level"] == 1) actual += row["actual_ytd"].get<double>();
  }
  EXPECT_NEAR(actual, rows[0]["actual_ytd"].get<double>(), 0.1 * rows.size());
  // A year that is not the period's is refused.
  EXPECT_NE(Nara({"economy", "--data", *dir_ / "extract", "--year", "2023", "--period", "2024-T1"}).code, 0);
}

TEST(ComputeTest, XlsxIsWrittenToAFileOnly) {
  Result r = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--format",
                   "xlsx", "--config", Source() + "/data/halland"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  Result json = Nara({"compute", "--data", Source() + "/tests/golden/access", "--year", "2024", "--format",
                      "json", "--dialect", "excel-sv", "--config", Source() + "/data/halland"});
  EXPECT_EQ(json.code, 2) << "a dialect is for CSV";
}

TEST(CheckConfigTest, ShippedConfigurationIsClean) {
  Result r = Nara({"check-config", "--config", Source() + "/data/halland"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

TEST(CheckConfigTest, ExpressionErrorsPointIntoTheFile) {
  fs::path dir = fs::temp_directory_path() / ("nara_cli_badconfig-" + std::to_string(::getpid()));
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
  fs::path dir = fs::temp_directory_path() / ("nara_cli_simulate_fidelity-" + std::to_string(::getpid()));
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
  fs::path dir = fs::temp_directory_path() / ("nara_cli_simulate_compute-" + std::to_string(::getpid()));
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


// nara plan run writes results.csv with the median and spread of every figure, and
// nara plan compare sets two scenarios side by side; the file's figures are the
// table's. A small region (scale 0,05) and two runs of one year keep it quick.
TEST(PlanCommandTest, RunWritesResultsAndCompareSetsThemSideBySide) {
  TempFolder dir;
  const std::string scenarios = Source() + "/data/halland/scenarios/";
  for (const char* s : {"baseline", "farre_hander"}) {
    Result r = Nara({"plan", "run", "--scenario", scenarios + s + ".toml", "--years", "2026", "--runs", "2",
                     "--scale", "0.05", "--out", dir / s});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("run 2/2: simulated 2025–2026"), std::string::npos) << r.err;
    EXPECT_EQ(ReadAll(dir / (std::string(s) + "/scenario.toml")), ReadAll(scenarios + s + ".toml"));
  }
  const std::string results = ReadAll(dir / "baseline/results.csv");
  ASSERT_EQ(results.rfind("scenario,year,indicator,unit_id,median,p10,p90,target,status\n", 0), 0u);
  // The administration's phone figure, as the file has it.
  const std::string key = "Basscenario,2026,phone_same_day,nsh,";
  const size_t at = results.find(key);
  ASSERT_NE(at, std::string::npos);
  const std::string line = results.substr(at, results.find('\n', at) - at);
  std::vector<std::string> f;
  std::stringstream fields(line);
  for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
  ASSERT_EQ(f.size(), 9u) << line;
  const double median = std::stod(f[4]), p10 = std::stod(f[5]), p90 = std::stod(f[6]);
  EXPECT_LE(p10, median);
  EXPECT_LE(median, p90);
  EXPECT_EQ(f[7], "95");

  Result table = Nara({"plan", "compare", dir / "baseline", dir / "farre_hander", "--indicator", "phone_same_day"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Basscenario"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Färre händer"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("  " + FormatNumber(median, 1, Lang::kSv)), std::string::npos) << table.out;
  Result csv = Nara({"plan", "compare", dir / "baseline", dir / "farre_hander", "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "indicator,year,target,Basscenario median,Basscenario p10,Basscenario p90,Basscenario status,"
            "Färre händer median,Färre händer p10,Färre händer p90,Färre händer status");
  EXPECT_NE(csv.out.find("phone_same_day,2026,95," + f[4] + "," + f[5] + "," + f[6] + "," + f[8] + ","),
            std::string::npos)
      << csv.out.substr(0, 400);

  Result bad = Nara({"plan", "run", "--scenario", scenarios + "baseline.toml", "--years", "2026-2025", "--out",
                     dir / "x"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--years: the first year comes after the last"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace nara::cli
