// The durable store (SPEC C2, §4): a SQLite database of import batches and of the
// configuration they were read with. Monthly extracts go in, nothing is ever lost.
//
// - An import batch is one CSV extract, validated whole with ingest::ReadTable (its
//   row identifiers and line numbers from the same read, ingest::ReadPlaces) before
//   anything is written, then
//   stored in one transaction: its file name, SHA-256, size, rows, the period it
//   covers, who loaded it and when, the configuration version in force, and its
//   values in columnar blocks (one BLOB per column, column_block.h) with a sorted
//   index of its keys' hashes.
// - Keys (TableSchema::key) are unique across the active batches of a table. A row
//   whose key another batch holds is an error, unless the new file names that batch as
//   the one it supersedes (a re-extract): the old batch then leaves in the same
//   transaction.
// - Nothing leaves for good by accident: a superseded or removed batch goes to the
//   trash — its record and rows stay where they are, marked (BatchState), and Load,
//   Export and the key checks pass them by — until RestoreBatch brings it back or
//   PurgeBatches deletes it. PreviewImport and PreviewRemove say beforehand what a
//   change would take out and put in, writing nothing.
// - A byte-identical file (same SHA-256, same table) is recognised and changes nothing;
//   one identical to a batch in the trash is refused (restore that batch instead).
// - The configuration (units.toml, plans.toml, indicators.toml) is stored as text,
//   versioned, with its SHA-256. An imported units.csv replaces the tree (a new
//   configuration version); the tree must still place every stored row.
// - Crash safety and concurrency are SQLite's: WAL, synchronous=FULL, foreign keys;
//   a reader (Load, Export, Batches) reads one consistent snapshot while a writer
//   commits.
//
// One Store is one connection; use it from one thread at a time. Several processes
// and several Stores may use one database file at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/ingest/extract_dir.h"
#include "nara/model/config.h"

