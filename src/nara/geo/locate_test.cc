// The location model against brute force: on small grids every k-subset of the
// candidates is evaluated (locate.h Evaluate) and the solver's choice must reach the
// best value, for both objectives.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "nara/geo/locate.h"

namespace nara::geo {
namespace {

// A w × h grid of 1 km cells with weights from a fixed sequence (a few heavy cells, a
// long tail) and the given existing units.
Instance SmallGrid(int w, int h, uint32_t seed, const std::vector<PlanePoint>& units, double within_km) {
  Instance in;
  in.factor = 1.3;
  in.within_km = within_km;
  uint64_t x = seed * 2654435761u + 12345;
  for (int r = 0; r < h; ++r) {
    for (int c = 0; c < w; ++c) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(x >> 11) / 9007199254740992.0;
      const PlanePoint p{c * 1000.0 + 500, r * 1000.0 + 500};
      in.demand.push_back(p);
      in.weight.push_back(u < 0.1 ? 500 * u : 1 + 20 * u * u);
      double km = std::numeric_limits<double>::infinity();
      for (const PlanePoint& s : units) km = std::min(km, std::hypot(p.e - s.e, p.n - s.n) * in.factor / 1000);
      in.current_km.push_back(km);
      in.candidates.push_back(p);
    }
  }
  return in;
}

double BruteForce(const Instance& in, Objective objective, int k, std::vector<int>* best_set) {
  const int n = static_cast<int>(in.candidates.size());
  const bool maximise = objective == Objective::kCoverage;
  double best = maximise ? -1 : std::numeric_limits<double>::infinity();
  std::vector<int> set(static_cast<size_t>(k));
  // Every k-subset in lexicographic order.
  for (int i = 0; i < k; ++i) set[static_cast<size_t>(i)] = i;
  while (true) {
    const double v = Evaluate(in, objective, set);
    if (maximise ? v > best + 1e-9 : v < best - 1e-9) best = v, *best_set = set;
    int i = k - 1;
    while (i >= 0 && set[static_cast<size_t>(i)] == n - k + i) --i;
    if (i < 0) break;
    ++set[static_cast<size_t>(i)];
    for (int j = i + 1; j < k; ++j) set[static_cast<size_t>(j)] = set[static_cast<size_t>(j - 1)] + 1;
  }
  return best;
}

struct Case {
  int w, h;
  uint32_t seed;
  std::vector<PlanePoint> units;
  double within_km;
};

std::vector<Case> Cases() {
  return {
      {9, 7, 1, {{1500, 1500}}, 4},
      {10, 6, 2, {{500, 500}, {9500, 5500}}, 3},
      {8, 8, 3, {}, 5},
      {12, 5, 4, {{6500, 2500}}, 2.5},
  };
}

// Every case and k = 1..3: the solver's value is brute force's best.
void ExpectBruteForcesBest(Objective objective) {
  for (const Case& c : Cases()) {
    const Instance in = SmallGrid(c.w, c.h, c.seed, c.units, c.within_km);
    // Without an existing unit every distance is infinite before: only coverage applies.
    if (c.units.empty() && objective == Objective::kDistance) continue;
    for (int k = 1; k <= 3; ++k) {
      std::vector<int> expected;
      const double best = BruteForce(in, objective, k, &expected);
      auto sol = Solve(in, objective, k);
      ASSERT_TRUE(sol.ok()) << sol.status().message();
      EXPECT_NEAR(sol->value, best, 1e-6 * best) << "seed " << c.seed << " k " << k;
      EXPECT_EQ(static_cast<int>(sol->chosen.size()), k);
    }
  }
}

TEST(LocateTest, DistanceMatchesBruteForce) { ExpectBruteForcesBest(Objective::kDistance); }
TEST(LocateTest, CoverageMatchesBruteForce) { ExpectBruteForcesBest(Objective::kCoverage); }

TEST(LocateTest, TheSolverIsUsed) {
  // The reduction leaves a choice, so GLPK decides (not only the greedy fallback):
  // otherwise the comparisons above would prove little about the MIP.
  const Case c = Cases()[0];
  const Instance in = SmallGrid(c.w, c.h, c.seed, c.units, c.within_km);
  for (Objective objective : {Objective::kDistance, Objective::kCoverage}) {
    auto sol = Solve(in, objective, 3);
    ASSERT_TRUE(sol.ok());
    EXPECT_GT(sol->variables, 3);
  }
}

TEST(LocateTest, BadK) {
  const Instance in = SmallGrid(3, 3, 1, {{500, 500}}, 2);
  EXPECT_FALSE(Solve(in, Objective::kDistance, 0).ok());
  EXPECT_FALSE(Solve(in, Objective::kDistance, 10).ok());
}

}  // namespace
}  // namespace nara::geo
