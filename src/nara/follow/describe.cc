#include "nara/follow/describe.h"

#include "nara/follow/follow_up.h"

namespace nara::follow {
namespace {

// The unit written after a value, with a no-break space.
std::string Suffix(const std::string& display, Lang lang) {
  if (display == "percent") return "\u00a0%";
  if (display == "minutes") return "\u00a0min";
  if (display == "months") return lang == Lang::kSv ? "\u00a0mån" : "\u00a0mo";
  if (display == "mnkr") return "\u00a0Mnkr";
  return "";
}

// A figure as written in the plan: no more digits than it has (95, 15,2, 655 462).
std::string Written(double v, int max_decimals, Lang lang) {
  std::string s = FormatNumber(v, max_decimals, lang);
  char point = lang == Lang::kSv ? ',' : '.';
  size_t at = s.find(point);
  if (at == std::string::npos) return s;
  size_t end = s.find_last_not_of('0');
  if (end == at) end = at - 1;
  s.erase(end + 1);
  return s;
}

// The comparison sign, with a no-break space so it never ends a line alone.
const char* Symbol(Comparison op) {
  switch (op) {
    case Comparison::kAtLeast: return "≥\u00a0";
    case Comparison::kAbove: return ">\u00a0";
    case Comparison::kAtMost: return "≤\u00a0";
    case Comparison::kBelow: return "<\u00a0";
    case Comparison::kNone: break;
  }
  return "";
}

Comparison OpOf(model::TargetKind kind) {
  switch (kind) {
    case model::TargetKind::kAtLeast: return Comparison::kAtLeast;
    case model::TargetKind::kAbove: return Comparison::kAbove;
    case model::TargetKind::kAtMost: return Comparison::kAtMost;
    case model::TargetKind::kBelow: return Comparison::kBelow;
    default: return Comparison::kNone;
  }
}

int Digits(const model::IndicatorDef& def) { return def.display == "count" ? 0 : def.decimals; }

std::string Signed(std::string number, double v) {
  return (v >= 0 && number.rfind("\u2212", 0) != 0 && number[0] != '-' ? "+" : "") + number;
}

// The change a target asks for, as written: "+10 %", "+500", "+0,5 Mnkr".
std::string WrittenChange(const model::IndicatorDef& def, const model::TargetSpec& t, Lang lang) {
  std::string n = Written(t.value, Digits(def) + 2, lang);
  return Signed(n, t.value) + (t.percent ? "\u00a0%" : (def.display == "percent" ? "" : Suffix(def.display, lang)));
}

}  // namespace

std::string StatusText(StatusKind status, Lang lang) {
  return Say(lang, static_cast<Msg>(static_cast<int>(Msg::kStatusMet) + static_cast<int>(status)));
}

std::string FormatValue(const model::IndicatorDef& def, double value, int decimals, Lang lang) {
  if (std::isnan(value)) return "–";
  return FormatNumber(value, decimals, lang) + Suffix(def.display, lang);
}

std::string DescribeRule(const model::IndicatorDef& def, const model::TargetSpec& t, Lang lang) {
  using model::TargetKind;
  switch (t.kind) {
    case TargetKind::kAtLeast:
    case TargetKind::kAbove:
    case TargetKind::kAtMost:
    case TargetKind::kBelow:
      return Symbol(OpOf(t.kind)) + Written(t.value, Digits(def) + 2, lang) + Suffix(def.display, lang);
    case TargetKind::kChangeVsPreviousYear:
      return Say(lang, Msg::kRuleChangeVsPreviousYear, {WrittenChange(def, t, lang)});
    case TargetKind::kChangeVsBaseline:
      switch (t.baseline) {
        case model::BaselineKind::kPreviousYear:
          return Say(lang, Msg::kRuleChangeVsPreviousYearWhole, {WrittenChange(def, t, lang)});
        case model::BaselineKind::kPreviousYearEnd:
          return Say(lang, Msg::kRuleChangeVsPreviousYearEnd, {WrittenChange(def, t, lang)});
        default:
          return Say(lang, Msg::kRuleChangeVsBaseline, {WrittenChange(def, t, lang), t.baseline_period.ToString()});
      }
    case TargetKind::kEachMonthAbovePreviousYear: return Say(lang, Msg::kRuleEachMonthAbovePreviousYear);
    case TargetKind::kWithinBudget: return Say(lang, Msg::kRuleWithinBudget);
    case TargetKind::kFollowOnly: return Say(lang, Msg::kRuleFollowOnly);
    case TargetKind::kNotSet: return Say(lang, Msg::kRuleNotSet);
  }
  return "";
}

TargetText DescribeTarget(const ScoreRow& row, Lang lang) {
  using model::TargetKind;
  TargetText out;
  if (row.target == nullptr) return out;
  const model::IndicatorDef& def = *row.def;
  const model::TargetSpec& t = *row.target;
  const AppliedTarget& a = row.judgement.applied;
  auto value = [&](double v) { return FormatValue(def, v, row.decimals, lang); };
  switch (t.kind) {
    case TargetKind::kAtLeast:
    case TargetKind::kAbove:
    case TargetKind::kAtMost:
    case TargetKind::kBelow:
      if (std::isnan(a.yearly)) {
        out.text = DescribeRule(def, t, lang);
      } else {
        out.text = Symbol(a.op) + value(a.threshold);
        out.rule = Say(lang, Msg::kAppliedPerYear,
                       {Written(a.yearly, Digits(def) + 2, lang) + Suffix(def.display, lang), value(a.threshold),
                        row.period.ToString()});
      }
      return out;
    case TargetKind::kChangeVsPreviousYear:
    case TargetKind::kChangeVsBaseline:
      if (a.reference_missing) {
        out.text = DescribeRule(def, t, lang);
        out.rule = Say(lang, Msg::kAppliedReferenceMissing, {a.reference_period.ToString()});
        return out;
      }
      out.text = Symbol(a.op) + value(a.threshold);
      if (std::isnan(a.change_per_year)) {
        out.rule = Say(lang, Msg::kAppliedChangeOn,
                       {WrittenChange(def, t, lang), a.reference_period.ToString(), value(a.reference)});
      } else {
        out.rule = Say(lang, Msg::kAppliedChangePerYear,
                       {WrittenChange(def, t, lang), a.reference_period.ToString(), value(a.reference),
                        Signed(value(a.change), a.change), FormatDate(row.period.last_day())});
      }
      return out;
    case TargetKind::kEachMonthAbovePreviousYear:
      out.text = DescribeRule(def, t, lang);
      out.rule = a.reference_missing
                     ? Say(lang, Msg::kAppliedReferenceMissing, {a.reference_period.ToString()})
                     : Say(lang, Msg::kAppliedMonthsAbove,
                           {std::to_string(a.months_above), std::to_string(a.months_total)});
      return out;
    case TargetKind::kWithinBudget:
      out.text = Symbol(a.op) + FormatNumber(1, row.decimals, lang);
      out.rule = DescribeRule(def, t, lang);
      return out;
    case TargetKind::kFollowOnly:
    case TargetKind::kNotSet:
      out.text = DescribeRule(def, t, lang);
      return out;
  }
  return out;
}

}  // namespace nara::follow
