// The store itself: opening a database (its schema and format), the journal, reading
// batches back, listing batches, Revision and Check. Configuration versions are in
// store_config.cc, import in store_import.cc, Load and Export in store_load.cc, the
// trash (remove, restore, purge, previews) in store_trash.cc; store_impl.h holds what
// they share.
#include "nara/store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/store/column_block.h"
#include "nara/store/key_hash.h"
#include "nara/store/sqlite.h"
#include "nara/store/store_impl.h"

namespace nara::store {

using internal::Now;

namespace {

// 'nara' in PRAGMA application_id; user_version is the schema's format.
constexpr int64_t kApplicationId = 0x6E617261;
// Format 2 added the audit trail and the access tables (users, tokens), format 3 the
// issued reports, format 4 the trash (a batch's state: superseded and removed batches
// are kept, restorable); an older store gets what it lacks when it is opened.
constexpr int64_t kFormat = 4;

// Large pages keep a column block's BLOB in few overflow pages: loading reads fewer,
// bigger pages (bench/store_bench.cc).
constexpr const char* kCreate = R"sql(
PRAGMA page_size = 65536;
PRAGMA journal_mode = WAL;
)sql";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The configuration, versioned: the three TOML files as text; a units.csv import
-- keeps them and puts its own tree in force (units_csv).
CREATE TABLE config_versions(
  version INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  source TEXT NOT NULL,
  units_toml TEXT NOT NULL,
  plans_toml TEXT NOT NULL,
  indicators_toml TEXT NOT NULL,
  units_csv TEXT,
  units_batch INTEGER,
  sha256 TEXT NOT NULL);
-- One row per imported file. AUTOINCREMENT: a purged batch's id is never reused.
-- Its state, who took it out of the data and when: AddTrashColumns.
CREATE TABLE batches(
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
CREATE INDEX batches_by_table ON batches(table_name, id);
-- A batch's values: one block per contract column (column_block.h). The dictionary
-- comes before the data so reading it does not walk the data's overflow pages.
CREATE TABLE blocks(
  batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  dictionary BLOB,
  data BLOB NOT NULL,
  PRIMARY KEY(batch_id, position));
-- A batch's keys: their 64-bit hashes sorted (key_hash.h), the row of each, and the
-- file line of each row.
CREATE TABLE batch_keys(
  batch_id INTEGER PRIMARY KEY REFERENCES batches(id) ON DELETE CASCADE,
  hashes BLOB NOT NULL,
  rows BLOB NOT NULL,
  lines BLOB NOT NULL);
-- What was done, by whom: imports, supersessions, removals, restores,
-- configuration versions.
CREATE TABLE journal(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  action TEXT NOT NULL,
  batch_id INTEGER,
  detail TEXT NOT NULL);
)sql";

std::vector<int64_t> SplitIds(std::string_view s) {
  std::vector<int64_t> ids;
  for (std::string_view part : Split(s, ',')) {
    if (!part.empty()) ids.push_back(std::strtoll(std::string(part).c_str(), nullptr, 10));
  }
  return ids;
}

// Decodes one block into a store-form column of `schema`'s type.
Status DecodeColumn(const ColumnSchema& schema, std::string_view data, std::string_view dictionary,
                    Column* out) {
  NARA_ASSIGN_OR_RETURN(size_t n, BlockCount(data));
  out->type = schema.type;
  switch (schema.type) {
    case ColumnType::kBool:
    case ColumnType::kEnum:
      out->u8.resize(n);
      return DecodeU8(data, out->u8.data());
    case ColumnType::kInt:
    case ColumnType::kInstant:
      out->i64.resize(n);
      return DecodeInts(data, engine::kNullI64, out->i64.data());
    case ColumnType::kReal:
      out->f64.resize(n);
      return DecodeF64(data, out->f64.data());
    case ColumnType::kDate:
    case ColumnType::kMonth:
    case ColumnType::kYear:
      out->i32.resize(n);
      return DecodeInts(data, engine::kNullI32, out->i32.data());
    case ColumnType::kText:
    case ColumnType::kUnit: {
      out->i32.resize(n);
      NARA_RETURN_IF_ERROR(DecodeInts(data, engine::kNullText, out->i32.data()));
      NARA_ASSIGN_OR_RETURN(auto dict, DecodeDictionary(dictionary));
      out->dictionary.assign(dict.begin(), dict.end());
      for (int32_t v : out->i32) {
        if (v != engine::kNullText && (v < 0 || static_cast<size_t>(v) >= dict.size())) {
          return Status::Internal("stored text code out of range");
        }
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// Format 4: a batch is active, superseded or removed ('active', 'superseded',
// 'removed'); one in the trash keeps its blocks and key index, and records which batch
// replaced it and when and by whom it left the data. Every query that reads the data
// (Load, Export, key checks, the tree's check of stored rows) takes active batches only.
Status AddTrashColumns(Database& db) {
  NARA_ASSIGN_OR_RETURN(
      int64_t has, db.QueryInt("SELECT count(*) FROM pragma_table_info('batches') WHERE name = 'state'"));
  if (has) return Status::Ok();
  return db.Exec(
      "ALTER TABLE batches ADD COLUMN state TEXT NOT NULL DEFAULT 'active' "
      "CHECK(state IN ('active', 'superseded', 'removed'));"
      "ALTER TABLE batches ADD COLUMN superseded_by INTEGER;"
      "ALTER TABLE batches ADD COLUMN removed_at TEXT;"
      "ALTER TABLE batches ADD COLUMN removed_by TEXT;");
}

std::array<int64_t, 2> StampOf(const struct stat& st) {
  return {int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec, static_cast<int64_t>(st.st_size)};
}

}  // namespace

namespace internal {

const char* const kBatchColumns =
    "SELECT id, table_name, file_name, sha256, bytes, rows, period_from, period_to, loaded_at, loaded_by, "
    "config_version, supersedes, state, superseded_by, removed_at, removed_by FROM batches";

BatchInfo ReadBatchInfo(const Statement& s) {
  BatchInfo b;
  b.id = s.Int(0);
  b.table = s.Text(1);
  b.file_name = s.Text(2);
  b.sha256 = s.Text(3);
  b.bytes = s.Int(4);
  b.rows = s.Int(5);
  b.period_from = s.Text(6);
  b.period_to = s.Text(7);
  b.loaded_at = s.Text(8);
  b.loaded_by = s.Text(9);
  b.config_version = s.Int(10);
  b.supersedes = SplitIds(s.Text(11));
  std::string_view state = s.Text(12);
  b.state = state == "superseded" ? BatchState::kSuperseded
            : state == "removed"  ? BatchState::kRemoved
                                  : BatchState::kActive;
  b.superseded_by = s.IsNull(13) ? 0 : s.Int(13);
  b.removed_at = s.Text(14);
  b.removed_by = s.Text(15);
  return b;
}

std::string Now() {
  auto now = std::chrono::system_clock::now();
  return FormatLocalDateTime(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

// A value for a message, as the reader quotes values: '…', cut after 40 characters.
std::string Show(std::string_view v) {
  constexpr size_t kMax = 40;
  if (v.size() <= kMax) return "'" + std::string(v) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(v.substr(0, cut)) + "…'";
}

}  // namespace internal

// --- Store::Impl: the connection, the journal, reading batches back ------------------------

Store::Impl::~Impl() {
  if (wal_fd >= 0) ::close(wal_fd);
}

// The modification time and size of the file a commit writes: the WAL, or the
// database file in another journal mode; zeros while it does not exist.
std::array<int64_t, 2> Store::Impl::CommitFileStamp() {
  struct stat st;
  if (!wal_mode) {
    auto query = db.Prepare("PRAGMA journal_mode");
    bool wal = false;
    if (query.ok()) {
      auto row = query->Step();
      wal = row.ok() && *row && AsciiLower(query->Text(0)) == "wal";
    }
    wal_mode = wal;
  }
  if (!*wal_mode) return ::stat(db.path().c_str(), &st) == 0 ? StampOf(st) : std::array<int64_t, 2>{};
  if (wal_fd >= 0 && (::fstat(wal_fd, &st) != 0 || st.st_nlink == 0)) {  // removed (and made anew)
    ::close(wal_fd);
    wal_fd = -1;
  }
  if (wal_fd < 0) {
    wal_fd = ::open((db.path() + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    if (wal_fd < 0 || ::fstat(wal_fd, &st) != 0) return {};
  }
  return StampOf(st);
}

Status Store::Impl::Journal(const std::string& user, std::string_view action, int64_t batch,
                            const std::string& detail) {
  seen_data_version = -1;
  NARA_RETURN_IF_ERROR(AppendAudit(db, Actor{user, client}, std::string(action),
                                   batch ? "batch " + std::to_string(batch) : std::string(), detail));
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db.Prepare("INSERT INTO journal(at, by, action, batch_id, detail) VALUES(?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, Now()).Bind(2, user).Bind(3, action).Bind(5, detail);
  if (batch) {
    s.Bind(4, batch);
  } else {
    s.BindNull(4);
  }
  return s.Run();
}

// The store-form columns `positions` of a batch (others left empty).
StatusOr<Table> Store::Impl::ReadBatch(int64_t batch, const TableSchema& schema,
                                       const std::vector<int>& positions) {
  Table t = Table::Empty(schema);
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db.Prepare("SELECT position, dictionary, data FROM blocks WHERE batch_id = ?1 ORDER BY position"));
  s.Bind(1, batch);
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    int p = static_cast<int>(s.Int(0));
    if (p < 0 || static_cast<size_t>(p) >= schema.columns.size())
      return Status::Internal("stored block out of range");
    if (std::find(positions.begin(), positions.end(), p) == positions.end()) continue;
    NARA_RETURN_IF_ERROR(DecodeColumn(schema.columns[static_cast<size_t>(p)], s.Blob(2), s.Blob(1),
                                      &t.columns[static_cast<size_t>(p)]));
    t.rows = t.columns[static_cast<size_t>(p)].size();
  }
  return t;
}

std::vector<int> Store::Impl::AllPositions(const TableSchema& schema) {
  std::vector<int> p(schema.columns.size());
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<int>(i);
  return p;
}

std::vector<int> Store::Impl::KeyPositions(const TableSchema& schema) {
  std::vector<int> p;
  for (const std::string& k : schema.key) p.push_back(schema.Find(k));
  return p;
}

StatusOr<std::vector<Store::Impl::StoredBatch>> Store::Impl::BatchesOf(std::string_view table,
                                                                       bool with_trash) {
  std::string sql = "SELECT id, table_name, file_name, rows FROM batches WHERE ";
  sql += table.empty() ? "1" : "table_name = ?1";
  if (!with_trash) sql += " AND state = 'active'";
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql + " ORDER BY id"));
  if (!table.empty()) s.Bind(1, table);
  std::vector<StoredBatch> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)), s.Int(3)});
  }
  return out;
}

