// RenderHtml: the board report as one HTML document (report.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "nara/follow/describe.h"
#include "nara/follow/economy.h"
#include "nara/follow/goal_status.h"
#include "nara/report/report.h"
#include "nara/report/svg.h"

namespace nara::report {
namespace {

using follow::ScoreRow;
using follow::StatusKind;

// The perspectives of the catalogue, as the board dialogue names them.
struct Perspective {
  const char* name;  // IndicatorDef::perspective
  Msg heading;
};
constexpr Perspective kPerspectives[] = {
    {"Målgrupp", Msg::kReportPerspectiveTargetGroup},
    {"Verksamhet", Msg::kReportPerspectiveOperations},
    {"Medarbetare", Msg::kReportPerspectiveStaff},
    {"Ekonomi", Msg::kReportPerspectiveEconomy},
};

// The status as a badge: a symbol and a word besides the colour, for print in black
// and white.
std::string Badge(StatusKind status, Lang lang) {
  const char* symbol = "–";
  switch (status) {
    case StatusKind::kMet: symbol = "●"; break;
    case StatusKind::kNear: symbol = "◐"; break;
    case StatusKind::kNotMet: symbol = "○"; break;
    default: break;
  }
  return std::string("<span class=\"status s-") + follow::StatusName(status) + "\">" + symbol + " " +
         Escape(follow::StatusText(status, lang)) + "</span>";
}

// Paragraphs of a plain text: blank lines separate them.
std::string Paragraphs(const std::string& text) {
  std::string out, para;
  size_t from = 0;
  auto flush = [&] {
    if (para.find_first_not_of(" \t\r\n") != std::string::npos) out += "<p>" + Escape(para) + "</p>";
    para.clear();
  };
  while (from <= text.size()) {
    size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(from, end - from);
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
    } else {
      if (!para.empty()) para += ' ';
      para += line;
    }
    from = end + 1;
  }
  flush();
  return out;
}

// A CSS string literal.
std::string CssString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\a ";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* Suffix(const std::string& display, Lang lang) {
  if (display == "percent") return lang == Lang::kSv ? "\u00a0%" : "%";
  if (display == "minutes") return "\u00a0min";
  if (display == "months") return lang == Lang::kSv ? "\u00a0mån" : "\u00a0mo";
  if (display == "mnkr") return lang == Lang::kSv ? "\u00a0Mnkr" : "\u00a0MSEK";
  return "";
}

class Writer {
 public:
  explicit Writer(const ReportInput& in)
      : in_(in), lang_(in.lang), tree_(*in.tree), day_(in.period.last_day()) {
    for (ScoreRow& r : in.follow_up->ForUnit(in.period, in.unit)) own_[r.def->id] = r;
    for (ScoreRow& r : in.follow_up->Scorecard(in.period)) {
      if (r.unit != in.unit && tree_.IsWithin(r.unit, in.unit, day_)) below_[r.def->id].push_back(r);
    }
    for (const model::Period& m : ChartMonths(in.period)) {
      std::map<std::string, ScoreRow> rows;
      for (ScoreRow& r : in.follow_up->ForUnit(m, in.unit)) rows[r.def->id] = r;
      months_.push_back({m, std::move(rows)});
    }
    for (const store::Comment& c : in.comments) {
      if (c.unit_id == tree_.id(in.unit) && c.period == in.period.ToString())
        comments_[c.subject_kind + "/" + c.subject_id] = c.text;
    }
  }

  std::string Render() {
    Head();
    TitlePage();
    Goals();
    Quality();
    InternalControl();
    Economy();
    Staff();
    Planning();
    Summary();
    out_ += "</body></html>\n";
    return std::move(out_);
  }

