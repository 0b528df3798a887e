// The trash (store.h): removed and superseded batches are kept and restorable, purged
// for good only when asked; previews say what a change would do without writing; every
// step is audited; a store of format 3 is brought to format 4 when opened.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "nara/store/access.h"
#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

namespace fs = std::filesystem;
using testing::DatabaseBytes;
using testing::ReadBytes;
using testing::TableRows;
using testing::TempDir;
using testing::WriteFile;

std::string Config() { return testing::SourceDir() + "/data/halland"; }
std::string Example(const std::string& table) {
  return testing::SourceDir() + "/data/example/" + table + ".csv";
}

Store NewStore(const TempDir& dir) {
  auto store = Store::Open(dir / "nara.db", true);
  EXPECT_TRUE(store.ok()) << store.status().message();
  auto config = store->StoreConfig(Config(), "test");
  EXPECT_TRUE(config.ok()) << config.status().message();
  return std::move(store).value();
}

// Calls c<first>..c<last> at vc_varberg, `per_month` a month from January 2024 on.
std::string Calls(int first, int last, int per_month = 1000, const std::string& handled_by = "callback") {
  std::string s = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";
  char line[160];
  for (int i = first; i <= last; ++i) {
    int month = 1 + (i - 1) / per_month, day = 1 + i % 28;
    std::snprintf(line, sizeof line,
                  "c%d,vc_varberg,2024-%02d-%02d 08:00,ja,advice,2024-%02d-%02d 09:00,%s\n", i, month, day,
                  month, day, handled_by.c_str());
    s += line;
  }
  return s;
}

// Every table Load gives, each as its rows in text (TableRows).
std::map<std::string, std::vector<std::string>> Loaded(Store& store) {
  std::map<std::string, std::vector<std::string>> out;
  auto tree = store.Tree();
  EXPECT_TRUE(tree.ok()) << tree.status().message();
  if (!tree.ok()) return out;
  auto loaded = store.Load(*tree);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  if (!loaded.ok()) return out;
  for (const auto& [name, table] : loaded->data.tables) out[name] = TableRows(table, loaded->tree);
  return out;
}

BatchInfo Batch(Store& store, int64_t id) {
  auto batches = store.Batches();
  EXPECT_TRUE(batches.ok());
  for (const BatchInfo& b : *batches) {
    if (b.id == id) return b;
  }
  ADD_FAILURE() << "no batch " << id;
  return {};
}

std::vector<std::string> AuditActions(const std::string& db) {
  auto access = Access::Open(db);
  EXPECT_TRUE(access.ok()) << access.status().message();
  std::vector<std::string> actions;
  auto entries = access->Audit(0, 1000);
  EXPECT_TRUE(entries.ok());
  for (const AuditEntry& e : *entries) actions.push_back(e.action + " " + e.subject);
  return actions;
}

void ExpectAuditWhole(const std::string& db) {
  auto access = Access::Open(db);
  ASSERT_TRUE(access.ok()) << access.status().message();
  auto check = access->VerifyAudit();
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok) << "entry " << check->first_bad << ": " << check->why;
}

