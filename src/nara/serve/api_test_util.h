// What the API tests share (api_test.cc: a folder of extracts; api_db_test.cc: a
// database, the pages, folder changes): a running server and its client, the example
// extract computed directly, and the check of every answer against the OpenAPI
// document (ExpectDocumented): a status the route lists, a body that fits its schema
// with no field the document does not name.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "nara/follow/follow_up.h"
#include "nara/serve/api.h"
#include "nara/serve/etag.h"
#include "nara/serve/openapi.h"
#include "nara/store/access.h"

namespace nara::serve::api_test {

using nlohmann::json;
namespace fs = std::filesystem;

inline std::string SourceDir() {
  const char* s = std::getenv("NARA_SOURCE_DIR");
  return s ? s : ".";
}
inline std::string ConfigDir() { return SourceDir() + "/data/halland"; }
inline std::string ExampleDir() { return SourceDir() + "/data/example"; }

// Sends `request` as it is on a new connection and returns all the server answers
// until it closes (or 5 s pass).
inline std::string RawExchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// --- answers checked against the OpenAPI document ------------------------------------

// The document /api/openapi.json serves, parsed once.
inline const json& Document() {
  static const json doc = json::parse(OpenApiDocument());
  return doc;
}

// Checks `value` against an OpenAPI 3.0.3 schema object — the parts the document uses:
// $ref into components/schemas, type (one name) with nullable, enum, allOf, properties,
// required, additionalProperties (false: a field the document does not list is an
// error; a schema: every other field fits it) and items. What does not fit is added to
// *errors, each with where it is in the answer.
inline void CheckSchema(const json& schema, const json& value, const std::string& where,
                        std::vector<std::string>* errors) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"].get<std::string>();
    const std::string prefix = "#/components/schemas/";
    const json& schemas = Document()["components"]["schemas"];
    if (ref.rfind(prefix, 0) != 0 || !schemas.contains(ref.substr(prefix.size()))) {
      errors->push_back(where + ": $ref " + ref + " names no schema of the document");
      return;
    }
    CheckSchema(schemas[ref.substr(prefix.size())], value, where, errors);
    return;
  }
  if (value.is_null()) {
    if (!schema.value("nullable", false))
      errors->push_back(where + ": null, and the document says not nullable");
    return;
  }
  if (schema.contains("allOf")) {
    for (const json& part : schema["allOf"]) CheckSchema(part, value, where, errors);
  }
  if (schema.contains("type")) {
    if (!schema["type"].is_string()) {
      errors->push_back(where + ": the schema's type " + schema["type"].dump() +
                        " is not one name (OpenAPI 3.0.3)");
      return;
    }
    const std::string type = schema["type"].get<std::string>();
    bool fits = type == "object"    ? value.is_object()
                : type == "array"   ? value.is_array()
                : type == "string"  ? value.is_string()
                : type == "integer" ? value.is_number_integer()
                : type == "number"  ? value.is_number()
                : type == "boolean" ? value.is_boolean()
                                    : false;
    if (!fits) {
      errors->push_back(where + ": " + value.dump().substr(0, 80) + " is not of type " + type);
      return;
    }
  }
  if (schema.contains("enum")) {
    const json& values = schema["enum"];
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      errors->push_back(where + ": " + value.dump() + " is not one of " + values.dump());
    }
  }
  if (value.is_object()) {
    const json properties = schema.value("properties", json::object());
    for (const json& name : schema.value("required", json::array())) {
      if (!value.contains(name.get<std::string>()))
        errors->push_back(where + ": no " + name.get<std::string>());
    }
    const json additional = schema.value("additionalProperties", json(true));
    for (const auto& [key, field] : value.items()) {
      if (properties.contains(key)) {
        CheckSchema(properties[key], field, where + "." + key, errors);
      } else if (additional.is_boolean() && !additional.get<bool>()) {
        errors->push_back(where + "." + key + ": a field the document does not list");
      } else if (additional.is_object()) {
        CheckSchema(additional, field, where + "." + key, errors);
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      CheckSchema(schema["items"], value[i], where + "[" + std::to_string(i) + "]", errors);
    }
  }
}

inline std::vector<std::string> SchemaErrors(const json& schema, const json& value) {
  std::vector<std::string> errors;
  CheckSchema(schema, value, "body", &errors);
  return errors;
}

