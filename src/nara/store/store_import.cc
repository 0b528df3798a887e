// Import: which table a file holds, reading and validating it, key collisions with
// the store and within the import, and writing the batch.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/mapped_file.h"
#include "nara/store/canonical.h"
#include "nara/store/column_block.h"
#include "nara/store/key_hash.h"
#include "nara/store/sha256.h"
#include "nara/store/sqlite.h"
#include "nara/store/store_impl.h"

namespace nara::store {

using internal::FileName;
using internal::KeyText;
using internal::kMaxListed;
using internal::Now;
using internal::PeriodColumn;
using internal::SameKey;
using internal::Show;

namespace fs = std::filesystem;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
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

}  // namespace

namespace internal {

std::string FileName(std::string_view path) { return fs::path(std::string(path)).filename().string(); }

int PeriodColumn(const TableSchema& schema) {
  if (!schema.date_column.empty()) return schema.Find(schema.date_column);
  if (schema.name == "population") return schema.Find("year");
  if (schema.name == "units") return schema.Find("valid_from");
  return -1;
}

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

}  // namespace internal

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

// Which table each file holds; a units.csv goes first, its tree serving the rest.
Status Store::Impl::Plan(const std::vector<ImportRequest>& requests, std::vector<Prepared>* files,
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

Status Store::Impl::PrepareAll(const std::vector<ImportRequest>& requests, std::vector<Prepared>* files,
                               std::vector<size_t>* order, int64_t* version, const ImportProgress& progress) {
  NARA_RETURN_IF_ERROR(Plan(requests, files, order));
  NARA_ASSIGN_OR_RETURN(model::OrgTree base_tree, TreeInForce(version));
  const model::OrgTree* tree = &base_tree;
  for (size_t i : *order) {
    Prepared& p = (*files)[i];
    NARA_RETURN_IF_ERROR(PrepareFile(&p, *tree));
    if (p.tree) tree = &*p.tree;
    for (size_t j : *order) {
      if (j == i) break;
      const Prepared& e = (*files)[j];
      if (!e.skip && !p.skip && e.result.sha256 == p.result.sha256 && e.schema == p.schema) {
        p.skip = p.result.already_stored = true;  // the same file twice in one import
      }
    }
    if (progress) progress(p.result);
  }
  return Status::Ok();
}

StatusOr<std::vector<ImportResult>> Store::Impl::Import(const std::vector<ImportRequest>& requests,
                                                        const std::string& user,
                                                        const ImportProgress& progress) {
  if (requests.empty()) return Status::Invalid("no files to import");
  std::vector<Prepared> files;
  std::vector<size_t> order;
  // Read and validate outside the write lock, then check under it that the tree
  // read with is still the one in force (another process may have changed it).
  for (int attempt = 0;; ++attempt) {
    int64_t version = 0;
    NARA_RETURN_IF_ERROR(PrepareAll(requests, &files, &order, &version, progress));
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

// A problem with the key of data row `row` of the file `p`.
Problem Store::Impl::AtKey(const Prepared& p, size_t row, Msg code, std::vector<std::string> args) {
  Problem problem;
  problem.code = code;
  problem.args = std::move(args);
  problem.file = p.result.path;
  problem.line = p.places.row_lines[row];  // the key is the row's, not one field's
  return problem;
}

// Reads and validates one file (nothing touches the database).
Status Store::Impl::PrepareFile(Prepared* p, const model::OrgTree& tree) {
  auto start = std::chrono::steady_clock::now();
  // The file is mapped, not copied: the reader gives its pages back as it passes them
  // and the SHA-256 reads the file in blocks on a second core, so an extract of
  // hundreds of MB is never resident whole. Problems name the file as the caller does
  // (an upload's temporary copy means nothing to its user).
  auto mapped = ingest::MappedFile::Open(p->source);
  if (!mapped.ok()) return Status::IoError(p->result.path + ": cannot be read");
  const ingest::MappedFile& file = *mapped;
  const std::string_view bytes = file.bytes();
  p->result.bytes = static_cast<int64_t>(bytes.size());
  StatusOr<std::string> sha = Status::Internal("not hashed");
  std::thread hasher([&sha, p] { sha = Sha256HexOfFile(p->source); });
  ingest::ReadOptions options;
  options.release = [&file](size_t offset, size_t length) { file.Release(offset, length); };
  StatusOr<Table> read = Status::Internal("not read");
  StatusOr<std::vector<model::UnitVersion>> units = Status::Internal("not read");
  if (p->schema->name == "units") {
    p->bytes = std::string(bytes);  // a units.csv is small, and stored with its tree
    units = ingest::ReadUnits(p->result.path, bytes);
    if (units.ok()) read = ingest::ReadTable(p->result.path, bytes, *p->schema, model::OrgTree(), {}, &p->places);
  } else {
    read = ingest::ReadTable(p->result.path, bytes, *p->schema, tree, options, &p->places);
  }
  hasher.join();
  if (!sha.ok()) return Status::IoError(p->result.path + ": cannot be read");
  if (!file.Unchanged()) {
    return Status::IoError(p->result.path + ": changed while it was read; import it once it is written whole");
  }
  p->result.sha256 = std::move(sha).value();
  // A byte-identical file is only reported, whatever the reader says of it now; one
  // identical to a batch in the trash is that batch's to restore (its bytes are
  // stored once: the table's SHA-256s are unique).
  NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> same, BatchWithSha(p->schema->name, p->result.sha256));
  if (same && same->state != BatchState::kActive) {
    Problem problem;
    problem.code = Msg::kStoreSameAsTrashed;
    problem.args = {std::to_string(same->id), same->removed_at, same->removed_by};
    problem.file = p->result.path;
    return Status::Problems({std::move(problem)});
  }
  if (same) {
    p->skip = true;
    p->result.already_stored = true;
    p->result.batch_id = same->id;
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
  // Row identifiers (the engine does not keep them) come from the same read, one
  // text per row.
  for (size_t c = 0; c < p->schema->columns.size(); ++c) {
    if (p->schema->columns[c].stored) continue;
    Column& col = p->table.columns[c];
    col.dictionary = std::move(p->places.identifiers[c]);
    col.i32.resize(p->table.rows);
    for (size_t r = 0; r < p->table.rows; ++r) {
      col.i32[r] = col.dictionary[r].empty() ? engine::kNullText : static_cast<int32_t>(r);
    }
  }
  SortKeyHashes(p);
  // The reader finds keys written twice; a key spelt two ways (f and F) is one key too.
  for (size_t i = 1; i < p->sorted_hashes.size(); ++i) {
    if (p->sorted_hashes[i] != p->sorted_hashes[i - 1]) continue;
    for (size_t j = i; j-- > 0 && p->sorted_hashes[j] == p->sorted_hashes[i];) {
      size_t a = p->sorted_rows[j], b = p->sorted_rows[i];
      if (!SameKey(*p->schema, p->table, a, p->table, b)) continue;
      return Status::Problems(
          {AtKey(*p, b, Msg::kCsvDuplicateKey,
                 {KeyText(*p->schema, p->table, b), std::to_string(p->places.row_lines[a])})});
    }
  }
  p->period = PeriodOf(p->table);
  p->result.read_seconds = Seconds(start);
  return Status::Ok();
}

// The key hash of each row of `p`, and the hashes sorted with the row of each.
void Store::Impl::SortKeyHashes(Prepared* p) {
  // (hash, row) pairs, packed in 12 bytes, sort in place without chasing row indexes
  // into the hashes.
#pragma pack(push, 4)
  struct HashRow {
    uint64_t hash;
    uint32_t row;
    bool operator<(const HashRow& o) const { return hash != o.hash ? hash < o.hash : row < o.row; }
  };
#pragma pack(pop)
  static_assert(sizeof(HashRow) == 12);
  std::vector<HashRow> order(p->table.rows);
  {
    const std::vector<uint64_t> hashes = KeyHashes(*p->schema, p->table);
    for (uint32_t r = 0; r < order.size(); ++r) order[r] = {hashes[r], r};
  }
  std::sort(order.begin(), order.end());
  p->sorted_rows.resize(order.size());
  p->sorted_hashes.resize(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    p->sorted_hashes[i] = order[i].hash;
    p->sorted_rows[i] = order[i].row;
  }
}

StatusOr<std::optional<BatchInfo>> Store::Impl::BatchWithSha(const std::string& table,
                                                             const std::string& sha) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string(internal::kBatchColumns) +
                                                " WHERE table_name = ?1 AND sha256 = ?2"));
  s.Bind(1, table).Bind(2, sha);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<BatchInfo>();
  return std::optional<BatchInfo>(internal::ReadBatchInfo(s));
}

