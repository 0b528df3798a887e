// The HTTP API over loopback: every route, its answers checked against the engine
// computed directly, and the bad-parameter cases (400, never 500). Every answer the
// tests' client receives is also checked against the OpenAPI document
// (ExpectDocumented): a status the route lists, a body that fits its schema with no
// field the document does not name.
#include "nara/serve/api.h"

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
#include "nara/serve/etag.h"
#include "nara/serve/openapi.h"

namespace nara::serve {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string SourceDir() {
  const char* s = std::getenv("NARA_SOURCE_DIR");
  return s ? s : ".";
}
std::string ConfigDir() { return SourceDir() + "/data/halland"; }
std::string ExampleDir() { return SourceDir() + "/data/example"; }

// Sends `request` as it is on a new connection and returns all the server answers
// until it closes (or 5 s pass).
std::string RawExchange(int port, const std::string& request) {
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

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// --- answers checked against the OpenAPI document ------------------------------------

// The document /api/openapi.json serves, parsed once.
const json& Document() {
  static const json doc = json::parse(OpenApiDocument());
  return doc;
}

// Checks `value` against an OpenAPI 3.0.3 schema object — the parts the document uses:
// $ref into components/schemas, type (one name) with nullable, enum, allOf, properties,
// required, additionalProperties (false: a field the document does not list is an
// error; a schema: every other field fits it) and items. What does not fit is added to
// *errors, each with where it is in the answer.
void CheckSchema(const json& schema, const json& value, const std::string& where,
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

std::vector<std::string> SchemaErrors(const json& schema, const json& value) {
  std::vector<std::string> errors;
  CheckSchema(schema, value, "body", &errors);
  return errors;
}

// An answer of the API checked against the document: a route it lists answers only
// the statuses listed for the method, each body fitting that response's schema; an
// error of a route it does not list (404, 405) fits components/schemas/Error.
void ExpectDocumented(const std::string& method, const std::string& target, int status, const json& body) {
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
    schema = responses[std::to_string(status)]["content"]["application/json"]["schema"];
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

// A server on a free loopback port, listening on its own thread.
class Running {
 public:
  Running(std::unique_ptr<Backend> backend, std::unique_ptr<CommentStore> comments,
          const std::string& web_dir = "") {
    ServerOptions o;
    o.port = 0;
    o.web_dir = web_dir;
    o.threads = 2;
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
  }
  ~Running() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  bool ok() const { return client_ != nullptr; }
  Server& server() { return *server_; }

  int port() const { return port_; }

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

void ExpectSame(const json& api, double direct, const std::string& what) {
  if (std::isnan(direct)) {
    EXPECT_TRUE(api.is_null()) << what << ": " << api;
  } else {
    ASSERT_TRUE(api.is_number()) << what << ": " << api;
    EXPECT_DOUBLE_EQ(api.get<double>(), direct) << what;
  }
}

class FolderApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    direct_ = new Direct();
    running_ = new Running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore());
  }
  static void TearDownTestSuite() {
    delete running_;
    delete direct_;
  }
  void SetUp() override { ASSERT_TRUE(running_->ok()); }
  static Direct* direct_;
  static Running* running_;
};
Direct* FolderApiTest::direct_ = nullptr;
Running* FolderApiTest::running_ = nullptr;

TEST_F(FolderApiTest, InfoTellsWhatIsServed) {
  auto [status, j] = running_->Get("/api/info");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["first_year"], 2022);
  EXPECT_EQ(j["last_year"], 2024);
  EXPECT_EQ(j["can_import"], false);
  EXPECT_EQ(j["data_through"], "2024-12");
  EXPECT_EQ(j["administration"], "nsh");
  EXPECT_EQ(j["perspectives"], json({"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi"}));
  EXPECT_TRUE(j["config_version"].is_null()) << "a folder's configuration has no version";
}

TEST_F(FolderApiTest, OpenApiListsEveryRouteAndEveryListedGetAnswers) {
  auto [status, doc] = running_->Get("/api/openapi.json");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::vector<std::string> paths;
  for (auto& [path, item] : doc["paths"].items()) {
    paths.push_back(path);
    if (!item.contains("get")) continue;
    std::string query;
    for (const json& p : item["get"]["parameters"]) {
      if (p.contains("example"))
        query += (query.empty() ? "?" : "&") + p["name"].get<std::string>() + "=" +
                 p["example"].get<std::string>();
    }
    auto [code, body] = running_->Get(path + query);
    EXPECT_EQ(code, 200) << path + query << ": " << body.dump();
  }
  for (const char* route :
       {"/api/info", "/api/units", "/api/plan", "/api/catalogue", "/api/scorecard", "/api/series",
        "/api/breakdown", "/api/comments", "/api/batches", "/api/import", "/api/openapi.json"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), route), paths.end()) << route;
  }
}

