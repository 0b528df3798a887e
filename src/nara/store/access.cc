#include "nara/store/access.h"

#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <string_view>

#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/store/sha256.h"
#include "nara/store/store.h"
#include "nara/store/store_impl.h"

namespace nara::store {
namespace {

constexpr const char* kTables = R"sql(
CREATE TABLE IF NOT EXISTS users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  units TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_unix INTEGER,
  revoked_at TEXT);
)sql";

constexpr const char* kRoleNames[] = {"admin", "controller", "unit_manager", "reader"};
constexpr size_t kMinPassword = 10;
constexpr int kTokenBytes = 32;

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

Status CheckPassword(const std::string& password) {
  if (password.size() < kMinPassword) {
    return Status::Invalid("a password needs at least " + std::to_string(kMinPassword) + " characters");
  }
  return Status::Ok();
}

Status CheckUnits(Role role, const std::vector<std::string>& units) {
  if (role == Role::kUnitManager && units.empty()) return Status::Invalid("a unit_manager needs --units");
  if (role != Role::kUnitManager && !units.empty()) {
    return Status::Invalid(std::string("a ") + RoleName(role) + " sees every unit; --units is for unit_manager");
  }
  return Status::Ok();
}

Status Init() {
  static const int init = sodium_init();
  return init < 0 ? Status::Internal("libsodium could not be initialised") : Status::Ok();
}

// argon2id with libsodium's interactive limits (64 MiB, a fraction of a second).
StatusOr<std::string> HashPassword(const std::string& password) {
  NARA_RETURN_IF_ERROR(Init());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory while hashing a password");
  }
  return std::string(out);
}

std::string JoinUnits(const std::vector<std::string>& units) {
  std::string out;
  for (const std::string& u : units) out += (out.empty() ? "" : ",") + u;
  return out;
}

User ReadUser(const Statement& s) {
  User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  ParseRole(s.Text(2), &u.role);
  for (std::string_view part : Split(s.Text(3), ',')) {
    if (!part.empty()) u.units.emplace_back(part);
  }
  u.disabled = s.Int(4) != 0;
  u.created_at = s.Text(5);
  return u;
}

constexpr const char* kUserColumns = "SELECT id, name, role, units, disabled, created_at FROM users ";

StatusOr<std::optional<User>> Find(Database& db, const std::string& name) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string(kUserColumns) + "WHERE name = ?1"));
  s.Bind(1, name);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<User>();
  return std::optional<User>(ReadUser(s));
}

StatusOr<User> MustFind(Database& db, const std::string& name) {
  NARA_ASSIGN_OR_RETURN(std::optional<User> u, Find(db, name));
  if (!u) return Status::NotFound("no user '" + name + "'");
  return *u;
}


}  // namespace

const char* RoleName(Role role) { return kRoleNames[static_cast<int>(role)]; }

bool ParseRole(std::string_view text, Role* out) {
  for (int i = 0; i < 4; ++i) {
    if (text == kRoleNames[i]) {
      *out = static_cast<Role>(i);
      return true;
    }
  }
  return false;
}

Status CreateAccessTables(Database& db) { return db.Exec(kTables); }

std::string NewPassword() {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  if (sodium_init() < 0) std::abort();  // libsodium has no random source: nothing safe can be made
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  return out;
}

StatusOr<Access> Access::Open(const std::string& path) {
  // Opening the store brings an older format's database up to date first.
  NARA_RETURN_IF_ERROR(Store::Open(path, /*create=*/false).status());
  NARA_ASSIGN_OR_RETURN(Database db, Database::Open(path, /*create=*/false));
  NARA_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"));
  return Access(std::move(db));
}

StatusOr<User> Access::AddUser(const std::string& name, Role role, const std::vector<std::string>& units,
                               const std::string& password, const Actor& by) {
  if (!ValidName(name)) {
    return Status::Invalid("a user name is 1–64 letters, digits, '.', '_', '-' or '@', not '" + name + "'");
  }
  NARA_RETURN_IF_ERROR(CheckUnits(role, units));
  NARA_RETURN_IF_ERROR(CheckPassword(password));
  NARA_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(std::optional<User> existing, Find(db_, name));
  if (existing) return Status::Invalid("there is already a user '" + name + "'");
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO users(name, role, units, password_hash, created_at) "
                                                 "VALUES(?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, name).Bind(2, RoleName(role)).Bind(3, JoinUnits(units)).Bind(4, hash).Bind(5, internal::Now());
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "user_added", "user " + name,
                             std::string("role ") + RoleName(role) + (units.empty() ? "" : " units " + JoinUnits(units))));
  NARA_ASSIGN_OR_RETURN(User user, MustFind(db_, name));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return user;
}

Status Access::SetPassword(const std::string& name, const std::string& password, const Actor& by) {
  NARA_RETURN_IF_ERROR(CheckPassword(password));
  NARA_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_RETURN_IF_ERROR(MustFind(db_, name).status());
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE users SET password_hash = ?1 WHERE name = ?2"));
  s.Bind(1, hash).Bind(2, name);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "user_changed", "user " + name, "password set"));
  return txn.Commit();
}

