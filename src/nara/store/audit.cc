#include "nara/store/audit.h"

#include "nara/store/sha256.h"
#include "nara/store/store_impl.h"

namespace nara::store {
namespace {

constexpr const char* kTable = R"sql(
CREATE TABLE IF NOT EXISTS audit(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  client TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// The genesis link: the hash "before" the first entry.
constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// The entry's hash: over the previous hash and every field, each preceded by its
// length so that no two different entries read the same.
std::string EntryHash(const std::string& previous, const AuditEntry& e) {
  std::string bytes;
  for (const std::string& field :
       {previous, std::to_string(e.id), e.at, e.by, e.client, e.action, e.subject, e.detail}) {
    bytes += std::to_string(field.size());
    bytes += ':';
    bytes += field;
  }
  return Sha256Hex(bytes);
}

StatusOr<std::string> Meta(Database& db, const char* key) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT value FROM meta WHERE key = ?1"));
  s.Bind(1, key);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? std::string(s.Text(0)) : std::string();
}

Status SetMeta(Database& db, const char* key, const std::string& value) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  s.Bind(1, key).Bind(2, value);
  return s.Run();
}

AuditEntry Read(const Statement& s) {
  AuditEntry e;
  e.id = s.Int(0);
  e.at = s.Text(1);
  e.by = s.Text(2);
  e.client = s.Text(3);
  e.action = s.Text(4);
  e.subject = s.Text(5);
  e.detail = s.Text(6);
  e.hash = s.Text(7);
  return e;
}

constexpr const char* kColumns = "SELECT id, at, by, client, action, subject, detail, hash FROM audit ";

}  // namespace

Status CreateAuditTable(Database& db) { return db.Exec(kTable); }

Status AppendAudit(Database& db, AuditEntry entry) {
  NARA_ASSIGN_OR_RETURN(std::string head, Meta(db, "audit_head"));
  NARA_ASSIGN_OR_RETURN(int64_t last, db.QueryInt("SELECT coalesce(max(id), 0) FROM audit"));
  entry.id = last + 1;
  entry.at = internal::Now();
  entry.hash = EntryHash(head.empty() ? kGenesis : head, entry);
  NARA_ASSIGN_OR_RETURN(
      Statement s, db.Prepare("INSERT INTO audit(id, at, by, client, action, subject, detail, hash) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  s.Bind(1, entry.id)
      .Bind(2, entry.at)
      .Bind(3, entry.by)
      .Bind(4, entry.client)
      .Bind(5, entry.action)
      .Bind(6, entry.subject)
      .Bind(7, entry.detail)
      .Bind(8, entry.hash);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_RETURN_IF_ERROR(SetMeta(db, "audit_head", entry.hash));
  return SetMeta(db, "audit_head_id", std::to_string(entry.id));
}

Status AppendAudit(Database& db, const Actor& by, std::string action, std::string subject, std::string detail) {
  AuditEntry e;
  e.by = by.user;
  e.client = by.client;
  e.action = std::move(action);
  e.subject = std::move(subject);
  e.detail = std::move(detail);
  return AppendAudit(db, std::move(e));
}

StatusOr<std::vector<AuditEntry>> ListAudit(Database& db, int64_t after, int64_t limit) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string(kColumns) + "WHERE id > ?1 ORDER BY id LIMIT ?2"));
  s.Bind(1, after).Bind(2, limit);
  std::vector<AuditEntry> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(Read(s));
  }
  return out;
}

StatusOr<AuditCheck> VerifyAudit(Database& db) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db, Transaction::Kind::kRead));
  AuditCheck check;
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string(kColumns) + "ORDER BY id"));
  std::string previous = kGenesis;
  int64_t expected_id = 1;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    AuditEntry e = Read(s);
    ++check.entries;
    if (check.ok && e.id != expected_id) {
      check.ok = false;
      check.first_bad = e.id;
      check.why = "entry " + std::to_string(expected_id) + " is missing (the next one is " + std::to_string(e.id) + ")";
    } else if (check.ok && EntryHash(previous, e) != e.hash) {
      check.ok = false;
      check.first_bad = e.id;
      check.why = "entry " + std::to_string(e.id) + " was changed, or one before it was removed or changed";
    }
    previous = e.hash;
    expected_id = e.id + 1;
  }
  NARA_ASSIGN_OR_RETURN(std::string head, Meta(db, "audit_head"));
  NARA_ASSIGN_OR_RETURN(std::string head_id, Meta(db, "audit_head_id"));
  check.head = head;
  const std::string last = check.entries == 0 ? std::string() : previous;
  if (check.ok && (head != last || head_id != (check.entries == 0 ? std::string() : std::to_string(expected_id - 1)))) {
    check.ok = false;
    check.first_bad = 0;
    check.why = head.empty() ? "the trail has entries but no recorded head"
                             : "the last entries (after " + std::to_string(expected_id - 1) +
                                   ") were removed, or the head was changed";
  }
  return check;
}

}  // namespace nara::store
