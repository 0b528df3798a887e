// Who may see and change what on a database server: the matrix of role × route ×
// unit (the table below is the documentation of it), CSRF, sessions and their end,
// sign-in throttling, the proxy's header, and what the audit trail records of it.
#include "nara/serve/auth.h"

#include <gtest/gtest.h>

#include "nara/serve/api_test_util.h"
#include "nara/store/sqlite.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

class TempDb {
 public:
  TempDb() {
    dir_ = fs::temp_directory_path() / ("nara-auth-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(dir_);
  }
  ~TempDb() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "nara.db").string(); }

 private:
  fs::path dir_;
};

std::unique_ptr<Running> Serve(const std::string& db, AuthOptions auth = {}) {
  auto backend = MakeStoreBackend(db, ConfigDir(), "test");
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  auto comments = MakeSqliteCommentStore(db);
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  return std::make_unique<Running>(std::move(backend).value(), std::move(comments).value(), "", std::move(auth));
}

std::string Comment(const std::string& unit) {
  return R"({"subject_kind":"indicator","subject_id":"visits_total","unit":")" + unit +
         R"(","period":"2024-T1","text":"Analys."})";
}

// A multipart body of one file, as the pages send it, with a `user` field that the
// server must not believe.
std::string UploadBody(const std::string& csv) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"visits.csv\"\r\n"
         "Content-Type: text/csv\r\n\r\n" +
         csv +
         "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nmallory\r\n--XyZ--\r\n";
}
const char* kUploadType = "multipart/form-data; boundary=XyZ";

// Who may do what. Columns: nobody signed in, a reader, a unit manager of
// vc_varberg (and so of its branch), a controller, an admin. 200/201 allowed; 401
// sign in first; 403 the role (or the unit) does not allow it.
struct Row {
  const char* method;
  const char* target;
  std::string body;
  const char* type;
  int nobody, reader, manager, controller, admin;
};