TEST(TrashTest, RemoveThenRestoreGivesBackTheSameRows) {
  TempDir dir;
  Store store = NewStore(dir);
  auto imported = store.Import({{Example("phone_calls"), "", {}}, {Example("visits"), "", {}}}, "anna");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  const int64_t visits = (*imported)[1].batch_id;
  const auto before = Loaded(store);
  ASSERT_TRUE(before.count("visits"));
  const int64_t r0 = *store.Revision();

  ASSERT_TRUE(store.RemoveBatch(visits, "eva").ok());
  EXPECT_GT(*store.Revision(), r0) << "a running server reloads";
  auto removed = Loaded(store);
  EXPECT_FALSE(removed.count("visits")) << "the batch's rows left the data";
  EXPECT_EQ(removed["phone_calls"], before.at("phone_calls"));
  BatchInfo b = Batch(store, visits);
  EXPECT_EQ(b.state, BatchState::kRemoved);
  EXPECT_EQ(b.removed_by, "eva");
  EXPECT_EQ(b.removed_at.size(), 19u) << b.removed_at;
  EXPECT_EQ(b.superseded_by, 0);
  EXPECT_EQ(std::string(BatchStateName(b.state)), "removed");
  EXPECT_NE(store.Export("visits", dir / "v.csv").code(), StatusCode::kOk) << "nothing of visits is active";
  EXPECT_TRUE(store.Check()->empty()) << "the trash is kept whole";
  // Removing it again says where it is.
  Status twice = store.RemoveBatch(visits, "eva");
  EXPECT_EQ(twice.code(), StatusCode::kDataError);
  EXPECT_EQ(twice.message(), "batch " + std::to_string(visits) + " was already removed (" + b.removed_at +
                                 ", by eva); it can be restored or purged");

  const int64_t r1 = *store.Revision();
  ASSERT_TRUE(store.RestoreBatch(visits, "eva").ok());
  EXPECT_GT(*store.Revision(), r1);
  EXPECT_EQ(Loaded(store), before) << "the same rows, in the same order";
  b = Batch(store, visits);
  EXPECT_EQ(b.state, BatchState::kActive);
  EXPECT_TRUE(b.removed_at.empty());
  Status active = store.RestoreBatch(visits, "eva");
  EXPECT_EQ(active.message(), "batch " + std::to_string(visits) +
                                  " is active; only a removed or replaced batch can be restored");
  EXPECT_EQ(store.RestoreBatch(99, "eva").code(), StatusCode::kNotFound);
  EXPECT_TRUE(store.Check()->empty());
  ExpectAuditWhole(dir / "nara.db");
  auto actions = AuditActions(dir / "nara.db");
  const std::string subject = "batch " + std::to_string(visits);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "remove " + subject), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "restore " + subject), actions.end());
}