// An answer of the API checked against the document: a route it lists answers only
// the statuses listed for the method, each body fitting that response's schema; an
// error of a route it does not list (404, 405) fits components/schemas/Error.
inline void ExpectDocumented(const std::string& method, const std::string& target, int status,
                             const json& body) {
  if (status == 0 || body.is_discarded()) return;  // no answer, or no JSON: failed already
  const std::string path = target.substr(0, target.find('?'));
  std::string m = method;
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json& paths = Document()["paths"];
  json schema;
  if (paths.contains(path) && paths[path].contains(m)) {
    const json& responses = paths[path][m]["responses"];
    if (!responses.contains(std::to_string(status))) {
      ADD_FAILURE() << method << " " << target << " answered " << status
                    << ", a status the document does not list";
      return;
    }
    const json& answer = responses[std::to_string(status)];
    if (!answer.contains("content") || !answer["content"].contains("application/json")) return;  // a file
    schema = answer["content"]["application/json"]["schema"];
  } else if (status >= 400) {
    schema = {{"$ref", "#/components/schemas/Error"}};
  } else {
    ADD_FAILURE() << method << " " << target << " answered " << status
                  << " on a route the document does not list";
    return;
  }
  std::vector<std::string> errors = SchemaErrors(schema, body);
  std::string listed;
  for (size_t i = 0; i < errors.size() && i < 10; ++i) listed += "\n  " + errors[i];
  if (errors.size() > 10) listed += "\n  … and " + std::to_string(errors.size() - 10) + " more";
  EXPECT_TRUE(errors.empty()) << method << " " << target << " → " << status
                              << " does not fit the document:" << listed;
}

// The password every test account has.
inline const std::string kTestPassword = "ett lösenord för test";

// Adds the account `name` to the store at `db` (which a server or import made) and
// returns a bearer token of it.
inline std::string AddAccount(const std::string& db, const std::string& name, store::Role role,
                              const std::vector<std::string>& units = {}) {
  auto access = store::Access::Open(db);
  EXPECT_TRUE(access.ok()) << access.status().message();
  if (!access.ok()) return "";
  auto user = access->AddUser(name, role, units, kTestPassword, {"test", ""});
  EXPECT_TRUE(user.ok()) << user.status().message();
  auto token = access->IssueToken(name, 0, {"test", ""});
  EXPECT_TRUE(token.ok()) << token.status().message();
  return token.ok() ? token->token : "";
}

