#include "nara/store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/store/canonical.h"
#include "nara/store/column_block.h"
#include "nara/store/csv_layout.h"
#include "nara/store/key_hash.h"
#include "nara/store/sha256.h"
#include "nara/store/sqlite.h"

namespace nara::store {

namespace fs = std::filesystem;
using engine::Column;
using engine::ColumnSchema;
using engine::ColumnType;
using engine::Table;
using engine::TableSchema;

namespace {

// 'nara' in PRAGMA application_id; user_version is the schema's format.
constexpr int64_t kApplicationId = 0x6E617261;
constexpr int64_t kFormat = 1;
constexpr size_t kMaxListed = 10;  // collisions and misplaced rows named in one message

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
-- One row per imported file. AUTOINCREMENT: a removed batch's id is never reused.
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
-- What was done, by whom: imports, supersessions, removals, configuration versions.
CREATE TABLE journal(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  action TEXT NOT NULL,
  batch_id INTEGER,
  detail TEXT NOT NULL);
)sql";

std::string Now() {
  auto now = std::chrono::system_clock::now();
  return FormatLocalDateTime(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

std::vector<int64_t> SplitIds(std::string_view s) {
  std::vector<int64_t> ids;
  for (std::string_view part : Split(s, ',')) {
    if (!part.empty()) ids.push_back(std::strtoll(std::string(part).c_str(), nullptr, 10));
  }
  return ids;
}

// A value for a message, as the reader quotes values: '…', cut after 40 characters.
std::string Show(std::string_view v) {
  constexpr size_t kMax = 40;
  if (v.size() <= kMax) return "'" + std::string(v) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(v.substr(0, cut)) + "…'";
}

std::string FileName(std::string_view path) { return fs::path(std::string(path)).filename().string(); }

// Length-prefixed, so no two different sets of texts hash alike.
std::string ConfigSha(const std::string& units, const std::string& plans, const std::string& indicators,
                      const std::optional<std::string>& units_csv) {
  std::string all;
  for (const std::string* s : {&units, &plans, &indicators}) all += std::to_string(s->size()) + ":" + *s;
  if (units_csv) all += "csv" + std::to_string(units_csv->size()) + ":" + *units_csv;
  return Sha256Hex(all);
}

// --- store form ---------------------------------------------------------------------
// Tables as the store handles them: unit columns hold codes into a dictionary of unit
// ids, like text columns (canonical.h).

void ToStoreForm(Table* table, const model::OrgTree& tree) {
  for (size_t c = 0; c < table->columns.size(); ++c) {
    if (table->schema->columns[c].type != ColumnType::kUnit) continue;
    Column& col = table->columns[c];
    std::vector<int32_t> code_of(static_cast<size_t>(tree.size()), -1);
    col.dictionary.clear();
    for (int32_t& v : col.i32) {
      int32_t& code = code_of[static_cast<size_t>(v)];
      if (code < 0) {
        code = static_cast<int32_t>(col.dictionary.size());
        col.dictionary.push_back(tree.id(v));
      }
      v = code;
    }
  }
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

// The day span a row's date value stands for (the reader's rule for unit validity).
struct DaySpan {
  Days first = kNullDays;
  Days last = kNullDays;
};

DaySpan SpanOf(const Column& c, size_t row) {
  switch (c.type) {
    case ColumnType::kInstant: {
      if (c.i64[row] == engine::kNullI64) return {};
      Days d = LocalDay(c.i64[row]);
      return {d, d};
    }
    case ColumnType::kMonth: {
      if (c.i32[row] == engine::kNullI32) return {};
      Days d = FirstDayOfMonth(c.i32[row]);
      return {d, d};
    }
    case ColumnType::kYear:
      if (c.i32[row] == engine::kNullI32) return {};
      return {DaysFromCivil(c.i32[row], 1, 1), DaysFromCivil(c.i32[row], 12, 31)};
    case ColumnType::kDate:
      if (c.i32[row] == engine::kNullI32) return {};
      return {c.i32[row], c.i32[row]};
    default:
      return {};
  }
}

// The column that places a batch in time, for its period: the table's date column,
// else population's year and the tree's valid_from.
int PeriodColumn(const TableSchema& schema) {
  if (!schema.date_column.empty()) return schema.Find(schema.date_column);
  if (schema.name == "population") return schema.Find("year");
  if (schema.name == "units") return schema.Find("valid_from");
  return -1;
}

std::pair<std::string, std::string> PeriodOf(const Table& t) {
  int c = PeriodColumn(*t.schema);
  if (c < 0) return {};
  const Column& col = t.columns[static_cast<size_t>(c)];
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t r = 0; r < t.rows; ++r) {
    int64_t v;
    if (col.type == ColumnType::kInstant) {
      if (col.i64[r] == engine::kNullI64) continue;
      v = LocalDay(col.i64[r]);
    } else {
      if (col.i32[r] == engine::kNullI32) continue;
      v = col.i32[r];
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return {};
  auto text = [&](int64_t v) {
    switch (col.type) {
      case ColumnType::kMonth:
        return FormatMonth(static_cast<Month>(v));
      case ColumnType::kYear:
        return std::to_string(v);
      default:
        return FormatDate(static_cast<Days>(v));
    }
  };
  return {text(lo), text(hi)};
}

// "visit_id 'V1'" / "unit_id 'vc_a', date '2024-01-02'", for messages.
std::string KeyText(const TableSchema& schema, const Table& t, size_t row) {
  std::string s;
  for (const std::string& name : schema.key) {
    int c = schema.Find(name);
    std::string v;
    AppendCanonical(schema.columns[static_cast<size_t>(c)], t.columns[static_cast<size_t>(c)], row, false,
                    &v);
    s += (s.empty() ? "" : ", ") + name + " " + Show(v);
  }
  return s;
}

bool SameKey(const TableSchema& schema, const Table& a, size_t ra, const Table& b, size_t rb) {
  for (const std::string& name : schema.key) {
    int c = schema.Find(name);
    std::string va, vb;
    AppendCanonical(schema.columns[static_cast<size_t>(c)], a.columns[static_cast<size_t>(c)], ra, false,
                    &va);
    AppendCanonical(schema.columns[static_cast<size_t>(c)], b.columns[static_cast<size_t>(c)], rb, false,
                    &vb);
    if (va != vb) return false;
  }
  return true;
}

int FirstKeyColumn(const TableSchema& schema) {
  return schema.key.empty() ? 0 : schema.Find(schema.key.front());
}

// A temporary folder, removed with everything in it when this goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "nara-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status WriteText(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::IoError(path + ": cannot write");
  return Status::Ok();
}

}  // namespace

const TableSchema* TableForFile(std::string_view path) {
  std::string stem = AsciiLower(fs::path(std::string(path)).stem().string());
  if (const TableSchema* exact = ingest::FindContractTable(stem)) return exact;
  const TableSchema* best = nullptr;
  for (const TableSchema& t : ingest::ContractTables()) {
    if (stem.size() > t.name.size() && stem.compare(0, t.name.size(), t.name) == 0 &&
        std::string_view("_-. ").find(stem[t.name.size()]) != std::string_view::npos &&
        (best == nullptr || t.name.size() > best->name.size())) {
      best = &t;
    }
  }
  return best;
}

// ======================================================================================

struct Store::Impl {
  Database db;
  // The tree of a configuration version, parsed once.
  int64_t tree_version = -1;
  model::OrgTree tree;
  // Revision(): SQLite's data_version when the journal was last read, and what it
  // said. This connection's own writes do not move data_version, so Journal() forgets it.
  int64_t seen_data_version = -1;
  int64_t revision = 0;
  // What the file every commit writes looked like (modification time in ns, size) at
  // the last data_version query, and when that query was made (CLOCK_REALTIME, ns).
  std::array<int64_t, 2> seen_file{};
  int64_t seen_file_at = 0;
  // In WAL mode (nara's stores are) every commit writes the WAL, which is held open so
  // that looking at it is an fstat() without a path lookup. No lock of SQLite's is on
  // that file, so this descriptor's close cannot release one (POSIX drops a process's
  // locks on a file when any of its descriptors closes).
  std::optional<bool> wal_mode;
  int wal_fd = -1;

  explicit Impl(Database d) : db(std::move(d)) {}
  ~Impl() {
    if (wal_fd >= 0) ::close(wal_fd);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  static std::array<int64_t, 2> StampOf(const struct stat& st) {
    return {int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec, static_cast<int64_t>(st.st_size)};
  }

  // The modification time and size of the file a commit writes: the WAL, or the
  // database file in another journal mode; zeros while it does not exist.
  std::array<int64_t, 2> CommitFileStamp() {
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

  // --- configuration ------------------------------------------------------------------

  struct ConfigRow {
    ConfigVersion info;
    std::string units_toml, plans_toml, indicators_toml;
    std::optional<std::string> units_csv;
  };

  StatusOr<std::optional<ConfigRow>> CurrentConfigRow() {
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        db.Prepare(
            "SELECT version, created_at, created_by, source, sha256, units_batch, units_toml, plans_toml, "
            "indicators_toml, units_csv FROM config_versions ORDER BY version DESC LIMIT 1"));
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ConfigRow>();
    ConfigRow c;
    c.info.version = s.Int(0);
    c.info.created_at = s.Text(1);
    c.info.created_by = s.Text(2);
    c.info.source = s.Text(3);
    c.info.sha256 = s.Text(4);
    c.info.units_batch = s.IsNull(5) ? 0 : s.Int(5);
    c.units_toml = s.Text(6);
    c.plans_toml = s.Text(7);
    c.indicators_toml = s.Text(8);
    if (!s.IsNull(9)) c.units_csv = std::string(s.Text(9));
    return std::optional<ConfigRow>(std::move(c));
  }

  // The tree a configuration row puts in force.
  StatusOr<model::OrgTree> TreeOf(const ConfigRow& c) {
    std::string where = db.path() + "[v" + std::to_string(c.info.version) + "]";
    if (c.units_csv) {
      NARA_ASSIGN_OR_RETURN(auto versions, ingest::ReadUnits(where + "/units.csv", *c.units_csv));
      return model::OrgTree::Build(std::move(versions));
    }
    return TomlTree(c.units_toml, where);
  }

  static StatusOr<model::OrgTree> TomlTree(const std::string& text, const std::string& where) {
    TempDir dir;
    if (dir.path().empty()) return Status::IoError("cannot create a temporary folder");
    NARA_RETURN_IF_ERROR(WriteText(dir.path() + "/units.toml", text));
    std::vector<model::Problem> problems;
    auto versions = model::LoadUnitsToml(dir.path() + "/units.toml", &problems);
    if (!problems.empty()) {
      std::string m = where + "/units.toml: the stored tree does not load:";
      for (const auto& p : problems) m += "\n  " + p.ToString();
      return Status::DataError(m);
    }
    return model::OrgTree::Build(std::move(versions));
  }

  StatusOr<model::OrgTree> TreeInForce(int64_t* version) {
    NARA_ASSIGN_OR_RETURN(auto current, CurrentConfigRow());
    if (!current) {
      return Status::NotFound(db.path() +
                              ": no configuration stored yet (nara import stores the one in use)");
    }
    *version = current->info.version;
    if (tree_version != current->info.version) {
      NARA_ASSIGN_OR_RETURN(tree, TreeOf(*current));
      tree_version = current->info.version;
    }
    return tree;
  }

  StatusOr<int64_t> InsertConfig(const ConfigRow& c, const std::string& user) {
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        db.Prepare("INSERT INTO config_versions(created_at, created_by, source, units_toml, plans_toml, "
                   "indicators_toml, "
                   "units_csv, units_batch, sha256) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    s.Bind(1, Now()).Bind(2, user).Bind(3, c.info.source).Bind(4, c.units_toml).Bind(5, c.plans_toml);
    s.Bind(6, c.indicators_toml);
    if (c.units_csv) {
      s.Bind(7, *c.units_csv);
    } else {
      s.BindNull(7);
    }
    if (c.info.units_batch) {
      s.Bind(8, c.info.units_batch);
    } else {
      s.BindNull(8);
    }
    s.Bind(9, ConfigSha(c.units_toml, c.plans_toml, c.indicators_toml, c.units_csv));
    NARA_RETURN_IF_ERROR(s.Run());
    int64_t version = db.LastInsertRowid();
    NARA_RETURN_IF_ERROR(
        Journal(user, "config", 0, "version " + std::to_string(version) + " from " + c.info.source));
    return version;
  }

  Status Journal(const std::string& user, std::string_view action, int64_t batch, const std::string& detail) {
    seen_data_version = -1;
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

  // --- reading batches -----------------------------------------------------------------

  // The store-form columns `positions` of a batch (others left empty).
  StatusOr<Table> ReadBatch(int64_t batch, const TableSchema& schema, const std::vector<int>& positions) {
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

  static std::vector<int> AllPositions(const TableSchema& schema) {
    std::vector<int> p(schema.columns.size());
    for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<int>(i);
    return p;
  }

  static std::vector<int> KeyPositions(const TableSchema& schema) {
    std::vector<int> p;
    for (const std::string& k : schema.key) p.push_back(schema.Find(k));
    return p;
  }

  struct StoredBatch {
    int64_t id = 0;
    std::string table;
    std::string file_name;
    int64_t rows = 0;
  };

  StatusOr<std::vector<StoredBatch>> BatchesOf(std::string_view table) {
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        db.Prepare(
            table.empty()
                ? "SELECT id, table_name, file_name, rows FROM batches ORDER BY id"
                : "SELECT id, table_name, file_name, rows FROM batches WHERE table_name = ?1 ORDER BY id"));
    if (!table.empty()) s.Bind(1, table);
    std::vector<StoredBatch> out;
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)), s.Int(3)});
    }
    return out;
  }

  StatusOr<std::vector<int32_t>> LinesOf(int64_t batch) {
    NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT lines FROM batch_keys WHERE batch_id = ?1"));
    s.Bind(1, batch);
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Internal("batch " + std::to_string(batch) + " has no key index");
    return FromBytes<int32_t>(s.Blob(0));
  }

  // Every stored row (but those of `skip` batches) must be placed by `tree`: its unit
  // known and valid on the row's date. `what` opens the message.
  Status CheckRowsFit(const model::OrgTree& tree, const std::set<int64_t>& skip, const std::string& what) {
    NARA_ASSIGN_OR_RETURN(auto batches, BatchesOf(""));
    std::vector<std::string> problems;
    size_t total = 0;
    for (const StoredBatch& b : batches) {
      if (skip.count(b.id) || b.table == "units") continue;
      const TableSchema* schema = ingest::FindContractTable(b.table);
      if (schema == nullptr) continue;
      int unit = -1;
      for (size_t c = 0; c < schema->columns.size(); ++c) {
        if (schema->columns[c].type == ColumnType::kUnit) unit = static_cast<int>(c);
      }
      int date = schema->date_column.empty() ? -1 : schema->Find(schema->date_column);
      if (unit < 0) continue;
      std::vector<int> positions = {unit};
      if (date >= 0) positions.push_back(date);
      NARA_ASSIGN_OR_RETURN(Table t, ReadBatch(b.id, *schema, positions));
      const Column& uc = t.columns[static_cast<size_t>(unit)];
      std::vector<int> index(uc.dictionary.size());
      for (size_t i = 0; i < index.size(); ++i) index[i] = tree.Find(uc.dictionary[i]);
      std::vector<int32_t> lines;
      for (size_t r = 0; r < t.rows; ++r) {
        int u = index[static_cast<size_t>(uc.i32[r])];
        std::string problem;
        if (u < 0) {
          problem = "unit " + Show(uc.dictionary[static_cast<size_t>(uc.i32[r])]) + " is not in the tree";
        } else if (date >= 0) {
          DaySpan span = SpanOf(t.columns[static_cast<size_t>(date)], r);
          bool ok = span.first == kNullDays;
          for (const model::UnitVersion& v : tree.versions(u))
            ok = ok || (v.valid_from <= span.last && v.valid_to >= span.first);
          if (!ok) {
            problem = "unit " + Show(tree.id(u)) + " is not valid " +
                      (span.first == span.last ? "on " + FormatDate(span.first)
                                               : "in " + std::to_string(CivilFromDays(span.first).year));
          }
        }
        if (problem.empty()) continue;
        if (++total > kMaxListed) continue;
        if (lines.empty()) {
          NARA_ASSIGN_OR_RETURN(lines, LinesOf(b.id));
        }
        problems.push_back("batch " + std::to_string(b.id) + " (" + b.file_name + ", line " +
                           std::to_string(r < lines.size() ? lines[r] : 0) + "): " + problem);
      }
    }
    if (total == 0) return Status::Ok();
    std::string m =
        what + " does not place " + std::to_string(total) + (total == 1 ? " stored row:" : " stored rows:");
    for (const std::string& p : problems) m += "\n  " + p;
    if (total > problems.size()) m += "\n  … and " + std::to_string(total - problems.size()) + " more";
    m += "\nremove or supersede those batches first, or fix the tree";
    return Status::DataError(m);
  }

  // --- import ----------------------------------------------------------------------------

  struct Prepared {
    size_t request = 0;  // index in the caller's list
    std::string source;  // where the file is read from; result.path names it
    const TableSchema* schema = nullptr;
    std::string bytes;
    ImportResult result;
    std::vector<int64_t> supersede;
    Table table;  // store form
    std::unique_ptr<CsvLayout> layout;
    std::vector<uint64_t> hashes;         // by row
    std::vector<uint64_t> sorted_hashes;  // ascending
    std::vector<uint32_t> sorted_rows;    // the row of each sorted hash
    std::pair<std::string, std::string> period;
    std::optional<model::OrgTree> tree;  // units.csv: the tree it brings
    bool skip = false;                   // already stored
  };

  // A problem at the key of data row `row` of the file `p`.
  static Problem AtKey(const Prepared& p, size_t row, Msg code, std::vector<std::string> args) {
    Problem problem;
    problem.code = code;
    problem.args = std::move(args);
    problem.file = p.result.path;
    std::tie(problem.line, problem.column) = p.layout->Position(row, FirstKeyColumn(*p.schema));
    return problem;
  }

  // Reads and validates one file (nothing touches the database).
  Status PrepareFile(Prepared* p, const model::OrgTree& tree) {
    auto start = std::chrono::steady_clock::now();
    auto bytes = ingest::ReadFile(p->source);
    // Named as the caller names the file (an upload's temporary copy means nothing to its user).
    if (!bytes.ok()) return Status::IoError(p->result.path + ": cannot be read");
    p->bytes = std::move(bytes).value();
    p->result.bytes = static_cast<int64_t>(p->bytes.size());
    // The SHA-256 on a second core while the reader parses.
    std::thread sha([p] { p->result.sha256 = Sha256Hex(p->bytes); });
    StatusOr<Table> read = Status::Internal("not read");
    StatusOr<std::vector<model::UnitVersion>> units = Status::Internal("not read");
    if (p->schema->name == "units") {
      units = ingest::ReadUnits(p->result.path, p->bytes);
      if (units.ok()) read = ingest::ReadTable(p->result.path, p->bytes, *p->schema, model::OrgTree());
    } else {
      read = ingest::ReadTable(p->result.path, p->bytes, *p->schema, tree);
    }
    sha.join();
    // A byte-identical file is only reported, whatever the reader says of it now.
    NARA_ASSIGN_OR_RETURN(int64_t same, BatchWithSha(p->schema->name, p->result.sha256));
    if (same) {
      p->skip = true;
      p->result.already_stored = true;
      p->result.batch_id = same;
      p->bytes.clear();
      return Status::Ok();
    }
    if (p->schema->name == "units") {
      if (!units.ok()) return units.status();
      NARA_ASSIGN_OR_RETURN(model::OrgTree new_tree, model::OrgTree::Build(std::move(units).value()));
      p->tree = std::move(new_tree);
    }
    if (!read.ok()) return read.status();
    p->table = std::move(read).value();
    ToStoreForm(&p->table, tree);
    p->result.rows = static_cast<int64_t>(p->table.rows);
    // Row identifiers (not kept by the reader, whose dictionary is slow for millions
    // of distinct values) come from the layout's scan, one string per row.
    std::vector<int> ids;
    for (size_t c = 0; c < p->schema->columns.size(); ++c) {
      if (!p->schema->columns[c].stored) ids.push_back(static_cast<int>(c));
    }
    p->layout = std::make_unique<CsvLayout>(p->bytes, *p->schema, ids);
    if (p->layout->rows() != p->table.rows) {
      return Status::Internal(p->result.path + ": found " + std::to_string(p->layout->rows()) +
                              " rows where the reader found " + std::to_string(p->table.rows));
    }
    for (size_t k = 0; k < ids.size(); ++k) {
      Column& col = p->table.columns[static_cast<size_t>(ids[k])];
      col.dictionary = std::move(p->layout->captured(k));
      col.i32.resize(p->table.rows);
      for (size_t r = 0; r < p->table.rows; ++r) {
        col.i32[r] = col.dictionary[r].empty() ? engine::kNullText : static_cast<int32_t>(r);
      }
    }
    p->hashes = KeyHashes(*p->schema, p->table);
    // (hash, row) pairs sort in place, without chasing row indexes into the hashes.
    std::vector<std::pair<uint64_t, uint32_t>> order(p->table.rows);
    for (uint32_t r = 0; r < order.size(); ++r) order[r] = {p->hashes[r], r};
    std::sort(order.begin(), order.end());
    p->sorted_rows.resize(order.size());
    p->sorted_hashes.resize(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      p->sorted_hashes[i] = order[i].first;
      p->sorted_rows[i] = order[i].second;
    }
    // The reader finds keys written twice; a key spelt two ways (f and F) is one key too.
    for (size_t i = 1; i < p->sorted_hashes.size(); ++i) {
      if (p->sorted_hashes[i] != p->sorted_hashes[i - 1]) continue;
      for (size_t j = i; j-- > 0 && p->sorted_hashes[j] == p->sorted_hashes[i];) {
        size_t a = p->sorted_rows[j], b = p->sorted_rows[i];
        if (!SameKey(*p->schema, p->table, a, p->table, b)) continue;
        return Status::Problems({AtKey(*p, b, Msg::kCsvDuplicateKey,
                                       {KeyText(*p->schema, p->table, b), std::to_string(p->layout->line(a))})});
      }
    }
    p->period = PeriodOf(p->table);
    p->result.read_seconds = Seconds(start);
    return Status::Ok();
  }

  StatusOr<int64_t> BatchWithSha(const std::string& table, const std::string& sha) {
    NARA_ASSIGN_OR_RETURN(Statement s,
                          db.Prepare("SELECT id FROM batches WHERE table_name = ?1 AND sha256 = ?2"));
    s.Bind(1, table).Bind(2, sha);
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  // Keys of `p` already held by stored batches of its table (but those it supersedes)
  // or by earlier files of this import.
  Status CheckCollisions(const Prepared& p, const std::vector<const Prepared*>& earlier,
                         const std::set<int64_t>& leaving) {
    struct Hit {
      uint32_t row;          // in p
      int64_t batch;         // stored batch, or 0 for an earlier file
      const Prepared* file;  // the earlier file
      uint32_t other_row;
    };
    std::vector<Hit> hits;
    auto intersect = [&](const uint64_t* hashes, const uint32_t* rows, size_t n, int64_t batch,
                         const Prepared* file) {
      size_t i = 0, j = 0;
      const size_t m = p.sorted_hashes.size();
      while (i < m && j < n) {
        if (p.sorted_hashes[i] < hashes[j]) {
          ++i;
        } else if (hashes[j] < p.sorted_hashes[i]) {
          ++j;
        } else {
          uint64_t h = hashes[j];
          size_t j_end = j;
          while (j_end < n && hashes[j_end] == h) ++j_end;
          for (; i < m && p.sorted_hashes[i] == h; ++i) {
            for (size_t k = j; k < j_end; ++k) hits.push_back({p.sorted_rows[i], batch, file, rows[k]});
          }
          j = j_end;
        }
      }
    };
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        db.Prepare(
            "SELECT k.batch_id, k.hashes, k.rows FROM batch_keys k JOIN batches b ON b.id = k.batch_id "
            "WHERE b.table_name = ?1 ORDER BY k.batch_id"));
    s.Bind(1, p.schema->name);
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      int64_t batch = s.Int(0);
      if (leaving.count(batch)) continue;
      std::string_view hb = s.Blob(1), rb = s.Blob(2);
      size_t n = hb.size() / 8;
      if (rb.size() != n * 4)
        return Status::Internal("key index of batch " + std::to_string(batch) + " is broken");
      // The blob's memory is SQLite's and may not be aligned for uint64_t.
      std::vector<uint64_t> hashes(n);
      std::vector<uint32_t> rows(n);
      if (n) {
        std::memcpy(hashes.data(), hb.data(), n * 8);
        std::memcpy(rows.data(), rb.data(), n * 4);
      }
      intersect(hashes.data(), rows.data(), n, batch, nullptr);
    }
    for (const Prepared* e : earlier) {
      if (e->schema == p.schema && !e->skip) {
        intersect(e->sorted_hashes.data(), e->sorted_rows.data(), e->sorted_hashes.size(), 0, e);
      }
    }
    if (hits.empty()) return Status::Ok();
    // Confirm each hash match on the keys themselves, in file order.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.row < b.row; });
    std::map<int64_t, Table> stored;
    std::map<int64_t, std::vector<int32_t>> stored_lines;
    std::map<int64_t, std::string> names;
    for (const Hit& h : hits) {
      if (h.batch && !stored.count(h.batch)) {
        NARA_ASSIGN_OR_RETURN(stored[h.batch], ReadBatch(h.batch, *p.schema, KeyPositions(*p.schema)));
      }
    }
    std::vector<Problem> listed;
    size_t total = 0;
    std::set<int64_t> batches_hit;
    uint32_t last_row = UINT32_MAX;
    for (const Hit& h : hits) {
      const Table& other = h.batch ? stored[h.batch] : h.file->table;
      if (h.row == last_row || !SameKey(*p.schema, p.table, h.row, other, h.other_row)) continue;
      last_row = h.row;
      ++total;
      if (h.batch) batches_hit.insert(h.batch);
      if (listed.size() >= kMaxListed) continue;
      if (h.batch) {
        if (!stored_lines.count(h.batch)) {
          NARA_ASSIGN_OR_RETURN(stored_lines[h.batch], LinesOf(h.batch));
          NARA_ASSIGN_OR_RETURN(Statement n, db.Prepare("SELECT file_name FROM batches WHERE id = ?1"));
          n.Bind(1, h.batch);
          NARA_ASSIGN_OR_RETURN(bool found, n.Step());
          names[h.batch] = found ? std::string(n.Text(0)) : "?";
        }
        const auto& lines = stored_lines[h.batch];
        listed.push_back(AtKey(p, h.row, Msg::kStoreKeyStored,
                               {KeyText(*p.schema, p.table, h.row), std::to_string(h.batch), FileName(names[h.batch]),
                                std::to_string(h.other_row < lines.size() ? lines[h.other_row] : 0)}));
      } else {
        listed.push_back(AtKey(p, h.row, Msg::kStoreKeyInThisImport,
                               {KeyText(*p.schema, p.table, h.row),
                                std::to_string(h.file->layout->line(h.other_row)), h.file->result.path}));
      }
    }
    if (total == 0) return Status::Ok();
    // What to do follows the collisions: about the import, not a place in the file.
    Problem advice;
    if (!batches_hit.empty()) {
      std::string ids;
      for (int64_t b : batches_hit) ids += (ids.empty() ? "" : ", ") + std::to_string(b);
      advice.code = Msg::kStoreNothingStoredSupersede;
      advice.args = {ids, std::to_string(*batches_hit.begin())};
    } else {
      advice.code = Msg::kStoreNothingStored;
    }
    if (total > listed.size()) {
      Problem more = advice;
      more.code = Msg::kStoreMoreKeysStored;
      more.args = {std::to_string(total - listed.size())};
      listed.push_back(std::move(more));
    }
    listed.push_back(std::move(advice));
    return Status::Problems(std::move(listed));
  }

