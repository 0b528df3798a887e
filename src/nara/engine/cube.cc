// Cube: partial aggregates per (placement, month), rolled up to (unit, month), and
// combined over any period on request. See indicator.h for the model.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "nara/engine/compile.h"
#include "nara/engine/indicator.h"
#include "nara/engine/row_eval.h"

namespace nara::engine {
namespace {

bool IsDecomposable(AggKind k) {
  return k == AggKind::kCount || k == AggKind::kSum || k == AggKind::kShare || k == AggKind::kMean ||
         k == AggKind::kWMean;
}

struct Tuple {
  double key;
  double time;
  uint32_t row;
  bool hit;
};

struct Best {
  double time = -INFINITY;
  int64_t row = -1;
  double value = NAN;
};

// Where every row of a table lands, for one `by` column.
struct Placing {
  std::vector<int32_t> cell;  // placement * months + month index, or -1
  std::vector<double> time;   // the by-value, for ordering (last, share_latest)
  int cov_first = -1;         // months covered by rows (indexes), -1 when none
  int cov_last = -1;
};

struct Partial {
  AggKind kind = AggKind::kCount;
  Window window = Window::kPeriod;
  double p = 50;
  const Placing* placing = nullptr;
  // Decomposable kinds: prefix sums per unit over months, (months + 1) per unit.
  std::vector<double> a, b, n;
  // Value lists (median, percentile, count_distinct) and tuples (share_latest) per
  // unit, each ordered by month with offsets[u][m] the start of month m.
  std::vector<std::vector<uint32_t>> offsets;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<Tuple>> tuples;
  // kLast: the latest value of each unit's own rows per month (units × months).
  std::vector<Best> best;
};

struct AggResult {
  double value = NAN;
  double numerator = NAN;
  double denominator = NAN;
  int64_t n = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return NAN;
  double h = (static_cast<double>(v.size()) - 1) * p / 100.0;
  size_t lo = static_cast<size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  double x = v[lo];
  if (lo + 1 < v.size() && h > lo) {
    double y = *std::min_element(v.begin() + lo + 1, v.end());
    x += (h - lo) * (y - x);
  }
  return x;
}

}  // namespace

struct Cube::Impl {
  const model::OrgTree* tree = nullptr;
  CubeOptions options;
  int months = 0;
  int units = 0;
  std::vector<model::Placement> placements;
  std::vector<int> first_placement;                 // per unit
  std::vector<int> placement_count;                 // per unit
  std::vector<std::vector<int>> placements_under;   // per unit: placements whose chain holds it
  std::vector<int> placement_unit;                  // per placement: its unit
  std::vector<const CompiledIndicator*> indicators;
  std::vector<std::vector<int>> partial_of;         // per indicator, per aggregate: index in partials
  std::vector<Partial> partials;
  std::map<std::pair<const Table*, int>, std::unique_ptr<Placing>> placings;

  int PlacementOf(int unit, Days day) const {
    int first = first_placement[unit], count = placement_count[unit];
    if (count == 1) return first;
    for (int i = 0; i < count; ++i) {
      const model::Placement& pl = placements[first + i];
      if (day <= pl.to) return first + i;  // before the first stretch: clamp to it
    }
    return first + count - 1;
  }

