// Cube: partial aggregates per (placement, month), rolled up to (unit, month), and
// combined over any period on request. See indicator.h for the model.
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <numeric>

#include "nara/base/memory.h"
#include "nara/base/parallel.h"
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

bool TupleBefore(const Tuple& x, const Tuple& y) {
  return x.key != y.key ? x.key < y.key : x.time != y.time ? x.time < y.time : x.row < y.row;
}

// The k-th smallest (0-based) value of the union of sorted runs [begin_i, end_i).
// Narrows every run around a pivot instead of copying: O(runs · log² n).
double SelectKth(std::vector<std::pair<const double*, const double*>> runs, size_t k) {
  while (true) {
    size_t total = 0, widest = 0, widest_size = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
      size_t n = static_cast<size_t>(runs[i].second - runs[i].first);
      total += n;
      if (n > widest_size) widest = i, widest_size = n;
    }
    if (total <= 64) {
      std::vector<double> rest;
      for (const auto& r : runs) rest.insert(rest.end(), r.first, r.second);
      std::nth_element(rest.begin(), rest.begin() + k, rest.end());
      return rest[k];
    }
    const auto& w = runs[widest];
    double pivot = w.first[widest_size / 2];
    size_t less = 0, equal = 0;
    std::vector<std::pair<const double*, const double*>> bounds(runs.size());
    for (size_t i = 0; i < runs.size(); ++i) {
      const double* lo = std::lower_bound(runs[i].first, runs[i].second, pivot);
      const double* hi = std::upper_bound(lo, runs[i].second, pivot);
      bounds[i] = {lo, hi};
      less += static_cast<size_t>(lo - runs[i].first);
      equal += static_cast<size_t>(hi - lo);
    }
    if (k < less) {
      for (size_t i = 0; i < runs.size(); ++i) runs[i].second = bounds[i].first;
    } else if (k < less + equal) {
      return pivot;
    } else {
      k -= less + equal;
      for (size_t i = 0; i < runs.size(); ++i) runs[i].first = bounds[i].second;
    }
  }
}

// `agg` for the rows of one year: its filter and "the for column's year = year".
Aggregate ForYear(const Aggregate& agg, int year) {
  Aggregate out = agg;
  out.for_column = -1;
  out.about_year = true;
  RowExpr column;
  column.op = RowOp::kColumn;
  column.column = agg.for_column;
  column.type = agg.for_type;
  RowExpr year_of = column;
  if (agg.for_type != ValueType::kNumber) {
    year_of = RowExpr();
    year_of.op = RowOp::kYear;
    year_of.type = ValueType::kNumber;
    year_of.args = {column};
  }
  RowExpr value;
  value.op = RowOp::kConst;
  value.constant = year;
  RowExpr equal;
  equal.op = RowOp::kEq;
  equal.type = ValueType::kBool;
  equal.args = {std::move(year_of), std::move(value)};
  if (out.where) {
    RowExpr both;
    both.op = RowOp::kAnd;
    both.type = ValueType::kBool;
    both.args = {std::move(*out.where), std::move(equal)};
    out.where = std::move(both);
  } else {
    out.where = std::move(equal);
  }
  return out;
}

struct Best {
  double time = -INFINITY;
  int64_t row = -1;
  double value = NAN;
  int32_t placement = -1;  // where the row landed
};

// Where every row of a table lands, for one `by` column.
struct Placing {
  std::vector<int32_t> cell;  // placement * months + month index, or -1
  int cov_first = -1;         // months covered by rows (indexes), -1 when none
  int cov_last = -1;
};

