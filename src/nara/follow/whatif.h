// What-if (issue 16, "Vad händer om"): next year's result per unit and area under one
// or more models of the capitation price and the year's other changes, computed on the
// same base — the base year's booked outcome and its December listings — so that a
// planner compares price models side by side (the regional board asked for an analysis
// of how the care choice's financing can be developed; seed 004).
//
// A model is configuration (model/prices.h, WhatIfModel: a TOML file in the
// configuration folder's whatif/ or any file given).
//
// The projection of one result unit (a unit with booked outcome in the base year):
// every account is the base year's outcome (scaled to twelve months when fewer have
// outcome), changed by the model —
// - revenue_capitation of a health centre: its December care points (branches
//   included) × (1 + listing% / 200) — the change spread evenly over the year, so the
//   year's mean moves by half of it — × the model's price (a dental clinic's children's
//   capitation: × (1 + children_capitation%));
// - revenue_fees × (1 + fees%), revenue_appropriation × (1 + appropriation%), other
//   revenue unchanged;
// - every cost × (1 + cost_index%); staff_change × the unit's share of the
//   administration's December headcount × its staff cost per employee (the base year's
//   cost_staff over its mean monthly headcount) added to cost_staff; with agency_stop
//   the agency accounts become zero and agency_replacement × their cost is added to
//   cost_staff.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/model/org_tree.h"
#include "nara/model/prices.h"

namespace nara::follow {

struct WhatIfRow {
  int unit = -1;
  int level = 0;               // 0 the administration, 1 an area, 2 a result unit
  double base_result = 0;      // the base year's outcome (kr)
  std::vector<double> results;   // next year's result under each model (kr)
  std::vector<double> revenues;  // next year's revenue under each model (kr)
};

struct WhatIfComparison {
  int year = 0;
  int base_year = 0;
  std::vector<double> prices;  // each model's price per care point
  std::vector<WhatIfRow> rows; // the administration, then each area followed by its units
};

// Compares `models` (all of one year) for the result units within `administration`.
// `prices` is economy.toml's (a model's default base). Invalid when the models' years
// differ, the data has no ledger or no outcome in the base year, or a model's price
// has no base.
StatusOr<WhatIfComparison> CompareWhatIf(const engine::Dataset& data, const model::OrgTree& tree, int administration,
                                         const std::vector<model::PriceModel>& prices,
                                         const std::vector<model::WhatIfModel>& models);

}  // namespace nara::follow
