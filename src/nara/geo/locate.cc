#include "nara/geo/locate.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace nara::geo {
namespace {

double Km(const Instance& in, size_t i, size_t j) {
  const PlanePoint a = in.demand[i], b = in.candidates[j];
  return std::hypot(a.e - b.e, a.n - b.n) * in.factor / 1000;
}

// What candidate j gives demand i: km saved × residents, or residents newly within D.
double Gain(const Instance& in, Objective objective, size_t i, double km) {
  if (objective == Objective::kDistance) return km < in.current_km[i] ? in.weight[i] * (in.current_km[i] - km) : 0;
  return km <= in.within_km && !(in.current_km[i] <= in.within_km) ? in.weight[i] : 0;
}

// The demand each candidate improves, with its gain. A candidate can only help demand
// within the demand's current distance (or D), so the search around each demand point
// is bounded; a sort by easting limits it to a strip.
struct Pairs {
  std::vector<std::vector<std::pair<int, double>>> of_candidate;  // (demand, gain)
};

Pairs FindPairs(const Instance& in, Objective objective) {
  Pairs p;
  p.of_candidate.resize(in.candidates.size());
  std::vector<size_t> order(in.candidates.size());
  for (size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return in.candidates[a].e < in.candidates[b].e; });
  for (size_t i = 0; i < in.demand.size(); ++i) {
    double reach_km = objective == Objective::kDistance ? in.current_km[i] : in.within_km;
    if (objective == Objective::kCoverage && in.current_km[i] <= in.within_km) continue;
    if (!std::isfinite(reach_km)) reach_km = std::numeric_limits<double>::max() / 4;
    const double reach_m = reach_km * 1000 / in.factor;
    auto first = std::lower_bound(order.begin(), order.end(), in.demand[i].e - reach_m,
                                  [&](size_t j, double e) { return in.candidates[j].e < e; });
    for (auto it = first; it != order.end() && in.candidates[*it].e <= in.demand[i].e + reach_m; ++it) {
      const double g = Gain(in, objective, i, Km(in, i, *it));
      if (g > 0) p.of_candidate[*it].emplace_back(static_cast<int>(i), g);
    }
  }
  return p;
}

