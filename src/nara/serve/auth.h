// Who is asking, and what they may do: sign-in at the edge of `nara serve`. The
// accounts, their roles and API tokens are the store's (store/access.h); this room
// turns a request into a Principal and answers "may this principal do that".
//
// A request is signed in one of three ways:
//   session  the web pages: POST /api/login checks name and password (argon2id) and
//            sets the cookie `nara_session` (HttpOnly, SameSite=Strict, Secure under
//            TLS). Sessions live in the server's memory (a restart signs everyone
//            out) and end after 8 hours idle or 12 hours in all, or at sign-out.
//            Every change made with a session carries the session's CSRF token in
//            the `X-CSRF-Token` header.
//   token    scripts and other systems: `Authorization: Bearer nara_…`, a token made
//            by `nara user token`. Browsers never add it by themselves, so no CSRF
//            token is needed.
//   proxy    single sign-on in front (SAML, SITHS): with --auth-header NAME the user
//            named in that header is trusted, from --trusted-proxy addresses only;
//            it must be an enabled local account (the role is nara's). A browser
//            sends the proxy's cookie along cross-site, so changes need the CSRF
//            token too (GET /api/me gives it).
// A disabled account, a revoked token or a changed role takes effect within
// kRecheck (30 s): what was checked against the database is kept that long.
//
// Failed sign-ins are throttled: after 5 failures within 15 minutes for one name, or
// from one address, sign-in is refused (429, Retry-After) until the window has passed.
//
// A server on a folder of extracts (--data) has no accounts: everyone reads, nobody
// writes (kind() is kNone).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nara/base/messages.h"
#include "nara/base/status.h"
#include "nara/model/org_tree.h"
#include "nara/serve/api_error.h"
#include "nara/serve/http_message.h"
#include "nara/store/access.h"

namespace nara::serve {

// How users sign in to this server (GET /api/me's "sign_in").
enum class SignIn : uint8_t { kNone, kPassword, kProxy };
const char* SignInName(SignIn kind);  // "none", "password", "proxy"

struct Principal {
  enum class Via : uint8_t { kNobody, kSession, kToken, kProxy };
  Via via = Via::kNobody;
  std::optional<store::User> user;  // empty: nobody signed in
  std::string session;               // kSession: the session's key (the hash of its cookie)
  std::string csrf_token;            // kSession and kProxy: what changes must carry
};

// What a route asks of its caller.
enum class Need : uint8_t {
  kNothing,  // the OpenAPI document, /api/me, sign-in, the pages
  kRead,     // every figure, the tree, the plans, comments, batches
  kComment,  // write a comment (and, for a unit manager, only within its units)
  kImport,   // upload, supersede, remove batches
  kAdmin,    // the audit trail, users
};
// "läsa", "skriva kommentarer", … as the 403 says it.
std::string NeedText(Need need, Lang lang);

// Whether `role` may do what `need` asks (a unit manager's units are checked apart,
// by MayWriteFor).
bool RolePermits(store::Role role, Need need);
// Whether `user` may write for `unit` (an index of `tree`): admins and controllers
// everywhere, a unit manager for the units of its subtrees at any time of the unit's
// validity, nobody else.
bool MayWriteFor(const store::User& user, const model::OrgTree& tree, int unit);

using SystemClock = std::function<std::chrono::system_clock::time_point()>;

struct AuthOptions {
  std::string auth_header;                   // empty: no proxy sign-in
  std::vector<std::string> trusted_proxies;  // addresses the header is taken from
  SystemClock clock = &std::chrono::system_clock::now;
};

class Auth {
 public:
  static constexpr std::chrono::seconds kIdle{8 * 3600};
  static constexpr std::chrono::seconds kLifetime{12 * 3600};
  static constexpr std::chrono::seconds kRecheck{30};
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::seconds kFailureWindow{15 * 60};

  // No accounts: every request is nobody, reads are open, writes refused.
  static std::unique_ptr<Auth> None();
  // The accounts of the store at `db_path`.
  static StatusOr<std::unique_ptr<Auth>> ForDatabase(const std::string& db_path, AuthOptions options);
  ~Auth();

  SignIn kind() const;

  // Who sent `req`: a session cookie, a bearer token or the proxy's header; nobody
  // when it carries none (or an unknown or ended session: the pages then sign in
  // again). A bad token (401 token_invalid) and a proxy header from an address not
  // trusted or naming no account (403) are errors, in `lang`.
  api::Parsed<Principal> Identify(const http::Request& req, Lang lang);

  // Whether a change sent by `who` carries what it must: the CSRF token of a session
  // or proxy sign-in in X-CSRF-Token (compared in constant time); tokens need none.
  bool CsrfOk(const Principal& who, const http::Request& req) const;

  struct SignedIn {
    Principal principal;
    std::string set_cookie;  // the Set-Cookie value starting the session
  };
  // POST /api/login: 401 login_failed for a wrong name or password (which one is not
  // said), 429 login_throttled with the seconds to wait (`retry_after`), 409
  // no_accounts without accounts. Audited by the store (login, login_failed).
  std::variant<SignedIn, api::ApiError> Login(const std::string& name, const std::string& password,
                                             const http::Request& req, Lang lang, int* retry_after);
  // POST /api/logout: ends the session (audited) and returns the Set-Cookie value
  // clearing the cookie.
  std::string Logout(const Principal& who, const http::Request& req);

  // The CSRF token a principal signed in by the proxy carries (GET /api/me).
  std::string ProxyCsrf(const std::string& user) const;

  // The audit trail of the accounts' database (GET /api/audit, for admins): entries
  // after id `after`, at most `limit`. Empty without accounts.
  StatusOr<std::vector<store::AuditEntry>> Audit(int64_t after, int64_t limit);

 private:
  struct Impl;
  explicit Auth(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::serve