Status Access::SetRole(const std::string& name, Role role, const std::vector<std::string>& units, const Actor& by) {
  NARA_RETURN_IF_ERROR(CheckUnits(role, units));
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(User before, MustFind(db_, name));
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE users SET role = ?1, units = ?2 WHERE name = ?3"));
  s.Bind(1, RoleName(role)).Bind(2, JoinUnits(units)).Bind(3, name);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "user_changed", "user " + name,
                             std::string("role ") + RoleName(before.role) + " " + JoinUnits(before.units) + " → " +
                                 RoleName(role) + " " + JoinUnits(units)));
  return txn.Commit();
}

Status Access::Disable(const std::string& name, const Actor& by) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_RETURN_IF_ERROR(MustFind(db_, name).status());
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE users SET disabled = 1 WHERE name = ?1"));
  s.Bind(1, name);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "user_changed", "user " + name, "disabled"));
  return txn.Commit();
}

StatusOr<std::vector<User>> Access::Users() {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string(kUserColumns) + "ORDER BY name"));
  std::vector<User> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadUser(s));
  }
  return out;
}

StatusOr<std::optional<User>> Access::FindUser(const std::string& name) { return Find(db_, name); }

StatusOr<std::optional<User>> Access::SignIn(const std::string& name, const std::string& password,
                                             const std::string& client) {
  NARA_RETURN_IF_ERROR(Init());
  std::string hash;
  std::optional<User> user;
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT id, name, role, units, disabled, created_at, password_hash "
                                                 "FROM users WHERE name = ?1"));
  s.Bind(1, name);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (row) {
    user = ReadUser(s);
    hash = s.Text(6);
  }
  bool ok = row && !user->disabled &&
            crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_RETURN_IF_ERROR(AppendAudit(db_, Actor{ok ? name : "", client}, ok ? "login" : "login_failed", "user " + name,
                             ok ? "" : (row ? (user->disabled ? "account disabled" : "wrong password") : "no such user")));
  NARA_RETURN_IF_ERROR(txn.Commit());
  if (!ok) return std::optional<User>();
  return user;
}

StatusOr<Access::Issued> Access::IssueToken(const std::string& name, int days, const Actor& by) {
  if (days < 0) return Status::Invalid("a token's lifetime is 0 (no expiry) or more days");
  NARA_RETURN_IF_ERROR(Init());
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * kTokenBytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  Issued issued;
  issued.token = std::string("nara_") + hex;
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(User user, MustFind(db_, name));
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO tokens(user_id, hash, created_at, expires_unix) "
                                                 "VALUES(?1, ?2, ?3, ?4)"));
  s.Bind(1, user.id).Bind(2, Sha256Hex(issued.token)).Bind(3, internal::Now());
  if (days > 0) {
    const int64_t expires = UnixNow() + int64_t{days} * 86400;
    s.Bind(4, expires);
    issued.expires_at = FormatLocalDateTime(expires);
  } else {
    s.BindNull(4);
  }
  NARA_RETURN_IF_ERROR(s.Run());
  issued.id = db_.LastInsertRowid();
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "token_issued", "token " + std::to_string(issued.id),
                             "for " + name + (days > 0 ? ", expires " + issued.expires_at : ", no expiry")));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return issued;
}

StatusOr<std::optional<User>> Access::CheckToken(const std::string& token) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT u.id, u.name, u.role, u.units, u.disabled, u.created_at, "
                                                 "t.expires_unix, t.revoked_at FROM tokens t JOIN users u ON "
                                                 "u.id = t.user_id WHERE t.hash = ?1"));
  s.Bind(1, Sha256Hex(token));
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<User>();
  User user = ReadUser(s);
  const bool expired = !s.IsNull(6) && s.Int(6) <= UnixNow();
  const bool revoked = !s.IsNull(7);
  if (expired || revoked || user.disabled) return std::optional<User>();
  return std::optional<User>(std::move(user));
}

Status Access::RevokeToken(int64_t id, const Actor& by) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL"));
  s.Bind(1, internal::Now()).Bind(2, id);
  NARA_RETURN_IF_ERROR(s.Run());
  NARA_ASSIGN_OR_RETURN(int64_t changed, db_.QueryInt("SELECT changes()"));
  if (changed == 0) return Status::NotFound("no token " + std::to_string(id) + " that is not revoked already");
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "token_revoked", "token " + std::to_string(id), ""));
  return txn.Commit();
}

StatusOr<std::vector<TokenInfo>> Access::Tokens() {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT t.id, u.name, t.created_at, t.expires_unix, t.revoked_at "
                                                 "FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id"));
  std::vector<TokenInfo> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    TokenInfo t;
    t.id = s.Int(0);
    t.user = s.Text(1);
    t.created_at = s.Text(2);
    if (!s.IsNull(3)) t.expires_at = FormatLocalDateTime(s.Int(3));
    if (!s.IsNull(4)) t.revoked_at = s.Text(4);
    out.push_back(std::move(t));
  }
  return out;
}

StatusOr<std::vector<AuditEntry>> Access::Audit(int64_t after, int64_t limit) { return ListAudit(db_, after, limit); }

StatusOr<AuditCheck> Access::VerifyAudit() { return store::VerifyAudit(db_); }

Status Access::Record(const Actor& by, const std::string& action, const std::string& subject,
                      const std::string& detail) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, action, subject, detail));
  return txn.Commit();
}

}  // namespace nara::store
