// INTERNAL to the store module: included only by store.cc, store_config.cc,
// store_import.cc, store_load.cc and store_trash.cc. The state of one Store (its
// connection, the tree in force, what Revision() last saw) and the helpers its parts
// share:
// - store.cc         opening, the schema, the journal, reading batches back, batches,
//                    Revision, Check;
// - store_config.cc  configuration versions, the tree in force, placing stored rows;
// - store_import.cc  planning, reading and validating files, key collisions, writing;
// - store_load.cc    Store::Load into the engine's tables, Export to CSV;
// - store_trash.cc   the trash: remove, restore, purge, and the previews of a change.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nara/base/messages.h"
#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/store/access.h"
#include "nara/store/audit.h"
#include "nara/store/reports.h"
#include "nara/store/sqlite.h"
#include "nara/store/store.h"

namespace nara::store {

using engine::Column;
using engine::ColumnSchema;
using engine::ColumnType;
using engine::Table;
using engine::TableSchema;

namespace internal {

inline constexpr size_t kMaxListed = 10;  // collisions and misplaced rows named in one message

// The current time as the store records it (Swedish local time).
std::string Now();
// A value quoted for a message, cut after 40 characters.
std::string Show(std::string_view v);

// "SELECT <every column of a batch's record> FROM batches", to be followed by WHERE
// or ORDER BY, and the BatchInfo of a row it gave.
extern const char* const kBatchColumns;
BatchInfo ReadBatchInfo(const Statement& s);

// The column that places a batch in time, for its period: the table's date column,
// else population's year and the tree's valid_from; -1 when none.
int PeriodColumn(const TableSchema& schema);
// "visit_id 'V1'" / "unit_id 'vc_a', date '2024-01-02'", for messages.
std::string KeyText(const TableSchema& schema, const Table& t, size_t row);
// Whether row `ra` of `a` and row `rb` of `b` have the same key.
bool SameKey(const TableSchema& schema, const Table& a, size_t ra, const Table& b, size_t rb);
// The last path component, as messages name a stored batch's file.
std::string FileName(std::string_view path);

}  // namespace internal

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
  std::function<int64_t()> clock;  // Store::SetClock; empty: CLOCK_REALTIME
  std::string client;              // Store::SetClient: recorded in the audit trail
  // In WAL mode (nara's stores are) every commit writes the WAL, which is held open so
  // that looking at it is an fstat() without a path lookup. No lock of SQLite's is on
  // that file, so this descriptor's close cannot release one (POSIX drops a process's
  // locks on a file when any of its descriptors closes).
  std::optional<bool> wal_mode;
  int wal_fd = -1;

  explicit Impl(Database d) : db(std::move(d)) {}
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // The modification time and size of the file a commit writes: the WAL, or the
  // database file in another journal mode; zeros while it does not exist.
  std::array<int64_t, 2> CommitFileStamp();
  // Records what was done, by whom (and makes Revision() look again).
  Status Journal(const std::string& user, std::string_view action, int64_t batch, const std::string& detail);

  // --- configuration (store_config.cc) ---------------------------------------------------

  struct ConfigRow {
    ConfigVersion info;
    std::string units_toml, plans_toml, indicators_toml;
    std::optional<std::string> units_csv;
  };

  // The newest configuration version (the one in force), or nullopt.
  StatusOr<std::optional<ConfigRow>> CurrentConfigRow();
  // The tree a configuration row puts in force.
  StatusOr<model::OrgTree> TreeOf(const ConfigRow& c);
  // The tree of a stored units.toml; `where` names it in messages.
  static StatusOr<model::OrgTree> TomlTree(const std::string& text, const std::string& where);
  // The tree in force (parsed once per version) and its version.
  StatusOr<model::OrgTree> TreeInForce(int64_t* version);
  // Stores `c` as the next version, journalled; returns its number.
  StatusOr<int64_t> InsertConfig(const ConfigRow& c, const std::string& user);
  // Every active row (but those of `skip` batches) must be placed by `tree`: its unit
  // known and valid on the row's date. `what` opens the message.
  Status CheckRowsFit(const model::OrgTree& tree, const std::set<int64_t>& skip, const std::string& what);
  // The same for the rows of the batches `only` (in the trash or not).
  Status CheckBatchesFit(const model::OrgTree& tree, const std::vector<int64_t>& only,
                         const std::string& what);

  // --- reading batches (store.cc) ----------------------------------------------------------

  struct StoredBatch {
    int64_t id = 0;
    std::string table;
    std::string file_name;
    int64_t rows = 0;
  };

  // The store-form columns `positions` of a batch (others left empty).
  StatusOr<Table> ReadBatch(int64_t batch, const TableSchema& schema, const std::vector<int>& positions);
  static std::vector<int> AllPositions(const TableSchema& schema);
  static std::vector<int> KeyPositions(const TableSchema& schema);
  // The active batches of `table` (of every table when empty), by id; `with_trash`:
  // those in the trash too.
  StatusOr<std::vector<StoredBatch>> BatchesOf(std::string_view table, bool with_trash = false);
  // One batch's record, or nullopt.
  StatusOr<std::optional<BatchInfo>> BatchById(int64_t id);
  // The file line of each row of a batch.
  StatusOr<std::vector<int32_t>> LinesOf(int64_t batch);
  // Deletes a batch's blocks, key index and row for good (no journal entry).
  Status DeleteBatch(int64_t id);

