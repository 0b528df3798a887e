#include "nara/store/comments.h"

#include <nlohmann/json.hpp>

#include "nara/store/audit.h"

#include <optional>
#include <utility>

namespace nara::store {

namespace {

using nlohmann::json;

constexpr const char* kSchema =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
    "CREATE TABLE IF NOT EXISTS serve_comments ("
    " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL,"
    " text TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " PRIMARY KEY (subject_kind, subject_id, unit_id, period));"
    "CREATE TABLE IF NOT EXISTS serve_comment_versions ("
    " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL,"
    " version INTEGER NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " deleted INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (subject_kind, subject_id, unit_id, period, version));"
    // A comment written before versions existed is its own version 1.
    "INSERT INTO serve_comment_versions (subject_kind, subject_id, unit_id, period, version, text, author,"
    " updated_at) SELECT c.subject_kind, c.subject_id, c.unit_id, c.period, 1, c.text, c.author, c.updated_at"
    " FROM serve_comments c WHERE NOT EXISTS (SELECT 1 FROM serve_comment_versions v WHERE"
    " v.subject_kind = c.subject_kind AND v.subject_id = c.subject_id AND v.unit_id = c.unit_id"
    " AND v.period = c.period);"
    "CREATE TABLE IF NOT EXISTS serve_actions ("
    " id INTEGER PRIMARY KEY, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, unit_id TEXT NOT NULL,"
    " period TEXT NOT NULL, what TEXT NOT NULL, responsible TEXT NOT NULL, due TEXT NOT NULL,"
    " done INTEGER NOT NULL, done_at TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS serve_actions_unit ON serve_actions (unit_id);"
    "CREATE TABLE IF NOT EXISTS serve_goal_assessments ("
    " goal_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL, version INTEGER NOT NULL,"
    " status TEXT NOT NULL, computed_status TEXT NOT NULL, justification TEXT NOT NULL,"
    " responsible TEXT NOT NULL, author TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " PRIMARY KEY (goal_id, unit_id, period, version))";

constexpr const char* kFilter =
    "(?1 = '' OR subject_kind = ?1) AND (?2 = '' OR subject_id = ?2) AND (?3 = '' OR unit_id = ?3) "
    "AND (?4 = '' OR period = ?4)";

constexpr const char* kCommentColumns = "subject_kind, subject_id, unit_id, period, text, author, updated_at";

// The same wait for locks as the server's comments always had.
constexpr int kBusyMs = 5000;

Statement& BindKey(Statement& s, const std::string& kind, const std::string& subject, const std::string& unit,
                   const std::string& period) {
  return s.Bind(1, kind).Bind(2, subject).Bind(3, unit).Bind(4, period);
}

Comment CommentAt(const Statement& s) {
  Comment c;
  c.subject_kind = s.Text(0);
  c.subject_id = s.Text(1);
  c.unit_id = s.Text(2);
  c.period = s.Text(3);
  c.text = s.Text(4);
  c.author = s.Text(5);
  c.updated_at = s.Text(6);
  c.version = static_cast<int>(s.Int(7));
  c.deleted = s.Int(8) != 0;
  return c;
}

Action ActionAt(const Statement& s) {
  Action a;
  a.id = s.Int(0);
  a.subject_kind = s.Text(1);
  a.subject_id = s.Text(2);
  a.unit_id = s.Text(3);
  a.period = s.Text(4);
  a.what = s.Text(5);
  a.responsible = s.Text(6);
  a.due = s.Text(7);
  a.done = s.Int(8) != 0;
  a.done_at = s.Text(9);
  a.author = s.Text(10);
  a.updated_at = s.Text(11);
  return a;
}

Assessment AssessmentAt(const Statement& s) {
  Assessment a;
  a.goal_id = s.Text(0);
  a.unit_id = s.Text(1);
  a.period = s.Text(2);
  a.version = static_cast<int>(s.Int(3));
  a.status = s.Text(4);
  a.computed_status = s.Text(5);
  a.justification = s.Text(6);
  a.responsible = s.Text(7);
  a.author = s.Text(8);
  a.updated_at = s.Text(9);
  return a;
}

