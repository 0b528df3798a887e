#include "nara/serve/auth.h"

#include <sodium.h>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <utility>

#include "nara/base/text.h"
#include "nara/store/sha256.h"

namespace nara::serve {

using api::ApiError;
using api::Error;
using Clock = std::chrono::system_clock;

const char* SignInName(SignIn kind) {
  switch (kind) {
    case SignIn::kNone: return "none";
    case SignIn::kPassword: return "password";
    case SignIn::kProxy: return "proxy";
  }
  return "none";
}

std::string NeedText(Need need, Lang lang) {
  const bool sv = lang == Lang::kSv;
  switch (need) {
    case Need::kNothing: return "";
    case Need::kRead: return sv ? "läsa" : "read";
    case Need::kComment: return sv ? "skriva kommentarer" : "write comments";
    case Need::kImport: return sv ? "importera eller ersätta batcher" : "import or supersede batches";
    case Need::kAdmin: return sv ? "administrera (konton, loggen)" : "administer (accounts, the log)";
  }
  return "";
}

bool RolePermits(store::Role role, Need need) {
  switch (need) {
    case Need::kNothing:
    case Need::kRead: return true;
    case Need::kComment: return role != store::Role::kReader;
    case Need::kImport: return role == store::Role::kAdmin || role == store::Role::kController;
    case Need::kAdmin: return role == store::Role::kAdmin;
  }
  return false;
}

bool MayWriteFor(const store::User& user, const model::OrgTree& tree, int unit) {
  if (user.role == store::Role::kAdmin || user.role == store::Role::kController) return true;
  if (user.role != store::Role::kUnitManager || unit < 0 || unit >= tree.size()) return false;
  for (const std::string& root_id : user.units) {
    const int root = tree.Find(root_id);
    if (root < 0) continue;
    for (const model::Placement& p : tree.Placements(unit)) {
      if (std::find(p.chain.begin(), p.chain.end(), root) != p.chain.end()) return true;
    }
  }
  return false;
}

namespace {

constexpr std::string_view kCookie = "nara_session";

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The value of cookie `name` in a Cookie header ("a=1; nara_session=…").
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = Trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) return Trim(pair.substr(eq + 1));
  }
  return {};
}

std::string Cookie(std::string_view value, bool secure, bool clear) {
  std::string c = std::string(kCookie) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (clear) c += "; Max-Age=0";
  if (secure) c += "; Secure";
  return c;
}

struct Session {
  store::User user;
  std::string csrf;
  Clock::time_point started;
  Clock::time_point last_seen;
  Clock::time_point checked;  // when the account was last read from the database
};

struct CachedToken {
  std::optional<store::User> user;
  Clock::time_point checked;
};

}  // namespace

struct Auth::Impl {
  SignIn kind = SignIn::kNone;
  AuthOptions options;
  std::optional<store::Access> access;  // guarded by db_mutex
  std::mutex db_mutex;
  std::string secret = RandomHex(32);  // keys the proxy principals' CSRF tokens

  std::mutex mutex;  // guards what follows
  std::map<std::string, Session> sessions;        // by the SHA-256 of the cookie
  std::map<std::string, CachedToken> tokens;      // by the SHA-256 of the token
  std::map<std::string, CachedToken> proxy_users;  // by name
  std::map<std::string, std::deque<Clock::time_point>> failures;  // "name:…", "addr:…"

  Clock::time_point Now() const { return options.clock(); }

  // The account `name` as the database has it now: enabled, or nullopt (gone or
  // disabled). An error when the database could not be read: the callers keep what
  // they knew and ask again on the next request, so a moment's lock or I/O error
  // neither ends a session nor refuses a token.
  StatusOr<std::optional<store::User>> ReadUser(const std::string& name) {
    std::lock_guard<std::mutex> lock(db_mutex);
    NARA_ASSIGN_OR_RETURN(std::optional<store::User> user, access->FindUser(name));
    if (user && user->disabled) user.reset();
    return user;
  }

  StatusOr<std::optional<store::User>> ReadToken(const std::string& token) {
    std::lock_guard<std::mutex> lock(db_mutex);
    return access->CheckToken(token);
  }

  // Failures of `key` still within the window, the old ones dropped. Call with mutex.
  std::deque<Clock::time_point>& Recent(const std::string& key, Clock::time_point now) {
    auto& list = failures[key];
    while (!list.empty() && now - list.front() >= kFailureWindow) list.pop_front();
    return list;
  }