  // --- the trash (store_trash.cc) ------------------------------------------------------

  // Moves an active batch to the trash as `state`, recording who and when (and, when
  // superseded, by which batch). No journal entry.
  Status Trash(int64_t id, BatchState state, int64_t superseded_by, const std::string& user);
  // Why batch `b` cannot leave the data (it is in the trash already), or Ok.
  static Status RefuseTrashed(const BatchInfo& b);
  // Batch `id` when it may be removed: it exists, is active, and, when it is the
  // units.csv in force, units.toml (read as `where`) still places every other active
  // row. `*current` gets the configuration in force. Inside the caller's transaction.
  StatusOr<BatchInfo> Removable(int64_t id, const std::string& where, std::optional<ConfigRow>* current);
  // The preview of `table` when `out` batches leave and `in` (a file's store-form
  // table, or null) comes in, inside the caller's read transaction.
  StatusOr<ChangePreview> PreviewOf(const std::string& table, const std::vector<int64_t>& out,
                                    const Table* in);

  // --- import (store_import.cc) ------------------------------------------------------------

  struct Prepared {
    size_t request = 0;  // index in the caller's list
    std::string source;  // where the file is read from; result.path names it
    const TableSchema* schema = nullptr;
    std::string bytes;
    ImportResult result;
    std::vector<int64_t> supersede;
    Table table;  // store form
    ingest::ReadPlaces places;  // row lines, fields, identifiers: from the read
    std::vector<uint64_t> sorted_hashes;  // ascending
    std::vector<uint32_t> sorted_rows;    // the row of each sorted hash
    std::pair<std::string, std::string> period;
    std::optional<model::OrgTree> tree;  // units.csv: the tree it brings
    bool skip = false;                   // already stored
  };

  // The whole import: plan, read and validate every file (outside the write lock),
  // then check and write them in one transaction against the tree read with.
  StatusOr<std::vector<ImportResult>> Import(const std::vector<ImportRequest>& requests,
                                             const std::string& user, const ImportProgress& progress);
  // Which table each file holds; a units.csv goes first, its tree serving the rest.
  static Status Plan(const std::vector<ImportRequest>& requests, std::vector<Prepared>* files,
                     std::vector<size_t>* order);
  // Reads and validates one file (nothing touches the database).
  Status PrepareFile(Prepared* p, const model::OrgTree& tree);
  // The key hash of each row of `p`, and the hashes sorted with the row of each.
  static void SortKeyHashes(Prepared* p);
  // A problem at the key of data row `row` of the file `p`.
  static Problem AtKey(const Prepared& p, size_t row, Msg code, std::vector<std::string> args);
  // The batch of `table` holding a file with this SHA-256 (active or in the trash), or
  // nullopt.
  StatusOr<std::optional<BatchInfo>> BatchWithSha(const std::string& table, const std::string& sha);
  // Reads and validates every file of `requests` against the tree in force (outside
  // any transaction); *version is the configuration version read with.
  Status PrepareAll(const std::vector<ImportRequest>& requests, std::vector<Prepared>* files,
                    std::vector<size_t>* order, int64_t* version, const ImportProgress& progress);
  // Inside a transaction: the batches leaving (named with --supersede, which must be
  // active batches of the file's table; every active units batch for a new tree), key
  // collisions, the new tree placing every active row. Nothing is written.
  Status CheckFiles(std::vector<Prepared>* files, const std::vector<size_t>& order,
                    std::set<int64_t>* leaving);
  // Under the write lock: CheckFiles, then writes every file (and a units.csv's
  // configuration version).
  Status CheckAndWrite(std::vector<Prepared>* files, const std::vector<size_t>& order,
                       const ConfigRow& current, const std::string& user);

  // Keys of `p` already held by stored batches of its table (but those it supersedes)
  // or by earlier files of this import.
  Status CheckCollisions(const Prepared& p, const std::vector<const Prepared*>& earlier,
                         const std::set<int64_t>& leaving);
  // A row of a file whose key hash another holds: a stored batch's row, or an earlier
  // file's of the same import.
  struct KeyHit {
    uint32_t row;          // in the file checked
    int64_t batch;         // stored batch, or 0 for an earlier file
    const Prepared* file;  // the earlier file
    uint32_t other_row;
  };
  // Candidates: rows whose key hash matches, found by merging sorted hash arrays.
  StatusOr<std::vector<KeyHit>> HashHits(const Prepared& p, const std::vector<const Prepared*>& earlier,
                                         const std::set<int64_t>& leaving);
  // Confirms the candidates on the key values and reports the collisions.
  Status ConfirmCollisions(const Prepared& p, std::vector<KeyHit> hits);
  // What to do about `total` collisions, appended after those listed.
  static void AppendCollisionAdvice(const std::set<int64_t>& batches_hit, size_t total,
                                    std::vector<Problem>* listed);

  // Inserts the batch, its column blocks and key index, moves the batches it
  // supersedes to the trash, and journals both.
  Status WriteBatch(Prepared* p, int64_t config_version, const std::string& user);
};

}  // namespace nara::store
