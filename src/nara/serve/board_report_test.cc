// The board report over the API: its texts written as comments of kind "section",
// the preview and the downloads, issuing (controllers and admins), and the figures an
// issued report showed compared with the figures after a later import.
#include "nara/serve/board_report.h"

#include <gtest/gtest.h>

#include <fstream>

#include "nara/export/xlsx_test_reader.h"
#include "nara/serve/api_test_util.h"
#include "nara/serve/uploads.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

class ReportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nara-report-api-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    db_ = (dir_ / "nara.db").string();
    auto backend = MakeStoreBackend(db_, ConfigDir(), "test");
    ASSERT_TRUE(backend.ok()) << backend.status().message();
    auto comments = MakeSqliteCommentStore(db_);
    ASSERT_TRUE(comments.ok());
    running_ = std::make_unique<Running>(std::move(backend).value(), std::move(comments).value());
    controller_ = Bearer(AddAccount(db_, "kontroller", store::Role::kController));
    reader_ = Bearer(AddAccount(db_, "lasare", store::Role::kReader));
    running_->SetHeaders(controller_);
    ASSERT_EQ(running_->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv")).first, 201);
  }
  void TearDown() override {
    running_.reset();
    fs::remove_all(dir_);
  }
  // A GET whose answer is a file, not JSON.
  httplib::Result Raw(const std::string& target, const httplib::Headers& headers) {
    auto client = running_->NewClient();
    return client->Get(target, headers);
  }

  fs::path dir_;
  std::string db_;
  std::unique_ptr<Running> running_;
  httplib::Headers controller_, reader_;
};

TEST_F(ReportApiTest, TextsPreviewDownloadIssueAndWhatChangedSince) {
  // The summary's text, written in nara, kept with who wrote it.
  auto text = running_->PostJson("/api/comments", R"({"subject_kind":"section","subject_id":"sammanfattning",
      "unit":"nsh","period":"2024-T1","text":"Fokus: tillgängligheten i telefon."})");
  ASSERT_EQ(text.first, 201) << text.second.dump();
  EXPECT_EQ(text.second["comment"]["author"], "kontroller");
  auto unknown = running_->PostJson("/api/comments", R"({"subject_kind":"section","subject_id":"slutord",
      "unit":"nsh","period":"2024-T1","text":"x"})");
  EXPECT_EQ(unknown.first, 400);
  EXPECT_EQ(unknown.second["error"]["code"], "unknown_section");

  // The preview: the report with the text, framed only by nara's own pages.
  auto preview = Raw("/api/report?period=2024-T1", reader_);
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body.substr(0, 300);
  EXPECT_EQ(preview->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(preview->get_header_value("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_NE(preview->body.find("Fokus: tillgängligheten i telefon."), std::string::npos);
  EXPECT_NE(preview->body.find("Sammanfattning"), std::string::npos);
  EXPECT_NE(preview->body.find("version 1 (SHA-256 "), std::string::npos) << "the configuration on the title page";
  httplib::Client nobody("127.0.0.1", running_->port());
  EXPECT_EQ(nobody.Get("/api/report?period=2024-T1")->status, 401);
  EXPECT_EQ(Raw("/api/report?period=2024-T4", reader_)->status, 400);

  // The workbook as a download.
  auto xlsx = Raw("/api/report/file?format=xlsx&period=2024-T1", reader_);
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  // (The client decodes the percent-escapes of filename*; the server sends n%C3%A4mnds….)
  const std::string disposition = xlsx->get_header_value("Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"namndsdialog-2024-T1.xlsx\"; filename*=UTF-8''", 0), 0u)
      << disposition;
  EXPECT_EQ(Raw("/api/report/file?format=doc&period=2024-T1", reader_)->status, 400);

  // Issued by a controller, not by a reader.
  EXPECT_EQ(running_->Send("POST", "/api/report/issue?period=2024-T1", "", reader_).status, 403);
  auto issued = running_->Send("POST", "/api/report/issue?period=2024-T1", "", controller_);
  ASSERT_EQ(issued.status, 201) << issued.body.dump();
  const json& report = issued.body["report"];
  EXPECT_EQ(report["issued_by"], "kontroller");
  std::vector<std::string> names;
  for (const json& f : report["files"]) names.push_back(f["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"figures.json", "nämndsdialog-2024-T1.html", "nämndsdialog-2024-T1.pdf",
                                             "nämndsdialog-2024-T1.xlsx"}));
  EXPECT_TRUE(report["compared"]);
  EXPECT_TRUE(report["changed"].empty()) << report["changed"].dump();
  const int64_t id = report["id"];
  auto pdf = Raw("/api/reports/file?id=" + std::to_string(id) + "&name=n%C3%A4mndsdialog-2024-T1.pdf", reader_);
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(Raw("/api/reports/file?id=" + std::to_string(id) + "&name=x.pdf", reader_)->status, 404);

  // A later import changes the phone figures the board was shown as "no data".
  ASSERT_EQ(running_->Upload("phone_calls.csv", Slurp(ExampleDir() + "/phone_calls.csv")).first, 201);
  auto list = running_->Send("GET", "/api/reports", "", reader_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["reports"].size(), 1u);
  const json& changed = list.body["reports"][0]["changed"];
  std::map<std::string, json> by_id;
  for (const json& c : changed) by_id[c["indicator"]] = c;
  ASSERT_TRUE(by_id.count("phone_same_day")) << changed.dump();
  EXPECT_TRUE(by_id["phone_same_day"]["was"].is_null());
  EXPECT_TRUE(by_id["phone_same_day"]["now"].is_number());
  EXPECT_EQ(by_id["phone_same_day"]["status_was"], "no_data");
  for (const json& c : changed) {
    EXPECT_EQ(c["indicator"].get<std::string>().rfind("visits", 0), std::string::npos)
        << "the visits were not imported again: " << c.dump();
  }
  // The issued files are still what they were.
  auto again = Raw("/api/reports/file?id=" + std::to_string(id) + "&name=figures.json", reader_);
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(again->body)[0].contains("indicator"), true);
}

