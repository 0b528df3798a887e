// Reading everything out: Store::Load into the engine's columnar tables, and Export
// of one table as a contract CSV.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "nara/base/text.h"
#include "nara/ingest/contract.h"
#include "nara/store/canonical.h"
#include "nara/store/column_block.h"
#include "nara/store/key_hash.h"
#include "nara/store/sqlite.h"
#include "nara/store/store_impl.h"

namespace nara::store {

using internal::Show;

namespace fs = std::filesystem;

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

// Batch-local codes of one text or unit block (`rows` values at `v`) → codes of the
// table's merged dictionary, or unit indexes of `tree`. A unit the tree does not know
// is a DataError naming `path`, the batch and the table.
Status Recode(const ColumnSchema& cs, std::string_view dictionary, bool first_batch, Interner* interner,
              const model::OrgTree& tree, int32_t* v, size_t rows, std::vector<int32_t>* remap_buffer,
              const std::string& path, int64_t batch, const std::string& name) {
  NARA_ASSIGN_OR_RETURN(auto dict, DecodeDictionary(dictionary));
  if (cs.type == ColumnType::kText && first_batch) {
    // The table's first batch: its codes are the merged dictionary's.
    interner->AppendDistinct(dict);
    for (size_t r = 0; r < rows; ++r) {
      if (v[r] != engine::kNullText && (v[r] < 0 || static_cast<size_t>(v[r]) >= dict.size())) {
        return Status::Internal("stored text code out of range");
      }
    }
    return Status::Ok();
  }
  std::vector<int32_t>& remap = *remap_buffer;
  remap.resize(dict.size());
  for (size_t i = 0; i < dict.size(); ++i) {
    if (cs.type == ColumnType::kText) {
      remap[i] = interner->Code(dict[i]);
      continue;
    }
    remap[i] = tree.Find(dict[i]);
    if (remap[i] < 0) {
      return Status::DataError(path + ": batch " + std::to_string(batch) + " (" + name + ") holds unit " +
                               Show(dict[i]) + ", which the organisation tree in use does not know");
    }
  }
  const int32_t size = static_cast<int32_t>(remap.size());
  for (size_t r = 0; r < rows; ++r) {
    int32_t code = v[r];
    if (code == engine::kNullText) continue;
    if (code < 0 || code >= size) return Status::Internal("stored text code out of range");
    v[r] = remap[static_cast<size_t>(code)];
  }
  return Status::Ok();
}

// Every active batch of table `name` (`total` rows together), in batch order, as one
// engine table in `extract` (its stored columns only); each batch is named in
// extract->files.
Status LoadTable(Database& db, const std::string& name, int64_t total, ingest::Extract* extract) {
  const std::string& path = db.path();
  const model::OrgTree& tree = extract->tree;
  const TableSchema* schema = ingest::FindContractTable(name);
  if (schema == nullptr)
    return Status::DataError(path + ": stored table '" + name + "' is not in the data contract");
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
      db.Prepare("SELECT b.id, b.rows, b.file_name, k.position, k.dictionary, k.data FROM batches b "
                 "JOIN blocks k ON k.batch_id = b.id WHERE b.table_name = ?1 AND b.state = 'active' "
                 "AND k.position IN (" +
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
      if (offset + batch_rows > t.rows) return Status::Internal(path + ": batch sizes changed while loading");
      extract->files.push_back(path + ": batch " + std::to_string(batch) + " (" + std::string(s.Text(2)) +
                               ")");
    }
    size_t c = static_cast<size_t>(s.Int(3));
    if (c >= schema->columns.size()) return Status::Internal("stored block out of range");
    const ColumnSchema& cs = schema->columns[c];
    std::string_view data = s.Blob(5);
    NARA_ASSIGN_OR_RETURN(size_t n, BlockCount(data));
    if (n != batch_rows) {
      return Status::Internal(path + ": batch " + std::to_string(batch) + " column " + cs.name + " holds " +
                              std::to_string(n) + " values for " + std::to_string(batch_rows) + " rows");
    }
    Column& out = t.columns[c];
    NARA_RETURN_IF_ERROR(DecodeInto(cs, data, offset, &out));
    if (cs.type != ColumnType::kText && cs.type != ColumnType::kUnit) continue;
    bool first_batch = out.dictionary.empty();
    NARA_RETURN_IF_ERROR(Recode(cs, s.Blob(4), first_batch, interners[c].get(), tree, out.i32.data() + offset,
                                batch_rows, &remap, path, batch, name));
  }
  if (offset + batch_rows != t.rows) return Status::Internal(path + ": batch sizes changed while loading");
  extract->data.tables.emplace(name, std::move(t));
  return Status::Ok();
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
  std::vector<std::pair<std::string, int64_t>> tables;
  {
    NARA_ASSIGN_OR_RETURN(
        Statement s, m.db.Prepare("SELECT table_name, sum(rows) FROM batches WHERE table_name <> "
                                  "'units' AND state = 'active' GROUP BY table_name ORDER BY table_name"));
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      tables.emplace_back(std::string(s.Text(0)), s.Int(1));
    }
  }
  for (const auto& [name, total] : tables) {
    NARA_RETURN_IF_ERROR(LoadTable(m.db, name, total, &extract));
  }
  NARA_RETURN_IF_ERROR(txn.Commit());
  return extract;
}

Status Store::Export(std::string_view table, const std::string& out_path) {
  Impl& m = *impl_;
  const TableSchema* schema = ingest::FindContractTable(AsciiLower(table));
  if (schema == nullptr) return Status::Invalid("unknown table '" + std::string(table) + "'");
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
  NARA_ASSIGN_OR_RETURN(auto batches, m.BatchesOf(schema->name));
  if (batches.empty()) return Status::NotFound("no active batch of table " + schema->name + " is stored");
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

}  // namespace nara::store