// Keys of `p` already held by stored batches of its table (but those it supersedes)
// or by earlier files of this import.
Status Store::Impl::CheckCollisions(const Prepared& p, const std::vector<const Prepared*>& earlier,
                                    const std::set<int64_t>& leaving) {
  NARA_ASSIGN_OR_RETURN(std::vector<KeyHit> hits, HashHits(p, earlier, leaving));
  if (hits.empty()) return Status::Ok();
  return ConfirmCollisions(p, std::move(hits));
}

// Rows of `p` whose key hash a stored batch of its table (but those leaving) or an
// earlier file of this import also holds: candidates, by merging sorted hash arrays.
StatusOr<std::vector<Store::Impl::KeyHit>> Store::Impl::HashHits(const Prepared& p,
                                                                 const std::vector<const Prepared*>& earlier,
                                                                 const std::set<int64_t>& leaving) {
  std::vector<KeyHit> hits;
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
      db.Prepare("SELECT k.batch_id, k.hashes, k.rows FROM batch_keys k JOIN batches b ON b.id = k.batch_id "
                 "WHERE b.table_name = ?1 AND b.state = 'active' ORDER BY k.batch_id"));
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
  return hits;
}

// Confirms each hash match on the keys themselves, in file order, and reports the
// collisions (up to kMaxListed) with what to do about them.
Status Store::Impl::ConfirmCollisions(const Prepared& p, std::vector<KeyHit> hits) {
  std::sort(hits.begin(), hits.end(), [](const KeyHit& a, const KeyHit& b) { return a.row < b.row; });
  std::map<int64_t, Table> stored;
  std::map<int64_t, std::vector<int32_t>> stored_lines;
  std::map<int64_t, std::string> names;
  for (const KeyHit& h : hits) {
    if (h.batch && !stored.count(h.batch)) {
      NARA_ASSIGN_OR_RETURN(stored[h.batch], ReadBatch(h.batch, *p.schema, KeyPositions(*p.schema)));
    }
  }
  std::vector<Problem> listed;
  size_t total = 0;
  std::set<int64_t> batches_hit;
  uint32_t last_row = UINT32_MAX;
  for (const KeyHit& h : hits) {
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
      listed.push_back(
          AtKey(p, h.row, Msg::kStoreKeyStored,
                {KeyText(*p.schema, p.table, h.row), std::to_string(h.batch), FileName(names[h.batch]),
                 std::to_string(h.other_row < lines.size() ? lines[h.other_row] : 0)}));
    } else {
      listed.push_back(AtKey(p, h.row, Msg::kStoreKeyInThisImport,
                             {KeyText(*p.schema, p.table, h.row),
                              std::to_string(h.file->places.row_lines[h.other_row]), h.file->result.path}));
    }
  }
  if (total == 0) return Status::Ok();
  AppendCollisionAdvice(batches_hit, total, &listed);
  return Status::Problems(std::move(listed));
}

