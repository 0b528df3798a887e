// Ekonomistyrning (SPEC C8, issue 16): the money behind the plan, read from the data
// contract's `ledger`, `forecasts` and `listings` tables.
//
// - Summarize: budget, outcome (utfall) and full-year forecast of a unit and of each
//   unit right below it that has ledger rows — the seed's "Sammanställning budget,
//   ekonomiskt resultat och prognos" — January through a month, with the unit's months
//   (accumulated deviation) and accounts (drill-down). A unit's figures are the sums
//   over the ledger rows of the units within it on each row's month (the tree in force
//   on the month's first day), as the engine's economy indicators roll up.
// - Capitation: the capitation a health centre should have booked — its care points
//   (the listings' `care_points` of the centre and its branches, the last row of each
//   month) × the year's price per care point (model/prices.h) / 12 — beside the
//   ledger's booked `revenue_capitation`, per own health centre; the difference is
//   what a controller checks every month.
//
// Amounts are kronor here; the API and the commands show tkr. Result = revenue − cost
// (SPEC §4: the account says which). Nothing here reads files: the caller hands the
// loaded tables, the tree and the price.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/engine/table.h"
#include "nara/model/org_tree.h"

namespace nara::follow {

// Kronor as tkr with one decimal, as every view of the economy shows them (the API,
// nara economy, the board report).
inline double Tkr(double kr) { return std::round(kr / 100.0) / 10.0; }

// The ledger's accounts (SPEC §4), in the contract's order; revenue first.
struct LedgerAccount {
  const char* id;
  bool revenue;
};
const std::vector<LedgerAccount>& LedgerAccounts();

struct EconomyRow {
  int unit = -1;
  int level = 0;               // 0: the unit asked for; 1: a unit right below it
  double budget_year = 0;      // the year's budget result
  double budget_ytd = 0;       // January through `through`
  double actual_ytd = 0;
  double revenue_budget_ytd = 0, revenue_actual_ytd = 0;
  double cost_budget_ytd = 0, cost_actual_ytd = 0;
  // The sum of each result unit's latest forecast made in or before `through` for the
  // year (a unit without one counts with none); nullopt when no unit has made one.
  std::optional<double> forecast;
  Month forecast_made_in = kNullMonth;  // the latest month a forecast counted was made in
  bool has_children = false;            // units below it have ledger rows of the year
  double deviation_ytd() const { return actual_ytd - budget_ytd; }
};

struct EconomyMonth {
  Month month = kNullMonth;
  double budget = 0;                    // the month's budget result
  std::optional<double> actual;         // none after `through` or without outcome rows
  std::optional<double> deviation_accumulated;  // Σ (actual − budget) from January
  std::optional<double> forecast;       // the forecast (as EconomyRow) made in the month
};

struct EconomyAccount {
  std::string account;
  bool revenue = true;
  double budget_ytd = 0;
  double actual_ytd = 0;
};

struct EconomySummary {
  int year = 0;
  Month through = kNullMonth;
  std::vector<EconomyRow> rows;         // the unit, then its children with ledger rows
  std::vector<EconomyMonth> months;     // the unit's twelve months
  std::vector<EconomyAccount> accounts; // the unit's accounts, every account listed
};

// The economy of `unit` in `year`, January through `through` (a month of `year`).
// Invalid when `data` has no ledger table; a unit without ledger rows gives zeros.
StatusOr<EconomySummary> Summarize(const engine::Dataset& data, const model::OrgTree& tree, int unit,
                                   int year, Month through);

struct CapitationRow {
  int unit = -1;               // an own health centre
  double care_points = 0;      // the last month's (`through`), branches included
  double computed = 0;         // Σ months care points × price / 12
  double booked = 0;           // Σ months actual revenue_capitation
  double difference() const { return booked - computed; }
};

struct CapitationCheck {
  int year = 0;
  Month through = kNullMonth;
  double price = 0;
  std::vector<CapitationRow> units;  // the health centres within `unit` with booked capitation
  double computed = 0, booked = 0;   // their totals
};

// Computed against booked capitation for the own health centres within `unit`,
// January through `through`, at `price` kronor per care point and year. A centre
// counts when it is a health centre within `unit` on some month's first day and the
// ledger books capitation to it in the year; its branches are the branches below it
// on each month's first day.
StatusOr<CapitationCheck> CheckCapitation(const engine::Dataset& data, const model::OrgTree& tree, int unit,
                                          int year, Month through, double price);

}  // namespace nara::follow
