#include "nara/cli/serve_command.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <filesystem>
#include <ostream>
#include <regex>
#include <thread>

#include "nara/cli/compute.h"
#include "nara/cli/store_commands.h"
#include "nara/serve/api.h"
#include "nara/serve/http_server.h"
#include "nara/store/access.h"

namespace nara::cli {
namespace {

Status ParseYears(const std::string& text, int* first, int* last) {
  static const std::regex kYears(R"((\d{4})(?:-(\d{4}))?)");
  std::smatch m;
  if (!std::regex_match(text, m, kYears))
    return Status::Invalid("--years must be like 2022-2024 or 2024, not '" + text + "'");
  int a = std::stoi(m[1].str()), b = m[2].matched ? std::stoi(m[2].str()) : a;
  if (a < 1900 || b > 2100 || a > b)
    return Status::Invalid("--years must be a range of years within 1900–2100");
  *first = a;
  *last = b;
  return Status::Ok();
}

// Whether `host` (as given to --bind) is reachable from this machine only.
bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

// --first-admin: the account made when the database has none, its password printed
// once; otherwise a line on how to sign in.
Status EnsureFirstAdmin(const std::string& db, const std::string& name, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::Access access, store::Access::Open(db));
  NARA_ASSIGN_OR_RETURN(std::vector<store::User> users, access.Users());
  if (!users.empty()) {
    out << "nara serve: sign in with an account of the database (nara user list --db " << db
        << "; a new password: nara user passwd --db " << db << " NAME)" << std::endl;
    return Status::Ok();
  }
  const std::string password = store::NewPassword();
  NARA_RETURN_IF_ERROR(access.AddUser(name, store::Role::kAdmin, {}, password, {LoginName(), ""}).status());
  out << "nara serve: created the administrator '" << name << "'; sign in with the password " << password
      << " (change it: nara user passwd --db " << db << " " << name << ")" << std::endl;
  return Status::Ok();
}

// The address as it goes into a URL: an IPv6 literal in brackets.
std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

Status RunServe(const ServeArgs& args, std::ostream& out, std::ostream& err) {
  serve::ServerOptions options;
  options.bind = args.bind;
  options.port = args.port;
  options.threads = args.threads;
  options.web_dir = args.web_dir.empty() ? serve::DefaultWebDir() : args.web_dir;
  options.server_names = args.server_names;
  if (!args.years.empty())
    NARA_RETURN_IF_ERROR(ParseYears(args.years, &options.first_year, &options.last_year));
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    return Status::Invalid("--tls-cert and --tls-key go together: give the certificate and its private key");
  }
  const bool tls = !args.tls_cert.empty();
  if (tls) {
    // Before the data is loaded, which takes a while: a wrong file is said at once.
    NARA_RETURN_IF_ERROR(serve::http::CheckTlsFiles(args.tls_cert, args.tls_key));
    options.tls_cert_file = args.tls_cert;
    options.tls_key_file = args.tls_key;
  }
  std::string config_dir = ConfigDir(args.config_dir);
  if (args.db.empty() && (!args.auth_header.empty() || !args.first_admin.empty())) {
    return Status::Invalid("--auth-header and --first-admin need --db: a folder of extracts has no accounts");
  }
  if (args.auth_header.empty() != args.trusted_proxies.empty()) {
    return Status::Invalid("--auth-header and --trusted-proxy go together: the header is trusted only from the "
                           "proxy's addresses");
  }
  options.report_config_dir = config_dir;
  options.economy_config_dir = config_dir;
  options.plan_config_dir = config_dir;
  options.plan_backcast_ahead = true;
  options.auth.auth_header = args.auth_header;
  options.auth.trusted_proxies = args.trusted_proxies;