// The checker every answer goes through (ExpectDocumented) catches what it is for.
TEST(OpenApiSchemaTest, TheCheckerRefusesWhatTheDocumentDoesNotSay) {
  const json row = {{"$ref", "#/components/schemas/UnitRef"}};
  const json good = {
      {"id", "nsh"}, {"name", "Närsjukvården"}, {"kind", "administration"}, {"ownership", "public"}};
  EXPECT_TRUE(SchemaErrors(row, good).empty());
  json extra = good;
  extra["colour"] = "red";
  EXPECT_FALSE(SchemaErrors(row, extra).empty()) << "an undocumented field";
  json missing = good;
  missing.erase("name");
  EXPECT_FALSE(SchemaErrors(row, missing).empty()) << "a required field missing";
  json bad_enum = good;
  bad_enum["ownership"] = "shared";
  EXPECT_FALSE(SchemaErrors(row, bad_enum).empty()) << "a value outside the enum";
  json null_name = good;
  null_name["name"] = nullptr;
  EXPECT_FALSE(SchemaErrors(row, null_name).empty()) << "null where the document says not nullable";
  const json error = {{"$ref", "#/components/schemas/Error"}};
  EXPECT_TRUE(SchemaErrors(error, {{"error", {{"status", 400}, {"message", "x"}}}}).empty());
  EXPECT_FALSE(SchemaErrors(error, {{"error", {{"status", "400"}, {"message", "x"}}}}).empty()) << "a type";
  EXPECT_FALSE(SchemaErrors(json{{"type", "array"}, {"items", {{"type", "integer"}}}}, json{1, 2.5}).empty());
}

// OpenAPI 3.0.3, not 3.1: a type is one name, null is said with nullable (real
// validators refuse ["number", "null"]; ctest's web_openapi runs one).
TEST(OpenApiSchemaTest, EveryTypeIsOneName) {
  std::vector<std::string> bad;
  // `names`: j maps names to schemas (properties), so a key "type" there is a field.
  std::function<void(const json&, const std::string&, bool)> walk =
      [&](const json& j, const std::string& where, bool names) {
        if (j.is_object()) {
          for (const auto& [k, v] : j.items()) {
            if (k == "type" && !names && !v.is_string()) bad.push_back(where + "/type");
            walk(v, where + "/" + k, k == "properties" && !names);
          }
        } else if (j.is_array()) {
          for (const json& v : j) walk(v, where, false);
        }
      };
  walk(Document(), "#", false);
  EXPECT_TRUE(bad.empty()) << bad.size() << " types are not one name, e.g. " << (bad.empty() ? "" : bad[0]);
}

TEST_F(FolderApiTest, UnitsTreeWithValidity) {
  auto [status, j] = running_->Get("/api/units");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["root"], "region_halland");
  std::map<std::string, json> by_id;
  for (const json& u : j["units"]) by_id[u["id"]] = u;
  ASSERT_TRUE(by_id.count("vc_varberg"));
  const json& v = by_id["vc_varberg"];
  EXPECT_EQ(v["kind"], "health_centre");
  EXPECT_TRUE(v["valid_from"].is_string());
  ASSERT_FALSE(v["versions"].empty());
  // Every child names its parent and the parent lists it.
  for (const auto& [id, u] : by_id) {
    if (u["parent"].is_null()) continue;
    const json& p = by_id.at(u["parent"].get<std::string>());
    EXPECT_NE(std::find(p["children"].begin(), p["children"].end(), json(id)), p["children"].end()) << id;
  }
  auto [s2, dated] = running_->Get("/api/units?date=2024-04-30");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(dated["date"], "2024-04-30");
  EXPECT_LE(dated["units"].size(), j["units"].size());
  auto [s3, bad] = running_->Get("/api/units?date=2024-02-30");
  EXPECT_EQ(s3, 400);
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("2024-02-30"), std::string::npos);
}

TEST_F(FolderApiTest, PlanInForce) {
  auto [status, j] = running_->Get("/api/plan?year=2024");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["plan_year"], 2024);
  EXPECT_FALSE(j["focus_areas"].empty());
  EXPECT_FALSE(j["focus_areas"][0]["goals"].empty());
  auto [s2, carried] = running_->Get("/api/plan?year=2023");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(carried["plan_year"], 2022);
  EXPECT_EQ(running_->Get("/api/plan?year=1800").first, 400);
  EXPECT_EQ(running_->Get("/api/plan?year=twenty").first, 400);
}

TEST_F(FolderApiTest, Catalogue) {
  auto [status, j] = running_->Get("/api/catalogue");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["indicators"].size(), direct_->config.catalogue.size());
  EXPECT_EQ(j["indicators"][0]["id"], direct_->config.catalogue[0].id);
  EXPECT_FALSE(j["indicators"][0]["definition"].get<std::string>().empty());
}

TEST_F(FolderApiTest, ScorecardMatchesTheEngine) {
  auto [status, j] = running_->Get("/api/scorecard?year=2024&period=2024-T1&unit=vc_varberg");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["period"], "2024-T1");
  EXPECT_EQ(j["unit"]["id"], "vc_varberg");
  EXPECT_EQ(j["sparkline_from"], "2023-05");
  auto rows =
      direct_->follow->ForUnit(model::Period::Tertial(2024, 1), direct_->extract.tree.Find("vc_varberg"));
  ASSERT_EQ(j["rows"].size(), rows.size());
  int with_value = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& r = j["rows"][i];
    EXPECT_EQ(r["indicator"], rows[i].def->id);
    ExpectSame(r["value"], rows[i].cell.value, rows[i].def->id);
    ExpectSame(r["numerator"], rows[i].cell.numerator, rows[i].def->id);
    ExpectSame(r["denominator"], rows[i].cell.denominator, rows[i].def->id);
    ExpectSame(r["previous_year_value"], rows[i].previous_year_value, rows[i].def->id);
    EXPECT_EQ(r["n"], rows[i].cell.n);
    EXPECT_EQ(r["status"], follow::StatusName(rows[i].judgement.status));
    ASSERT_EQ(r["sparkline"].size(), 12u);
    // The last point is the period's last month.
    auto april =
        direct_->follow->ForUnit(model::Period::MakeMonth(2024, 4), direct_->extract.tree.Find("vc_varberg"));
    if (std::isnan(april[i].cell.value)) {
      EXPECT_TRUE(r["sparkline"][11].is_null()) << rows[i].def->id;
    } else {  // rounded to four significant digits
      EXPECT_NEAR(r["sparkline"][11].get<double>(), april[i].cell.value,
                  std::fabs(april[i].cell.value) * 1e-3)
          << rows[i].def->id;
    }
    with_value += !r["value"].is_null();
  }
  EXPECT_GT(with_value, 3);
  // Defaults: the administration, the whole last year.
  auto [s2, d] = running_->Get("/api/scorecard");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(d["unit"]["id"], "nsh");
  EXPECT_EQ(d["period"], "2024");
  // Every period form.
  for (const char* p : {"2024-03", "2024-T3", "2024-Q2", "2024", "2024-YTD-06", "R12-2024-06"}) {
    EXPECT_EQ(running_->Get(std::string("/api/scorecard?period=") + p).first, 200) << p;
  }
}