// The incident of issue 13: a one-row correction imported with --supersede replaced a
// whole month's batch. The preview shows it beforehand; afterwards the old batch comes
// back once the correction is removed.
TEST(TrashTest, SupersedeIsPreviewedAndRestorable) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_q1.csv", Calls(1, 90, 30));              // 30 calls in each of January–March
  WriteFile(dir / "phone_calls_fix.csv", Calls(45, 45, 30, "answer"));  // one call of February
  ASSERT_TRUE(store.Import(dir / "phone_calls_q1.csv", "", std::nullopt, "anna").ok());
  const auto before = Loaded(store);
  ASSERT_TRUE(store.Checkpoint().ok());
  const std::string bytes = DatabaseBytes(dir / "nara.db");

  ImportRequest request{dir / "phone_calls_fix.csv", "", {1}, ""};
  auto preview = store.PreviewImport(request);
  ASSERT_TRUE(preview.ok()) << preview.status().message();
  EXPECT_EQ(preview->table, "phone_calls");
  EXPECT_EQ(preview->file_name, dir / "phone_calls_fix.csv");
  EXPECT_EQ(preview->batches_out, std::vector<int64_t>{1});
  EXPECT_EQ(preview->rows_out, 90);
  EXPECT_EQ(preview->rows_in, 1);
  EXPECT_EQ(preview->months_before, (std::vector<std::string>{"2024-01", "2024-02", "2024-03"}));
  EXPECT_EQ(preview->months_after, std::vector<std::string>{"2024-02"});
  ASSERT_EQ(preview->months.size(), 3u);
  EXPECT_EQ(preview->months[0].month, "2024-01");
  EXPECT_EQ(preview->months[0].rows_before, 30);
  EXPECT_EQ(preview->months[0].rows_after, 0);
  EXPECT_EQ(preview->months[1].rows_after, 1);
  const auto& ids = preview->indicators;
  EXPECT_NE(std::find(ids.begin(), ids.end(), "phone_same_day"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "visits_total"), ids.end()) << "visits are not phone calls";
  auto without = store.PreviewImport({dir / "phone_calls_fix.csv", "", {}, ""});
  EXPECT_EQ(without.status().code(), StatusCode::kDataError)
      << "without --supersede the key collides, as on import";
  auto remove_preview = store.PreviewRemove(1);
  ASSERT_TRUE(remove_preview.ok()) << remove_preview.status().message();
  EXPECT_EQ(remove_preview->rows_out, 90);
  EXPECT_EQ(remove_preview->rows_in, 0);
  EXPECT_TRUE(remove_preview->months_after.empty());
  EXPECT_EQ(remove_preview->indicators, ids);
  EXPECT_EQ(DatabaseBytes(dir / "nara.db"), bytes) << "a preview writes nothing";

  auto fixed = store.Import(dir / "phone_calls_fix.csv", "", 1, "anna");
  ASSERT_TRUE(fixed.ok()) << fixed.status().message();
  EXPECT_EQ(Loaded(store)["phone_calls"].size(), 1u);
  BatchInfo old = Batch(store, 1);
  EXPECT_EQ(old.state, BatchState::kSuperseded);
  EXPECT_EQ(old.superseded_by, 2);
  EXPECT_EQ(old.removed_by, "anna");

  // The replacement is active: it is removed first, deliberately.
  Status refused = store.RestoreBatch(1, "anna");
  EXPECT_EQ(refused.code(), StatusCode::kDataError);
  EXPECT_EQ(
      refused.message(),
      "batch 1 was replaced by batch 2, which is active: remove batch 2 first (it stays restorable), then "
      "restore batch 1");
  ASSERT_TRUE(store.RemoveBatch(2, "anna").ok());
  ASSERT_TRUE(store.RestoreBatch(1, "anna").ok());
  EXPECT_EQ(Loaded(store), before);
  // The correction's key is batch 1's again.
  Status collides = store.RestoreBatch(2, "anna");
  EXPECT_EQ(collides.message(),
            "the key (call_id 'c45') is held by active batch 1 (phone_calls_q1.csv)\n"
            "batch 2 was not restored; remove batch 1 first, whose rows have the same keys");
  ExpectAuditWhole(dir / "nara.db");
  auto actions = AuditActions(dir / "nara.db");
  for (const char* a : {"supersede batch 1", "import batch 2", "remove batch 2", "restore batch 1"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
  }
}

TEST(TrashTest, RestoreIsRefusedWhenItsKeysAreActiveAgain) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_jan.csv", Calls(1, 100));
  WriteFile(dir / "phone_calls_new.csv", Calls(90, 120));
  ASSERT_TRUE(store.Import(dir / "phone_calls_jan.csv", "", std::nullopt, "t").ok());
  ASSERT_TRUE(store.RemoveBatch(1, "t").ok());
  // With batch 1 in the trash its keys are free.
  ASSERT_TRUE(store.Import(dir / "phone_calls_new.csv", "", std::nullopt, "t").ok());
  ASSERT_TRUE(store.Checkpoint().ok());
  const std::string bytes = DatabaseBytes(dir / "nara.db");
  Status refused = store.RestoreBatch(1, "t");
  ASSERT_EQ(refused.code(), StatusCode::kDataError);
  std::string expected;
  for (int i = 90; i <= 99; ++i)
    expected +=
        "the key (call_id 'c" + std::to_string(i) + "') is held by active batch 2 (phone_calls_new.csv)\n";
  expected +=
      "… and 1 more rows whose keys active batches hold\n"
      "batch 1 was not restored; remove batch 2 first, whose rows have the same keys";
  EXPECT_EQ(refused.message(), expected);
  EXPECT_EQ(refused.problems().front().code, Msg::kStoreRestoreKeyHeld);
  EXPECT_EQ(DatabaseBytes(dir / "nara.db"), bytes) << "a refused restore writes nothing";
  EXPECT_EQ(Batch(store, 1).state, BatchState::kRemoved);
  // Once batch 2 is out of the way, batch 1 comes back.
  ASSERT_TRUE(store.RemoveBatch(2, "t").ok());
  ASSERT_TRUE(store.RestoreBatch(1, "t").ok());
}