constexpr const char* kActionColumns =
    "id, subject_kind, subject_id, unit_id, period, what, responsible, due, done, done_at, author, updated_at";
constexpr const char* kAssessmentColumns =
    "goal_id, unit_id, period, version, status, computed_status, justification, responsible, author, updated_at";

// Every row `s` gives, each made by `at`.
template <typename Row>
StatusOr<std::vector<Row>> AllRows(Statement& s, Row (*at)(const Statement&)) {
  std::vector<Row> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(at(s));
  }
  return out;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json ActionJson(const Action& a) {
  return {{"what", a.what}, {"responsible", a.responsible}, {"due", a.due}, {"done", a.done}};
}

}  // namespace

bool Matches(const CommentFilter& f, const Comment& c) {
  return (f.subject_kind.empty() || f.subject_kind == c.subject_kind) &&
         (f.subject_id.empty() || f.subject_id == c.subject_id) &&
         (f.unit_id.empty() || f.unit_id == c.unit_id) && (f.period.empty() || f.period == c.period);
}

StatusOr<Comments> Comments::Prepare(Database db, const std::string& where) {
  Status created = db.Exec(kSchema);
  if (created.ok()) created = CreateAuditTable(db);
  if (!created.ok()) {
    return Status::IoError("cannot create the comments tables in " + where + ": " + created.message());
  }
  return Comments(std::move(db));
}

StatusOr<Comments> Comments::Open(const std::string& path) {
  auto db = Database::Open(path, /*create=*/false, kBusyMs);
  if (!db.ok()) return Status::IoError("cannot open " + path + " for comments: " + db.status().message());
  return Prepare(std::move(db).value(), path);
}

StatusOr<Comments> Comments::OpenInMemory() {
  auto db = Database::Open(":memory:", /*create=*/true, kBusyMs);
  if (!db.ok()) return Status::IoError("cannot open comments in memory: " + db.status().message());
  return Prepare(std::move(db).value(), "memory");
}

StatusOr<std::vector<Comment>> Comments::List(const CommentFilter& f) {
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(std::string("SELECT ") + kCommentColumns +
                  ", (SELECT MAX(version) FROM serve_comment_versions v WHERE v.subject_kind = c.subject_kind"
                  " AND v.subject_id = c.subject_id AND v.unit_id = c.unit_id AND v.period = c.period), 0"
                  " FROM serve_comments c WHERE " +
                  kFilter + " ORDER BY subject_kind, subject_id, unit_id, period"));
  BindKey(s, f.subject_kind, f.subject_id, f.unit_id, f.period);
  return AllRows(s, CommentAt);
}

StatusOr<std::vector<Comment>> Comments::History(const CommentFilter& key) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kCommentColumns +
                                                 ", version, deleted FROM serve_comment_versions WHERE "
                                                 "subject_kind = ?1 AND subject_id = ?2 AND unit_id = ?3 AND "
                                                 "period = ?4 ORDER BY version"));
  BindKey(s, key.subject_kind, key.subject_id, key.unit_id, key.period);
  return AllRows(s, CommentAt);
}