// What to do follows the collisions: about the import, not a place in the file.
void Store::Impl::AppendCollisionAdvice(const std::set<int64_t>& batches_hit, size_t total,
                                        std::vector<Problem>* listed_out) {
  std::vector<Problem>& listed = *listed_out;
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
}

Status Store::Impl::CheckFiles(std::vector<Prepared>* files, const std::vector<size_t>& order,
                               std::set<int64_t>* leaving_out) {
  // Batches leaving: named with --supersede, and every active units batch when a new
  // tree comes in.
  std::set<int64_t>& leaving = *leaving_out;
  leaving.clear();
  for (size_t i : order) {
    Prepared& p = (*files)[i];
    if (p.skip) continue;
    for (int64_t old : p.supersede) {
      NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> b, BatchById(old));
      if (!b)
        return Status::NotFound("--supersede " + std::to_string(old) + ": no such batch (see nara batches)");
      if (b->table != p.schema->name) {
        return Status::Invalid("--supersede " + std::to_string(old) + ": batch " + std::to_string(old) +
                               " holds " + b->table + ", not " + p.schema->name);
      }
      NARA_RETURN_IF_ERROR(RefuseTrashed(*b));
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
  return Status::Ok();
}

Status Store::Impl::CheckAndWrite(std::vector<Prepared>* files, const std::vector<size_t>& order,
                                  const ConfigRow& current, const std::string& user) {
  std::set<int64_t> leaving;
  NARA_RETURN_IF_ERROR(CheckFiles(files, order, &leaving));
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
      NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("UPDATE batches SET config_version = ?1 WHERE id = ?2"));
      s.Bind(1, version).Bind(2, p.result.batch_id);
      NARA_RETURN_IF_ERROR(s.Run());
      p.result.config_version = version;
    }
  }
  return Status::Ok();
}

