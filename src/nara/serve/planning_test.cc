// Planering over HTTP (docs/api.md "Planering"): runs started, polled, read and
// cancelled; who may; the errors; the geography and a proposal checked against a
// second computation from the answers themselves; a proposal saved as a scenario.
// Every answer is checked against the OpenAPI document.
#include "nara/serve/planning.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "nara/plan/scenario.h"
#include "nara/serve/api_test_util.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

// A database and a copy of the configuration (proposals are written into its
// scenarios/), removed at the end.
class PlanDir {
 public:
  PlanDir() {
    dir_ = fs::temp_directory_path() / ("nara-planning-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(dir_);
    fs::copy(ConfigDir(), dir_ / "config", fs::copy_options::recursive);
  }
  ~PlanDir() { fs::remove_all(dir_); }
  std::string db() const { return (dir_ / "nara.db").string(); }
  std::string config() const { return (dir_ / "config").string(); }

 private:
  fs::path dir_;
};

std::unique_ptr<Running> Serve(const PlanDir& dir) {
  auto backend = MakeStoreBackend(dir.db(), dir.config(), "test");
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  auto comments = MakeSqliteCommentStore(dir.db());
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  return std::make_unique<Running>(std::move(backend).value(), std::move(comments).value(), "", AuthOptions{},
                                   dir.config());
}

// Polls the run until it has ended (or two minutes pass); its last answer.
json WaitFor(Running& running, const httplib::Headers& who, int64_t id) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < until) {
    auto runs = running.Send("GET", "/api/planning/runs", "", who);
    for (const json& r : runs.body["runs"]) {
      if (r["id"] == id && r["state"] != "queued" && r["state"] != "running") return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "run " << id << " did not end";
  return nullptr;
}

std::string Body(const std::string& scenario, int first, int last, int runs, double scale) {
  return json{{"scenario", scenario}, {"first_year", first}, {"last_year", last}, {"runs", runs}, {"scale", scale}}
      .dump();
}

TEST(PlanningApiTest, ARunFromTheApiGivesTheFiguresOfTheSameRunDirectly) {
  PlanDir dir;
  auto running = Serve(dir);
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(dir.db(), "kontroller", store::Role::kController));
  const auto reader = Bearer(AddAccount(dir.db(), "lasare", store::Role::kReader));

  auto overview = running->Send("GET", "/api/planning", "", ctl);
  ASSERT_EQ(overview.status, 200) << overview.body.dump();
  EXPECT_EQ(overview.body["may_run"], true);
  EXPECT_EQ(overview.body["years"], (json{{"first", 2025}, {"last", 2030}}));
  std::vector<std::string> ids;
  for (const json& s : overview.body["scenarios"]) ids.push_back(s["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"baseline", "digitalt_forst", "farre_hander", "kvallsoppen_telefon",
                                           "lordagsoppet", "mobila_team", "ny_vardcentral_halmstad"}));
  EXPECT_EQ(running->Send("GET", "/api/planning", "", reader).body["may_run"], false);
  EXPECT_EQ(running->Send("POST", "/api/planning/runs", Body("baseline", 2025, 2025, 2, 0.02), reader).status, 403);

  auto started = running->Send("POST", "/api/planning/runs", Body("farre_hander", 2025, 2026, 2, 0.02), ctl);
  ASSERT_EQ(started.status, 202) << started.body.dump();
  EXPECT_EQ(started.body["name"], "Färre händer");
  EXPECT_EQ(started.body["by"], "kontroller");
  EXPECT_EQ(started.body["runs_done"], 0);
  const int64_t id = started.body["id"];
  json done = WaitFor(*running, ctl, id);
  ASSERT_EQ(done["state"], "done") << done.dump();
  EXPECT_EQ(done["runs_done"], 2);
  EXPECT_FALSE(done["finished"].is_null());

  // The same scenario run here, apart from the server: the same figures.
  auto scenario = plan::LoadScenario(dir.config() + "/scenarios/farre_hander.toml");
  ASSERT_TRUE(scenario.ok());
  plan::RunOptions o;
  o.first_year = 2025;
  o.last_year = 2026;
  o.runs = 2;
  o.scale = 0.02;
  auto direct = plan::RunScenario(dir.config(), *scenario, o);
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  for (const char* indicator : {"phone_same_day", "assessment_3_days"}) {
    auto answer = running->Send(
        "GET", "/api/planning/results?run=" + std::to_string(id) + "&indicator=" + indicator, "", reader);
    ASSERT_EQ(answer.status, 200) << answer.body.dump();
    EXPECT_EQ(answer.body["unit"], "nsh");
    ASSERT_EQ(answer.body["rows"].size(), 2u);
    for (const json& row : answer.body["rows"]) {
      const plan::ResultRow* want = nullptr;
      for (const plan::ResultRow& r : direct->rows) {
        if (r.year == row["year"] && r.indicator == indicator && r.unit_id == "nsh") want = &r;
      }
      ASSERT_NE(want, nullptr);
      EXPECT_DOUBLE_EQ(row["median"].get<double>(), want->median) << indicator << " " << row["year"];
      EXPECT_DOUBLE_EQ(row["p10"].get<double>(), want->p10);
      EXPECT_DOUBLE_EQ(row["p90"].get<double>(), want->p90);
      EXPECT_LE(row["p10"].get<double>(), row["median"].get<double>());
      EXPECT_LE(row["median"].get<double>(), row["p90"].get<double>());
      EXPECT_EQ(row["status"], want->status);
    }
  }
  // The CSV is results.csv as nara plan run writes it.
  httplib::Client client("127.0.0.1", running->port());
  client.set_default_headers(ctl);
  auto csv = client.Get("/api/planning/results.csv?run=" + std::to_string(id));
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  std::ostringstream want_csv;
  direct->scenario = scenario->name;
  plan::WriteResultsCsv(*direct, want_csv);
  EXPECT_EQ(csv->body, want_csv.str());

  // The errors, in the reader's language, each with its code.
  auto code = [&](const std::string& method, const std::string& target, const std::string& body) {
    auto a = running->Send(method, target, body, ctl);
    return std::to_string(a.status) + " " + a.body["error"].value("code", "");
  };
  EXPECT_EQ(code("POST", "/api/planning/runs", Body("inget", 2025, 2025, 1, 0.02)), "400 unknown_scenario");
  EXPECT_EQ(code("POST", "/api/planning/runs", Body("baseline", 2025, 2036, 1, 0.02)), "400 plan_years");
  EXPECT_EQ(code("POST", "/api/planning/runs", Body("baseline", 2026, 2025, 1, 0.02)), "400 plan_years");
  EXPECT_EQ(code("POST", "/api/planning/runs", Body("baseline", 2025, 2025, 0, 0.02)), "400 plan_runs");
  EXPECT_EQ(code("POST", "/api/planning/runs", Body("baseline", 2025, 2025, 1, 3)), "400 plan_scale");
  EXPECT_EQ(code("POST", "/api/planning/runs", "[1]"), "400 body_not_json_object");
  EXPECT_EQ(code("GET", "/api/planning/results?run=99&indicator=phone_same_day", ""), "404 unknown_plan_run");
  EXPECT_EQ(code("GET", "/api/planning/results?run=" + std::to_string(id) + "&indicator=x", ""), "400 unknown_indicator");
  EXPECT_EQ(code("GET", "/api/planning/results?run=" + std::to_string(id) + "&indicator=phone_same_day&unit=x", ""),
            "400 unknown_unit");
  EXPECT_EQ(code("POST", "/api/planning/runs/cancel", json{{"id", id}}.dump()), "409 plan_run_finished");
  auto en = running->Send("POST", "/api/planning/runs?lang=en", Body("inget", 2025, 2025, 1, 0.02), ctl);
  EXPECT_EQ(en.body["error"]["message"], "unknown scenario 'inget'");
}