  // Seconds until `name` from `client` may try again, or 0.
  int Throttled(const std::string& name, const std::string& client, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex);
    Clock::duration wait{0};
    for (const std::string& key : {"name:" + name, "addr:" + client}) {
      auto& list = Recent(key, now);
      if (static_cast<int>(list.size()) >= kMaxFailures) wait = std::max(wait, list.front() + kFailureWindow - now);
    }
    if (wait <= Clock::duration::zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count());
  }

  void Failed(const std::string& name, const std::string& client, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex);
    Recent("name:" + name, now).push_back(now);
    Recent("addr:" + client, now).push_back(now);
    // A flood of made-up names must not grow the map without bound.
    if (failures.size() > 10000) {
      for (auto it = failures.begin(); it != failures.end();) {
        it = Recent(it->first, now).empty() ? failures.erase(it) : std::next(it);
      }
    }
  }

  std::optional<Principal> FromSession(std::string_view cookie, Clock::time_point now) {
    const std::string key = store::Sha256Hex(cookie);
    std::unique_lock<std::mutex> lock(mutex);
    auto it = sessions.find(key);
    if (it == sessions.end()) return std::nullopt;
    Session& s = it->second;
    if (now - s.last_seen >= kIdle || now - s.started >= kLifetime) {
      sessions.erase(it);
      return std::nullopt;
    }
    if (now - s.checked >= kRecheck) {
      const std::string name = s.user.name;
      lock.unlock();
      StatusOr<std::optional<store::User>> fresh = ReadUser(name);
      lock.lock();
      it = sessions.find(key);
      if (it == sessions.end()) return std::nullopt;
      if (fresh.ok()) {
        if (!*fresh) {
          sessions.erase(it);
          return std::nullopt;
        }
        it->second.user = **fresh;
        it->second.checked = now;
      }  // else: not read; the session goes on as it was and is checked again next time
    }
    it->second.last_seen = now;
    Principal p;
    p.via = Principal::Via::kSession;
    p.user = it->second.user;
    p.session = key;
    p.csrf_token = it->second.csrf;
    return p;
  }

  // A token's or a proxy user's account, read again after kRecheck. When the database
  // cannot be read, what was known is used (nothing, the first time) and nothing is
  // kept, so the next request reads again.
  std::optional<store::User> Cached(std::map<std::string, CachedToken>& cache, const std::string& key,
                                    const std::function<StatusOr<std::optional<store::User>>()>& read,
                                    Clock::time_point now) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = cache.find(key);
      if (it != cache.end() && now - it->second.checked < kRecheck) return it->second.user;
    }
    StatusOr<std::optional<store::User>> user = read();
    std::lock_guard<std::mutex> lock(mutex);
    if (!user.ok()) {
      auto it = cache.find(key);
      return it != cache.end() ? it->second.user : std::nullopt;
    }
    if (cache.size() > 10000) cache.clear();
    cache[key] = {*user, now};
    return *user;
  }
};

Auth::Auth(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Auth::~Auth() = default;

std::unique_ptr<Auth> Auth::None() { return std::unique_ptr<Auth>(new Auth(std::make_unique<Impl>())); }

StatusOr<std::unique_ptr<Auth>> Auth::ForDatabase(const std::string& db_path, AuthOptions options) {
  if (sodium_init() < 0) return Status::Internal("libsodium could not be initialised");
  auto impl = std::make_unique<Impl>();
  NARA_ASSIGN_OR_RETURN(store::Access access, store::Access::Open(db_path));
  impl->access.emplace(std::move(access));
  impl->kind = options.auth_header.empty() ? SignIn::kPassword : SignIn::kProxy;
  impl->options = std::move(options);
  return std::unique_ptr<Auth>(new Auth(std::move(impl)));
}

SignIn Auth::kind() const { return impl_->kind; }

api::Parsed<Principal> Auth::Identify(const http::Request& req, Lang lang) {
  Impl& m = *impl_;
  if (m.kind == SignIn::kNone) return Principal{};
  const Clock::time_point now = m.Now();

  std::string_view authorization = req.Header("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() || AsciiLower(authorization.substr(0, kBearer.size())) != "bearer ") {
      return Error(401, lang, Msg::kErrTokenInvalid);
    }
    const std::string token(Trim(authorization.substr(kBearer.size())));
    std::optional<store::User> user = m.Cached(
        m.tokens, store::Sha256Hex(token), [&] { return m.ReadToken(token); }, now);
    if (!user) return Error(401, lang, Msg::kErrTokenInvalid);
    Principal p;
    p.via = Principal::Via::kToken;
    p.user = std::move(user);
    return p;
  }

  if (m.kind == SignIn::kProxy) {
    std::string_view named = req.Header(m.options.auth_header);
    const auto& trusted = m.options.trusted_proxies;
    const bool from_proxy = std::find(trusted.begin(), trusted.end(), req.remote_address) != trusted.end();
    if (!named.empty() && !from_proxy) {
      return Error(403, lang, Msg::kErrProxyUntrusted, {m.options.auth_header, req.remote_address});
    }
    if (named.empty()) return Principal{};
    const std::string name(Trim(named));
    std::optional<store::User> user = m.Cached(
        m.proxy_users, name, [&] { return m.ReadUser(name); }, now);
    if (!user) return Error(403, lang, Msg::kErrProxyUnknownUser, {m.options.auth_header, name});
    Principal p;
    p.via = Principal::Via::kProxy;
    p.user = std::move(user);
    p.csrf_token = ProxyCsrf(name);
    return p;
  }

  std::string_view cookie = CookieValue(req.Header("Cookie"), kCookie);
  if (cookie.empty()) return Principal{};
  std::optional<Principal> p = m.FromSession(cookie, now);
  return p ? std::move(*p) : Principal{};
}

