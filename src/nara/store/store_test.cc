#include "nara/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "nara/ingest/contract.h"
#include "nara/store/sha256.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

namespace fs = std::filesystem;
using testing::ReadBytes;
using testing::TableRows;
using testing::TempDir;
using testing::WriteFile;

std::string Config() { return testing::SourceDir() + "/data/halland"; }
std::string Example(const std::string& table) {
  return testing::SourceDir() + "/data/example/" + table + ".csv";
}

Store NewStore(const TempDir& dir, const std::string& name = "nara.db") {
  auto store = Store::Open(dir / name, true);
  EXPECT_TRUE(store.ok()) << store.status().message();
  auto config = store->StoreConfig(Config(), "test");
  EXPECT_TRUE(config.ok()) << config.status().message();
  return std::move(store).value();
}

const char* kCalls = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";

// Calls c<first>..c<last> at vc_varberg.
std::string Calls(int first, int last, const std::string& handled_by = "callback") {
  std::string s = kCalls;
  for (int i = first; i <= last; ++i) {
    s += "c" + std::to_string(i) + ",vc_varberg,2024-01-" + (i % 28 < 9 ? "0" : "") +
         std::to_string(i % 28 + 1) + " 08:00,ja,advice,2024-01-" + (i % 28 < 9 ? "0" : "") +
         std::to_string(i % 28 + 1) + " 09:00," + handled_by + "\n";
  }
  return s;
}

size_t Rows(Store& store, const std::string& table) {
  auto tree = store.Tree();
  EXPECT_TRUE(tree.ok());
  auto loaded = store.Load(*tree);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  const engine::Table* t = loaded->data.Find(table);
  return t ? t->rows : 0;
}

// The active batches' ids (those in the trash left out).
std::vector<int64_t> Ids(Store& store) {
  std::vector<int64_t> ids;
  auto batches = store.Batches();
  EXPECT_TRUE(batches.ok()) << batches.status().message();
  if (!batches.ok()) return ids;
  for (const BatchInfo& b : *batches) {
    if (b.state == BatchState::kActive) ids.push_back(b.id);
  }
  return ids;
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(StoreTest, TableFromFileName) {
  EXPECT_EQ(TableForFile("/x/visits.csv")->name, "visits");
  EXPECT_EQ(TableForFile("Phone_Calls_2024-03.csv")->name, "phone_calls");
  EXPECT_EQ(TableForFile("dental_exams-2024.CSV")->name, "dental_exams");
  EXPECT_EQ(TableForFile("visitsX.csv"), nullptr);
  EXPECT_EQ(TableForFile("notes.csv"), nullptr);
}

TEST(StoreTest, OpenRefusesWhatIsNotAStore) {
  TempDir dir;
  EXPECT_EQ(Store::Open(dir / "missing.db", false).status().code(), StatusCode::kNotFound);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "other.db").c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  auto other = Store::Open(dir / "other.db", true);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kDataError);
  EXPECT_NE(other.status().message().find("not a nara store"), std::string::npos);
  auto fresh = Store::Open(dir / "new.db", true);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->Import(Example("visits"), "", std::nullopt, "t").status().code(), StatusCode::kNotFound)
      << "no configuration yet";
}

TEST(StoreTest, ImportThenLoadGivesWhatTheReaderGives) {
  TempDir dir;
  Store store = NewStore(dir);
  std::vector<ImportRequest> requests;
  for (const char* t : {"phone_calls", "visits", "staff", "ledger", "population"}) {
    if (fs::exists(Example(t))) requests.push_back({Example(t), "", {}});
  }
  auto results = store.Import(requests, "anna");
  ASSERT_TRUE(results.ok()) << results.status().message();
  auto batches = store.Batches();
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), requests.size());
  auto tree = store.Tree();
  ASSERT_TRUE(tree.ok());
  auto loaded = store.Load(*tree);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  for (size_t i = 0; i < requests.size(); ++i) {
    const BatchInfo& b = (*batches)[i];
    std::string bytes = ReadBytes(requests[i].path);
    EXPECT_EQ(b.sha256, Sha256Hex(bytes));
    EXPECT_EQ(b.bytes, static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(b.loaded_by, "anna");
    EXPECT_EQ(b.config_version, 1);
    const engine::TableSchema& schema = *ingest::FindContractTable(b.table);
    auto direct = ingest::ReadTable(requests[i].path, bytes, schema, *tree);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(b.rows, static_cast<int64_t>(direct->rows));
    const engine::Table* t = loaded->data.Find(b.table);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(TableRows(*t, loaded->tree), TableRows(*direct, *tree)) << b.table;
  }
  EXPECT_EQ((*batches)[0].period_from, "2023-01-02");
  EXPECT_EQ((*batches)[0].period_to, "2024-12-31");
  EXPECT_TRUE(store.Check()->empty());
}