  const Placing& PlacingFor(const Table& table, int by) {
    auto& slot = placings[{&table, by}];
    if (slot) return *slot;
    slot = std::make_unique<Placing>();
    Placing& pl = *slot;
    pl.cell.assign(table.rows, -1);
    pl.time.assign(table.rows, NAN);
    int unit_col = table.schema->Find("unit_id");
    const Column& bc = table.columns[by];
    const Column& uc = table.columns[unit_col];
    Days first_day = FirstDayOfMonth(options.first_month);
    Days last_day = LastDayOfMonth(options.last_month);
    std::vector<int16_t> month_of_day(static_cast<size_t>(last_day - first_day + 1));
    for (Days d = first_day; d <= last_day; ++d) {
      month_of_day[d - first_day] = static_cast<int16_t>(MonthOfDays(d) - options.first_month);
    }
    for (size_t r = 0; r < table.rows; ++r) {
      Days day;
      double time;
      switch (bc.type) {
        case ColumnType::kInstant: {
          int64_t t = bc.i64[r];
          if (t == kNullI64) continue;
          day = LocalDay(t);
          time = static_cast<double>(t);
          break;
        }
        case ColumnType::kMonth: {
          int32_t m = bc.i32[r];
          if (m == kNullI32) continue;
          day = FirstDayOfMonth(m);
          time = day;
          break;
        }
        case ColumnType::kYear: {
          int32_t y = bc.i32[r];
          if (y == kNullI32 || y < 1900 || y > 2200) continue;
          day = DaysFromCivil(y, 1, 1);
          time = day;
          break;
        }
        default: {
          int32_t d = bc.i32[r];
          if (d == kNullI32) continue;
          day = d;
          time = d;
          break;
        }
      }
      if (day < first_day || day > last_day) continue;
      int m = month_of_day[day - first_day];
      int placement = PlacementOf(uc.i32[r], day);
      pl.cell[r] = placement * months + m;
      pl.time[r] = time;
      pl.cov_first = pl.cov_first < 0 ? m : std::min(pl.cov_first, m);
      pl.cov_last = std::max(pl.cov_last, m);
    }
    return pl;
  }

  void BuildPartial(const Aggregate& agg, const Table* table, Partial* out) {
    out->kind = agg.kind;
    out->window = agg.window;
    out->p = agg.p;
    const int P = static_cast<int>(placements.size());
    const int M = months;
    static const Placing kEmpty;
    const Placing& pl = table ? PlacingFor(*table, agg.by_column) : kEmpty;
    out->placing = &pl;
    const size_t rows = table ? table->rows : 0;
    std::vector<double> ca, cb, cn;
    std::vector<std::pair<int32_t, double>> items;
    std::vector<std::pair<int32_t, Tuple>> tuple_items;
    bool decomposable = IsDecomposable(agg.kind);
    if (decomposable) {
      ca.assign(static_cast<size_t>(P) * M, 0);
      cb.assign(static_cast<size_t>(P) * M, 0);
      cn.assign(static_cast<size_t>(P) * M, 0);
    }
    if (agg.kind == AggKind::kLast) out->best.assign(static_cast<size_t>(units) * M, Best{});
    if (table) {
      RowEvaluator eval(*table, *tree);
      std::vector<double> w(kChunk), x(kChunk), y(kChunk);
      for (size_t begin = 0; begin < rows; begin += kChunk) {
        size_t count = std::min(kChunk, rows - begin);
        if (agg.where) eval.Eval(*agg.where, begin, count, w.data());
        if (!agg.args.empty()) eval.Eval(agg.args[0], begin, count, x.data());
        if (agg.args.size() > 1) eval.Eval(agg.args[1], begin, count, y.data());
        const int32_t* cells = pl.cell.data() + begin;
        for (size_t i = 0; i < count; ++i) {
          int32_t c = cells[i];
          if (c < 0 || (agg.where && w[i] != 1)) continue;
          switch (agg.kind) {
            case AggKind::kCount:
              cn[c] += 1;
              break;
            case AggKind::kSum:
            case AggKind::kMean:
              if (!std::isnan(x[i])) ca[c] += x[i], cn[c] += 1;
              break;
            case AggKind::kShare:
              cn[c] += 1;
              if (x[i] == 1) ca[c] += 1;
              break;
            case AggKind::kWMean:
              if (!std::isnan(x[i]) && !std::isnan(y[i])) ca[c] += x[i] * y[i], cb[c] += y[i], cn[c] += 1;
              break;
            case AggKind::kMedian:
            case AggKind::kCountDistinct:
              if (!std::isnan(x[i])) items.emplace_back(c, x[i]);
              break;
            case AggKind::kPercentile:
              if (!std::isnan(y[i])) items.emplace_back(c, y[i]);
              break;
            case AggKind::kShareLatest:
              if (!std::isnan(x[i])) {
                tuple_items.emplace_back(c, Tuple{x[i], pl.time[begin + i], static_cast<uint32_t>(begin + i), y[i] == 1});
              }
              break;
            case AggKind::kLast: {
              if (std::isnan(x[i])) break;
              int unit = placement_unit[c / M];
              Best& b = out->best[static_cast<size_t>(unit) * M + c % M];
              double t = pl.time[begin + i];
              if (t > b.time || (t == b.time && static_cast<int64_t>(begin + i) > b.row)) {
                b = Best{t, static_cast<int64_t>(begin + i), x[i]};
              }
              break;
            }
          }
        }
      }
    }
    if (decomposable) {
      // Roll up to every unit of each placement's chain, then prefix sums over months.
      out->a.assign(static_cast<size_t>(units) * (M + 1), 0);
      out->b.assign(out->a.size(), 0);
      out->n.assign(out->a.size(), 0);
      for (int p = 0; p < P; ++p) {
        for (int u : placements[p].chain) {
          for (int m = 0; m < M; ++m) {
            size_t src = static_cast<size_t>(p) * M + m, dst = static_cast<size_t>(u) * (M + 1) + m + 1;
            out->a[dst] += ca[src];
            out->b[dst] += cb[src];
            out->n[dst] += cn[src];
          }
        }
      }
      for (int u = 0; u < units; ++u) {
        size_t base = static_cast<size_t>(u) * (M + 1);
        for (int m = 1; m <= M; ++m) {
          out->a[base + m] += out->a[base + m - 1];
          out->b[base + m] += out->b[base + m - 1];
          out->n[base + m] += out->n[base + m - 1];
        }
      }
    } else if (agg.kind == AggKind::kShareLatest) {
      Distribute(tuple_items, &out->tuples, &out->offsets);
    } else if (agg.kind != AggKind::kLast) {
      Distribute(items, &out->values, &out->offsets);
    }
  }

