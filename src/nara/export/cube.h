// The result cube as a sheet of cells: one record per score row with the columns of
// `nara compute --format csv` (indicator, unit_id, period, value, numerator,
// denominator, n, target, status, previous_year_value, target_text, target_rule).
// The CSV writer and the XLSX data sheet both write these records, so a figure reads
// the same in either. Numbers are rounded once, here, as base/text.h's PlainNumber
// writes a computed figure; a suppressed or missing value is an empty cell.
#pragma once

#include <string>
#include <vector>

#include "nara/base/messages.h"
#include "nara/follow/follow_up.h"
#include "nara/model/org_tree.h"

namespace nara::exports {

struct SheetCell {
  enum class Kind { kEmpty, kText, kNumber };
  Kind kind = Kind::kEmpty;
  std::string text;   // kText
  double number = 0;  // kNumber: the figure as written (PlainNumber, NumberDigits::kComputed)

  static SheetCell Text(std::string t);
  // NaN and infinities give an empty cell.
  static SheetCell Number(double v);
};

// The cube's column names, as the CSV's header.
const std::vector<std::string>& CubeColumns();

// One record of CubeColumns().size() cells for `row`; texts (target_text, target_rule)
// in `lang`.
std::vector<SheetCell> CubeRecord(const follow::ScoreRow& row, const model::OrgTree& tree, Lang lang);

}  // namespace nara::exports
