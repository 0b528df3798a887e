// The JSON API of `nara serve` (SPEC C6) and the server that also hands out the built
// web pages (pages.h), over nara's event-driven HTTP server (http_server.h). The routes
// and their answers are described by the OpenAPI 3.0.3 document at /api/openapi.json
// (openapi.h); docs/api.md explains them.
//
// Results are computed once per data version: a Snapshot (snapshot.h) holds the
// configuration, the data and the follow::FollowUp built over them, plus a cache of
// answered bodies. Requests take a shared_ptr to the snapshot in force; a successful
// import builds a new one and swaps it in under a mutex, so requests in flight finish
// on the old version and the next request sees the new one.
//
// The rooms: api.cc keeps the Server, its routes and the reloads; params.h parses the
// query parameters, json_views.h makes the bodies, uploads.h reads what the POSTs
// send, api_error.h the errors, etag.h the conditional GETs (every 200 to a GET has an
// ETag and `Cache-Control: no-cache`; If-None-Match naming it gets 304), auth.h who is
// asking and what each route needs of them (sign-in, roles, CSRF).
//
// Every error is JSON — {"error": {"status": 400, "message": "…"}} — with the HTTP
// status saying whose fault it is: 400 bad parameter (unknown unit, period 2024-T4,
// year outside the years served), 401 nobody signed in, 403 not allowed, 404 unknown
// route, 409 a change to a server without accounts, 422 an uploaded file that breaks
// the data contract (its problems listed with file, line and column), 500 only for
// faults of nara itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/serve/auth.h"
#include "nara/serve/backend.h"
#include "nara/serve/comments.h"

namespace nara::serve {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;      // 0: any free port (see Server::Bind)
  std::string web_dir;  // the built pages (web/dist); empty or missing: API only
  int threads = 0;      // threads answering requests; 0: one per core
  int workers = 2;      // threads for uploads and comment writes
  int first_year = 0;   // plan years served; 0: from the plans and the data
  int last_year = 0;
  // PEM files of the certificate (chain) and its unencrypted private key: when set, the
  // server speaks only TLS 1.2 or later (http::ServerOptions::tls_*); Bind says what is
  // wrong with them.
  std::string tls_cert_file;
  std::string tls_key_file;
  // The names the server answers to in the Host header besides localhost, 127.0.0.1,
  // ::1 and the bound address (a proxy's public name, say). Bound to every address
  // (0.0.0.0, ::) with no names given, any name is taken.
  std::vector<std::string> server_names;
  // Sign-in (auth.h): on a database, every API route but the OpenAPI document, /api/me
  // and /api/login needs a signed-in user; on a folder of extracts everyone reads and
  // nobody writes. The proxy header and the addresses it is trusted from, and the
  // clock sessions and throttling go by.
  AuthOptions auth;
  // The configuration folder whose report.toml the board report follows (empty: the
  // report's defaults).
  std::string report_config_dir;
  // The configuration folder whose economy.toml (the price per care point) and
  // whatif/*.toml (price models) the economy's routes read (serve/economy.h).
  std::string economy_config_dir;
  // The configuration folder planning reads (serve/planning.h): its scenarios/ (and
  // where a proposal saved from the map is written), catalogue, units, plans and
  // geography.toml; empty: the /api/planning routes answer 404. `plan_threads`: the
  // simulator's threads for a run (0: every core).
  std::string plan_config_dir;
  int plan_threads = 0;
  bool plan_backcast_ahead = false;  // PlanningOptions::backcast_ahead
};

// The built pages of the source tree this nara was built from (web/dist), or web/dist
// under the current directory when that has them.
std::string DefaultWebDir();

class Server {
 public:
  // Loads the backend's data and computes the follow-up once. Errors are the
  // backend's (a broken configuration or file) or the engine's.
  static StatusOr<std::unique_ptr<Server>> Create(std::unique_ptr<Backend> backend,
                                                  std::unique_ptr<CommentStore> comments,
                                                  const ServerOptions& options);
  ~Server();

  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
  StatusOr<int> Bind();
  // Serves on the bound socket until Stop() is called from another thread.
  void Listen();
  void Stop();

  // Reloads the data from the backend and swaps the new results in.
  Status Reload();
  // Increases by one with every successful (re)load; starts at 1.
  int64_t data_version() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::serve
