// Who may use nara: local user accounts with a role and, for unit managers, the units
// whose subtrees they answer for; passwords kept as argon2id hashes (libsodium
// crypto_pwhash_str); API tokens for scripts and other systems, shown once and kept
// as SHA-256 hashes, with an expiry and revocable. Every change, sign-in and failed
// sign-in is written to the audit trail (audit.h) in the same transaction.
//
// Roles (what each may do is decided at the edge, serve/ — this module only keeps them):
//   admin         users and configuration, and everything a controller may do
//   controller    imports, supersede and remove batches, comments everywhere
//   unit_manager  reads everything; comments and goal assessments for its units' subtrees
//   reader        reads (board members)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/audit.h"
#include "nara/store/sqlite.h"

namespace nara::store {

enum class Role : uint8_t { kAdmin, kController, kUnitManager, kReader };

const char* RoleName(Role role);  // "admin", "controller", "unit_manager", "reader"
bool ParseRole(std::string_view text, Role* out);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kReader;
  std::vector<std::string> units;  // unit_manager: the roots of its subtrees
  bool disabled = false;
  std::string created_at;
};

struct TokenInfo {
  int64_t id = 0;
  std::string user;
  std::string created_at;
  std::string expires_at;  // "" never
  std::string revoked_at;  // "" not revoked
};

// Creates the access tables when missing (a store of an earlier format).
Status CreateAccessTables(Database& db);

// A new random password: 16 characters from an alphabet without look-alikes (no
// 0/O, 1/l/I), about 90 bits — for an account made for someone who changes it.
std::string NewPassword();

// The access tables of a store's database, on a connection of their own.
class Access {
 public:
  // The store at `path` must exist (nara import or serve made it).
  static StatusOr<Access> Open(const std::string& path);

  // Names are 1–64 characters: letters, digits, '.', '_', '-', '@'. Passwords are at
  // least 10 characters. A unit manager needs units; other roles take none.
  StatusOr<User> AddUser(const std::string& name, Role role, const std::vector<std::string>& units,
                         const std::string& password, const Actor& by);
  Status SetPassword(const std::string& name, const std::string& password, const Actor& by);
  Status SetRole(const std::string& name, Role role, const std::vector<std::string>& units, const Actor& by);
  Status Disable(const std::string& name, const Actor& by);
  StatusOr<std::vector<User>> Users();
  StatusOr<std::optional<User>> FindUser(const std::string& name);

  // The user when the name and password match an enabled account; nullopt otherwise
  // (which one was wrong is not said). Both outcomes are audited ("login",
  // "login_failed").
  StatusOr<std::optional<User>> SignIn(const std::string& name, const std::string& password,
                                       const std::string& client);

  // A new token for `name`, valid for `days` (0: no expiry). The token itself is
  // returned here only; the store keeps its hash.
  struct Issued {
    int64_t id = 0;
    std::string token;
    std::string expires_at;
  };
  StatusOr<Issued> IssueToken(const std::string& name, int days, const Actor& by);
  // The token's user, when the token is known, not expired, not revoked and its user
  // enabled.
  StatusOr<std::optional<User>> CheckToken(const std::string& token);
  Status RevokeToken(int64_t id, const Actor& by);
  StatusOr<std::vector<TokenInfo>> Tokens();

  // The audit trail of this database (audit.h).
  StatusOr<std::vector<AuditEntry>> Audit(int64_t after, int64_t limit);
  StatusOr<AuditCheck> VerifyAudit();
  // Records something done outside the store's own changes (an export, say).
  Status Record(const Actor& by, const std::string& action, const std::string& subject, const std::string& detail);

 private:
  explicit Access(Database db) : db_(std::move(db)) {}
  Database db_;
};

}  // namespace nara::store