TEST_F(FolderApiTest, BadParametersAre400s) {
  for (const char* q :
       {"/api/scorecard?unit=no_such_unit", "/api/scorecard?period=2024-T4", "/api/scorecard?year=1800",
        "/api/scorecard?year=2024&period=2023-T1", "/api/scorecard?period=1800", "/api/scorecard?year=abc",
        "/api/scorecard?year=20240", "/api/scorecard?period=R12-2024-13", "/api/scorecard?period=%00",
        "/api/series?unit=vc_varberg", "/api/series?indicator=nope",
        "/api/series?indicator=phone_same_day&year=1800", "/api/breakdown?indicator=phone_same_day&unit=nope",
        "/api/breakdown?indicator=phone_same_day&period=2024-T4", "/api/comments?period=2024-T4",
        "/api/comments?unit=nope", "/api/comments?subject_kind=x"}) {
    auto [status, j] = running_->Get(q);
    EXPECT_EQ(status, 400) << q;
    EXPECT_EQ(j["error"]["status"], 400) << q;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << q;
  }
  auto [s, j] = running_->Get("/api/scorecard?period=2024-T4");
  EXPECT_EQ(j["error"]["code"], "bad_period") << j.dump();
  EXPECT_NE(j["error"]["message"].get<std::string>().find("2024-T1"), std::string::npos) << j.dump();
  auto [s2, j2] = running_->Get("/api/scorecard?year=1800");
  EXPECT_NE(j2["error"]["message"].get<std::string>().find("2022–2024"), std::string::npos) << j2.dump();
  // Errors come in the reader's language (Swedish unless lang=en), from one catalogue.
  auto [s3, sv] = running_->Get("/api/scorecard?year=2025");
  EXPECT_EQ(sv["error"]["code"], "year_outside");
  EXPECT_EQ(sv["error"]["message"], "år 2025 ligger utanför de år som visas (2022–2024)");
  auto [s4, en] = running_->Get("/api/scorecard?year=2025&lang=en");
  EXPECT_EQ(en["error"]["message"], "year 2025 is outside the years served (2022–2024)");
  auto [s5, lang] = running_->Get("/api/scorecard?lang=de");
  EXPECT_EQ(s5, 400);
  EXPECT_EQ(lang["error"]["code"], "bad_lang");
}

