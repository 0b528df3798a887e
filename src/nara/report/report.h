// The board report (nämndsdialog, SPEC C7): one unit's follow-up for one period, in
// the order of the board dialogue of Driftnämnden Närsjukvården — title page,
// Målstyrning (the plan's focus areas, goals and assignments with their indicators'
// status and comments), Kvalitetsstyrning (a table per perspective, then a page per
// key indicator with its 24 months, target, previous year and the units below ranked),
// Intern kontroll, Ekonomistyrning, Medarbetare, Planeringsanalys and Sammanfattning.
//
// The report reads only what it is given (ReportInput): the follow-up, the
// configuration, the comments and the texts; it opens no database and runs no
// program. The HTML is one self-contained file (inline SVG, system fonts, print CSS
// with running header and page numbers); pdf.h turns it into a PDF, and the workbook
// holds the same figures for Excel. Every text is in the reader's language (messages.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nara/base/messages.h"
#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/follow/follow_up.h"
#include "nara/model/config.h"
#include "nara/store/comments.h"
#include "nara/store/internal_control.h"

namespace nara::report {

enum class Layout : uint8_t { kA4, kSlides };

// "a4" or "slides"; false for anything else.
bool ParseLayout(std::string_view text, Layout* out);

// What the configuration says about the report: `report.toml` in the configuration
// folder.
//   [report]
//   key_indicators = ["phone_same_day", …]   # a page each, in this order
//   economy_chart = "budget_deviation_ytd"    # Ekonomistyrning's chart by month
//   staff_charts = ["sick_leave", "staff_turnover"]  # Medarbetare's charts
//   [report.municipalities]                   # names for population's codes
//   1384 = "Kungsbacka"
struct ReportConfig {
  std::vector<std::string> key_indicators;
  std::string economy_chart = "budget_deviation_ytd";
  std::vector<std::string> staff_charts = {"sick_leave", "staff_turnover"};
  std::map<int, std::string> municipalities;
};

// The key indicators when report.toml names none: the care guarantee (0 and 3 days),
// agency staff, the chat's median wait and chats started, listing, and dental exams on
// time (children and adults).
const std::vector<std::string>& DefaultKeyIndicators();

// Reads `config_dir`/report.toml; defaults when the file is missing. A file that is
// not TOML, or names an indicator the catalogue lacks, is a DataError with its place.
StatusOr<ReportConfig> LoadReportConfig(const std::string& config_dir, const model::Config& config);

// The report's sections, in order, with the keys a texts file uses for them.
struct SectionKey {
  const char* key;  // "malstyrning", …, "sammanfattning"
  Msg name;         // its heading
};
const std::vector<SectionKey>& Sections();

// Section key → text, from `path`: TOML (`malstyrning = """…"""`) when the name ends in
// .toml, else Markdown (`# Målstyrning` or `# malstyrning` headings, the text under
// each). NotFound for a missing file; Invalid for a section nara does not have (the
// message lists the keys); DataError for TOML that does not parse.
StatusOr<std::map<std::string, std::string>> LoadTexts(const std::string& path);

struct ReportInput {
  const model::Config* config = nullptr;
  const model::OrgTree* tree = nullptr;          // the tree the follow-up was built on
  const follow::FollowUp* follow_up = nullptr;   // must cover the period and 36 months before its end
  const engine::Dataset* data = nullptr;         // for the population table
  model::Period period;
  int unit = -1;                                 // the administration (or another unit)
  Lang lang = Lang::kSv;
  Layout layout = Layout::kA4;
  ReportConfig report;
  std::vector<store::Comment> comments;          // the unit's comments of the period
  std::vector<store::Assessment> assessments;    // the unit's goal assessments of the period
  // The internal-control register of the period's year (store/internal_control.h);
  // the section shows the risks the board prioritised or of risk value 9 or more.
  std::vector<store::IcRisk> internal_control;
  std::map<std::string, std::string> texts;      // LoadTexts
  std::string generated_on;                      // YYYY-MM-DD
  std::string data_version;                      // as the reader reads it
  std::string config_version;
};

// The report as one HTML document.
std::string RenderHtml(const ReportInput& input);

// The report's workbook at `path`: a sheet per perspective with the unit's scorecard,
// the Data sheet with the cube of the period (export/xlsx.h), and a sheet of the key
// indicators' monthly values. IoError when it cannot be written; an existing file is
// replaced only with `overwrite`.
Status WriteWorkbook(const ReportInput& input, const std::string& path, bool overwrite);

// The months a key indicator's chart shows: the 24 ending with the period's last.
std::vector<model::Period> ChartMonths(const model::Period& period);

// The sections' texts written in nara (the web's Nämndsdialog page): comments of
// subject kind "section" whose subject is a section key, for `unit_id` and `period`.
std::map<std::string, std::string> SectionTexts(const std::vector<store::Comment>& comments,
                                                const std::string& unit_id, const std::string& period);

// What an issued report showed of its unit's figures, kept beside its files as
// figures.json, so that later imports can be compared with it: every indicator of
// `unit` in `period`, [{"indicator", "value", "status"}] (a suppressed value null),
// by indicator id.
inline constexpr const char* kFiguresFile = "figures.json";
std::string FiguresJson(const follow::FollowUp& follow_up, const model::Period& period, int unit);

// A figure that is not what an issued report showed: its value or its status
// changed, or it came or went.
struct ChangedFigure {
  std::string indicator;
  double was = NAN;  // NaN: none (or suppressed)
  double now = NAN;
  std::string status_was;  // "" when the indicator was not in the report
  std::string status_now;  // "" when it is no longer
};
// `issued` and `current` as FiguresJson writes them; values equal to 10 significant
// digits are the same. Invalid when `issued` is not such a list.
StatusOr<std::vector<ChangedFigure>> ChangedFigures(const std::string& issued, const std::string& current);

}  // namespace nara::report
