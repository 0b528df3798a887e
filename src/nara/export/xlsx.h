// The scorecard as an Excel workbook (libxlsxwriter): one sheet per perspective of
// the indicator catalogue with one unit's scorecard rows for the period, and a sheet
// `Data` with every cell of the cube as `nara compute --format csv` writes it (the
// same columns, figures and texts; cube.h). Cells hold numbers, shown with number
// formats Excel writes in the reader's locale (`#,##0` reads "1 234" in Swedish,
// `0.0%` "12,3 %"); percentages are stored as fractions (12.3 % is 0.123) on the
// perspective sheets and as nara's figures (12.3) on `Data`. Texts (status, targets)
// are strings. Header rows are frozen, columns as wide as their contents, and every
// sheet has an autofilter.
#pragma once

#include <string>
#include <vector>

#include "nara/base/messages.h"
#include "nara/base/status.h"
#include "nara/export/cube.h"
#include "nara/follow/follow_up.h"
#include "nara/model/org_tree.h"

namespace nara::exports {

// A plain sheet (after `Data`: the board report's key indicators by month; alone: a
// table of the web app): a bold header row, frozen, with an autofilter, then the rows
// as given, texts as texts (never formulas), numbers as numbers.
// A native Excel line chart of some rows of a plain sheet: `category` (a column) on the
// x axis and one line per column of `series`, named by its header, drawn solid,
// dashed and dotted in turn so it reads in black and white too.
struct SheetChart {
  std::string title;
  size_t first_row = 0, rows = 0;  // data rows (0: the first after the header)
  int category = 0;
  std::vector<int> series;
};

struct ExtraSheet {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<SheetCell>> rows;
  std::vector<SheetChart> charts;  // placed right of the columns, one under the other
};

struct ScorecardBook {
  std::string title;                        // above each perspective's rows
  std::vector<follow::ScoreRow> scorecard;  // one unit's rows, in catalogue order
  std::vector<follow::ScoreRow> cube;       // the Data sheet
  const model::OrgTree* tree = nullptr;
  Lang lang = Lang::kSv;
  std::vector<ExtraSheet> extra;
};

// Writes the workbook to `path` (through a temporary file: whole or untouched; an
// existing file is replaced only with `overwrite`, else Invalid). IoError when it
// cannot be written.
Status WriteScorecardXlsx(const ScorecardBook& book, const std::string& path, bool overwrite);

// A workbook of plain sheets only, written as WriteScorecardXlsx writes its own. Two
// sheets of one name (after SheetName) are Invalid.
Status WriteSheetsXlsx(const std::vector<ExtraSheet>& sheets, const std::string& path, bool overwrite);

// A perspective's name as a sheet name Excel accepts: []:*?/\ become '-', at most 31
// characters.
std::string SheetName(const std::string& name);

}  // namespace nara::exports