 private:
  std::string S(Msg m, std::initializer_list<std::string_view> args = {}) const { return Say(lang_, m, args); }
  std::string UnitName(int u) const {
    const model::UnitVersion* v = tree_.VersionAt(u, day_);
    return v ? v->name : tree_.Latest(u).name;
  }
  std::string Value(const ScoreRow& r, double v) const { return follow::FormatValue(*r.def, v, r.decimals, lang_); }
  const ScoreRow* Own(const std::string& id) const {
    auto it = own_.find(id);
    return it == own_.end() ? nullptr : &it->second;
  }
  std::string Comment(const std::string& kind, const std::string& id) const {
    auto it = comments_.find(kind + "/" + id);
    return it == comments_.end() ? "" : it->second;
  }
  const model::Plan* PlanInForce() const {
    const model::Plan* best = nullptr;
    for (const model::Plan& p : in_.config->plans) {
      if (p.year <= in_.period.year && (best == nullptr || p.year > best->year)) best = &p;
    }
    return best;
  }
  // The units below the report's unit that a ranking of `def` shows: those of a kind
  // the indicator is about, or, for an indicator about every kind, the units right
  // below.
  std::vector<const ScoreRow*> Ranked(const model::IndicatorDef& def) const {
    std::vector<const ScoreRow*> out;
    auto it = below_.find(def.id);
    if (it == below_.end()) return out;
    for (const ScoreRow& r : it->second) {
      const model::UnitVersion* v = tree_.VersionAt(r.unit, day_);
      if (v == nullptr) continue;
      // A unit without data (a branch that reports through its health centre) has no bar.
      if (r.judgement.status == StatusKind::kNoData) continue;
      const bool shown = def.applies_to.empty() ? tree_.ParentAt(r.unit, day_) == in_.unit : def.AppliesToKind(v->kind);
      if (shown) out.push_back(&r);
    }
    return out;
  }
  // The section's own text from the texts file, when there is one.
  void SectionText(const char* key) {
    auto it = in_.texts.find(key);
    if (it != in_.texts.end() && !it->second.empty()) out_ += "<div class=\"text\">" + Paragraphs(it->second) + "</div>";
  }
  void SectionStart(const char* id, Msg heading) {
    out_ += "<section class=\"section topic\" id=\"" + std::string(id) + "\"><h2>" + Escape(S(heading)) + "</h2>";
  }