TEST(PlanningApiTest, AQueuedRunIsCancelledAtOnceARunningOneBetweenItsSimulations) {
  PlanDir dir;
  auto running = Serve(dir);
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(dir.db(), "kontroller", store::Role::kController));
  auto first = running->Send("POST", "/api/planning/runs", Body("baseline", 2025, 2026, 20, 0.05), ctl);
  auto second = running->Send("POST", "/api/planning/runs", Body("baseline", 2025, 2025, 1, 0.02), ctl);
  ASSERT_EQ(first.status, 202);
  ASSERT_EQ(second.status, 202);
  EXPECT_EQ(second.body["state"], "queued");
  auto cancelled = running->Send("POST", "/api/planning/runs/cancel", json{{"id", second.body["id"]}}.dump(), ctl);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body.dump();
  EXPECT_EQ(cancelled.body["state"], "cancelled");
  auto asked = running->Send("POST", "/api/planning/runs/cancel", json{{"id", first.body["id"]}}.dump(), ctl);
  ASSERT_EQ(asked.status, 200) << asked.body.dump();
  EXPECT_EQ(asked.body["cancel_requested"], true);
  json stopped = WaitFor(*running, ctl, first.body["id"]);
  EXPECT_EQ(stopped["state"], "cancelled");
  EXPECT_LT(stopped["runs_done"].get<int>(), 20);
  // Newest first.
  auto runs = running->Send("GET", "/api/planning/runs", "", ctl);
  ASSERT_EQ(runs.body["runs"].size(), 2u);
  EXPECT_EQ(runs.body["runs"][0]["id"], second.body["id"]);
  EXPECT_EQ(running->Send("GET", "/api/planning/results?run=" + std::to_string(first.body["id"].get<int>()) +
                                     "&indicator=phone_same_day",
                          "", ctl)
                .status,
            400);
}