  // Groups (cell, item) pairs by cell, then lays each unit's items out by month,
  // taking every placement under the unit.
  template <typename T>
  void Distribute(std::vector<std::pair<int32_t, T>>& items, std::vector<std::vector<T>>* per_unit,
                  std::vector<std::vector<uint32_t>>* offsets) {
    const size_t cells = placements.size() * static_cast<size_t>(months);
    std::vector<uint32_t> start(cells + 1, 0);
    for (const auto& it : items) ++start[it.first + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<T> sorted(items.size());
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (const auto& it : items) sorted[fill[it.first]++] = it.second;
    per_unit->assign(units, {});
    offsets->assign(units, std::vector<uint32_t>(months + 1, 0));
    for (int u = 0; u < units; ++u) {
      auto& v = (*per_unit)[u];
      auto& off = (*offsets)[u];
      for (int m = 0; m < months; ++m) {
        off[m] = static_cast<uint32_t>(v.size());
        for (int p : placements_under[u]) {
          size_t c = static_cast<size_t>(p) * months + m;
          v.insert(v.end(), sorted.begin() + start[c], sorted.begin() + start[c + 1]);
        }
      }
      off[months] = static_cast<uint32_t>(v.size());
    }
  }

  // Month indexes [*a, *b] of an aggregate's window for `period`; false if empty.
  bool WindowOf(const Partial& part, const model::Period& period, int* a, int* b, Days* end_day) const {
    Month first = period.first, last = period.last;
    switch (part.window) {
      case Window::kPeriod: break;
      case Window::kYearToDate: first = MakeMonth(YearOf(last), 1); break;
      case Window::kYear:
        first = MakeMonth(YearOf(last), 1);
        last = MakeMonth(YearOf(last), 12);
        break;
      case Window::kPreviousYear:
        first -= 12;
        last -= 12;
        break;
      case Window::kToDate: first = options.first_month; break;
    }
    *end_day = LastDayOfMonth(last);
    *a = std::max(first, options.first_month) - options.first_month;
    *b = std::min(last, options.last_month) - options.first_month;
    if (*a > *b) return false;
    const Placing& pl = *part.placing;
    return pl.cov_first >= 0 && *a <= pl.cov_last && *b >= pl.cov_first;
  }

  std::vector<AggResult> Results(const Partial& part, const model::Period& period) const {
    std::vector<AggResult> out(units);
    int a, b;
    Days end_day;
    if (!WindowOf(part, period, &a, &b, &end_day)) return out;
    const int M = months;
    if (IsDecomposable(part.kind)) {
      for (int u = 0; u < units; ++u) {
        size_t base = static_cast<size_t>(u) * (M + 1);
        double sa = part.a[base + b + 1] - part.a[base + a];
        double sb = part.b[base + b + 1] - part.b[base + a];
        double sn = part.n[base + b + 1] - part.n[base + a];
        AggResult& r = out[u];
        r.n = static_cast<int64_t>(std::llround(sn));
        switch (part.kind) {
          case AggKind::kCount: r.value = r.numerator = sn; break;
          case AggKind::kSum: r.value = r.numerator = sa; break;
          case AggKind::kShare:
            r.numerator = sa;
            r.denominator = sn;
            r.value = sn > 0 ? 100.0 * sa / sn : NAN;
            break;
          case AggKind::kMean:
            r.numerator = sa;
            r.denominator = sn;
            r.value = sn > 0 ? sa / sn : NAN;
            break;
          case AggKind::kWMean:
            r.numerator = sa;
            r.denominator = sb;
            r.value = sb != 0 ? sa / sb : NAN;
            break;
          default: break;
        }
      }
      return out;
    }
    if (part.kind == AggKind::kLast) {
      for (int u = 0; u < units; ++u) {
        if (!tree->ValidOn(u, end_day)) continue;
        Best best;
        for (int m = a; m <= b; ++m) {
          const Best& x = part.best[static_cast<size_t>(u) * M + m];
          if (x.row >= 0 && (x.time > best.time || (x.time == best.time && x.row > best.row))) best = x;
        }
        if (best.row < 0) continue;
        const std::vector<int>& chain = placements[PlacementOf(u, end_day)].chain;
        for (int x : chain) {
          AggResult& r = out[x];
          r.value = (r.n == 0 ? 0 : r.value) + best.value;
          r.numerator = r.value;
          r.n += 1;
        }
      }
      return out;
    }
    std::vector<double> scratch;
    std::vector<Tuple> tuples;
    for (int u = 0; u < units; ++u) {
      AggResult& r = out[u];
      const auto& off = part.offsets.empty() ? std::vector<uint32_t>() : part.offsets[u];
      if (off.empty()) continue;
      if (part.kind == AggKind::kShareLatest) {
        tuples.assign(part.tuples[u].begin() + off[a], part.tuples[u].begin() + off[b + 1]);
        std::sort(tuples.begin(), tuples.end(), [](const Tuple& x, const Tuple& y) {
          return x.key != y.key ? x.key < y.key : x.time != y.time ? x.time < y.time : x.row < y.row;
        });
        double keys = 0, hits = 0;
        for (size_t i = 0; i < tuples.size(); ++i) {
          if (i + 1 == tuples.size() || tuples[i + 1].key != tuples[i].key) {
            keys += 1;
            hits += tuples[i].hit;
          }
        }
        r.n = static_cast<int64_t>(keys);
        r.numerator = hits;
        r.denominator = keys;
        r.value = keys > 0 ? 100.0 * hits / keys : NAN;
        continue;
      }
      scratch.assign(part.values[u].begin() + off[a], part.values[u].begin() + off[b + 1]);
      r.n = static_cast<int64_t>(scratch.size());
      if (part.kind == AggKind::kCountDistinct) {
        std::sort(scratch.begin(), scratch.end());
        r.value = r.numerator = static_cast<double>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
      } else {
        r.value = Percentile(scratch, part.kind == AggKind::kMedian ? 50 : part.p);
      }
    }
    return out;
  }
};

Cube::Cube() : impl_(std::make_unique<Impl>()) {}
Cube::Cube(Cube&&) noexcept = default;
Cube& Cube::operator=(Cube&&) noexcept = default;
Cube::~Cube() = default;

const CubeOptions& Cube::options() const { return impl_->options; }

StatusOr<Cube> Cube::Build(const Dataset& data, const model::OrgTree& tree,
                           std::vector<const CompiledIndicator*> indicators, const CubeOptions& options) {
  if (options.last_month < options.first_month) return Status::Invalid("the cube covers no months");
  Cube cube;
  Impl& im = *cube.impl_;
  im.tree = &tree;
  im.options = options;
  im.months = options.last_month - options.first_month + 1;
  im.units = tree.size();
  im.indicators = std::move(indicators);
  im.placements_under.assign(im.units, {});
  for (int u = 0; u < im.units; ++u) {
    im.first_placement.push_back(static_cast<int>(im.placements.size()));
    std::vector<model::Placement> own = tree.Placements(u, options.tree_as_of);
    im.placement_count.push_back(static_cast<int>(own.size()));
    for (model::Placement& p : own) {
      for (int x : p.chain) im.placements_under[x].push_back(static_cast<int>(im.placements.size()));
      im.placement_unit.push_back(u);
      im.placements.push_back(std::move(p));
    }
  }
  for (const CompiledIndicator* ind : im.indicators) {
    std::vector<int> ids;
    for (const Aggregate& agg : ind->program().aggregates) {
      const Table* table = data.Find(agg.table);
      if (table && table->schema->Find("unit_id") < 0) {
        return Status::Invalid("table '" + agg.table + "' has no unit_id and cannot be rolled up by unit");
      }
      ids.push_back(static_cast<int>(im.partials.size()));
      im.partials.emplace_back();
      im.BuildPartial(agg, table, &im.partials.back());
    }
    im.partial_of.push_back(std::move(ids));
  }
  return cube;
}

namespace {

double EvalCell(const CellExpr& c, const std::vector<std::vector<AggResult>>& results, int unit,
                const model::Period& period) {
  switch (c.op) {
    case CellOp::kAggregate: return results[c.aggregate][unit].value;
    case CellOp::kConst: return c.constant;
    case CellOp::kMonths: return period.months();
    case CellOp::kDays: return period.days();
    case CellOp::kNeg: return -EvalCell(c.args[0], results, unit, period);
    default: break;
  }
  double a = EvalCell(c.args[0], results, unit, period);
  double b = EvalCell(c.args[1], results, unit, period);
  switch (c.op) {
    case CellOp::kAdd: return a + b;
    case CellOp::kSub: return a - b;
    case CellOp::kMul: return a * b;
    case CellOp::kDiv: return b == 0 ? NAN : a / b;
    default: return NAN;
  }
}

}  // namespace

std::vector<CellValue> Cube::Evaluate(int indicator, const model::Period& period) const {
  const Impl& im = *impl_;
  const IndicatorProgram& prog = im.indicators[indicator]->program();
  std::vector<std::vector<AggResult>> results;
  for (int id : im.partial_of[indicator]) results.push_back(im.Results(im.partials[id], period));
  std::vector<CellValue> out(im.units);
  for (int u = 0; u < im.units; ++u) {
    CellValue& v = out[u];
    v.value = EvalCell(prog.value, results, u, period);
    if (prog.own_fraction) {
      v.numerator = results[0][u].numerator;
      v.denominator = results[0][u].denominator;
    } else {
      if (prog.numerator) v.numerator = EvalCell(*prog.numerator, results, u, period);
      if (prog.denominator) v.denominator = EvalCell(*prog.denominator, results, u, period);
    }
    v.n = results[prog.n_aggregate][u].n;
  }
  return out;
}

}  // namespace nara::engine
