// The internal-control register over HTTP (docs/api.md "Intern kontroll"): the GET's
// shape and order, each POST, their errors, the CSV import, the audit trail, and the
// server without a database. Every answer is checked against the OpenAPI document.
#include "nara/serve/internal_control.h"

#include <gtest/gtest.h>

#include "nara/serve/api_test_util.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

class IcDb {
 public:
  IcDb() {
    dir_ = fs::temp_directory_path() / ("nara-ic-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(dir_);
  }
  ~IcDb() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "nara.db").string(); }

 private:
  fs::path dir_;
};

std::unique_ptr<Running> ServeDb(const std::string& db) {
  auto backend = MakeStoreBackend(db, ConfigDir(), "test");
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  auto comments = MakeSqliteCommentStore(db);
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  return std::make_unique<Running>(std::move(backend).value(), std::move(comments).value());
}

std::string Risk(const std::string& title, int p, int c, bool prioritised = false) {
  return json{{"year", 2024},   {"unit", "nsh"},  {"title", title},
              {"description", "Beskrivning av " + title},
              {"probability", p}, {"consequence", c}, {"owner", "Förvaltningschef"},
              {"board_prioritised", prioritised}}
      .dump();
}

// A count straight from the database, apart from the server's reading.
int64_t Count(const std::string& db, const std::string& sql) {
  auto d = store::Database::Open(db, /*create=*/false);
  EXPECT_TRUE(d.ok());
  auto n = d->QueryInt(sql);
  EXPECT_TRUE(n.ok()) << n.status().message();
  return n.ok() ? *n : -1;
}

constexpr const char* kHeader =
    "risk_title;unit_id;risk_description;probability;consequence;owner;board_prioritised;control_what;"
    "control_how;frequency;responsible;result_T1;text_T1;result_T2;text_T2;result_T3;text_T3\n";

