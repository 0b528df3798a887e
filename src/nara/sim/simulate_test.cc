#include "nara/sim/simulate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "nara/follow/follow_up.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/extract_dir.h"
#include "nara/sim/random.h"

namespace nara::sim {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

const model::Config& Halland() {
  static const model::Config config = [] {
    std::vector<model::Problem> problems;
    model::Config c = model::LoadConfig(SourceDir() + "/data/halland", &problems);
    for (const model::Problem& p : problems) ADD_FAILURE() << p.ToString();
    return c;
  }();
  return config;
}

// A fresh temporary folder, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& name) : path_(fs::temp_directory_path() / ("nara_sim_test_" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// File name -> 64-bit FNV-1a of its bytes.
std::map<std::string, uint64_t> Hashes(const std::string& dir) {
  std::map<std::string, uint64_t> hashes;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    hashes[entry.path().filename().string()] = Fnv1a64(bytes.str());
  }
  return hashes;
}

TEST(Simulate, WritesEveryContractTableThatNarasReaderAccepts) {
  TempDir dir("reader");
  SimOptions options;
  options.scale = 0.01;
  std::ostringstream progress;
  ASSERT_TRUE(Simulate(Halland(), options, dir.path(), &progress).ok());
  EXPECT_NE(progress.str().find("simulated 2024"), std::string::npos);
  auto extract = ingest::LoadExtractDir(dir.path(), Halland().tree);
  ASSERT_TRUE(extract.ok()) << extract.status().message();
  EXPECT_EQ(extract->files.size(), ingest::ContractTables().size());
  for (const engine::TableSchema& t : ingest::ContractTables()) {
    if (t.name == "units") continue;
    const engine::Table* table = extract->data.Find(t.name);
    ASSERT_NE(table, nullptr) << t.name;
    EXPECT_GT(table->rows, 0u) << t.name;
  }
  EXPECT_EQ(extract->tree.size(), Halland().tree.size());
}

// More rows (a fifth of Halland, one year) through every check of the reader:
// validity slices, spring-gap times, pseudonyms, unique keys.
TEST(Simulate, LargerRunPassesTheReaderToo) {
  TempDir dir("reader_large");
  SimOptions options;
  options.scale = 0.2;
  options.first_year = options.last_year = 2023;
  ASSERT_TRUE(Simulate(Halland(), options, dir.path(), nullptr).ok());
  auto extract = ingest::LoadExtractDir(dir.path(), Halland().tree);
  ASSERT_TRUE(extract.ok()) << extract.status().message();
  EXPECT_GT(extract->data.Find("visits")->rows, 100000u);
}

// Bitwise: NaN equals NaN, and -0 differs from 0.
bool SameBits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// SimulateDataset's tables are the files Simulate writes, read back by ingest: the
// same rows, every column's values alike (texts as texts, in the same dictionary
// order; units by id), with a planning lever at work.
TEST(SimTypedTest, TheDatasetIsTheFilesReadBack) {
  TempDir dir("typed");
  SimOptions options;
  options.scale = 0.05;
  options.first_year = 2023;
  options.last_year = 2024;
  options.seed = 7;
  options.levers.capacity.push_back({Levers::Resource::kPhone, 0, "", 2024, 0.8});
  SimStats file_stats, typed_stats;
  ASSERT_TRUE(Simulate(Halland(), options, dir.path(), nullptr, &file_stats).ok());
  auto extract = ingest::LoadExtractDir(dir.path(), Halland().tree);
  ASSERT_TRUE(extract.ok()) << extract.status().message();
  auto typed = SimulateDataset(Halland(), options, nullptr, &typed_stats);
  ASSERT_TRUE(typed.ok()) << typed.status().message();
  EXPECT_EQ(typed_stats.events, file_stats.events);
  const uint64_t unit_rows = static_cast<uint64_t>(ingest::ReadUnits("units.csv", ingest::ReadFile(dir.path() + "/units.csv").value())->size());
  EXPECT_EQ(typed_stats.rows + unit_rows, file_stats.rows);
  ASSERT_EQ(typed->tables.size(), extract->data.tables.size());
  for (const auto& [name, read] : extract->data.tables) {
    SCOPED_TRACE(name);
    const engine::Table* made = typed->Find(name);
    ASSERT_NE(made, nullptr);
    ASSERT_EQ(made->rows, read.rows);
    EXPECT_GT(made->rows, 0u);
    ASSERT_EQ(made->columns.size(), read.columns.size());
    for (size_t c = 0; c < read.columns.size(); ++c) {
      SCOPED_TRACE(read.schema->columns[c].name);
      const engine::Column& a = read.columns[c];
      const engine::Column& b = made->columns[c];
      EXPECT_EQ(b.type, a.type);
      EXPECT_EQ(b.u8, a.u8);
      EXPECT_EQ(b.i64, a.i64);
      EXPECT_TRUE(SameBits(b.f64, a.f64));
      EXPECT_EQ(b.dictionary, a.dictionary);
      if (a.type == engine::ColumnType::kUnit) {
        ASSERT_EQ(b.i32.size(), a.i32.size());
        for (size_t r = 0; r < a.i32.size(); ++r) {
          ASSERT_EQ(Halland().tree.id(b.i32[r]), extract->tree.id(a.i32[r])) << "row " << r;
        }
      } else {
        EXPECT_EQ(b.i32, a.i32);
      }
    }
  }
}