TEST(AccessMatrixTest, RoleRouteAndUnit) {
  TempDb db;
  auto running = Serve(db.path());
  ASSERT_TRUE(running->ok());
  std::map<std::string, std::string> tokens = {
      {"reader", AddAccount(db.path(), "lasare", store::Role::kReader)},
      {"manager", AddAccount(db.path(), "chef", store::Role::kUnitManager, {"vc_varberg"})},
      {"controller", AddAccount(db.path(), "kontroller", store::Role::kController)},
      {"admin", AddAccount(db.path(), "admin", store::Role::kAdmin)}};
  const std::string visits = Slurp(ExampleDir() + "/visits.csv");
  ASSERT_EQ(running->Send("POST", "/api/import", UploadBody(visits), Bearer(tokens["controller"]), kUploadType).status,
            201);

  const std::vector<Row> rows = {
      {"GET", "/api/openapi.json", "", "", 200, 200, 200, 200, 200},
      {"GET", "/api/me", "", "", 200, 200, 200, 200, 200},
      {"GET", "/api/info", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/units", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/plan", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/catalogue", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/scorecard?period=2024-T1&unit=vc_kungsbacka", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/series?indicator=visits_total&year=2024", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/breakdown?indicator=visits_total&period=2024-T1", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/goals?period=2024-T1", "", "", 401, 200, 200, 200, 200},
      // The economy: everyone who reads (this database has no ledger: 404 no_ledger, past the check).
      {"GET", "/api/economy?period=2024-T1&unit=vc_kungsbacka", "", "", 401, 404, 404, 404, 404},
      {"GET", "/api/economy/capitation?period=2024-T1", "", "", 401, 404, 404, 404, 404},
      {"GET", "/api/economy/whatif?year=2025", "", "", 401, 404, 404, 404, 404},
      {"GET", "/api/comments", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/batches", "", "", 401, 200, 200, 200, 200},
      {"GET", "/api/audit", "", "", 401, 403, 403, 403, 200},
      {"POST", "/api/comments", Comment("vc_varberg"), "application/json", 401, 403, 201, 201, 201},
      {"POST", "/api/comments", Comment("vc_varberg_filial_breared"), "application/json", 401, 403, 201, 201, 201},
      {"POST", "/api/comments", Comment("vc_kungsbacka"), "application/json", 401, 403, 403, 201, 201},
      {"POST", "/api/comments", Comment("nsh"), "application/json", 401, 403, 403, 201, 201},
      {"POST", "/api/import", UploadBody(visits), kUploadType, 401, 403, 403, 201, 201},
      {"GET", "/api/batches/preview-remove?batch_id=1", "", "", 401, 403, 403, 200, 200},
      // Batch 999 does not exist: who may ask is told so (404), who may not is refused first.
      {"POST", "/api/batches/remove", R"({"batch_id": 999})", "application/json", 401, 403, 403, 404, 404},
      {"POST", "/api/batches/restore", R"({"batch_id": 999})", "application/json", 401, 403, 403, 404, 404},
      {"POST", "/api/batches/purge", R"({"batch_ids": [999]})", "application/json", 401, 403, 403, 403, 404},
      {"GET", "/api/reports", "", "", 401, 200, 200, 200, 200},
      {"POST", "/api/xlsx", R"({"name": "t", "header": ["a"], "rows": [[1]]})", "application/json", 401, 200, 200,
       200, 200},
      {"POST", "/api/comments",
       R"({"subject_kind":"section","subject_id":"sammanfattning","unit":"vc_varberg","period":"2024-T1","text":"x"})",
       "application/json", 401, 403, 201, 201, 201},
      {"GET", "/api/actions?unit=vc_varberg&subtree=1", "", "", 401, 200, 200, 200, 200},
      {"POST", "/api/actions",
       R"({"subject_kind":"indicator","subject_id":"visits_total","unit":"vc_varberg","period":"2024-T1","what":"x"})",
       "application/json", 401, 403, 201, 201, 201},
      {"POST", "/api/actions",
       R"({"subject_kind":"indicator","subject_id":"visits_total","unit":"vc_kungsbacka","period":"2024-T1","what":"x"})",
       "application/json", 401, 403, 403, 201, 201},
      {"GET", "/api/assessments?period=2024-T1", "", "", 401, 200, 200, 200, 200},
      {"POST", "/api/assessments",
       R"({"goal_id":"p2024_fa1_g1","unit":"vc_varberg","period":"2024-T1","status":"near","justification":"x"})",
       "application/json", 401, 403, 201, 201, 201},
      {"POST", "/api/assessments",
       R"({"goal_id":"p2024_fa1_g1","unit":"vc_kungsbacka","period":"2024-T1","status":"near","justification":"x"})",
       "application/json", 401, 403, 403, 201, 201},
      // The internal-control register: everyone who reads sees it, controllers and admins change it.
      {"GET", "/api/internal-control?year=2024", "", "", 401, 200, 200, 200, 200},
      {"POST", "/api/internal-control/risks",
       R"({"year":2024,"unit":"nsh","title":"Risk","probability":2,"consequence":3})", "application/json", 401, 403,
       403, 201, 201},
      {"POST", "/api/internal-control/controls", R"({"risk_id":999,"what":"x","frequency":"tertial"})",
       "application/json", 401, 403, 403, 404, 404},
      {"POST", "/api/internal-control/results", R"({"control_id":999,"period":"2024-T1","outcome":"done"})",
       "application/json", 401, 403, 403, 404, 404},
      {"POST", "/api/internal-control/import?year=2024&replace=1",
       "risk_title;unit_id;risk_description;probability;consequence;owner;board_prioritised;control_what;"
       "control_how;frequency;responsible;result_T1;text_T1;result_T2;text_T2;result_T3;text_T3\n"
       "Risk;nsh;;2;2;;nej;;;;;;;;;;\n",
       "text/csv", 401, 403, 403, 200, 200},
      {"POST", "/api/logout", "", "application/json", 200, 200, 200, 200, 200},
  };
  for (const Row& r : rows) {
    const std::string what = std::string(r.method) + " " + r.target + " " + r.body.substr(0, 90);
    auto nobody = running->Send(r.method, r.target, r.body, {}, r.type);
    EXPECT_EQ(nobody.status, r.nobody) << "nobody: " << what << " → " << nobody.body.dump();
    if (nobody.status == 401) {
      EXPECT_EQ(nobody.body["error"]["code"], "unauthenticated");
    }
    for (auto [who, expected] : {std::pair{"reader", r.reader},
                                 {"manager", r.manager},
                                 {"controller", r.controller},
                                 {"admin", r.admin}}) {
      auto a = running->Send(r.method, r.target, r.body, Bearer(tokens[who]), r.type);
      EXPECT_EQ(a.status, expected) << who << ": " << what << " → " << a.body.dump();
      if (expected == 403) {
        EXPECT_TRUE(a.body["error"]["code"] == "forbidden" || a.body["error"]["code"] == "forbidden_unit")
            << a.body.dump();
      }
    }
  }

  // A token that is not one, or no longer one, is refused as such.
  auto unknown = running->Send("GET", "/api/info", "", Bearer("nara_" + std::string(64, '0')));
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body["error"]["code"], "token_invalid");
  EXPECT_EQ(running->Send("GET", "/api/openapi.json", "", Bearer("nonsense")).status, 200)
      << "what needs no sign-in does not care about a bad token";
  auto me = running->Send("GET", "/api/me", "", Bearer(tokens["manager"]));
  EXPECT_EQ(me.body["user"]["name"], "chef");
  EXPECT_EQ(me.body["user"]["role"], "unit_manager");
  EXPECT_EQ(me.body["user"]["units"], json::array({"vc_varberg"}));
  EXPECT_TRUE(me.body["csrf_token"].is_null()) << "a token needs no CSRF token";
}

// The user an upload or a comment is stored by is the signed-in one, whatever the
// body says, and the audit trail has them with the client's address.
TEST(AccessMatrixTest, ChangesAreRecordedByTheSignedInUser) {
  TempDb db;
  auto running = Serve(db.path());
  ASSERT_TRUE(running->ok());
  const std::string token = AddAccount(db.path(), "kontroller", store::Role::kController);
  auto up = running->Send("POST", "/api/import", UploadBody(Slurp(ExampleDir() + "/visits.csv")), Bearer(token),
                          kUploadType);
  ASSERT_EQ(up.status, 201) << up.body.dump();
  auto c = running->Send("POST", "/api/comments",
                         R"({"subject_kind":"indicator","subject_id":"visits_total","unit":"nsh",
                            "period":"2024","text":"Text.","author":"mallory"})",
                         Bearer(token));
  ASSERT_EQ(c.status, 201) << c.body.dump();
  EXPECT_EQ(c.body["comment"]["author"], "kontroller");
  auto batches = running->Send("GET", "/api/batches", "", Bearer(token));
  ASSERT_EQ(batches.body["batches"].size(), 1u);
  EXPECT_EQ(batches.body["batches"][0]["loaded_by"], "kontroller");

  const std::string admin = AddAccount(db.path(), "admin", store::Role::kAdmin);
  auto audit = running->Send("GET", "/api/audit?limit=1000", "", Bearer(admin));
  ASSERT_EQ(audit.status, 200);
  std::map<std::string, json> by_action;
  for (const json& e : audit.body["entries"]) by_action[e["action"]] = e;
  ASSERT_TRUE(by_action.count("import")) << audit.body.dump();
  EXPECT_EQ(by_action["import"]["by"], "kontroller");
  EXPECT_EQ(by_action["import"]["client"], "127.0.0.1");
  ASSERT_TRUE(by_action.count("comment_written")) << audit.body.dump();
  EXPECT_EQ(by_action["comment_written"]["by"], "kontroller");
  EXPECT_EQ(by_action["comment_written"]["client"], "127.0.0.1");
  EXPECT_EQ(running->Send("GET", "/api/audit?limit=5000", "", Bearer(admin)).status, 400);
}