// Text codes of several batches are merged into one dictionary per column.
TEST(StoreTest, BatchesOfOneTableLoadAsTheWholeFile) {
  TempDir dir;
  Store store = NewStore(dir);
  std::string all = ReadBytes(Example("visits"));
  size_t header = all.find('\n') + 1, middle = all.find('\n', all.size() / 3) + 1;
  WriteFile(dir / "visits_a.csv", all.substr(0, middle));
  WriteFile(dir / "visits_b.csv", all.substr(0, header) + all.substr(middle));
  ASSERT_TRUE(store.Import(dir / "visits_a.csv", "", std::nullopt, "t").ok());
  ASSERT_TRUE(store.Import(dir / "visits_b.csv", "", std::nullopt, "t").ok());
  auto tree = store.Tree();
  auto loaded = store.Load(*tree);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  auto direct = ingest::ReadTable("visits.csv", all, *ingest::FindContractTable("visits"), *tree);
  ASSERT_TRUE(direct.ok());
  const engine::Table& t = *loaded->data.Find("visits");
  EXPECT_EQ(TableRows(t, loaded->tree), TableRows(*direct, *tree));
  const auto& dict = t.column("patient_key").dictionary;
  EXPECT_EQ(std::set<std::string>(dict.begin(), dict.end()).size(), dict.size()) << "one code per pseudonym";
}

TEST(StoreTest, ByteIdenticalFileIsRecognisedAndChangesNothing) {
  TempDir dir;
  {
    Store store = NewStore(dir);
    ASSERT_TRUE(store.Import(Example("phone_calls"), "", std::nullopt, "t").ok());
    ASSERT_TRUE(store.Checkpoint().ok());
  }
  std::string before = testing::DatabaseBytes(dir / "nara.db");
  // Another name, the same bytes.
  fs::copy_file(Example("phone_calls"), dir / "phone_calls_again.csv");
  Store store = std::move(Store::Open(dir / "nara.db", false)).value();
  auto again = store.Import(dir / "phone_calls_again.csv", "", std::nullopt, "t");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->already_stored);
  EXPECT_EQ(again->batch_id, 1);
  EXPECT_EQ(testing::DatabaseBytes(dir / "nara.db"), before);
  EXPECT_EQ(Ids(store), std::vector<int64_t>{1});
}

TEST(StoreTest, KeysStoredByAnotherBatchAreListed) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_jan.csv", Calls(1, 100));
  WriteFile(dir / "phone_calls_fix.csv", Calls(90, 120, "answer"));
  ASSERT_TRUE(store.Import(dir / "phone_calls_jan.csv", "", std::nullopt, "t").ok());
  std::string before = testing::DatabaseBytes(dir / "nara.db");
  auto clash = store.Import(dir / "phone_calls_fix.csv", "", std::nullopt, "t");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), StatusCode::kDataError);
  std::string expected;
  for (int i = 90; i <= 99; ++i) {
    expected += dir / "phone_calls_fix.csv" + ":" + std::to_string(i - 88) + ": duplicate key (call_id 'c" +
                std::to_string(i) + "'), already stored in batch 1 (phone_calls_jan.csv, line " +
                std::to_string(i + 1) + ")\n";
  }
  expected +=
      "… and 1 more rows with keys already stored\n"
      "nothing was stored; if this file replaces batch 1, import it with --supersede 1";
  EXPECT_EQ(clash.status().message(), expected);
  EXPECT_EQ(testing::DatabaseBytes(dir / "nara.db"), before);
  EXPECT_EQ(Rows(store, "phone_calls"), 100u);
}