TEST_F(FolderApiTest, CompressesWithGzipEvenWhenBrotliIsAccepted) {
  httplib::Client client("127.0.0.1", running_->port());
  client.set_decompress(false);
  auto res = client.Get("/api/units", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  ASSERT_GT(res->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(res->body[0]), 0x1f);  // gzip's magic number
  EXPECT_EQ(static_cast<unsigned char>(res->body[1]), 0x8b);
}

// Bytes that are not UTF-8, in a header or a path, are echoed in the error message
// with U+FFFD in their place: a JSON error, and the server goes on.
TEST_F(FolderApiTest, BytesThatAreNotUtf8GiveAJsonErrorNotACrash) {
  for (const std::string& request :
       {std::string("GET / HTTP/1.1\r\nContent-Length: \xff\r\n\r\n"),
        std::string("GET /api/%ff HTTP/1.1\r\nConnection: close\r\n\r\n"),
        std::string("GET /api/scorecard?unit=%C3%28 HTTP/1.1\r\nConnection: close\r\n\r\n")}) {
    std::string answer = RawExchange(running_->port(), request);
    ASSERT_FALSE(answer.empty()) << request;
    int status = std::stoi(answer.substr(9, 3));
    EXPECT_TRUE(status == 400 || status == 404) << answer.substr(0, 200);
    json j = json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << answer;
    EXPECT_EQ(j["error"]["status"], status);
    EXPECT_NE(j["error"]["message"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << j.dump();
  }
  EXPECT_EQ(running_->Get("/api/info").first, 200);
}

TEST_F(FolderApiTest, UnknownRoutesAre404Json) {
  auto [status, j] = running_->Get("/api/nothing");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(j["error"]["status"], 404);
  auto [s2, j2] = running_->PostJson("/api/nothing", "{}");
  EXPECT_EQ(s2, 404);
  EXPECT_EQ(j2["error"]["status"], 404);
  httplib::Client client("127.0.0.1", running_->port());
  auto gone = client.Delete("/api/nothing");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

// A known route asked with a method it does not answer: 405, JSON, and Allow names
// the methods it does answer (from the OpenAPI document).
TEST_F(FolderApiTest, UnknownMethodsOnKnownRoutesAre405Json) {
  httplib::Client client("127.0.0.1", running_->port());
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const Case& c : {Case{"DELETE", "/api/comments", "GET, POST"},
                        Case{"PUT", "/api/comments", "GET, POST"}, Case{"POST", "/api/scorecard", "GET"},
                        Case{"GET", "/api/import", "POST"}, Case{"PATCH", "/api/info", "GET"}}) {
    httplib::Result res = std::string(c.method) == "DELETE" ? client.Delete(c.path)
                          : std::string(c.method) == "PUT"  ? client.Put(c.path, "{}", "application/json")
                          : std::string(c.method) == "POST" ? client.Post(c.path, "{}", "application/json")
                          : std::string(c.method) == "GET"  ? client.Get(c.path)
                                                            : client.Patch(c.path, "{}", "application/json");
    ASSERT_TRUE(res) << c.method << " " << c.path;
    EXPECT_EQ(res->status, 405) << c.method << " " << c.path;
    EXPECT_EQ(res->get_header_value("Allow"), c.allow) << c.method << " " << c.path;
    EXPECT_NE(res->get_header_value("Content-Type").find("application/json"), std::string::npos);
    json j = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << res->body;
    EXPECT_EQ(j["error"]["status"], 405);
    EXPECT_NE(j["error"]["message"].get<std::string>().find(c.method), std::string::npos) << j.dump();
  }
}

TEST_F(FolderApiTest, SeriesMonthsMatchMonthlyScorecards) {
  auto [status, j] = running_->Get("/api/series?indicator=phone_same_day&unit=vc_kungsbacka&year=2024");
  ASSERT_EQ(status, 200);
  ASSERT_EQ(j["months"].size(), 12u);
  EXPECT_EQ(j["indicator"]["id"], "phone_same_day");
  int u = direct_->extract.tree.Find("vc_kungsbacka");
  for (int m = 1; m <= 12; ++m) {
    const json& row = j["months"][m - 1];
    auto rows = direct_->follow->ForUnit(model::Period::MakeMonth(2024, m), u);
    const follow::ScoreRow* r = direct_->Row(rows, "phone_same_day");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(row["month"], FormatMonth(MakeMonth(2024, m)));
    ExpectSame(row["value"], r->cell.value, "value");
    ExpectSame(row["previous_year_value"], r->previous_year_value, "previous year");
    ExpectSame(row["target"], r->judgement.target, "target");
    EXPECT_EQ(row["n"], r->cell.n);
  }
  EXPECT_FALSE(j["months"][0]["value"].is_null());
}

TEST_F(FolderApiTest, BreakdownOverChildren) {
  auto [status, j] = running_->Get("/api/breakdown?indicator=visits_total&period=2024-T1");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["total"]["unit"]["id"], "nsh");
  ASSERT_FALSE(j["children"].empty());
  Days day = model::Period::Tertial(2024, 1).last_day();
  const model::OrgTree& tree = direct_->extract.tree;
  // The children visits apply to: every one but the dental clinics' area.
  std::vector<std::string> ids;
  for (const json& c : j["children"]) ids.push_back(c["unit"]["id"]);
  size_t applies = 0;
  for (int c : tree.ChildrenAt(tree.Find("nsh"), day)) {
    bool shown = std::find(ids.begin(), ids.end(), tree.id(c)) != ids.end();
    EXPECT_EQ(shown, tree.id(c) != "ftv") << tree.id(c);
    applies += shown;
  }
  EXPECT_EQ(j["children"].size(), applies);
  for (const json& c : j["children"]) {
    auto rows = direct_->follow->ForUnit(model::Period::Tertial(2024, 1),
                                         tree.Find(c["unit"]["id"].get<std::string>()));
    ExpectSame(c["value"], direct_->Row(rows, "visits_total")->cell.value, c["unit"]["id"]);
  }
  auto [s2, leaf] = running_->Get("/api/breakdown?indicator=visits_total&period=2024-T1&unit=vc_varberg");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(leaf["children"].size(), tree.ChildrenAt(tree.Find("vc_varberg"), day).size());
  // An indicator a unit is not about is not shown for it: not in its breakdown, series
  // or scorecard.
  auto [s3, none] = running_->Get("/api/breakdown?indicator=visits_total&period=2024-T1&unit=ftv");
  EXPECT_EQ(s3, 404);
  EXPECT_EQ(none["error"]["code"], "indicator_not_for_unit");
  EXPECT_EQ(running_->Get("/api/series?indicator=chats_started&year=2024&unit=vc_varberg").first, 404);
  auto [s4, card] = running_->Get("/api/scorecard?period=2024-T1&unit=vc_varberg");
  ASSERT_EQ(s4, 200);
  for (const json& r : card["rows"]) {
    EXPECT_NE(r["indicator"], "chats_started");
    EXPECT_NE(r["indicator"], "dental_on_time_children");
  }
}

TEST_F(FolderApiTest, CommentsWrittenAndRead) {
  auto [s1, c1] =
      running_->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-T1","text":"Fler sjuka i personalen i februari.","author":"Anna"})");
  ASSERT_EQ(s1, 201) << c1.dump();
  EXPECT_EQ(c1["comment"]["text"], "Fler sjuka i personalen i februari.");
  auto [s2, c2] = running_->PostJson("/api/comments", R"({"subject_kind":"goal","subject_id":"p2024_fa1_g1",
      "unit":"nsh","period":"2024-t1","text":"Målet följs."})");
  ASSERT_EQ(s2, 201) << c2.dump();
  EXPECT_EQ(c2["comment"]["period"], "2024-T1") << "the period in its canonical form";
  // 2023 still follows the plan of 2022.
  auto [s2b, c2b] = running_->PostJson("/api/comments", R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1",
      "unit":"nsh","period":"2023","text":"Följs upp."})");
  EXPECT_EQ(s2b, 201) << c2b.dump();
  auto [s3, list] = running_->Get("/api/comments?unit=vc_varberg&period=2024-T1");
  ASSERT_EQ(s3, 200);
  ASSERT_EQ(list["comments"].size(), 1u);
  EXPECT_EQ(list["comments"][0]["author"], "Anna");
  // Writing again replaces.
  running_->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-T1","text":"Ny text"})");
  auto [s4, list2] = running_->Get("/api/comments?subject_id=phone_same_day");
  ASSERT_EQ(list2["comments"].size(), 1u);
  EXPECT_EQ(list2["comments"][0]["text"], "Ny text");
  // Bad bodies.
  for (const char* body :
       {"not json", "[1]", R"({"subject_kind":"x"})",
        R"({"subject_kind":"indicator","subject_id":"nope","unit":"nsh","period":"2024"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nope","period":"2024"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2024-T4"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":2024})",
        // Outside the years served, as for the GET parameters.
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"1900"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2099-T1"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"R12-2021-06"})",
        // A goal of another plan year than the one in force.
        R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1","unit":"nsh","period":"2024-T1"})",
        R"({"subject_kind":"goal","subject_id":"p2024_fa1_g1","unit":"nsh","period":"2023"})"}) {
    auto [s, j] = running_->PostJson("/api/comments", body);
    EXPECT_EQ(s, 400) << body;
    EXPECT_EQ(j["error"]["status"], 400) << body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << body;
  }
  auto [s5, j5] = running_->PostJson(
      "/api/comments",
      R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2099","text":"x"})");
  EXPECT_NE(j5["error"]["message"].get<std::string>().find("2022–2024"), std::string::npos) << j5.dump();
  auto [s6, j6] = running_->PostJson(
      "/api/comments", R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1","unit":"nsh","period":"2024"})");
  EXPECT_NE(j6["error"]["message"].get<std::string>().find("plan in force in 2024"), std::string::npos)
      << j6.dump();
  // Nothing of the refused bodies was kept.
  auto [s7, all] = running_->Get("/api/comments");
  ASSERT_EQ(s7, 200);
  EXPECT_EQ(all["comments"].size(), 3u) << all.dump();
}