TEST(Simulate, SameSeedSameBytesWhateverTheThreads) {
  TempDir a("det_a"), b("det_b"), c("det_c");
  SimOptions options;
  options.scale = 0.02;
  options.first_year = options.last_year = 2023;
  options.threads = 1;
  ASSERT_TRUE(Simulate(Halland(), options, a.path(), nullptr).ok());
  options.threads = 3;
  ASSERT_TRUE(Simulate(Halland(), options, b.path(), nullptr).ok());
  options.seed = 2;
  ASSERT_TRUE(Simulate(Halland(), options, c.path(), nullptr).ok());
  const auto ha = Hashes(a.path()), hb = Hashes(b.path()), hc = Hashes(c.path());
  EXPECT_EQ(ha, hb);
  EXPECT_NE(ha.at("visits.csv"), hc.at("visits.csv"));
  EXPECT_EQ(ha.at("units.csv"), hc.at("units.csv"));  // the tree does not depend on the seed
}

// Rows, bytes and FNV-1a 64 of every file of a folder, one line per file.
std::string Manifest(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string text = bytes.str();
    size_t lines = 0;
    for (char ch : text) lines += ch == '\n' ? 1 : 0;
    char line[160];
    std::snprintf(line, sizeof line, "%s rows=%zu bytes=%zu fnv1a64=%016llx\n",
                  entry.path().filename().string().c_str(), lines > 0 ? lines - 1 : 0, text.size(),
                  static_cast<unsigned long long>(Fnv1a64(text)));
    files[entry.path().filename().string()] = line;
  }
  std::string out;
  for (const auto& [name, line] : files) out += line;
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The first line where two texts differ, for a readable failure.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) return "identical";
    if (!ga || !gb || la != lb)
      return "line " + std::to_string(line) + ": expected '" + la + "', got '" + lb + "'";
  }
}

