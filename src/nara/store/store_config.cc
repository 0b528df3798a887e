// Configuration versions: storing and reading the configuration, the tree in force,
// and whether a tree places every stored row.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/store/sha256.h"
#include "nara/store/sqlite.h"
#include "nara/store/store_impl.h"

namespace nara::store {

using internal::kMaxListed;
using internal::Now;
using internal::Show;

namespace fs = std::filesystem;

namespace {

// Length-prefixed, so no two different sets of texts hash alike.
std::string ConfigSha(const std::string& units, const std::string& plans, const std::string& indicators,
                      const std::optional<std::string>& units_csv) {
  std::string all;
  for (const std::string* s : {&units, &plans, &indicators}) all += std::to_string(s->size()) + ":" + *s;
  if (units_csv) all += "csv" + std::to_string(units_csv->size()) + ":" + *units_csv;
  return Sha256Hex(all);
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

StatusOr<std::optional<Store::Impl::ConfigRow>> Store::Impl::CurrentConfigRow() {
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
StatusOr<model::OrgTree> Store::Impl::TreeOf(const ConfigRow& c) {
  std::string where = db.path() + "[v" + std::to_string(c.info.version) + "]";
  if (c.units_csv) {
    NARA_ASSIGN_OR_RETURN(auto versions, ingest::ReadUnits(where + "/units.csv", *c.units_csv));
    return model::OrgTree::Build(std::move(versions));
  }
  return TomlTree(c.units_toml, where);
}

StatusOr<model::OrgTree> Store::Impl::TomlTree(const std::string& text, const std::string& where) {
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

StatusOr<model::OrgTree> Store::Impl::TreeInForce(int64_t* version) {
  NARA_ASSIGN_OR_RETURN(auto current, CurrentConfigRow());
  if (!current) {
    return Status::NotFound(db.path() + ": no configuration stored yet (nara import stores the one in use)");
  }
  *version = current->info.version;
  if (tree_version != current->info.version) {
    NARA_ASSIGN_OR_RETURN(tree, TreeOf(*current));
    tree_version = current->info.version;
  }
  return tree;
}

StatusOr<int64_t> Store::Impl::InsertConfig(const ConfigRow& c, const std::string& user) {
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

// Every active row (but those of `skip` batches) must be placed by `tree`: its unit
// known and valid on the row's date. `what` opens the message.
Status Store::Impl::CheckRowsFit(const model::OrgTree& tree, const std::set<int64_t>& skip,
                                 const std::string& what) {
  NARA_ASSIGN_OR_RETURN(auto batches, BatchesOf(""));
  std::vector<int64_t> only;
  for (const StoredBatch& b : batches) {
    if (!skip.count(b.id)) only.push_back(b.id);
  }
  return CheckBatchesFit(tree, only, what);
}

Status Store::Impl::CheckBatchesFit(const model::OrgTree& tree, const std::vector<int64_t>& only,
                                    const std::string& what) {
  NARA_ASSIGN_OR_RETURN(auto all, BatchesOf("", /*with_trash=*/true));
  std::vector<StoredBatch> batches;
  for (const StoredBatch& b : all) {
    if (std::find(only.begin(), only.end(), b.id) != only.end()) batches.push_back(b);
  }
  std::vector<std::string> problems;
  size_t total = 0;
  for (const StoredBatch& b : batches) {
    if (b.table == "units") continue;
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

// --- Store ---------------------------------------------------------------------------------

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

}  // namespace nara::store