  void Head() {
    const bool slides = in_.layout == Layout::kSlides;
    const std::string header = UnitName(in_.unit) + " — " + S(Msg::kReportTitle) + " " + in_.period.ToString();
    out_ += "<!doctype html>\n<html lang=\"" + std::string(LangCode(lang_)) +
            "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            "<title>" +
            Escape(header) + "</title><style>\n";
    out_ += slides ? "@page { size: 338.7mm 190.5mm; margin: 16mm 18mm 14mm 18mm;\n"
                   : "@page { size: A4 portrait; margin: 20mm 16mm 18mm 16mm;\n";
    out_ += "  @top-left { content: " + CssString(header) +
            "; font: 8.5pt \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; color: #555; }\n"
            "  @bottom-right { content: " +
            CssString(S(Msg::kReportPageNumber) + " ") + " counter(page) " + CssString(" " + S(Msg::kReportPageOf) + " ") +
            " counter(pages); font: 8.5pt \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; color: #555; }\n}\n"
            "@page :first { @top-left { content: none; } @bottom-right { content: none; } }\n";
    out_ += R"CSS(
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0;
  font-size: 9.5pt; line-height: 1.35; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media screen { body { max-width: 200mm; margin: 0 auto; padding: 12mm; } }
h1 { font-size: 26pt; margin: 0 0 4mm; color: #1f4e79; }
h2 { font-size: 17pt; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 1.5mm; margin: 0 0 4mm; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; color: #1f4e79; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #ccc; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #e8eef5; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.status { white-space: nowrap; font-weight: bold; }
table.economy th.num { white-space: normal; }  /* the indicators' names wrap, the figures do not */
table.economy-summary caption { text-align: left; font-weight: bold; padding: 1mm 0; }
.s-met { color: #1b6e2a; } .s-near { color: #8a5a00; } .s-not_met { color: #a12b2b; }
.s-no_data, .s-suppressed, .s-no_target { color: #555; font-weight: normal; }
.internal-control td { vertical-align: top; }
.ic-done b { color: #1b6e2a; } .ic-deviation b { color: #8a5a00; } .ic-not_done b { color: #a12b2b; }
.ic-none { color: #555; font-style: italic; }
figure { margin: 2mm 0 4mm; break-inside: avoid; }
figcaption { font-size: 9pt; color: #333; margin-bottom: 1mm; }
svg.chart { width: 100%; height: auto; display: block; }
.title-page { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.title-page dl { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; font-size: 11pt; }
.title-page dt { font-weight: bold; }
.title-page dd { margin: 0; }
.section { break-before: page; }
.key-indicator { break-before: page; }
.comment { border-left: 3px solid #1f4e79; padding: 1mm 3mm; background: #f4f6f9; break-inside: avoid; }
.note, .empty-section { color: #333; font-style: italic; }
.goal-tree .focus { margin-top: 3mm; }
.goal-tree td.text { width: 45%; }
.headline { font-size: 10.5pt; }
ul { margin: 0; padding-left: 4mm; }
)CSS";
    if (slides) {
      out_ += R"CSS(
body { font-size: 11.5pt; }
.title-page { height: 150mm; }
.topic { break-before: page; }
.key-indicator .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; align-items: start; }
figure { max-height: 130mm; }
)CSS";
    }
    out_ += "</style></head><body class=\"" + std::string(slides ? "slides" : "a4") + "\">\n";
  }

  void TitlePage() {
    const model::Plan* plan = PlanInForce();
    out_ += "<section class=\"title-page\" id=\"title\"><h1>" + Escape(S(Msg::kReportTitle)) + " " +
            Escape(in_.period.ToString()) + "</h1><p class=\"headline\">" + Escape(UnitName(in_.unit)) + "</p><dl>";
    auto item = [&](Msg label, const std::string& value) {
      out_ += "<dt>" + Escape(S(label)) + "</dt><dd>" + Escape(value) + "</dd>";
    };
    item(Msg::kReportAdministration, UnitName(in_.unit));
    if (plan != nullptr && !plan->decided_by.empty()) item(Msg::kReportBoard, plan->decided_by);
    item(Msg::kReportPeriod, in_.period.ToString());
    item(Msg::kReportGenerated, in_.generated_on);
    item(Msg::kReportDataVersion, in_.data_version);
    item(Msg::kReportConfigVersion, in_.config_version);
    out_ += "</dl><h4>" + Escape(S(Msg::kReportContents)) + "</h4><ol class=\"contents\">";
    for (const SectionKey& s : Sections()) out_ += "<li>" + Escape(S(s.name)) + "</li>";
    out_ += "</ol></section>\n";
  }

  // An indicator's status cell for the goal tree: its name, value and status.
  std::string IndicatorLine(const std::string& id) const {
    const model::IndicatorDef* def = in_.config->FindIndicator(id);
    const ScoreRow* r = Own(id);
    std::string name = def ? def->name : id;
    if (r == nullptr) return "<li>" + Escape(name) + ": <span class=\"note\">" + Escape(S(Msg::kReportNotForUnit)) + "</span></li>";
    return "<li data-indicator=\"" + Escape(id) + "\">" + Escape(name) + ": <b>" + Escape(Value(*r, r->cell.value)) +
           "</b> " + Badge(r->judgement.status, lang_) + "</li>";
  }

  // `counted`: the indicators its computed status counts (a goal's include its
  // assignments'); `indicators`: those listed on its row.
  void GoalRow(Msg kind, const std::string& id, const std::string& text, const std::vector<std::string>& indicators,
               const std::vector<std::string>& counted, const char* subject) {
    std::vector<follow::StatusKind> statuses;
    for (const std::string& i : counted) {
      const ScoreRow* r = Own(i);
      statuses.push_back(r ? r->judgement.status : follow::StatusKind::kNoData);
    }
    const follow::GoalStatus status = follow::CombineStatuses(statuses);
    out_ += "<tr data-goal=\"" + Escape(id) + "\" data-status=\"" + follow::StatusName(status.status) + "\"><td>" +
            Escape(S(kind)) + "</td><td class=\"text\">" + Escape(text) + "</td><td title=\"" +
            Escape(follow::GoalStatusRule(lang_)) + "\">" + Badge(status.status, lang_);
    if (const std::string counts = follow::GoalStatusCounts(status, lang_); !counts.empty()) {
      out_ += "<div class=\"note\">" + Escape(counts) + "</div>";
    }
    // The responsible person's own assessment, when one is written for the period.
    for (const store::Assessment& a : in_.assessments) {
      if (a.goal_id != id || a.period != in_.period.ToString()) continue;
      const std::optional<follow::StatusKind> kind = follow::ParseStatusName(a.status);
      out_ += "<div class=\"assessed\" data-assessed=\"" + Escape(a.status) + "\">" + Escape(S(Msg::kReportAssessed)) +
              ": " + (kind ? Badge(*kind, lang_) : Escape(a.status));
      if (!a.justification.empty()) out_ += "<div class=\"note\">" + Escape(a.justification) + "</div>";
      if (!a.responsible.empty()) out_ += "<div class=\"note\">" + Escape(a.responsible) + "</div>";
      out_ += "</div>";
    }
    out_ += "</td><td>";
    if (indicators.empty()) {
      out_ += "<span class=\"note\">" + Escape(S(Msg::kReportNoIndicators)) + "</span>";
    } else {
      out_ += "<ul>";
      for (const std::string& i : indicators) out_ += IndicatorLine(i);
      out_ += "</ul>";
    }
    out_ += "</td><td>";
    const std::string comment = Comment(subject, id);
    if (!comment.empty()) out_ += "<div class=\"comment\">" + Paragraphs(comment) + "</div>";
    out_ += "</td></tr>";
  }

  void Goals() {
    SectionStart("malstyrning", Msg::kReportGoals);
    SectionText("malstyrning");
    const model::Plan* plan = PlanInForce();
    if (plan == nullptr) {
      out_ += "<p class=\"empty-section\">" + Escape(S(Msg::kReportNoPlan, {std::to_string(in_.period.year)})) + "</p></section>\n";
      return;
    }
    out_ += "<p>" + Escape(S(Msg::kReportPlanOf, {plan->title, plan->decided_by})) + "</p><div class=\"goal-tree\">";
    for (const model::FocusArea& fa : plan->focus_areas) {
      out_ += "<div class=\"focus\" data-focus-area=\"" + Escape(fa.id) + "\"><h3>" + Escape(S(Msg::kReportFocusArea)) +
              ": " + Escape(fa.name) + "</h3><table><thead><tr><th></th><th>" + Escape(S(Msg::kReportGoal)) + " / " +
              Escape(S(Msg::kReportAssignment)) + "</th><th>" + Escape(S(Msg::kReportStatus)) + "</th><th>" +
              Escape(S(Msg::kReportIndicator)) + "</th><th>" +
              Escape(S(Msg::kReportComment)) + "</th></tr></thead><tbody>";
      for (const model::Goal& g : fa.goals) {
        GoalRow(Msg::kReportGoal, g.id, g.text, g.indicators, follow::GoalIndicators(g), "goal");
        for (const model::Assignment& a : g.assignments)
          GoalRow(Msg::kReportAssignment, a.id, a.text, a.indicators, a.indicators, "goal");
      }
      out_ += "</tbody></table></div>";
    }
    out_ += "</div></section>\n";
  }

  void Quality() {
    SectionStart("kvalitetsstyrning", Msg::kReportQuality);
    SectionText("kvalitetsstyrning");
    const std::string unit_name = UnitName(in_.unit);
    for (const Perspective& p : kPerspectives) {
      std::vector<const ScoreRow*> rows;
      for (const model::IndicatorDef& d : in_.config->catalogue) {
        if (d.perspective != p.name) continue;
        if (const ScoreRow* r = Own(d.id)) rows.push_back(r);
      }
      if (rows.empty()) continue;
      out_ += "<div class=\"perspective topic\"><h3>" + Escape(S(p.heading)) + "</h3>";
      out_ += "<table class=\"summary\" data-perspective=\"" + Escape(p.name) + "\"><thead><tr><th>" +
              Escape(S(Msg::kReportIndicator)) + "</th><th class=\"num\">" + Escape(S(Msg::kReportValue)) +
              "</th><th class=\"num\">" + Escape(S(Msg::kReportTarget)) + "</th><th>" + Escape(S(Msg::kReportStatus)) +
              "</th><th class=\"num\">" + Escape(S(Msg::kReportPreviousYear)) + "</th><th class=\"num\" colspan=\"3\">" +
              Escape(S(Msg::kReportUnitsBelow)) + " " + Escape(unit_name) + ": ● ◐ ○</th></tr></thead><tbody>";
      int met = 0, near = 0, not_met = 0;
      for (const ScoreRow* r : rows) {
        met += r->judgement.status == StatusKind::kMet;
        near += r->judgement.status == StatusKind::kNear;
        not_met += r->judgement.status == StatusKind::kNotMet;
        int counts[3] = {0, 0, 0};
        for (const ScoreRow* u : Ranked(*r->def)) {
          if (u->judgement.status == StatusKind::kMet) ++counts[0];
          if (u->judgement.status == StatusKind::kNear) ++counts[1];
          if (u->judgement.status == StatusKind::kNotMet) ++counts[2];
        }
        const follow::TargetText target = follow::DescribeTarget(*r, lang_);
        out_ += "<tr data-indicator=\"" + Escape(r->def->id) + "\"><td>" + Escape(r->def->name) +
                "</td><td class=\"num value\">" + Escape(Value(*r, r->cell.value)) + "</td><td class=\"num target\">" +
                Escape(target.text.empty() ? "–" : target.text) + "</td><td>" + Badge(r->judgement.status, lang_) +
                "</td><td class=\"num previous\">" + Escape(Value(*r, r->previous_year_value)) + "</td>";
        for (int c : counts) out_ += "<td class=\"num count\">" + std::to_string(c) + "</td>";
        out_ += "</tr>";
      }
      out_ += "</tbody></table><p class=\"counts\">" +
              Escape(S(Msg::kReportCounts, {std::to_string(met), std::to_string(near), std::to_string(not_met),
                                            std::to_string(rows.size())})) +
              "</p></div>\n";
    }
    for (const std::string& id : in_.report.key_indicators) KeyIndicator(id);
    out_ += "</section>\n";
  }

  // A line chart of one indicator over `months`: value, target, previous year.
  std::string MonthChart(const std::string& id, const std::vector<size_t>& months) const {
    const model::IndicatorDef* def = in_.config->FindIndicator(id);
    LineChart chart;
    chart.lang = lang_;
    chart.suffix = def ? Suffix(def->display, lang_) : "";
    Series value{S(Msg::kReportValue), {}, LineStyle::kSolid, true, false};
    Series target{S(Msg::kReportTarget), {}, LineStyle::kDotted, false, true};
    Series previous{S(Msg::kReportPreviousYear), {}, LineStyle::kDashed, false, false};
    for (size_t i : months) {
      chart.x_labels.push_back(months_[i].first.ToString());
      auto it = months_[i].second.find(id);
      const bool has = it != months_[i].second.end();
      value.values.push_back(has ? it->second.cell.value : NAN);
      target.values.push_back(has ? it->second.judgement.target : NAN);
      previous.values.push_back(has ? it->second.previous_year_value : NAN);
    }
    if (!chart.x_labels.empty() && def != nullptr)
      chart.title = S(Msg::kReportChartMonths, {def->name, chart.x_labels.front(), chart.x_labels.back()});
    chart.series = {value, previous, target};
    return "<figure><figcaption>" + Escape(chart.title) + "</figcaption>" + RenderLineChart(chart) + "</figure>";
  }

  std::vector<size_t> AllMonths() const {
    std::vector<size_t> all(months_.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    return all;
  }

  void KeyIndicator(const std::string& id) {
    const model::IndicatorDef* def = in_.config->FindIndicator(id);
    if (def == nullptr) return;
    out_ += "<article class=\"key-indicator topic\" data-indicator=\"" + Escape(id) + "\"><h3>" + Escape(def->name) + "</h3>";
    const ScoreRow* r = Own(id);
    if (r == nullptr) {
      out_ += "<p class=\"note\">" + Escape(S(Msg::kReportNotForUnit)) + "</p></article>\n";
      return;
    }
    const follow::TargetText target = follow::DescribeTarget(*r, lang_);
    out_ += "<p class=\"headline\">" + Escape(S(Msg::kReportValue)) + " " + Escape(in_.period.ToString()) + ": <b>" +
            Escape(Value(*r, r->cell.value)) + "</b> · " + Escape(S(Msg::kReportTarget)) + ": " +
            Escape(target.text.empty() ? "–" : target.text) + " · " + Badge(r->judgement.status, lang_) + " · " +
            Escape(S(Msg::kReportPreviousYear)) + ": " + Escape(Value(*r, r->previous_year_value)) + "</p>";
    if (!target.rule.empty()) out_ += "<p class=\"note\">" + Escape(target.rule) + "</p>";
    out_ += "<div class=\"charts\">" + MonthChart(id, AllMonths());
    // The ranking: units with a value best first, then those without one.
    std::vector<const ScoreRow*> ranked = Ranked(*def);
    std::stable_sort(ranked.begin(), ranked.end(), [&](const ScoreRow* a, const ScoreRow* b) {
      const bool av = std::isfinite(a->cell.value), bv = std::isfinite(b->cell.value);
      if (av != bv) return av;
      if (!av) return false;
      return def->better == model::Better::kHigher ? a->cell.value > b->cell.value : a->cell.value < b->cell.value;
    });
    BarChart bars;
    bars.lang = lang_;
    bars.title = S(Msg::kReportRanking, {UnitName(in_.unit), in_.period.ToString()});
    bars.mark = r->cell.value;
    bars.mark_label = UnitName(in_.unit) + " " + Value(*r, r->cell.value);
    for (const ScoreRow* u : ranked) {
      Bar b;
      b.id = tree_.id(u->unit);
      b.label = UnitName(u->unit);
      b.value = u->cell.value;
      b.status = follow::StatusName(u->judgement.status);
      b.value_text = std::isfinite(u->cell.value) ? Value(*u, u->cell.value) : follow::StatusText(u->judgement.status, lang_);
      bars.bars.push_back(std::move(b));
    }
    if (bars.bars.empty()) {
      out_ += "<p class=\"note\">" + Escape(S(Msg::kReportNoUnitsBelow, {UnitName(in_.unit)})) + "</p>";
    } else {
      out_ += "<figure><figcaption>" + Escape(bars.title) + "</figcaption>" + RenderBarChart(bars) + "</figure>";
    }
    out_ += "</div><h4>" + Escape(S(Msg::kReportComment)) + "</h4>";
    const std::string comment = Comment("indicator", id);
    out_ += comment.empty() ? "<p class=\"note\">" + Escape(S(Msg::kReportNoComment)) + "</p>"
                            : "<div class=\"comment\">" + Paragraphs(comment) + "</div>";
    out_ += "<p class=\"note\"><b>" + Escape(S(Msg::kReportDefinition)) + ":</b> " + Escape(def->definition) +
            "</p></article>\n";
  }

  // The register's risks the board prioritised or of risk value 9 or more (the rule
  // docs/report.md states), each with its controls and their results in the tertials
  // of the year up to the report's period.
  void InternalControl() {
    SectionStart("intern-kontroll", Msg::kReportInternalControl);
    SectionText("intern_kontroll");
    const std::vector<store::IcRisk>& risks = in_.internal_control;
    if (risks.empty()) {
      out_ += "<p class=\"empty-section\">" + Escape(S(Msg::kReportInternalControlEmpty)) + "</p></section>\n";
      return;
    }
    std::vector<const store::IcRisk*> shown;
    for (const store::IcRisk& r : risks) {
      if (r.board_prioritised || r.risk_value() >= 9) shown.push_back(&r);
    }
    if (shown.empty()) {
      out_ += "<p class=\"note\">" + Escape(S(Msg::kReportIcNoneShown, {std::to_string(risks.size())})) +
              "</p></section>\n";
      return;
    }
    // The tertials of the period's year that have begun by the period's end.
    std::vector<std::string> tertials;
    const int year = YearOf(in_.period.last);
    for (int t = 1; t <= 3; ++t) {
      if ((t - 1) * 4 + 1 <= MonthOf(in_.period.last)) tertials.push_back(std::to_string(year) + "-T" + std::to_string(t));
    }
    out_ += "<p class=\"note\">" + Escape(S(Msg::kReportIcRule)) + "</p>";
    out_ += "<table class=\"internal-control\"><thead><tr><th>" + Escape(S(Msg::kReportIcRisk)) + "</th><th class=\"num\">" +
            Escape(S(Msg::kReportIcRiskValue)) + "</th><th>" + Escape(S(Msg::kReportIcOwner)) + "</th><th>" +
            Escape(S(Msg::kReportIcControl)) + "</th>";
    for (const std::string& t : tertials) out_ += "<th>" + Escape(t) + "</th>";
    out_ += "</tr></thead><tbody>";
    for (const store::IcRisk* r : shown) {
      const size_t rows = std::max<size_t>(1, r->controls.size());
      const std::string span = rows > 1 ? " rowspan=\"" + std::to_string(rows) + "\"" : "";
      const int u = tree_.Find(r->unit_id);
      out_ += "<tr data-risk=\"" + std::to_string(r->id) + "\"><td" + span + "><b>" + Escape(r->title) + "</b><br><span class=\"note\">" +
              Escape(u < 0 ? r->unit_id : UnitName(u)) +
              (r->board_prioritised ? " · " + Escape(S(Msg::kReportIcBoardPrioritised)) : std::string()) +
              "</span></td><td class=\"num\"" + span + ">" + std::to_string(r->risk_value()) + " (" +
              std::to_string(r->probability) + "×" + std::to_string(r->consequence) + ")</td><td" + span + ">" +
              Escape(r->owner) + "</td>";
      if (r->controls.empty()) {
        out_ += "<td>–</td>";
        for (size_t i = 0; i < tertials.size(); ++i) out_ += "<td>–</td>";
        out_ += "</tr>";
        continue;
      }
      for (size_t ci = 0; ci < r->controls.size(); ++ci) {
        const store::IcControl& c = r->controls[ci];
        if (ci > 0) out_ += "<tr>";
        out_ += "<td>" + Escape(c.what) +
                (c.responsible.empty() ? std::string()
                                       : "<br><span class=\"note\">" + Escape(S(Msg::kReportIcResponsible)) + ": " +
                                             Escape(c.responsible) + "</span>") +
                "</td>";
        for (const std::string& t : tertials) {
          const store::IcResult* res = nullptr;
          for (const store::IcResult& x : c.results) {
            if (x.period == t) res = &x;
          }
          if (res == nullptr) {
            out_ += "<td class=\"ic-none\">" + Escape(S(Msg::kReportIcNoResult)) + "</td>";
            continue;
          }
          const Msg word = res->outcome == "done"        ? Msg::kIcOutcomeDone
                           : res->outcome == "deviation" ? Msg::kIcOutcomeDeviation
                                                         : Msg::kIcOutcomeNotDone;
          out_ += "<td class=\"ic-" + Escape(res->outcome) + "\"><b>" + Escape(S(word)) + "</b>" +
                  (res->text.empty() ? std::string() : "<br>" + Escape(res->text)) + "</td>";
        }
        out_ += "</tr>";
      }
    }
    out_ += "</tbody></table></section>\n";
  }

  // The seed's "Sammanställning budget, ekonomiskt resultat och prognos": the unit and
  // the units right below it, January through the period's last month, in tkr
  // (follow/economy.h). Nothing when the data has no ledger.
  void EconomySummary() {
    if (in_.data == nullptr || in_.data->Find("ledger") == nullptr) return;
    const Month through = in_.period.last;
    auto e = follow::Summarize(*in_.data, tree_, in_.unit, YearOf(through), through);
    if (!e.ok()) return;
    auto tkr = [&](double kr) { return Escape(FormatNumber(follow::Tkr(kr), 1, lang_)); };
    out_ += "<table class=\"economy-summary\"><caption>" +
            Escape(Say(lang_, Msg::kEconTitle,
                       {UnitName(in_.unit), FormatMonth(MakeMonth(YearOf(through), 1)), FormatMonth(through)})) +
            "</caption><thead><tr>";
    for (Msg m : {Msg::kEconUnit, Msg::kEconBudgetYear, Msg::kEconBudgetYtd, Msg::kEconActualYtd,
                  Msg::kEconDeviationYtd, Msg::kEconForecast, Msg::kEconForecastDeviation}) {
      out_ += std::string(m == Msg::kEconUnit ? "<th>" : "<th class=\"num\">") + Escape(S(m)) + "</th>";
    }
    out_ += "</tr></thead><tbody>";
    for (const follow::EconomyRow& r : e->rows) {
      out_ += "<tr data-unit=\"" + Escape(tree_.id(r.unit)) + "\"" + (r.level == 0 ? " class=\"total\"" : "") +
              "><td>" + Escape(UnitName(r.unit)) + "</td><td class=\"num\">" + tkr(r.budget_year) +
              "</td><td class=\"num\">" + tkr(r.budget_ytd) + "</td><td class=\"num\">" + tkr(r.actual_ytd) +
              "</td><td class=\"num\">" + tkr(r.deviation_ytd()) + "</td><td class=\"num\">" +
              (r.forecast ? tkr(*r.forecast) : "–") + "</td><td class=\"num\">" +
              (r.forecast ? tkr(*r.forecast - r.budget_year) : "–") + "</td></tr>";
    }
    out_ += "</tbody></table>";
  }

  void Economy() {
    SectionStart("ekonomistyrning", Msg::kReportEconomy);
    SectionText("ekonomistyrning");
    EconomySummary();
    std::vector<const model::IndicatorDef*> defs;
    for (const model::IndicatorDef& d : in_.config->catalogue) {
      if (d.perspective == "Ekonomi" && Own(d.id) != nullptr) defs.push_back(&d);
    }
    // The unit and the areas right below it, each with the economy's indicators.
    std::vector<int> units = {in_.unit};
    for (int c : tree_.ChildrenAt(in_.unit, day_)) units.push_back(c);
    out_ += "<table class=\"economy\"><thead><tr><th>" + Escape(S(Msg::kReportArea)) + "</th>";
    for (const model::IndicatorDef* d : defs) out_ += "<th class=\"num\">" + Escape(d->name) + "</th>";
    out_ += "</tr></thead><tbody>";
    for (int u : units) {
      std::map<std::string, ScoreRow> rows;
      for (ScoreRow& r : in_.follow_up->ForUnit(in_.period, u)) rows[r.def->id] = r;
      bool any = false;
      for (const model::IndicatorDef* d : defs) any = any || (rows.count(d->id) && std::isfinite(rows[d->id].cell.value));
      if (!any) continue;
      out_ += "<tr data-unit=\"" + Escape(tree_.id(u)) + "\"><td>" + Escape(UnitName(u)) + "</td>";
      for (const model::IndicatorDef* d : defs) {
        auto it = rows.find(d->id);
        out_ += "<td class=\"num\">";
        if (it != rows.end()) out_ += Escape(Value(it->second, it->second.cell.value)) + " " + Badge(it->second.judgement.status, lang_);
        out_ += "</td>";
      }
      out_ += "</tr>";
    }
    out_ += "</tbody></table><p class=\"note\">" + Escape(S(Msg::kReportEconomyNote)) + "</p>";
    // The accumulated deviation month by month through the period's last month.
    std::vector<size_t> year;
    for (size_t i = 0; i < months_.size(); ++i) {
      if (months_[i].first.year == in_.period.year) year.push_back(i);
    }
    if (Own(in_.report.economy_chart) != nullptr) out_ += MonthChart(in_.report.economy_chart, year);
    out_ += "</section>\n";
  }

  void Staff() {
    SectionStart("medarbetare", Msg::kReportStaff);
    SectionText("medarbetare");
    for (const std::string& id : in_.report.staff_charts) {
      const model::IndicatorDef* def = in_.config->FindIndicator(id);
      const ScoreRow* r = Own(id);
      if (def == nullptr || r == nullptr) continue;
      out_ += "<div class=\"staff-chart topic\" data-indicator=\"" + Escape(id) + "\"><h3>" + Escape(def->name) +
              "</h3><p class=\"headline\">" + Escape(S(Msg::kReportValue)) + " " + Escape(in_.period.ToString()) +
              ": <b>" + Escape(Value(*r, r->cell.value)) + "</b> " + Badge(r->judgement.status, lang_) + "</p>" +
              MonthChart(id, AllMonths()) + "</div>";
    }
    out_ += "</section>\n";
  }

  void Planning() {
    SectionStart("planeringsanalys", Msg::kReportPlanning);
    SectionText("planeringsanalys");
    const engine::Table* population = in_.data ? in_.data->Find("population") : nullptr;
    // The latest year of actual figures up to the period's year.
    int year = 0;
    const int actual = population ? population->schema->columns[population->schema->Find("kind")].EnumIndex("actual") : -1;
    if (population != nullptr && population->rows > 0) {
      const auto& years = population->column("year").i32;
      const auto& kinds = population->column("kind").u8;
      for (size_t i = 0; i < population->rows; ++i) {
        if (kinds[i] == actual && years[i] <= in_.period.year) year = std::max(year, years[i]);
      }
    }
    if (year == 0) {
      out_ += "<p class=\"empty-section\">" +
              Escape(S(Msg::kReportPopulationMissing, {std::to_string(in_.period.year)})) + "</p></section>\n";
      return;
    }
    static constexpr int kGroupFrom[] = {0, 20, 65, 80};
    const char* kGroupName[] = {"0–19", "20–64", "65–79", "80+"};
    std::map<int64_t, std::array<double, 4>> counts;
    const auto& years = population->column("year").i32;
    const auto& kinds = population->column("kind").u8;
    const auto& codes = population->column("municipality_code").i64;
    const auto& ages = population->column("age").i64;
    const auto& n = population->column("count").i64;
    for (size_t i = 0; i < population->rows; ++i) {
      if (years[i] != year || kinds[i] != actual) continue;
      int g = 3;
      while (g > 0 && ages[i] < kGroupFrom[g]) --g;
      counts[codes[i]][static_cast<size_t>(g)] += static_cast<double>(n[i]);
    }
    out_ += "<h3>" + Escape(S(Msg::kReportPopulation, {std::to_string(year)})) +
            "</h3><table class=\"population\"><thead><tr><th>" + Escape(S(Msg::kReportMunicipality)) + "</th>";
    for (const char* g : kGroupName) out_ += "<th class=\"num\">" + std::string(g) + "</th>";
    out_ += "<th class=\"num\">" + Escape(S(Msg::kReportTotal)) + "</th></tr></thead><tbody>";
    std::array<double, 4> total{};
    for (const auto& [code, c] : counts) {
      auto name = in_.report.municipalities.find(static_cast<int>(code));
      out_ += "<tr><td>" + std::to_string(code) +
              (name != in_.report.municipalities.end() ? " " + Escape(name->second) : std::string()) + "</td>";
      double sum = 0;
      for (size_t g = 0; g < 4; ++g) {
        out_ += "<td class=\"num\">" + Escape(FormatNumber(c[g], 0, lang_)) + "</td>";
        sum += c[g];
        total[g] += c[g];
      }
      out_ += "<td class=\"num\">" + Escape(FormatNumber(sum, 0, lang_)) + "</td></tr>";
    }
    out_ += "<tr class=\"total\"><th>" + Escape(S(Msg::kReportTotal)) + "</th>";
    double all = 0;
    for (double t : total) {
      out_ += "<th class=\"num\">" + Escape(FormatNumber(t, 0, lang_)) + "</th>";
      all += t;
    }
    out_ += "<th class=\"num\">" + Escape(FormatNumber(all, 0, lang_)) + "</th></tr></tbody></table></section>\n";
  }

  void Summary() {
    SectionStart("sammanfattning", Msg::kReportSummary);
    for (const SectionKey& s : Sections()) {
      out_ += "<div class=\"summary-text\" data-section=\"" + std::string(s.key) + "\"><h4>" + Escape(S(s.name)) + "</h4>";
      auto it = in_.texts.find(s.key);
      out_ += it != in_.texts.end() && !it->second.empty()
                  ? Paragraphs(it->second)
                  : "<p class=\"empty-section\">" + Escape(S(Msg::kReportNoText)) + "</p>";
      out_ += "</div>";
    }
    out_ += "</section>\n";
  }

  const ReportInput& in_;
  const Lang lang_;
  const model::OrgTree& tree_;
  const Days day_;
  std::map<std::string, ScoreRow> own_;
  std::map<std::string, std::vector<ScoreRow>> below_;
  std::vector<std::pair<model::Period, std::map<std::string, ScoreRow>>> months_;
  std::map<std::string, std::string> comments_;
  std::string out_;
};

}  // namespace

std::vector<model::Period> ChartMonths(const model::Period& period) {
  std::vector<model::Period> months;
  for (Month m = period.last - 23; m <= period.last; ++m) months.push_back(model::Period::MakeMonth(YearOf(m), MonthOf(m)));
  return months;
}

std::string RenderHtml(const ReportInput& input) { return Writer(input).Render(); }

}  // namespace nara::report