// The default run (2022–2024) at scale 0.01, pinned byte for byte per seed by a
// manifest of every file (tests/sim/golden_seed<N>.txt: rows, bytes, FNV-1a 64),
// and for seed 1 one whole small file (tests/sim/golden_seed1_ortho_cases.csv).
// The same seed must give these bytes on any machine and compiler. When the model
// changes on purpose, regenerate with NARA_UPDATE_GOLDEN=1 and say why in the commit.
TEST(Simulate, GoldenSmallRuns) {
  const bool update = std::getenv("NARA_UPDATE_GOLDEN") != nullptr;
  for (uint64_t seed : {1u, 7u}) {
    TempDir dir("golden_" + std::to_string(seed));
    SimOptions options;
    options.scale = 0.01;
    options.seed = seed;
    ASSERT_TRUE(Simulate(Halland(), options, dir.path(), nullptr).ok());
    const std::string actual = Manifest(dir.path());
    const std::string golden = SourceDir() + "/tests/sim/golden_seed" + std::to_string(seed) + ".txt";
    const std::string whole = SourceDir() + "/tests/sim/golden_seed1_ortho_cases.csv";
    const std::string ortho = ReadAll((fs::path(dir.path()) / "ortho_cases.csv").string());
    if (update) {
      std::ofstream(golden, std::ios::binary) << actual;
      if (seed == 1) std::ofstream(whole, std::ios::binary) << ortho;
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with NARA_UPDATE_GOLDEN=1";
    const std::string expected = ReadAll(golden);
    EXPECT_EQ(actual, expected) << "seed " << seed << ", " << FirstDifference(expected, actual);
    if (seed == 1) {
      const std::string expected_ortho = ReadAll(whole);
      EXPECT_TRUE(ortho == expected_ortho) << "ortho_cases.csv, " << FirstDifference(expected_ortho, ortho);
    }
  }
}

// Every indicator of the catalogue gets a value for the administration from a
// simulated extract: the scorecard the README's main command shows is alive.
TEST(Simulate, EveryCatalogueIndicatorHasAValue) {
  TempDir dir("catalogue");
  SimOptions options;
  options.scale = 0.05;
  options.first_year = 2023;
  options.last_year = 2024;
  ASSERT_TRUE(Simulate(Halland(), options, dir.path(), nullptr).ok());
  auto extract = ingest::LoadExtractDir(dir.path(), Halland().tree);
  ASSERT_TRUE(extract.ok()) << extract.status().message();
  follow::FollowUp::Options follow_options;
  follow_options.first_year = 2023;
  follow_options.last_year = 2024;
  auto follow_up = follow::FollowUp::Build(Halland().catalogue, extract->tree, extract->data, follow_options);
  ASSERT_TRUE(follow_up.ok()) << follow_up.status().message();
  const int nsh = extract->tree.Find("nsh");
  ASSERT_GE(nsh, 0);
  const auto rows = follow_up->ForUnit(model::Period::Year(2024), nsh);
  EXPECT_EQ(rows.size(), Halland().catalogue.size());
  for (const follow::ScoreRow& row : rows) {
    EXPECT_TRUE(std::isfinite(row.cell.value)) << row.def->id << " has no value for 2024";
    EXPECT_TRUE(std::isfinite(row.previous_year_value)) << row.def->id << " has no value for 2023";
  }
}

TEST(Simulate, RejectsBadOptions) {
  SimOptions options;
  options.first_year = 2024;
  options.last_year = 2022;
  EXPECT_EQ(Simulate(Halland(), options, "/nonexistent", nullptr).code(), StatusCode::kInvalidArgument);
  options = SimOptions{};
  options.scale = 0;
  EXPECT_EQ(Simulate(Halland(), options, "/nonexistent", nullptr).code(), StatusCode::kInvalidArgument);
  options = SimOptions{};
  options.first_year = 2010;
  EXPECT_EQ(Simulate(Halland(), options, "/nonexistent", nullptr).code(), StatusCode::kInvalidArgument);
}

TEST(Simulate, RowsFollowTheContract) {
  TempDir dir("contract");
  SimOptions options;
  options.scale = 0.05;
  options.first_year = options.last_year = 2024;
  ASSERT_TRUE(Simulate(Halland(), options, dir.path(), nullptr).ok());
  auto lines = [&](const char* table) {
    std::ifstream in(fs::path(dir.path()) / (std::string(table) + ".csv"));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  // No wall time in the spring gap (2024-03-31 02:00–02:59).
  for (const char* table : {"phone_calls", "chats", "bookings"}) {
    for (const std::string& line : lines(table))
      EXPECT_EQ(line.find("2024-03-31 02:"), std::string::npos) << line;
  }
  // Pseudonyms are opaque: a letter and eleven hex digits.
  const auto visits = lines("visits");
  ASSERT_GT(visits.size(), 1000u);
  for (size_t i = 1; i < visits.size(); i += 97) {
    const std::string key = visits[i].substr(visits[i].find(',', visits[i].find(',') + 1) + 1, 12);
    EXPECT_EQ(key[0], 'P') << visits[i];
    EXPECT_EQ(key.find_first_not_of("0123456789abcdef", 1), std::string::npos) << visits[i];
  }
  // Patients come back: a year's visits at a unit draw on the patients listed there, so
  // there are far fewer patients than visits (about 3 visits per patient and year).
  std::set<std::string> patients;
  for (size_t i = 1; i < visits.size(); ++i) {
    const size_t at = visits[i].find(',', visits[i].find(',') + 1) + 1;
    patients.insert(visits[i].substr(visits[i].find(',') + 1, at - visits[i].find(',') - 1) + visits[i].substr(at, 12));
  }
  EXPECT_LT(patients.size() * 2, visits.size()) << patients.size() << " patients in " << visits.size() << " visits";
  // Units that close or open are used only while valid.
  for (const std::string& line : lines("visits")) {
    if (line.find(",vc_getinge_filial_harplinge,") != std::string::npos) ADD_FAILURE() << line;
  }
  bool kullavik = false;
  for (const std::string& line : lines("listings")) kullavik = kullavik || line.rfind("vc_kullavik,", 0) == 0;
  EXPECT_TRUE(kullavik);
}

// Saturday clinics in one municipality (Halmstad): their Saturday calls of 10–14 are
// within opening hours and nearly all handled the same day, and they assess on
// Saturdays; no unit elsewhere does either, and without the lever nobody does.
TEST(Simulate, ASaturdayClinicAnswersItsCallsAndAssessesOnSaturdays) {
  auto fields = [](const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    for (std::string f; std::getline(in, f, ',');) out.push_back(f);
    return out;
  };
  auto saturday = [](const std::string& date) {
    Days d = 0;
    return ParseDate(date.substr(0, 10), &d) == TimeParseError::kNone && Weekday(d) == 5;
  };
  struct Seen {
    int in_hours_saturday = 0, same_day = 0, saturday_assessments = 0, elsewhere = 0;
  };
  auto in_halmstad = [](const std::string& unit) {
    const int u = Halland().tree.Find(unit);
    return u >= 0 && Halland().tree.versions(u).back().municipality == 1380;
  };
  auto run = [&](bool lever) {
    TempDir dir(lever ? "saturday" : "no_saturday");
    SimOptions options;
    options.scale = 0.3;
    options.first_year = options.last_year = 2024;
    if (lever) options.levers.weekend.push_back({1380, "", 2024});
    EXPECT_TRUE(Simulate(Halland(), options, dir.path(), nullptr).ok());
    Seen seen;
    std::ifstream calls(fs::path(dir.path()) / "phone_calls.csv");
    std::string line;
    std::getline(calls, line);
    while (std::getline(calls, line)) {
      const auto f = fields(line);  // call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by
      if (f[3] != "1" || !saturday(f[2])) continue;
      if (!in_halmstad(f[1])) {
        ++seen.elsewhere;
        continue;
      }
      ++seen.in_hours_saturday;
      const int hour = std::stoi(f[2].substr(11, 2));
      EXPECT_TRUE(hour >= 10 && hour < 14) << line;
      if (f.size() > 5 && f[5].substr(0, 10) == f[2].substr(0, 10)) ++seen.same_day;
    }
    std::ifstream assessments(fs::path(dir.path()) / "assessments.csv");
    std::getline(assessments, line);
    while (std::getline(assessments, line)) {
      const auto f = fields(line);  // contact_id,unit_id,patient_key,first_contact_date,assessed_on,…
      if (f[4].empty() || !saturday(f[4])) continue;
      (in_halmstad(f[1]) ? seen.saturday_assessments : seen.elsewhere) += 1;
    }
    return seen;
  };
  const Seen with = run(true);
  EXPECT_GT(with.in_hours_saturday, 100);
  EXPECT_GT(with.same_day, with.in_hours_saturday * 8 / 10) << with.same_day << " of " << with.in_hours_saturday;
  EXPECT_GT(with.saturday_assessments, 20);
  EXPECT_EQ(with.elsewhere, 0);
  const Seen without = run(false);
  EXPECT_EQ(without.in_hours_saturday + without.saturday_assessments + without.elsewhere, 0);
}

}  // namespace
}  // namespace nara::sim