// The pages' way: a session cookie from POST /api/login, and every change with the
// session's CSRF token.
TEST(SessionTest, SignInChangeWithTheCsrfTokenSignOut) {
  TempDb db;
  auto running = Serve(db.path());
  ASSERT_TRUE(running->ok());
  AddAccount(db.path(), "chef", store::Role::kUnitManager, {"vc_varberg"});

  auto wrong = running->Send("POST", "/api/login", R"({"name":"chef","password":"fel lösenord här"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body["error"]["code"], "login_failed");
  EXPECT_EQ(wrong.body["error"]["message"], "fel användarnamn eller lösenord");
  auto unknown = running->Send("POST", "/api/login?lang=en", R"({"name":"nobody","password":"fel lösenord här"})");
  EXPECT_EQ(unknown.body["error"]["message"], "wrong user name or password") << "which one was wrong is not said";
  EXPECT_EQ(running->Send("POST", "/api/login", R"({"name":"chef"})").status, 400);
  EXPECT_EQ(running->Send("POST", "/api/login", "name=chef&password=x", {}, "application/x-www-form-urlencoded").status,
            415)
      << "a form on another site cannot sign someone in";

  auto in = running->Send("POST", "/api/login", json{{"name", "chef"}, {"password", kTestPassword}}.dump());
  ASSERT_EQ(in.status, 200) << in.body.dump();
  EXPECT_EQ(in.body["user"]["name"], "chef");
  std::string set_cookie;
  for (const auto& [k, v] : in.headers) {
    if (k == "Set-Cookie") set_cookie = v;
  }
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "not over plain HTTP: " << set_cookie;
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = in.body["csrf_token"];
  ASSERT_EQ(csrf.size(), 64u);

  const httplib::Headers session = {{"Cookie", cookie}};
  EXPECT_EQ(running->Send("GET", "/api/info", "", session).status, 200);
  auto me = running->Send("GET", "/api/me", "", session);
  EXPECT_EQ(me.body["user"]["name"], "chef");
  EXPECT_EQ(me.body["csrf_token"], csrf);

  // Without the token, with a wrong one, and from another site: refused.
  auto no_token = running->Send("POST", "/api/comments", Comment("vc_varberg"), session);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(no_token.body["error"]["code"], "csrf");
  httplib::Headers wrong_token = session;
  wrong_token.emplace("X-CSRF-Token", std::string(64, 'a'));
  EXPECT_EQ(running->Send("POST", "/api/comments", Comment("vc_varberg"), wrong_token).body["error"]["code"], "csrf");
  httplib::Headers with_token = session;
  with_token.emplace("X-CSRF-Token", csrf);
  httplib::Headers other_site = with_token;
  other_site.emplace("Origin", "https://elak.example");
  EXPECT_EQ(running->Send("POST", "/api/comments", Comment("vc_varberg"), other_site).body["error"]["code"],
            "cross_origin");
  EXPECT_EQ(running->Send("POST", "/api/comments", Comment("vc_varberg"), with_token, "text/plain").status, 415);
  // With it: written, within the manager's units only.
  EXPECT_EQ(running->Send("POST", "/api/comments", Comment("vc_varberg"), with_token).status, 201);
  EXPECT_EQ(running->Send("POST", "/api/comments", Comment("vc_kungsbacka"), with_token).body["error"]["code"],
            "forbidden_unit");

  // Signing out needs the token too, ends the session, and clears the cookie.
  EXPECT_EQ(running->Send("POST", "/api/logout", "", session).status, 403);
  auto out = running->Send("POST", "/api/logout", "", with_token);
  EXPECT_EQ(out.status, 200);
  EXPECT_TRUE(out.body["user"].is_null());
  EXPECT_EQ(running->Send("GET", "/api/info", "", session).status, 401);
  EXPECT_TRUE(running->Send("GET", "/api/me", "", session).body["user"].is_null());
}

// --- Auth on its own, with a clock the test moves -----------------------------------

struct Moved {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  SystemClock Clock() {
    return [this] { return now; };
  }
};

http::Request FromAddress(const std::string& address, const std::string& cookie = "") {
  http::Request req;
  req.remote_address = address;
  if (!cookie.empty()) req.headers.push_back({"Cookie", cookie});
  return req;
}

std::string CookieOf(const Auth::SignedIn& in) { return in.set_cookie.substr(0, in.set_cookie.find(';')); }

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakeStoreBackend(db_.path(), ConfigDir(), "test").ok());
    AddAccount(db_.path(), "anna", store::Role::kController);
    AuthOptions o;
    o.clock = clock_.Clock();
    auto auth = Auth::ForDatabase(db_.path(), o);
    ASSERT_TRUE(auth.ok()) << auth.status().message();
    auth_ = std::move(auth).value();
  }
  std::variant<Auth::SignedIn, api::ApiError> Login(const std::string& name, const std::string& password,
                                                    const std::string& address = "10.0.0.7") {
    int retry = 0;
    auto r = auth_->Login(name, password, FromAddress(address), Lang::kEn, &retry);
    retry_after_ = retry;
    return r;
  }
  std::optional<store::User> Who(const std::string& cookie) {
    auto p = auth_->Identify(FromAddress("10.0.0.7", cookie), Lang::kEn);
    EXPECT_TRUE(std::holds_alternative<Principal>(p));
    return std::holds_alternative<Principal>(p) ? std::get<Principal>(p).user : std::nullopt;
  }

  TempDb db_;
  Moved clock_;
  std::unique_ptr<Auth> auth_;
  int retry_after_ = 0;
};

