#include "nara/follow/economy.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace nara::follow {
namespace {

// A table's enum column: value index → position in `names`, or -1.
std::vector<int> EnumMap(const engine::Table& table, std::string_view column, const std::vector<std::string>& names) {
  const engine::ColumnSchema& c = table.schema->columns[static_cast<size_t>(table.schema->Find(column))];
  std::vector<int> out(c.enum_values.size(), -1);
  for (size_t i = 0; i < c.enum_values.size(); ++i) {
    auto it = std::find(names.begin(), names.end(), c.enum_values[i]);
    if (it != names.end()) out[i] = static_cast<int>(it - names.begin());
  }
  return out;
}

std::vector<std::string> AccountIds() {
  std::vector<std::string> ids;
  for (const LedgerAccount& a : LedgerAccounts()) ids.emplace_back(a.id);
  return ids;
}

// Where a row of unit `u` in month `m` counts: 0 for `unit` itself and anything within
// it, and the child of `unit` it lies within (−1 when it is `unit` itself); cached per
// (unit, month) as the tree is asked once per pair.
class Placer {
 public:
  Placer(const model::OrgTree& tree, int unit) : tree_(tree), unit_(unit) {}

  struct Place {
    bool within = false;
    int child = -1;
    bool below_child = false;  // lies strictly below `child`
  };

  const Place& At(int u, Month m) {
    const int64_t key = static_cast<int64_t>(u) * 100000 + m;
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    Place p;
    const std::vector<int> chain = tree_.ChainAt(u, FirstDayOfMonth(m));
    for (size_t i = 0; i < chain.size(); ++i) {
      if (chain[i] != unit_) continue;
      p.within = true;
      if (i > 0) {
        p.child = chain[i - 1];
        p.below_child = i > 1;
      }
      break;
    }
    return cache_.emplace(key, p).first->second;
  }

 private:
  const model::OrgTree& tree_;
  int unit_;
  std::unordered_map<int64_t, Place> cache_;
};

}  // namespace

const std::vector<LedgerAccount>& LedgerAccounts() {
  static const std::vector<LedgerAccount> kAccounts = {
      {"revenue_capitation", true}, {"revenue_fees", true},        {"revenue_appropriation", true},
      {"revenue_other", true},      {"cost_staff", false},         {"cost_agency_doctor", false},
      {"cost_agency_nurse", false}, {"cost_agency_other", false},  {"cost_purchased_care", false},
      {"cost_premises", false},     {"cost_supplies", false},      {"cost_other", false}};
  return kAccounts;
}

