#include "nara/store/sqlite.h"

#include <sqlite3.h>

#include <filesystem>

namespace nara::store {

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

namespace {

// SQLITE_BUSY (another writer past the timeout), SQLITE_FULL, SQLITE_IOERR,
// SQLITE_CORRUPT …: all failures of the store, not of the user's input.
Status FromCode(const std::string& message) { return Status::IoError(message); }

Status ErrorOf(sqlite3* db, const std::string& path, std::string_view what) {
  return FromCode(path + ": " + std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace

StatusOr<Database> Database::Open(const std::string& path, bool create, int busy_ms) {
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no such database (nara import --db creates one)");
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return FromCode(path + ": cannot open: " + message);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_ms);
  return db;
}

Status Database::Error(std::string_view what) const { return ErrorOf(db_.get(), path_, what); }

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string m = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return FromCode(path_ + ": " + m);
}

StatusOr<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error("cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
  return Statement(stmt, db_.get(), path_);
}

StatusOr<int64_t> Database::QueryInt(std::string_view sql) {
  NARA_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

int64_t Database::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }

StatusOr<BlobWriter> Database::OpenBlob(const char* table, const char* column, int64_t rowid) {
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db_.get(), "main", table, column, rowid, 1, &blob) != SQLITE_OK) {
    Status s = Error(std::string("cannot open ") + table + "." + column + " for writing");
    sqlite3_blob_close(blob);
    return s;
  }
  return BlobWriter(blob, path_ + ": " + table + "." + column);
}

void BlobWriter::Closer::operator()(sqlite3_blob* blob) const { sqlite3_blob_close(blob); }

Status BlobWriter::Write(size_t offset, std::string_view bytes) {
  if (offset + bytes.size() > static_cast<size_t>(sqlite3_blob_bytes(blob_.get()))) {
    return Status::Internal(what_ + ": a write past the end of the value");
  }
  int rc = sqlite3_blob_write(blob_.get(), bytes.data(), static_cast<int>(bytes.size()), static_cast<int>(offset));
  if (rc != SQLITE_OK) return Status::IoError(what_ + ": cannot write: " + sqlite3_errstr(rc));
  return Status::Ok();
}

void Statement::Note(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_.empty()) {
    bind_error_ = "cannot bind parameter " + std::to_string(index) + ": " + sqlite3_errstr(rc);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  Note(sqlite3_bind_int64(stmt_.get(), index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  Note(sqlite3_bind_double(stmt_.get(), index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  Note(sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
       index);
  return *this;
}

Statement& Statement::BindBlob(int index, const void* data, size_t size) {
  // A zero-length blob must not be bound as NULL (sqlite treats a null pointer so).
  static const char kEmpty = 0;
  Note(sqlite3_bind_blob64(stmt_.get(), index, size ? data : &kEmpty, size, SQLITE_STATIC), index);
  return *this;
}

Statement& Statement::BindZeroBlob(int index, size_t size) {
  Note(sqlite3_bind_zeroblob64(stmt_.get(), index, size), index);
  return *this;
}

Statement& Statement::BindNull(int index) {
  Note(sqlite3_bind_null(stmt_.get(), index), index);
  return *this;
}

StatusOr<bool> Statement::Step() {
  if (!bind_error_.empty()) return Status::Internal(path_ + ": " + bind_error_);
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = ErrorOf(db_, path_, "cannot run '" + std::string(sqlite3_sql(stmt_.get())).substr(0, 60) + "'");
  sqlite3_reset(stmt_.get());
  return s;
}

Status Statement::Run() {
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  Reset();
  return Status::Ok();
}

void Statement::Reset() { sqlite3_reset(stmt_.get()); }

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

double Statement::Real(int column) const { return sqlite3_column_double(stmt_.get(), column); }

std::string_view Statement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_.get(), column);
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string_view();
}

std::string_view Statement::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_.get(), column);
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string_view();
}

StatusOr<Transaction> Transaction::Begin(Database& db, Kind kind) {
  NARA_RETURN_IF_ERROR(db.Exec(kind == Kind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Database* db = db_;
  db_ = nullptr;
  Status s = db->Exec("COMMIT");
  if (!s.ok()) (void)db->Exec("ROLLBACK");
  return s;
}

}  // namespace nara::store
