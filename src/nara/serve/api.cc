#include "nara/serve/api.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <variant>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/follow/describe.h"
#include "nara/follow/follow_up.h"
#include "nara/serve/api_error.h"
#include "nara/serve/auth.h"
#include "nara/serve/board_report.h"
#include "nara/serve/economy.h"
#include "nara/serve/etag.h"
#include "nara/serve/http_server.h"
#include "nara/serve/internal_control.h"
#include "nara/serve/planning.h"
#include "nara/serve/json_views.h"
#include "nara/serve/openapi.h"
#include "nara/serve/pages.h"
#include "nara/serve/params.h"
#include "nara/serve/snapshot.h"
#include "nara/serve/uploads.h"
#include "nara/store/reports.h"

namespace nara::serve {

using namespace api;  // NOLINT: this file is the API's routes over its rooms

namespace {

// Whether `unit` lies under `root` (or is it) at any time of its validity.
bool UnderEver(const model::OrgTree& tree, int unit, int root) {
  for (const model::Placement& p : tree.Placements(unit)) {
    if (std::find(p.chain.begin(), p.chain.end(), root) != p.chain.end()) return true;
  }
  return false;
}

// The methods each API route answers, from the OpenAPI document ("GET, POST"), so
// a known route asked with another method is a 405 naming them, not a 404.
const std::map<std::string, std::string>& AllowedMethods() {
  static const std::map<std::string, std::string> kAllowed = [] {
    std::map<std::string, std::string> out;
    json doc = json::parse(OpenApiDocument());
    for (auto& [path, item] : doc["paths"].items()) {
      std::string methods;
      for (auto [key, name] : {std::pair{"get", "GET"},
                               {"post", "POST"},
                               {"put", "PUT"},
                               {"patch", "PATCH"},
                               {"delete", "DELETE"}}) {
        if (item.contains(key)) methods += std::string(methods.empty() ? "" : ", ") + name;
      }
      out[path] = methods;
    }
    return out;
  }();
  return kAllowed;
}

// The answer to a request no handler took: 405 with Allow for a known route, else 404.
ApiError NotRouted(const http::Request& req, http::Response& res) {
  auto it = AllowedMethods().find(req.path);
  if (it != AllowedMethods().end()) {
    res.SetHeader("Allow", it->second);
    return Error(405, LenientLang(req), Msg::kErrMethodNotAllowed, {req.method, req.path, it->second});
  }
  return Error(404, LenientLang(req), Msg::kErrNoRoute, {req.method, req.path});
}

// The largest body a route takes: an upload up to 1 GB, a page's table for a workbook
// 8 MB, a comment (a few kB of text and its subject) 64 kB, anything else nothing worth
// more than 64 kB.
size_t BodyLimit(const http::Request& req) {
  if (req.path == "/api/import") return size_t{1} << 30;
  if (req.path == "/api/xlsx") return size_t{8} << 20;
  if (req.path == "/api/internal-control/import") return size_t{4} << 20;  // a register as CSV
  return size_t{64} << 10;
}

// The name in a Host (or an origin's authority) without its port, lower case:
// "Localhost:8080" → "localhost", "[::1]:8080" → "::1".
std::string HostName(std::string_view host) {
  std::string_view name = host;
  if (!name.empty() && name.front() == '[') {
    size_t close = name.find(']');
    name = close == std::string_view::npos ? name.substr(1) : name.substr(1, close - 1);
  } else if (size_t colon = name.rfind(':'); colon != std::string_view::npos && name.find(':') == colon) {
    name = name.substr(0, colon);
  }
  return AsciiLower(name);
}

// The authority of an origin ("http://127.0.0.1:8080" → "127.0.0.1:8080"), or of a
// Referer URL; empty when it has none ("null").
std::string_view Authority(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  return url.substr(0, url.find_first_of("/?#"));
}

// `text` as a whole number, all of it; nullopt for anything else ("", "1x", "-").
std::optional<int64_t> WholeNumber(std::string_view text) {
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

// A handler's exception, as a 500 the reader can quote.
ApiError Internal(const http::Request& req, const std::exception& e) {
  return Error(500, LenientLang(req), Msg::kErrInternal, {e.what()});
}

}  // namespace

// The backend revision IsSlow read for the request it let run on this event loop; the
// request's handler, called next on the same thread, takes it instead of reading the
// revision again.
static thread_local std::optional<int64_t> t_revision_seen;

struct Server::Impl {
  std::unique_ptr<Backend> backend;
  std::unique_ptr<CommentStore> comments;
  std::unique_ptr<InternalControlStore> internal_control;
  std::unique_ptr<Planning> planning;  // null without options.plan_config_dir
  ServerOptions options;
  std::unique_ptr<Pages> pages;
  std::unique_ptr<http::Server> http;
  std::unique_ptr<Auth> auth;

  // The API's routes: exact paths; HEAD is answered as GET (without the body). Each
  // says what its caller must be allowed (auth.h); the handler gets who asked.
  using RouteHandler = std::function<void(const http::Request&, const Principal&, http::Response&)>;
  struct Route {
    std::string method;
    std::string path;
    Need need = Need::kRead;
    RouteHandler handler;
  };
  std::vector<Route> routes;

  mutable std::mutex snapshot_mutex;
  std::shared_ptr<const Snapshot> snapshot;
  std::mutex reload_mutex;  // one import or reload at a time
  std::atomic<int64_t> version{0};
  std::atomic<int64_t> failed_revision{-1};  // the backend revision a reload last failed on
  std::atomic<bool> reloading{false};        // a snapshot is being built

  std::shared_ptr<const Snapshot> Current() const {
    std::lock_guard<std::mutex> lock(snapshot_mutex);
    return snapshot;
  }

  // The snapshot to answer from: the one in force, unless the backend's data changed
  // since it was loaded (`nara import` or `remove-batch` by another process on the
  // database served), then a new one built first. Requests arriving meanwhile wait for
  // it, so none answers from data older than a commit it follows. When the rebuild
  // fails the old snapshot stays in force (the failure is printed once per revision).
  std::shared_ptr<const Snapshot> Fresh() {
    std::shared_ptr<const Snapshot> s = Current();
    StatusOr<int64_t> revision = t_revision_seen ? StatusOr<int64_t>(*t_revision_seen) : backend->Revision();
    t_revision_seen.reset();
    if (!revision.ok() || *revision <= s->loaded.revision || *revision <= failed_revision) return s;
    std::lock_guard<std::mutex> lock(reload_mutex);
    s = Current();
    if (*revision <= s->loaded.revision || *revision <= failed_revision) return s;
    Status reloaded = ReloadLocked();
    if (!reloaded.ok()) {
      failed_revision = *revision;
      std::fprintf(stderr,
                   "nara serve: the %s changed but could not be reloaded (the earlier data is served): %s\n",
                   backend->Describe().c_str(), reloaded.message().c_str());
    }
    return Current();
  }

  // Call with reload_mutex held.
  // Whether a request for data would now wait: for a reload in progress, or for one it
  // would start itself (the backend's data changed since the snapshot was loaded).
  bool WouldWait() {
    if (reloading) return true;
    auto revision = backend->Revision();
    if (!revision.ok()) return false;
    if (*revision > Current()->loaded.revision && *revision > failed_revision) return true;
    t_revision_seen = *revision;
    return false;
  }