TEST(TrashTest, PurgeDeletesForGood) {
  TempDir dir;
  Store store = NewStore(dir);
  WriteFile(dir / "phone_calls_a.csv", Calls(1, 10));
  WriteFile(dir / "phone_calls_b.csv", Calls(11, 20));
  WriteFile(dir / "phone_calls_c.csv", Calls(21, 30));
  for (const char* f : {"phone_calls_a.csv", "phone_calls_b.csv", "phone_calls_c.csv"})
    ASSERT_TRUE(store.Import(dir / f, "", std::nullopt, "t").ok());
  ASSERT_TRUE(store.RemoveBatch(1, "t").ok());
  ASSERT_TRUE(store.RemoveBatch(2, "t").ok());
  // The same bytes again are the trashed batch's: restore it, or purge it first.
  Status same = store.Import(dir / "phone_calls_a.csv", "", std::nullopt, "t").status();
  EXPECT_EQ(same.code(), StatusCode::kDataError);
  EXPECT_NE(same.message().find("the file has the same bytes as batch 1, which is in the trash"),
            std::string::npos)
      << same.message();
  // An active batch is never purged, and a refused purge deletes nothing.
  auto active = store.PurgeBatches({{1, 3}, ""}, "t");
  EXPECT_EQ(active.status().message(),
            "batch 3 is active and is not purged; remove it first (a purge cannot be undone)");
  EXPECT_EQ(store.PurgeBatches({{7}, ""}, "t").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.PurgeBatches({{}, ""}, "t").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.Batches()->size(), 3u);

  const int64_t r0 = *store.Revision();
  auto purged = store.PurgeBatches({{1}, ""}, "t");
  ASSERT_TRUE(purged.ok()) << purged.status().message();
  ASSERT_EQ(purged->size(), 1u);
  EXPECT_EQ(purged->front().id, 1);
  EXPECT_EQ(purged->front().state, BatchState::kRemoved) << "as it was";
  EXPECT_EQ(*store.Revision(), r0) << "nothing Load reads changed";
  EXPECT_EQ(store.RestoreBatch(1, "t").code(), StatusCode::kNotFound) << "gone for good";
  // By age: nothing trashed before 2000; everything trashed until the end of time.
  EXPECT_TRUE(store.PurgeBatches({{}, "2000-01-01 00:00:00"}, "t")->empty());
  auto old = store.PurgeBatches({{}, "9999-12-31 23:59:59"}, "t");
  ASSERT_TRUE(old.ok());
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ(old->front().id, 2);
  auto left = store.Batches();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().id, 3);
  EXPECT_TRUE(store.Check()->empty()) << "no blocks or key index left behind";
  // The file is a new batch now.
  auto again = store.Import(dir / "phone_calls_a.csv", "", std::nullopt, "t");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->batch_id, 4);
  ExpectAuditWhole(dir / "nara.db");
  auto actions = AuditActions(dir / "nara.db");
  EXPECT_NE(std::find(actions.begin(), actions.end(), "purge batch 1"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "purge batch 2"), actions.end());
}