TEST(InternalControlApiTest, RegisterWrittenReadAndRemoved) {
  IcDb db;
  auto running = ServeDb(db.path());
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(db.path(), "kontroller", store::Role::kController));
  const auto reader = Bearer(AddAccount(db.path(), "lasare", store::Role::kReader));

  auto empty = running->Send("GET", "/api/internal-control?year=2024", "", ctl);
  ASSERT_EQ(empty.status, 200) << empty.body.dump();
  EXPECT_EQ(empty.body["year"], 2024);
  EXPECT_EQ(empty.body["periods"], json::array({"2024-T1", "2024-T2", "2024-T3"}));
  EXPECT_EQ(empty.body["may_edit"], true);
  EXPECT_EQ(empty.body["risks"], json::array());
  EXPECT_EQ(running->Send("GET", "/api/internal-control?year=2024", "", reader).body["may_edit"], false);

  // Three risks: values 6, 12 and 6; the GET lists 12 first, then the sixes by id.
  auto a = running->Send("POST", "/api/internal-control/risks", Risk("Lokaler", 2, 3), ctl);
  ASSERT_EQ(a.status, 201) << a.body.dump();
  EXPECT_EQ(a.body["risk_value"], 6);
  EXPECT_EQ(a.body["unit"]["id"], "nsh");
  EXPECT_EQ(a.body["unit"]["name"], "Närsjukvården Halland");
  EXPECT_EQ(a.body["controls"], json::array());
  auto b = running->Send("POST", "/api/internal-control/risks", Risk("Kompetensförsörjning", 4, 3, true), ctl);
  ASSERT_EQ(b.status, 201);
  auto c = running->Send("POST", "/api/internal-control/risks", Risk("Ekonomi i balans", 3, 2), ctl);
  ASSERT_EQ(c.status, 201);
  const int64_t ida = a.body["id"], idb = b.body["id"], idc = c.body["id"];

  // A control with two results; the second of a period replaces the first.
  auto ctrl = running->Send("POST", "/api/internal-control/controls",
                            json{{"risk_id", idb}, {"what", "Uppföljning av bemanning"},
                                 {"how", "Genomgång av bemanningsplaner"}, {"frequency", "tertial"},
                                 {"responsible", "HR-chef"}}
                                .dump(),
                            ctl);
  ASSERT_EQ(ctrl.status, 201) << ctrl.body.dump();
  const int64_t control = ctrl.body["id"];
  EXPECT_EQ(ctrl.body["risk_id"], idb);
  auto r1 = running->Send("POST", "/api/internal-control/results",
                          json{{"control_id", control}, {"period", "2024-T1"}, {"outcome", "done"}}.dump(), ctl);
  ASSERT_EQ(r1.status, 201) << r1.body.dump();
  EXPECT_EQ(r1.body["by"], "kontroller");
  EXPECT_EQ(r1.body["outcome_text"], "Genomförd");
  auto r2 = running->Send("POST", "/api/internal-control/results",
                          json{{"control_id", control}, {"period", "2024-T2"}, {"outcome", "deviation"},
                               {"text", "Två enheter saknar plan"}}
                              .dump(),
                          ctl);
  ASSERT_EQ(r2.status, 201);
  auto r1b = running->Send("POST", "/api/internal-control/results",
                           json{{"control_id", control}, {"period", "2024-T1"}, {"outcome", "not_done"},
                                {"text", "Hanns inte"}}
                               .dump(),
                           ctl);
  ASSERT_EQ(r1b.status, 201);

  auto reg = running->Send("GET", "/api/internal-control?year=2024", "", reader);
  ASSERT_EQ(reg.status, 200);
  ASSERT_EQ(reg.body["risks"].size(), 3u);
  std::vector<int64_t> order;
  for (const json& r : reg.body["risks"]) order.push_back(r["id"]);
  EXPECT_EQ(order, (std::vector<int64_t>{idb, std::min(ida, idc), std::max(ida, idc)}));
  const json& top = reg.body["risks"][0];
  EXPECT_EQ(top["risk_value"], top["probability"].get<int>() * top["consequence"].get<int>());
  EXPECT_EQ(top["board_prioritised"], true);
  ASSERT_EQ(top["controls"].size(), 1u);
  const json& results = top["controls"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["period"], "2024-T1");
  EXPECT_EQ(results[0]["outcome"], "not_done");
  EXPECT_EQ(results[0]["outcome_text"], "Ej genomförd");
  EXPECT_EQ(results[0]["text"], "Hanns inte");
  EXPECT_EQ(results[1]["outcome_text"], "Avvikelse");
  auto en = running->Send("GET", "/api/internal-control?year=2024&lang=en", "", reader);
  EXPECT_EQ(en.body["risks"][0]["controls"][0]["results"][1]["outcome_text"], "Deviation found");
  EXPECT_EQ(en.body["risks"][0]["controls"][0]["results"][0]["outcome_text"], "Not done");
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_results"), 2);

  // A change keeps what is left out; the new value moves the risk first.
  auto changed = running->Send("POST", "/api/internal-control/risks",
                               json{{"id", ida}, {"probability", 4}, {"consequence", 4}}.dump(), ctl);
  ASSERT_EQ(changed.status, 201) << changed.body.dump();
  EXPECT_EQ(changed.body["title"], "Lokaler");
  EXPECT_EQ(changed.body["risk_value"], 16);
  EXPECT_EQ(running->Send("GET", "/api/internal-control?year=2024", "", ctl).body["risks"][0]["id"], ida);

  // The errors.
  auto expect_error = [&running, &ctl](const char* path, const json& body, int status, const char* code) {
    auto e = running->Send("POST", path, body.dump(), ctl);
    EXPECT_EQ(e.status, status) << path << " " << body.dump() << " → " << e.body.dump();
    EXPECT_EQ(e.body["error"]["code"], code) << e.body.dump();
  };
  expect_error("/api/internal-control/results",
               {{"control_id", control}, {"period", "2024-T2"}, {"outcome", "deviation"}, {"text", "  "}}, 400,
               "text_required");
  expect_error("/api/internal-control/results", {{"control_id", control}, {"period", "2024-T3"}, {"outcome", "not_done"}},
               400, "text_required");
  expect_error("/api/internal-control/results", {{"control_id", control}, {"period", "2023-T3"}, {"outcome", "done"}},
               400, "period_not_in_register");
  expect_error("/api/internal-control/results", {{"control_id", control}, {"period", "2024-T1"}, {"outcome", "ok"}},
               400, "bad_outcome");
  expect_error("/api/internal-control/results", {{"control_id", 9999}, {"period", "2024-T1"}, {"outcome", "done"}},
               404, "control_not_found");
  expect_error("/api/internal-control/risks", json::parse(Risk("X", 5, 1)), 400, "out_of_range");
  expect_error("/api/internal-control/risks", json::parse(Risk("X", 1, 0)), 400, "out_of_range");
  expect_error("/api/internal-control/risks", {{"id", 9999}, {"title", "X"}}, 404, "risk_not_found");
  expect_error("/api/internal-control/risks", {{"id", 9999}, {"remove", true}}, 404, "risk_not_found");
  json unknown_unit = json::parse(Risk("X", 1, 1));
  unknown_unit["unit"] = "ingen_enhet";
  expect_error("/api/internal-control/risks", unknown_unit, 400, "unknown_unit");
  json no_title = json::parse(Risk("X", 1, 1));
  no_title.erase("title");
  expect_error("/api/internal-control/risks", no_title, 400, "field_required");
  expect_error("/api/internal-control/controls", {{"risk_id", 9999}, {"what", "x"}, {"frequency", "tertial"}}, 404,
               "risk_not_found");
  expect_error("/api/internal-control/controls", {{"risk_id", idb}, {"what", "x"}, {"frequency", "weekly"}}, 400,
               "bad_frequency");
  expect_error("/api/internal-control/controls", {{"id", 9999}, {"remove", true}}, 404, "control_not_found");
  auto english = running->Send("POST", "/api/internal-control/results?lang=en",
                               json{{"control_id", control}, {"period", "2024-T3"}, {"outcome", "deviation"}}.dump(),
                               ctl);
  EXPECT_EQ(english.body["error"]["message"], "the outcome 'Deviation found' needs a text saying what happened");
  EXPECT_EQ(running->Send("POST", "/api/internal-control/risks", Risk("X", 1, 1), ctl, "text/plain").status, 415);

  // Removals: the control with its results, the risk with its controls.
  auto second = running->Send("POST", "/api/internal-control/controls",
                              json{{"risk_id", idb}, {"what", "Rekrytering"}, {"frequency", "yearly"}}.dump(), ctl);
  ASSERT_EQ(second.status, 201);
  auto gone = running->Send("POST", "/api/internal-control/controls",
                            json{{"id", second.body["id"]}, {"remove", true}}.dump(), ctl);
  EXPECT_EQ(gone.status, 200) << gone.body.dump();
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_controls"), 1);
  auto removed = running->Send("POST", "/api/internal-control/risks", json{{"id", idb}, {"remove", true}}.dump(), ctl);
  EXPECT_EQ(removed.status, 200) << removed.body.dump();
  EXPECT_EQ(removed.body["controls"], 1);
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_controls"), 0);
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_results"), 0);
  EXPECT_EQ(running->Send("GET", "/api/internal-control?year=2024", "", ctl).body["risks"].size(), 2u);

  // Every change an audit entry by the signed-in user from the client's address.
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM audit WHERE action LIKE 'ic_%' AND by = 'kontroller' AND "
                             "client = '127.0.0.1'"),
            3 + 1 + 3 + 1 + 1 + 1 + 1);  // risks, change, results, 2 controls, 2 removals
}