StatusOr<EconomySummary> Summarize(const engine::Dataset& data, const model::OrgTree& tree, int unit, int year,
                                   Month through) {
  const engine::Table* ledger = data.Find("ledger");
  if (ledger == nullptr) return Status::Invalid("the data has no ledger table");
  if (YearOf(through) != year) return Status::Invalid("the month is not in the year");
  const std::vector<LedgerAccount>& accounts = LedgerAccounts();
  const std::vector<int> account = EnumMap(*ledger, "account", AccountIds());
  const std::vector<int> scenario = EnumMap(*ledger, "scenario", {"budget", "actual"});
  const auto& l_unit = ledger->column("unit_id").i32;
  const auto& l_month = ledger->column("month").i32;
  const auto& l_account = ledger->column("account").u8;
  const auto& l_scenario = ledger->column("scenario").u8;
  const auto& l_amount = ledger->column("amount_sek").f64;

  EconomySummary out;
  out.year = year;
  out.through = through;
  Placer placer(tree, unit);
  // Rows by slot: 0 the unit, then children in the order met.
  std::map<int, size_t> child_slot;
  out.rows.push_back(EconomyRow{});
  out.rows[0].unit = unit;
  auto slot_of = [&](int child) -> EconomyRow& {
    auto [it, added] = child_slot.emplace(child, out.rows.size());
    if (added) {
      EconomyRow r;
      r.unit = child;
      r.level = 1;
      out.rows.push_back(r);
    }
    return out.rows[it->second];
  };
  const Month january = MakeMonth(year, 1);
  for (int m = 0; m < 12; ++m) out.months.push_back(EconomyMonth{january + m, 0, std::nullopt, std::nullopt, {}});
  std::vector<bool> month_has_actual(12, false);
  std::vector<double> month_actual(12, 0);
  for (const LedgerAccount& a : accounts) out.accounts.push_back(EconomyAccount{a.id, a.revenue, 0, 0});

  for (size_t r = 0; r < ledger->rows; ++r) {
    const Month m = l_month[r];
    if (YearOf(m) != year) continue;
    const int a = l_account[r] < account.size() ? account[l_account[r]] : -1;
    const int s = l_scenario[r] < scenario.size() ? scenario[l_scenario[r]] : -1;
    if (a < 0 || s < 0) continue;
    const Placer::Place& p = placer.At(l_unit[r], m);
    if (!p.within) continue;
    const bool revenue = accounts[static_cast<size_t>(a)].revenue;
    const double amount = l_amount[r];
    const double signed_amount = revenue ? amount : -amount;
    const bool ytd = m <= through;
    auto add = [&](EconomyRow& row) {
      if (s == 0) {
        row.budget_year += signed_amount;
        if (ytd) {
          row.budget_ytd += signed_amount;
          (revenue ? row.revenue_budget_ytd : row.cost_budget_ytd) += amount;
        }
      } else if (ytd) {
        row.actual_ytd += signed_amount;
        (revenue ? row.revenue_actual_ytd : row.cost_actual_ytd) += amount;
      }
    };
    add(out.rows[0]);
    if (p.child >= 0) {
      EconomyRow& child = slot_of(p.child);
      add(child);
      if (p.below_child) child.has_children = true;
      out.rows[0].has_children = true;
    }
    const size_t mi = static_cast<size_t>(m - january);
    if (s == 0) {
      out.months[mi].budget += signed_amount;
    } else if (ytd) {
      month_has_actual[mi] = true;
      month_actual[mi] += signed_amount;
    }
    if (ytd) {
      EconomyAccount& acc = out.accounts[static_cast<size_t>(a)];
      (s == 0 ? acc.budget_ytd : acc.actual_ytd) += amount;
    }
  }
  double accumulated = 0;
  for (size_t mi = 0; mi < 12; ++mi) {
    EconomyMonth& em = out.months[mi];
    if (em.month > through) break;
    accumulated += month_actual[mi] - em.budget;
    if (!month_has_actual[mi]) continue;
    em.actual = month_actual[mi];
    em.deviation_accumulated = accumulated;
  }

  // Forecasts: each result unit's latest made in or before the month, for the year.
  if (const engine::Table* forecasts = data.Find("forecasts")) {
    const auto& f_unit = forecasts->column("unit_id").i32;
    const auto& f_made = forecasts->column("made_in").i32;
    const auto& f_year = forecasts->column("year").i32;
    const auto& f_result = forecasts->column("result_sek").f64;
    // made_in → (unit → result), for the forecasts within `unit`.
    struct Made {
      Month made_in;
      int unit;
      int child;
      double result;
    };
    std::vector<Made> made;
    for (size_t r = 0; r < forecasts->rows; ++r) {
      if (f_year[r] != year || f_made[r] > through) continue;
      const Placer::Place& p = placer.At(f_unit[r], f_made[r]);
      if (!p.within) continue;
      made.push_back({f_made[r], f_unit[r], p.child, f_result[r]});
    }
    std::sort(made.begin(), made.end(), [](const Made& a, const Made& b) { return a.made_in < b.made_in; });
    std::map<int, const Made*> latest;  // by result unit
    auto sum = [&](int child, Month* made_in) {
      std::optional<double> total;
      for (const auto& [u, f] : latest) {
        if (child >= 0 && f->child != child) continue;
        total = total.value_or(0) + f->result;
        *made_in = std::max(*made_in, f->made_in);
      }
      return total;
    };
    size_t next = 0;
    for (EconomyMonth& em : out.months) {
      if (em.month > through) break;
      while (next < made.size() && made[next].made_in <= em.month) {
        latest[made[next].unit] = &made[next];
        ++next;
      }
      Month ignored = kNullMonth;
      if (!latest.empty()) em.forecast = sum(-1, &ignored);
    }
    for (EconomyRow& row : out.rows) row.forecast = sum(row.level == 0 ? -1 : row.unit, &row.forecast_made_in);
  }
  // Children in the tree's order on the month's last day, the others after them.
  const std::vector<int> order = tree.ChildrenAt(unit, LastDayOfMonth(through));
  auto rank = [&](int u) {
    auto it = std::find(order.begin(), order.end(), u);
    return it == order.end() ? static_cast<long>(order.size()) + u : static_cast<long>(it - order.begin());
  };
  std::stable_sort(out.rows.begin() + 1, out.rows.end(),
                   [&](const EconomyRow& a, const EconomyRow& b) { return rank(a.unit) < rank(b.unit); });
  return out;
}