TEST(StoreTest, SupersedeReplacesTheBatchAsAWhole) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_jan.csv", Calls(1, 100));
  WriteFile(dir / "phone_calls_jan_fixed.csv", Calls(1, 80, "answer"));
  WriteFile(dir / "visits_x.csv", ReadBytes(Example("visits")));
  ASSERT_TRUE(store.Import(dir / "phone_calls_jan.csv", "", std::nullopt, "t").ok());
  ASSERT_TRUE(store.Import(dir / "visits_x.csv", "", std::nullopt, "t").ok());
  EXPECT_EQ(store.Import(dir / "phone_calls_jan_fixed.csv", "", 7, "t").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store.Import(dir / "phone_calls_jan_fixed.csv", "", 2, "t").status().code(),
            StatusCode::kInvalidArgument);
  auto fixed = store.Import(dir / "phone_calls_jan_fixed.csv", "", 1, "t");
  ASSERT_TRUE(fixed.ok()) << fixed.status().message();
  EXPECT_EQ(fixed->superseded, std::vector<int64_t>{1});
  EXPECT_EQ(Ids(store), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(store.Batches()->back().supersedes, std::vector<int64_t>{1});
  EXPECT_EQ(store.Batches()->front().state, BatchState::kSuperseded) << "batch 1 is in the trash";
  EXPECT_EQ(store.Batches()->front().superseded_by, 3);
  EXPECT_EQ(Rows(store, "phone_calls"), 80u);
  auto tree = store.Tree();
  auto loaded = store.Load(*tree);
  const engine::Column& by = loaded->data.Find("phone_calls")->column("handled_by");
  EXPECT_EQ(by.u8.front(), 0) << "the new file's values (answer)";
  // A batch already superseded cannot be superseded again.
  WriteFile(dir / "phone_calls_jan_fixed_again.csv", Calls(1, 80));
  Status again = store.Import(dir / "phone_calls_jan_fixed_again.csv", "", 1, "t").status();
  EXPECT_EQ(again.code(), StatusCode::kDataError);
  EXPECT_EQ(again.problems().at(0).code, Msg::kStoreAlreadySuperseded) << again.message();
  // A batch id is never reused, not even after a purge.
  ASSERT_TRUE(store.RemoveBatch(3, "t").ok());
  ASSERT_TRUE(store.PurgeBatches({{1, 3}, ""}, "t").ok());
  ASSERT_TRUE(store.Import(dir / "phone_calls_jan.csv", "", std::nullopt, "t").ok());
  EXPECT_EQ(Ids(store), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(store.RemoveBatch(3, "t").code(), StatusCode::kNotFound);
  EXPECT_TRUE(store.Check()->empty());
}

TEST(StoreTest, ManyFilesAreOneTransaction) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_a.csv", Calls(1, 10));
  WriteFile(dir / "phone_calls_b.csv", Calls(10, 20));
  WriteFile(dir / "phone_calls_c.csv", Calls(21, 30));
  auto both = store.Import({{dir / "phone_calls_c.csv", "", {}},
                            {dir / "phone_calls_a.csv", "", {}},
                            {dir / "phone_calls_b.csv", "", {}}},
                           "t");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(), dir / "phone_calls_b.csv" +
                                         ":2: duplicate key (call_id 'c10'), also on line 11 of " +
                                         dir / "phone_calls_a.csv" + " in this import\nnothing was stored");
  EXPECT_TRUE(store.Batches()->empty());
  // A broken file anywhere stores none of them.
  WriteFile(dir / "visits_bad.csv", "visit_id\n");
  auto broken = store.Import({{dir / "phone_calls_a.csv", "", {}}, {dir / "visits_bad.csv", "", {}}}, "t");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kDataError);
  EXPECT_TRUE(store.Batches()->empty());
}

