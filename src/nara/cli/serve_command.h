// `nara serve` (SPEC C6): the web app — JSON API and the built pages — over HTTP.
//
//   nara serve --db FILE.db | --data DIR [--config DIR] [--port 8080] [--bind 127.0.0.1]
//              [--web DIR] [--years 2022-2024] [--threads N]
//              [--tls-cert FILE.pem --tls-key FILE.pem] [--server-name NAME]...
//              [--auth-header NAME --trusted-proxy ADDR...] [--first-admin NAME]
//
// With --db, uploads are imported into the database and comments are kept in it, and
// the API needs a signed-in user (serve/auth.h: the database's accounts, or with
// --auth-header the user a reverse proxy names, from --trusted-proxy addresses only);
// --first-admin NAME creates that admin with a random password, printed once, when
// the database has no accounts yet (`make run` does). With --data (a folder of
// extracts) the server has no accounts: everyone reads, nobody writes. With --tls-cert and --tls-key the server speaks only HTTPS (TLS 1.2+); the
// files are checked before the data is loaded. Prints the address it listens on
// (https:// with TLS) once listening, warns when an address other than loopback is
// served without TLS, and serves until SIGINT or SIGTERM.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct ServeArgs {
  std::string db;
  std::string data_dir;
  std::string config_dir;  // empty: ConfigDir("")
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string web_dir;  // empty: web/dist here, else the source tree's web/dist
  std::string years;    // "2022-2024"; empty: from the plans
  int threads = 0;
  std::string tls_cert;  // PEM certificate (chain); with tls_key, or neither
  std::string tls_key;   // PEM private key, unencrypted
  std::vector<std::string> server_names;  // Host names answered besides loopback and the bound address
  std::string auth_header;                   // a trusted proxy's user-name header
  std::vector<std::string> trusted_proxies;  // the addresses it is trusted from
  std::string first_admin;                   // created when the database has no accounts
};

// Serves until SIGINT or SIGTERM; prints the address to `out` once listening.
Status RunServe(const ServeArgs& args, std::ostream& out, std::ostream& err);

// Registers `serve` on `app`; after app.parse(), Run() runs it if it was given.
class ServeCommand {
 public:
  explicit ServeCommand(CLI::App* app);
  // True if `serve` was given; *status is then its result.
  bool Run(std::ostream& out, std::ostream& err, Status* status);

 private:
  CLI::App* command_ = nullptr;
  ServeArgs args_;
};

}  // namespace nara::cli