TEST_F(FolderApiTest, ImportOnAFolderIsAConflict) {
  auto [status, j] = running_->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv"));
  EXPECT_EQ(status, 409);
  EXPECT_NE(j["error"]["message"].get<std::string>().find("--db"), std::string::npos);
  auto [s2, b] = running_->Get("/api/batches");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(b["can_import"], false);
  EXPECT_TRUE(b["batches"].empty());
  EXPECT_FALSE(b["files"].empty());
}

TEST(ETagTest, TagsAndIfNoneMatch) {
  const std::string a = BodyETag("{\"a\":1}");
  EXPECT_EQ(a, BodyETag("{\"a\":1}"));
  EXPECT_NE(a, BodyETag("{\"a\":2}"));
  EXPECT_EQ(a.rfind("W/\"", 0), 0u) << a;
  EXPECT_TRUE(IfNoneMatchHits(a, a));
  EXPECT_TRUE(IfNoneMatchHits(a.substr(2), a)) << "a strong tag matches weakly";
  EXPECT_TRUE(IfNoneMatchHits("\"x\" , " + a + " ,\"y\"", a)) << "in a list, with spaces";
  EXPECT_TRUE(IfNoneMatchHits(" * ", a));
  EXPECT_FALSE(IfNoneMatchHits("", a));
  EXPECT_FALSE(IfNoneMatchHits("W/\"other\"", a));
  EXPECT_FALSE(IfNoneMatchHits(",", a));
}

