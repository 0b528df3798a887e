// `nara report` (SPEC C7): the board report (nämndsdialog) of one unit and period as
// HTML, PDF and XLSX in one folder.
//
//   nara report (--db FILE.db | --data DIR) --period 2024-T1 [--unit nsh] [--lang sv|en]
//               [--layout a4|slides] [--config DIR] [--texts FILE] --out DIR [--force] [--issue]
//   nara report --db FILE.db --issued N --out DIR [--force]
//   nara report --db FILE.db --list-issued
//
// --issue stores the files written as an issued report in the database (store/reports.h)
// and prints its number; --issued N writes report N's files again, byte for byte, and
// says when the data has changed since it was issued.
//
// Writes DIR/nämndsdialog-<period>.html, .xlsx and .pdf, in that order. Without a PDF
// engine (Chromium) the HTML and the workbook are still written and the answer is the
// IoError that says what to install (exit code 3). Existing files are replaced only
// with --force.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct ReportArgs {
  std::string data_dir;
  std::string db;
  std::string config_dir;  // the configuration and report.toml (with --db: report.toml only
                           // when given; the configuration is then this folder's)
  std::string period;
  std::string unit;        // empty: the administration
  std::string lang = "sv";
  std::string layout = "a4";
  std::string texts;       // a TOML or Markdown file of the sections' texts
  std::string out_dir;
  bool force = false;
  bool pdf = true;         // false: HTML and XLSX only (--no-pdf)
  bool xlsx = true;        // false: no workbook (--no-xlsx)
  bool issue = false;      // store the files as an issued report (--db only)
  int64_t issued = 0;      // > 0: write issued report N again instead
  bool list_issued = false;
};

// Writes the report; progress and the files written go to `err`, an issued report's
// number to `out`.
Status RunReport(const ReportArgs& args, std::ostream& out, std::ostream& err);

// Registers `report` on `app`; after app.parse(), Run() runs it if it was given.
class ReportCommand {
 public:
  explicit ReportCommand(CLI::App* app);
  // True if `report` was given; *status is then its result.
  bool Run(std::ostream& out, std::ostream& err, Status* status);

 private:
  CLI::App* command_ = nullptr;
  ReportArgs args_;
};

}  // namespace nara::cli
