#include "nara/model/target.h"

#include <charconv>

#include "nara/base/text.h"

namespace nara::model {
namespace {

bool ParseNumber(std::string_view s, double* out) {
  std::string t;
  for (char c : s) {
    if (c == ' ') continue;
    t += c == ',' ? '.' : c;
  }
  if (t.empty()) return false;
  if (t[0] == '+') t.erase(0, 1);
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
  return ec == std::errc() && p == t.data() + t.size();
}

}  // namespace

StatusOr<TargetSpec> ParseTarget(std::string_view raw) {
  std::string_view text = Trim(raw);
  TargetSpec t;
  t.text = std::string(text);
  auto bad = [&](Msg code, std::string arg = {}) {
    std::vector<std::string> args{t.text};
    if (!arg.empty()) args.push_back(std::move(arg));
    return Status::Problems({Problem{code, std::move(args)}});
  };
  struct Op {
    std::string_view op;
    TargetKind kind;
  };
  static constexpr Op kOps[] = {{">=", TargetKind::kAtLeast},
                                {"<=", TargetKind::kAtMost},
                                {">", TargetKind::kAbove},
                                {"<", TargetKind::kBelow}};
  for (const Op& op : kOps) {
    if (text.substr(0, op.op.size()) == op.op) {
      t.kind = op.kind;
      if (!ParseNumber(text.substr(op.op.size()), &t.value)) return bad(Msg::kTargetNumberAfter, std::string(op.op));
      return t;
    }
  }
  std::vector<std::string_view> words;
  for (std::string_view w : Split(text, ' ')) {
    if (!w.empty()) words.push_back(w);
  }
  if (words.empty()) return bad(Msg::kTargetEmpty);
  std::string_view head = words[0];
  auto change = [&](std::string_view w) -> bool {
    if (w.empty() || (w[0] != '+' && w[0] != '-')) return false;
    if (w.back() == '%') {
      t.percent = true;
      w.remove_suffix(1);
    }
    return ParseNumber(w, &t.value);
  };
  if (head == "change_vs_previous_year") {
    t.kind = TargetKind::kChangeVsPreviousYear;
    if (words.size() != 2 || !change(words[1])) return bad(Msg::kTargetChangeExample);
    return t;
  }
  if (head == "change_vs_baseline") {
    t.kind = TargetKind::kChangeVsBaseline;
    if (words.size() != 4 || !change(words[1]) || words[2] != "at") {
      return bad(Msg::kTargetBaselineExample);
    }
    std::string_view at = words[3];
    if (at == "previous_year") {
      t.baseline = BaselineKind::kPreviousYear;
    } else if (at == "previous_year_end") {
      t.baseline = BaselineKind::kPreviousYearEnd;
    } else {
      auto p = ParsePeriod(at);
      if (!p.ok()) return bad(Msg::kTargetBadBaseline, std::string(at));
      t.baseline = BaselineKind::kPeriod;
      t.baseline_period = *p;
    }
    return t;
  }
  if (words.size() == 1) {
    if (head == "each_month_above_previous_year") return t.kind = TargetKind::kEachMonthAbovePreviousYear, t;
    if (head == "within_budget") return t.kind = TargetKind::kWithinBudget, t;
    if (head == "follow_only") return t.kind = TargetKind::kFollowOnly, t;
    if (head == "not_set") return t.kind = TargetKind::kNotSet, t;
  }
  return bad(Msg::kTargetUnknown);
}

Period TargetSpec::BaselineFor(const Period& period) const {
  int year = YearOf(period.last);
  switch (baseline) {
    case BaselineKind::kPreviousYear: return Period::Year(year - 1);
    case BaselineKind::kPreviousYearEnd: return Period::MakeMonth(year - 1, 12);
    default: return baseline_period;
  }
}

}  // namespace nara::model