// Conditional GETs: every 200 of the API carries an ETag and `no-cache`; asked again
// with If-None-Match naming it, the answer is 304 without a body. Another query is
// another answer, another tag; errors carry none and are not stored.
TEST_F(FolderApiTest, RepeatedGetsWithTheETagAre304s) {
  httplib::Client client("127.0.0.1", running_->port());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_varberg";
  auto first = client.Get(card);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  EXPECT_EQ(etag.rfind("W/\"", 0), 0u) << etag;
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  auto again = client.Get(card, {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  EXPECT_EQ(again->get_header_value("Cache-Control"), "no-cache");
  // In a list, strong or weak, or "*".
  EXPECT_EQ(client.Get(card, {{"If-None-Match", "\"x\", " + etag.substr(2)}})->status, 304);
  EXPECT_EQ(client.Get(card, {{"If-None-Match", "*"}})->status, 304);
  // Another tag, another query: the whole answer.
  auto other = client.Get(card, {{"If-None-Match", "W/\"0-0\""}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(other->body, first->body);
  auto english = client.Get(card + "&lang=en", {{"If-None-Match", etag}});
  ASSERT_TRUE(english);
  EXPECT_EQ(english->status, 200);
  EXPECT_NE(english->get_header_value("ETag"), etag);
  // Answers made anew (not cached) and the OpenAPI document too.
  for (const char* path : {"/api/info", "/api/comments", "/api/openapi.json"}) {
    auto a = client.Get(path);
    ASSERT_TRUE(a) << path;
    ASSERT_FALSE(a->get_header_value("ETag").empty()) << path;
    EXPECT_EQ(client.Get(path, {{"If-None-Match", a->get_header_value("ETag")}})->status, 304) << path;
  }
  auto bad = client.Get("/api/scorecard?period=2024-T4", {{"If-None-Match", "*"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(bad->get_header_value("ETag").empty());
  EXPECT_EQ(bad->get_header_value("Cache-Control"), "no-store");
}

// --- on a database ----------------------------------------------------------------------

// One indicator's value in a scorecard answer; "missing" when the row is not there.
json ValueOf(const json& card, const std::string& indicator) {
  for (const json& r : card["rows"]) {
    if (r["indicator"] == indicator) return r["value"];
  }
  return json("missing");
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("nara-serve-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::unique_ptr<Running> OnDatabase(const std::string& db) {
  auto backend = MakeStoreBackend(db, ConfigDir(), "test");
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  auto comments = MakeSqliteCommentStore(db);
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  return std::make_unique<Running>(std::move(backend).value(), std::move(comments).value());
}

TEST(DatabaseApiTest, UploadsAreValidatedStoredAndRecomputed) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s0, before] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_null());

  // A malformed file: a date that does not exist on line 3.
  std::string good = Slurp(ExampleDir() + "/phone_calls.csv");
  std::string bad = good;
  size_t line3 = bad.find('\n', bad.find('\n') + 1) + 1;
  size_t date = bad.find("2023-01-02", line3);
  bad.replace(date, 10, "2023-02-30");
  auto [s1, err] = running->Upload("phone_calls.csv", bad);
  ASSERT_EQ(s1, 422) << err.dump();
  ASSERT_FALSE(err["error"]["problems"].empty()) << err.dump();
  const json& p = err["error"]["problems"][0];
  EXPECT_EQ(p["code"], "value_no_such_date");
  EXPECT_EQ(p["file"], "phone_calls.csv");
  EXPECT_EQ(p["line"], 3);
  EXPECT_TRUE(p["column"].is_null());
  EXPECT_EQ(p["field"], "received_at");
  EXPECT_EQ(p["field_position"], 3);
  EXPECT_EQ(p["message"], "datumet finns inte: '2023-02-30 14:27'");  // Swedish unless lang=en
  auto [s1en, en] = running->Upload("phone_calls.csv", bad, "", "lang=en");
  ASSERT_EQ(s1en, 422);
  EXPECT_EQ(en["error"]["problems"][0]["message"], "no such date '2023-02-30 14:27'");
  EXPECT_EQ(en["error"]["message"],
            "phone_calls.csv:3: column \"received_at\" (field 3): no such date '2023-02-30 14:27'");
  EXPECT_EQ(running->server().data_version(), 1);

  httplib::Client client("127.0.0.1", running->port());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto old_answer = client.Get(card);
  ASSERT_TRUE(old_answer);
  const std::string old_etag = old_answer->get_header_value("ETag");
  EXPECT_EQ(client.Get(card, {{"If-None-Match", old_etag}})->status, 304);

  auto [s2, ok] = running->Upload("phone_calls.csv", good);
  ASSERT_EQ(s2, 201) << ok.dump();
  EXPECT_TRUE(ok.is_object());
  // A new data version: the old tag no longer matches, the answer has a new one.
  auto new_answer = client.Get(card, {{"If-None-Match", old_etag}});
  ASSERT_TRUE(new_answer);
  EXPECT_EQ(new_answer->status, 200);
  EXPECT_NE(new_answer->get_header_value("ETag"), old_etag);
  EXPECT_FALSE(new_answer->get_header_value("ETag").empty());
  EXPECT_EQ(ok["table"], "phone_calls");
  EXPECT_EQ(ok["already_stored"], false);
  EXPECT_EQ(ok["data_version"], 2);
  auto [s3, after] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  ASSERT_EQ(s3, 200);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_number()) << ValueOf(after, "phone_same_day");
  EXPECT_EQ(after["data_version"], 2);

  // The same bytes again change nothing.
  auto [s4, again] = running->Upload("phone_calls.csv", good);
  EXPECT_EQ(s4, 201);
  EXPECT_EQ(again["already_stored"], true);
  EXPECT_EQ(again["batch_id"], ok["batch_id"]);
  EXPECT_EQ(running->server().data_version(), 2);

  // Not multipart, unknown table, bad supersede.
  EXPECT_EQ(running->PostJson("/api/import", "{}").first, 400);
  EXPECT_EQ(running->Upload("whatever.csv", good).first, 400);
  EXPECT_EQ(running->Upload("phone_calls.csv", good, "x").first, 400);

  auto [s5, batches] = running->Get("/api/batches");
  ASSERT_EQ(s5, 200);
  EXPECT_EQ(batches["can_import"], true);
  ASSERT_EQ(batches["batches"].size(), 1u);
  EXPECT_EQ(batches["batches"][0]["table"], "phone_calls");
  EXPECT_EQ(batches["batches"][0]["file_name"], "phone_calls.csv");
  EXPECT_EQ(ok["file_name"], "phone_calls.csv");
}

// The batch records the uploaded file's own name, as `nara import phone_calls.csv`
// records its path, not the temporary file the upload was written to; `nara batches`
// and the journal show that name.
TEST(DatabaseApiTest, UploadsRecordTheFilesOwnName) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s1, r1] = running->Upload("phone_calls_2024.csv", Slurp(ExampleDir() + "/phone_calls.csv"));
  ASSERT_EQ(s1, 201) << r1.dump();
  auto [s2, r2] = running->Upload("C:\\Users\\anna\\visits.csv", Slurp(ExampleDir() + "/visits.csv"));
  ASSERT_EQ(s2, 201) << r2.dump();
  EXPECT_EQ(r2["file_name"], "visits.csv");
  auto store = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto batches = store->Batches();
  ASSERT_TRUE(batches.ok()) << batches.status().message();
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].file_name, "phone_calls_2024.csv");
  EXPECT_EQ((*batches)[0].loaded_by, "web");
  EXPECT_EQ((*batches)[1].file_name, "visits.csv");
  // The journal too.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT detail FROM journal WHERE action = 'import'", -1, &q, nullptr),
            SQLITE_OK);
  int entries = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    std::string detail = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    EXPECT_EQ(detail.find("nara-upload"), std::string::npos) << detail;
    ++entries;
  }
  sqlite3_finalize(q);
  sqlite3_close(raw);
  EXPECT_EQ(entries, 2);
}