// How much of a dictionary BLOB is encoded at a time.
constexpr size_t kBlobPiece = 4 << 20;

Status Store::Impl::WriteBatch(Prepared* p, int64_t config_version, const std::string& user) {
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
      Statement k,
      db.Prepare("INSERT INTO batch_keys(batch_id, hashes, rows, lines) VALUES(?1, ?2, ?3, ?4)"));
  std::string_view hashes = AsBytes(p->sorted_hashes), rows = AsBytes(p->sorted_rows),
                   lines = AsBytes(p->places.row_lines);
  // As the blocks below: zeros first, then written in place (no copy in SQLite's row).
  k.Bind(1, id).BindZeroBlob(2, hashes.size()).BindZeroBlob(3, rows.size()).BindZeroBlob(4, lines.size());
  NARA_RETURN_IF_ERROR(k.Run());
  for (auto [column, bytes] : {std::pair{"hashes", hashes}, {"rows", rows}, {"lines", lines}}) {
    NARA_ASSIGN_OR_RETURN(BlobWriter blob, db.OpenBlob("batch_keys", column, id));
    NARA_RETURN_IF_ERROR(blob.Write(0, bytes));
  }
  // Written, and not read again: the import's checks are done.
  std::vector<uint64_t>().swap(p->sorted_hashes);
  std::vector<uint32_t>().swap(p->sorted_rows);
  std::vector<int32_t>().swap(p->places.row_lines);
  NARA_ASSIGN_OR_RETURN(
      Statement c,
      db.Prepare(
          "INSERT INTO blocks(batch_id, position, name, dictionary, data) VALUES(?1, ?2, ?3, ?4, ?5)"));
  // Each block is inserted as zeros and written in place (BlobWriter): an identifier
  // column's dictionary (a text per row, tens of MB) is never encoded whole, nor
  // copied into a row by SQLite.
  for (size_t col = 0; col < p->schema->columns.size(); ++col) {
    const ColumnSchema& cs = p->schema->columns[col];
    const engine::Column& column = p->table.columns[col];
    const bool texts = cs.type == ColumnType::kText || cs.type == ColumnType::kUnit;
    EncodedColumn e = EncodeColumn(column, cs.type, p->table.rows, /*with_dictionary=*/false);
    c.Bind(1, id).Bind(2, static_cast<int64_t>(col)).Bind(3, cs.name);
    if (texts) {
      c.BindZeroBlob(4, DictionarySize(column.dictionary));
    } else {
      c.BindNull(4);
    }
    c.BindZeroBlob(5, e.data.size());
    NARA_RETURN_IF_ERROR(c.Run());
    const int64_t block = db.LastInsertRowid();
    NARA_ASSIGN_OR_RETURN(BlobWriter data, db.OpenBlob("blocks", "data", block));
    NARA_RETURN_IF_ERROR(data.Write(0, e.data));
    if (texts) {
      NARA_ASSIGN_OR_RETURN(BlobWriter dictionary, db.OpenBlob("blocks", "dictionary", block));
      size_t at = 0;
      NARA_RETURN_IF_ERROR(EncodeDictionaryInPieces(column.dictionary, kBlobPiece, [&](std::string_view piece) {
        Status written = dictionary.Write(at, piece);
        at += piece.size();
        return written;
      }));
    }
    // Written: the column is not read again (an identifier column holds a text per row).
    p->table.columns[col] = engine::Column{cs.type};
  }
  for (int64_t old : p->supersede) {
    NARA_RETURN_IF_ERROR(Trash(old, BatchState::kSuperseded, id, user));
    p->result.superseded.push_back(old);
    NARA_RETURN_IF_ERROR(Journal(user, "supersede", old,
                                 "replaced by batch " + std::to_string(id) + " (" + p->result.path +
                                     "); kept in the trash, restorable"));
  }
  return Journal(user, "import", id,
                 p->schema->name + " " + std::to_string(p->result.rows) + " rows from " + p->result.path +
                     " sha256 " + p->result.sha256);
}

// --- Store ---------------------------------------------------------------------------------

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

}  // namespace nara::store
