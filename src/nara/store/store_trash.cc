// The trash: a superseded or removed batch keeps its record, blocks and key index,
// marked with its state, and leaves the data (Load, Export, key checks) until it is
// restored or purged; and the previews that say what an import or a removal would
// change before it is made.
#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "nara/base/time.h"
#include "nara/engine/expr.h"
#include "nara/ingest/contract.h"
#include "nara/store/column_block.h"
#include "nara/store/sqlite.h"
#include "nara/store/store_impl.h"

namespace nara::store {

using internal::FileName;
using internal::KeyText;
using internal::kMaxListed;
using internal::Now;
using internal::PeriodColumn;
using internal::SameKey;

namespace {

Problem Refusal(Msg code, std::vector<std::string> args) {
  Problem p;
  p.code = code;
  p.args = std::move(args);
  return p;
}

std::string JoinIds(const std::set<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ", ") + std::to_string(id);
  return s;
}

// The month (a year for a column of years) a row's value of `c` falls in, as a number
// that sorts as time does; INT64_MIN for a null.
int64_t PeriodKey(const Column& c, size_t row) {
  switch (c.type) {
    case ColumnType::kInstant:
      return c.i64[row] == engine::kNullI64 ? INT64_MIN : MonthOfDays(LocalDay(c.i64[row]));
    case ColumnType::kDate:
      return c.i32[row] == engine::kNullI32 ? INT64_MIN : MonthOfDays(c.i32[row]);
    case ColumnType::kMonth:
    case ColumnType::kYear:
      return c.i32[row] == engine::kNullI32 ? INT64_MIN : c.i32[row];
    default:
      return INT64_MIN;
  }
}

// Adds (sign +1) or takes away (-1) each row of `c` to the count of its month. Rows
// mostly come in date order, so counts are gathered in runs.
void CountPeriods(const Column& c, size_t rows, int64_t sign, std::map<int64_t, int64_t>* counts) {
  int64_t run_key = INT64_MIN, run = 0;
  for (size_t r = 0; r < rows; ++r) {
    int64_t key = PeriodKey(c, r);
    if (key != run_key) {
      if (run && run_key != INT64_MIN) (*counts)[run_key] += sign * run;
      run_key = key;
      run = 0;
    }
    ++run;
  }
  if (run && run_key != INT64_MIN) (*counts)[run_key] += sign * run;
}

// The tables an indicator language expression reads (its aggregates' sources).
void TablesOf(const engine::Expr& e, std::set<std::string>* tables) {
  if (e.source) {
    tables->insert(e.source->table);
    if (e.source->where) TablesOf(*e.source->where, tables);
  }
  for (const auto& arg : e.args) {
    if (arg) TablesOf(*arg, tables);
  }
}

// The ids of the catalogue's indicators whose value, numerator or denominator reads
// `table`. An expression that does not parse reads nothing here (check-config says
// why); the configuration stored is checked when it is stored.
std::vector<std::string> IndicatorsReading(const std::vector<model::IndicatorDef>& catalogue,
                                           const std::string& table) {
  std::vector<std::string> ids;
  for (const model::IndicatorDef& d : catalogue) {
    std::set<std::string> tables;
    for (const std::string* text : {&d.value, &d.numerator, &d.denominator}) {
      if (text->empty()) continue;
      auto parsed = engine::ParseExpression(*text);
      if (parsed.ok()) TablesOf(**parsed, &tables);
    }
    if (tables.count(table)) ids.push_back(d.id);
  }
  return ids;
}

}  // namespace

// --- Store::Impl ---------------------------------------------------------------------------

Status Store::Impl::Trash(int64_t id, BatchState state, int64_t superseded_by, const std::string& user) {
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db.Prepare("UPDATE batches SET state = ?2, superseded_by = ?3, removed_at = ?4, removed_by = ?5 "
                 "WHERE id = ?1 AND state = 'active'"));
  s.Bind(1, id).Bind(2, BatchStateName(state)).Bind(4, Now()).Bind(5, user);
  if (superseded_by) {
    s.Bind(3, superseded_by);
  } else {
    s.BindNull(3);
  }
  return s.Run();
}