// A `nara import` or `remove-batch` by another process on the database served (here
// another connection through the store's API) is seen by the next request; a comment,
// written to the same file, recomputes nothing.
TEST(DatabaseApiTest, ChangesByAnotherConnectionAreSeenByTheNextRequest) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto [s0, before] = running->Get(card);
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_null());
  EXPECT_EQ(before["data_version"], 1);

  auto other = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto imported = other->Import(ExampleDir() + "/phone_calls.csv", "", std::nullopt, "cli");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  auto [s1, after] = running->Get(card);
  ASSERT_EQ(s1, 200);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_number()) << after.dump();
  EXPECT_EQ(after["data_version"], 2);
  auto [s2, batches] = running->Get("/api/batches");
  EXPECT_EQ(batches["batches"].size(), 1u);

  // A comment changes the file but not the data: no new version.
  auto [s3, c] =
      running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"visits_total",
      "unit":"nsh","period":"2024","text":"Besöken ökar."})");
  ASSERT_EQ(s3, 201) << c.dump();
  EXPECT_EQ(running->Get("/api/info").second["data_version"], 2);

  ASSERT_TRUE(other->RemoveBatch(imported->batch_id, "cli").ok());
  auto [s4, removed] = running->Get(card);
  ASSERT_EQ(s4, 200);
  EXPECT_TRUE(ValueOf(removed, "phone_same_day").is_null()) << removed.dump();
  EXPECT_EQ(removed["data_version"], 3);
  EXPECT_EQ(running->server().data_version(), 3);
}

// Which configuration the results were computed with: the store's version in force,
// in /api/info and every scorecard, and a new one after the tree is replaced.
TEST(DatabaseApiTest, InfoAndScorecardNameTheConfigurationVersion) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto other = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(other.ok());
  auto current = other->CurrentConfig();
  ASSERT_TRUE(current.ok() && current->has_value());
  const int64_t first = (*current)->version;
  auto [s1, info] = running->Get("/api/info");
  ASSERT_EQ(s1, 200);
  EXPECT_EQ(info["config_version"], first);
  EXPECT_EQ(info["config_sha256"], (*current)->sha256);
  auto [s2, card] = running->Get("/api/scorecard?period=2024-T1");
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(card["config_version"], first);

  // An edited catalogue stored by another process is a new version, seen by the next request.
  fs::create_directories(dir / "config");
  for (const char* f : {"units.toml", "plans.toml", "indicators.toml"})
    fs::copy_file(ConfigDir() + "/" + f, dir / ("config/" + std::string(f)));
  std::ofstream(dir / "config/indicators.toml", std::ios::app) << "\n# edited\n";
  auto stored = other->StoreConfig(dir / "config", "cli");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_GT(stored->version, first);
  auto [s3, info2] = running->Get("/api/info");
  EXPECT_EQ(info2["config_version"], stored->version);
  EXPECT_EQ(info2["config_sha256"], stored->sha256);
  auto [s4, card2] = running->Get("/api/scorecard?period=2024-T1");
  EXPECT_EQ(card2["config_version"], stored->version);
}

// Readers during an import see either the old or the new results, never an error.
TEST(DatabaseApiTest, ReadersDuringAnImportSeeOneVersionOrTheOther) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  ASSERT_EQ(running->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv")).first, 201);
  std::atomic<bool> stop{false};
  std::atomic<int> answers{0}, bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      httplib::Client client("127.0.0.1", running->port());  // one client per thread
      while (!stop) {
        auto [status, card] = Running::Get(client, "/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
        int64_t v =
            card.is_object() && card.contains("data_version") ? card["data_version"].get<int64_t>() : -1;
        if (status != 200 || (v != 2 && v != 3)) ++bad;
        ++answers;
      }
    });
  }
  auto [s, r] = running->Upload("phone_calls.csv", Slurp(ExampleDir() + "/phone_calls.csv"));
  EXPECT_EQ(s, 201) << r.dump();
  // Keep reading a little after the swap.
  for (int i = 0; i < 50 && running->server().data_version() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(answers.load(), 3);
  EXPECT_EQ(bad.load(), 0);
  auto [s2, card] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  EXPECT_EQ(card["data_version"], 3);
}

