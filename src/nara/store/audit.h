// The audit trail (who did what, when, from where), as a region's access-logging
// rules ask for it: an append-only table in the store's database. Sign-ins and failed
// ones, imports, supersessions, removals, configuration versions, comments written,
// changed or deleted (with before and after), exports, and user, role and token
// changes each leave one entry, written in the same transaction as what it records,
// so there is no change without its entry and no entry without its change.
//
// Each entry carries the SHA-256 of its own fields and of the entry before it (a hash
// chain), and the store's meta table the last entry's id and hash: an entry edited,
// deleted or inserted afterwards breaks the chain, and VerifyAudit says where. (Whoever
// can write the database file can also rewrite the whole chain; the chain finds
// edits, it does not prevent them. Copies of the head hash kept elsewhere — `nara
// audit verify` prints it — make a rewrite visible too.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/sqlite.h"

namespace nara::store {

struct AuditEntry {
  int64_t id = 0;      // given by AppendAudit
  std::string at;      // given by AppendAudit: local time, "2024-03-19 14:02:11"
  std::string by;      // the authenticated user ("" before sign-in: a failed login)
  std::string client;  // the client's address, "" for the command line
  std::string action;  // "login", "login_failed", "import", "supersede", "remove", "config",
                       // "comment_written", "comment_changed", "comment_deleted", "action_written",
                       // "action_changed", "action_deleted", "goal_assessed", "export",
                       // "user_added", "user_changed", "token_issued", "token_revoked", …
  std::string subject;  // what it was done to: "batch 12", "user eva", "comment 7"
  std::string detail;   // the rest, e.g. before and after as JSON
  std::string hash;     // given by AppendAudit
};

// Who does something, for the audit trail.
struct Actor {
  std::string user;    // "" for the command line run by the server's own account
  std::string client;  // the client's address; "" for the command line
};

// Creates the audit table when it is missing (a store of an earlier format).
Status CreateAuditTable(Database& db);

// Appends `entry` (its id, at and hash are set here). Call it inside the write
// transaction of the change it records.
Status AppendAudit(Database& db, AuditEntry entry);
// The same, from its parts.
Status AppendAudit(Database& db, const Actor& by, std::string action, std::string subject, std::string detail);

// Entries with id > `after`, oldest first, at most `limit`.
StatusOr<std::vector<AuditEntry>> ListAudit(Database& db, int64_t after, int64_t limit);

struct AuditCheck {
  int64_t entries = 0;
  bool ok = true;
  int64_t first_bad = 0;  // the first entry whose hash or link is wrong (0: the head)
  std::string why;        // what is wrong there (English, for `nara audit verify`)
  std::string head;       // the last entry's hash
};

// Recomputes the chain from the first entry to the head recorded in meta.
StatusOr<AuditCheck> VerifyAudit(Database& db);

}  // namespace nara::store