TEST_F(AuthTest, FailedSignInsAreThrottledPerNameAndPerAddress) {
  for (int i = 0; i < Auth::kMaxFailures; ++i) {
    auto r = Login("anna", "fel lösenord nummer " + std::to_string(i));
    ASSERT_TRUE(std::holds_alternative<api::ApiError>(r));
    EXPECT_EQ(std::get<api::ApiError>(r).code, "login_failed");
  }
  // Now even the right password waits, from this address and from another.
  auto held = Login("anna", kTestPassword);
  ASSERT_TRUE(std::holds_alternative<api::ApiError>(held));
  EXPECT_EQ(std::get<api::ApiError>(held).status, 429);
  EXPECT_EQ(retry_after_, 15 * 60);
  EXPECT_EQ(std::get<api::ApiError>(Login("anna", kTestPassword, "10.0.0.8")).status, 429);
  // The address that failed is held for other names too.
  EXPECT_EQ(std::get<api::ApiError>(Login("berit", "vad som helst här", "10.0.0.7")).status, 429);
  clock_.now += std::chrono::minutes(10);
  auto later = Login("anna", kTestPassword, "10.0.0.8");
  ASSERT_TRUE(std::holds_alternative<api::ApiError>(later));
  EXPECT_EQ(retry_after_, 5 * 60);
  clock_.now += std::chrono::minutes(5);
  EXPECT_TRUE(std::holds_alternative<Auth::SignedIn>(Login("anna", kTestPassword)));
}