// A folder served with --data: a file removed from it (or dropped into it, or changed)
// is noticed within a second, and the next request answers from the new data.
TEST(FolderChangeTest, AChangedFolderIsReloadedForTheNextRequest) {
  TempDir dir;
  fs::create_directories(dir / "data");
  for (const auto& entry : fs::directory_iterator(ExampleDir())) {
    fs::copy_file(entry.path(), fs::path(dir / "data") / entry.path().filename());
  }
  Running running(MakeFolderBackend(dir / "data", ConfigDir()), MakeMemoryCommentStore());
  ASSERT_TRUE(running.ok());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto [s0, before] = running.Get(card);
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_number()) << before.dump();
  EXPECT_EQ(before["data_version"], 1);

  fs::remove(fs::path(dir / "data") / "phone_calls.csv");
  json after;
  for (int i = 0; i < 40; ++i) {  // within a second, plus the reload; at most 4 s here
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = running.Get(card).second;
    if (after["data_version"] != 1) break;
  }
  EXPECT_EQ(after["data_version"], 2);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_null()) << after.dump();
  // Nothing changed since: the version stays.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(running.Get("/api/info").second["data_version"], 2);
}

// The built pages: files with their type and caching, "/" as index.html, nothing
// outside the folder, and only GET and HEAD.
TEST(PagesTest, ServesTheBuiltPagesAndNothingElse) {
  TempDir dir;
  fs::create_directories(dir / "web/assets");
  std::ofstream(dir / "web/index.html") << "<!doctype html><title>nara</title>";
  std::ofstream(dir / "web/assets/index-1a2b.js") << "console.log('nara');";
  std::ofstream(dir / "secret.txt") << "not a page";
  Running running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore(), dir / "web");
  ASSERT_TRUE(running.ok());
  httplib::Client client("127.0.0.1", running.port());
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>nara</title>");
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  auto script = client.Get("/assets/index-1a2b.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "application/javascript");
  EXPECT_EQ(script->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  // Both answered 304 to a request naming their ETag, with the same caching headers.
  for (const auto& [path, answer] :
       {std::pair<std::string, httplib::Result*>{"/", &index}, {"/assets/index-1a2b.js", &script}}) {
    const std::string etag = (*answer)->get_header_value("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    auto again = client.Get(path, {{"If-None-Match", etag}});
    ASSERT_TRUE(again) << path;
    EXPECT_EQ(again->status, 304) << path;
    EXPECT_TRUE(again->body.empty()) << path;
    EXPECT_EQ(again->get_header_value("ETag"), etag) << path;
    EXPECT_EQ(again->get_header_value("Cache-Control"), (*answer)->get_header_value("Cache-Control")) << path;
    EXPECT_EQ(client.Get(path, {{"If-None-Match", "W/\"other\""}})->status, 200) << path;
  }
  EXPECT_NE(index->get_header_value("ETag"), script->get_header_value("ETag"));
  const std::string secret = fs::absolute(dir / "secret.txt").string();
  for (const std::string& path : {std::string("/../secret.txt"), std::string("/assets/../../secret.txt"),
                                  std::string("/%2e%2e/secret.txt"), "/" + secret, "/%2F" + secret.substr(1),
                                  std::string("/./index.html"), std::string("/missing.js")}) {
    auto res = client.Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("not a page"), std::string::npos) << path;
  }
  auto post = client.Post("/", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto head = client.Head("/api/info");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_GT(std::stoul(head->get_header_value("Content-Length")), 10u);
}

TEST(PagesTest, WithoutBuiltPagesTheStartPageSaysHowToBuildThem) {
  Running running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore(), "/nonexistent");
  ASSERT_TRUE(running.ok());
  httplib::Client client("127.0.0.1", running.port());
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("npm ci"), std::string::npos);
  EXPECT_EQ(client.Get("/other")->status, 404);
}

// A file in the folder that breaks the contract: the earlier data stays served (and
// the fault is printed once); a fixed file is then read.
TEST(FolderChangeTest, ABrokenFileKeepsTheEarlierDataUntilItIsFixed) {
  TempDir dir;
  fs::create_directories(dir / "data");
  for (const auto& entry : fs::directory_iterator(ExampleDir())) {
    fs::copy_file(entry.path(), fs::path(dir / "data") / entry.path().filename());
  }
  const std::string calls = fs::path(dir / "data") / "phone_calls.csv";
  const std::string good = Slurp(calls);
  Running running(MakeFolderBackend(dir / "data", ConfigDir()), MakeMemoryCommentStore());
  ASSERT_TRUE(running.ok());
  std::ofstream(calls, std::ios::trunc) << good.substr(0, good.find('\n') + 1) << "this;is;no;call\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto [s1, info1] = running.Get("/api/info");
  EXPECT_EQ(s1, 200);
  EXPECT_EQ(info1["data_version"], 1);
  auto [s2, card] = running.Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  EXPECT_EQ(s2, 200);
  EXPECT_TRUE(ValueOf(card, "phone_same_day").is_number()) << card.dump();
  std::ofstream(calls, std::ios::trunc) << good;
  json info;
  for (int i = 0; i < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    info = running.Get("/api/info").second;
    if (info["data_version"] != 1) break;
  }
  EXPECT_EQ(info["data_version"], 2);
}

TEST(DatabaseApiTest, CommentsSurviveARestart) {
  TempDir dir;
  std::string db = dir / "nara.db";
  {
    auto running = OnDatabase(db);
    ASSERT_TRUE(running->ok());
    auto [s, c] =
        running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"visits_total",
        "unit":"nsh","period":"2024","text":"Besöken ökar.","author":"Per"})");
    ASSERT_EQ(s, 201) << c.dump();
  }
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s, list] = running->Get("/api/comments?subject_kind=indicator&subject_id=visits_total");
  ASSERT_EQ(s, 200);
  ASSERT_EQ(list["comments"].size(), 1u);
  EXPECT_EQ(list["comments"][0]["text"], "Besöken ökar.");
  EXPECT_EQ(list["comments"][0]["period"], "2024");
}

}  // namespace
}  // namespace nara::serve
