// Simulator benchmarks (issue: the synthetic Halland):
//   BM_SimulateHalland  the default run, Halland 2022–2024 at scale 1, all 17 tables
//                       written (to /dev/shm when it exists, so the disk is not
//                       measured). Counters per second of process CPU time (so per
//                       core whatever the threads): events/s/core, the simulated
//                       events (arrivals, services, departures; SimStats::events),
//                       and rows/s/core, the rows written, counted apart; the run's
//                       events, rows and MB. Arg: worker threads (1 = one core;
//                       0 = all cores).
//   BM_AgentQueue       the queueing kernel alone on the Erlang C case of the tests
//                       (100 calls / 30 min, 180 s handling, 14 agents): served
//                       calls per second.
// Run: ./build/release/bench/sim_bench
// Peak memory at Sweden's size is measured on the CLI, not here: bench/sim_memory.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "nara/model/config.h"
#include "nara/sim/queue.h"
#include "nara/sim/random.h"
#include "nara/sim/simulate.h"

namespace nara {
namespace {

namespace fs = std::filesystem;

const model::Config& Halland() {
  static const model::Config config = [] {
    std::vector<model::Problem> problems;
    return model::LoadConfig(std::string(NARA_SOURCE_DIR) + "/data/halland", &problems);
  }();
  return config;
}

fs::path OutDir() {
  const fs::path shm = "/dev/shm";
  return (fs::exists(shm) ? shm : fs::temp_directory_path()) / "nara_sim_bench";
}

void BM_SimulateHalland(benchmark::State& state) {
  sim::SimOptions options;  // 2022–2024, scale 1
  options.threads = static_cast<int>(state.range(0));
  const fs::path dir = OutDir();
  sim::SimStats stats;
  for (auto _ : state) {
    const Status s = sim::Simulate(Halland(), options, dir.string(), nullptr, &stats);
    if (!s.ok()) {
      state.SkipWithError(s.message().c_str());
      break;
    }
  }
  fs::remove_all(dir);
  const double iterations = static_cast<double>(state.iterations());
  // Per second of CPU time (process CPU, so per core whatever the threads): the
  // simulated events, and apart from them the rows written.
  state.counters["events/s/core"] =
      benchmark::Counter(static_cast<double>(stats.events) * iterations, benchmark::Counter::kIsRate);
  state.counters["rows/s/core"] =
      benchmark::Counter(static_cast<double>(stats.rows) * iterations, benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(stats.events);
  state.counters["rows"] = static_cast<double>(stats.rows);
  state.counters["MB"] = static_cast<double>(stats.bytes) / 1e6;
}
BENCHMARK(BM_SimulateHalland)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kSecond)
    ->Iterations(2)
    ->MeasureProcessCPUTime();

void BM_AgentQueue(benchmark::State& state) {
  const double mean_gap = 1800.0 / 100.0, mean_service = 180.0;
  const int calls = 1 << 20;
  double waited = 0;
  for (auto _ : state) {
    sim::AgentQueue queue;
    for (int a = 0; a < 14; ++a) queue.AddAgent(0, sim::AgentQueue::kNever);
    sim::Rng rng(1);
    double t = 0;
    for (int i = 0; i < calls; ++i) {
      t += rng.Exponential(mean_gap);
      waited += queue.Serve(t, rng.Exponential(mean_service)) - t;
    }
  }
  benchmark::DoNotOptimize(waited);
  state.counters["calls/s"] = benchmark::Counter(
      static_cast<double>(calls) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AgentQueue)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nara

BENCHMARK_MAIN();