TEST_F(AuthTest, SessionsEndWhenIdleOrOldAndWhenTheAccountIsDisabled) {
  auto in = Login("anna", kTestPassword);
  ASSERT_TRUE(std::holds_alternative<Auth::SignedIn>(in));
  const std::string cookie = CookieOf(std::get<Auth::SignedIn>(in));
  ASSERT_TRUE(Who(cookie));
  EXPECT_FALSE(Who("nara_session=" + std::string(64, 'f'))) << "an unknown session is nobody";
  // Used after 7 hours: alive, but not beyond 12 hours since sign-in.
  clock_.now += std::chrono::hours(7);
  EXPECT_TRUE(Who(cookie)) << "7 hours after sign-in";
  clock_.now += std::chrono::hours(5);
  EXPECT_FALSE(Who(cookie)) << "12 hours after sign-in";

  auto again = Login("anna", kTestPassword);
  const std::string second = CookieOf(std::get<Auth::SignedIn>(again));
  clock_.now += Auth::kIdle;
  EXPECT_FALSE(Who(second)) << "8 hours idle";

  auto third = CookieOf(std::get<Auth::SignedIn>(Login("anna", kTestPassword)));
  auto access = store::Access::Open(db_.path());
  ASSERT_TRUE(access.ok());
  ASSERT_TRUE(access->Disable("anna", {"test", ""}).ok());
  EXPECT_TRUE(Who(third)) << "read again only after kRecheck";
  clock_.now += Auth::kRecheck;
  EXPECT_FALSE(Who(third)) << "a disabled account's session ends";
}