// A units.csv batch in the trash brings its tree back when restored, and only when no
// other tree from a file is in force and its tree places every active row.
TEST(TrashTest, UnitsBatchRestoresItsTree) {
  TempDir dir;
  Store store = NewStore(dir);
  const std::string header =
      "unit_id,name,parent_id,kind,municipality_code,ownership,valid_from,valid_to,lat,lon\n";
  WriteFile(dir / "units.csv", header +
                                   "r,Region,,region,,public,2015-01-01,,,\n"
                                   "hc1,Hälsocentral 1,r,health_centre,1380,public,2015-01-01,,,\n");
  WriteFile(dir / "units_2.csv", header +
                                     "r,Region,,region,,public,2015-01-01,,,\n"
                                     "hc2,Hälsocentral 2,r,health_centre,1380,public,2015-01-01,,,\n");
  WriteFile(dir / "phone_calls.csv",
            std::string("call_id,unit_id,received_at,in_opening_hours,topic,handled_at,"
                        "handled_by\nc1,hc1,2024-01-02 08:00,ja,advice,,\n"));
  ASSERT_TRUE(store.Import(dir / "units.csv", "", std::nullopt, "t").ok());    // batch 1
  ASSERT_TRUE(store.Import(dir / "units_2.csv", "", std::nullopt, "t").ok());  // batch 2 supersedes 1
  EXPECT_EQ(Batch(store, 1).state, BatchState::kSuperseded);
  EXPECT_EQ(Batch(store, 1).superseded_by, 2);
  EXPECT_NE(store.Tree()->Find("hc2"), -1);
  Status refused = store.RestoreBatch(1, "t");
  EXPECT_NE(refused.message().find("remove batch 2 first"), std::string::npos) << refused.message();
  ASSERT_TRUE(store.RemoveBatch(2, "t").ok());
  EXPECT_GT(store.Tree()->size(), 50) << "back to units.toml";
  ASSERT_TRUE(store.RestoreBatch(1, "t").ok());
  EXPECT_EQ(store.Tree()->size(), 2);
  EXPECT_NE(store.Tree()->Find("hc1"), -1);
  EXPECT_EQ((*store.CurrentConfig())->units_batch, 1);
  ASSERT_TRUE(store.Import(dir / "phone_calls.csv", "", std::nullopt, "t").ok());
  // Batch 2's tree does not know hc1, which an active row names.
  ASSERT_TRUE(store.RemoveBatch(1, "t").code() == StatusCode::kDataError) << "units.toml does not know hc1";
}

// A store written by a nara of format 3 (before the trash) is brought to format 4 when
// opened: its batches are active, and can then be removed and restored.
TEST(TrashTest, AnOlderStoreIsMigrated) {
  TempDir dir;
  {
    Store store = NewStore(dir);
    ASSERT_TRUE(store.Import(Example("phone_calls"), "", std::nullopt, "anna").ok());
  }
  // Format 3's batches table, as that nara made it.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "nara.db").c_str(), &raw), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(raw, R"sql(
    PRAGMA foreign_keys = OFF;
    BEGIN;
    CREATE TABLE old_batches(
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      table_name TEXT NOT NULL,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      period_from TEXT NOT NULL,
      period_to TEXT NOT NULL,
      loaded_at TEXT NOT NULL,
      loaded_by TEXT NOT NULL,
      config_version INTEGER NOT NULL REFERENCES config_versions(version),
      supersedes TEXT NOT NULL,
      UNIQUE(table_name, sha256));
    INSERT INTO old_batches SELECT id, table_name, file_name, sha256, bytes, rows, period_from, period_to,
      loaded_at, loaded_by, config_version, supersedes FROM batches;
    DROP TABLE batches;
    ALTER TABLE old_batches RENAME TO batches;
    CREATE INDEX batches_by_table ON batches(table_name, id);
    PRAGMA user_version = 3;
    COMMIT;
  )sql",
                        nullptr, nullptr, &error);
  ASSERT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_close(raw);

  auto store = Store::Open(dir / "nara.db", false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  sqlite3* check = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "nara.db").c_str(), &check), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(check, "PRAGMA user_version", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 4);
  sqlite3_finalize(s);
  sqlite3_close(check);
  const auto before = Loaded(*store);
  EXPECT_EQ(before.at("phone_calls").size(), 9218u);
  EXPECT_EQ(Batch(*store, 1).state, BatchState::kActive);
  ASSERT_TRUE(store->RemoveBatch(1, "anna").ok());
  EXPECT_FALSE(Loaded(*store).count("phone_calls"));
  ASSERT_TRUE(store->RestoreBatch(1, "anna").ok());
  EXPECT_EQ(Loaded(*store), before);
  EXPECT_TRUE(store->Check()->empty());
  ExpectAuditWhole(dir / "nara.db");
}

}  // namespace
}  // namespace nara::store
