// Where to add a unit (issue 17, "Geography"): given k new units of a kind, the grid
// cells that minimise the population-weighted distance to the nearest unit (p-median
// with the existing units fixed) or maximise the residents within D km of one (maximal
// covering), solved exactly with GLPK's branch and cut (glp_intopt).
//
// Demand and candidates are the populated cells (≥ 1 resident); a new unit stands at
// its cell's centre. Distances are the access.h model (straight line × detour factor).
//
// Exact reduction before the solver. Let g_j be what candidate j alone gains (residents ×
// km saved, or residents newly within D km), and LB the value of the greedy choice of k
// (a feasible solution). A set holding j gains at most g_j + the k − 1 largest g of the
// other candidates (gains of different units do not add up to more than their sum), so
// a j for which that is below LB is in no optimal set and is left out; pairs (cell,
// candidate) where the candidate does not come closer than the units there already are
// carry no variable. The solver gets the rest:
//   distance:  max Σ s_ij x_ij  s.t. Σ_j x_ij ≤ 1 (i), x_ij ≤ y_j, Σ y_j = k, y binary,
//              s_ij = w_i · max(0, d0_i − d_ij) (the km saved for i's residents);
//   coverage:  max Σ w_i z_i  s.t. z_i ≤ Σ_{j: d_ij ≤ D} y_j (i not yet within D),
//              Σ y_j = k, y binary, z in [0, 1].
// Ties (equal objective) are broken by the solver, deterministically.
#pragma once

#include <vector>

#include "nara/base/status.h"
#include "nara/geo/access.h"
#include "nara/geo/grid.h"

namespace nara::geo {

enum class Objective : uint8_t { kDistance, kCoverage };

// A location problem on points: demand with weights and their current distance (km, by
// road) to the nearest existing unit, candidate points, and the detour factor.
struct Instance {
  std::vector<PlanePoint> demand;
  std::vector<double> weight;
  std::vector<double> current_km;  // infinity when no unit exists yet
  std::vector<PlanePoint> candidates;
  double factor = kDetourFactor;
  double within_km = 15;  // coverage: D
};

struct Solution {
  std::vector<int> chosen;  // candidate indexes, ascending
  double value = 0;         // Σ w·km after (distance) or Σ w within D after (coverage)
  int candidates_kept = 0;  // after the exact reduction
  int variables = 0;        // columns of the MIP
};

// Σ w_i × km to the nearest of the existing units and `chosen` (distance), or Σ w_i of
// demand within within_km (coverage). The reference the solver is tested against.
double Evaluate(const Instance& instance, Objective objective, const std::vector<int>& chosen);

// The optimal k (1 ≤ k ≤ candidates) new units. Internal if GLPK does not prove
// optimality; Invalid for a bad k.
StatusOr<Solution> Solve(const Instance& instance, Objective objective, int k);

struct LocateOptions {
  int year = 2024;
  bool branch = false;  // the new units are branches: distance to the nearest health
                        // centre or branch; else health centres: to the nearest health centre
  Objective objective = Objective::kDistance;
  double within_km = 15;
  double factor = kDetourFactor;
};

// The instance of `grid` and `sites` (demand and candidates: the populated cells).
// `cells` receives the grid index of each candidate.
Instance MakeInstance(const Grid& grid, const std::vector<Site>& sites, const LocateOptions& options,
                      std::vector<int>* cells);

}  // namespace nara::geo
