// Swedish local time (base/time.h), the calls every date-time of every extract row
// goes through. Each benchmark runs over a million values spread evenly over
// 1990–2029 (fixed seed, so both switch days of every year are in the mix); the
// time per value is the reported time divided by 1,000,000 (items/s is per value).
//   BM_StockholmOffset    offset of an instant
//   BM_LocalDay           local calendar day of an instant
//   BM_LocalWallToInstant local wall time to an instant (what ParseDateTime does)
//   BM_ParseDateTime      the whole parse of "YYYY-MM-DD HH:MM:SS"
// Run: ./build/release/bench/time_bench
// Registered in bench/CMakeLists.txt as
//   add_executable(time_bench time_bench.cc)
//   target_link_libraries(time_bench PRIVATE nara_base benchmark::benchmark nara_warnings)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "nara/base/time.h"

namespace nara {
namespace {

constexpr size_t kValues = 1'000'000;

const std::vector<int64_t>& Seconds() {
  static const std::vector<int64_t> values = [] {
    std::mt19937_64 rng(20240331);
    const int64_t from = static_cast<int64_t>(DaysFromCivil(1990, 1, 1)) * 86400;
    const int64_t to = static_cast<int64_t>(DaysFromCivil(2030, 1, 1)) * 86400;
    std::uniform_int_distribution<int64_t> pick(from, to - 1);
    std::vector<int64_t> v(kValues);
    for (int64_t& x : v) x = pick(rng);
    return v;
  }();
  return values;
}

void BM_StockholmOffset(benchmark::State& state) {
  const std::vector<int64_t>& v = Seconds();
  for (auto _ : state) {
    int64_t sum = 0;
    for (int64_t t : v) sum += StockholmOffset(t);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(v.size()));
}
BENCHMARK(BM_StockholmOffset)->Unit(benchmark::kMillisecond);

void BM_LocalDay(benchmark::State& state) {
  const std::vector<int64_t>& v = Seconds();
  for (auto _ : state) {
    int64_t sum = 0;
    for (int64_t t : v) sum += LocalDay(t);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(v.size()));
}
BENCHMARK(BM_LocalDay)->Unit(benchmark::kMillisecond);

void BM_LocalWallToInstant(benchmark::State& state) {
  const std::vector<int64_t>& v = Seconds();
  for (auto _ : state) {
    int64_t sum = 0;
    for (int64_t wall : v) {
      Instant t;
      if (LocalWallToInstant(wall, &t)) sum += t;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(v.size()));
}
BENCHMARK(BM_LocalWallToInstant)->Unit(benchmark::kMillisecond);

void BM_ParseDateTime(benchmark::State& state) {
  std::vector<std::string> texts;
  texts.reserve(kValues);
  for (int64_t t : Seconds()) texts.push_back(FormatLocalDateTime(t));
  for (auto _ : state) {
    int64_t sum = 0;
    for (const std::string& s : texts) {
      Instant t;
      if (ParseDateTime(s, &t) == TimeParseError::kNone) sum += t;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(texts.size()));
}
BENCHMARK(BM_ParseDateTime)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nara

BENCHMARK_MAIN();