  Status WriteBatch(Prepared* p, int64_t config_version, const std::string& user) {
    NARA_ASSIGN_OR_RETURN(
        Statement b,
        db.Prepare("INSERT INTO batches(table_name, file_name, sha256, bytes, rows, period_from, period_to, "
                   "loaded_at, loaded_by, "
                   "config_version, supersedes) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    b.Bind(1, p->schema->name).Bind(2, p->result.path).Bind(3, p->result.sha256).Bind(4, p->result.bytes);
    b.Bind(5, p->result.rows).Bind(6, p->period.first).Bind(7, p->period.second).Bind(8, Now()).Bind(9, user);
    b.Bind(10, config_version).Bind(11, JoinIds(p->supersede));
    NARA_RETURN_IF_ERROR(b.Run());
    int64_t id = db.LastInsertRowid();
    p->result.batch_id = id;
    p->result.config_version = config_version;
    NARA_ASSIGN_OR_RETURN(
        Statement c,
        db.Prepare(
            "INSERT INTO blocks(batch_id, position, name, dictionary, data) VALUES(?1, ?2, ?3, ?4, ?5)"));
    for (size_t col = 0; col < p->schema->columns.size(); ++col) {
      const ColumnSchema& cs = p->schema->columns[col];
      EncodedColumn e = EncodeColumn(p->table.columns[col], cs.type, p->table.rows);
      c.Bind(1, id).Bind(2, static_cast<int64_t>(col)).Bind(3, cs.name);
      if (cs.type == ColumnType::kText || cs.type == ColumnType::kUnit) {
        c.BindBlob(4, e.dictionary.data(), e.dictionary.size());
      } else {
        c.BindNull(4);
      }
      c.BindBlob(5, e.data.data(), e.data.size());
      NARA_RETURN_IF_ERROR(c.Run());
    }
    NARA_ASSIGN_OR_RETURN(
        Statement k,
        db.Prepare("INSERT INTO batch_keys(batch_id, hashes, rows, lines) VALUES(?1, ?2, ?3, ?4)"));
    std::string_view hashes = AsBytes(p->sorted_hashes), rows = AsBytes(p->sorted_rows),
                     lines = AsBytes(p->layout->lines());
    k.Bind(1, id).BindBlob(2, hashes.data(), hashes.size()).BindBlob(3, rows.data(), rows.size());
    k.BindBlob(4, lines.data(), lines.size());
    NARA_RETURN_IF_ERROR(k.Run());
    for (int64_t old : p->supersede) {
      NARA_RETURN_IF_ERROR(DeleteBatch(old));
      p->result.superseded.push_back(old);
      NARA_RETURN_IF_ERROR(Journal(user, "supersede", old,
                                   "replaced by batch " + std::to_string(id) + " (" + p->result.path + ")"));
    }
    return Journal(user, "import", id,
                   p->schema->name + " " + std::to_string(p->result.rows) + " rows from " + p->result.path +
                       " sha256 " + p->result.sha256);
  }

  Status DeleteBatch(int64_t id) {
    for (const char* sql :
         {"DELETE FROM blocks WHERE batch_id = ?1", "DELETE FROM batch_keys WHERE batch_id = ?1",
          "DELETE FROM batches WHERE id = ?1"}) {
      NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(1, id);
      NARA_RETURN_IF_ERROR(s.Run());
    }
    return Status::Ok();
  }

  // Which table each file holds; a units.csv goes first, its tree serving the rest.
  static Status Plan(const std::vector<ImportRequest>& requests, std::vector<Prepared>* files,
                     std::vector<size_t>* order) {
    files->clear();
    files->resize(requests.size());
    order->clear();
    for (size_t i = 0; i < requests.size(); ++i) {
      Prepared& p = (*files)[i];
      p.request = i;
      p.source = requests[i].path;
      p.result.path = requests[i].name.empty() ? requests[i].path : requests[i].name;
      if (!requests[i].table.empty()) {
        p.schema = ingest::FindContractTable(AsciiLower(requests[i].table));
        if (p.schema == nullptr) {
          std::string names;
          for (const TableSchema& t : ingest::ContractTables()) names += (names.empty() ? "" : ", ") + t.name;
          return Status::Invalid("unknown table '" + requests[i].table + "' (tables: " + names + ")");
        }
      } else {
        p.schema = TableForFile(p.result.path);
        if (p.schema == nullptr) {
          return Status::Invalid(p.result.path +
                                 ": cannot tell the table from the file name; name the file after its table "
                                 "(visits.csv, visits_2024-03.csv …) or give --table");
        }
      }
      p.result.table = p.schema->name;
      p.supersede = requests[i].supersede;
    }
    for (size_t i = 0; i < files->size(); ++i) {
      if ((*files)[i].schema->name == "units") order->push_back(i);
    }
    if (order->size() > 1)
      return Status::Invalid("more than one units file in one import; the tree is one file");
    for (size_t i = 0; i < files->size(); ++i) {
      if ((*files)[i].schema->name != "units") order->push_back(i);
    }
    return Status::Ok();
  }

  StatusOr<std::vector<ImportResult>> Import(const std::vector<ImportRequest>& requests,
                                             const std::string& user, const ImportProgress& progress) {
    if (requests.empty()) return Status::Invalid("no files to import");
    std::vector<Prepared> files;
    std::vector<size_t> order;
    // Read and validate outside the write lock, then check under it that the tree
    // read with is still the one in force (another process may have changed it).
    for (int attempt = 0;; ++attempt) {
      NARA_RETURN_IF_ERROR(Plan(requests, &files, &order));
      int64_t version = 0;
      NARA_ASSIGN_OR_RETURN(model::OrgTree base_tree, TreeInForce(&version));
      const model::OrgTree* tree = &base_tree;
      for (size_t i : order) {
        Prepared& p = files[i];
        NARA_RETURN_IF_ERROR(PrepareFile(&p, *tree));
        if (p.tree) tree = &*p.tree;
        for (size_t j : order) {
          if (j == i) break;
          if (!files[j].skip && !p.skip && files[j].result.sha256 == p.result.sha256 &&
              files[j].schema == p.schema) {
            p.skip = p.result.already_stored = true;  // the same file twice in one import
          }
        }
        if (progress) progress(p.result);
      }
      NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db, Transaction::Kind::kWrite));
      NARA_ASSIGN_OR_RETURN(auto current, CurrentConfigRow());
      if (!current || current->info.version != version) {
        if (attempt < 2) continue;  // rolls back; read again against the new tree
        return Status::IoError(db.path() + ": the configuration keeps changing during the import; try again");
      }
      NARA_RETURN_IF_ERROR(CheckAndWrite(&files, order, *current, user));
      NARA_RETURN_IF_ERROR(txn.Commit());
      break;
    }
    std::vector<ImportResult> results;
    for (Prepared& p : files) results.push_back(std::move(p.result));
    return results;
  }

