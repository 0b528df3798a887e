#include "nara/follow/follow_up.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>

#include "nara/base/parallel.h"
#include "nara/engine/expr.h"
#include "nara/ingest/contract.h"

namespace nara::follow {
namespace {

// Maps a byte offset inside a TOML string to the file position of that character.
model::SourcePos PositionIn(const model::SourcePos& string_start, const std::string& text, int offset) {
  model::SourcePos p = string_start;
  offset = std::clamp(offset, 0, static_cast<int>(text.size()));
  if (text.find('\n') == std::string::npos) {
    p.column += 1 + offset;  // past the opening quote
    return p;
  }
  // A multi-line string: its text starts on the line after the opening quotes.
  int line = p.line + 1, column = 1;
  for (int i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  p.line = line;
  p.column = column;
  return p;
}

StatusOr<engine::CompiledIndicator> CompileDef(const model::IndicatorDef& d, model::Problem* problem) {
  std::string which;
  auto c = engine::CompiledIndicator::Compile(d.value, d.numerator, d.denominator, ingest::FindContractTable,
                                              &which);
  if (!c.ok()) {
    const std::string& text = which == "numerator"     ? d.numerator
                              : which == "denominator" ? d.denominator
                                                       : d.value;
    const model::SourcePos& at = which == "numerator"     ? d.numerator_pos
                                 : which == "denominator" ? d.denominator_pos
                                                          : d.value_pos;
    model::SourcePos p = PositionIn(at, text, std::max(0, engine::ErrorOffset(c.status())));
    *problem = model::Problem{Msg::kCfgExpression, {d.id, which, engine::ErrorText(c.status())}, p.file, p.line,
                              p.column};
  }
  return c;
}

}  // namespace

std::vector<model::Problem> CheckCatalogue(const std::vector<model::IndicatorDef>& catalogue) {
  std::vector<model::Problem> problems;
  for (const model::IndicatorDef& d : catalogue) {
    model::Problem p;
    if (!CompileDef(d, &p).ok()) problems.push_back(std::move(p));
  }
  return problems;
}

struct FollowUp::Impl {
  const std::vector<model::IndicatorDef>* catalogue = nullptr;
  const model::OrgTree* tree = nullptr;
  Days tree_as_of = kNullDays;
  std::vector<engine::CompiledIndicator> compiled;
  std::unique_ptr<engine::Cube> cube;
  // Every (indicator, period) is evaluated once: a period is also the previous year
  // of the next one, the baseline of others, and asked for again and again.
  mutable std::mutex mutex;
  mutable std::map<std::pair<int, std::string>, std::shared_ptr<const std::vector<engine::CellValue>>> memo;