StatusOr<std::vector<int32_t>> Store::Impl::LinesOf(int64_t batch) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT lines FROM batch_keys WHERE batch_id = ?1"));
  s.Bind(1, batch);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Internal("batch " + std::to_string(batch) + " has no key index");
  return FromBytes<int32_t>(s.Blob(0));
}

StatusOr<std::optional<BatchInfo>> Store::Impl::BatchById(int64_t id) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string(internal::kBatchColumns) + " WHERE id = ?1"));
  s.Bind(1, id);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<BatchInfo>();
  return std::optional<BatchInfo>(internal::ReadBatchInfo(s));
}

Status Store::Impl::DeleteBatch(int64_t id) {
  for (const char* sql :
       {"DELETE FROM blocks WHERE batch_id = ?1", "DELETE FROM batch_keys WHERE batch_id = ?1",
        "DELETE FROM batches WHERE id = ?1"}) {
    NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(1, id);
    NARA_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

// --- Store ---------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->db.path(); }

const char* BatchStateName(BatchState state) {
  switch (state) {
    case BatchState::kActive:
      return "active";
    case BatchState::kSuperseded:
      return "superseded";
    case BatchState::kRemoved:
      return "removed";
  }
  return "active";
}

void Store::SetClient(std::string client) { impl_->client = std::move(client); }

namespace {

// Brings a store of an earlier format to this one: the tables added since, in one
// transaction (another process may be doing the same: the format is read again
// under the lock).
Status Upgrade(Database& db) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(int64_t format, db.QueryInt("PRAGMA user_version"));
  if (format >= kFormat) return Status::Ok();
  NARA_RETURN_IF_ERROR(CreateAuditTable(db));
  NARA_RETURN_IF_ERROR(CreateAccessTables(db));
  NARA_RETURN_IF_ERROR(CreateReportTables(db));
  NARA_RETURN_IF_ERROR(AddTrashColumns(db));
  NARA_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(kFormat) + ";"));
  return txn.Commit();
}

}  // namespace