  Status CheckAndWrite(std::vector<Prepared>* files, const std::vector<size_t>& order,
                       const ConfigRow& current, const std::string& user) {
    // Batches leaving: named with --supersede, and every stored units batch when a
    // new tree comes in.
    std::set<int64_t> leaving;
    for (size_t i : order) {
      Prepared& p = (*files)[i];
      if (p.skip) continue;
      for (int64_t old : p.supersede) {
        NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT table_name FROM batches WHERE id = ?1"));
        s.Bind(1, old);
        NARA_ASSIGN_OR_RETURN(bool found, s.Step());
        if (!found)
          return Status::NotFound("--supersede " + std::to_string(old) +
                                  ": no such batch (see nara batches)");
        if (s.Text(0) != p.schema->name) {
          return Status::Invalid("--supersede " + std::to_string(old) + ": batch " + std::to_string(old) +
                                 " holds " + std::string(s.Text(0)) + ", not " + p.schema->name);
        }
        if (!leaving.insert(old).second) {
          return Status::Invalid("--supersede " + std::to_string(old) + ": named for two files");
        }
      }
      if (p.schema->name == "units") {
        NARA_ASSIGN_OR_RETURN(auto units, BatchesOf("units"));
        for (const StoredBatch& b : units) {
          if (leaving.insert(b.id).second) p.supersede.push_back(b.id);
        }
      }
    }
    std::vector<const Prepared*> earlier;
    const Prepared* units = nullptr;
    for (size_t i : order) {
      const Prepared& p = (*files)[i];
      if (p.skip) continue;
      NARA_RETURN_IF_ERROR(CheckCollisions(p, earlier, leaving));
      earlier.push_back(&p);
      if (p.tree) units = &p;
    }
    if (units) {
      NARA_RETURN_IF_ERROR(
          CheckRowsFit(*units->tree, leaving, units->result.path + ": the new organisation tree"));
    }
    int64_t version = current.info.version;
    for (size_t i : order) {
      Prepared& p = (*files)[i];
      if (p.skip) {
        p.result.config_version = version;
        continue;
      }
      NARA_RETURN_IF_ERROR(WriteBatch(&p, version, user));
      if (p.tree) {
        ConfigRow next = current;
        next.units_csv = p.bytes;
        next.info.units_batch = p.result.batch_id;
        next.info.source = p.result.path + " (batch " + std::to_string(p.result.batch_id) + ")";
        NARA_ASSIGN_OR_RETURN(version, InsertConfig(next, user));
        NARA_ASSIGN_OR_RETURN(Statement s,
                              db.Prepare("UPDATE batches SET config_version = ?1 WHERE id = ?2"));
        s.Bind(1, version).Bind(2, p.result.batch_id);
        NARA_RETURN_IF_ERROR(s.Run());
        p.result.config_version = version;
      }
    }
    return Status::Ok();
  }
};