// Greedy: k times the candidate with the largest added gain (lowest index on ties).
std::vector<int> Greedy(const Instance& in, const Pairs& pairs, int k) {
  std::vector<double> best(in.demand.size(), 0);  // gain already had per demand point
  std::vector<int> chosen;
  for (int step = 0; step < k; ++step) {
    int pick = -1;
    double pick_gain = -1;
    for (size_t j = 0; j < pairs.of_candidate.size(); ++j) {
      if (std::find(chosen.begin(), chosen.end(), static_cast<int>(j)) != chosen.end()) continue;
      double g = 0;
      for (const auto& [i, s] : pairs.of_candidate[j]) g += std::max(0.0, s - best[static_cast<size_t>(i)]);
      if (g > pick_gain) pick_gain = g, pick = static_cast<int>(j);
    }
    chosen.push_back(pick);
    for (const auto& [i, s] : pairs.of_candidate[static_cast<size_t>(pick)]) {
      best[static_cast<size_t>(i)] = std::max(best[static_cast<size_t>(i)], s);
    }
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

struct ProblemDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

}  // namespace

double Evaluate(const Instance& in, Objective objective, const std::vector<int>& chosen) {
  double value = 0;
  for (size_t i = 0; i < in.demand.size(); ++i) {
    double km = in.current_km[i];
    for (int j : chosen) km = std::min(km, Km(in, i, static_cast<size_t>(j)));
    if (objective == Objective::kDistance) {
      value += in.weight[i] * km;
    } else if (km <= in.within_km) {
      value += in.weight[i];
    }
  }
  return value;
}

StatusOr<Solution> Solve(const Instance& in, Objective objective, int k) {
  if (k < 1 || static_cast<size_t>(k) > in.candidates.size()) {
    return Status::Invalid("k must be between 1 and the number of candidates (" +
                           std::to_string(in.candidates.size()) + "), not " + std::to_string(k));
  }
  const Pairs pairs = FindPairs(in, objective);
  const std::vector<int> greedy = Greedy(in, pairs, k);
  const double before = Evaluate(in, objective, {});
  const double greedy_gain = std::abs(before - Evaluate(in, objective, greedy));
  // Each candidate's gain alone, and the exact reduction (see locate.h).
  std::vector<double> alone(pairs.of_candidate.size(), 0);
  for (size_t j = 0; j < alone.size(); ++j) {
    for (const auto& [i, s] : pairs.of_candidate[j]) alone[j] += s;
  }
  std::vector<double> sorted = alone;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const double tolerance = 1e-9 * std::max(1.0, greedy_gain);
  std::vector<int> kept;
  for (size_t j = 0; j < alone.size(); ++j) {
    // The k − 1 largest of the others: the k − 1 largest overall, or the k largest
    // less j itself when j is among them.
    double others = 0;
    for (int r = 0; r < k - 1 && r < static_cast<int>(sorted.size()); ++r) others += sorted[static_cast<size_t>(r)];
    if (k - 1 < static_cast<int>(sorted.size()) && alone[j] >= sorted[static_cast<size_t>(k - 1)] && k > 1) {
      others = others + sorted[static_cast<size_t>(k - 1)] - alone[j];
    }
    if (alone[j] > 0 && alone[j] + others >= greedy_gain - tolerance) kept.push_back(static_cast<int>(j));
  }
  Solution sol;
  sol.candidates_kept = static_cast<int>(kept.size());
  if (greedy_gain <= 0 || static_cast<int>(kept.size()) <= k) {
    // Nothing to gain, or no choice left: the greedy choice is optimal.
    sol.chosen = greedy;
    sol.value = Evaluate(in, objective, sol.chosen);
    return sol;
  }
  // The MIP over the kept candidates.
  std::unique_ptr<glp_prob, ProblemDeleter> lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  const int ny = static_cast<int>(kept.size());
  glp_add_cols(lp.get(), ny);
  for (int c = 1; c <= ny; ++c) glp_set_col_kind(lp.get(), c, GLP_BV);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  auto add = [&](int row, int col, double v) {
    ia.push_back(row);
    ja.push_back(col);
    ar.push_back(v);
  };
  // Row 1: Σ y = k.
  glp_add_rows(lp.get(), 1);
  glp_set_row_bnds(lp.get(), 1, GLP_FX, k, k);
  for (int c = 1; c <= ny; ++c) add(1, c, 1);
  if (objective == Objective::kDistance) {
    // x_ij per pair: Σ_j x_ij ≤ 1 per demand, x_ij − y_j ≤ 0.
    std::vector<int> demand_row(in.demand.size(), 0);
    for (int c = 1; c <= ny; ++c) {
      for (const auto& [i, s] : pairs.of_candidate[static_cast<size_t>(kept[static_cast<size_t>(c - 1)])]) {
        int& dr = demand_row[static_cast<size_t>(i)];
        if (dr == 0) {
          dr = glp_add_rows(lp.get(), 1);
          glp_set_row_bnds(lp.get(), dr, GLP_UP, 0, 1);
        }
        const int x = glp_add_cols(lp.get(), 1);
        glp_set_col_bnds(lp.get(), x, GLP_DB, 0, 1);
        glp_set_obj_coef(lp.get(), x, s);
        add(dr, x, 1);
        const int link = glp_add_rows(lp.get(), 1);
        glp_set_row_bnds(lp.get(), link, GLP_UP, 0, 0);
        add(link, x, 1);
        add(link, c, -1);
      }
    }
  } else {
    // z_i per demand not yet within D: z_i − Σ_j y_j ≤ 0.
    std::vector<int> z_row(in.demand.size(), 0);
    for (int c = 1; c <= ny; ++c) {
      for (const auto& [i, w] : pairs.of_candidate[static_cast<size_t>(kept[static_cast<size_t>(c - 1)])]) {
        int& zr = z_row[static_cast<size_t>(i)];
        if (zr == 0) {
          zr = glp_add_rows(lp.get(), 1);
          glp_set_row_bnds(lp.get(), zr, GLP_UP, 0, 0);
          const int z = glp_add_cols(lp.get(), 1);
          glp_set_col_bnds(lp.get(), z, GLP_DB, 0, 1);
          glp_set_obj_coef(lp.get(), z, w);
          add(zr, z, 1);
        }
        add(zr, c, -1);
      }
    }
  }
  sol.variables = glp_get_num_cols(lp.get());
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.presolve = GLP_ON;
  parm.msg_lev = GLP_MSG_OFF;
  const int ret = glp_intopt(lp.get(), &parm);
  if (ret != 0 || glp_mip_status(lp.get()) != GLP_OPT) {
    return Status::Internal("GLPK did not prove an optimal location (glp_intopt " + std::to_string(ret) +
                            ", status " + std::to_string(glp_mip_status(lp.get())) + ")");
  }
  for (int c = 1; c <= ny; ++c) {
    if (glp_mip_col_val(lp.get(), c) > 0.5) sol.chosen.push_back(kept[static_cast<size_t>(c - 1)]);
  }
  std::sort(sol.chosen.begin(), sol.chosen.end());
  sol.value = Evaluate(in, objective, sol.chosen);
  return sol;
}

Instance MakeInstance(const Grid& grid, const std::vector<Site>& sites, const LocateOptions& options,
                      std::vector<int>* cells) {
  const std::vector<double> nearest =
      NearestStraight(grid, sites, options.branch ? Reach::kCare : Reach::kHealthCentre);
  Instance in;
  in.factor = options.factor;
  in.within_km = options.within_km;
  cells->clear();
  for (int c : PopulatedCells(grid)) {
    const Cell& cell = grid.cells[static_cast<size_t>(c)];
    in.demand.push_back(cell.Centre());
    in.weight.push_back(cell.population);
    in.current_km.push_back(nearest[static_cast<size_t>(c)] * options.factor / 1000);
    in.candidates.push_back(cell.Centre());
    cells->push_back(c);
  }
  return in;
}

}  // namespace nara::geo
