#include "nara/follow/whatif.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <unordered_map>

#include "nara/follow/economy.h"

namespace nara::follow {
namespace {

constexpr size_t kCapitation = 0, kFees = 1, kAppropriation = 2, kStaff = 4;
bool IsAgency(size_t account) { return account >= 5 && account <= 7; }

// What the base year booked for one result unit.
struct Base {
  std::array<double, 12> amount{};  // by LedgerAccounts() position, the year's outcome
  std::set<Month> months;           // months with outcome rows
  double care_points = 0;           // December's, branches included (health centres)
  double headcount_december = 0;
  double headcount_months = 0;      // Σ monthly headcount
  std::set<Month> staff_months;
};

}  // namespace

StatusOr<WhatIfComparison> CompareWhatIf(const engine::Dataset& data, const model::OrgTree& tree, int administration,
                                         const std::vector<model::PriceModel>& prices,
                                         const std::vector<model::WhatIfModel>& models) {
  if (models.empty()) return Status::Invalid("no what-if model to compare");
  const int year = models.front().year;
  for (const model::WhatIfModel& m : models) {
    if (m.year != year) {
      return Status::Invalid("the models price different years: " + models.front().id + " " + std::to_string(year) +
                             ", " + m.id + " " + std::to_string(m.year));
    }
  }
  const int base_year = year - 1;
  const engine::Table* ledger = data.Find("ledger");
  if (ledger == nullptr) return Status::Invalid("the data has no ledger table");
  const Month first = MakeMonth(base_year, 1), december = MakeMonth(base_year, 12);
  const Days year_end = LastDayOfMonth(december);

  WhatIfComparison out;
  out.year = year;
  out.base_year = base_year;
  for (const model::WhatIfModel& m : models) {
    model::PriceModel price = m.price;
    if (price.base <= 0) {
      const model::PriceModel* before = model::FindPrice(prices, base_year);
      if (before == nullptr) {
        return Status::Invalid(m.id + ": the model gives no base and economy.toml has no price for " +
                               std::to_string(base_year));
      }
      price.base = model::BuildPrice(*before).price;
    }
    out.prices.push_back(model::BuildPrice(price).price);
  }

  // The base year's outcome per result unit.
  const engine::ColumnSchema& account_col = ledger->schema->columns[static_cast<size_t>(ledger->schema->Find("account"))];
  const engine::ColumnSchema& scenario_col =
      ledger->schema->columns[static_cast<size_t>(ledger->schema->Find("scenario"))];
  std::vector<int> account(account_col.enum_values.size(), -1);
  const std::vector<LedgerAccount>& accounts = LedgerAccounts();
  for (size_t i = 0; i < account_col.enum_values.size(); ++i) {
    for (size_t a = 0; a < accounts.size(); ++a) {
      if (account_col.enum_values[i] == accounts[a].id) account[i] = static_cast<int>(a);
    }
  }
  const int actual = scenario_col.EnumIndex("actual");
  std::unordered_map<int, Base> base;
  {
    const auto& u = ledger->column("unit_id").i32;
    const auto& mo = ledger->column("month").i32;
    const auto& ac = ledger->column("account").u8;
    const auto& sc = ledger->column("scenario").u8;
    const auto& amount = ledger->column("amount_sek").f64;
    for (size_t r = 0; r < ledger->rows; ++r) {
      if (mo[r] < first || mo[r] > december || sc[r] != actual) continue;
      const int a = ac[r] < account.size() ? account[ac[r]] : -1;
      if (a < 0) continue;
      Base& b = base[u[r]];
      b.amount[static_cast<size_t>(a)] += amount[r];
      b.months.insert(mo[r]);
    }
  }
  if (base.empty()) return Status::Invalid("the ledger has no outcome in " + std::to_string(base_year));
  // December's care points: each unit's last listing row of the base year.
  std::unordered_map<int, std::pair<Days, double>> points;
  if (const engine::Table* listings = data.Find("listings")) {
    const auto& u = listings->column("unit_id").i32;
    const auto& d = listings->column("date").i32;
    const auto& cp = listings->column("care_points").f64;
    for (size_t r = 0; r < listings->rows; ++r) {
      if (MonthOfDays(d[r]) != december || !std::isfinite(cp[r])) continue;
      auto [it, added] = points.emplace(u[r], std::make_pair(d[r], cp[r]));
      if (!added && it->second.first <= d[r]) it->second = {d[r], cp[r]};
    }
  }
  auto points_of = [&](int u) {
    auto it = points.find(u);
    return it == points.end() ? 0.0 : it->second.second;
  };
  // Headcount per unit and month.
  double headcount_total = 0;
  if (const engine::Table* staff = data.Find("staff")) {
    const auto& u = staff->column("unit_id").i32;
    const auto& mo = staff->column("month").i32;
    for (size_t r = 0; r < staff->rows; ++r) {
      if (mo[r] < first || mo[r] > december) continue;
      auto it = base.find(u[r]);
      if (it == base.end()) continue;
      it->second.headcount_months += 1;
      it->second.staff_months.insert(mo[r]);
      if (mo[r] == december) it->second.headcount_december += 1;
    }
  }

  // Where each result unit lies: the administration's child (area) on the year's last day.
  struct Placed {
    int unit;
    int area;  // == unit when the unit is an area itself
  };
  std::vector<Placed> placed;
  for (const auto& [u, b] : base) {
    const std::vector<int> chain = tree.ChainAt(u, year_end);
    auto at = std::find(chain.begin(), chain.end(), administration);
    if (at == chain.end()) continue;
    if (at == chain.begin()) {
      placed.push_back({u, -1});  // booked on the administration itself
    } else {
      placed.push_back({u, *(at - 1)});
    }
    headcount_total += b.headcount_december;
  }

  const size_t n = models.size();
  auto row_for = [n](int unit, int level) {
    WhatIfRow r;
    r.unit = unit;
    r.level = level;
    r.results.assign(n, 0);
    r.revenues.assign(n, 0);
    return r;
  };
  std::unordered_map<int, WhatIfRow> unit_rows;
  for (const Placed& p : placed) {
    const Base& b = base.at(p.unit);
    const double scale = b.months.size() < 12 ? 12.0 / static_cast<double>(b.months.size()) : 1.0;
    const model::UnitVersion* v = tree.VersionAt(p.unit, year_end);
    const bool centre = v != nullptr && v->kind == model::UnitKind::kHealthCentre;
    const int municipality = v != nullptr ? v->municipality : 0;
    double care_points = points_of(p.unit);
    if (centre) {
      for (int child : tree.ChildrenAt(p.unit, year_end)) {
        const model::UnitVersion* cv = tree.VersionAt(child, year_end);
        if (cv != nullptr && cv->kind == model::UnitKind::kBranch) care_points += points_of(child);
      }
    }
    const double mean_headcount =
        b.staff_months.empty() ? 0 : b.headcount_months / static_cast<double>(b.staff_months.size());
    WhatIfRow row = row_for(p.unit, 2);
    double base_result = 0;
    for (size_t a = 0; a < accounts.size(); ++a) {
      base_result += (accounts[a].revenue ? 1 : -1) * b.amount[a] * scale;
    }
    row.base_result = base_result;
    for (size_t i = 0; i < n; ++i) {
      const model::WhatIfModel& m = models[i];
      double revenue = 0, cost = 0, agency = 0;
      for (size_t a = 0; a < accounts.size(); ++a) {
        const double booked = b.amount[a] * scale;
        if (accounts[a].revenue) {
          double next = booked;
          if (a == kCapitation) {
            if (centre && booked > 0) {
              auto it = m.listing.find(municipality);
              const double change = it == m.listing.end() ? 0 : it->second;
              next = care_points * (1 + change / 200.0) * out.prices[i];
            } else {
              next = booked * (1 + m.children_capitation / 100.0);
            }
          } else if (a == kFees) {
            next = booked * (1 + m.fees / 100.0);
          } else if (a == kAppropriation) {
            next = booked * (1 + m.appropriation / 100.0);
          }
          revenue += next;
        } else {
          const double next = booked * (1 + m.cost_index / 100.0);
          if (IsAgency(a) && m.agency_stop) {
            agency += next;
          } else {
            cost += next;
          }
        }
      }
      if (m.agency_stop) cost += m.agency_replacement * agency;
      if (m.staff_change != 0 && headcount_total > 0 && mean_headcount > 0) {
        const double per_employee = b.amount[kStaff] * scale / mean_headcount * (1 + m.cost_index / 100.0);
        cost += m.staff_change * (b.headcount_december / headcount_total) * per_employee;
      }
      row.revenues[i] = revenue;
      row.results[i] = revenue - cost;
    }
    unit_rows.emplace(p.unit, std::move(row));
  }

  // The administration, then each area with its units under it.
  auto add_into = [n](WhatIfRow& into, const WhatIfRow& from) {
    into.base_result += from.base_result;
    for (size_t i = 0; i < n; ++i) {
      into.results[i] += from.results[i];
      into.revenues[i] += from.revenues[i];
    }
  };
  WhatIfRow total = row_for(administration, 0);
  for (const auto& [u, r] : unit_rows) add_into(total, r);
  out.rows.push_back(total);
  std::vector<int> areas = tree.ChildrenAt(administration, year_end);
  for (const Placed& p : placed) {
    if (p.area >= 0 && std::find(areas.begin(), areas.end(), p.area) == areas.end()) areas.push_back(p.area);
  }
  for (int area : areas) {
    WhatIfRow area_row = row_for(area, 1);
    std::vector<const WhatIfRow*> members;
    for (const Placed& p : placed) {
      if (p.area != area) continue;
      const WhatIfRow& r = unit_rows.at(p.unit);
      add_into(area_row, r);
      if (p.unit != area) members.push_back(&r);
    }
    if (members.empty() && unit_rows.count(area) == 0) continue;
    std::sort(members.begin(), members.end(), [&](const WhatIfRow* a, const WhatIfRow* b) {
      return tree.Latest(a->unit).name < tree.Latest(b->unit).name;
    });
    out.rows.push_back(std::move(area_row));
    for (const WhatIfRow* r : members) out.rows.push_back(*r);
  }
  return out;
}

}  // namespace nara::follow