StatusOr<Store> Store::Open(const std::string& path, bool create) {
  NARA_ASSIGN_OR_RETURN(Database db, Database::Open(path, create));
  NARA_ASSIGN_OR_RETURN(int64_t objects, db.QueryInt("SELECT count(*) FROM sqlite_schema"));
  if (objects == 0) {
    if (!create) return Status::DataError(path + ": an empty database, not a nara store");
    NARA_RETURN_IF_ERROR(db.Exec(kCreate));
    NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db, Transaction::Kind::kWrite));
    // Another process may have created it while this one waited for the lock.
    NARA_ASSIGN_OR_RETURN(int64_t now, db.QueryInt("SELECT count(*) FROM sqlite_schema"));
    if (now == 0) {
      NARA_RETURN_IF_ERROR(db.Exec(kSchema));
      NARA_RETURN_IF_ERROR(AddTrashColumns(db));
      NARA_RETURN_IF_ERROR(CreateAuditTable(db));
      NARA_RETURN_IF_ERROR(CreateAccessTables(db));
      NARA_RETURN_IF_ERROR(CreateReportTables(db));
      NARA_RETURN_IF_ERROR(db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId) +
                                   "; PRAGMA user_version = " + std::to_string(kFormat) + ";"));
      NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("INSERT INTO meta(key, value) VALUES('created_at', ?1), "
                                                    "('key_hash', ?2)"));
      s.Bind(1, Now()).Bind(2, std::to_string(kKeyHashVersion));
      NARA_RETURN_IF_ERROR(s.Run());
    }
    NARA_RETURN_IF_ERROR(txn.Commit());
  }
  NARA_ASSIGN_OR_RETURN(int64_t app, db.QueryInt("PRAGMA application_id"));
  NARA_ASSIGN_OR_RETURN(int64_t format, db.QueryInt("PRAGMA user_version"));
  if (app != kApplicationId)
    return Status::DataError(path + ": not a nara store (a SQLite database of something else)");
  if (format > kFormat) {
    return Status::DataError(path + ": written by a newer nara (store format " + std::to_string(format) +
                             ")");
  }
  if (format < kFormat) NARA_RETURN_IF_ERROR(Upgrade(db));
  NARA_RETURN_IF_ERROR(
      db.Exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
              "PRAGMA cache_size = -65536;"));
  return Store(std::make_unique<Impl>(std::move(db)));
}