TEST(StoreTest, ConfigurationIsVersioned) {
  TempDir dir;
  Store store = NewStore(dir);
  auto again = store.StoreConfig(Config(), "t");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, 1) << "unchanged configuration, same version";
  fs::create_directory(dir / "cfg");
  for (const char* f : {"units.toml", "plans.toml", "indicators.toml"})
    fs::copy_file(Config() + "/" + f, dir / "cfg/" + f);
  std::string indicators = ReadBytes(dir / "cfg/indicators.toml");
  WriteFile(dir / "cfg/indicators.toml", indicators + "\n# a comment that changes the bytes\n");
  ASSERT_TRUE(store.Import(Example("phone_calls"), "", std::nullopt, "t").ok());
  auto v2 = store.StoreConfig(dir / "cfg", "t");
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->sha256.size(), 64u);
  EXPECT_EQ(v2->source, dir / "cfg");
  ASSERT_TRUE(store.Import(Example("visits"), "", std::nullopt, "t").ok());
  auto batches = store.Batches();
  EXPECT_EQ((*batches)[0].config_version, 1);
  EXPECT_EQ((*batches)[1].config_version, 2);
  std::vector<model::Problem> problems;
  auto config = store.LoadStoredConfig(&problems);
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(config->catalogue.empty());
  EXPECT_NE(config->tree.Find("vc_varberg"), -1);
  // A broken configuration is refused and changes nothing.
  WriteFile(dir / "cfg/indicators.toml", "[[indicator]\n");
  EXPECT_EQ(store.StoreConfig(dir / "cfg", "t").status().code(), StatusCode::kDataError);
  EXPECT_EQ((*store.CurrentConfig())->version, 2);
}

TEST(StoreTest, UnitsFileBringsItsTree) {
  TempDir dir;
  Store store = NewStore(dir);
  std::string units =
      "unit_id,name,parent_id,kind,municipality_code,ownership,valid_from,valid_to,lat,lon\n"
      "r,Region,,region,,public,2015-01-01,,,\n"
      "hc1,Hälsocentral 1,r,health_centre,1380,public,2015-01-01,,,\n"
      "hc2,Hälsocentral 2,r,health_centre,1380,public,2015-01-01,2023-06-30,,\n";
  WriteFile(dir / "units.csv", units);
  WriteFile(dir / "phone_calls.csv", std::string(kCalls) + "c1,hc1,2024-01-02 08:00,ja,advice,,\n");
  auto r = store.Import({{dir / "phone_calls.csv", "", {}}, {dir / "units.csv", "", {}}}, "t");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)[1].config_version, 2) << "units.csv read first, its tree a new configuration version";
  EXPECT_EQ((*store.CurrentConfig())->units_batch, (*r)[1].batch_id);
  auto tree = store.Tree();
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->size(), 3);
  EXPECT_EQ(Rows(store, "phone_calls"), 1u);
  // Removing the tree would leave hc1 unplaced by units.toml.
  Status removed = store.RemoveBatch((*r)[1].batch_id, "t");
  EXPECT_EQ(removed.code(), StatusCode::kDataError);
  EXPECT_NE(removed.message().find("unit 'hc1' is not in the tree"), std::string::npos) << removed.message();
  ASSERT_TRUE(store.RemoveBatch((*r)[0].batch_id, "t").ok());
  ASSERT_TRUE(store.RemoveBatch((*r)[1].batch_id, "t").ok());
  EXPECT_GT(store.Tree()->size(), 50) << "back to units.toml";
}

// import → export → import gives the same values, and export is a fixed point.
void ExpectRoundTrip(const std::vector<std::string>& files, const TempDir& dir) {
  Store first = NewStore(dir, "first.db");
  std::vector<ImportRequest> requests;
  for (const std::string& f : files) requests.push_back({f, "", {}});
  auto imported = first.Import(requests, "t");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  Store second = NewStore(dir, "second.db");
  std::vector<std::string> tables;
  requests.clear();
  for (const ImportResult& r : *imported) {
    tables.push_back(r.table);
    std::string out = dir / ("exported_" + r.table + ".csv");
    ASSERT_TRUE(first.Export(r.table, out).ok());
    requests.push_back({out, r.table, {}});
  }
  auto reimported = second.Import(requests, "t");
  ASSERT_TRUE(reimported.ok()) << reimported.status().message();
  auto tree = first.Tree();
  auto a = first.Load(*tree);
  auto b = second.Load(*tree);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const std::string& t : tables) {
    if (t == "units") continue;
    EXPECT_EQ(TableRows(*a->data.Find(t), a->tree), TableRows(*b->data.Find(t), b->tree)) << t;
    std::string again = dir / ("again_" + t + ".csv");
    ASSERT_TRUE(second.Export(t, again).ok());
    EXPECT_EQ(ReadBytes(again), ReadBytes(dir / ("exported_" + t + ".csv"))) << t;
  }
  // Identifiers are kept too: the exported ids are the file's.
  for (const ImportResult& r : *imported) {
    const engine::TableSchema& schema = *ingest::FindContractTable(r.table);
    auto original = ingest::ReadTable(r.path, ReadBytes(r.path), schema, *tree, {true});
    auto exported =
        ingest::ReadTable(r.table, ReadBytes(dir / ("exported_" + r.table + ".csv")), schema, *tree, {true});
    ASSERT_TRUE(original.ok() && exported.ok());
    EXPECT_EQ(TableRows(*original, *tree), TableRows(*exported, *tree)) << r.table;
  }
}

