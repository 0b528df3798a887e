#include "nara/store/comments.h"

#include <nlohmann/json.hpp>

#include "nara/store/audit.h"

#include <utility>

namespace nara::store {

namespace {

constexpr const char* kSchema =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
    "CREATE TABLE IF NOT EXISTS serve_comments ("
    " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL,"
    " text TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " PRIMARY KEY (subject_kind, subject_id, unit_id, period))";

constexpr const char* kList =
    "SELECT subject_kind, subject_id, unit_id, period, text, author, updated_at FROM serve_comments "
    "WHERE (?1 = '' OR subject_kind = ?1) AND (?2 = '' OR subject_id = ?2) AND (?3 = '' OR unit_id = ?3) "
    "AND (?4 = '' OR period = ?4) ORDER BY subject_kind, subject_id, unit_id, period";

constexpr const char* kDelete =
    "DELETE FROM serve_comments WHERE subject_kind = ?1 AND subject_id = ?2 AND unit_id = ?3 AND period = ?4";

constexpr const char* kUpsert =
    "INSERT INTO serve_comments (subject_kind, subject_id, unit_id, period, text, author, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (subject_kind, subject_id, unit_id, period) "
    "DO UPDATE SET text = excluded.text, author = excluded.author, updated_at = excluded.updated_at";

// The same wait for locks as the server's comments always had.
constexpr int kBusyMs = 5000;

}  // namespace

bool Matches(const CommentFilter& f, const Comment& c) {
  return (f.subject_kind.empty() || f.subject_kind == c.subject_kind) &&
         (f.subject_id.empty() || f.subject_id == c.subject_id) &&
         (f.unit_id.empty() || f.unit_id == c.unit_id) && (f.period.empty() || f.period == c.period);
}

StatusOr<Comments> Comments::Open(const std::string& path) {
  auto db = Database::Open(path, /*create=*/false, kBusyMs);
  if (!db.ok()) return Status::IoError("cannot open " + path + " for comments: " + db.status().message());
  Status created = db->Exec(kSchema);
  if (created.ok()) created = CreateAuditTable(*db);
  if (!created.ok()) {
    return Status::IoError("cannot create the comments table in " + path + ": " + created.message());
  }
  return Comments(std::move(db).value());
}

StatusOr<std::vector<Comment>> Comments::List(const CommentFilter& f) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(kList));
  s.Bind(1, f.subject_kind).Bind(2, f.subject_id).Bind(3, f.unit_id).Bind(4, f.period);
  std::vector<Comment> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    Comment c;
    c.subject_kind = s.Text(0);
    c.subject_id = s.Text(1);
    c.unit_id = s.Text(2);
    c.period = s.Text(3);
    c.text = s.Text(4);
    c.author = s.Text(5);
    c.updated_at = s.Text(6);
    out.push_back(std::move(c));
  }
  return out;
}

// The change and its audit entry (with the text before and after) in one transaction.
Status Comments::Put(const Comment& c) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  CommentFilter key{c.subject_kind, c.subject_id, c.unit_id, c.period};
  NARA_ASSIGN_OR_RETURN(std::vector<Comment> before, List(key));
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(c.text.empty() ? kDelete : kUpsert));
  s.Bind(1, c.subject_kind).Bind(2, c.subject_id).Bind(3, c.unit_id).Bind(4, c.period);
  if (!c.text.empty()) s.Bind(5, c.text).Bind(6, c.author).Bind(7, c.updated_at);
  NARA_RETURN_IF_ERROR(s.Run());
  if (!before.empty() || !c.text.empty()) {
    auto side = [](const Comment* x) {
      return x == nullptr ? nlohmann::json(nullptr) : nlohmann::json{{"text", x->text}, {"author", x->author}};
    };
    const char* action = c.text.empty() ? "comment_deleted" : before.empty() ? "comment_written" : "comment_changed";
    std::string detail = nlohmann::json{{"before", side(before.empty() ? nullptr : &before[0])},
                                        {"after", side(c.text.empty() ? nullptr : &c)}}
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{c.author, client_}, action,
                                     "comment " + c.subject_kind + " " + c.subject_id + " " + c.unit_id + " " + c.period,
                                     std::move(detail)));
  }
  return txn.Commit();
}

}  // namespace nara::store