Status Store::Impl::RefuseTrashed(const BatchInfo& b) {
  if (b.state == BatchState::kRemoved) {
    return Status::Problems(
        {Refusal(Msg::kStoreAlreadyRemoved, {std::to_string(b.id), b.removed_at, b.removed_by})});
  }
  if (b.state == BatchState::kSuperseded) {
    return Status::Problems({Refusal(Msg::kStoreAlreadySuperseded,
                                     {std::to_string(b.id), std::to_string(b.superseded_by), b.removed_at})});
  }
  return Status::Ok();
}

StatusOr<ChangePreview> Store::Impl::PreviewOf(const std::string& table, const std::vector<int64_t>& out,
                                               const Table* in) {
  ChangePreview preview;
  preview.table = table;
  preview.batches_out = out;
  const TableSchema* schema = ingest::FindContractTable(table);
  if (schema == nullptr) return Status::Internal("stored table '" + table + "' is not in the data contract");
  // The tree's valid_from places no rows in time: a units file has no months.
  const int period = table == "units" ? -1 : PeriodColumn(*schema);
  std::map<int64_t, int64_t> before, after;
  NARA_ASSIGN_OR_RETURN(auto batches, BatchesOf(table));
  for (const StoredBatch& b : batches) {
    const bool leaving = std::find(out.begin(), out.end(), b.id) != out.end();
    if (leaving) preview.rows_out += b.rows;
    if (period < 0) continue;
    NARA_ASSIGN_OR_RETURN(Table t, ReadBatch(b.id, *schema, {period}));
    const Column& c = t.columns[static_cast<size_t>(period)];
    CountPeriods(c, t.rows, 1, &before);
    if (!leaving) CountPeriods(c, t.rows, 1, &after);
  }
  if (in != nullptr) {
    preview.rows_in = static_cast<int64_t>(in->rows);
    if (period >= 0) CountPeriods(in->columns[static_cast<size_t>(period)], in->rows, 1, &after);
  }
  const ColumnType type = period < 0 ? ColumnType::kDate : schema->columns[static_cast<size_t>(period)].type;
  auto text = [type](int64_t key) {
    return type == ColumnType::kYear ? std::to_string(key) : FormatMonth(static_cast<Month>(key));
  };
  std::set<int64_t> keys;
  for (const auto& [k, n] : before) {
    keys.insert(k);
    if (n > 0) preview.months_before.push_back(text(k));
  }
  for (const auto& [k, n] : after) {
    keys.insert(k);
    if (n > 0) preview.months_after.push_back(text(k));
  }
  for (int64_t k : keys) {
    auto b = before.find(k);
    auto a = after.find(k);
    int64_t nb = b == before.end() ? 0 : b->second, na = a == after.end() ? 0 : a->second;
    if (nb != na) preview.months.push_back({text(k), nb, na});
  }
  return preview;
}

// --- Store ---------------------------------------------------------------------------------

StatusOr<BatchInfo> Store::Impl::Removable(int64_t id, const std::string& where,
                                           std::optional<ConfigRow>* current) {
  NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> b, BatchById(id));
  if (!b) return Status::NotFound("no batch " + std::to_string(id) + " (see nara batches)");
  NARA_RETURN_IF_ERROR(RefuseTrashed(*b));
  NARA_ASSIGN_OR_RETURN(*current, CurrentConfigRow());
  if (*current && (*current)->info.units_batch == id) {
    // The tree goes back to units.toml, which must still place every active row.
    NARA_ASSIGN_OR_RETURN(model::OrgTree toml_tree, TomlTree((*current)->units_toml, where));
    NARA_RETURN_IF_ERROR(CheckRowsFit(toml_tree, std::set<int64_t>{id}, "the configuration's tree (units.toml)"));
  }
  return *std::move(b);
}

Status Store::RemoveBatch(int64_t id, const std::string& user) {
  Impl& m = *impl_;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kWrite));
  std::optional<Impl::ConfigRow> current;
  NARA_ASSIGN_OR_RETURN(BatchInfo b, m.Removable(id, path(), &current));
  if (current && current->info.units_batch == id) {
    Impl::ConfigRow next = *current;
    next.units_csv.reset();
    next.info.units_batch = 0;
    next.info.source = "units.toml after removing batch " + std::to_string(id);
    NARA_RETURN_IF_ERROR(m.InsertConfig(next, user).status());
  }
  NARA_RETURN_IF_ERROR(m.Trash(id, BatchState::kRemoved, 0, user));
  NARA_RETURN_IF_ERROR(m.Journal(user, "remove", id,
                                 b.table + " " + std::to_string(b.rows) + " rows from " + b.file_name +
                                     "; kept in the trash, restorable"));
  return txn.Commit();
}