TEST(StoreTest, ExportRoundTripsTheExampleExtract) {
  TempDir dir;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(testing::SourceDir() + "/data/example")) {
    if (e.path().extension() == ".csv") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 10u);
  ExpectRoundTrip(files, dir);
}

TEST(StoreTest, ExportRoundTripsAwkwardValues) {
  TempDir dir;
  // As a simulator or a source system might write: semicolons and decimal commas,
  // Windows-1252, quoted delimiters, quotes and line breaks, the repeated autumn hour
  // (the second pass written in UTC), nulls, UTC offsets, Swedish booleans.
  std::string calls =
      "call_id;unit_id;received_at;in_opening_hours;topic;handled_at;handled_by\r\n"
      "\"a;1\";vc_varberg;2024-10-27 02:30;ja;advice;2024-10-27T01:30:00Z;callback\r\n"
      "\"b\"\"2\";vc_varberg;2024-10-27T01:15:00Z;NEJ;other;;\r\n"
      "\"c\n3\";vc_varberg;2024-03-31 03:00:00;true;booking;2024-03-31T00:59:59Z;answer\r\n"
      " d4 ;vc_varberg;2024-12-31 23:59:59;1;advice;2025-01-01 00:00;answer\r\n"
      "S\xf6ren;vc_varberg;2024-02-29 12:00+01:00;0;advice;2024-02-29 12:00+01:00;answer\r\n";
  WriteFile(dir / "phone_calls.csv", calls);
  std::string ledger =
      "unit_id;month;account;scenario;amount_sek\n"
      "vc_varberg;2024-01;cost_staff;actual;\"1234,5\"\n"
      "vc_varberg;2024-01;cost_other;budget;0,1\n"
      "vc_varberg;2024-02;cost_other;budget;123456789012,25\n"
      "vc_varberg;2024-03;cost_other;budget;1e-7\n";
  WriteFile(dir / "ledger.csv", ledger);
  ExpectRoundTrip({dir / "phone_calls.csv", dir / "ledger.csv"}, dir);
}

// A reader in another connection sees the state before an import until it commits,
// and is not blocked by the writer.
TEST(StoreTest, ReaderIsNotBlockedByAWriter) {
  TempDir dir;
  {
    Store store = NewStore(dir);
    ASSERT_TRUE(store.Import(Example("phone_calls"), "", std::nullopt, "t").ok());
  }
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "nara.db").c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer,
                         "BEGIN IMMEDIATE; DELETE FROM blocks; DELETE FROM batch_keys; DELETE FROM batches;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  // The writer cannot commit while this thread reads, so a reader that waited for it
  // would fail (busy), never succeed late: the values themselves show it did not wait.
  Store reader = std::move(Store::Open(dir / "nara.db", false)).value();
  EXPECT_EQ(Ids(reader), std::vector<int64_t>{1});
  EXPECT_EQ(Rows(reader, "phone_calls"), 9218u);
  ASSERT_EQ(sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(writer);
  EXPECT_TRUE(Ids(reader).empty());
}