  std::unique_ptr<serve::Backend> backend;
  std::unique_ptr<serve::CommentStore> comments;
  if (!args.db.empty()) {
    NARA_ASSIGN_OR_RETURN(backend, serve::MakeStoreBackend(args.db, config_dir, LoginName()));
    NARA_ASSIGN_OR_RETURN(comments, serve::MakeSqliteCommentStore(args.db));
    if (!args.first_admin.empty()) NARA_RETURN_IF_ERROR(EnsureFirstAdmin(args.db, args.first_admin, out));
  } else {
    backend = serve::MakeFolderBackend(args.data_dir, config_dir);
    comments = serve::MakeMemoryCommentStore();
  }
  std::string source = backend->Describe();

  // SIGINT and SIGTERM are taken by one thread that stops the server; every other
  // thread (the server's workers included) has them blocked.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);

  auto server = serve::Server::Create(std::move(backend), std::move(comments), options);
  if (!server.ok()) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return server.status();
  }
  auto port = (*server)->Bind();
  if (!port.ok()) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return port.status();
  }
  out << "nara serve: " << (tls ? "https" : "http") << "://" << UrlHost(options.bind) << ":" << *port << "/ ("
      << source << "; Ctrl-C stops)" << std::endl;
  if (!tls && !IsLoopback(options.bind)) {
    err << "nara serve: warning: listening on " << options.bind
        << (options.bind == "0.0.0.0" || options.bind == "::" ? " (every address of this machine)" : "")
        << " without TLS: anyone on the network can reach the server, and what it sends and receives goes "
           "unencrypted. Give --tls-cert and --tls-key, or put a reverse proxy with TLS in front and bind to "
           "127.0.0.1"
        << std::endl;
  }
  if (options.web_dir.empty() || !std::filesystem::exists(options.web_dir + "/index.html")) {
    err << "nara serve: no built pages in " << options.web_dir
        << " (npm ci && npm run build in web/); serving the API only" << std::endl;
  }

  serve::Server* s = server->get();
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!done) err << "nara serve: stopping" << std::endl;
    s->Stop();
  });
  s->Listen();
  done = true;
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if the server stopped by itself
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return Status::Ok();
}

ServeCommand::ServeCommand(CLI::App* app) {
  command_ = app->add_subcommand("serve", "Serve the web app: the JSON API and the pages");
  CLI::Option_group* source = command_->add_option_group("source", "Where the data comes from (one of)");
  source->add_option("--db", args_.db,
                     "Database of imported extracts (uploads and comments are stored in it)");
  source->add_option("--data", args_.data_dir, "Folder of CSV extracts (read-only, no accounts: everyone reads)");
  source->require_option(1);
  command_->add_option("--config", args_.config_dir,
                       "Configuration folder (default: data/halland; with --db, the stored one)");
  command_->add_option("--port", args_.port, "Port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  command_->add_option("--bind", args_.bind, "Address to listen on (default 127.0.0.1)");
  command_->add_option("--web", args_.web_dir, "Folder of the built pages (default: web/dist)");
  command_->add_option("--years", args_.years,
                       "Plan years served, like 2022-2024 (default: the plans' years)");
  command_->add_option("--threads", args_.threads, "Threads answering requests (default: one per core)")
      ->check(CLI::Range(0, 64));
  command_->add_option("--tls-cert", args_.tls_cert,
                       "PEM certificate (chain) to serve HTTPS with (TLS 1.2 or later; with --tls-key)");
  command_->add_option("--tls-key", args_.tls_key, "PEM private key of --tls-cert, unencrypted");
  command_->add_option("--server-name", args_.server_names,
                       "A name the server answers to besides localhost and the bound address (a proxy's "
                       "public name); repeat for more");
  command_->add_option("--auth-header", args_.auth_header,
                       "Trust the user name a reverse proxy sets in this header (single sign-on); with "
                       "--trusted-proxy");
  command_->add_option("--trusted-proxy", args_.trusted_proxies,
                       "An address --auth-header is taken from (the proxy's, as the server sees it); repeat for "
                       "more");
  command_->add_option("--first-admin", args_.first_admin,
                       "When the database has no accounts: create this administrator with a random password and "
                       "print it");
}

bool ServeCommand::Run(std::ostream& out, std::ostream& err, Status* status) {
  if (!*command_) return false;
  *status = RunServe(args_, out, err);
  return true;
}

}  // namespace nara::cli