StatusOr<ChangePreview> Store::PreviewRemove(int64_t id) {
  Impl& m = *impl_;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
  std::optional<Impl::ConfigRow> current;
  NARA_ASSIGN_OR_RETURN(BatchInfo b, m.Removable(id, path(), &current));
  NARA_ASSIGN_OR_RETURN(ChangePreview preview, m.PreviewOf(b.table, {id}, nullptr));
  std::vector<model::Problem> problems;
  NARA_ASSIGN_OR_RETURN(model::Config config, LoadStoredConfig(&problems));
  preview.indicators = IndicatorsReading(config.catalogue, b.table);
  NARA_RETURN_IF_ERROR(txn.Commit());
  return preview;
}

StatusOr<ChangePreview> Store::PreviewImport(const ImportRequest& request) {
  Impl& m = *impl_;
  std::vector<Impl::Prepared> files;
  std::vector<size_t> order;
  for (int attempt = 0;; ++attempt) {
    int64_t version = 0;
    NARA_RETURN_IF_ERROR(m.PrepareAll({request}, &files, &order, &version, {}));
    NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kRead));
    NARA_ASSIGN_OR_RETURN(auto current, m.CurrentConfigRow());
    if (!current || current->info.version != version) {
      if (attempt < 2) continue;
      return Status::IoError(path() + ": the configuration keeps changing; try again");
    }
    Impl::Prepared& p = files.front();
    ChangePreview preview;
    if (p.skip) {
      preview.table = p.schema->name;
      preview.already_stored = p.result.batch_id;
    } else {
      std::set<int64_t> leaving;
      NARA_RETURN_IF_ERROR(m.CheckFiles(&files, order, &leaving));
      NARA_ASSIGN_OR_RETURN(preview, m.PreviewOf(p.schema->name, {leaving.begin(), leaving.end()}, &p.table));
    }
    preview.file_name = p.result.path;
    std::vector<model::Problem> problems;
    NARA_ASSIGN_OR_RETURN(model::Config config, LoadStoredConfig(&problems));
    preview.indicators = IndicatorsReading(config.catalogue, preview.table);
    NARA_RETURN_IF_ERROR(txn.Commit());
    return preview;
  }
}