TEST(InternalControlApiTest, CsvImportWholeOrNothing) {
  IcDb db;
  auto running = ServeDb(db.path());
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(db.path(), "kontroller", store::Role::kController));
  const std::string csv = std::string(kHeader) +
                          "Kompetensförsörjning;nsh;Brist;4;3;Chef;ja;Bemanning;;tertial;HR;done;;deviation;Text;;\n"
                          "Kompetensförsörjning;nsh;Brist;4;3;Chef;ja;Rekrytering;;yearly;HR;;;;;;\n"
                          "Lokaler;nsh;;2;2;Chef;nej;;;;;;;;;;\n";
  auto in = running->Send("POST", "/api/internal-control/import?year=2024", csv, ctl, "text/csv");
  ASSERT_EQ(in.status, 200) << in.body.dump();
  EXPECT_EQ(in.body, (json{{"year", 2024}, {"risks", 2}, {"controls", 2}, {"results", 2}}));
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_results"), 2);

  auto again = running->Send("POST", "/api/internal-control/import?year=2024", csv, ctl, "text/csv");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["error"]["code"], "register_exists");

  const std::string bad = std::string(kHeader) +
                          "Lokaler;nsh;;2;2;Chef;nej;;;;;;;;;;\n"
                          "Ekonomi;nsh;;2;9;Chef;nej;Budget;;monthly;Ekonom;;;;;;\n";
  auto refused = running->Send("POST", "/api/internal-control/import?year=2024&replace=1", bad, ctl, "text/csv");
  ASSERT_EQ(refused.status, 400) << refused.body.dump();
  ASSERT_EQ(refused.body["error"]["problems"].size(), 1u);
  EXPECT_EQ(refused.body["error"]["problems"][0]["line"], 3);
  EXPECT_EQ(refused.body["error"]["problems"][0]["field"], "consequence");
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_risks"), 2) << "nothing of the refused file is stored";

  auto replaced = running->Send("POST", "/api/internal-control/import?year=2024&replace=1",
                                std::string(kHeader) + "Lokaler;nsh;;2;2;Chef;nej;;;;;;;;;;\n", ctl, "text/csv");
  EXPECT_EQ(replaced.status, 200);
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_risks"), 1);
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM ic_controls"), 0);
  EXPECT_EQ(Count(db.path(), "SELECT COUNT(*) FROM audit WHERE action = 'ic_imported'"), 2);
}