// A goal's assessment written in nara stands beside its computed status in the report.
TEST_F(ReportApiTest, GoalAssessmentsAreInTheReport) {
  auto [s, a] = running_->PostJson("/api/assessments", R"({"goal_id":"p2024_fa1_g1","unit":"nsh",
      "period":"2024-T1","status":"near","justification":"Telefonin förbättras sedan mars.",
      "responsible":"Områdeschef"})");
  ASSERT_EQ(s, 201) << a.dump();
  auto preview = Raw("/api/report?period=2024-T1", reader_);
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200);
  const std::string& html = preview->body;
  const size_t row = html.find("<tr data-goal=\"p2024_fa1_g1\"");
  ASSERT_NE(row, std::string::npos);
  const std::string tr = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_NE(tr.find("data-assessed=\"near\""), std::string::npos) << tr;
  EXPECT_NE(tr.find("Bedömd"), std::string::npos);
  EXPECT_NE(tr.find("Telefonin förbättras sedan mars."), std::string::npos);
  EXPECT_NE(tr.find("Områdeschef"), std::string::npos);
  // Another period's report does not show it.
  auto t2 = Raw("/api/report?period=2024-T2", reader_);
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->body.find("Telefonin förbättras sedan mars."), std::string::npos);
}

TEST(ChangedFiguresTest, ValuesStatusesAndIndicatorsThatCameOrWent) {
  const std::string was =
      R"([{"indicator":"a","value":1.0,"status":"met"},{"indicator":"b","value":null,"status":"no_data"},
          {"indicator":"c","value":2.0,"status":"met"}])";
  const std::string now =
      R"([{"indicator":"a","value":1.00000000000001,"status":"met"},{"indicator":"b","value":3,"status":"near"},
          {"indicator":"d","value":4,"status":"met"}])";
  auto changed = report::ChangedFigures(was, now);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->size(), 3u);
  EXPECT_EQ((*changed)[0].indicator, "b");
  EXPECT_EQ((*changed)[0].status_now, "near");
  EXPECT_EQ((*changed)[1].indicator, "c");
  EXPECT_EQ((*changed)[1].status_now, "");
  EXPECT_EQ((*changed)[2].indicator, "d");
  EXPECT_EQ((*changed)[2].status_was, "");
  EXPECT_FALSE(report::ChangedFigures("{}", now).ok());
}

