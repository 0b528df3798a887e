// WriteWorkbook: the report's figures for Excel (report.h), through export/xlsx.h.
#include "nara/export/xlsx.h"
#include "nara/follow/describe.h"
#include "nara/report/report.h"

namespace nara::report {

Status WriteWorkbook(const ReportInput& input, const std::string& path, bool overwrite) {
  const Lang lang = input.lang;
  const model::OrgTree& tree = *input.tree;
  exports::ScorecardBook book;
  const model::UnitVersion* v = tree.VersionAt(input.unit, input.period.last_day());
  book.title = (v ? v->name : tree.Latest(input.unit).name) + " (" + tree.id(input.unit) + ") — " +
               Say(lang, Msg::kReportTitle) + " " + input.period.ToString();
  book.scorecard = input.follow_up->ForUnit(input.period, input.unit);
  book.cube = input.follow_up->Scorecard(input.period);
  book.tree = &tree;
  book.lang = lang;
  // The key indicators month by month, as the report's charts show them.
  exports::ExtraSheet key;
  key.name = Say(lang, Msg::kReportKeyIndicators);
  key.header = {"indicator", Say(lang, Msg::kReportIndicator), Say(lang, Msg::kReportMonth),
                Say(lang, Msg::kReportValue),
                Say(lang, Msg::kReportTarget),
                Say(lang, Msg::kReportStatus),
                Say(lang, Msg::kReportPreviousYear)};
  std::vector<std::vector<follow::ScoreRow>> months;
  for (const model::Period& m : ChartMonths(input.period)) months.push_back(input.follow_up->ForUnit(m, input.unit));
  for (const std::string& id : input.report.key_indicators) {
    // Each indicator's months as a native chart too: value, target and previous year.
    exports::SheetChart chart;
    chart.first_row = key.rows.size();
    chart.category = 2;
    chart.series = {3, 4, 6};
    for (const std::vector<follow::ScoreRow>& rows : months) {
      for (const follow::ScoreRow& r : rows) {
        if (r.def->id != id) continue;
        chart.title = r.def->name;
        key.rows.push_back({exports::SheetCell::Text(id), exports::SheetCell::Text(r.def->name),
                            exports::SheetCell::Text(r.period.ToString()), exports::SheetCell::Number(r.cell.value),
                            exports::SheetCell::Number(r.judgement.target),
                            exports::SheetCell::Text(follow::StatusText(r.judgement.status, lang)),
                            exports::SheetCell::Number(r.previous_year_value)});
      }
    }
    chart.rows = key.rows.size() - chart.first_row;
    if (chart.rows > 0) key.charts.push_back(std::move(chart));
  }
  book.extra.push_back(std::move(key));
  return exports::WriteScorecardXlsx(book, path, overwrite);
}

}  // namespace nara::report