namespace nara::store {

// Where a batch is: in the data, or in the trash (kept whole, restorable).
enum class BatchState : uint8_t {
  kActive,
  kSuperseded,  // replaced by a later import (`--supersede`, or a newer units.csv)
  kRemoved,     // removed by `nara remove-batch` or the API
};
// "active", "superseded", "removed".
const char* BatchStateName(BatchState state);

struct BatchInfo {
  int64_t id = 0;
  std::string table;
  std::string file_name;  // the path the file was imported from (an upload: its own name)
  std::string sha256;     // of the file's bytes
  int64_t bytes = 0;
  int64_t rows = 0;
  std::string period_from;  // first and last day (month, year) of the table's date
  std::string period_to;    // column, canonical text; empty for tables without one
  std::string loaded_at;    // Swedish local time, YYYY-MM-DD HH:MM:SS
  std::string loaded_by;
  int64_t config_version = 0;
  std::vector<int64_t> supersedes;  // batches this one replaced
  BatchState state = BatchState::kActive;
  int64_t superseded_by = 0;  // kSuperseded: the batch that replaced it
  std::string removed_at;     // in the trash: when it left (superseded or removed), local time
  std::string removed_by;     // and by whom
};

// What an import or a removal would change in one table, computed without writing
// (Store::PreviewImport, Store::PreviewRemove).
struct ChangePreview {
  std::string table;
  std::string file_name;             // an import: the file's name as recorded
  int64_t already_stored = 0;        // an import: the batch holding the same bytes (nothing would change)
  std::vector<int64_t> batches_out;  // the batches that would go to the trash
  int64_t rows_out = 0;              // their rows
  int64_t rows_in = 0;               // the file's rows
  // The months (YYYY-MM; years for a table by year, population and surveys) that hold
  // a row of the table before and after the change, ascending; empty for a table
  // without a date (units).
  std::vector<std::string> months_before;
  std::vector<std::string> months_after;
  struct Month {
    std::string month;
    int64_t rows_before = 0;
    int64_t rows_after = 0;
  };
  std::vector<Month> months;  // every month whose count of rows changes, ascending
  // The catalogue's indicators (ids, catalogue order) whose value, numerator or
  // denominator reads the table, in the stored configuration in force.
  std::vector<std::string> indicators;
};

// Which trashed batches PurgeBatches deletes: those named (each must be in the trash),
// or, with `removed_before`, every batch that went to the trash at or before that
// local time ("2024-03-19 14:02:11"; `nara purge-batches --older-than 90d`).
struct PurgeRequest {
  std::vector<int64_t> ids;
  std::string removed_before;
};

struct ConfigVersion {
  int64_t version = 0;
  std::string created_at;  // Swedish local time
  std::string created_by;
  std::string source;       // the configuration folder, or the units.csv that replaced the tree
  std::string sha256;       // of the stored texts together
  int64_t units_batch = 0;  // the units.csv batch whose tree is in force; 0 = units.toml's
};

struct ImportRequest {
  std::string path;                // where the file is read from
  std::string table;               // empty: from the file name
  std::vector<int64_t> supersede;  // batches of the same table this file replaces
  // The file's name as recorded in its batch and named in messages, when `path` is
  // only where it sits (an upload written to a temporary folder); empty: `path`.
  std::string name;
};

struct ImportResult {
  std::string path;  // the request's name, or its path
  std::string table;
  int64_t batch_id = 0;         // the new batch, or the identical one already stored
  bool already_stored = false;  // byte-identical to batch_id; nothing was changed
  int64_t rows = 0;
  int64_t bytes = 0;
  std::string sha256;
  std::vector<int64_t> superseded;
  int64_t config_version = 0;  // in force for this batch
  double read_seconds = 0;     // reading and validating the file
};

// Called as each file has been read and validated (before anything is written).
using ImportProgress = std::function<void(const ImportResult& validated)>;

// The contract table a file holds by its name: the stem (case-insensitive) is a table
// name, or starts with one followed by '_', '-', '.' or ' ' (visits_2024-03.csv).
// The longest such table wins; nullptr when none fits.
const engine::TableSchema* TableForFile(std::string_view path);

class Store {
 public:
  // Opens the database at `path`; with `create`, creates it (and its schema) if
  // missing. NotFound when it does not exist and `create` is false; DataError when
  // the file is not a nara store or is of a newer format.
  static StatusOr<Store> Open(const std::string& path, bool create);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;

  // --- configuration -----------------------------------------------------------------
  // Stores the configuration in `config_dir` (its three TOML files, which must load
  // without problems) as a new version, unless it equals the version in force. A tree
  // from an imported units.csv stays in force. Returns the version in force after.
  StatusOr<ConfigVersion> StoreConfig(const std::string& config_dir, const std::string& user);
  // The version in force, or nullopt for a database without configuration.
  StatusOr<std::optional<ConfigVersion>> CurrentConfig();
  // The configuration of the version in force (with the units.csv tree when that is
  // in force), read back from the stored texts. Problems are appended as LoadConfig
  // does; files are named "DB[vN]/units.toml".
  StatusOr<model::Config> LoadStoredConfig(std::vector<model::Problem>* problems);
  // The organisation tree in force. NotFound for a database without configuration.
  StatusOr<model::OrgTree> Tree();

  // --- batches -----------------------------------------------------------------------
  // Imports the files as one transaction: all are read and validated first (against
  // the tree in force; a units.csv among them is taken first and its tree used for the
  // rest), then keys are checked against the store and each other, then everything is
  // written. Any problem writes nothing. Files already stored byte for byte are
  // reported as such and skipped. A broken file or key collisions (up to 10 listed)
  // are a DataError carrying its problems (Status::problems(): message id, file, line,
  // field); Invalid/NotFound for bad requests (unknown table, --supersede of a missing
  // batch or another table).
  StatusOr<std::vector<ImportResult>> Import(const std::vector<ImportRequest>& files, const std::string& user,
                                             const ImportProgress& progress = {});
  // One file; `table` empty = from the file name.
  StatusOr<ImportResult> Import(const std::string& file_path, std::string_view table,
                                std::optional<int64_t> supersede, const std::string& user);

