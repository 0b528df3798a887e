// The store's commands (SPEC C2): `nara import`, `nara batches`, `nara remove-batch`,
// `nara restore-batch`, `nara purge-batches` and `nara export`, and the loader behind
// `nara compute --db`. Each Run* prints its user messages to `out` and returns a
// Status that cli.cc maps to the exit code (DataError/Invalid/NotFound: 2; I/O: 3).
//
// A removed or superseded batch goes to the store's trash and can be restored;
// only purge-batches deletes for good, and asks first (or takes --yes).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/ingest/extract_dir.h"
#include "nara/model/config.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct ImportArgs {
  std::string db;
  std::vector<std::string> files;
  std::string table;               // empty: each file's table from its name
  std::vector<int64_t> supersede;  // each goes with the one file of the batch's table
  std::string config_dir;          // empty: the database's own, or the default for a new one
  std::string user;                // empty: the login name
  bool dry_run = false;            // print what each file would change, write nothing
};

// Imports the files into the database (created if missing) as one transaction, after
// storing the configuration when --config is given or the database has none. Each
// path must be a regular file (or a link to one): a folder, a pipe or a device is
// Invalid and a missing file NotFound, before the database is opened.
// With `dry_run` each file is read and checked as the import would, and what it would
// change is printed (Store::PreviewImport: rows out and in, months before and after,
// the indicators that read its table); the database must exist and nothing is written
// (--config is then Invalid).
Status RunImport(const ImportArgs& args, std::ostream& out);

// Lists the batches, those in the trash too: id, table, file, sha-256, rows, period,
// loaded at, by, config version, and state (active, superseded by N, removed; when and
// by whom). `format` is "table" or "csv".
Status RunBatches(const std::string& db, const std::string& format, std::ostream& out);

// Moves a batch to the trash (restorable) and says so.
Status RunRemoveBatch(const std::string& db, int64_t id, const std::string& user, std::ostream& out);
// Brings a batch back from the trash.
Status RunRestoreBatch(const std::string& db, int64_t id, const std::string& user, std::ostream& out);

struct PurgeArgs {
  std::string db;
  std::vector<int64_t> ids;  // or:
  std::string older_than;    // "90d", "12w", "6m", "1y": every batch in the trash that long
  bool yes = false;          // no question asked
  std::string user;          // empty: the login name
};
// Deletes batches in the trash for good. The batches are listed first; then, without
// `yes`, the question is asked when `in` is the terminal (anything but y/yes/j/ja
// purges nothing), and a script (`in` not the terminal) is refused (Invalid: give
// --yes). Exactly one of ids and older_than (else Invalid).
Status RunPurgeBatches(const PurgeArgs& args, std::istream& in, std::ostream& out);

// Writes one table of the database as a contract CSV in `dialect` ("standard" or
// "excel-sv", export/csv.h). An existing `out_path` is replaced only with `force`
// (else Invalid, and the file is untouched).
Status RunExport(const std::string& db, const std::string& table, const std::string& out_path,
                 const std::string& dialect, bool force, std::ostream& out);

// For `nara compute --db`: every stored row as the engine's tables. The tree is the
// database's units.csv when one is in force, else `configured_tree`.
StatusOr<ingest::Extract> LoadStore(const std::string& db, const model::OrgTree& configured_tree);

// For `nara compute --db` without --config: the configuration stored in the database
// (the version in force, stored in *version when `version` is not null), problems
// appended as model::LoadConfig does.
StatusOr<model::Config> LoadStoreConfig(const std::string& db, std::vector<model::Problem>* problems,
                                        int64_t* version = nullptr);

// The login name for the store's records: $USER, $LOGNAME, the password entry, or "unknown".
std::string LoginName();

// Registers the store's subcommands on `app`; after app.parse(), Run() runs the one given.
class StoreCommands {
 public:
  explicit StoreCommands(CLI::App* app);
  // True if one of the store's subcommands was given; *status is then its result.
  // purge-batches reads its confirmation from `in` (asked only when it is a terminal).
  bool Run(std::istream& in, std::ostream& out, Status* status);

 private:
  CLI::App* import_ = nullptr;
  CLI::App* batches_ = nullptr;
  CLI::App* remove_ = nullptr;
  CLI::App* restore_ = nullptr;
  CLI::App* purge_ = nullptr;
  CLI::App* export_ = nullptr;
  ImportArgs import_args_;
  PurgeArgs purge_args_;
  std::string db_;
  std::string format_ = "table";
  int64_t batch_ = 0;
  std::string table_;
  std::string out_path_;
  std::string dialect_ = "standard";
  bool force_ = false;
};

}  // namespace nara::cli
