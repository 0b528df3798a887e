#include "nara/serve/backend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "nara/follow/follow_up.h"

namespace nara::serve {
namespace {

// The problems follow a heading that says to run check-config, each in its place (the
// API shows them like a file's); `stored`: the configuration came from the database,
// which the user does not edit, and the last line says what to do about it.
Status CheckConfig(const model::Config& config, std::vector<model::Problem> problems, bool stored = false) {
  for (const model::Problem& p : follow::CheckCatalogue(config.catalogue)) problems.push_back(p);
  return model::ConfigStatus(std::move(problems), stored);
}

// A folder of extracts has no batches to remove, restore, purge or preview.
Status ReadOnly() { return Status::Invalid(Say(Lang::kEn, Msg::kErrReadOnly)); }

class FolderBackend : public Backend {
 public:
  FolderBackend(std::string data_dir, std::string config_dir, SteadyClock clock)
      : data_dir_(std::move(data_dir)), config_dir_(std::move(config_dir)), clock_(std::move(clock)) {}

  StatusOr<Loaded> Load() override {
    Loaded l;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      l.revision = LookLocked();
    }
    std::vector<model::Problem> problems;
    l.config = model::LoadConfig(config_dir_, &problems);
    NARA_RETURN_IF_ERROR(CheckConfig(l.config, std::move(problems)));
    NARA_ASSIGN_OR_RETURN(l.extract, ingest::LoadExtractDir(data_dir_, l.config.tree));
    for (const std::string& path : l.extract.ignored) {
      std::fprintf(
          stderr, "nara serve: %s names no table of the data contract (expected e.g. visits.csv); not read\n",
          path.c_str());
    }
    return l;
  }
  bool can_import() const override { return false; }
  StatusOr<store::ImportResult> Import(const Upload&) override {
    return Status::Invalid(Say(Lang::kEn, Msg::kErrReadOnly));
  }
  StatusOr<std::vector<store::BatchInfo>> Batches() override { return std::vector<store::BatchInfo>{}; }
  // The folders are looked at (names, sizes and modification times of their files)
  // at most once a second, so a request costs no system calls in between.
  StatusOr<int64_t> Revision() override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = clock_();
    if (revision_ > 0 && now - looked_at_ < std::chrono::seconds(1)) return revision_;
    return LookLocked();
  }
  std::string Describe() const override { return "folder " + data_dir_; }
  std::string Shown() const override {
    std::filesystem::path dir = std::filesystem::path(data_dir_).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();  // "data/example/"
    return "folder " + dir.filename().string();
  }
  std::string database_path() const override { return ""; }
  std::string upload_dir() const override { return ""; }

 private:
  // Call with mutex_ held: takes the folders' fingerprint and moves the revision on
  // when it differs from the last one.
  int64_t LookLocked() {
    looked_at_ = clock_();
    std::string fingerprint;
    for (const std::string& dir : {data_dir_, config_dir_}) {
      std::error_code ec;
      std::vector<std::string> entries;
      // Not recursive: the extracts and the configuration are read from the folders'
      // own files only.
      for (auto it = std::filesystem::directory_iterator(dir, ec);
           !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::error_code fec;
        if (!it->is_regular_file(fec)) continue;
        auto size = it->file_size(fec);
        auto time = it->last_write_time(fec).time_since_epoch().count();
        entries.push_back(it->path().string() + "\t" + std::to_string(size) + "\t" + std::to_string(time));
      }
      std::sort(entries.begin(), entries.end());
      for (const std::string& e : entries) fingerprint += e + "\n";
    }
    if (revision_ == 0 || fingerprint != fingerprint_) {
      ++revision_;
      fingerprint_ = std::move(fingerprint);
    }
    return revision_;
  }

  std::string data_dir_;
  std::string config_dir_;
  SteadyClock clock_;
  std::mutex mutex_;  // for the fields below
  int64_t revision_ = 0;
  std::string fingerprint_;
  std::chrono::steady_clock::time_point looked_at_;
};

// The folder uploads are written to while they are imported: `<db>.uploads`, made
// private (0700) and emptied of what an earlier run left.
StatusOr<std::filesystem::path> PrepareUploadDir(const std::string& db_path) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(db_path).string() + ".uploads";
  std::error_code ec;
  fs::create_directory(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) return Status::IoError("cannot create the upload folder " + dir.string());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return Status::IoError("cannot make the upload folder " + dir.string() + " private: " + ec.message());
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code rec;
    fs::remove_all(it->path(), rec);
  }
  return dir;
}

class StoreBackend : public Backend {
 public:
  StoreBackend(store::Store store, store::Store watch, std::string config_dir, std::filesystem::path upload_dir)
      : store_(std::move(store)),
        watch_(std::move(watch)),
        config_dir_(std::move(config_dir)),
        upload_dir_(std::move(upload_dir)) {}

  StatusOr<Loaded> Load() override {
    Loaded l;
    // Taken first: a commit while loading then shows as a later revision, and the
    // next request loads again rather than missing it.
    NARA_ASSIGN_OR_RETURN(l.revision, Revision());
    std::lock_guard<std::mutex> lock(mutex_);
    NARA_ASSIGN_OR_RETURN(std::optional<store::ConfigVersion> version, store_.CurrentConfig());
    if (version) {
      l.config_version = version->version;
      l.config_sha256 = version->sha256;
    }
    std::vector<model::Problem> problems;
    NARA_ASSIGN_OR_RETURN(l.config, store_.LoadStoredConfig(&problems));
    NARA_RETURN_IF_ERROR(CheckConfig(l.config, std::move(problems), /*stored=*/true));
    NARA_ASSIGN_OR_RETURN(l.extract, store_.Load(l.config.tree));
    return l;
  }
  bool can_import() const override { return true; }