// ======================================================================================

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->db.path(); }

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
  NARA_RETURN_IF_ERROR(
      db.Exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
              "PRAGMA cache_size = -65536;"));
  return Store(std::make_unique<Impl>(std::move(db)));
}

StatusOr<ConfigVersion> Store::StoreConfig(const std::string& config_dir, const std::string& user) {
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(config_dir, &problems);
  if (!problems.empty()) {
    std::string m = "the configuration in " + config_dir + " has problems (run nara check-config):";
    for (const auto& p : problems) m += "\n  " + p.ToString();
    return Status::DataError(m);
  }
  Impl::ConfigRow next;
  NARA_ASSIGN_OR_RETURN(next.units_toml, ingest::ReadFile(config_dir + "/units.toml"));
  NARA_ASSIGN_OR_RETURN(next.plans_toml, ingest::ReadFile(config_dir + "/plans.toml"));
  NARA_ASSIGN_OR_RETURN(next.indicators_toml, ingest::ReadFile(config_dir + "/indicators.toml"));
  next.info.source = config_dir;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(impl_->db, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(auto current, impl_->CurrentConfigRow());
  if (current) {
    next.units_csv = current->units_csv;
    next.info.units_batch = current->info.units_batch;
    if (ConfigSha(next.units_toml, next.plans_toml, next.indicators_toml, next.units_csv) ==
        current->info.sha256) {
      return current->info;
    }
  }
  if (!next.units_csv && (!current || current->units_toml != next.units_toml)) {
    NARA_RETURN_IF_ERROR(impl_->CheckRowsFit(config.tree, {}, config_dir + "/units.toml"));
  }
  NARA_ASSIGN_OR_RETURN(int64_t version, impl_->InsertConfig(next, user));
  NARA_RETURN_IF_ERROR(txn.Commit());
  NARA_ASSIGN_OR_RETURN(auto stored, CurrentConfig());
  if (!stored || stored->version != version) return Status::Internal("configuration version not stored");
  return *stored;
}

StatusOr<std::optional<ConfigVersion>> Store::CurrentConfig() {
  NARA_ASSIGN_OR_RETURN(auto row, impl_->CurrentConfigRow());
  if (!row) return std::optional<ConfigVersion>();
  return std::optional<ConfigVersion>(row->info);
}

StatusOr<model::Config> Store::LoadStoredConfig(std::vector<model::Problem>* problems) {
  NARA_ASSIGN_OR_RETURN(auto row, impl_->CurrentConfigRow());
  if (!row) return Status::NotFound(path() + ": no configuration stored yet");
  TempDir dir;
  if (dir.path().empty()) return Status::IoError("cannot create a temporary folder");
  NARA_RETURN_IF_ERROR(WriteText(dir.path() + "/units.toml", row->units_toml));
  NARA_RETURN_IF_ERROR(WriteText(dir.path() + "/plans.toml", row->plans_toml));
  NARA_RETURN_IF_ERROR(WriteText(dir.path() + "/indicators.toml", row->indicators_toml));
  size_t first = problems->size();
  model::Config config = model::LoadConfig(dir.path(), problems);
  std::string where = path() + "[v" + std::to_string(row->info.version) + "]";
  for (size_t i = first; i < problems->size(); ++i) {
    std::string& f = (*problems)[i].file;
    if (f.compare(0, dir.path().size(), dir.path()) == 0) f = where + f.substr(dir.path().size());
  }
  config.dir = where;
  if (row->units_csv) {
    NARA_ASSIGN_OR_RETURN(config.tree, impl_->TreeOf(*row));
  }
  return config;
}

StatusOr<model::OrgTree> Store::Tree() {
  int64_t version = 0;
  return impl_->TreeInForce(&version);
}

StatusOr<std::vector<ImportResult>> Store::Import(const std::vector<ImportRequest>& files,
                                                  const std::string& user, const ImportProgress& progress) {
  return impl_->Import(files, user, progress);
}

StatusOr<ImportResult> Store::Import(const std::string& file_path, std::string_view table,
                                     std::optional<int64_t> supersede, const std::string& user) {
  ImportRequest r;
  r.path = file_path;
  r.table = std::string(table);
  if (supersede) r.supersede.push_back(*supersede);
  NARA_ASSIGN_OR_RETURN(auto results, impl_->Import({r}, user, {}));
  return std::move(results.front());
}

StatusOr<std::vector<BatchInfo>> Store::Batches() {
  NARA_ASSIGN_OR_RETURN(Statement s,
                        impl_->db.Prepare("SELECT id, table_name, file_name, sha256, bytes, rows, "
                                          "period_from, period_to, loaded_at, loaded_by, "
                                          "config_version, supersedes FROM batches ORDER BY id"));
  std::vector<BatchInfo> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
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
    out.push_back(std::move(b));
  }
  return out;
}