// Any table of a page as a workbook (POST /api/xlsx): the rows the page offers as CSV,
// numbers as numbers, texts as texts even when a spreadsheet would take them for a
// formula; a body of another shape is 400, too many rows 413, not JSON 415.
TEST_F(ReportApiTest, AnyTableOfAPageAsAWorkbook) {
  auto client = running_->NewClient();
  const std::string body = R"({"name": "nara-översikt nsh 2024-T1", "sheet": "Översikt: tabell/1",
      "header": ["Indikator", "Utfall", "Status"],
      "rows": [["Telefon", 95.2381, "Uppfyllt"], ["=1+1", null, "+10 % mot 2023"], ["-", -0.5, null]]})";
  auto res = client->Post("/api/xlsx", reader_, body, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(res->get_header_value("Content-Disposition").find("filename=\"nara-oversikt-nsh-2024-T1.xlsx\"; filename*=UTF-8''"),
            std::string::npos)
      << res->get_header_value("Content-Disposition");
  const std::string path = (dir_ / "table.xlsx").string();
  std::ofstream(path, std::ios::binary) << res->body;
  using namespace exports::testing;  // NOLINT
  const auto shared = SharedStrings(path);
  const SheetCells cells = ReadSheet(path, 1, shared);
  EXPECT_EQ(cells.text.at({0, 0}), "Indikator");
  EXPECT_EQ(cells.text.at({0, 2}), "Status");
  EXPECT_EQ(cells.text.at({1, 0}), "Telefon");
  EXPECT_EQ(cells.number.at({1, 1}), "95.2381");
  EXPECT_EQ(cells.text.at({2, 0}), "=1+1");
  EXPECT_EQ(cells.text.at({2, 2}), "+10 % mot 2023");
  EXPECT_FALSE(cells.number.count({2, 1}) || cells.text.count({2, 1})) << "null is an empty cell";
  EXPECT_EQ(cells.number.at({3, 1}), "-0.5");
  const std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << "no formulas";
  EXPECT_NE(sheet.find("<pane "), std::string::npos) << "the header row is frozen";
  EXPECT_NE(sheet.find("<autoFilter "), std::string::npos);
  EXPECT_NE(Unzip(path, "xl/workbook.xml").find("name=\"Översikt- tabell-1\""), std::string::npos);

  auto code = [&](const std::string& b, const char* type = "application/json") {
    auto r = client->Post("/api/xlsx", reader_, b, type);
    if (!r) return std::pair<int, std::string>{0, ""};
    json j = json::parse(r->body, nullptr, false);
    return std::pair<int, std::string>{r->status, j.is_object() ? j["error"]["code"].get<std::string>() : ""};
  };
  EXPECT_EQ(code(R"({"name": "t", "header": ["a"], "rows": "x"})"), (std::pair<int, std::string>{400, "table_shape"}));
  EXPECT_EQ(code(R"({"name": "t", "header": [1], "rows": []})"), (std::pair<int, std::string>{400, "table_shape"}));
  EXPECT_EQ(code(R"({"name": "t", "header": [], "rows": [[true]]})"), (std::pair<int, std::string>{400, "table_shape"}));
  EXPECT_EQ(code(R"({"header": [], "rows": []})"), (std::pair<int, std::string>{400, "table_shape"}));
  EXPECT_EQ(code(R"([1])").first, 400);
  EXPECT_EQ(code(body, "text/plain").first, 415);
  std::string many = R"({"name": "t", "header": [], "rows": [)";
  for (size_t i = 0; i <= api::kMaxTableRows; ++i) many += i ? ",[]" : "[]";
  many += "]}";
  EXPECT_EQ(code(many), (std::pair<int, std::string>{413, "table_too_large"}));
  httplib::Client nobody("127.0.0.1", running_->port());
  EXPECT_EQ(nobody.Post("/api/xlsx", body, "application/json")->status, 401);
}

}  // namespace
}  // namespace nara::serve