struct Partial {
  AggKind kind = AggKind::kCount;
  Window window = Window::kPeriod;
  bool about_year = false;  // Aggregate::about_year
  // An aggregate `for` a year column holds no rows itself: one partial per year of the
  // cube, each over the rows for that year, answers the periods ending in it.
  std::vector<std::pair<int, int>> for_years;  // (year, index in partials)
  double p = 50;
  const Placing* placing = nullptr;
  // Decomposable kinds: prefix sums per unit over months, (months + 1) per unit.
  std::vector<double> a, b, n;
  // Value lists (median, percentile, count_distinct) per unit, each ordered by
  // month with offsets[u][m] the start of month m; share_latest keeps only the
  // offsets (how many rows each unit has before month m).
  std::vector<std::vector<uint32_t>> offsets;
  std::vector<std::vector<double>> values;
  // kShareLatest, per unit (months × months): latest_keys[m * M + b] = keys whose
  // rows in month m include their latest up to month b (their next row comes after
  // b); latest_hits the same for keys whose such row has the condition. A window
  // [a, b] then holds Σ_{m=a..b} of the column b: keys and hits without touching rows.
  std::vector<std::vector<double>> latest_keys, latest_hits;
  // kLast: the latest value of each unit's own rows per month (units × months).
  std::vector<Best> best;
};

struct AggResult {
  double value = NAN;
  double numerator = NAN;
  double denominator = NAN;
  int64_t n = 0;
};

}  // namespace

struct Cube::Impl {
  const model::OrgTree* tree = nullptr;
  CubeOptions options;
  int months = 0;
  int units = 0;
  std::vector<model::Placement> placements;
  std::vector<int> first_placement;                // per unit
  std::vector<int> placement_count;                // per unit
  std::vector<std::vector<int>> placements_under;  // per unit: placements whose chain holds it
  std::vector<int> placement_unit;                 // per placement: its unit
  std::vector<const CompiledIndicator*> indicators;
  std::vector<std::vector<int>> partial_of;  // per indicator, per aggregate: index in partials
  std::vector<Partial> partials;
  std::deque<Aggregate> for_year_aggregates;  // the per-year aggregates of `for` ones
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

  // Where every row of `table` lands for date column `by`.
  std::unique_ptr<Placing> MakePlacing(const Table& table, int by) const {
    auto result = std::make_unique<Placing>();
    Placing& pl = *result;
    ReserveLarge(&pl.cell, table.rows);
    pl.cell.assign(table.rows, -1);
    int unit_col = table.schema->Find("unit_id");
    const Column& bc = table.columns[by];
    const Column& uc = table.columns[unit_col];
    Days first_day = FirstDayOfMonth(options.first_month);
    Days last_day = LastDayOfMonth(options.last_month);
    std::vector<int16_t> month_of_day(static_cast<size_t>(last_day - first_day + 1));
    for (Days d = first_day; d <= last_day; ++d) {
      month_of_day[d - first_day] = static_cast<int16_t>(MonthOfDays(d) - options.first_month);
    }
    // One loop per type of the date column: day_of(r) is the row's day, or
    // kNullDays when it has none.
    auto place = [&](auto&& day_of) {
      const int32_t* unit = uc.i32.data();
      int lo = months, hi = -1;
      for (size_t r = 0; r < table.rows; ++r) {
        Days day = day_of(r);
        if (day == kNullDays || day < first_day || day > last_day) continue;
        int m = month_of_day[day - first_day];
        pl.cell[r] = PlacementOf(unit[r], day) * months + m;
        lo = std::min(lo, m);
        hi = std::max(hi, m);
      }
      if (hi >= 0) pl.cov_first = lo, pl.cov_last = hi;
    };
    switch (bc.type) {
      case ColumnType::kInstant:
        place([&](size_t r) {
          int64_t t = bc.i64[r];
          return t == kNullI64 ? kNullDays : LocalDay(t);
        });
        break;
      case ColumnType::kMonth:
        place([&](size_t r) {
          int32_t m = bc.i32[r];
          return m == kNullI32 ? kNullDays : FirstDayOfMonth(m);
        });
        break;
      case ColumnType::kYear:
        place([&](size_t r) {
          int32_t y = bc.i32[r];
          return y == kNullI32 || y < 1900 || y > 2200 ? kNullDays : DaysFromCivil(y, 1, 1);
        });
        break;
      default:
        place([&](size_t r) {
          int32_t d = bc.i32[r];
          return d == kNullI32 ? kNullDays : d;
        });
        break;
    }
    return result;
  }