// The geography's coverage is the cells' own: the share of the residents within 10 km,
// summed from the cells of the answer, is the region's; a proposal's mean distance
// after is the cells' distance to the nearer of their unit and the proposed one.
TEST(PlanningApiTest, GeographyAndProposalAgreeWithTheirCells) {
  PlanDir dir;
  auto running = Serve(dir);
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(dir.db(), "kontroller", store::Role::kController));
  auto geo = running->Send("GET", "/api/planning/geography?year=2024", "", ctl);
  ASSERT_EQ(geo.status, 200) << geo.body.dump().substr(0, 400);
  const json& cells = geo.body["cells"];
  const size_t n = cells["e"].size();
  ASSERT_GT(n, 4000u);
  double residents = 0, within_10 = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = cells["residents"][i];
    residents += r;
    if (!cells["km_health_centre"][i].is_null() && cells["km_health_centre"][i].get<double>() <= 10) within_10 += r;
  }
  const json* region = nullptr;
  for (const json& c : geo.body["coverage"]) {
    if (c["area"] == "Halland" && c["nearest"] == "health_centre") region = &c;
  }
  ASSERT_NE(region, nullptr);
  EXPECT_NEAR((*region)["residents"].get<double>(), residents, 1.0);
  EXPECT_NEAR((*region)["within"][1].get<double>(), within_10 / residents, 0.002);
  EXPECT_EQ(geo.body["municipalities"].size(), 6u);
  EXPECT_GT(geo.body["sites"].size(), 30u);
  // Kept per year: asked again, the same answer; another year its own.
  auto geo_again = running->Send("GET", "/api/planning/geography?year=2024&lang=en", "", ctl);
  EXPECT_EQ(geo_again.body, geo.body);
  auto other = running->Send("GET", "/api/planning/geography?year=2030", "", ctl);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body["year"], 2030);
  EXPECT_NE(other.body["cells"]["residents"], geo.body["cells"]["residents"]);

  auto proposal = running->Send("GET", "/api/planning/locate?k=1&kind=health_centre&objective=distance&year=2024", "", ctl);
  ASSERT_EQ(proposal.status, 200) << proposal.body.dump();
  ASSERT_EQ(proposal.body["units"].size(), 1u);
  const double pe = proposal.body["units"][0]["e"], pn = proposal.body["units"][0]["n"];
  const double factor = geo.body["factor"];
  double before = 0, after = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = cells["residents"][i];
    if (r < 1) continue;  // the demand of the location model: populated cells
    const double km = cells["km_health_centre"][i];
    const double de = cells["e"][i].get<double>() + 500 - pe, dn = cells["n"][i].get<double>() + 500 - pn;
    before += r * km;
    after += r * std::min(km, std::hypot(de, dn) * factor / 1000);
  }
  double populated = 0;
  for (size_t i = 0; i < n; ++i) populated += cells["residents"][i].get<double>() >= 1 ? cells["residents"][i].get<double>() : 0;
  EXPECT_NEAR(proposal.body["before"]["mean_km"].get<double>(), before / populated, 0.02);
  EXPECT_NEAR(proposal.body["after"]["mean_km"].get<double>(), after / populated, 0.02);
  EXPECT_LT(proposal.body["after"]["mean_km"].get<double>(), proposal.body["before"]["mean_km"].get<double>());
  EXPECT_EQ(running->Send("GET", "/api/planning/locate?k=4", "", ctl).status, 400);
  EXPECT_EQ(running->Send("GET", "/api/planning/locate?kind=hus", "", ctl).status, 400);

  // Saved as a scenario: listed, and runnable; a second save gets a name of its own.
  const std::string ask = json{{"k", 1}, {"kind", "health_centre"}, {"objective", "distance"}, {"year", 2024},
                               {"opens", "2026-01-01"}}
                              .dump();
  auto saved = running->Send("POST", "/api/planning/scenarios", ask, ctl);
  ASSERT_EQ(saved.status, 201) << saved.body.dump();
  EXPECT_EQ(saved.body["name"], "Förslag: 1 ny vårdcentral");
  auto again = running->Send("POST", "/api/planning/scenarios", ask, ctl);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.body["id"], saved.body["id"].get<std::string>() + "_2");
  auto listed = running->Send("GET", "/api/planning", "", ctl);
  int found = 0;
  for (const json& s : listed.body["scenarios"]) found += s["id"] == saved.body["id"] || s["id"] == again.body["id"];
  EXPECT_EQ(found, 2);
  auto scenario = plan::LoadScenario(dir.config() + "/scenarios/" + saved.body["id"].get<std::string>() + ".toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().message();
  EXPECT_NE(scenario->units_toml.find("valid_from = 2026-01-01"), std::string::npos) << scenario->units_toml;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// The backcast the page shows is the simulator's (sim::Backcast): six figures of 2023,
// each within what the model holds, labelled in the language asked for.
TEST(PlanningApiTest, BackcastIsTheSimulatorsAndHoldsItsTolerance) {
  if (kSanitized) GTEST_SKIP() << "two years at scale 1 take minutes under the sanitizer; the debug suite runs it";
  PlanDir dir;
  auto running = Serve(dir);
  ASSERT_TRUE(running->ok());
  const auto reader = Bearer(AddAccount(dir.db(), "lasare", store::Role::kReader));
  auto sv = running->Send("GET", "/api/planning/backcast", "", reader);
  ASSERT_EQ(sv.status, 200) << sv.body.dump();
  ASSERT_EQ(sv.body["rows"].size(), 6u);
  EXPECT_EQ(sv.body["rows"][0]["label"], "Telefonkontakt samma dag 2023, Vårdcentralen Halland (%)");
  EXPECT_EQ(sv.body["rows"][0]["seed"], 95.2);
  for (const json& r : sv.body["rows"]) {
    EXPECT_TRUE(r["held"].get<bool>()) << r.dump();
    const double error = r["share"].get<bool>() ? r["backcast"].get<double>() - r["seed"].get<double>()
                                                : 100 * (r["backcast"].get<double>() / r["seed"].get<double>() - 1);
    EXPECT_NEAR(r["error"].get<double>(), error, 0.01) << r.dump();
  }
  // Kept: the second answer is the first, in English now.
  auto en = running->Send("GET", "/api/planning/backcast?lang=en", "", reader);
  ASSERT_EQ(en.status, 200);
  EXPECT_EQ(en.body["rows"][0]["label"], "Phone contact the same day 2023, Vårdcentralen Halland (%)");
  EXPECT_EQ(en.body["rows"][0]["backcast"], sv.body["rows"][0]["backcast"]);
}

}  // namespace
}  // namespace nara::serve