// A database that cannot be read for a moment (here: its users table renamed away)
// ends no session and refuses no token that was good; what was never checked is not let
// in; once the database reads again, what it says counts.
TEST_F(AuthTest, AMomentWithoutTheDatabaseEndsNoSessionAndRefusesNoGoodToken) {
  const std::string cookie = CookieOf(std::get<Auth::SignedIn>(Login("anna", kTestPassword)));
  auto access = store::Access::Open(db_.path());
  ASSERT_TRUE(access.ok());
  auto good = access->IssueToken("anna", 90, {"test", ""});
  auto unseen = access->IssueToken("anna", 90, {"test", ""});
  ASSERT_TRUE(good.ok() && unseen.ok());
  auto bearer = [&](const std::string& token) {
    http::Request req = FromAddress("10.0.0.7");
    req.headers.push_back({"Authorization", "Bearer " + token});
    auto p = auth_->Identify(req, Lang::kEn);
    return std::holds_alternative<Principal>(p) && std::get<Principal>(p).user.has_value();
  };
  ASSERT_TRUE(bearer(good->token));

  auto db = store::Database::Open(db_.path(), /*create=*/false);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("ALTER TABLE users RENAME TO users_away").ok());
  clock_.now += Auth::kRecheck;
  EXPECT_TRUE(Who(cookie)) << "the session goes on when its account cannot be read";
  EXPECT_TRUE(bearer(good->token)) << "a good token stays good when it cannot be read again";
  EXPECT_FALSE(bearer(unseen->token)) << "a token never read is not let in";

  ASSERT_TRUE(db->Exec("ALTER TABLE users_away RENAME TO users").ok());
  ASSERT_TRUE(access->Disable("anna", {"test", ""}).ok());
  EXPECT_FALSE(Who(cookie)) << "read again on the next request: the account is disabled";
  EXPECT_FALSE(bearer(good->token));
}

TEST_F(AuthTest, TheProxysHeaderIsTrustedFromTheProxyOnly) {
  AuthOptions o;
  o.auth_header = "X-Remote-User";
  o.trusted_proxies = {"10.0.0.1"};
  o.clock = clock_.Clock();
  auto proxied = Auth::ForDatabase(db_.path(), o);
  ASSERT_TRUE(proxied.ok());
  Auth& auth = **proxied;
  EXPECT_EQ(auth.kind(), SignIn::kProxy);
  http::Request req = FromAddress("10.0.0.1");
  req.headers.push_back({"X-Remote-User", "anna"});
  auto p = auth.Identify(req, Lang::kSv);
  ASSERT_TRUE(std::holds_alternative<Principal>(p));
  const Principal& anna = std::get<Principal>(p);
  EXPECT_EQ(anna.user->name, "anna");
  EXPECT_EQ(anna.csrf_token, auth.ProxyCsrf("anna"));
  EXPECT_FALSE(auth.CsrfOk(anna, req)) << "a browser behind the proxy still needs the token";
  req.headers.push_back({"X-CSRF-Token", anna.csrf_token});
  EXPECT_TRUE(auth.CsrfOk(anna, req));

  http::Request spoofed = FromAddress("10.0.0.66");
  spoofed.headers.push_back({"X-Remote-User", "anna"});
  auto refused = auth.Identify(spoofed, Lang::kEn);
  ASSERT_TRUE(std::holds_alternative<api::ApiError>(refused));
  EXPECT_EQ(std::get<api::ApiError>(refused).code, "proxy_untrusted");
  http::Request stranger = FromAddress("10.0.0.1");
  stranger.headers.push_back({"X-Remote-User", "okänd"});
  EXPECT_EQ(std::get<api::ApiError>(auth.Identify(stranger, Lang::kEn)).code, "proxy_unknown_user");
  auto none = auth.Identify(FromAddress("10.0.0.1"), Lang::kEn);
  EXPECT_FALSE(std::get<Principal>(none).user) << "no header: nobody";
}

TEST(MayWriteForTest, AUnitManagerWritesForItsSubtreesOnly) {
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(ConfigDir(), &problems);
  ASSERT_TRUE(problems.empty());
  const model::OrgTree& tree = config.tree;
  store::User manager{1, "chef", store::Role::kUnitManager, {"vc_varberg"}};
  EXPECT_TRUE(MayWriteFor(manager, tree, tree.Find("vc_varberg")));
  EXPECT_TRUE(MayWriteFor(manager, tree, tree.Find("vc_varberg_filial_breared")));
  EXPECT_FALSE(MayWriteFor(manager, tree, tree.Find("vc_kungsbacka")));
  EXPECT_FALSE(MayWriteFor(manager, tree, tree.Find("vch"))) << "not the parent";
  EXPECT_FALSE(MayWriteFor(manager, tree, -1));
  store::User reader{2, "läsare", store::Role::kReader, {}};
  EXPECT_FALSE(MayWriteFor(reader, tree, tree.Find("vc_varberg")));
  store::User controller{3, "kontroller", store::Role::kController, {}};
  EXPECT_TRUE(MayWriteFor(controller, tree, tree.Find("vc_kungsbacka")));
}

}  // namespace
}  // namespace nara::serve