  // What Import({request}) would do, computed without writing: the file is read and
  // checked as Import checks it (and refused with the same errors), then the preview
  // of its table before and after. A file already stored gives `already_stored` and
  // nothing in or out.
  StatusOr<ChangePreview> PreviewImport(const ImportRequest& request);

  // Every batch, by id, active or in the trash, with its state.
  StatusOr<std::vector<BatchInfo>> Batches();
  // Moves an active batch to the trash: its rows leave Load and Export and the key
  // checks, and stay restorable. Removing the units.csv batch in force returns the
  // tree to the configuration's units.toml (a new version), which must place every
  // active row. Audited as "remove". NotFound for an unknown id; a batch already in
  // the trash is a DataError (kStoreAlreadyRemoved, kStoreAlreadySuperseded).
  Status RemoveBatch(int64_t id, const std::string& user);
  // What RemoveBatch(id) would do, computed without writing (and refused as it would be).
  StatusOr<ChangePreview> PreviewRemove(int64_t id);
  // Brings a batch back from the trash into the data, audited as "restore". Refused
  // (DataError, each problem from the message catalogue) when
  //  - it is active already (kStoreNotInTrash);
  //  - it was superseded by a batch that is still active (kStoreRestoreSuperseder):
  //    remove that one first — a restore never takes another batch out by itself;
  //  - a key of its rows is held by an active batch (kStoreRestoreKeyHeld, naming the
  //    key and the batch, up to 10 and then a count; kStoreRestoreNothing last);
  //  - the tree in force does not place its rows (kStoreRestoreTree);
  //  - a units.csv batch while another one is active (kStoreRestoreUnitsActive), or
  //    whose tree would not place every active row (kStoreRestoreTree); restored, its
  //    tree is in force again (a new configuration version).
  // NotFound for an unknown id (or one purged).
  Status RestoreBatch(int64_t id, const std::string& user);
  // Deletes batches in the trash for good, each audited as "purge"; returns them as
  // they were. A named batch that is active is refused (kStorePurgeActive) and nothing
  // is deleted; NotFound for an unknown id. Invalid when the request names nothing.
  // Nothing Load reads changes, so Revision() does not move.
  StatusOr<std::vector<BatchInfo>> PurgeBatches(const PurgeRequest& request, const std::string& user);

  // The client address this connection's next changes are recorded with in the audit
  // trail (audit.h; the web server sets it before an upload; empty: the command line).
  void SetClient(std::string client);

  // Writes every row of `table` (its active batches, in batch then row order) to `out_path`
  // as a contract CSV: UTF-8, ',', the contract's columns in order, canonical values
  // (canonical.h). Written to a temporary file and renamed, so `out_path` is whole or
  // untouched. NotFound when no batch of the table is stored.
  Status Export(std::string_view table, const std::string& out_path);

  // Every active batch, as the engine's columnar tables (row identifiers not kept),
  // read from one snapshot. The tree is the stored units.csv's when one is in force,
  // else `configured_tree`; a stored unit id the tree does not know is a DataError.
  StatusOr<ingest::Extract> Load(const model::OrgTree& configured_tree);

  // A number that grows whenever a batch or a configuration version is written,
  // superseded, removed or restored, by this or any other connection (the journal's
  // last entry): whenever what Load reads changes. Cheap to call
  // on every request: while the database file and its WAL stay unchanged it only
  // stat()s them; otherwise it asks SQLite for data_version, and reads the journal
  // when that moved.
  StatusOr<int64_t> Revision();
  // The wall clock Revision() compares file times with, in ns since 1970 (default:
  // CLOCK_REALTIME). Tests move it instead of sleeping.
  void SetClock(std::function<int64_t()> realtime_ns);

  // --- maintenance -------------------------------------------------------------------
  // Problems found by SQLite's integrity check and by checking every batch whole (a
  // block per column, every block and key index as long as the batch): empty when fine.
  StatusOr<std::vector<std::string>> Check();
  // Copies the write-ahead log into the database file and empties the log.
  Status Checkpoint();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::store