Status Store::RestoreBatch(int64_t id, const std::string& user) {
  Impl& m = *impl_;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> b, m.BatchById(id));
  if (!b) return Status::NotFound("no batch " + std::to_string(id) + " (see nara batches)");
  const std::string batch = std::to_string(id);
  if (b->state == BatchState::kActive) return Status::Problems({Refusal(Msg::kStoreNotInTrash, {batch})});
  // A restore never takes another batch out of the data by itself: the batch that
  // replaced this one is removed first, deliberately (and stays restorable).
  if (b->state == BatchState::kSuperseded && b->superseded_by) {
    NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> by, m.BatchById(b->superseded_by));
    if (by && by->state == BatchState::kActive) {
      return Status::Problems({Refusal(Msg::kStoreRestoreSuperseder, {batch, std::to_string(by->id)})});
    }
  }
  const TableSchema* schema = ingest::FindContractTable(b->table);
  if (schema == nullptr)
    return Status::Internal("stored table '" + b->table + "' is not in the data contract");
  NARA_ASSIGN_OR_RETURN(auto current, m.CurrentConfigRow());
  if (!current) return Status::Internal(path() + ": batches without a configuration");
  if (b->table == "units") {
    // Its tree comes back into force, alone, and must place every active row.
    NARA_ASSIGN_OR_RETURN(auto units, m.BatchesOf("units"));
    if (!units.empty()) {
      return Status::Problems(
          {Refusal(Msg::kStoreRestoreUnitsActive, {batch, std::to_string(units.front().id)})});
    }
    NARA_ASSIGN_OR_RETURN(Statement s,
                          m.db.Prepare("SELECT units_csv FROM config_versions WHERE units_batch = ?1 "
                                       "AND units_csv IS NOT NULL ORDER BY version LIMIT 1"));
    s.Bind(1, id);
    NARA_ASSIGN_OR_RETURN(bool found, s.Step());
    if (!found) return Status::Internal("batch " + batch + ": the tree it brought is not stored");
    Impl::ConfigRow next = *current;
    next.units_csv = std::string(s.Text(0));
    next.info.units_batch = id;
    next.info.source = FileName(b->file_name) + " (batch " + batch + ", restored)";
    NARA_ASSIGN_OR_RETURN(model::OrgTree tree, m.TreeOf(next));
    Status fits = m.CheckRowsFit(tree, std::set<int64_t>{}, "its tree");
    if (!fits.ok()) return Status::Problems({Refusal(Msg::kStoreRestoreTree, {batch, fits.message()})});
    NARA_RETURN_IF_ERROR(m.InsertConfig(next, user).status());
  } else {
    // Its keys must be free among the active batches of its table.
    NARA_ASSIGN_OR_RETURN(Statement own,
                          m.db.Prepare("SELECT hashes, rows FROM batch_keys WHERE batch_id = ?1"));
    own.Bind(1, id);
    NARA_ASSIGN_OR_RETURN(bool has_keys, own.Step());
    if (!has_keys) return Status::Internal("batch " + batch + " has no key index");
    NARA_ASSIGN_OR_RETURN(std::vector<uint64_t> hashes, FromBytes<uint64_t>(own.Blob(0)));
    NARA_ASSIGN_OR_RETURN(std::vector<uint32_t> rows, FromBytes<uint32_t>(own.Blob(1)));
    if (hashes.size() != rows.size()) return Status::Internal("key index of batch " + batch + " is broken");
    struct Hit {
      uint32_t row;
      int64_t batch;
      uint32_t other_row;
    };
    std::vector<Hit> hits;
    NARA_ASSIGN_OR_RETURN(
        Statement s,
        m.db.Prepare("SELECT k.batch_id, k.hashes, k.rows FROM batch_keys k JOIN batches b ON "
                     "b.id = k.batch_id WHERE b.table_name = ?1 AND b.state = 'active' ORDER BY k.batch_id"));
    s.Bind(1, b->table);
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      const int64_t other = s.Int(0);
      NARA_ASSIGN_OR_RETURN(std::vector<uint64_t> oh, FromBytes<uint64_t>(s.Blob(1)));
      NARA_ASSIGN_OR_RETURN(std::vector<uint32_t> orows, FromBytes<uint32_t>(s.Blob(2)));
      if (oh.size() != orows.size())
        return Status::Internal("key index of batch " + std::to_string(other) + " is broken");
      size_t i = 0, j = 0;
      while (i < hashes.size() && j < oh.size()) {
        if (hashes[i] < oh[j]) {
          ++i;
        } else if (oh[j] < hashes[i]) {
          ++j;
        } else {
          size_t j_end = j;
          while (j_end < oh.size() && oh[j_end] == hashes[i]) ++j_end;
          for (const uint64_t h = hashes[i]; i < hashes.size() && hashes[i] == h; ++i) {
            for (size_t k = j; k < j_end; ++k) hits.push_back({rows[i], other, orows[k]});
          }
          j = j_end;
        }
      }
    }
    if (!hits.empty()) {
      std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& c) { return a.row < c.row; });
      const std::vector<int> keys = Impl::KeyPositions(*schema);
      NARA_ASSIGN_OR_RETURN(Table mine, m.ReadBatch(id, *schema, keys));
      std::map<int64_t, Table> others;
      std::map<int64_t, std::string> files;
      std::vector<Problem> listed;
      std::set<int64_t> holders;
      size_t total = 0;
      uint32_t last_row = UINT32_MAX;
      for (const Hit& h : hits) {
        if (!others.count(h.batch)) {
          NARA_ASSIGN_OR_RETURN(others[h.batch], m.ReadBatch(h.batch, *schema, keys));
          NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> holder, m.BatchById(h.batch));
          files[h.batch] = holder ? FileName(holder->file_name) : "?";
        }
        if (h.row == last_row || !SameKey(*schema, mine, h.row, others[h.batch], h.other_row)) continue;
        last_row = h.row;
        ++total;
        holders.insert(h.batch);
        if (listed.size() < kMaxListed) {
          listed.push_back(Refusal(Msg::kStoreRestoreKeyHeld,
                                   {KeyText(*schema, mine, h.row), std::to_string(h.batch), files[h.batch]}));
        }
      }
      if (total > 0) {
        if (total > listed.size()) {
          listed.push_back(Refusal(Msg::kStoreRestoreMoreKeys, {std::to_string(total - listed.size())}));
        }
        listed.push_back(Refusal(Msg::kStoreRestoreNothing, {batch, JoinIds(holders)}));
        return Status::Problems(std::move(listed));
      }
    }
    // And the tree in force must place its rows (it may have changed since).
    int64_t version = 0;
    NARA_ASSIGN_OR_RETURN(model::OrgTree tree, m.TreeInForce(&version));
    Status fits = m.CheckBatchesFit(tree, {id}, "the tree in force");
    if (!fits.ok()) return Status::Problems({Refusal(Msg::kStoreRestoreTree, {batch, fits.message()})});
  }
  NARA_ASSIGN_OR_RETURN(Statement s,
                        m.db.Prepare("UPDATE batches SET state = 'active', superseded_by = NULL, "
                                     "removed_at = NULL, removed_by = NULL WHERE id = ?1"));
  s.Bind(1, id);
  NARA_RETURN_IF_ERROR(s.Run());
  const std::string was = b->state == BatchState::kSuperseded
                              ? "replaced by batch " + std::to_string(b->superseded_by)
                              : std::string("removed");
  NARA_RETURN_IF_ERROR(m.Journal(user, "restore", id,
                                 b->table + " " + std::to_string(b->rows) + " rows from " + b->file_name +
                                     " (" + was + " " + b->removed_at + " by " + b->removed_by + ")"));
  return txn.Commit();
}