bool Auth::CsrfOk(const Principal& who, const http::Request& req) const {
  switch (who.via) {
    case Principal::Via::kToken: return true;
    case Principal::Via::kSession:
    case Principal::Via::kProxy: return SameSecret(req.Header("X-CSRF-Token"), who.csrf_token);
    case Principal::Via::kNobody: return false;
  }
  return false;
}

std::string Auth::ProxyCsrf(const std::string& user) const { return store::Sha256Hex(impl_->secret + "\n" + user); }

std::variant<Auth::SignedIn, ApiError> Auth::Login(const std::string& name, const std::string& password,
                                                   const http::Request& req, Lang lang, int* retry_after) {
  Impl& m = *impl_;
  *retry_after = 0;
  if (m.kind == SignIn::kNone) return Error(409, lang, Msg::kErrNoAccounts);
  const Clock::time_point now = m.Now();
  if (int wait = m.Throttled(name, req.remote_address, now); wait > 0) {
    *retry_after = wait;
    return Error(429, lang, Msg::kErrLoginThrottled, {std::to_string(wait)});
  }
  std::optional<store::User> user;
  {
    std::lock_guard<std::mutex> lock(m.db_mutex);
    auto signed_in = m.access->SignIn(name, password, req.remote_address);
    if (!signed_in.ok()) return api::Bad(signed_in.status());
    user = std::move(*signed_in);
  }
  if (!user) {
    m.Failed(name, req.remote_address, now);
    return Error(401, lang, Msg::kErrLoginFailed);
  }
  const std::string cookie = RandomHex(32);
  Session s{*user, RandomHex(32), now, now, now};
  Principal p;
  p.via = Principal::Via::kSession;
  p.user = std::move(user);
  p.session = store::Sha256Hex(cookie);
  p.csrf_token = s.csrf;
  {
    std::lock_guard<std::mutex> lock(m.mutex);
    m.failures.erase("name:" + name);
    // Ended sessions go when new ones start, so the table holds only live ones.
    for (auto it = m.sessions.begin(); it != m.sessions.end();) {
      const Session& old = it->second;
      it = (now - old.last_seen >= kIdle || now - old.started >= kLifetime) ? m.sessions.erase(it) : std::next(it);
    }
    m.sessions[p.session] = std::move(s);
  }
  return SignedIn{std::move(p), Cookie(cookie, req.tls, false)};
}

StatusOr<std::vector<store::AuditEntry>> Auth::Audit(int64_t after, int64_t limit) {
  if (impl_->kind == SignIn::kNone) return std::vector<store::AuditEntry>();
  std::lock_guard<std::mutex> lock(impl_->db_mutex);
  return impl_->access->Audit(after, limit);
}

std::string Auth::Logout(const Principal& who, const http::Request& req) {
  Impl& m = *impl_;
  if (who.via == Principal::Via::kSession) {
    {
      std::lock_guard<std::mutex> lock(m.mutex);
      m.sessions.erase(who.session);
    }
    std::lock_guard<std::mutex> lock(m.db_mutex);
    // The session is over either way; a failed audit write is not the user's problem.
    (void)m.access->Record({who.user->name, req.remote_address}, "logout", "user " + who.user->name, "");
  }
  return Cookie("", req.tls, true);
}

}  // namespace nara::serve
