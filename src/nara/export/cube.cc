#include "nara/export/cube.h"

#include <cmath>
#include <cstdlib>

#include "nara/base/text.h"
#include "nara/follow/describe.h"

namespace nara::exports {

SheetCell SheetCell::Text(std::string t) {
  SheetCell c;
  c.kind = Kind::kText;
  c.text = std::move(t);
  return c;
}

SheetCell SheetCell::Number(double v) {
  SheetCell c;
  if (!std::isfinite(v)) return c;
  c.kind = Kind::kNumber;
  // The figure as written, so that a sheet and a CSV of the same cube agree digit for
  // digit (a spreadsheet shows what the CSV says, not the binary noise behind it).
  c.number = std::strtod(PlainNumber(v).c_str(), nullptr);
  return c;
}

const std::vector<std::string>& CubeColumns() {
  static const std::vector<std::string> kColumns = {
      "indicator",   "unit_id",    "period", "value",  "numerator",
      "denominator", "n",          "target", "status", "previous_year_value",
      "target_text", "target_rule"};
  return kColumns;
}

std::vector<SheetCell> CubeRecord(const follow::ScoreRow& r, const model::OrgTree& tree, Lang lang) {
  follow::TargetText target = follow::DescribeTarget(r, lang);
  return {SheetCell::Text(r.def->id),
          SheetCell::Text(tree.id(r.unit)),
          SheetCell::Text(r.period.ToString()),
          SheetCell::Number(r.cell.value),
          SheetCell::Number(r.cell.numerator),
          SheetCell::Number(r.cell.denominator),
          SheetCell::Number(static_cast<double>(r.cell.n)),
          SheetCell::Number(r.judgement.target),
          SheetCell::Text(follow::StatusName(r.judgement.status)),
          SheetCell::Number(r.previous_year_value),
          target.text.empty() ? SheetCell() : SheetCell::Text(std::move(target.text)),
          target.rule.empty() ? SheetCell() : SheetCell::Text(std::move(target.rule))};
}

}  // namespace nara::exports
