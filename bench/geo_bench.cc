// The geography's benchmarks (issue 17): on the synthetic Halland grid of 2024 with the
// configured units (data/halland),
//   BM_Grid     building the year's population grid;
//   BM_Coverage coverage per municipality (nearest health centre);
//   BM_Locate   where to add k = 1..3 health centres, p-median (distance) and maximal
//               covering within 15 km (coverage), solved exactly with GLPK
//               (goal: every k under 10 s on 2 cores).
// Run: ./build/release/bench/geo_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "nara/geo/access.h"
#include "nara/geo/grid.h"
#include "nara/geo/locate.h"
#include "nara/model/config.h"

namespace nara::geo {
namespace {

struct Fixture {
  Geography geography;
  Grid grid;
  std::vector<Site> sites;
};

const Fixture& Data() {
  static std::unique_ptr<Fixture> f = [] {
    auto x = std::make_unique<Fixture>();
    const std::string dir = std::string(NARA_SOURCE_DIR) + "/data/halland";
    auto projection = Projection::Create();
    auto geography = projection.ok() ? LoadGeography(dir, *projection) : StatusOr<Geography>(projection.status());
    if (!geography.ok()) {
      std::fprintf(stderr, "%s\n", geography.status().message().c_str());
      std::exit(1);
    }
    x->geography = std::move(geography).value();
    x->grid = std::move(BuildGrid(x->geography, 2024)).value();
    std::vector<model::Problem> problems;
    model::Config config = model::LoadConfig(dir, &problems);
    x->sites = std::move(SitesOn(config.tree, DaysFromCivil(2024, 7, 1), *projection)).value();
    return x;
  }();
  return *f;
}

void BM_Grid(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) benchmark::DoNotOptimize(BuildGrid(f.geography, 2024));
}
BENCHMARK(BM_Grid)->Unit(benchmark::kMillisecond);

void BM_Coverage(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) benchmark::DoNotOptimize(ComputeCoverage(f.grid, f.sites, Reach::kHealthCentre));
}
BENCHMARK(BM_Coverage)->Unit(benchmark::kMillisecond);

void BM_Locate(benchmark::State& state) {
  const Fixture& f = Data();
  LocateOptions options;
  options.objective = state.range(1) == 0 ? Objective::kDistance : Objective::kCoverage;
  std::vector<int> cells;
  const Instance in = MakeInstance(f.grid, f.sites, options, &cells);
  Solution last;
  for (auto _ : state) {
    auto sol = Solve(in, options.objective, static_cast<int>(state.range(0)));
    if (!sol.ok()) {
      state.SkipWithError(sol.status().message().c_str());
      return;
    }
    last = std::move(sol).value();
  }
  state.counters["kept"] = last.candidates_kept;
  state.counters["columns"] = last.variables;
}
BENCHMARK(BM_Locate)->ArgsProduct({{1, 2, 3}, {0, 1}})->ArgNames({"k", "coverage"})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nara::geo

BENCHMARK_MAIN();