  std::shared_ptr<const std::vector<engine::CellValue>> Values(int indicator,
                                                               const model::Period& period) const {
    auto key = std::make_pair(indicator, period.ToString());
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = memo.find(key);
      if (it != memo.end()) return it->second;
    }
    auto values = std::make_shared<const std::vector<engine::CellValue>>(cube->Evaluate(indicator, period));
    std::lock_guard<std::mutex> lock(mutex);
    return memo.emplace(key, std::move(values)).first->second;
  }
};

FollowUp::FollowUp() : impl_(std::make_unique<Impl>()) {}
FollowUp::FollowUp(FollowUp&&) noexcept = default;
FollowUp& FollowUp::operator=(FollowUp&&) noexcept = default;
FollowUp::~FollowUp() = default;

const model::OrgTree& FollowUp::tree() const { return *impl_->tree; }

StatusOr<FollowUp> FollowUp::Build(const std::vector<model::IndicatorDef>& catalogue,
                                   const model::OrgTree& tree, const engine::Dataset& data,
                                   const Options& options) {
  FollowUp f;
  Impl& im = *f.impl_;
  im.catalogue = &catalogue;
  im.tree = &tree;
  im.tree_as_of = options.tree_as_of;
  for (const model::IndicatorDef& d : catalogue) {
    model::Problem problem;
    auto c = CompileDef(d, &problem);
    if (!c.ok()) return Status::Problems({problem});
    im.compiled.push_back(std::move(c).value());
  }
  std::vector<const engine::CompiledIndicator*> list;
  for (const auto& c : im.compiled) list.push_back(&c);
  engine::CubeOptions co;
  co.first_month = MakeMonth(options.first_year - 2, 1);
  co.last_month = MakeMonth(options.last_year, 12);
  co.tree_as_of = options.tree_as_of;
  NARA_ASSIGN_OR_RETURN(engine::Cube cube, engine::Cube::Build(data, tree, std::move(list), co));
  im.cube = std::make_unique<engine::Cube>(std::move(cube));
  return f;
}

std::vector<ScoreRow> FollowUp::Scorecard(const model::Period& period) const { return Rows(period, -1); }

std::vector<ScoreRow> FollowUp::ForUnit(const model::Period& period, int unit) const {
  return Rows(period, unit);
}

// For each unit, whether it or a unit below it is, during `period`, of a kind `def`
// applies to. "Below" follows the roll-up: the tree of the time, or the tree of
// options.tree_as_of.
std::vector<bool> ApplicableUnits(const model::IndicatorDef& def, const model::OrgTree& tree, Days tree_as_of,
                                  const model::Period& period) {
  std::vector<bool> out(static_cast<size_t>(tree.size()), def.applies_to.empty());
  if (def.applies_to.empty()) return out;
  const Days first = period.first_day(), last = period.last_day();
  for (int u = 0; u < tree.size(); ++u) {
    for (const model::UnitVersion& v : tree.versions(u)) {
      if (v.valid_from > last || v.valid_to < first || !def.AppliesToKind(v.kind)) continue;
      for (const model::Placement& p : tree.Placements(u, tree_as_of)) {
        Days from = std::max({p.from, v.valid_from, first}), to = std::min({p.to, v.valid_to, last});
        if (from > to) continue;
        for (int x : p.chain) out[static_cast<size_t>(x)] = true;
      }
    }
  }
  return out;
}

bool FollowUp::Applies(const model::IndicatorDef& def, int unit, const model::Period& period) const {
  if (def.applies_to.empty()) return true;
  return ApplicableUnits(def, *impl_->tree, impl_->tree_as_of, period)[static_cast<size_t>(unit)];
}

std::vector<ScoreRow> FollowUp::Rows(const model::Period& period, int only_unit) const {
  const Impl& im = *impl_;
  const model::OrgTree& tree = *im.tree;
  std::vector<int> units;
  for (int u = 0; u < tree.size(); ++u) {
    if (only_unit >= 0 && u != only_unit) continue;
    bool valid = false;
    for (const model::UnitVersion& v : tree.versions(u)) {
      valid = valid || (v.valid_from <= period.last_day() && v.valid_to >= period.first_day());
    }
    if (valid || u == only_unit) units.push_back(u);
  }
  int year = YearOf(period.last);
  // Indicators are independent: for the whole cube each core takes the next one (one
  // unit's rows are too few to be worth threads); rows keep catalogue order.
  std::vector<std::vector<ScoreRow>> per_indicator(im.compiled.size());
  auto indicator_rows = [&](size_t i) {
    std::vector<ScoreRow>& rows = per_indicator[i];
    const model::IndicatorDef& def = (*im.catalogue)[i];
    int ind = static_cast<int>(i);
    const std::vector<engine::CellValue>& now = *im.Values(ind, period);
    const std::vector<engine::CellValue>& before = *im.Values(ind, period.ShiftYears(-1));
    std::vector<std::shared_ptr<const std::vector<engine::CellValue>>> months, months_before;
    // A comparison value is shown and used only when its own n reaches the minimum:
    // a suppressed figure must not come back as last year's value or a baseline.
    auto shown = [&](const engine::CellValue& c) { return c.n < def.min_n || c.n == 0 ? NAN : c.value; };
    const std::vector<bool> applies = ApplicableUnits(def, tree, im.tree_as_of, period);
    for (int u : units) {
      if (!applies[static_cast<size_t>(u)]) continue;
      ScoreRow row;
      row.def = &def;
      row.unit = u;
      row.period = period;
      row.cell = now[u];
      row.previous_year_value = shown(before[u]);
      row.target = def.TargetFor(year, tree.id(u));
      StatusInput in;
      in.value = now[u].value;
      in.n = now[u].n;
      in.previous_year = row.previous_year_value;
      if (row.target && row.target->kind == model::TargetKind::kChangeVsBaseline) {
        in.baseline = shown((*im.Values(ind, row.target->BaselineFor(period)))[u]);
      }
      if (row.target && row.target->kind == model::TargetKind::kEachMonthAbovePreviousYear) {
        if (months.empty()) {
          for (Month m = period.first; m <= period.last; ++m) {
            model::Period p = model::Period::MakeMonth(YearOf(m), MonthOf(m));
            months.push_back(im.Values(ind, p));
            months_before.push_back(im.Values(ind, p.ShiftYears(-1)));
          }
        }
        for (size_t m = 0; m < months.size(); ++m) {
          in.months.push_back(shown((*months[m])[u]));
          in.months_previous_year.push_back(shown((*months_before[m])[u]));
        }
      }
      row.judgement = Judge(def, row.target, period, in);
      // A suppressed value is not shown, and neither is one with nothing behind it.
      StatusKind status = row.judgement.status;
      if (status == StatusKind::kSuppressed || status == StatusKind::kNoData) {
        row.cell.value = row.cell.numerator = row.cell.denominator = NAN;
      }
      row.decimals = ShownDecimals(def, row.judgement, row.cell.value);
      rows.push_back(std::move(row));
    }
  };
  if (only_unit >= 0) {
    for (size_t i = 0; i < per_indicator.size(); ++i) indicator_rows(i);
  } else {
    ParallelFor(per_indicator.size(), indicator_rows);
  }
  std::vector<ScoreRow> rows;
  rows.reserve(units.size() * per_indicator.size());
  for (auto& part : per_indicator) std::move(part.begin(), part.end(), std::back_inserter(rows));
  return rows;
}

}  // namespace nara::follow