inline httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// A server on a free loopback port, listening on its own thread.
class Running {
 public:
  Running(std::unique_ptr<Backend> backend, std::unique_ptr<CommentStore> comments,
          const std::string& web_dir = "", AuthOptions auth = {}, const std::string& plan_config_dir = "") {
    ServerOptions o;
    o.plan_config_dir = plan_config_dir;
    o.port = 0;
    o.web_dir = web_dir;
    o.threads = 2;
    o.auth = std::move(auth);
    o.economy_config_dir = ConfigDir();
    auto s = Server::Create(std::move(backend), std::move(comments), o);
    if (!s.ok()) {
      ADD_FAILURE() << s.status().message();
      return;
    }
    server_ = std::move(s).value();
    auto port = server_->Bind();
    if (!port.ok()) {
      ADD_FAILURE() << port.status().message();
      return;
    }
    port_ = *port;
    thread_ = std::thread([this] { server_->Listen(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    // A request that reloads the data waits for it; on a loaded machine that is slow,
    // and the timeout only guards against a hang.
    client_->set_read_timeout(std::chrono::seconds(120));
  }
  ~Running() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  bool ok() const { return client_ != nullptr; }
  Server& server() { return *server_; }

  int port() const { return port_; }

  // Headers every later request of this client carries (a bearer token, a cookie).
  void SetHeaders(httplib::Headers headers) {
    headers_ = std::move(headers);
    client_->set_default_headers(headers_);
  }
  // Another client of the server, with the same headers (one per thread).
  std::unique_ptr<httplib::Client> NewClient() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client->set_default_headers(headers_);
    client->set_read_timeout(std::chrono::seconds(120));
    return client;
  }

  // Any request with extra headers, its answer checked against the document: the
  // status, the body parsed as JSON (null when it is not) and the headers.
  struct Answer {
    int status = 0;
    json body;
    httplib::Headers headers;
  };
  Answer Send(const std::string& method, const std::string& target, const std::string& body = "",
              const httplib::Headers& headers = {}, const std::string& type = "application/json") {
    httplib::Request req;
    req.method = method;
    req.path = target;
    req.headers = headers;
    if (method != "GET") {
      req.body = body;
      req.set_header("Content-Type", type);
    }
    auto res = client_->send(req);
    if (!res) {
      ADD_FAILURE() << "no answer to " << method << " " << target;
      return {};
    }
    Answer a{res->status, json::parse(res->body, nullptr, false), res->headers};
    if (a.body.is_discarded()) a.body = nullptr;
    ExpectDocumented(method, target, a.status, a.body);
    return a;
  }

  // GET: the status and the body parsed as JSON (a parse failure fails the test).
  std::pair<int, json> Get(const std::string& path) { return Get(*client_, path); }
  static std::pair<int, json> Get(httplib::Client& client, const std::string& path) {
    auto res = client.Get(path.c_str());
    if (!res) {
      ADD_FAILURE() << "no answer to " << path;
      return {0, nullptr};
    }
    EXPECT_NE(res->get_header_value("Content-Type").find("application/json"), std::string::npos) << path;
    json body = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << path << ": " << res->body;
    ExpectDocumented("GET", path, res->status, body);
    return {res->status, body};
  }
  std::pair<int, json> PostJson(const std::string& path, const std::string& body) {
    auto res = client_->Post(path.c_str(), body, "application/json");
    if (!res) return {0, nullptr};
    json answer = json::parse(res->body, nullptr, false);
    ExpectDocumented("POST", path, res->status, answer);
    return {res->status, answer};
  }
  // `query`: e.g. "lang=en".
  std::pair<int, json> Upload(const std::string& name, const std::string& content,
                              const std::string& supersede = "", const std::string& query = "") {
    httplib::MultipartFormDataItems items = {{"file", content, name, "text/csv"}};
    if (!supersede.empty()) items.push_back({"supersede", supersede, "", ""});
    auto res = client_->Post(query.empty() ? "/api/import" : "/api/import?" + query, items);
    if (!res) return {0, nullptr};
    json answer = json::parse(res->body, nullptr, false);
    ExpectDocumented("POST", "/api/import", res->status, answer);
    return {res->status, answer};
  }

 private:
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  httplib::Headers headers_;
};

// The example extract read directly, for figures to compare with.
struct Direct {
  model::Config config;
  ingest::Extract extract;
  std::unique_ptr<follow::FollowUp> follow;

  Direct() {
    std::vector<model::Problem> problems;
    config = model::LoadConfig(ConfigDir(), &problems);
    EXPECT_TRUE(problems.empty());
    auto e = ingest::LoadExtractDir(ExampleDir(), config.tree);
    EXPECT_TRUE(e.ok()) << e.status().message();
    extract = std::move(e).value();
    follow::FollowUp::Options o;
    o.first_year = 2022;
    o.last_year = 2024;
    auto f = follow::FollowUp::Build(config.catalogue, extract.tree, extract.data, o);
    EXPECT_TRUE(f.ok()) << f.status().message();
    follow = std::make_unique<follow::FollowUp>(std::move(f).value());
  }

  const follow::ScoreRow* Row(std::vector<follow::ScoreRow>& rows, const std::string& indicator) {
    for (const auto& r : rows) {
      if (r.def->id == indicator) return &r;
    }
    return nullptr;
  }
};

// A suite's server on the example extract (a folder: everyone reads, nobody writes)
// and the same extract computed directly, made once for the suite.
class FolderServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    direct_ = new Direct();
    running_ = new Running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore());
  }
  static void TearDownTestSuite() {
    delete running_;
    delete direct_;
    running_ = nullptr;
    direct_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(running_->ok()); }
  static inline Direct* direct_ = nullptr;
  static inline Running* running_ = nullptr;
};

inline void ExpectSame(const json& api, double direct, const std::string& what) {
  if (std::isnan(direct)) {
    EXPECT_TRUE(api.is_null()) << what << ": " << api;
  } else {
    ASSERT_TRUE(api.is_number()) << what << ": " << api;
    EXPECT_DOUBLE_EQ(api.get<double>(), direct) << what;
  }
}

}  // namespace nara::serve::api_test