StatusOr<std::vector<BatchInfo>> Store::Batches() {
  NARA_ASSIGN_OR_RETURN(Statement s,
                        impl_->db.Prepare(std::string(internal::kBatchColumns) + " ORDER BY id"));
  std::vector<BatchInfo> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(internal::ReadBatchInfo(s));
  }
  return out;
}

StatusOr<int64_t> Store::Revision() {
  Impl& m = *impl_;
  // A commit by anyone writes the WAL (or, without one, the database file), so while
  // it did not change since the last query there is nothing new, and one fstat()
  // replaces a read transaction. File times are coarse (a clock tick) and a writer
  // may finish its commit a moment after its last write, so that shortcut is taken
  // only for a file last written well before the last query.
  int64_t now = 0;
  if (m.clock) {
    now = m.clock();
  } else {
    timespec now_ts;
    ::clock_gettime(CLOCK_REALTIME, &now_ts);
    now = int64_t{now_ts.tv_sec} * 1000000000 + now_ts.tv_nsec;
  }
  std::array<int64_t, 2> file = m.CommitFileStamp();
  constexpr int64_t kSettled = 1000000000;  // 1 s
  if (m.seen_data_version >= 0 && file == m.seen_file && file[0] < m.seen_file_at - kSettled) {
    return m.revision;
  }
  m.seen_file = file;
  m.seen_file_at = now;
  // data_version moves only when another connection commits (comments, say, or an
  // import elsewhere); then the journal tells whether batches or configuration changed.
  NARA_ASSIGN_OR_RETURN(int64_t data_version, m.db.QueryInt("PRAGMA data_version"));
  if (data_version != m.seen_data_version) {
    NARA_ASSIGN_OR_RETURN(m.revision, m.db.QueryInt("SELECT coalesce(max(id), 0) FROM journal"));
    m.seen_data_version = data_version;
  }
  return m.revision;
}