// Imports in one thread, loads in another: every load is one whole state.
TEST(StoreTest, LoadsDuringImportsSeeWholeBatches) {
  TempDir dir;
  { NewStore(dir); }
  const int kFiles = 6, kRows = 3000;
  for (int f = 0; f < kFiles; ++f)
    WriteFile(dir / ("phone_calls_" + std::to_string(f) + ".csv"), Calls(f * kRows, (f + 1) * kRows - 1));
  std::atomic<bool> done = false;
  std::thread writer([&] {
    Store store = std::move(Store::Open(dir / "nara.db", false)).value();
    for (int f = 0; f < kFiles; ++f) {
      auto r = store.Import(dir / ("phone_calls_" + std::to_string(f) + ".csv"), "", std::nullopt, "w");
      EXPECT_TRUE(r.ok()) << r.status().message();
    }
    done = true;
  });
  Store reader = std::move(Store::Open(dir / "nara.db", false)).value();
  auto tree = *reader.Tree();
  std::set<size_t> seen;
  while (true) {
    bool last = done;
    auto loaded = reader.Load(tree);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    if (!loaded.ok()) break;
    const engine::Table* t = loaded->data.Find("phone_calls");
    size_t rows = t ? t->rows : 0;
    EXPECT_EQ(rows % kRows, 0u) << "a half-written batch";
    EXPECT_EQ(loaded->files.size(), rows / kRows);
    seen.insert(rows);
    if (last) break;
  }
  writer.join();
  EXPECT_TRUE(seen.count(kFiles * kRows));
}