  // What the store is asked for an upload. It reads the upload's file where it is;
  // the batch records the file's own name, as `nara import visits.csv` does, and the
  // table is taken from it: the temporary path means nothing once the upload is done.
  static store::ImportRequest RequestFor(const Upload& upload) {
    store::ImportRequest request;
    request.path = upload.path;
    request.name = SafeFileName(upload.file_name);
    request.table = upload.table;
    if (upload.supersede) request.supersede.push_back(*upload.supersede);
    return request;
  }

  StatusOr<store::ImportResult> Import(const Upload& upload) override {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.SetClient(upload.client);
    auto results = store_.Import({RequestFor(upload)}, upload.user);
    // Problems name the file as the user knows it: the store reads it under `name`.
    if (!results.ok()) return results.status();
    if (results->size() != 1) return Status::Internal("one upload gave " + std::to_string(results->size()));
    return std::move(results->front());
  }

  Status RemoveBatch(int64_t id, const store::Actor& by) override {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.SetClient(by.client);
    return store_.RemoveBatch(id, by.user);
  }
  Status RestoreBatch(int64_t id, const store::Actor& by) override {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.SetClient(by.client);
    return store_.RestoreBatch(id, by.user);
  }
  StatusOr<std::vector<store::BatchInfo>> PurgeBatches(const store::PurgeRequest& request,
                                                       const store::Actor& by) override {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.SetClient(by.client);
    return store_.PurgeBatches(request, by.user);
  }
  StatusOr<store::ChangePreview> PreviewImport(const Upload& upload) override {
    std::lock_guard<std::mutex> lock(mutex_);
    // As Import asks the store, but nothing is written.
    return store_.PreviewImport(RequestFor(upload));
  }
  StatusOr<store::ChangePreview> PreviewRemove(int64_t id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.PreviewRemove(id);
  }

  // On the watching connection: the list is read while an upload is being imported
  // (the request answering it does not wait for the import).
  StatusOr<std::vector<store::BatchInfo>> Batches() override {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    return watch_.Batches();
  }
  StatusOr<int64_t> Revision() override {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    return watch_.Revision();
  }
  std::string Describe() const override { return "database " + store_.path(); }
  std::string Shown() const override { return "database " + std::filesystem::path(store_.path()).filename().string(); }
  std::string database_path() const override { return store_.path(); }
  std::string upload_dir() const override { return upload_dir_.string(); }

 private:
  std::mutex mutex_;  // for store_
  store::Store store_;
  // A second connection that only watches for changes, so requests asking for the
  // revision never wait behind an import on store_; it also sees store_'s own commits
  // (data_version moves for commits of other connections only).
  std::mutex watch_mutex_;
  store::Store watch_;
  std::string config_dir_;
  std::filesystem::path upload_dir_;
};

}  // namespace

// The last path component of an uploaded file's name (a browser may send a whole
// Windows path), control characters and the characters of a path's volume or quoting
// replaced: the name its batch records and its table is taken from.
std::string SafeFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || c == ':' || c == '"') ? '_' : c;
  }
  if (out.empty() || out == "." || out == "..") out = "upload.csv";
  return out;
}

Status Backend::RemoveBatch(int64_t, const store::Actor&) { return ReadOnly(); }
Status Backend::RestoreBatch(int64_t, const store::Actor&) { return ReadOnly(); }
StatusOr<std::vector<store::BatchInfo>> Backend::PurgeBatches(const store::PurgeRequest&,
                                                              const store::Actor&) {
  return ReadOnly();
}
StatusOr<store::ChangePreview> Backend::PreviewImport(const Upload&) { return ReadOnly(); }
StatusOr<store::ChangePreview> Backend::PreviewRemove(int64_t) { return ReadOnly(); }

std::unique_ptr<Backend> MakeFolderBackend(std::string data_dir, std::string config_dir, SteadyClock clock) {
  return std::make_unique<FolderBackend>(std::move(data_dir), std::move(config_dir), std::move(clock));
}

StatusOr<std::unique_ptr<Backend>> MakeStoreBackend(const std::string& db_path, std::string config_dir,
                                                    const std::string& user) {
  NARA_ASSIGN_OR_RETURN(store::Store store, store::Store::Open(db_path, /*create=*/true));
  NARA_ASSIGN_OR_RETURN(std::optional<store::ConfigVersion> current, store.CurrentConfig());
  if (!current) {
    NARA_RETURN_IF_ERROR(store.StoreConfig(config_dir, user).status());
  }
  NARA_ASSIGN_OR_RETURN(store::Store watch, store::Store::Open(db_path, /*create=*/false));
  NARA_ASSIGN_OR_RETURN(std::filesystem::path upload_dir, PrepareUploadDir(db_path));
  return std::unique_ptr<Backend>(std::make_unique<StoreBackend>(std::move(store), std::move(watch),
                                                                 std::move(config_dir), std::move(upload_dir)));
}

}  // namespace nara::serve
