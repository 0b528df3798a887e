// The one place nara touches SQLite: RAII over a connection (sqlite3*) and its
// prepared statements (sqlite3_stmt*, finalised by a unique_ptr deleter), and a
// transaction guard that rolls back unless committed. Every failure is a Status
// carrying SQLite's own message; SQLITE_BUSY after the busy timeout is an I/O error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nara/base/status.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace nara::store {

class Statement;
class BlobWriter;

class Database {
 public:
  // Opens (or, with `create`, creates) the database file at `path`. A missing file
  // without `create` is NotFound. The connection waits up to `busy_ms` for locks.
  static StatusOr<Database> Open(const std::string& path, bool create, int busy_ms = 10000);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database() = default;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  StatusOr<Statement> Prepare(std::string_view sql);
  // The first value of the first row of `sql` as an integer (0 when there is no row).
  StatusOr<int64_t> QueryInt(std::string_view sql);

  int64_t LastInsertRowid() const;
  // The BLOB of `column` in row `rowid` of `table`, open for writing: a value
  // inserted with Statement::BindZeroBlob and filled in pieces, so that a value of
  // tens of MB is never built whole in memory (by nara or by SQLite).
  StatusOr<BlobWriter> OpenBlob(const char* table, const char* column, int64_t rowid);
  const std::string& path() const { return path_; }
  // A Status for the connection's last error: "PATH: what: sqlite message".
  Status Error(std::string_view what) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

class BlobWriter {
 public:
  BlobWriter(BlobWriter&&) noexcept = default;
  BlobWriter& operator=(BlobWriter&&) noexcept = default;
  ~BlobWriter() = default;

  // Writes `bytes` at `offset`; the BLOB keeps its size (writing past it fails).
  Status Write(size_t offset, std::string_view bytes);

 private:
  friend class Database;
  struct Closer {
    void operator()(sqlite3_blob* blob) const;
  };
  BlobWriter(sqlite3_blob* blob, std::string what) : blob_(blob), what_(std::move(what)) {}

  std::unique_ptr<sqlite3_blob, Closer> blob_;
  std::string what_;  // "PATH: table.column"
};

class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  ~Statement() = default;

  // Parameters are 1-based. Text is copied; a blob is NOT copied and must stay alive
  // until the statement is stepped or reset.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, const void* data, size_t size);
  Statement& BindNull(int index);
  // A BLOB of `size` zero bytes, to be filled with Database::WriteBlob.
  Statement& BindZeroBlob(int index, size_t size);

  // Steps once: true when a row is ready, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to the end (for INSERT/UPDATE/DELETE), then resets for reuse.
  Status Run();
  // Ready to run again; bindings stay.
  void Reset();

  // Columns of the current row, 0-based. Views stay valid until the next Step/Reset.
  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  std::string_view Text(int column) const;
  std::string_view Blob(int column) const;

 private:
  friend class Database;
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  Statement(sqlite3_stmt* stmt, sqlite3* db, std::string path)
      : stmt_(stmt), db_(db), path_(std::move(path)) {}
  void Note(int rc, int index);

  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  sqlite3* db_;       // the connection, for its error message; owned by Database
  std::string path_;  // for messages
  std::string bind_error_;
};

// BEGIN (IMMEDIATE for a writer, so it takes the write lock up front and never has to
// upgrade) … COMMIT; rolled back when destroyed uncommitted.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };
  static StatusOr<Transaction> Begin(Database& db, Kind kind);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace nara::store