  void BuildPartial(const Aggregate& agg, const Table* table, Partial* out) const {
    out->kind = agg.kind;
    out->window = agg.window;
    out->about_year = agg.about_year;
    out->p = agg.p;
    const int P = static_cast<int>(placements.size());
    const int M = months;
    static const Placing kEmpty;
    const Placing& pl = table ? *placings.at({table, agg.by_column}) : kEmpty;
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
    // At most one item per row: reserving that much never copies them while they come.
    if (agg.kind == AggKind::kShareLatest) {
      ReserveLarge(&tuple_items, rows);
    } else if (!decomposable && agg.kind != AggKind::kLast) {
      ReserveLarge(&items, rows);
    }
    if (table) {
      RowEvaluator eval(*table, *tree);
      std::vector<double> w(kChunk), x(kChunk), y(kChunk), t(kChunk);
      // last and share_latest order rows by their date column's value.
      const bool ordered = agg.kind == AggKind::kLast || agg.kind == AggKind::kShareLatest;
      RowExpr by_value;
      by_value.op = RowOp::kColumn;
      by_value.column = agg.by_column;
      for (size_t begin = 0; begin < rows; begin += kChunk) {
        size_t count = std::min(kChunk, rows - begin);
        if (agg.where) eval.Eval(*agg.where, begin, count, w.data());
        if (!agg.args.empty()) eval.Eval(agg.args[0], begin, count, x.data());
        if (agg.args.size() > 1) eval.Eval(agg.args[1], begin, count, y.data());
        if (ordered) eval.Eval(by_value, begin, count, t.data());
        const int32_t* cells = pl.cell.data() + begin;
        const bool filtered = agg.where.has_value();
        // One loop per kind (the kind is fixed for the whole table): body(i, cell)
        // for every row that lands in the cube and passes the filter.
        auto rows_in = [&](auto&& body) {
          for (size_t i = 0; i < count; ++i) {
            int32_t c = cells[i];
            if (c >= 0 && (!filtered || w[i] == 1)) body(i, c);
          }
        };
        switch (agg.kind) {
          case AggKind::kCount:
            rows_in([&](size_t, int32_t c) { cn[c] += 1; });
            break;
          case AggKind::kSum:
          case AggKind::kMean:
            rows_in([&](size_t i, int32_t c) {
              if (!std::isnan(x[i])) ca[c] += x[i], cn[c] += 1;
            });
            break;
          case AggKind::kShare:
            rows_in([&](size_t i, int32_t c) { cn[c] += 1, ca[c] += x[i] == 1; });
            break;
          case AggKind::kWMean:
            rows_in([&](size_t i, int32_t c) {
              if (!std::isnan(x[i]) && !std::isnan(y[i])) ca[c] += x[i] * y[i], cb[c] += y[i], cn[c] += 1;
            });
            break;
          case AggKind::kMedian:
          case AggKind::kPercentile:  // the percentile itself is agg.p, not an argument
          case AggKind::kCountDistinct:
            rows_in([&](size_t i, int32_t c) {
              if (!std::isnan(x[i])) items.emplace_back(c, x[i]);
            });
            break;
          case AggKind::kShareLatest:
            rows_in([&](size_t i, int32_t c) {
              if (!std::isnan(x[i])) {
                tuple_items.emplace_back(c, Tuple{x[i], t[i], static_cast<uint32_t>(begin + i), y[i] == 1});
              }
            });
            break;
          case AggKind::kLast:
            rows_in([&](size_t i, int32_t c) {
              if (std::isnan(x[i])) return;
              int unit = placement_unit[c / M];
              Best& b = out->best[static_cast<size_t>(unit) * M + c % M];
              if (t[i] > b.time || (t[i] == b.time && static_cast<int64_t>(begin + i) > b.row)) {
                b = Best{t[i], static_cast<int64_t>(begin + i), x[i], c / M};
              }
            });
            break;
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
      LatestTables(tuple_items, out);
    } else if (agg.kind != AggKind::kLast) {
      Distribute(items, &out->values, &out->offsets);
      SortMonths(&out->values, out->offsets, std::less<double>());
    }
  }

  // Orders (cell, tuple) items by (key, time, row). Keys are usually dictionary
  // codes — small whole numbers — and then one counting sort by key over the whole
  // table leaves only each key's few rows to order; other keys fall back to a
  // comparison sort.
  static void SortByKey(std::vector<std::pair<int32_t, Tuple>>* items) {
    auto before = [](const std::pair<int32_t, Tuple>& x, const std::pair<int32_t, Tuple>& y) {
      return TupleBefore(x.second, y.second);
    };
    constexpr double kMaxKey = 1 << 26;
    double top = 0;
    for (const auto& it : *items) {
      double k = it.second.key;
      if (!(k >= 0 && k < kMaxKey && k == std::floor(k))) {
        std::sort(items->begin(), items->end(), before);
        return;
      }
      top = std::max(top, k);
    }
    std::vector<uint32_t> start(static_cast<size_t>(top) + 2, 0);
    for (const auto& it : *items) ++start[static_cast<size_t>(it.second.key) + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::pair<int32_t, Tuple>> sorted(items->size());
    for (const auto& it : *items) sorted[start[static_cast<size_t>(it.second.key)]++] = it;
    items->swap(sorted);
    for (size_t i = 0; i < items->size();) {
      size_t j = i + 1;
      while (j < items->size() && (*items)[j].second.key == (*items)[i].second.key) ++j;
      if (j - i > 1) std::sort(items->begin() + i, items->begin() + j, before);
      i = j;
    }
  }

  // Builds Partial::latest_keys/latest_hits (and the per-unit month offsets that say
  // where rows exist) from the (cell, tuple) items of a share_latest, in one pass
  // over the items sorted by key: each key's rows, in time order, are followed down
  // every unit of their placement's chain, and a row counts at a unit from its month
  // until the month of that key's next row under the same unit.
  void LatestTables(std::vector<std::pair<int32_t, Tuple>>& items, Partial* out) const {
    const int M = months;
    const size_t W = static_cast<size_t>(M) + 1;
    // Rows per (unit, month), as offsets: Results() reads "no rows in the window" there.
    std::vector<uint32_t> per_cell(placements.size() * static_cast<size_t>(M), 0);
    for (const auto& it : items) ++per_cell[it.first];
    out->offsets.assign(units, std::vector<uint32_t>(W, 0));
    for (size_t p = 0; p < placements.size(); ++p) {
      for (int u : placements[p].chain) {
        for (int m = 0; m < M; ++m) out->offsets[u][m + 1] += per_cell[p * M + m];
      }
    }
    for (auto& off : out->offsets) std::partial_sum(off.begin(), off.end(), off.begin());
    SortByKey(&items);
    // Difference arrays along b, per unit touched: +1 at b = month, −1 at b = the
    // month of the key's next row under the unit.
    std::vector<std::vector<double>> keys(units), hits(units);
    auto mark = [&](int u, int m, int next, bool hit) {
      if (next == m) return;  // a later row of the same key in the same month decides
      if (keys[u].empty()) keys[u].assign(static_cast<size_t>(M) * W, 0), hits[u].assign(keys[u].size(), 0);
      size_t row = static_cast<size_t>(m) * W;
      keys[u][row + m] += 1;
      keys[u][row + next] -= 1;
      if (hit) hits[u][row + m] += 1, hits[u][row + next] -= 1;
    };
    struct Open {
      int unit, month;
      bool hit;
    };
    std::vector<Open> open;  // the current key's latest row so far under each unit
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& [cell, tuple] = items[i];
      const int m = cell % M;
      for (int u : placements[cell / M].chain) {
        auto o = std::find_if(open.begin(), open.end(), [&](const Open& x) { return x.unit == u; });
        if (o == open.end()) {
          open.push_back({u, m, tuple.hit});
        } else {
          mark(u, o->month, m, o->hit);
          o->month = m, o->hit = tuple.hit;
        }
      }
      if (i + 1 == items.size() || items[i + 1].second.key != tuple.key) {
        for (const Open& o : open) mark(o.unit, o.month, M, o.hit);
        open.clear();
      }
    }
    out->latest_keys.assign(units, {});
    out->latest_hits.assign(units, {});
    for (int u = 0; u < units; ++u) {
      if (keys[u].empty()) continue;
      auto& lk = out->latest_keys[u];
      auto& lh = out->latest_hits[u];
      lk.assign(static_cast<size_t>(M) * M, 0);
      lh.assign(lk.size(), 0);
      for (int m = 0; m < M; ++m) {
        double k = 0, h = 0;
        for (int b = 0; b < M; ++b) {
          k += keys[u][m * W + b];
          h += hits[u][m * W + b];
          lk[static_cast<size_t>(m) * M + b] = k;
          lh[static_cast<size_t>(m) * M + b] = h;
        }
      }
    }
  }

  // Sorts every unit's items within each month, so a window is a few sorted runs.
  template <typename T, typename Less>
  void SortMonths(std::vector<std::vector<T>>* per_unit, const std::vector<std::vector<uint32_t>>& offsets,
                  Less less) const {
    for (size_t u = 0; u < per_unit->size(); ++u) {
      auto& v = (*per_unit)[u];
      for (int m = 0; m < months; ++m)
        std::sort(v.begin() + offsets[u][m], v.begin() + offsets[u][m + 1], less);
    }
  }

  // Groups (cell, item) pairs by cell, then lays each unit's items out by month,
  // taking every placement under the unit.
  template <typename T>
  void Distribute(std::vector<std::pair<int32_t, T>>& items, std::vector<std::vector<T>>* per_unit,
                  std::vector<std::vector<uint32_t>>* offsets) const {
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
      case Window::kPeriod:
        break;
      case Window::kYearToDate:
        first = MakeMonth(YearOf(last), 1);
        break;
      case Window::kYear:
        first = MakeMonth(YearOf(last), 1);
        last = MakeMonth(YearOf(last), 12);
        break;
      case Window::kPreviousYear:
        first -= 12;
        last -= 12;
        break;
      case Window::kToDate:
        first = options.first_month;
        break;
    }
    *end_day = LastDayOfMonth(last);
    *a = std::max(first, options.first_month) - options.first_month;
    *b = std::min(last, options.last_month) - options.first_month;
    if (*a > *b) return false;
    const Placing& pl = *part.placing;
    return pl.cov_first >= 0 && *a <= pl.cov_last && *b >= pl.cov_first;
  }

  std::vector<AggResult> Results(const Partial& part, const model::Period& period) const {
    if (!part.for_years.empty()) {
      for (const auto& [year, index] : part.for_years) {
        if (year == YearOf(period.last)) return Results(partials[static_cast<size_t>(index)], period);
      }
      return std::vector<AggResult>(units);
    }
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
          case AggKind::kCount:
            r.value = r.numerator = sn;
            break;
          case AggKind::kSum:
            r.value = r.numerator = sa;
            break;
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
          default:
            break;
        }
      }
      return out;
    }
    if (part.kind == AggKind::kLast) {
      for (int u = 0; u < units; ++u) {
        const bool open = tree->ValidOn(u, end_day);
        if (!open && !part.about_year) continue;
        Best best;
        for (int m = a; m <= b; ++m) {
          const Best& x = part.best[static_cast<size_t>(u) * M + m];
          if (x.row >= 0 && (x.time > best.time || (x.time == best.time && x.row > best.row))) best = x;
        }
        if (best.row < 0) continue;
        // A unit closed before the window's end counts where its latest row landed.
        const std::vector<int>& chain = placements[open ? PlacementOf(u, end_day) : best.placement].chain;
        for (int x : chain) {
          AggResult& r = out[x];
          r.value = (r.n == 0 ? 0 : r.value) + best.value;
          r.numerator = r.value;
          r.n += 1;
        }
      }
      return out;
    }
    std::vector<std::pair<const double*, const double*>> runs;
    for (int u = 0; u < units; ++u) {
      AggResult& r = out[u];
      if (part.offsets.empty()) continue;
      const auto& off = part.offsets[u];
      if (off[a] == off[b + 1]) {
        r.value = part.kind == AggKind::kCountDistinct ? 0.0 : NAN;
        continue;
      }
      if (part.kind == AggKind::kShareLatest) {
        double keys = 0, hits = 0;
        if (!part.latest_keys[u].empty()) {
          for (int m = a; m <= b; ++m) {
            keys += part.latest_keys[u][static_cast<size_t>(m) * M + b];
            hits += part.latest_hits[u][static_cast<size_t>(m) * M + b];
          }
        }
        r.n = static_cast<int64_t>(keys);
        r.numerator = hits;
        r.denominator = keys;
        r.value = keys > 0 ? 100.0 * hits / keys : NAN;
        continue;
      }
      const double* base = part.values[u].data();
      size_t n = off[b + 1] - off[a];
      r.n = static_cast<int64_t>(n);
      if (part.kind == AggKind::kCountDistinct) {
        std::vector<double> all(base + off[a], base + off[b + 1]);
        std::sort(all.begin(), all.end());
        r.value = r.numerator = static_cast<double>(std::unique(all.begin(), all.end()) - all.begin());
        continue;
      }
      runs.clear();
      for (int m = a; m <= b; ++m) {
        if (off[m] < off[m + 1]) runs.push_back({base + off[m], base + off[m + 1]});
      }
      // Linear interpolation between order statistics (an even count's median is the
      // mean of the middle two).
      double p = part.kind == AggKind::kMedian ? 50 : part.p;
      double h = (static_cast<double>(n) - 1) * p / 100.0;
      size_t lo = static_cast<size_t>(std::floor(h));
      double x = SelectKth(runs, lo);
      if (h > lo && lo + 1 < n) x += (h - lo) * (SelectKth(runs, lo + 1) - x);
      r.value = x;
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
  struct Job {
    const Aggregate* agg;
    const Table* table;
    std::vector<std::pair<int, int>> for_years;  // a `for` aggregate: its per-year jobs
  };
  std::vector<Job> jobs;
  for (const CompiledIndicator* ind : im.indicators) {
    std::vector<int> ids;
    for (const Aggregate& agg : ind->program().aggregates) {
      const Table* table = data.Find(agg.table);
      if (table && table->schema->Find("unit_id") < 0) {
        return Status::Invalid("table '" + agg.table + "' has no unit_id and cannot be rolled up by unit");
      }
      ids.push_back(static_cast<int>(jobs.size()));
      jobs.push_back({&agg, table, {}});
      if (table) im.placings[{table, agg.by_column}];  // reserve the slot; filled below
      if (agg.for_column >= 0) {
        size_t parent = jobs.size() - 1;
        for (int y = YearOf(options.first_month); y <= YearOf(options.last_month); ++y) {
          im.for_year_aggregates.push_back(ForYear(agg, y));
          jobs[parent].for_years.emplace_back(y, static_cast<int>(jobs.size()));
          jobs.push_back({&im.for_year_aggregates.back(), table, {}});
        }
      }
    }
    im.partial_of.push_back(std::move(ids));
  }
  im.partials.resize(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) im.partials[i].for_years = jobs[i].for_years;
  // Both stages spread their independent pieces over the machine's cores: first
  // where every row lands (once per table and date column), then each aggregate.
  std::vector<std::pair<const Table*, int>> placing_keys;
  for (auto& [key, slot] : im.placings) placing_keys.push_back(key);
  ParallelFor(placing_keys.size(), [&](size_t i) {
    im.placings[placing_keys[i]] = im.MakePlacing(*placing_keys[i].first, placing_keys[i].second);
  });
  ParallelFor(jobs.size(), [&](size_t i) {
    if (jobs[i].for_years.empty()) im.BuildPartial(*jobs[i].agg, jobs[i].table, &im.partials[i]);
  });
  return cube;
}

namespace {

double EvalCell(const CellExpr& c, const std::vector<std::vector<AggResult>>& results, int unit,
                const model::Period& period) {
  switch (c.op) {
    case CellOp::kAggregate:
      return results[c.aggregate][unit].value;
    case CellOp::kConst:
      return c.constant;
    case CellOp::kMonths:
      return period.months();
    case CellOp::kDays:
      return period.days();
    case CellOp::kNeg:
      return -EvalCell(c.args[0], results, unit, period);
    default:
      break;
  }
  double a = EvalCell(c.args[0], results, unit, period);
  double b = EvalCell(c.args[1], results, unit, period);
  switch (c.op) {
    case CellOp::kAdd:
      return a + b;
    case CellOp::kSub:
      return a - b;
    case CellOp::kMul:
      return a * b;
    case CellOp::kDiv:
      return b == 0 ? NAN : a / b;
    default:
      return NAN;
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
