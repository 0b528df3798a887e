#include "nara/serve/comments.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <tuple>

#include "nara/base/time.h"

namespace nara::serve {
namespace {

bool Matches(const CommentFilter& f, const Comment& c) {
  return (f.subject_kind.empty() || f.subject_kind == c.subject_kind) &&
         (f.subject_id.empty() || f.subject_id == c.subject_id) &&
         (f.unit_id.empty() || f.unit_id == c.unit_id) && (f.period.empty() || f.period == c.period);
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;

class MemoryCommentStore : public CommentStore {
 public:
  StatusOr<std::vector<Comment>> List(const CommentFilter& filter) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Comment> out;
    for (const auto& [key, c] : comments_) {
      if (Matches(filter, c)) out.push_back(c);
    }
    return out;
  }
  StatusOr<Comment> Put(Comment c) override {
    std::lock_guard<std::mutex> lock(mutex_);
    c.updated_at = NowLocal();
    Key key{c.subject_kind, c.subject_id, c.unit_id, c.period};
    if (c.text.empty()) {
      comments_.erase(key);
    } else {
      comments_[key] = c;
    }
    return c;
  }

 private:
  std::mutex mutex_;
  std::map<Key, Comment> comments_;
};

class SqliteCommentStore : public CommentStore {
 public:
  explicit SqliteCommentStore(sqlite3* db) : db_(db) {}
  ~SqliteCommentStore() override { sqlite3_close_v2(db_); }

  StatusOr<std::vector<Comment>> List(const CommentFilter& f) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const char* sql =
        "SELECT subject_kind, subject_id, unit_id, period, text, author, updated_at FROM serve_comments "
        "WHERE (?1 = '' OR subject_kind = ?1) AND (?2 = '' OR subject_id = ?2) AND (?3 = '' OR unit_id = ?3) "
        "AND (?4 = '' OR period = ?4) ORDER BY subject_kind, subject_id, unit_id, period";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return Error("reading comments");
    Bind(st, 1, f.subject_kind);
    Bind(st, 2, f.subject_id);
    Bind(st, 3, f.unit_id);
    Bind(st, 4, f.period);
    std::vector<Comment> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Comment c;
      c.subject_kind = Text(st, 0);
      c.subject_id = Text(st, 1);
      c.unit_id = Text(st, 2);
      c.period = Text(st, 3);
      c.text = Text(st, 4);
      c.author = Text(st, 5);
      c.updated_at = Text(st, 6);
      out.push_back(std::move(c));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Error("reading comments");
    return out;
  }

  StatusOr<Comment> Put(Comment c) override {
    std::lock_guard<std::mutex> lock(mutex_);
    c.updated_at = NowLocal();
    const char* sql =
        c.text.empty()
            ? "DELETE FROM serve_comments WHERE subject_kind = ?1 AND subject_id = ?2 AND unit_id = ?3 "
              "AND period = ?4"
            : "INSERT INTO serve_comments (subject_kind, subject_id, unit_id, period, text, author, "
              "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (subject_kind, subject_id, "
              "unit_id, period) DO UPDATE SET text = excluded.text, author = excluded.author, "
              "updated_at = excluded.updated_at";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return Error("writing a comment");
    Bind(st, 1, c.subject_kind);
    Bind(st, 2, c.subject_id);
    Bind(st, 3, c.unit_id);
    Bind(st, 4, c.period);
    if (!c.text.empty()) {
      Bind(st, 5, c.text);
      Bind(st, 6, c.author);
      Bind(st, 7, c.updated_at);
    }
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Error("writing a comment");
    return c;
  }

  static void Bind(sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  static std::string Text(sqlite3_stmt* st, int i) {
    const unsigned char* t = sqlite3_column_text(st, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st, i)))
             : "";
  }
  Status Error(const std::string& what) const { return Status::IoError(what + ": " + sqlite3_errmsg(db_)); }

 private:
  std::mutex mutex_;
  sqlite3* db_;
};

}  // namespace

std::string NowLocal() {
  auto now = std::chrono::system_clock::now();
  return FormatLocalDateTime(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::unique_ptr<CommentStore> MakeMemoryCommentStore() { return std::make_unique<MemoryCommentStore>(); }

StatusOr<std::unique_ptr<CommentStore>> MakeSqliteCommentStore(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IoError("cannot open " + path + " for comments: " + m);
  }
  sqlite3_busy_timeout(db, 5000);
  const char* schema =
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
      "CREATE TABLE IF NOT EXISTS serve_comments ("
      " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL,"
      " text TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL,"
      " PRIMARY KEY (subject_kind, subject_id, unit_id, period))";
  char* err = nullptr;
  if (sqlite3_exec(db, schema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return Status::IoError("cannot create the comments table in " + path + ": " + m);
  }
  return std::unique_ptr<CommentStore>(std::make_unique<SqliteCommentStore>(db));
}

}  // namespace nara::serve
