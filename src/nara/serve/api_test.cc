// The HTTP API over loopback on a folder of extracts: every route, its answers checked
// against the engine computed directly, and the bad-parameter cases (400, never 500).
// Every answer is also checked against the OpenAPI document (api_test_util.h).
#include <gtest/gtest.h>

#include "nara/follow/goal_status.h"

#include "nara/serve/api_test_util.h"
#include "nara/serve/snapshot.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

class FolderApiTest : public FolderServerTest {};

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
  EXPECT_EQ(j["source"], "folder example");
}

// A body is limited by its route: a comment of 100 kB is refused before it is read
// (an upload may be up to 1 GB).
TEST_F(FolderApiTest, BodiesAreLimitedPerRoute) {
  std::string text(100 * 1024, 'x');
  auto [status, j] = running_->PostJson(
      "/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit_id":"nsh",)"
                       R"("period":"2024-T1","author":"eva","text":")" + text + R"("})");
  EXPECT_EQ(status, 413) << j.dump().substr(0, 200);
}

// The answers a data version keeps stay within kCacheBytes however many distinct
// requests come (each date of /api/units, say, is an answer of its own).
TEST(SnapshotCacheTest, KeptAnswersStayWithinTheirBytes) {
  api::Snapshot s;
  const std::string body(1 << 20, 'x');
  size_t most = 0;
  for (int i = 0; i < 600; ++i) {
    api::Result r = api::Cached(s, "/api/units?date=" + std::to_string(i), [&] { return api::Result(body); });
    ASSERT_TRUE(std::holds_alternative<api::Kept>(r));
    most = std::max(most, s.cache_bytes);
  }
  EXPECT_LE(most, api::kCacheBytes);
  EXPECT_GT(most, api::kCacheBytes / 2) << "the cache is used";
  // A kept answer is answered from the cache.
  int computed = 0;
  api::Cached(s, "/api/units?date=599", [&] { ++computed; return api::Result(body); });
  EXPECT_EQ(computed, 0);
}

// Cross-site requests: a page on another site may not write through the user's browser
// (its Origin or Referer is not this server), a comment must be JSON (a form can post
// text/plain anywhere), HTTP/1.1 needs a Host, and a Host this server does not answer to
// (another name resolving to it) is refused.
TEST_F(FolderApiTest, RequestsFromOtherSitesAreRefused) {
  httplib::Client client("127.0.0.1", running_->port());
  const std::string comment = R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit_id":"nsh",)"
                              R"("period":"2024-T1","author":"eva","text":"x"})";
  auto evil = client.Post("/api/comments", {{"Origin", "http://evil.example"}}, comment, "application/json");
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 403);
  EXPECT_EQ(json::parse(evil->body)["error"]["code"], "cross_origin");
  auto referred = client.Post("/api/comments", {{"Referer", "http://evil.example/page.html"}}, comment,
                              "application/json");
  ASSERT_TRUE(referred);
  EXPECT_EQ(referred->status, 403);
  auto form = client.Post("/api/comments", comment, "text/plain");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(json::parse(form->body)["error"]["code"], "content_type");
  auto upload = client.Post("/api/import", {{"Origin", "null"}}, "x", "multipart/form-data; boundary=b");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 403);
  // Its own pages' origin is fine (a folder cannot import: 409, past the check).
  const std::string self = "http://127.0.0.1:" + std::to_string(running_->port());
  auto own = client.Post("/api/import", {{"Origin", self}}, "x", "multipart/form-data; boundary=b");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 409);
  auto rebound = client.Get("/api/scorecard?period=2024-T1", {{"Host", "evil.example"}});
  ASSERT_TRUE(rebound);
  EXPECT_EQ(rebound->status, 400);
  EXPECT_EQ(json::parse(rebound->body)["error"]["code"], "host_not_served");
  EXPECT_EQ(client.Get("/api/scorecard?period=2024-T1", {{"Host", "localhost:1"}})->status, 200);
  const std::string no_host =
      RawExchange(running_->port(), "GET /api/info HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(no_host.rfind("HTTP/1.1 400", 0), 0u) << no_host.substr(0, 200);
  EXPECT_NE(no_host.find("host_required"), std::string::npos) << no_host.substr(0, 400);
}