Status Store::RemoveBatch(int64_t id, const std::string& user) {
  Impl& m = *impl_;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(Statement s,
                        m.db.Prepare("SELECT table_name, file_name, rows FROM batches WHERE id = ?1"));
  s.Bind(1, id);
  NARA_ASSIGN_OR_RETURN(bool found, s.Step());
  if (!found) return Status::NotFound("no batch " + std::to_string(id) + " (see nara batches)");
  std::string table(s.Text(0)), file(s.Text(1));
  int64_t rows = s.Int(2);
  NARA_ASSIGN_OR_RETURN(auto current, m.CurrentConfigRow());
  if (current && current->info.units_batch == id) {
    // The tree goes back to units.toml, which must still place every stored row.
    NARA_ASSIGN_OR_RETURN(model::OrgTree toml_tree, Impl::TomlTree(current->units_toml, path()));
    NARA_RETURN_IF_ERROR(m.CheckRowsFit(toml_tree, {id}, "the configuration's tree (units.toml)"));
    Impl::ConfigRow next = *current;
    next.units_csv.reset();
    next.info.units_batch = 0;
    next.info.source = "units.toml after removing batch " + std::to_string(id);
    NARA_RETURN_IF_ERROR(m.InsertConfig(next, user).status());
  }
  NARA_RETURN_IF_ERROR(m.DeleteBatch(id));
  NARA_RETURN_IF_ERROR(
      m.Journal(user, "remove", id, table + " " + std::to_string(rows) + " rows from " + file));
  return txn.Commit();
}

