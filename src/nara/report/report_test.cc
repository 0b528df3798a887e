// The board report: its charts on their own, its texts file, and the whole report of
// a small simulated Halland read back — sections in the dialogue's order, a table per
// perspective, a chart per key indicator, the follow-up's figures, suppressed values
// not shown, both languages, the PDF rasterised and the workbook reopened.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "nara/base/text.h"
#include "nara/cli/cli.h"
#include "nara/export/xlsx_test_reader.h"
#include "nara/follow/goal_status.h"
#include "nara/follow/describe.h"
#include "nara/model/config.h"
#include "nara/report/report.h"
#include "nara/report/svg.h"
#include "nara/store/internal_control.h"

namespace nara::report {
namespace {

namespace fs = std::filesystem;

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SvgTest, EachSeriesHasItsOwnLineStyleAndGapsStayGaps) {
  LineChart chart;
  chart.x_labels = {"2024-01", "2024-02", "2024-03", "2024-04"};
  chart.series = {{"Utfall", {1, NAN, 3, 4}, LineStyle::kSolid, true, false},
                  {"Föregående år", {2, 2, 2, 2}, LineStyle::kDashed, false, false},
                  {"Mål", {5, 5, 5, 5}, LineStyle::kDotted, false, true}};
  chart.suffix = " %";
  const std::string svg = RenderLineChart(chart);
  EXPECT_EQ(Count(svg, "<path class=\"series\""), 3u);
  EXPECT_EQ(Count(svg, "stroke-dasharray=\"7 4\""), 2u) << "the dashed line and its legend";
  EXPECT_EQ(Count(svg, "stroke-dasharray=\"2 3\""), 2u) << "the dotted line and its legend";
  EXPECT_EQ(Count(svg, "<circle"), 3u + 1u) << "a marker per value, none in the gap, one in the legend";
  // The value's path starts again after the missing month.
  const size_t value = svg.find("<path class=\"series\"");
  const std::string d = svg.substr(value, svg.find('>', value) - value);
  EXPECT_EQ(Count(d, "M"), 2u) << d;
  EXPECT_NE(svg.find(" %</text>"), std::string::npos) << "axis numbers carry the unit";
}

TEST(SvgTest, BarsWithoutValueShowTheirTextOnly) {
  BarChart chart;
  chart.bars = {{"a", "Enhet <A>", 12.5, "12,5 %", "met"}, {"b", "Enhet B", NAN, "Undertryckt", "suppressed"}};
  chart.mark = 10;
  chart.mark_label = "NSH 10,0 %";
  const std::string svg = RenderBarChart(chart);
  EXPECT_EQ(Count(svg, "<rect"), 1u);
  EXPECT_NE(svg.find("Enhet &lt;A&gt;"), std::string::npos) << "names are escaped";
  EXPECT_NE(svg.find("class=\"mark\""), std::string::npos);
  EXPECT_EQ(NiceStep(0, 100, 5), 20);
  EXPECT_EQ(NiceStep(0, 7, 5), 2);
}

TEST(TextsTest, MarkdownAndTomlByKeyOrHeading) {
  const fs::path dir = fs::temp_directory_path() / ("nara-texts-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "t.md") << "intro, ignored\n# Målstyrning\nFörsta stycket.\n\nAndra.\n"
                                 "# Financial steering\nBudget i balans.\n";
  auto md = LoadTexts((dir / "t.md").string());
  ASSERT_TRUE(md.ok()) << md.status().message();
  EXPECT_EQ(md->at("malstyrning"), "Första stycket.\n\nAndra.");
  EXPECT_EQ(md->at("ekonomistyrning"), "Budget i balans.");
  std::ofstream(dir / "t.toml") << "sammanfattning = \"Ekonomi i balans\"\n";
  auto toml = LoadTexts((dir / "t.toml").string());
  ASSERT_TRUE(toml.ok()) << toml.status().message();
  EXPECT_EQ(toml->at("sammanfattning"), "Ekonomi i balans");
  std::ofstream(dir / "bad.toml") << "risker = \"x\"\n";
  auto bad = LoadTexts((dir / "bad.toml").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("intern_kontroll"), std::string::npos) << "the keys are listed";
  EXPECT_EQ(LoadTexts((dir / "missing.md").string()).status().code(), StatusCode::kNotFound);
  fs::remove_all(dir);
}

struct Result {
  int code = 0;
  std::string out, err;
};

Result Nara(std::vector<std::string> args) {
  args.insert(args.begin(), "nara");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Result r;
  r.code = cli::RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A small Halland 2022–2024 and its T1 report in Swedish, read once.
class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/nara-report-XXXXXX";
    dir_ = new fs::path(mkdtemp(tmpl));
    Result sim = Nara({"simulate", "--config", Source() + "/data/halland", "--years", "2022-2024", "--scale", "0.02",
                       "--seed", "5", "--out", *dir_ / "extract"});
    ASSERT_EQ(sim.code, 0) << sim.err;
    std::ofstream(*dir_ / "texts.md") << "# Sammanfattning\nDe fem viktigaste sakerna: ekonomi i balans.\n";
    Result sv = Nara(Report({"--out", *dir_ / "sv", "--texts", *dir_ / "texts.md", "--no-pdf"}));
    ASSERT_EQ(sv.code, 0) << sv.err;
    html_ = new std::string(Read(*dir_ / "sv" / "nämndsdialog-2024-T1.html"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete html_;
  }
  static std::vector<std::string> Report(std::vector<std::string> more) {
    std::vector<std::string> args = {"report", "--data", *dir_ / "extract", "--config", Source() + "/data/halland",
                                     "--period", "2024-T1"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  // The follow-up of the period for every unit, as compute's JSON has it.
  static nlohmann::json Cube() {
    Result r = Nara({"compute", "--data", *dir_ / "extract", "--config", Source() + "/data/halland", "--year", "2024",
                     "--period", "2024-T1", "--format", "json"});
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  // The article of a key indicator.
  static std::string Article(const std::string& id) {
    const size_t at = html_->find("<article class=\"key-indicator topic\" data-indicator=\"" + id + "\"");
    if (at == std::string::npos) return "";
    return html_->substr(at, html_->find("</article>", at) - at);
  }
  static fs::path* dir_;
  static std::string* html_;
};
fs::path* ReportTest::dir_ = nullptr;
std::string* ReportTest::html_ = nullptr;

TEST_F(ReportTest, SectionsComeInTheDialoguesOrder) {
  size_t last = 0;
  for (const char* id : {"id=\"title\"", "id=\"malstyrning\"", "id=\"kvalitetsstyrning\"", "id=\"intern-kontroll\"",
                         "id=\"ekonomistyrning\"", "id=\"medarbetare\"", "id=\"planeringsanalys\"",
                         "id=\"sammanfattning\""}) {
    const size_t at = html_->find(id);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " comes after the section before it";
    last = at;
  }
  EXPECT_NE(html_->find("<dd>Driftnämnden Närsjukvården</dd>"), std::string::npos) << "the board, from the plan";
  EXPECT_NE(html_->find("Något register för intern kontroll finns ännu inte"), std::string::npos);
  EXPECT_NE(html_->find("De fem viktigaste sakerna: ekonomi i balans."), std::string::npos);
  EXPECT_EQ(Count(*html_, ">ingen text</p>"), 6u) << "every section without a text says so";
  EXPECT_NE(html_->find("Befolkning per kommun och åldersgrupp, 2024"), std::string::npos);
  EXPECT_NE(html_->find("1384 Kungsbacka"), std::string::npos) << "names from report.toml";
  EXPECT_EQ(html_->find("<script"), std::string::npos) << "self-contained, nothing to run";
  EXPECT_EQ(html_->find("http://"), html_->find("http://www.w3.org/2000/svg")) << "nothing fetched";
}

TEST_F(ReportTest, ATableForEachPerspectiveAndAChartForEachKeyIndicator) {
  for (const char* p : {"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi"})
    EXPECT_NE(html_->find("<table class=\"summary\" data-perspective=\"" + std::string(p) + "\">"), std::string::npos) << p;
  EXPECT_EQ(Count(*html_, "<thead><tr><th>Indikator</th>"), 4u);
  std::vector<model::Problem> problems;
  const model::Config config = model::LoadConfig(Source() + "/data/halland", &problems);
  ASSERT_TRUE(problems.empty());
  auto key = LoadReportConfig(Source() + "/data/halland", config);
  ASSERT_TRUE(key.ok());
  ASSERT_GE(key->key_indicators.size(), 6u);
  for (const std::string& id : key->key_indicators) {
    const std::string article = Article(id);
    ASSERT_FALSE(article.empty()) << id;
    EXPECT_EQ(Count(article, "<svg class=\"chart line\""), 1u) << id;
    EXPECT_EQ(Count(article, "<path class=\"series\""), 3u) << id << ": value, previous year, target";
    EXPECT_NE(article.find("<svg class=\"chart ranking\""), std::string::npos) << id;
  }
}

// Every goal and assignment of the plan has its computed status (follow/goal_status.h),
// the same as the rule gives over compute's CSV of the administration's statuses.
TEST_F(ReportTest, GoalsAndAssignmentsHaveTheirComputedStatus) {
  std::vector<model::Problem> problems;
  const model::Config config = model::LoadConfig(Source() + "/data/halland", &problems);
  ASSERT_TRUE(problems.empty());
  const model::Plan* plan = config.FindPlan(2024);
  ASSERT_NE(plan, nullptr);
  Result csv = Nara({"compute", "--data", *dir_ / "extract", "--config", Source() + "/data/halland", "--year", "2024",
                     "--period", "2024-T1", "--format", "csv", "--unit", "nsh"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  std::map<std::string, follow::StatusKind> status;  // indicator → its status in the CSV
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);
  const std::map<std::string, follow::StatusKind> kinds = {
      {"met", follow::StatusKind::kMet},          {"near", follow::StatusKind::kNear},
      {"not_met", follow::StatusKind::kNotMet},   {"no_data", follow::StatusKind::kNoData},
      {"suppressed", follow::StatusKind::kSuppressed}, {"no_target", follow::StatusKind::kNoTarget}};
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::string field;
    for (std::istringstream fields(line); std::getline(fields, field, ',');) f.push_back(field);
    ASSERT_GT(f.size(), 8u);
    if (kinds.count(f[8])) status[f[0]] = kinds.at(f[8]);
  }
  auto expected = [&](const std::vector<std::string>& ids) {
    std::vector<follow::StatusKind> in;
    for (const std::string& id : ids) in.push_back(status.count(id) ? status.at(id) : follow::StatusKind::kNoData);
    return follow::StatusName(follow::CombineStatuses(in).status);
  };
  int rows = 0, judged = 0;
  auto check = [&](const std::string& id, const std::vector<std::string>& ids) {
    const size_t at = html_->find("<tr data-goal=\"" + id + "\" data-status=\"");
    ASSERT_NE(at, std::string::npos) << id;
    const size_t from = html_->find("data-status=\"", at) + 13;
    const std::string shown = html_->substr(from, html_->find('"', from) - from);
    EXPECT_EQ(shown, expected(ids)) << id;
    ++rows;
    judged += shown != "no_data";
  };
  for (const model::FocusArea& fa : plan->focus_areas) {
    for (const model::Goal& g : fa.goals) {
      check(g.id, follow::GoalIndicators(g));
      for (const model::Assignment& a : g.assignments) check(a.id, a.indicators);
    }
  }
  EXPECT_GT(rows, 10);
  EXPECT_GT(judged, 3) << "the synthetic Halland judges several goals";
  EXPECT_NE(html_->find("title=\"Beräknad av de kopplade indikatorerna med mål"), std::string::npos) << "the rule on hover";
}

// Every figure of the administration's tables is the follow-up's, formatted in Swedish.
TEST_F(ReportTest, FiguresAreTheFollowUpsRows) {
  std::vector<model::Problem> problems;
  const model::Config config = model::LoadConfig(Source() + "/data/halland", &problems);
  const nlohmann::json cube = Cube();
  int compared = 0;
  for (const auto& r : cube["results"]) {
    if (r["unit_id"] != "nsh") continue;
    const model::IndicatorDef* def = config.FindIndicator(r["indicator"].get<std::string>());
    ASSERT_NE(def, nullptr);
    const size_t row = html_->find("<tr data-indicator=\"" + def->id + "\"><td>");
    ASSERT_NE(row, std::string::npos) << def->id;
    const size_t cell = html_->find("<td class=\"num value\">", row);
    const std::string shown = html_->substr(cell + 22, html_->find("</td>", cell) - cell - 22);
    const double value = r["value"].is_null() ? NAN : r["value"].get<double>();
    EXPECT_EQ(shown, follow::FormatValue(*def, value, r["decimals"].get<int>(), Lang::kSv)) << def->id;
    const size_t target = html_->find("<td class=\"num target\">", row);
    EXPECT_EQ(html_->substr(target + 23, html_->find("</td>", target) - target - 23),
              r["target_text"].get<std::string>().empty() ? "–" : Escape(r["target_text"].get<std::string>()))
        << def->id;
    ++compared;
  }
  EXPECT_GT(compared, 25);
}

// Ekonomistyrning's summary: the administration and each unit right below it, in tkr;
// each row's deviation is the engine's budget_deviation_ytd (Mnkr) of that unit.
TEST_F(ReportTest, EconomySummaryIsTheLedgersDeviation) {
  const size_t table = html_->find("<table class=\"economy-summary\">");
  ASSERT_NE(table, std::string::npos);
  const std::string summary = html_->substr(table, html_->find("</table>", table) - table);
  std::map<std::string, double> engine;
  const nlohmann::json cube = Cube();
  for (const auto& r : cube["results"]) {
    if (r["indicator"] == "budget_deviation_ytd" && !r["value"].is_null()) engine[r["unit_id"]] = r["value"].get<double>();
  }
  // "−1 234,5" → -1234.5
  auto number = [](std::string text) {
    std::string plain;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text.compare(i, 3, "\u2212") == 0) {
        plain += '-';
        i += 2;
      } else if (text[i] == ',') {
        plain += '.';
      } else if ((text[i] >= '0' && text[i] <= '9') || text[i] == '-') {
        plain += text[i];
      }
    }
    return std::stod(plain);
  };
  int rows = 0;
  for (size_t at = summary.find("<tr data-unit=\""); at != std::string::npos; at = summary.find("<tr data-unit=\"", at + 1)) {
    const std::string unit = summary.substr(at + 15, summary.find('"', at + 15) - at - 15);
    std::vector<std::string> cells;
    const size_t end = summary.find("</tr>", at);
    for (size_t c = summary.find("<td class=\"num\">", at); c < end; c = summary.find("<td class=\"num\">", c + 1)) {
      cells.push_back(summary.substr(c + 16, summary.find("</td>", c) - c - 16));
    }
    ASSERT_EQ(cells.size(), 6u) << unit;
    ASSERT_TRUE(engine.count(unit)) << unit;
    EXPECT_NEAR(number(cells[3]), engine[unit] * 1000, 0.15) << unit << ": " << cells[3];
    EXPECT_NEAR(number(cells[3]), number(cells[2]) - number(cells[1]), 0.11) << unit;
    ++rows;
  }
  EXPECT_GE(rows, 3) << "the administration and its areas";
}

// A unit whose n is below the indicator's minimum has no bar and no figure: the status
// only, and the figure a report without the minimum would show is nowhere in its row.
TEST_F(ReportTest, SuppressedValuesAreNotShown) {
  const nlohmann::json cube = Cube();
  int suppressed = 0;
  for (const auto& r : cube["results"]) {
    if (r["status"] != "suppressed") continue;
    const std::string article = Article(r["indicator"].get<std::string>());
    if (article.empty()) continue;
    const std::string unit = r["unit_id"].get<std::string>();
    const size_t at = article.find("<g class=\"bar\" data-unit=\"" + unit + "\"");
    if (at == std::string::npos) continue;  // a unit the ranking does not show
    const std::string bar = article.substr(at, article.find("</g>", at) - at);
    EXPECT_NE(bar.find("data-status=\"suppressed\""), std::string::npos) << unit;
    EXPECT_EQ(bar.find("<rect"), std::string::npos) << unit;
    EXPECT_EQ(bar.find('%'), std::string::npos) << unit << ": " << bar;
    EXPECT_NE(bar.find(follow::StatusText(follow::StatusKind::kSuppressed, Lang::kSv)), std::string::npos);
    ++suppressed;
  }
  EXPECT_GT(suppressed, 0) << "the small scale leaves some units below assessment_3_days' minimum n";
}

TEST_F(ReportTest, EnglishReadersReadEnglish) {
  Result en = Nara(Report({"--out", *dir_ / "en", "--lang", "en", "--layout", "slides", "--no-pdf"}));
  ASSERT_EQ(en.code, 0) << en.err;
  const std::string html = Read(*dir_ / "en" / "nämndsdialog-2024-T1.html");
  for (const char* heading : {"Goal steering", "Quality steering", "Internal control", "Financial steering",
                              "Planning analysis", "Summary"})
    EXPECT_NE(html.find("<h2>" + std::string(heading) + "</h2>"), std::string::npos) << heading;
  EXPECT_NE(html.find("nara has no register of internal control yet"), std::string::npos);
  EXPECT_EQ(html.find("Målstyrning"), std::string::npos);
  EXPECT_EQ(html.find("ingen text"), std::string::npos);
  EXPECT_NE(html.find(">no text</p>"), std::string::npos);
  EXPECT_NE(html.find("size: 338.7mm 190.5mm"), std::string::npos) << "16:9 pages";
  EXPECT_NE(html.find("\"Page \" counter(page) \" of \" counter(pages)"), std::string::npos);
}

// A register of internal control in the database: the section shows the risks the
// board prioritised or of value 9 or more, with each control's results in the
// tertials up to the period (T2: T1 and T2), and leaves the others out.
TEST_F(ReportTest, InternalControlShowsThePrioritisedRisksOfTheRegister) {
  const fs::path db = *dir_ / "ic.db";
  std::vector<std::string> import = {"import", "--db", db.string()};
  for (const auto& f : fs::directory_iterator(*dir_ / "extract")) {
    if (f.path().extension() == ".csv") import.push_back(f.path().string());
  }
  Result imported = Nara(import);
  ASSERT_EQ(imported.code, 0) << imported.err;
  {
    auto ic = store::InternalControl::Open(db.string());
    ASSERT_TRUE(ic.ok()) << ic.status().message();
    const store::Actor by{"test", ""};
    auto risk = [&ic, &by](const char* title, int p, int c, bool board) {
      store::IcRisk r;
      r.year = 2024;
      r.unit_id = "nsh";
      r.title = title;
      r.probability = p;
      r.consequence = c;
      r.owner = "Förvaltningschef";
      r.board_prioritised = board;
      return ic->PutRisk(r, by).value();
    };
    const store::IcRisk high = risk("Kompetensförsörjning av läkare", 4, 3, false);
    const store::IcRisk board = risk("Tillgänglighet i telefon", 2, 2, true);
    risk("Lokaler som inte räcker", 2, 3, false);  // 6, not prioritised: not shown
    store::IcControl c;
    c.risk_id = high.id;
    c.what = "Uppföljning av bemanning";
    c.frequency = "tertial";
    c.responsible = "HR-chef";
    const int64_t control = ic->PutControl(c, by).value().id;
    ASSERT_TRUE(ic->PutResult(control, {"2024-T1", "done", "", "", ""}, by).ok());
    ASSERT_TRUE(ic->PutResult(control, {"2024-T2", "deviation", "Två enheter saknar plan", "", ""}, by).ok());
    ASSERT_TRUE(ic->PutResult(control, {"2024-T3", "done", "Senare", "", ""}, by).ok());
    c.risk_id = board.id;
    c.what = "Mätning av svarstider";
    ASSERT_TRUE(ic->PutControl(c, by).ok());
  }
  Result made = Nara({"report", "--db", db.string(), "--config", Source() + "/data/halland", "--period", "2024-T2",
                      "--out", (*dir_ / "ic").string(), "--no-pdf"});
  ASSERT_EQ(made.code, 0) << made.err;
  const std::string html = Read(*dir_ / "ic" / "nämndsdialog-2024-T2.html");
  const size_t at = html.find("id=\"intern-kontroll\"");
  ASSERT_NE(at, std::string::npos);
  const std::string section = html.substr(at, html.find("</section>", at) - at);
  EXPECT_EQ(section.find("Något register för intern kontroll finns ännu inte"), std::string::npos);
  EXPECT_NE(section.find("riskvärde 9 eller högre"), std::string::npos) << "the rule is said";
  EXPECT_EQ(Count(section, "<tr data-risk="), 2u) << "12 and the board's 4, not the 6";
  EXPECT_LT(section.find("Kompetensförsörjning av läkare"), section.find("Tillgänglighet i telefon"))
      << "highest value first";
  EXPECT_EQ(section.find("Lokaler som inte räcker"), std::string::npos);
  EXPECT_NE(section.find(">12 (4×3)</td>"), std::string::npos);
  EXPECT_NE(section.find("prioriterad av styrelsen"), std::string::npos);
  EXPECT_NE(section.find("<th>2024-T1</th><th>2024-T2</th></tr>"), std::string::npos) << "T1 and T2, not T3";
  EXPECT_EQ(section.find("2024-T3"), std::string::npos);
  EXPECT_NE(section.find("<td class=\"ic-done\"><b>Genomförd</b></td>"), std::string::npos);
  EXPECT_NE(section.find("<td class=\"ic-deviation\"><b>Avvikelse</b><br>Två enheter saknar plan</td>"),
            std::string::npos);
  EXPECT_EQ(Count(section, ">ej rapporterad</td>"), 2u) << "the second control has no results in T1 and T2";
}

// The workbook: a sheet per perspective, the Data sheet, and the key indicators by
// month; its administration's figures are compute's CSV's.
TEST_F(ReportTest, WorkbookHoldsTheComputedFigures) {
  const std::string book = *dir_ / "sv" / "nämndsdialog-2024-T1.xlsx";
  using namespace exports::testing;
  std::vector<std::string> sheets;
  for (const Element& e : Elements(Unzip(book, "xl/workbook.xml"), "sheet")) sheets.push_back(Attribute(e.head, "name"));
  EXPECT_EQ(sheets,
            (std::vector<std::string>{"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi", "Data", "Nyckeltal"}));
  const std::vector<std::string> shared = SharedStrings(book);
  Result csv = Nara({"compute", "--data", *dir_ / "extract", "--config", Source() + "/data/halland", "--year", "2024",
                     "--period", "2024-T1", "--format", "csv", "--unit", "nsh"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  std::map<std::string, std::string> value;  // indicator → its value as the CSV writes it
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::string field;
    for (std::istringstream fields(line); std::getline(fields, field, ',');) f.push_back(field);
    value[f[0]] = f[3];
  }
  const SheetCells data = ReadSheet(book, 5, shared);
  int compared = 0;
  for (int r = 1; data.text.count({r, 0}); ++r) {
    if (data.text.at({r, 1}) != "nsh") continue;
    const std::string& id = data.text.at({r, 0});
    auto n = data.number.find({r, 3});
    double v = NAN;
    if (n != data.number.end()) std::from_chars(n->second.data(), n->second.data() + n->second.size(), v);
    EXPECT_EQ(std::isnan(v) ? "" : PlainNumber(v), value.at(id)) << id;
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(value.size()));
  const SheetCells key = ReadSheet(book, 6, shared);
  int months = 0;
  int first = 0;
  for (int r = 1; key.text.count({r, 0}); ++r) {
    if (key.text.at({r, 0}) == "phone_same_day" && months++ == 0) first = r;
  }
  EXPECT_EQ(months, 24);
  // Each key indicator is a native line chart too: its 24 months of value, target and
  // previous year, from the sheet's own cells, in three line styles.
  std::string phone_chart;
  int charts = 0;
  for (int i = 1; i <= 20; ++i) {
    const std::string xml = Unzip(book, "xl/charts/chart" + std::to_string(i) + ".xml");
    if (xml.empty()) break;
    ++charts;
    if (xml.find("$D$" + std::to_string(first + 1) + ":$D$" + std::to_string(first + 24)) != std::string::npos)
      phone_chart = xml;
  }
  EXPECT_GE(charts, 5);
  ASSERT_FALSE(phone_chart.empty()) << "no chart reads phone_same_day's rows";
  EXPECT_NE(phone_chart.find("<c:lineChart>"), std::string::npos);
  EXPECT_NE(phone_chart.find("Nyckeltal!$C$" + std::to_string(first + 1)), std::string::npos) << "months on the x axis";
  EXPECT_NE(phone_chart.find("$E$" + std::to_string(first + 1)), std::string::npos) << "the target";
  EXPECT_NE(phone_chart.find("$G$" + std::to_string(first + 1)), std::string::npos) << "the previous year";
  EXPECT_NE(phone_chart.find("prstDash val=\"dash\""), std::string::npos) << "line styles, not only colours";
}

// The PDF, rasterised: several pages, and a first page that is not blank. Without the
// engine the HTML and the workbook are still written, and the answer says what to install.
TEST_F(ReportTest, PdfIsRenderedOrTheMissingEngineIsNamed) {
  setenv("NARA_CHROMIUM", "/nonexistent/chromium", 1);
  Result missing = Nara(Report({"--out", *dir_ / "missing"}));
  unsetenv("NARA_CHROMIUM");
  EXPECT_EQ(missing.code, 3);
  EXPECT_NE(missing.err.find("apt-get install chromium"), std::string::npos) << missing.err;
  EXPECT_TRUE(fs::exists(*dir_ / "missing" / "nämndsdialog-2024-T1.html"));
  EXPECT_TRUE(fs::exists(*dir_ / "missing" / "nämndsdialog-2024-T1.xlsx"));
  EXPECT_FALSE(fs::exists(*dir_ / "missing" / "nämndsdialog-2024-T1.pdf"));

  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "chromium is not installed (scripts/install-deps installs it)";
  Result pdf = Nara(Report({"--out", *dir_ / "pdf"}));
  ASSERT_EQ(pdf.code, 0) << pdf.err;
  const std::string file = *dir_ / "pdf" / "nämndsdialog-2024-T1.pdf";
  std::string info;
  if (FILE* p = popen(("pdfinfo '" + file + "'").c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) info.append(buf, n);
    pclose(p);
  }
  const size_t pages = info.find("Pages:");
  ASSERT_NE(pages, std::string::npos) << info;
  EXPECT_GT(std::stoi(info.substr(pages + 6)), 5);
  // The first page in grey at 30 dpi (a binary PGM): some pixels are ink.
  const std::string raster = *dir_ / "pdf" / "first";
  ASSERT_EQ(std::system(("pdftoppm -gray -r 30 -f 1 -l 1 -singlefile '" + file + "' '" + raster + "'").c_str()), 0);
  const std::string pgm = Read(raster + ".pgm");
  ASSERT_EQ(pgm.rfind("P5", 0), 0u);
  size_t header = 0;
  for (int fields = 0; fields < 4; ++header) {
    if (std::isspace(static_cast<unsigned char>(pgm[header])) &&
        !std::isspace(static_cast<unsigned char>(pgm[header - 1])))
      ++fields;
  }
  size_t ink = 0;
  for (size_t i = header; i < pgm.size(); ++i) ink += static_cast<unsigned char>(pgm[i]) < 128;
  EXPECT_GT(ink, 200u) << "the title page has its text";
}

}  // namespace
}  // namespace nara::report