// A row of `sql` as text, asked on a connection of its own.
std::string AskSqlite(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  std::string out = "(cannot open)";
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    out = "(no row)";
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// WAL is what lets readers (nara serve, compute) go on while an import commits; it is
// a property of the file, so a connection of its own sees it.
TEST(StoreTest, DatabaseIsInWalMode) {
  TempDir dir;
  {
    Store store = NewStore(dir);
    EXPECT_EQ(AskSqlite(dir / "nara.db", "PRAGMA journal_mode"), "wal") << "while the store is open";
  }
  EXPECT_EQ(AskSqlite(dir / "nara.db", "PRAGMA journal_mode"), "wal") << "after it is closed";
  auto reopened = Store::Open(dir / "nara.db", false);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_EQ(AskSqlite(dir / "nara.db", "PRAGMA journal_mode"), "wal") << "reopened";
}

// Revision() moves with every batch and configuration change, whichever connection
// made it, and not with other writes to the file (the server's comments).
TEST(StoreTest, RevisionMovesWithBatchesAndConfigurationOfAnyConnection) {
  TempDir dir;
  Store watcher = NewStore(dir);
  auto writer = Store::Open(dir / "nara.db", false);
  ASSERT_TRUE(writer.ok());
  auto r0 = watcher.Revision();
  ASSERT_TRUE(r0.ok()) << r0.status().message();
  EXPECT_GT(*r0, 0) << "storing the configuration is journalled";
  EXPECT_EQ(*watcher.Revision(), *r0);
  WriteFile(dir / "phone_calls.csv", Calls(1, 10));
  auto imported = writer->Import(dir / "phone_calls.csv", "", std::nullopt, "t");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  const int64_t r1 = *watcher.Revision();
  EXPECT_GT(r1, *r0);
  EXPECT_EQ(*writer->Revision(), r1) << "a connection sees its own commits too";
  // The same file again changes nothing.
  ASSERT_TRUE(writer->Import(dir / "phone_calls.csv", "", std::nullopt, "t")->already_stored);
  EXPECT_EQ(*watcher.Revision(), r1);
  // Another table in the same file (as nara serve keeps its comments) is not a change.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "nara.db").c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(
      sqlite3_exec(raw, "CREATE TABLE other(x); INSERT INTO other VALUES(1);", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  EXPECT_EQ(*watcher.Revision(), r1);
  ASSERT_TRUE(watcher.RemoveBatch(imported->batch_id, "t").ok());
  const int64_t r2 = *writer->Revision();
  EXPECT_GT(r2, r1);
  EXPECT_EQ(*watcher.Revision(), r2);
  // Storing the same configuration is no new version and no change.
  ASSERT_TRUE(writer->StoreConfig(Config(), "t").ok());
  EXPECT_EQ(*watcher.Revision(), r2);
}

// Once the files have been quiet for a second Revision() only looks at them; an import
// by another connection after that is still seen at once, as is a second one.
TEST(StoreTest, RevisionSeesACommitAfterTheFilesWereQuiet) {
  TempDir dir;
  Store watcher = NewStore(dir);
  auto writer = Store::Open(dir / "nara.db", false);
  ASSERT_TRUE(writer.ok());
  WriteFile(dir / "phone_calls.csv", Calls(1, 10));
  WriteFile(dir / "phone_calls_2.csv", Calls(11, 20));
  // The watcher's clock runs ahead on demand instead of the test sleeping.
  int64_t ahead = 0;
  watcher.SetClock([&ahead] {
    timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec + ahead;
  });
  const int64_t r0 = *watcher.Revision();
  ahead = 2'000'000'000;  // two seconds later
  EXPECT_EQ(*watcher.Revision(), r0);  // a full look, then the files count as settled
  EXPECT_EQ(*watcher.Revision(), r0);  // the shortcut
  ASSERT_TRUE(writer->Import(dir / "phone_calls.csv", "", std::nullopt, "t").ok());
  const int64_t r1 = *watcher.Revision();
  EXPECT_GT(r1, r0);
  ASSERT_TRUE(writer->Import(dir / "phone_calls_2.csv", "", std::nullopt, "t").ok());
  EXPECT_GT(*watcher.Revision(), r1);
}

// The commands end to end: import, batches, compute --db gives what compute --data
// gives, export, remove-batch.
TEST(StoreCommandsTest, ComputeFromTheStoreEqualsComputeFromTheFolder) {
  TempDir dir;
  std::string db = dir / "nara.db", example = testing::SourceDir() + "/data/example";
  std::vector<std::string> import = {NARA_CLI, "import", "--db", db, "--user", "anna"};
  for (const auto& e : fs::directory_iterator(example)) import.push_back(e.path().string());
  testing::ProcessResult r = testing::RunProcess(import, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Stored the configuration in"), std::string::npos) << r.out;
  auto compute = [&](const std::string& flag, const std::string& source) {
    return testing::RunProcess({NARA_CLI, "compute", flag, source, "--config", Config(), "--year", "2024",
                                "--period", "2024-T1", "--format", "csv"},
                               dir.path());
  };
  testing::ProcessResult from_db = compute("--db", db), from_dir = compute("--data", example);
  ASSERT_EQ(from_db.exit_code, 0) << from_db.err;
  ASSERT_EQ(from_dir.exit_code, 0) << from_dir.err;
  EXPECT_GT(from_db.out.size(), 1000u);
  EXPECT_EQ(from_db.out, from_dir.out);
  // Without --config, the database's own configuration.
  testing::ProcessResult stored = testing::RunProcess(
      {NARA_CLI, "compute", "--db", db, "--year", "2024", "--period", "2024-T1", "--format", "csv"},
      dir.path());
  EXPECT_EQ(stored.out, from_dir.out) << stored.err;
  EXPECT_EQ(
      testing::RunProcess({NARA_CLI, "compute", "--db", db, "--data", example, "--year", "2024"}, dir.path())
          .exit_code,
      2);
  EXPECT_EQ(testing::RunProcess({NARA_CLI, "compute", "--year", "2024"}, dir.path()).exit_code, 2);

  testing::ProcessResult batches = testing::RunProcess({NARA_CLI, "batches", "--db", db}, dir.path());
  ASSERT_EQ(batches.exit_code, 0);
  EXPECT_NE(batches.out.find(Sha256Hex(ReadBytes(example + "/visits.csv"))), std::string::npos)
      << batches.out;
  EXPECT_NE(batches.out.find("anna"), std::string::npos);
  testing::ProcessResult again =
      testing::RunProcess({NARA_CLI, "import", "--db", db, example + "/visits.csv"}, dir.path());
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already stored as batch"), std::string::npos) << again.out;
  testing::ProcessResult out = testing::RunProcess(
      {NARA_CLI, "export", "--db", db, "--table", "visits", "--out", dir / "v.csv"}, dir.path());
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(fs::exists(dir / "v.csv"));
  EXPECT_EQ(testing::RunProcess(
                {NARA_CLI, "export", "--db", db, "--table", "nothing", "--out", dir / "x.csv"}, dir.path())
                .exit_code,
            2);
  EXPECT_EQ(testing::RunProcess({NARA_CLI, "remove-batch", "--db", db, "999"}, dir.path()).exit_code, 2);
  testing::ProcessResult removed =
      testing::RunProcess({NARA_CLI, "remove-batch", "--db", db, "1"}, dir.path());
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(testing::RunProcess({NARA_CLI, "batches", "--db", dir / "missing.db"}, dir.path()).exit_code, 2);
}

}  // namespace
}  // namespace nara::store