// The change, its version and its audit entry (with the text before and after) in
// one transaction.
StatusOr<int> Comments::Put(const Comment& c) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  CommentFilter key{c.subject_kind, c.subject_id, c.unit_id, c.period};
  NARA_ASSIGN_OR_RETURN(std::vector<Comment> before, List(key));
  if (before.empty() && c.text.empty()) return 0;
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(c.text.empty()
                      ? "DELETE FROM serve_comments WHERE subject_kind = ?1 AND subject_id = ?2 AND unit_id = ?3 "
                        "AND period = ?4"
                      : "INSERT INTO serve_comments (subject_kind, subject_id, unit_id, period, text, author, "
                        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (subject_kind, subject_id, "
                        "unit_id, period) DO UPDATE SET text = excluded.text, author = excluded.author, "
                        "updated_at = excluded.updated_at"));
  BindKey(s, c.subject_kind, c.subject_id, c.unit_id, c.period);
  if (!c.text.empty()) s.Bind(5, c.text).Bind(6, c.author).Bind(7, c.updated_at);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_ASSIGN_OR_RETURN(
      Statement v,
      db_.Prepare("INSERT INTO serve_comment_versions (subject_kind, subject_id, unit_id, period, version, text, "
                  "author, updated_at, deleted) SELECT ?1, ?2, ?3, ?4, COALESCE(MAX(version), 0) + 1, ?5, ?6, ?7, "
                  "?8 FROM serve_comment_versions WHERE subject_kind = ?1 AND subject_id = ?2 AND unit_id = ?3 "
                  "AND period = ?4 RETURNING version"));
  BindKey(v, c.subject_kind, c.subject_id, c.unit_id, c.period)
      .Bind(5, c.text)
      .Bind(6, c.author)
      .Bind(7, c.updated_at)
      .Bind(8, int64_t{c.text.empty()});
  NARA_ASSIGN_OR_RETURN(bool got, v.Step());
  const int version = got ? static_cast<int>(v.Int(0)) : 0;
  v.Reset();
  auto side = [](const Comment* x) { return x == nullptr ? json(nullptr) : json{{"text", x->text}, {"author", x->author}}; };
  const char* action = c.text.empty() ? "comment_deleted" : before.empty() ? "comment_written" : "comment_changed";
  std::string detail = Dump({{"before", side(before.empty() ? nullptr : &before[0])},
                             {"after", side(c.text.empty() ? nullptr : &c)},
                             {"version", version}});
  NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{c.author, client_}, action,
                                   "comment " + c.subject_kind + " " + c.subject_id + " " + c.unit_id + " " + c.period,
                                   std::move(detail)));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return version;
}

StatusOr<std::vector<Action>> Comments::Actions(const CommentFilter& f) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kActionColumns +
                                                 " FROM serve_actions WHERE " + kFilter +
                                                 " ORDER BY done, due = '', due, id"));
  BindKey(s, f.subject_kind, f.subject_id, f.unit_id, f.period);
  return AllRows(s, ActionAt);
}

StatusOr<std::optional<Action>> Comments::FindAction(int64_t id) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kActionColumns +
                                                 " FROM serve_actions WHERE id = ?1"));
  s.Bind(1, id);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<Action>();
  return std::optional<Action>(ActionAt(s));
}