StatusOr<std::vector<BatchInfo>> Store::PurgeBatches(const PurgeRequest& request, const std::string& user) {
  Impl& m = *impl_;
  if (request.ids.empty() && request.removed_before.empty()) {
    return Status::Invalid("name the batches to purge, or how old they must be");
  }
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(m.db, Transaction::Kind::kWrite));
  std::vector<BatchInfo> purged;
  std::set<int64_t> seen;
  for (int64_t id : request.ids) {
    NARA_ASSIGN_OR_RETURN(std::optional<BatchInfo> b, m.BatchById(id));
    if (!b) return Status::NotFound("no batch " + std::to_string(id) + " (see nara batches)");
    if (b->state == BatchState::kActive) {
      return Status::Problems({Refusal(Msg::kStorePurgeActive, {std::to_string(id)})});
    }
    if (seen.insert(id).second) purged.push_back(std::move(*b));
  }
  if (!request.removed_before.empty()) {
    NARA_ASSIGN_OR_RETURN(Statement s,
                          m.db.Prepare(std::string(internal::kBatchColumns) +
                                       " WHERE state <> 'active' AND removed_at <= ?1 ORDER BY id"));
    s.Bind(1, request.removed_before);
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      BatchInfo b = internal::ReadBatchInfo(s);
      if (seen.insert(b.id).second) purged.push_back(std::move(b));
    }
  }
  std::sort(purged.begin(), purged.end(), [](const BatchInfo& a, const BatchInfo& b) { return a.id < b.id; });
  // Audited, but not journalled: nothing Load reads changes, so Revision() stays and a
  // server has nothing to reload.
  for (const BatchInfo& b : purged) {
    NARA_RETURN_IF_ERROR(m.DeleteBatch(b.id));
    NARA_RETURN_IF_ERROR(AppendAudit(m.db, Actor{user, m.client}, "purge", "batch " + std::to_string(b.id),
                                     b.table + " " + std::to_string(b.rows) + " rows from " + b.file_name +
                                         " (" + BatchStateName(b.state) + " " + b.removed_at + " by " +
                                         b.removed_by + "); deleted for good"));
  }
  NARA_RETURN_IF_ERROR(txn.Commit());
  return purged;
}

}  // namespace nara::store