  Status ReloadLocked() {
    reloading = true;
    auto built = BuildSnapshot(*backend, options, version + 1);
    reloading = false;
    if (!built.ok()) return built.status();
    std::shared_ptr<Snapshot> next = std::move(built).value();
    ++version;
    std::lock_guard<std::mutex> lock(snapshot_mutex);
    snapshot = std::move(next);
    return Status::Ok();
  }

  // Errors and the answers to POSTs: never stored by a cache.
  static void Send(http::Response& res, int status, const std::string& body) {
    res.status = status;
    res.SetBody(body, "application/json");  // UTF-8 by definition (RFC 8259)
    res.SetHeader("Cache-Control", "no-store");
  }
  // A 200 answer to a GET: with its ETag, and `no-cache` so that a client may keep it
  // but asks again (If-None-Match) before using it; 304 without the body when the
  // request already names the tag.
  // `stable`: the body is kept (see http::Response::stable).
  static void SendOk(const http::Request& req, http::Response& res, const Kept& kept, bool stable = true) {
    res.SetHeader("ETag", kept.etag);
    res.SetHeader("Cache-Control", "no-cache");
    if (IfNoneMatchHits(req.Header("If-None-Match"), kept.etag)) {
      NotModified(res, "application/json");
      return;
    }
    res.status = 200;
    res.SetStableBody(kept.bytes, "application/json");
    res.stable = stable;
  }
  static void SendError(http::Response& res, const ApiError& e) {
    if (e.status == 401) res.SetHeader("WWW-Authenticate", "Bearer realm=\"nara\"");
    json err = {{"status", e.status}, {"message", e.message}};
    if (!e.code.empty()) err["code"] = e.code;
    if (!e.problems.is_null()) err["problems"] = e.problems;
    Send(res, e.status, json{{"error", err}}.dump(-1, ' ', false, kInvalidUtf8));
  }
  // The answer to a GET: 200 (or 304, see SendOk) or the error.
  static void Reply(const http::Request& req, http::Response& res, const Result& r) {
    if (const std::string* body = std::get_if<std::string>(&r)) {
      SendOk(req, res, Kept{std::make_shared<const std::string>(*body), BodyETag(*body)}, /*stable=*/false);
    } else if (const Kept* kept = std::get_if<Kept>(&r)) {
      SendOk(req, res, *kept);
    } else {
      SendError(res, std::get<ApiError>(r));
    }
  }

  // Wraps a handler so that nothing it throws becomes anything but a JSON 500.
  RouteHandler Guard(std::function<Result(const http::Request&, const Snapshot&)> f) {
    return [this, f = std::move(f)](const http::Request& req, const Principal&, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        Reply(req, res, f(req, *s));
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    };
  }

  void Get(std::string path, RouteHandler h, Need need = Need::kRead) {
    routes.push_back({"GET", std::move(path), need, std::move(h)});
  }
  void Post(std::string path, Need need, RouteHandler h) {
    routes.push_back({"POST", std::move(path), need, std::move(h)});
  }

  // Every request: an API route, a page file, or an error.
  void Handle(const http::Request& req, http::Response& res) {
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    SecurityHeaders(res);
    if (std::optional<ApiError> refused = Refused(req, method)) {
      SendError(res, *refused);
      return;
    }
    if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
      for (const Route& r : routes) {
        if (r.path == req.path && r.method == method) {
          Parsed<Principal> who = auth->Identify(req, LenientLang(req));
          // What needs no sign-in answers a caller with a bad token as nobody.
          if (r.need == Need::kNothing && std::holds_alternative<ApiError>(who)) who = Principal{};
          if (auto* e = std::get_if<ApiError>(&who)) {
            SendError(res, *e);
          } else if (std::optional<ApiError> denied = Denied(req, r, std::get<Principal>(who))) {
            SendError(res, *denied);
          } else {
            r.handler(req, std::get<Principal>(who), res);
          }
          return;
        }
      }
      SendError(res, NotRouted(req, res));
      return;
    }
    if (method != "GET") {
      res.SetHeader("Allow", "GET, HEAD");
      SendError(res, Error(405, LenientLang(req), Msg::kErrMethodNotAllowed, {req.method, req.path, "GET, HEAD"}));
      return;
    }
    pages->Serve(req.path, req.Header("If-None-Match"), res);
  }

  // What is refused before any route looks at a request: HTTP/1.1 without a Host; a
  // Host this server does not answer to (a page elsewhere that resolves its own name to
  // this address); a change (POST, …) whose Origin, or else Referer, is another site
  // (a form or script on another page writing through the user's browser); a comment
  // that is not JSON (a form can send text/plain across sites).
  std::optional<ApiError> Refused(const http::Request& req, const std::string& method) const {
    const Lang lang = LenientLang(req);
    const std::string_view host = req.Header("Host");
    if (host.empty()) {
      if (req.minor_version >= 1) return Error(400, lang, Msg::kErrHostRequired);
    } else if (!HostServed(HostName(host))) {
      return Error(400, lang, Msg::kErrHostNotServed, {host});
    }
    if (method == "GET") return std::nullopt;
    std::string_view origin = req.Header("Origin");
    if (origin.empty()) origin = req.Header("Referer");
    if (!origin.empty() && AsciiLower(Authority(origin)) != AsciiLower(host)) {
      return Error(403, lang, Msg::kErrCrossOrigin, {origin});
    }
    if ((req.path == "/api/comments" || req.path == "/api/actions" || req.path == "/api/assessments" ||
         req.path == "/api/login" || req.path == "/api/batches/remove" ||
         req.path == "/api/batches/restore" || req.path == "/api/batches/purge" || req.path == "/api/xlsx" ||
         req.path == "/api/internal-control/risks" || req.path == "/api/internal-control/controls" ||
         req.path == "/api/internal-control/results" || req.path.rfind("/api/planning", 0) == 0) &&
        method == "POST") {
      std::string type = AsciiLower(req.Header("Content-Type"));
      if (type.substr(0, type.find(';')) != "application/json") {
        return Error(415, lang, Msg::kErrContentType, {req.Header("Content-Type"), "application/json"});
      }
    }
    return std::nullopt;
  }

  // Whether `who` may use route `r`: nobody reads a database server's figures
  // unsigned (401), a role does only what it may (403), a server without accounts
  // takes no change (409), and a change made through a browser (a session or the
  // proxy's sign-in) carries the CSRF token (403).
  std::optional<ApiError> Denied(const http::Request& req, const Route& r, const Principal& who) const {
    const Lang lang = LenientLang(req);
    if (r.need != Need::kNothing) {
      if (auth->kind() == SignIn::kNone) {
        if (r.need == Need::kImport) return Error(409, lang, Msg::kErrReadOnly);
        if (r.need != Need::kRead) return Error(409, lang, Msg::kErrNoAccounts);
      } else if (!who.user) {
        ApiError e = Error(401, lang, Msg::kErrUnauthenticated);
        return e;
      } else if (!RolePermits(who.user->role, r.need)) {
        return Error(403, lang, Msg::kErrForbidden, {store::RoleName(who.user->role), NeedText(r.need, lang)});
      }
    }
    if (r.method != "GET" && who.via != Principal::Via::kNobody && !auth->CsrfOk(who, req)) {
      return Error(403, lang, Msg::kErrCsrf);
    }
    return std::nullopt;
  }

  bool HostServed(const std::string& name) const {
    const std::string bind = HostName(options.bind);
    if ((bind == "0.0.0.0" || bind == "::" || bind.empty()) && options.server_names.empty()) return true;
    if (name == "localhost" || name == "127.0.0.1" || name == "::1" || name == bind) return true;
    for (const std::string& n : options.server_names) {
      if (name == HostName(n)) return true;
    }
    return false;
  }