// Every answer, API and page alike, forbids framing by another site, type sniffing,
// and scripts or data from elsewhere.
TEST_F(FolderApiTest, EveryAnswerCarriesTheSecurityHeaders) {
  httplib::Client client("127.0.0.1", running_->port());
  for (const char* path : {"/api/info", "/api/nothing", "/", "/missing.js"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    const std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path << ": " << csp;
  }
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
    // A folder of extracts has no accounts and so no audit trail, and no issued reports.
    if (path == "/api/audit" || path == "/api/reports/file" || path == "/api/batches/preview-remove") {
      EXPECT_GE(running_->Get(path + query).first, 400) << path + query;
      continue;
    }
    // Planning answers on a server given a configuration to plan with, and its results
    // after a run: planning_test.cc asks each of its routes.
    if (path.rfind("/api/planning", 0) == 0) continue;
    if (!item["get"]["responses"]["200"]["content"].contains("application/json")) {
      httplib::Client client("127.0.0.1", running_->port());
      client.set_read_timeout(std::chrono::seconds(120));
      auto res = client.Get(path + query);
      ASSERT_TRUE(res) << path + query;
      EXPECT_EQ(res->status, 200) << path + query << ": " << res->body.substr(0, 300);
      continue;
    }
    auto [code, body] = running_->Get(path + query);
    EXPECT_EQ(code, 200) << path + query << ": " << body.dump();
  }
  for (const char* route :
       {"/api/info", "/api/units", "/api/plan", "/api/catalogue", "/api/scorecard", "/api/series",
        "/api/breakdown", "/api/comments", "/api/batches", "/api/import", "/api/openapi.json", "/api/me",
        "/api/login", "/api/logout", "/api/audit", "/api/report", "/api/report/file", "/api/report/issue",
        "/api/reports", "/api/reports/file", "/api/xlsx", "/api/goals", "/api/comments/history", "/api/actions",
        "/api/assessments", "/api/assessments/history"}) {
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

// Every goal and assignment of the plan in force with the status the rule gives over
// the engine's statuses for the unit and period (follow/goal_status.h).
TEST_F(FolderApiTest, GoalsHaveTheirComputedStatus) {
  auto [status, j] = running_->Get("/api/goals?period=2024-T1&unit=vc_varberg");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(j["unit"]["id"], "vc_varberg");
  EXPECT_NE(j["rule"].get<std::string>().find("minst hälften"), std::string::npos);
  std::map<std::string, follow::StatusKind> engine;
  for (const follow::ScoreRow& r :
       direct_->follow->ForUnit(model::Period::Tertial(2024, 1), direct_->extract.tree.Find("vc_varberg")))
    engine[r.def->id] = r.judgement.status;
  const model::Plan* plan = direct_->config.FindPlan(2024);
  ASSERT_NE(plan, nullptr);
  size_t i = 0;
  int judged = 0;
  auto expect = [&](const std::string& id, const char* kind, const std::vector<std::string>& ids) {
    ASSERT_LT(i, j["goals"].size());
    const json& g = j["goals"][i++];
    EXPECT_EQ(g["id"], id);
    EXPECT_EQ(g["kind"], kind);
    std::vector<follow::StatusKind> in;
    for (const std::string& x : ids) in.push_back(engine.count(x) ? engine.at(x) : follow::StatusKind::kNoData);
    const follow::GoalStatus want = follow::CombineStatuses(in);
    EXPECT_EQ(g["status"], follow::StatusName(want.status)) << id;
    EXPECT_EQ(g["met"].get<int>() + g["near"].get<int>() + g["not_met"].get<int>() + g["not_counted"].get<int>(),
              static_cast<int>(ids.size()))
        << id;
    judged += g["status"] != "no_data";
  };
  for (const model::FocusArea& fa : plan->focus_areas) {
    for (const model::Goal& g : fa.goals) {
      expect(g.id, "goal", follow::GoalIndicators(g));
      for (const model::Assignment& a : g.assignments) expect(a.id, "assignment", a.indicators);
    }
  }
  EXPECT_EQ(i, j["goals"].size());
  EXPECT_GT(judged, 3);
  auto [en_status, en] = running_->Get("/api/goals?period=2024-T1&lang=en");
  EXPECT_EQ(en_status, 200);
  EXPECT_NE(en["rule"].get<std::string>().find("at least half"), std::string::npos);
  EXPECT_EQ(running_->Get("/api/goals?period=2024-T9").first, 400);
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
        std::string("GET /api/%ff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        std::string("GET /api/scorecard?unit=%C3%28 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")}) {
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
  EXPECT_EQ(j["error"]["code"], "no_route");
  EXPECT_EQ(j["error"]["message"], "API:et har ingen väg GET /api/nothing (se /api/openapi.json)");
  EXPECT_EQ(running_->Get("/api/nothing?lang=en").second["error"]["message"],
            "no such API route: GET /api/nothing (see /api/openapi.json)");
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
    EXPECT_EQ(j["error"]["code"], "method_not_allowed");
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

// Peers are recomputed here from the tree and the engine: the health centres under
// Varberg's area, their values, the median (the middle value, or the mean of the two
// middle ones) and the rank.
TEST_F(FolderApiTest, PeersAreTheUnitsOfTheKindUnderTheArea) {
  auto [status, j] = running_->Get("/api/peers?indicator=phone_same_day&period=2024-T1&unit=vc_varberg");
  ASSERT_EQ(status, 200) << j.dump();
  const model::OrgTree& tree = direct_->extract.tree;
  const model::Period period = model::Period::Tertial(2024, 1);
  const Days day = period.last_day();
  const int varberg = tree.Find("vc_varberg");
  int area = tree.ParentAt(varberg, day);
  while (tree.VersionAt(area, day)->kind != model::UnitKind::kArea) area = tree.ParentAt(area, day);
  EXPECT_EQ(j["within"]["id"], tree.id(area));
  std::vector<std::pair<double, std::string>> expected;
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v == nullptr || v->kind != model::UnitKind::kHealthCentre || !tree.IsWithin(u, area, day)) continue;
    auto rows = direct_->follow->ForUnit(period, u);
    if (const follow::ScoreRow* r = direct_->Row(rows, "phone_same_day"); r && !std::isnan(r->cell.value)) {
      expected.push_back({r->cell.value, tree.id(u)});
    }
  }
  ASSERT_GE(expected.size(), 3u);
  std::sort(expected.begin(), expected.end(), [](auto& a, auto& b) { return a.first > b.first; });  // higher is better
  ASSERT_EQ(j["count"], expected.size());
  // Those without a value (no data, too few to show) come last, without a rank.
  ASSERT_GE(j["peers"].size(), expected.size());
  for (size_t i = expected.size(); i < j["peers"].size(); ++i) {
    EXPECT_TRUE(j["peers"][i]["rank"].is_null());
    EXPECT_TRUE(j["peers"][i]["value"].is_null());
  }
  int shown_unit = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const json& p = j["peers"][i];
    EXPECT_EQ(p["rank"], i + 1);
    ExpectSame(p["value"], expected[i].first, expected[i].second);
    EXPECT_EQ(p["unit"]["kind"], "health_centre");
    shown_unit += p["is_unit"].get<bool>();
    if (p["is_unit"]) {
      EXPECT_EQ(j["rank"], i + 1);
    }
  }
  EXPECT_EQ(shown_unit, 1);
  const size_t n = expected.size();
  const double median =
      n % 2 == 1 ? expected[n / 2].first : (expected[n / 2 - 1].first + expected[n / 2].first) / 2;
  EXPECT_NEAR(j["median"].get<double>(), median, 1e-9);
  EXPECT_LE(j["q1"].get<double>(), j["median"].get<double>());
  EXPECT_GE(j["q3"].get<double>(), j["median"].get<double>());
  auto [s2, region] = running_->Get("/api/peers?indicator=phone_same_day&period=2024-T1&unit=vc_varberg&scope=region");
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(region["within"]["id"], tree.id(tree.root()));
  EXPECT_GE(region["count"].get<size_t>(), expected.size());
  EXPECT_EQ(running_->Get("/api/peers?indicator=phone_same_day&period=2024-T1&unit=vc_varberg&scope=x").first, 400);
  EXPECT_EQ(running_->Get("/api/peers?indicator=chats_started&period=2024-T1&unit=vc_varberg").first, 404);
}

// The trend: the same period of each plan year as its scorecard has it, and the
// months of each year as its series has them.
TEST_F(FolderApiTest, TrendOverEveryPlanYear) {
  auto [status, j] = running_->Get("/api/trend?indicator=phone_same_day&period=2024-T1&unit=vc_kungsbacka");
  ASSERT_EQ(status, 200) << j.dump();
  auto [s0, info] = running_->Get("/api/info");
  const int first = info["first_year"], last = info["last_year"];
  ASSERT_EQ(j["years"].size(), static_cast<size_t>(last - first + 1));
  for (const json& y : j["years"]) {
    const std::string period = std::to_string(y["year"].get<int>()) + "-T1";
    EXPECT_EQ(y["period"], period);
    auto [s, card] = running_->Get("/api/scorecard?period=" + period + "&unit=vc_kungsbacka");
    ASSERT_EQ(s, 200);
    for (const json& r : card["rows"]) {
      if (r["indicator"] == "phone_same_day") {
        EXPECT_EQ(y["value"], r["value"]) << period;
        EXPECT_EQ(y["target"], r["target"]) << period;
        EXPECT_EQ(y["status"], r["status"]) << period;
      }
    }
  }
  ASSERT_EQ(j["months"].size(), static_cast<size_t>(12 * (last - first + 1)));
  for (int year = first; year <= last; ++year) {
    auto [s, series] = running_->Get("/api/series?indicator=phone_same_day&unit=vc_kungsbacka&year=" +
                                     std::to_string(year));
    ASSERT_EQ(s, 200);
    for (int m = 0; m < 12; ++m) {
      const json& month = j["months"][static_cast<size_t>((year - first) * 12 + m)];
      EXPECT_EQ(month["month"], series["months"][m]["month"]);
      EXPECT_EQ(month["value"], series["months"][m]["value"]);
      EXPECT_EQ(month["target"], series["months"][m]["target"]);
    }
  }
}

// A folder of extracts has no accounts: everyone reads, nobody writes, nobody signs in.
TEST_F(FolderApiTest, NothingIsWrittenWithoutAccounts) {
  auto [s1, me] = running_->Get("/api/me");
  ASSERT_EQ(s1, 200);
  EXPECT_EQ(me["sign_in"], "none");
  EXPECT_TRUE(me["user"].is_null());
  auto [s2, c] = running_->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-T1","text":"x"})");
  EXPECT_EQ(s2, 409);
  EXPECT_EQ(c["error"]["code"], "no_accounts");
  auto [s3, login] = running_->PostJson("/api/login", R"({"name":"anna","password":"ett långt lösenord"})");
  EXPECT_EQ(s3, 409);
  EXPECT_EQ(login["error"]["code"], "no_accounts");
  auto [s4, list] = running_->Get("/api/comments");
  ASSERT_EQ(s4, 200);
  EXPECT_TRUE(list["comments"].empty());
}

TEST_F(FolderApiTest, ImportOnAFolderIsAConflict) {
  auto [status, j] = running_->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv"));
  EXPECT_EQ(status, 409);
  EXPECT_EQ(j["error"]["code"], "read_only");
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

}  // namespace
}  // namespace nara::serve