StatusOr<Action> Comments::PutAction(Action a) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  std::optional<Action> before;
  if (a.id != 0) {
    NARA_ASSIGN_OR_RETURN(before, FindAction(a.id));
    if (!before) return Status::NotFound("action " + std::to_string(a.id));
    // An action stays with the comment it was written for.
    a.subject_kind = before->subject_kind;
    a.subject_id = before->subject_id;
    a.unit_id = before->unit_id;
    a.period = before->period;
    a.done_at = a.done ? (before->done ? before->done_at : a.updated_at) : "";
  } else {
    a.done_at = a.done ? a.updated_at : "";
  }
  const std::string subject = "action " + a.subject_kind + " " + a.subject_id + " " + a.unit_id + " " + a.period;
  if (a.what.empty()) {
    if (!before) return Status::Invalid("an action needs a text (what is to be done)");
    NARA_ASSIGN_OR_RETURN(Statement d, db_.Prepare("DELETE FROM serve_actions WHERE id = ?1"));
    NARA_RETURN_IF_ERROR(d.Bind(1, a.id).Run());
    NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{a.author, client_}, "action_deleted", subject,
                                     Dump({{"id", a.id}, {"before", ActionJson(*before)}, {"after", nullptr}})));
    NARA_RETURN_IF_ERROR(txn.Commit());
    return a;
  }
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(before ? "UPDATE serve_actions SET what = ?5, responsible = ?6, due = ?7, done = ?8, done_at = ?9,"
                           " author = ?10, updated_at = ?11 WHERE id = ?12"
                         : "INSERT INTO serve_actions (subject_kind, subject_id, unit_id, period, what, responsible,"
                           " due, done, done_at, author, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                           " ?11)"));
  if (!before) BindKey(s, a.subject_kind, a.subject_id, a.unit_id, a.period);
  s.Bind(5, a.what)
      .Bind(6, a.responsible)
      .Bind(7, a.due)
      .Bind(8, int64_t{a.done})
      .Bind(9, a.done_at)
      .Bind(10, a.author)
      .Bind(11, a.updated_at);
  if (before) s.Bind(12, a.id);
  NARA_RETURN_IF_ERROR(s.Run());
  if (!before) a.id = db_.LastInsertRowid();
  NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{a.author, client_}, before ? "action_changed" : "action_written",
                                   subject,
                                   Dump({{"id", a.id},
                                         {"before", before ? ActionJson(*before) : json(nullptr)},
                                         {"after", ActionJson(a)}})));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return a;
}

StatusOr<std::vector<Assessment>> Comments::Assessments(const CommentFilter& f) {
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(std::string("SELECT ") + kAssessmentColumns +
                  " FROM serve_goal_assessments a WHERE (?2 = '' OR goal_id = ?2) AND (?3 = '' OR unit_id = ?3)"
                  " AND (?4 = '' OR period = ?4) AND version = (SELECT MAX(version) FROM serve_goal_assessments b"
                  " WHERE b.goal_id = a.goal_id AND b.unit_id = a.unit_id AND b.period = a.period)"
                  " ORDER BY goal_id, unit_id, period"));
  BindKey(s, "", f.subject_id, f.unit_id, f.period);
  return AllRows(s, AssessmentAt);
}

StatusOr<std::vector<Assessment>> Comments::AssessmentHistory(const std::string& goal_id, const std::string& unit_id,
                                                              const std::string& period) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kAssessmentColumns +
                                                 " FROM serve_goal_assessments WHERE goal_id = ?1 AND unit_id = ?2"
                                                 " AND period = ?3 ORDER BY version"));
  s.Bind(1, goal_id).Bind(2, unit_id).Bind(3, period);
  return AllRows(s, AssessmentAt);
}

StatusOr<int> Comments::PutAssessment(const Assessment& a) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO serve_goal_assessments (goal_id, unit_id, period, version, status, computed_status,"
                  " justification, responsible, author, updated_at) SELECT ?1, ?2, ?3, COALESCE(MAX(version), 0) + 1,"
                  " ?4, ?5, ?6, ?7, ?8, ?9 FROM serve_goal_assessments WHERE goal_id = ?1 AND unit_id = ?2 AND"
                  " period = ?3 RETURNING version"));
  s.Bind(1, a.goal_id)
      .Bind(2, a.unit_id)
      .Bind(3, a.period)
      .Bind(4, a.status)
      .Bind(5, a.computed_status)
      .Bind(6, a.justification)
      .Bind(7, a.responsible)
      .Bind(8, a.author)
      .Bind(9, a.updated_at);
  NARA_ASSIGN_OR_RETURN(bool got, s.Step());
  const int version = got ? static_cast<int>(s.Int(0)) : 0;
  s.Reset();
  NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{a.author, client_}, "goal_assessed",
                                   "goal " + a.goal_id + " " + a.unit_id + " " + a.period,
                                   Dump({{"version", version},
                                         {"status", a.status},
                                         {"computed_status", a.computed_status},
                                         {"justification", a.justification},
                                         {"responsible", a.responsible}})));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return version;
}

}  // namespace nara::store