  // On every answer: the pages load scripts, styles and data from this server only
  // (styles set by the charts are inline), may not be framed by another site, and
  // no answer's type is guessed from its content.
  static void SecurityHeaders(http::Response& res) {
    res.SetHeader("Content-Security-Policy",
                  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    res.SetHeader("X-Frame-Options", "DENY");
    res.SetHeader("X-Content-Type-Options", "nosniff");
    res.SetHeader("Referrer-Policy", "same-origin");
  }

  // Requests that may take long run on the server's workers: uploads, and writes to
  // the database (which may wait for another process's import).
  // So do requests for data while the data is being reloaded: they wait for the new
  // snapshot on a worker, and the event loops go on answering everyone else (pages,
  // the OpenAPI document, requests on other connections once the snapshot is in).
  bool IsSlow(const http::Request& req) {
    t_revision_seen.reset();
    if (req.method == "POST" || req.method == "PUT") return true;
    // The board report takes seconds (a PDF is printed by Chromium).
    // So does a removal's preview (it reads the batch's blocks).
    if (req.path.rfind("/api/report", 0) == 0 || req.path == "/api/batches/preview-remove") return true;
    // So do the planning's backcast (a simulation, once) and its geography (a grid, a
    // location model).
    if (req.path == "/api/planning/backcast" || req.path == "/api/planning/geography" ||
        req.path == "/api/planning/locate") {
      return true;
    }
    return req.path.rfind("/api/", 0) == 0 && req.path != "/api/openapi.json" && WouldWait();
  }

  void Routes() {
    RouteSignIn();
    RouteDescriptions();
    RouteResults();
    RouteComments();
    RouteInternalControl();
    RouteImports();
    RouteReports();
    RouteEconomy();
    RoutePlanning();
  }

  // Planering (serve/planning.h): read by anyone who reads; runs started and stopped,
  // and proposals saved as scenarios, by controllers and admins (as imports are).
  void RoutePlanning() {
    using PlanningGet = std::function<Result(const http::Request&, const Principal&)>;
    auto get = [this](const char* path, PlanningGet f) {
      Get(path, [this, f = std::move(f)](const http::Request& req, const Principal& who, http::Response& res) {
        try {
          if (!planning) return SendError(res, Error(404, LenientLang(req), Msg::kErrNoRoute, {req.method, req.path}));
          Reply(req, res, f(req, who));
        } catch (const std::exception& e) {
          SendError(res, Internal(req, e));
        }
      });
    };
    get("/api/planning", [this](const http::Request& req, const Principal& who) {
      return planning->Overview(req, who.user && RolePermits(who.user->role, Need::kImport));
    });
    get("/api/planning/runs", [this](const http::Request& req, const Principal&) { return planning->Runs(req); });
    get("/api/planning/results", [this](const http::Request& req, const Principal&) { return planning->Results(req); });
    get("/api/planning/backcast", [this](const http::Request& req, const Principal&) { return planning->Backcast(req); });
    get("/api/planning/geography",
        [this](const http::Request& req, const Principal&) { return planning->Geography(req); });
    get("/api/planning/locate", [this](const http::Request& req, const Principal&) { return planning->Locate(req); });
    Get("/api/planning/results.csv", [this](const http::Request& req, const Principal&, http::Response& res) {
      try {
        if (!planning) return SendError(res, Error(404, LenientLang(req), Msg::kErrNoRoute, {req.method, req.path}));
        std::string file_name;
        Result r = planning->ResultsCsv(req, &file_name);
        if (const ApiError* e = std::get_if<ApiError>(&r)) return SendError(res, *e);
        res.status = 200;
        res.SetBody(std::get<std::string>(r), "text/csv; charset=utf-8");
        res.SetHeader("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
        res.SetHeader("Cache-Control", "no-store");
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    for (const char* path : {"/api/planning/runs", "/api/planning/runs/cancel", "/api/planning/scenarios"}) {
      Post(path, Need::kImport, [this](const http::Request& req, const Principal& who, http::Response& res) {
        try {
          if (!planning) return SendError(res, Error(404, LenientLang(req), Msg::kErrNoRoute, {req.method, req.path}));
          std::pair<int, Result> answer = req.path == "/api/planning/runs"          ? planning->Start(req, who.user->name)
                                          : req.path == "/api/planning/runs/cancel" ? planning->Cancel(req)
                                                                                    : planning->SaveProposal(req);
          ReplyPost(res, answer.first, answer.second);
        } catch (const std::exception& e) {
          SendError(res, Internal(req, e));
        }
      });
    }
  }

  // The economy (serve/economy.h): anyone who reads.
  void RouteEconomy() {
    Get("/api/economy", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          return EconomySummaryJson(req, s);
        }));
    Get("/api/economy/capitation", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          return CapitationJson(req, s, options.economy_config_dir);
        }));
    Get("/api/economy/whatif", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          return WhatIfJson(req, s, options.economy_config_dir);
        }));
  }

  // Sign-in and out, who is signed in, and the audit trail (admins).
  void RouteSignIn() {
    Get(
        "/api/me",
        [this](const http::Request&, const Principal& who, http::Response& res) {
          Send(res, 200, MeJson(who).dump(-1, ' ', false, kInvalidUtf8));
        },
        Need::kNothing);
    Post("/api/login", Need::kNothing, [this](const http::Request& req, const Principal&, http::Response& res) {
      const Lang lang = LenientLang(req);
      json body = json::parse(req.body, nullptr, false);
      if (!body.is_object() || !body.value("name", json()).is_string() || !body.value("password", json()).is_string()) {
        SendError(res, Error(400, lang, Msg::kErrLoginFields));
        return;
      }
      int retry_after = 0;
      auto signed_in = auth->Login(body["name"].get<std::string>(), body["password"].get<std::string>(), req, lang,
                                   &retry_after);
      if (auto* e = std::get_if<ApiError>(&signed_in)) {
        if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
        SendError(res, *e);
        return;
      }
      auto& in = std::get<Auth::SignedIn>(signed_in);
      Send(res, 200, MeJson(in.principal).dump(-1, ' ', false, kInvalidUtf8));
      res.SetHeader("Set-Cookie", in.set_cookie);
    });
    Post("/api/logout", Need::kNothing, [this](const http::Request& req, const Principal& who, http::Response& res) {
      const std::string cookie = auth->Logout(who, req);
      Send(res, 200, MeJson(Principal{}).dump());
      res.SetHeader("Set-Cookie", cookie);
    });
    Get(
        "/api/audit",
        [this](const http::Request& req, const Principal&, http::Response& res) {
          const Lang lang = LenientLang(req);
          int64_t after = 0;
          int64_t limit = 200;
          for (auto [name, out, most] : {std::tuple{"after", &after, INT64_MAX}, std::tuple{"limit", &limit, int64_t{1000}}}) {
            if (!req.HasParam(name)) continue;
            const std::string text = req.Param(name);
            std::optional<int64_t> n = WholeNumber(text);
            if (!n || *n < 0 || *n > most) {
              SendError(res, Error(400, lang, Msg::kErrBadNumber, {name, text}));
              return;
            }
            *out = *n;
          }
          auto entries = auth->Audit(after, limit);
          if (!entries.ok()) {
            SendError(res, Bad(entries.status()));
            return;
          }
          json list = json::array();
          for (const store::AuditEntry& e : *entries) {
            list.push_back({{"id", e.id},
                            {"at", e.at},
                            {"by", e.by},
                            {"client", e.client},
                            {"action", e.action},
                            {"subject", e.subject},
                            {"detail", e.detail},
                            {"hash", e.hash}});
          }
          Send(res, 200, json{{"entries", list}}.dump(-1, ' ', false, kInvalidUtf8));
        },
        Need::kAdmin);
  }