StatusOr<int64_t> Store::Revision() {
  Impl& m = *impl_;
  // A commit by anyone writes the WAL (or, without one, the database file), so while
  // it did not change since the last query there is nothing new, and one fstat()
  // replaces a read transaction. File times are coarse (a clock tick) and a writer
  // may finish its commit a moment after its last write, so that shortcut is taken
  // only for a file last written well before the last query.
  timespec now_ts;
  ::clock_gettime(CLOCK_REALTIME, &now_ts);
  int64_t now = int64_t{now_ts.tv_sec} * 1000000000 + now_ts.tv_nsec;
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

Status Store::Export(std::string_view table, const std::string& out_path) {
  Impl& m = *impl_;
  const TableSchema* schema = ingest::FindContractTable(AsciiLower(table));
  if (schema == nullptr) return Status::Invalid("unknown table '" + std::string(table) + "'");
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
  NARA_ASSIGN_OR_RETURN(auto batches, m.BatchesOf(schema->name));
  if (batches.empty()) return Status::NotFound("no batch of table " + schema->name + " is stored");
  std::string tmp = out_path + ".tmp-" + std::to_string(getpid());
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError(tmp + ": cannot write");
  std::string buf;
  for (size_t c = 0; c < schema->columns.size(); ++c) buf += (c ? "," : "") + schema->columns[c].name;
  buf += '\n';
  std::vector<int> all = Impl::AllPositions(*schema);
  for (const Impl::StoredBatch& b : batches) {
    NARA_ASSIGN_OR_RETURN(Table t, m.ReadBatch(b.id, *schema, all));
    for (size_t r = 0; r < t.rows; ++r) {
      for (size_t c = 0; c < schema->columns.size(); ++c) {
        if (c) buf += ',';
        AppendCanonical(schema->columns[c], t.columns[c], r, true, &buf);
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.close();
  std::error_code ec;
  if (!out) {
    fs::remove(tmp, ec);
    return Status::IoError(tmp + ": cannot write");
  }
  fs::rename(tmp, out_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IoError(out_path + ": cannot write: " + ec.message());
  }
  return txn.Commit();
}

namespace {

// Distinct strings of a column across batches, each with its code in the engine's
// merged dictionary.
class Interner {
 public:
  explicit Interner(std::vector<std::string>* strings) : strings_(strings) {}

  // Takes a first batch's dictionary, whose strings are distinct, as codes 0..n-1
  // without hashing them; they are indexed only when another batch comes.
  void AppendDistinct(const std::vector<std::string_view>& strings) {
    strings_->insert(strings_->end(), strings.begin(), strings.end());
  }

  int32_t Code(std::string_view s) {
    if (hashes_.size() < strings_->size()) {
      for (size_t c = hashes_.size(); c < strings_->size(); ++c) hashes_.push_back(HashBytes((*strings_)[c]));
      Grow();
    }
    if ((strings_->size() + 1) * 2 > slots_.size()) Grow();
    uint64_t h = HashBytes(s);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      int32_t code = slots_[i];
      if (code < 0) {
        code = static_cast<int32_t>(strings_->size());
        strings_->emplace_back(s);
        hashes_.push_back(h);
        slots_[i] = code;
        return code;
      }
      if (hashes_[static_cast<size_t>(code)] == h && (*strings_)[static_cast<size_t>(code)] == s) return code;
    }
  }

 private:
  void Grow() {
    size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
    while (size < (strings_->size() + 1) * 2) size *= 2;
    slots_.assign(size, -1);
    mask_ = size - 1;
    for (size_t c = 0; c < hashes_.size(); ++c) {
      size_t i = hashes_[c] & mask_;
      while (slots_[i] >= 0) i = (i + 1) & mask_;
      slots_[i] = static_cast<int32_t>(c);
    }
  }

  std::vector<std::string>* strings_;
  std::vector<int32_t> slots_;
  std::vector<uint64_t> hashes_;
  size_t mask_ = 0;
};

// Appends one block of `rows` values at `offset` of an engine column that has room.
Status DecodeInto(const ColumnSchema& schema, std::string_view data, size_t offset, Column* out) {
  switch (schema.type) {
    case ColumnType::kBool:
    case ColumnType::kEnum:
      return DecodeU8(data, out->u8.data() + offset);
    case ColumnType::kInt:
    case ColumnType::kInstant:
      return DecodeInts(data, engine::kNullI64, out->i64.data() + offset);
    case ColumnType::kReal:
      return DecodeF64(data, out->f64.data() + offset);
    case ColumnType::kDate:
    case ColumnType::kMonth:
    case ColumnType::kYear:
      return DecodeInts(data, engine::kNullI32, out->i32.data() + offset);
    case ColumnType::kText:
    case ColumnType::kUnit:
      return DecodeInts(data, engine::kNullText, out->i32.data() + offset);
  }
  return Status::Ok();
}

void Reserve(ColumnType type, size_t rows, Column* c) {
  switch (type) {
    case ColumnType::kBool:
    case ColumnType::kEnum:
      c->u8.resize(rows);
      break;
    case ColumnType::kInt:
    case ColumnType::kInstant:
      c->i64.resize(rows);
      break;
    case ColumnType::kReal:
      c->f64.resize(rows);
      break;
    default:
      c->i32.resize(rows);
      break;
  }
}

}  // namespace

StatusOr<ingest::Extract> Store::Load(const model::OrgTree& configured_tree) {
  Impl& m = *impl_;
  // One read transaction: every SELECT below sees the same snapshot.
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
  ingest::Extract extract;
  NARA_ASSIGN_OR_RETURN(auto current, m.CurrentConfigRow());
  if (current && current->units_csv) {
    if (m.tree_version != current->info.version) {
      NARA_ASSIGN_OR_RETURN(m.tree, m.TreeOf(*current));
      m.tree_version = current->info.version;
    }
    extract.tree = m.tree;
  } else {
    extract.tree = configured_tree;
  }
  const model::OrgTree& tree = extract.tree;
  std::vector<std::pair<std::string, int64_t>> tables;
  {
    NARA_ASSIGN_OR_RETURN(Statement s,
                          m.db.Prepare("SELECT table_name, sum(rows) FROM batches WHERE table_name <> "
                                       "'units' GROUP BY table_name ORDER BY table_name"));
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      tables.emplace_back(std::string(s.Text(0)), s.Int(1));
    }
  }
  for (const auto& [name, total] : tables) {
    const TableSchema* schema = ingest::FindContractTable(name);
    if (schema == nullptr)
      return Status::DataError(path() + ": stored table '" + name + "' is not in the data contract");
    Table t = Table::Empty(*schema);
    t.rows = static_cast<size_t>(total);
    std::string positions;
    std::vector<std::unique_ptr<Interner>> interners(schema->columns.size());
    for (size_t c = 0; c < schema->columns.size(); ++c) {
      const ColumnSchema& cs = schema->columns[c];
      if (!cs.stored) continue;  // row identifiers stay in the store
      positions += (positions.empty() ? "" : ",") + std::to_string(c);
      Reserve(cs.type, t.rows, &t.columns[c]);
      if (cs.type == ColumnType::kText) interners[c] = std::make_unique<Interner>(&t.columns[c].dictionary);
    }
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        m.db.Prepare("SELECT b.id, b.rows, b.file_name, k.position, k.dictionary, k.data FROM batches b "
                     "JOIN blocks k ON k.batch_id = b.id WHERE b.table_name = ?1 AND k.position IN (" +
                     positions + ") ORDER BY b.id, k.position"));
    s.Bind(1, name);
    int64_t batch = -1;
    size_t offset = 0, batch_rows = 0;
    std::vector<int32_t> remap;
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (s.Int(0) != batch) {
        offset += batch_rows;
        batch = s.Int(0);
        batch_rows = static_cast<size_t>(s.Int(1));
        if (offset + batch_rows > t.rows)
          return Status::Internal(path() + ": batch sizes changed while loading");
        extract.files.push_back(path() + ": batch " + std::to_string(batch) + " (" + std::string(s.Text(2)) +
                                ")");
      }
      size_t c = static_cast<size_t>(s.Int(3));
      if (c >= schema->columns.size()) return Status::Internal("stored block out of range");
      const ColumnSchema& cs = schema->columns[c];
      std::string_view data = s.Blob(5);
      NARA_ASSIGN_OR_RETURN(size_t n, BlockCount(data));
      if (n != batch_rows) {
        return Status::Internal(path() + ": batch " + std::to_string(batch) + " column " + cs.name +
                                " holds " + std::to_string(n) + " values for " + std::to_string(batch_rows) +
                                " rows");
      }
      Column& out = t.columns[c];
      NARA_RETURN_IF_ERROR(DecodeInto(cs, data, offset, &out));
      if (cs.type != ColumnType::kText && cs.type != ColumnType::kUnit) continue;
      // Batch-local codes → codes of the merged dictionary, or unit indexes of the tree.
      NARA_ASSIGN_OR_RETURN(auto dict, DecodeDictionary(s.Blob(4)));
      if (cs.type == ColumnType::kText && out.dictionary.empty()) {
        // The table's first batch: its codes are the merged dictionary's.
        interners[c]->AppendDistinct(dict);
        const int32_t* v = out.i32.data() + offset;
        for (size_t r = 0; r < batch_rows; ++r) {
          if (v[r] != engine::kNullText && (v[r] < 0 || static_cast<size_t>(v[r]) >= dict.size())) {
            return Status::Internal("stored text code out of range");
          }
        }
        continue;
      }
      remap.resize(dict.size());
      for (size_t i = 0; i < dict.size(); ++i) {
        if (cs.type == ColumnType::kText) {
          remap[i] = interners[c]->Code(dict[i]);
          continue;
        }
        remap[i] = tree.Find(dict[i]);
        if (remap[i] < 0) {
          return Status::DataError(path() + ": batch " + std::to_string(batch) + " (" + name +
                                   ") holds unit " + Show(dict[i]) +
                                   ", which the organisation tree in use does not know");
        }
      }
      int32_t* v = out.i32.data() + offset;
      const int32_t size = static_cast<int32_t>(remap.size());
      for (size_t r = 0; r < batch_rows; ++r) {
        int32_t code = v[r];
        if (code == engine::kNullText) continue;
        if (code < 0 || code >= size) return Status::Internal("stored text code out of range");
        v[r] = remap[static_cast<size_t>(code)];
      }
    }
    if (offset + batch_rows != t.rows)
      return Status::Internal(path() + ": batch sizes changed while loading");
    extract.data.tables.emplace(name, std::move(t));
  }
  NARA_RETURN_IF_ERROR(txn.Commit());
  return extract;
}

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
  NARA_ASSIGN_OR_RETURN(auto batches, m.BatchesOf(""));
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