// The board report the API makes reads the register of its period's year: the
// board-prioritised risk and the one of value 9 or more, not the one of 6.
TEST(InternalControlApiTest, TheApisBoardReportShowsTheRegister) {
  IcDb db;
  auto running = ServeDb(db.path());
  ASSERT_TRUE(running->ok());
  const auto ctl = Bearer(AddAccount(db.path(), "kontroller", store::Role::kController));
  running->SetHeaders(ctl);
  ASSERT_EQ(running->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv")).first, 201);
  for (const std::string& body : {Risk("Styrelsens risk", 1, 2, true), Risk("Hög risk", 3, 3), Risk("Låg risk", 2, 3)}) {
    ASSERT_EQ(running->Send("POST", "/api/internal-control/risks", body, ctl).status, 201);
  }
  auto client = running->NewClient();
  auto report = client->Get("/api/report?period=2024-T1");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200);
  const std::string& html = report->body;
  const size_t at = html.find("id=\"intern-kontroll\"");
  ASSERT_NE(at, std::string::npos);
  const std::string section = html.substr(at, html.find("</section>", at) - at);
  size_t rows = 0;
  for (size_t i = section.find("<tr data-risk="); i != std::string::npos; i = section.find("<tr data-risk=", i + 1)) ++rows;
  EXPECT_EQ(rows, 2u) << section;
  EXPECT_NE(section.find("Hög risk"), std::string::npos);
  EXPECT_NE(section.find("Styrelsens risk"), std::string::npos);
  EXPECT_EQ(section.find("Låg risk"), std::string::npos);
}

// A server on a folder of extracts keeps the register in memory: it reads (an empty
// register), and takes no change, having no accounts.
TEST(InternalControlApiTest, ServerWithoutDatabase) {
  Running running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore());
  ASSERT_TRUE(running.ok());
  auto reg = running.Send("GET", "/api/internal-control?year=2024");
  ASSERT_EQ(reg.status, 200) << reg.body.dump();
  EXPECT_EQ(reg.body["risks"], json::array());
  EXPECT_EQ(reg.body["may_edit"], false);
  EXPECT_EQ(running.Send("GET", "/api/internal-control?year=1990").status, 400);
  EXPECT_EQ(running.Send("GET", "/api/internal-control").status, 400);
  EXPECT_EQ(running.Send("POST", "/api/internal-control/risks", Risk("X", 1, 1)).status, 409);
  EXPECT_EQ(running.Send("POST", "/api/internal-control/import?year=2024", kHeader, {}, "text/csv").status, 409);
}

}  // namespace
}  // namespace nara::serve