  // GET /api/me's answer: the user, how this server signs in, and the token changes
  // must carry.
  json MeJson(const Principal& who) const {
    json user = nullptr;
    if (who.user) {
      user = {{"name", who.user->name}, {"role", store::RoleName(who.user->role)}, {"units", who.user->units}};
    }
    return {{"user", user},
            {"sign_in", SignInName(auth->kind())},
            {"csrf_token", who.csrf_token.empty() ? json(nullptr) : json(who.csrf_token)}};
  }

  // What is served: the document, the server, the tree, the plans, the catalogue.
  void RouteDescriptions() {
    Get(
        "/api/openapi.json",
        [](const http::Request& req, const Principal&, http::Response& res) {
          static const Kept doc{std::make_shared<const std::string>(OpenApiDocument()),
                                BodyETag(OpenApiDocument())};
          SendOk(req, res, doc);
        },
        Need::kNothing);
    Get("/api/info", Guard([this](const http::Request&, const Snapshot& s) -> Result {
          json out = {{"name", "nara"},
                      {"source", backend->Shown()},
                      {"can_import", backend->can_import()},
                      {"data_version", s.version},
                      {"config_version", ConfigVersionJson(s)},
                      {"config_sha256",
                       s.loaded.config_sha256.empty() ? json(nullptr) : json(s.loaded.config_sha256)},
                      {"loaded_at", s.loaded_at},
                      {"first_year", s.first_year},
                      {"last_year", s.last_year},
                      {"data_through", s.data_through.empty() ? json(nullptr) : json(s.data_through)},
                      {"administration", s.tree().id(s.administration)},
                      {"root", s.tree().id(s.tree().root())},
                      {"perspectives", s.perspectives}};
          return out.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/units", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> lang = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&lang)) return *e;
          return Units(s, req.Param("date"), std::get<Lang>(lang));
        }));
    Get("/api/plan", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> lang = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&lang)) return *e;
          int year = s.last_year;
          if (req.HasParam("year")) {
            Parsed<int> y = ParseYear(req.Param("year"), s, std::get<Lang>(lang));
            if (auto* e = std::get_if<ApiError>(&y)) return *e;
            year = std::get<int>(y);
          }
          const model::Plan* p = PlanFor(s.config(), year);
          if (p == nullptr) return Error(404, std::get<Lang>(lang), Msg::kErrNoPlan, {std::to_string(year)});
          return PlanJson(*p, year).dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/catalogue", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> parsed = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
          Lang lang = std::get<Lang>(parsed);
          return Cached(s, std::string("catalogue|") + LangCode(lang), [&]() -> Result {
            json inds = json::array();
            for (const model::IndicatorDef& d : s.config().catalogue) inds.push_back(IndicatorJson(d, lang));
            return json{{"perspectives", s.perspectives}, {"indicators", inds}}.dump(-1, ' ', false,
                                                                                     kInvalidUtf8);
          });
        }));
  }

  // The results: scorecard, series, breakdown.
  void RouteResults() {
    Get("/api/scorecard", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          return Scorecard(s, std::get<Scope>(sc));
        }));
    Get("/api/goals", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          return Goals(s, std::get<Scope>(sc));
        }));
    Get("/api/series", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          return Series(s, scope, std::get<int>(ind));
        }));
    Get("/api/breakdown", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          return Breakdown(s, scope, std::get<int>(ind));
        }));
    Get("/api/peers", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          const std::string within = req.Param("scope");
          if (!within.empty() && within != "area" && within != "region") {
            return Error(400, scope.lang, Msg::kErrBadFormat, {within, "area, region"});
          }
          return Peers(s, scope, std::get<int>(ind), within == "region");
        }));
    Get("/api/trend", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          return Trend(s, scope, std::get<int>(ind));
        }));
  }

  // The analysis comments, read and written.
  void RouteComments() {
    // The current comments (with the actions they carry) of a subject, unit and period,
    // or of every period of a year: an analysis shows wherever its cell is shown.
    Get("/api/comments", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<CommentQuery> q = ParseCommentQuery(req, s);
          if (auto* e = std::get_if<ApiError>(&q)) return *e;
          const CommentQuery& query = std::get<CommentQuery>(q);
          auto list = comments->List(query.filter);
          if (!list.ok()) return Bad(list.status());
          auto actions = comments->Actions(query.filter);
          if (!actions.ok()) return Bad(actions.status());
          json out = json::array();
          for (const Comment& c : *list) {
            if (query.InYear(c.period)) out.push_back(CommentJson(c));
          }
          json acts = json::array();
          for (const Action& a : *actions) {
            if (query.InYear(a.period)) acts.push_back(ActionJson(a));
          }
          return json{{"comments", out}, {"actions", acts}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    // Every version of one comment, oldest first.
    Get("/api/comments/history", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<CommentQuery> q = ParseCommentQuery(req, s);
          if (auto* e = std::get_if<ApiError>(&q)) return *e;
          const CommentQuery& query = std::get<CommentQuery>(q);
          for (const char* key : {"subject_kind", "subject_id", "unit", "period"}) {
            if (req.Param(key).empty()) return Error(400, query.lang, Msg::kErrFieldNotString, {key});
          }
          auto list = comments->History(query.filter);
          if (!list.ok()) return Bad(list.status());
          json out = json::array();
          for (const Comment& c : *list) out.push_back(CommentJson(c));
          return json{{"versions", out}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Post("/api/comments", Need::kComment, [this](const http::Request& req, const Principal& who, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        ReplyPost(res, 201, PostComment(req, who, *s));
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    // The actions of a unit (with `subtree=1` also of the units under it), open first
    // by due date.
    Get("/api/actions", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> parsed_lang = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
          const Lang lang = std::get<Lang>(parsed_lang);
          Parsed<int> unit = ParseUnit(req.Param("unit"), s, s.administration, lang);
          if (auto* e = std::get_if<ApiError>(&unit)) return *e;
          const int u = std::get<int>(unit);
          const bool subtree = req.Param("subtree") == "1" || req.Param("subtree") == "true";
          CommentFilter f;
          if (!subtree) f.unit_id = s.tree().id(u);
          auto actions = comments->Actions(f);
          if (!actions.ok()) return Bad(actions.status());
          const Days today = Today();
          json out = json::array();
          for (const Action& a : *actions) {
            const int au = s.tree().Find(a.unit_id);
            if (subtree && (au < 0 || !UnderEver(s.tree(), au, u))) continue;
            json j = ActionJson(a);
            j["unit_ref"] = au < 0 ? json(nullptr) : UnitRef(s, au, today);
            out.push_back(std::move(j));
          }
          return json{{"unit", s.tree().id(u)}, {"subtree", subtree}, {"actions", out}}.dump(-1, ' ', false,
                                                                                              kInvalidUtf8);
        }));
    Post("/api/actions", Need::kComment, [this](const http::Request& req, const Principal& who, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        PostAction(req, who, *s, res);
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    // Goal assessments: the newest of each goal for a unit and period, one's history,
    // and a new one.
    Get("/api/assessments", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<CommentQuery> q = ParseCommentQuery(req, s);
          if (auto* e = std::get_if<ApiError>(&q)) return *e;
          const CommentQuery& query = std::get<CommentQuery>(q);
          CommentFilter f = query.filter;
          f.subject_id = req.Param("goal_id");
          auto list = comments->Assessments(f);
          if (!list.ok()) return Bad(list.status());
          json out = json::array();
          for (const Assessment& a : *list) {
            if (query.InYear(a.period)) out.push_back(AssessmentJson(a, query.lang));
          }
          return json{{"assessments", out}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/assessments/history", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<CommentQuery> q = ParseCommentQuery(req, s);
          if (auto* e = std::get_if<ApiError>(&q)) return *e;
          const CommentQuery& query = std::get<CommentQuery>(q);
          for (const char* key : {"goal_id", "unit", "period"}) {
            if (req.Param(key).empty()) return Error(400, query.lang, Msg::kErrFieldNotString, {key});
          }
          auto list = comments->AssessmentHistory(req.Param("goal_id"), query.filter.unit_id, query.filter.period);
          if (!list.ok()) return Bad(list.status());
          json out = json::array();
          for (const Assessment& a : *list) out.push_back(AssessmentJson(a, query.lang));
          return json{{"versions", out}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Post("/api/assessments", Need::kComment,
         [this](const http::Request& req, const Principal& who, http::Response& res) {
           std::shared_ptr<const Snapshot> s = Fresh();
           try {
             ReplyPost(res, 201, PostAssessment(req, who, *s));
           } catch (const std::exception& e) {
             SendError(res, Internal(req, e));
           }
         });
  }

  // The internal-control register (serve/internal_control.h): read by anyone who
  // reads, changed and imported by controllers and admins (as batches are).
  void RouteInternalControl() {
    Get("/api/internal-control", [this](const http::Request& req, const Principal& who, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        const bool may_edit = who.user && RolePermits(who.user->role, Need::kImport);
        Reply(req, res, internal_control->Get(req, *s, may_edit));
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    for (const char* path : {"/api/internal-control/risks", "/api/internal-control/controls",
                             "/api/internal-control/results", "/api/internal-control/import"}) {
      Post(path, Need::kImport, [this](const http::Request& req, const Principal& who, http::Response& res) {
        std::shared_ptr<const Snapshot> s = Fresh();
        try {
          const store::Actor by{who.user->name, req.remote_address};
          std::pair<int, Result> answer =
              req.path == "/api/internal-control/risks"      ? internal_control->PostRisk(req, *s, by)
              : req.path == "/api/internal-control/controls" ? internal_control->PostControl(req, by)
              : req.path == "/api/internal-control/results"  ? internal_control->PostResult(req, by)
                                                             : internal_control->Import(req, *s, by);
          ReplyPost(res, answer.first, answer.second);
        } catch (const std::exception& e) {
          SendError(res, Internal(req, e));
        }
      });
    }
  }

  // The batches of the database and uploads into it.
  void RouteImports() {
    Get("/api/batches", Guard([this](const http::Request&, const Snapshot& s) -> Result {
          auto batches = backend->Batches();
          if (!batches.ok()) return Bad(batches.status());
          json list = json::array();
          for (const store::BatchInfo& b : *batches) list.push_back(BatchEntryJson(b));
          json files = json::array();
          for (const std::string& f : s.loaded.extract.files) files.push_back(f);
          return json{{"can_import", backend->can_import()},
                      {"source", backend->Shown()},
                      {"batches", list},
                      {"files", files}}
              .dump(-1, ' ', false, kInvalidUtf8);
        }));
    Post("/api/import", Need::kImport, [this](const http::Request& req, const Principal& who, http::Response& res) {
      try {
        Parsed<bool> dry_run = ParseDryRun(req, LenientLang(req));
        if (auto* e = std::get_if<ApiError>(&dry_run)) {
          SendError(res, *e);
        } else if (std::get<bool>(dry_run)) {
          ReplyPost(res, 200, PreviewUpload(req, who));
        } else {
          ReplyPost(res, 201, Import(req, who));
        }
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    // The trash (store/store.h): a batch taken out of the data and brought back by a
    // controller, deleted for good by an administrator; what a removal would change.
    for (const bool restore : {false, true}) {
      Post(restore ? "/api/batches/restore" : "/api/batches/remove", Need::kImport,
           [this, restore](const http::Request& req, const Principal& who, http::Response& res) {
             try {
               ReplyPost(res, 200, ChangeBatch(req, who, restore));
             } catch (const std::exception& e) {
               SendError(res, Internal(req, e));
             }
           });
    }
    Post("/api/batches/purge", Need::kAdmin,
         [this](const http::Request& req, const Principal& who, http::Response& res) {
           try {
             ReplyPost(res, 200, PurgeBatches(req, who));
           } catch (const std::exception& e) {
             SendError(res, Internal(req, e));
           }
         });
    Get(
        "/api/batches/preview-remove",
        [this](const http::Request& req, const Principal&, http::Response& res) {
          try {
            Reply(req, res, PreviewRemove(req));
          } catch (const std::exception& e) {
            SendError(res, Internal(req, e));
          }
        },
        Need::kImport);
  }

  // The board report: previewed, downloaded, issued; the issued ones and what changed
  // since.
  void RouteReports() {
    Get("/api/report", [this](const http::Request& req, const Principal&, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        auto made = MakeReport(req, *s, /*xlsx=*/false, /*pdf=*/false);
        if (auto* e = std::get_if<ApiError>(&made)) return SendError(res, *e);
        auto& files = std::get<std::vector<store::IssuedFile>>(made);
        SendReportFile(res, files.front(), /*attachment=*/false);
        // The web app shows the preview in a frame of its own page.
        res.SetHeader("X-Frame-Options", "SAMEORIGIN");
        res.SetHeader("Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    Get("/api/report/file", [this](const http::Request& req, const Principal&, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        const std::string format = req.Param("format");
        if (format != "html" && format != "pdf" && format != "xlsx") {
          return SendError(res, Error(400, LenientLang(req), Msg::kErrBadFormat, {format, "html, pdf, xlsx"}));
        }
        auto made = MakeReport(req, *s, format == "xlsx", format == "pdf");
        if (auto* e = std::get_if<ApiError>(&made)) return SendError(res, *e);
        for (const store::IssuedFile& f : std::get<std::vector<store::IssuedFile>>(made)) {
          if (f.name.size() > format.size() && f.name.substr(f.name.size() - format.size()) == format) {
            return SendReportFile(res, f, /*attachment=*/true);
          }
        }
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    // A table of a page as a workbook: the rows the page offers as CSV, numbers as
    // numbers. Any reader may; nothing is written.
    Post("/api/xlsx", Need::kRead, [](const http::Request& req, const Principal&, http::Response& res) {
      const Lang lang = LenientLang(req);
      Parsed<TableDownload> parsed = ParseTableDownload(req.body, lang);
      if (auto* e = std::get_if<ApiError>(&parsed)) return SendError(res, *e);
      const TableDownload& table = std::get<TableDownload>(parsed);
      StatusOr<store::IssuedFile> file = MakeTableWorkbook(table.file_name, table.sheet);
      if (!file.ok()) return SendError(res, Error(500, lang, Msg::kErrInternal, {file.status().message()}));
      SendReportFile(res, *file, /*attachment=*/true);
    });
    Post("/api/report/issue", Need::kImport, [this](const http::Request& req, const Principal& who, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        ReplyPost(res, 201, IssueReport(req, who, *s));
      } catch (const std::exception& e) {
        SendError(res, Internal(req, e));
      }
    });
    Get("/api/reports", Guard([this](const http::Request&, const Snapshot& s) -> Result {
          if (backend->database_path().empty()) return json{{"reports", json::array()}}.dump();
          auto reports = store::IssuedReports::Open(backend->database_path());
          if (!reports.ok()) return Bad(reports.status());
          auto list = reports->List();
          if (!list.ok()) return Bad(list.status());
          json out = json::array();
          for (const store::IssuedReport& r : *list) {
            auto full = reports->Get(r.id);
            if (!full.ok()) return Bad(full.status());
            out.push_back(IssuedReportJson(*full, s));
          }
          return json{{"reports", out}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/reports/file", [this](const http::Request& req, const Principal&, http::Response& res) {
      const Lang lang = LenientLang(req);
      const std::string text = req.Param("id");
      const int64_t id = WholeNumber(text).value_or(0);
      if (id <= 0) return SendError(res, Error(400, lang, Msg::kErrBadNumber, {"id", text}));
      if (backend->database_path().empty()) return SendError(res, Error(404, lang, Msg::kErrNoIssuedFile, {text, ""}));
      auto reports = store::IssuedReports::Open(backend->database_path());
      if (!reports.ok()) return SendError(res, Bad(reports.status()));
      auto r = reports->Get(id);
      if (!r.ok()) return SendError(res, Bad(r.status()));
      const std::string name = req.Param("name");
      for (const store::IssuedFile& f : r->files) {
        if (f.name == name) return SendReportFile(res, f, /*attachment=*/true);
      }
      SendError(res, Error(404, lang, Msg::kErrNoIssuedFile, {text, name}));
    });
  }

  // The report the query asks for (period, unit, lang, layout), made over `s`.
  std::variant<std::vector<store::IssuedFile>, ApiError> MakeReport(const http::Request& req, const Snapshot& s,
                                                                    bool xlsx, bool pdf) {
    Parsed<Scope> sc = ParseScope(req, s);
    if (auto* e = std::get_if<ApiError>(&sc)) return *e;
    const Scope& scope = std::get<Scope>(sc);
    BoardReport r{scope.period, scope.unit, scope.lang, report::Layout::kA4};
    const std::string layout = req.Param("layout");
    if (!layout.empty() && !report::ParseLayout(layout, &r.layout)) {
      return Error(400, scope.lang, Msg::kErrBadFormat, {layout, "a4, slides"});
    }
    auto config = report::LoadReportConfig(options.report_config_dir, s.config());
    if (!config.ok()) return Bad(config.status());
    CommentFilter filter;
    filter.unit_id = s.tree().id(r.unit);
    filter.period = r.period.ToString();
    auto comments_now = comments->List(filter);
    if (!comments_now.ok()) return Bad(comments_now.status());
    auto assessments = comments->Assessments(filter);
    if (!assessments.ok()) return Bad(assessments.status());
    report::ReportInput in = ReportInputFor(s, r, std::move(config).value(), std::move(comments_now).value(),
                                            DataVersionText(s, r.lang), ConfigVersionText(s, r.lang));
    in.assessments = std::move(assessments).value();
    auto register_now = internal_control->Register(YearOf(r.period.last));
    if (!register_now.ok()) return Bad(register_now.status());
    in.internal_control = std::move(register_now).value();
    auto files = MakeReportFiles(in, xlsx, pdf);
    if (!files.ok()) return Bad(files.status());
    return std::move(files).value();
  }

  std::string DataVersionText(const Snapshot& s, Lang lang) {
    auto batches = backend->Batches();
    if (!batches.ok() || batches->empty()) return backend->Shown();
    const store::BatchInfo* latest = &batches->front();
    size_t active = 0;
    for (const store::BatchInfo& b : *batches) {
      if (b.state != store::BatchState::kActive) continue;
      ++active;
      if (latest->state != store::BatchState::kActive || b.id > latest->id) latest = &b;
    }
    (void)s;
    if (active == 0) return backend->Shown();
    return Say(lang, Msg::kReportDataFromStore,
               {std::to_string(active), std::to_string(latest->id), latest->loaded_at});
  }

  static std::string ConfigVersionText(const Snapshot& s, Lang lang) {
    if (s.loaded.config_version == 0) return "–";
    // The stored version and the start of its SHA-256 (the snapshot keeps no date of it).
    return Say(lang, Msg::kReportConfigFromStore,
               {std::to_string(s.loaded.config_version), "SHA-256 " + s.loaded.config_sha256.substr(0, 12)});
  }

  // POST /api/report/issue: the report made with every file and kept as issued.
  Result IssueReport(const http::Request& req, const Principal& who, const Snapshot& s) {
    const Lang lang = LenientLang(req);
    if (backend->database_path().empty()) return Error(409, lang, Msg::kErrReadOnly);
    auto made = MakeReport(req, s, /*xlsx=*/true, /*pdf=*/true);
    if (auto* e = std::get_if<ApiError>(&made)) return *e;
    Parsed<Scope> sc = ParseScope(req, s);
    const Scope& scope = std::get<Scope>(sc);
    store::IssuedReport issued;
    issued.period = scope.period.ToString();
    issued.unit = s.tree().id(scope.unit);
    issued.lang = LangCode(scope.lang);
    issued.layout = req.Param("layout").empty() ? "a4" : req.Param("layout");
    issued.data_revision = s.loaded.revision;
    issued.config_version = s.loaded.config_version;
    issued.issued_by = who.user->name;
    issued.files = std::move(std::get<std::vector<store::IssuedFile>>(made));
    auto reports = store::IssuedReports::Open(backend->database_path());
    if (!reports.ok()) return Bad(reports.status());
    auto id = reports->Issue(std::move(issued), {who.user->name, req.remote_address});
    if (!id.ok()) return Bad(id.status());
    auto stored = reports->Get(*id);
    if (!stored.ok()) return Bad(stored.status());
    return json{{"report", IssuedReportJson(*stored, s)}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  // The answer to a POST: `status` (201 when it made something, 200 when it did not:
  // a removal, a restore, a purge, a dry run) with the body, no ETag, not stored by
  // caches; or the error.
  static void ReplyPost(http::Response& res, int status, const Result& r) {
    if (const std::string* body = std::get_if<std::string>(&r)) {
      Send(res, status, *body);
    } else if (const Kept* kept = std::get_if<Kept>(&r)) {
      Send(res, status, *kept->bytes);
    } else {
      SendError(res, std::get<ApiError>(r));
    }
  }

  // A comment is written by the signed-in user, for a unit they answer for.
  Result PostComment(const http::Request& req, const Principal& who, const Snapshot& s) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    Parsed<Comment> parsed = ParseComment(req.body, s, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
    Comment c = std::move(std::get<Comment>(parsed));
    if (!MayWriteFor(*who.user, s.tree(), s.tree().Find(c.unit_id))) {
      return Error(403, lang, Msg::kErrForbiddenUnit, {c.unit_id});
    }
    c.author = who.user->name;
    auto stored = comments->Put(std::move(c), req.remote_address);
    if (!stored.ok()) return Bad(stored.status());
    return json{{"comment", CommentJson(*stored)}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  // A new or changed action (201 for a new one, 200 for a change), written for a unit
  // the user may write for.
  void PostAction(const http::Request& req, const Principal& who, const Snapshot& s, http::Response& res) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return SendError(res, *e);
    const Lang lang = std::get<Lang>(parsed_lang);
    Parsed<Action> parsed = ParseAction(req.body, s, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return SendError(res, *e);
    Action a = std::move(std::get<Action>(parsed));
    if (a.id != 0) {
      // The unit is the stored action's: who may change it is decided by that.
      auto stored = comments->FindAction(a.id);
      if (!stored.ok()) return SendError(res, Bad(stored.status()));
      if (!*stored) return SendError(res, Error(404, lang, Msg::kErrActionNotFound, {std::to_string(a.id)}));
      a.unit_id = (*stored)->unit_id;
    }
    if (!MayWriteFor(*who.user, s.tree(), s.tree().Find(a.unit_id))) {
      return SendError(res, Error(403, lang, Msg::kErrForbiddenUnit, {a.unit_id}));
    }
    const bool created = a.id == 0;
    a.author = who.user->name;
    auto put = comments->PutAction(std::move(a), req.remote_address);
    if (!put.ok()) {
      if (put.status().code() == StatusCode::kNotFound) {
        return SendError(res, Error(404, lang, Msg::kErrActionNotFound, {put.status().message()}));
      }
      return SendError(res, Bad(put.status()));
    }
    ReplyPost(res, created ? 201 : 200, json{{"action", ActionJson(*put)}}.dump(-1, ' ', false, kInvalidUtf8));
  }

  // A goal assessment for a unit the user may write for; a status other than the
  // computed one needs a justification.
  Result PostAssessment(const http::Request& req, const Principal& who, const Snapshot& s) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    Parsed<Assessment> parsed = ParseAssessment(req.body, s, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
    Assessment a = std::move(std::get<Assessment>(parsed));
    const int unit = s.tree().Find(a.unit_id);
    if (!MayWriteFor(*who.user, s.tree(), unit)) return Error(403, lang, Msg::kErrForbiddenUnit, {a.unit_id});
    const model::Period period = model::ParsePeriod(a.period).value();
    const model::Plan* plan = PlanFor(s.config(), YearOf(period.last));
    const follow::GoalStatus computed = GoalStatuses(s, *plan, period, unit).at(a.goal_id);
    a.computed_status = follow::StatusName(computed.status);
    if (a.status != a.computed_status && a.justification.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error(400, lang, Msg::kErrJustificationRequired, {follow::StatusText(computed.status, lang)});
    }
    a.author = who.user->name;
    auto stored = comments->PutAssessment(std::move(a), req.remote_address);
    if (!stored.ok()) return Bad(stored.status());
    return json{{"assessment", AssessmentJson(*stored, lang)}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  // An upload (POST /api/import, also with dry_run) read from the request, to be
  // stored by the signed-in user from their address; 409 on a server that cannot import.
  Parsed<Upload> SignedUpload(const http::Request& req, const Principal& who, Lang lang) {
    if (!backend->can_import()) return Error(409, lang, Msg::kErrReadOnly);
    Parsed<Upload> parsed = ParseUpload(req, lang);
    if (Upload* up = std::get_if<Upload>(&parsed)) {
      up->user = who.user->name;
      up->client = req.remote_address;
    }
    return parsed;
  }

  // Why an uploaded file was not taken: a file breaking the contract lists its problems.
  static ApiError FileRefusal(const Status& st, Lang lang) {
    ApiError e{HttpStatus(st), ProblemsText(st, lang), nullptr};
    if (st.code() == StatusCode::kDataError) e.problems = ProblemsJson(st, lang);
    return e;
  }

  Result Import(const http::Request& req, const Principal& who) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    Parsed<Upload> parsed = SignedUpload(req, who, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
    const Upload& up = std::get<Upload>(parsed);
    std::lock_guard<std::mutex> lock(reload_mutex);
    auto result = backend->Import(up);
    if (!result.ok()) return FileRefusal(result.status(), lang);
    json out = {{"file_name", result->path},    {"table", result->table},
                {"batch_id", result->batch_id}, {"already_stored", result->already_stored},
                {"rows", result->rows},         {"bytes", result->bytes},
                {"sha256", result->sha256},     {"superseded", result->superseded}};
    if (!result->already_stored) {
      Status reloaded = ReloadLocked();
      if (!reloaded.ok()) {
        return Error(500, lang, Msg::kErrStoredNotRecomputed, {std::to_string(result->batch_id), reloaded.message()});
      }
    }
    out["data_version"] = version.load();
    return out.dump(-1, ' ', false, kInvalidUtf8);
  }

  // --- the trash and the previews (RouteImports) -------------------------------------------

  // A batch as GET /api/batches lists it: its record, and where it is (active, or in
  // the trash since when, by whom; superseded by which batch).
  static json BatchEntryJson(const store::BatchInfo& b) {
    json j = BatchJson(b);
    const bool trashed = b.state != store::BatchState::kActive;
    j["state"] = store::BatchStateName(b.state);
    j["superseded_by"] = b.superseded_by ? json(b.superseded_by) : json(nullptr);
    j["removed_at"] = trashed ? json(b.removed_at) : json(nullptr);
    j["removed_by"] = trashed ? json(b.removed_by) : json(nullptr);
    return j;
  }

  // A change or preview of the store, as a preview answer.
  static json PreviewJson(const store::ChangePreview& p, const std::string& action, int64_t batch) {
    json months = json::array();
    for (const store::ChangePreview::Month& m : p.months) {
      months.push_back({{"month", m.month}, {"rows_before", m.rows_before}, {"rows_after", m.rows_after}});
    }
    return {{"action", action},
            {"table", p.table},
            {"file_name", p.file_name.empty() ? json(nullptr)
                                              : json(std::filesystem::path(p.file_name).filename().string())},
            {"batch_id", batch ? json(batch) : json(nullptr)},
            {"already_stored", p.already_stored ? json(p.already_stored) : json(nullptr)},
            {"batches_out", p.batches_out},
            {"rows_out", p.rows_out},
            {"rows_in", p.rows_in},
            {"months_before", p.months_before},
            {"months_after", p.months_after},
            {"months", months},
            {"indicators", p.indicators}};
  }

  // A refusal of the store's trash as an answer: 404 for an unknown batch; 409 for
  // one not in a state to do it (in the trash already, active, its keys or its
  // replacement active), with the store's problems from the message catalogue.
  static ApiError TrashRefusal(const Status& st, int64_t batch, Lang lang) {
    if (st.code() == StatusCode::kNotFound)
      return Error(404, lang, Msg::kStoreNoBatch, {std::to_string(batch)});
    if (!st.problems().empty()) {
      ApiError e{409, ProblemsText(st, lang), ProblemsJson(st, lang),
                 MessageCode(st.problems().front().code)};
      return e;
    }
    return Bad(st);
  }

  // ?dry_run=1 (or true): preview, write nothing; 0, false or absent: import.
  static Parsed<bool> ParseDryRun(const http::Request& req, Lang lang) {
    if (!req.HasParam("dry_run")) return false;
    const std::string v = AsciiLower(req.Param("dry_run"));
    if (v == "1" || v == "true") return true;
    if (v == "0" || v == "false") return false;
    return Error(400, lang, Msg::kErrBadDryRun, {req.Param("dry_run")});
  }

  // A batch id: a positive whole number, as JSON or as a query parameter's text.
  static Parsed<int64_t> BatchIdOf(const json& v, Lang lang) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0)
      return Error(400, lang, Msg::kErrBadBatchId, {v.dump()});
    return v.get<int64_t>();
  }

  // The body {"batch_id": N} of a removal or a restore.
  static Parsed<int64_t> BatchIdField(const std::string& text, Lang lang) {
    json body = json::parse(text, nullptr, false);
    if (!body.is_object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
    if (!body.contains("batch_id")) return Error(400, lang, Msg::kErrParameterRequired, {"batch_id"});
    return BatchIdOf(body["batch_id"], lang);
  }

  // POST /api/batches/remove and /restore: the batch moves, the results are
  // recomputed, and the answer is the batch as it is now.
  Result ChangeBatch(const http::Request& req, const Principal& who, bool restore) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    if (!backend->can_import()) return Error(409, lang, Msg::kErrReadOnly);
    Parsed<int64_t> parsed = BatchIdField(req.body, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
    const int64_t id = std::get<int64_t>(parsed);
    std::lock_guard<std::mutex> lock(reload_mutex);
    const store::Actor by{who.user->name, req.remote_address};
    Status done = restore ? backend->RestoreBatch(id, by) : backend->RemoveBatch(id, by);
    if (!done.ok()) return TrashRefusal(done, id, lang);
    Status reloaded = ReloadLocked();
    if (!reloaded.ok())
      return Error(500, lang, Msg::kErrChangedNotRecomputed, {std::to_string(id), reloaded.message()});
    auto batches = backend->Batches();
    if (!batches.ok()) return Bad(batches.status());
    json entry = nullptr;
    for (const store::BatchInfo& b : *batches) {
      if (b.id == id) entry = BatchEntryJson(b);
    }
    return json{{"batch", entry}, {"data_version", version.load()}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  // POST /api/batches/purge: {"batch_ids": [N, …]} or {"older_than_days": D}.
  Result PurgeBatches(const http::Request& req, const Principal& who) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    if (!backend->can_import()) return Error(409, lang, Msg::kErrReadOnly);
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
    const bool by_id = body.contains("batch_ids"), by_age = body.contains("older_than_days");
    if (by_id == by_age) return Error(400, lang, Msg::kErrPurgeFields);
    store::PurgeRequest request;
    if (by_id) {
      const json& ids = body["batch_ids"];
      if (!ids.is_array() || ids.empty()) return Error(400, lang, Msg::kErrPurgeFields);
      for (const json& v : ids) {
        Parsed<int64_t> id = BatchIdOf(v, lang);
        if (auto* e = std::get_if<ApiError>(&id)) return *e;
        request.ids.push_back(std::get<int64_t>(id));
      }
    } else {
      const json& days = body["older_than_days"];
      if (!days.is_number_integer() || days.get<int64_t>() < 0 || days.get<int64_t>() > 100000) {
        return Error(400, lang, Msg::kErrPurgeFields);
      }
      const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
      request.removed_before = FormatLocalDateTime(now - days.get<int64_t>() * 86400);
    }
    std::lock_guard<std::mutex> lock(reload_mutex);
    auto batches = backend->Batches();
    if (!batches.ok()) return Bad(batches.status());
    for (int64_t id : request.ids) {
      auto known = [id](const store::BatchInfo& b) { return b.id == id; };
      if (std::none_of(batches->begin(), batches->end(), known)) {
        return Error(404, lang, Msg::kStoreNoBatch, {std::to_string(id)});
      }
    }
    auto purged = backend->PurgeBatches(request, {who.user->name, req.remote_address});
    if (!purged.ok())
      return TrashRefusal(purged.status(), request.ids.empty() ? 0 : request.ids.front(), lang);
    json list = json::array();
    for (const store::BatchInfo& b : *purged) list.push_back(BatchEntryJson(b));
    // Nothing the results are computed from changed: the data version stays.
    return json{{"purged", list}, {"data_version", version.load()}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  // GET /api/batches/preview-remove?batch_id=N.
  Result PreviewRemove(const http::Request& req) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    if (!backend->can_import()) return Error(409, lang, Msg::kErrReadOnly);
    if (!req.HasParam("batch_id")) return Error(400, lang, Msg::kErrParameterRequired, {"batch_id"});
    const std::string text = req.Param("batch_id");
    const int64_t id = WholeNumber(text).value_or(0);
    if (id <= 0) return Error(400, lang, Msg::kErrBadBatchId, {text});
    auto preview = backend->PreviewRemove(id);
    if (!preview.ok()) return TrashRefusal(preview.status(), id, lang);
    return PreviewJson(*preview, "remove", id).dump(-1, ' ', false, kInvalidUtf8);
  }

  // POST /api/import?dry_run=1: the upload read and checked as an import would, and
  // what it would change; nothing is written.
  Result PreviewUpload(const http::Request& req, const Principal& who) {
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    Parsed<Upload> parsed = SignedUpload(req, who, lang);
    if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
    const Upload& up = std::get<Upload>(parsed);
    auto preview = backend->PreviewImport(up);
    if (!preview.ok()) return FileRefusal(preview.status(), lang);
    return PreviewJson(*preview, "import", 0).dump(-1, ' ', false, kInvalidUtf8);
  }
};

std::string DefaultWebDir() {
  if (std::filesystem::exists("web/dist/index.html")) return "web/dist";
  return NARA_DEFAULT_WEB;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

StatusOr<std::unique_ptr<Server>> Server::Create(std::unique_ptr<Backend> backend,
                                                 std::unique_ptr<CommentStore> comments,
                                                 const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->backend = std::move(backend);
  impl->comments = std::move(comments);
  NARA_ASSIGN_OR_RETURN(impl->internal_control, MakeInternalControlStore(impl->backend->database_path()));
  impl->options = options;
  if (!options.plan_config_dir.empty()) {
    PlanningOptions po;
    po.config_dir = options.plan_config_dir;
    po.threads = options.plan_threads;
    po.backcast_ahead = options.plan_backcast_ahead;
    impl->planning = std::make_unique<Planning>(std::move(po));
  }
  {
    std::lock_guard<std::mutex> lock(impl->reload_mutex);
    NARA_RETURN_IF_ERROR(impl->ReloadLocked());
  }
  impl->pages = std::make_unique<Pages>(options.web_dir);
  if (impl->backend->database_path().empty()) {
    impl->auth = Auth::None();
  } else {
    NARA_ASSIGN_OR_RETURN(impl->auth, Auth::ForDatabase(impl->backend->database_path(), options.auth));
  }
  http::ServerOptions ho;
  ho.io_threads = options.threads;
  ho.workers = options.workers;
  ho.tls_cert_file = options.tls_cert_file;
  ho.tls_key_file = options.tls_key_file;
  ho.body_limit = [](const http::Request& req) { return BodyLimit(req); };
  // An upload's body is written to the backend's upload folder as it arrives, never
  // held whole in memory (uploads.h reads it from there).
  ho.body_to_file = [](const http::Request& req) { return req.path == "/api/import"; };
  ho.body_dir = impl->backend->upload_dir();
  Impl* m = impl.get();
  impl->http = std::make_unique<http::Server>(
      ho, [m](const http::Request& req, http::Response& res) { m->Handle(req, res); },
      [m](const http::Request& req) { return m->IsSlow(req); },
      [](int status, const std::string& message, http::Response& res) {
        Impl::SendError(res, {status, message});
      });
  impl->Routes();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

StatusOr<int> Server::Bind() { return impl_->http->Bind(impl_->options.bind, impl_->options.port); }

void Server::Listen() { impl_->http->Run(); }
void Server::Stop() { impl_->http->Stop(); }

Status Server::Reload() {
  std::lock_guard<std::mutex> lock(impl_->reload_mutex);
  return impl_->ReloadLocked();
}

int64_t Server::data_version() const { return impl_->version.load(); }

}  // namespace nara::serve