StatusOr<CapitationCheck> CheckCapitation(const engine::Dataset& data, const model::OrgTree& tree, int unit,
                                          int year, Month through, double price) {
  const engine::Table* ledger = data.Find("ledger");
  if (ledger == nullptr) return Status::Invalid("the data has no ledger table");
  if (YearOf(through) != year) return Status::Invalid("the month is not in the year");
  const std::vector<int> account = EnumMap(*ledger, "account", {"revenue_capitation"});
  const std::vector<int> scenario = EnumMap(*ledger, "scenario", {"actual"});
  const auto& l_unit = ledger->column("unit_id").i32;
  const auto& l_month = ledger->column("month").i32;
  const auto& l_account = ledger->column("account").u8;
  const auto& l_scenario = ledger->column("scenario").u8;
  const auto& l_amount = ledger->column("amount_sek").f64;
  const Month january = MakeMonth(year, 1);

  auto is_centre = [&](int u, Month m, int within) {
    const model::UnitVersion* v = tree.VersionAt(u, FirstDayOfMonth(m));
    return v != nullptr && v->kind == model::UnitKind::kHealthCentre &&
           (u == within || tree.IsWithin(u, within, FirstDayOfMonth(m)));
  };
  // Booked capitation per centre and month.
  std::map<int, std::vector<double>> booked;
  for (size_t r = 0; r < ledger->rows; ++r) {
    const Month m = l_month[r];
    if (m < january || m > through) continue;
    if (l_account[r] >= account.size() || account[l_account[r]] != 0) continue;
    if (l_scenario[r] >= scenario.size() || scenario[l_scenario[r]] != 0) continue;
    if (!is_centre(l_unit[r], m, unit)) continue;
    auto& months = booked[l_unit[r]];
    months.resize(12, 0);
    months[static_cast<size_t>(m - january)] += l_amount[r];
  }
  // Each unit's care points in each month: its last listing row of the month.
  std::unordered_map<int, std::map<Month, std::pair<Days, double>>> points;
  if (const engine::Table* listings = data.Find("listings")) {
    const auto& u = listings->column("unit_id").i32;
    const auto& d = listings->column("date").i32;
    const auto& cp = listings->column("care_points").f64;
    for (size_t r = 0; r < listings->rows; ++r) {
      const Month m = MonthOfDays(d[r]);
      if (m < january || m > through || !std::isfinite(cp[r])) continue;
      auto [it, added] = points[u[r]].emplace(m, std::make_pair(d[r], cp[r]));
      if (!added && it->second.first <= d[r]) it->second = {d[r], cp[r]};
    }
  }
  auto points_at = [&](int u, Month m) {
    auto it = points.find(u);
    if (it == points.end()) return 0.0;
    auto jt = it->second.find(m);
    return jt == it->second.end() ? 0.0 : jt->second.second;
  };

  CapitationCheck out;
  out.year = year;
  out.through = through;
  out.price = price;
  for (const auto& [centre, months] : booked) {
    CapitationRow row;
    row.unit = centre;
    for (Month m = january; m <= through; ++m) {
      double cp = points_at(centre, m);
      for (int child : tree.ChildrenAt(centre, FirstDayOfMonth(m))) {
        const model::UnitVersion* v = tree.VersionAt(child, FirstDayOfMonth(m));
        if (v != nullptr && v->kind == model::UnitKind::kBranch) cp += points_at(child, m);
      }
      row.computed += cp * price / 12.0;
      row.booked += months[static_cast<size_t>(m - january)];
      if (m == through) row.care_points = cp;
    }
    out.computed += row.computed;
    out.booked += row.booked;
    out.units.push_back(row);
  }
  std::sort(out.units.begin(), out.units.end(), [&](const CapitationRow& a, const CapitationRow& b) {
    return tree.Latest(a.unit).name < tree.Latest(b.unit).name;
  });
  return out;
}

}  // namespace nara::follow
