// Where `nara serve` gets its data and where uploads go: a small interface with two
// implementations, so the server does not care whether it reads a folder of CSV
// extracts (--data, read-only) or the durable store (--db, SQLite, imports allowed).
// Revision() and Batches() may be called from several threads at once and do not
// wait for an import in progress; the API serialises the other calls.
#pragma once

#include <chrono>
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
#include "nara/store/audit.h"
#include "nara/store/store.h"

namespace nara::serve {

// One version of everything the server shows: the configuration and the data read
// with it. The tree in force is extract.tree.
struct Loaded {
  model::Config config;
  ingest::Extract extract;
  // The store's configuration version the results are computed with (its SHA-256
  // beside it); 0 and empty for a folder, whose configuration is not versioned.
  int64_t config_version = 0;
  std::string config_sha256;
  // Backend::Revision() as it was before the data was read.
  int64_t revision = 0;
};

// An uploaded file to import: its bytes are in a file of their own (made by the API
// from the request's body, api::ParseUpload), never in memory.
struct Upload {
  std::string file_name;  // as the browser sent it; only its last path component is used
  std::string path;       // where the bytes are; the backend reads them and leaves the file
  // Keeps the file at `path` while the upload is alive: whoever made it decides what
  // becomes of it (ParseUpload's is removed when the last copy of the Upload is gone).
  std::shared_ptr<const void> keep;
  std::string table;  // empty: from the file name
  std::optional<int64_t> supersede;
  std::string user;    // the signed-in user it is stored by (auth.h)
  std::string client;  // their address, for the audit trail
};

// The last path component of an uploaded file's name (a browser may send a whole
// Windows path), control characters and the characters of a path's volume or quoting
// replaced: the name its batch records and its table is taken from.
std::string SafeFileName(std::string_view name);

class Backend {
 public:
  virtual ~Backend() = default;
  // Reads the configuration and all data. DataError for a broken configuration or file.
  virtual StatusOr<Loaded> Load() = 0;
  // Whether Import can ever succeed (false for a folder of extracts).
  virtual bool can_import() const = 0;
  // Validates the upload whole and stores it as one batch (the same rules as `nara
  // import`). Errors name the upload's own file name: "visits.csv:3:7: message".
  virtual StatusOr<store::ImportResult> Import(const Upload& upload) = 0;
  virtual StatusOr<std::vector<store::BatchInfo>> Batches() = 0;
  // The trash (store/store.h): a batch taken out of the data and brought back, batches
  // deleted for good, and what an upload or a removal would change (nothing written).
  // Recorded in the audit trail as done by `by`. A folder of extracts has no batches:
  // each is Invalid (kErrReadOnly), like Import.
  virtual Status RemoveBatch(int64_t id, const store::Actor& by);
  virtual Status RestoreBatch(int64_t id, const store::Actor& by);
  virtual StatusOr<std::vector<store::BatchInfo>> PurgeBatches(const store::PurgeRequest& request,
                                                               const store::Actor& by);
  virtual StatusOr<store::ChangePreview> PreviewImport(const Upload& upload);
  virtual StatusOr<store::ChangePreview> PreviewRemove(int64_t id);
  // A number that grows whenever what Load() would read changes, by this server or by
  // another process (`nara import`, `remove-batch` on the same database; a file
  // dropped into, changed in or removed from a folder, seen within a second). Cheap
  // enough for every request, and never waits for an import in progress.
  virtual StatusOr<int64_t> Revision() = 0;
  // "folder data/example" or "database /srv/nara/nara.db", for the server's own
  // messages.
  virtual std::string Describe() const = 0;
  // What readers of the API and the pages are told: "folder example" or "database
  // nara.db", without the server's paths.
  virtual std::string Shown() const = 0;
  // The SQLite database file comments may share, or empty.
  virtual std::string database_path() const = 0;
  // The private folder (mode 0700) uploads are written to while they arrive and are
  // imported, or empty when the backend cannot import. It is emptied when the backend
  // is made, so what a crash left there does not stay.
  virtual std::string upload_dir() const = 0;
};

// What time it is, for the folder backend's "at most once a second"; tests pass a
// clock they move themselves.
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// A folder of CSV extracts read with ingest::LoadExtractDir and the configuration in
// `config_dir`. It cannot import (the API answers 409 Conflict, code read_only).
std::unique_ptr<Backend> MakeFolderBackend(std::string data_dir, std::string config_dir,
                                           SteadyClock clock = &std::chrono::steady_clock::now);

// The store at `db_path` (created when missing). When the database holds no
// configuration yet, the one in `config_dir` is stored first, by `user`. Its
// upload_dir() is a private folder beside the database (`<db>.uploads`, mode 0700;
// the server writes files 0600 there), emptied when the backend is made so that
// nothing an earlier crash left stays there. Import reads the upload's file where it
// is, recording the upload's own file name.
StatusOr<std::unique_ptr<Backend>> MakeStoreBackend(const std::string& db_path, std::string config_dir,
                                                    const std::string& user);

}  // namespace nara::serve