void Store::SetClock(std::function<int64_t()> realtime_ns) { impl_->clock = std::move(realtime_ns); }

StatusOr<std::vector<std::string>> Store::Check() {
  Impl& m = *impl_;
  std::vector<std::string> problems;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
  {
    NARA_ASSIGN_OR_RETURN(Statement s, m.db.Prepare("PRAGMA integrity_check"));
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (s.Text(0) != "ok") problems.push_back("integrity: " + std::string(s.Text(0)));
    }
  }
  {
    NARA_ASSIGN_OR_RETURN(Statement s, m.db.Prepare("PRAGMA foreign_key_check"));
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) problems.push_back("foreign keys: a row of " + std::string(s.Text(0)) + " points nowhere");
  }
  NARA_ASSIGN_OR_RETURN(auto batches, m.BatchesOf("", /*with_trash=*/true));  // the trash is restorable
  for (const Impl::StoredBatch& b : batches) {
    std::string name = "batch " + std::to_string(b.id) + " (" + b.table + "): ";
    const TableSchema* schema = ingest::FindContractTable(b.table);
    if (schema == nullptr) {
      problems.push_back(name + "unknown table");
      continue;
    }
    NARA_ASSIGN_OR_RETURN(
        Statement s, m.db.Prepare("SELECT position, data FROM blocks WHERE batch_id = ?1 ORDER BY position"));
    s.Bind(1, b.id);
    size_t blocks = 0;
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ++blocks;
      auto n = BlockCount(s.Blob(1));
      if (!n.ok() || static_cast<int64_t>(*n) != b.rows) {
        problems.push_back(name + "column " + std::to_string(s.Int(0)) + " does not hold " +
                           std::to_string(b.rows) + " rows");
      }
    }
    if (blocks != schema->columns.size()) {
      problems.push_back(name + std::to_string(blocks) + " column blocks for " +
                         std::to_string(schema->columns.size()) + " columns");
    }
    NARA_ASSIGN_OR_RETURN(
        Statement k,
        m.db.Prepare(
            "SELECT length(hashes), length(rows), length(lines) FROM batch_keys WHERE batch_id = ?1"));
    k.Bind(1, b.id);
    NARA_ASSIGN_OR_RETURN(bool has_keys, k.Step());
    if (!has_keys || k.Int(0) != 8 * b.rows || k.Int(1) != 4 * b.rows || k.Int(2) != 4 * b.rows) {
      problems.push_back(name + "key index missing or not as long as the batch");
    }
  }
  NARA_ASSIGN_OR_RETURN(
      int64_t orphans,
      m.db.QueryInt("SELECT (SELECT count(*) FROM blocks WHERE batch_id NOT IN (SELECT id FROM batches)) + "
                    "(SELECT count(*) FROM batch_keys WHERE batch_id NOT IN (SELECT id FROM batches))"));
  if (orphans) problems.push_back(std::to_string(orphans) + " blocks or key indexes without a batch");
  NARA_RETURN_IF_ERROR(txn.Commit());
  return problems;
}

Status Store::Checkpoint() { return impl_->db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace nara::store
