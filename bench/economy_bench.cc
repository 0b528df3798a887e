// Economy benchmarks (issue 16): on a folder of extracts — $NARA_ECONOMY_BENCH_EXTRACT,
// e.g. the synthetic Halland 2022–2024 (`nara simulate --years 2022-2024 --out DIR`),
// else data/example — with the configuration data/halland:
//   BM_WhatIf      the configured price models of 2025 (data/halland/whatif) compared for
//                  the whole administration (goal: under 1 s);
//   BM_Summary     budget, outcome and forecast of the administration and its areas, 2024-T1;
//   BM_Capitation  computed against booked capitation of every own health centre, 2024-T1.
// Only ledger, forecasts, listings and staff are read (the tables these use).
// Run: NARA_ECONOMY_BENCH_EXTRACT=build/halland ./build/release/bench/economy_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "nara/follow/economy.h"
#include "nara/follow/whatif.h"
#include "nara/ingest/extract_dir.h"
#include "nara/model/config.h"
#include "nara/model/prices.h"

namespace nara {
namespace {

struct Fixture {
  model::Config config;
  ingest::Extract extract;
  std::vector<model::PriceModel> prices;
  std::vector<model::WhatIfModel> models;
  int administration = -1;
};

const Fixture& Data() {
  static std::unique_ptr<Fixture> f = [] {
    auto x = std::make_unique<Fixture>();
    const std::string config = std::string(NARA_SOURCE_DIR) + "/data/halland";
    const char* env = std::getenv("NARA_ECONOMY_BENCH_EXTRACT");
    const std::string source = env ? env : std::string(NARA_SOURCE_DIR) + "/data/example";
    std::vector<model::Problem> problems;
    x->config = model::LoadConfig(config, &problems);
    // A folder of the four tables only (links to the extract's files).
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("nara-economy-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* t : {"ledger", "forecasts", "listings", "staff"}) {
      const std::filesystem::path from = std::filesystem::absolute(std::filesystem::path(source) / (std::string(t) + ".csv"));
      if (std::filesystem::exists(from)) std::filesystem::create_symlink(from, dir / (std::string(t) + ".csv"));
    }
    auto extract = ingest::LoadExtractDir(dir.string(), x->config.tree);
    std::filesystem::remove_all(dir);
    if (!extract.ok()) {
      std::fprintf(stderr, "%s\n", extract.status().message().c_str());
      std::exit(1);
    }
    x->extract = std::move(extract).value();
    x->prices = *model::LoadPrices(config);
    x->models = *model::LoadWhatIfModels(config, 2025);
    x->administration = x->extract.tree.Find("nsh");
    std::fprintf(stderr, "%s: %zu ledger, %zu staff rows\n", source.c_str(), x->extract.data.Find("ledger")->rows,
                 x->extract.data.Find("staff") ? x->extract.data.Find("staff")->rows : 0);
    return x;
  }();
  return *f;
}

void BM_WhatIf(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto c = follow::CompareWhatIf(f.extract.data, f.extract.tree, f.administration, f.prices, f.models);
    if (!c.ok()) state.SkipWithError(c.status().message().c_str());
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_WhatIf)->Unit(benchmark::kMillisecond);

void BM_Summary(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto s = follow::Summarize(f.extract.data, f.extract.tree, f.administration, 2024, MakeMonth(2024, 4));
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_Summary)->Unit(benchmark::kMillisecond);

void BM_Capitation(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto c = follow::CheckCapitation(f.extract.data, f.extract.tree, f.administration, 2024, MakeMonth(2024, 4), 3651);
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_Capitation)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nara

BENCHMARK_MAIN();
