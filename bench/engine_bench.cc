// Engine benchmarks (issue: foundation):
//   BM_WholeCube   the whole catalogue × every unit × every period of three years
//                  (months, tertials, quarters, years, YTD, R12) with roll-ups, from
//                  a dataset of N fact rows generated in memory;
//   BM_ReadCsv     reading a phone_calls extract, in MB/s.
// Run: ./build/release/bench/nara_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>

#include "nara/follow/follow_up.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace nara {
namespace {

struct Fixture {
  model::Config config;
  engine::Dataset data;
  std::vector<int> leaves;  // units that own rows: health centres, branches, clinics, services
};

// Generates `rows` fact rows spread over the contract tables like a region's month
// of extracts: many calls, visits and bookings, fewer of the rest. Values are random
// but typed as the contract says, so every kernel does its real work.
Fixture& Data(size_t rows) {
  static std::map<size_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[rows];
  if (slot) return *slot;
  slot = std::make_unique<Fixture>();
  Fixture& f = *slot;
  std::vector<model::Problem> problems;
  f.config = model::LoadConfig(std::string(NARA_SOURCE_DIR) + "/data/halland", &problems);
  Days first = DaysFromCivil(2022, 1, 1), last = DaysFromCivil(2024, 12, 31);
  for (int u = 0; u < f.config.tree.size(); ++u) {
    const model::UnitVersion* v = f.config.tree.VersionAt(u, first);
    if (v && f.config.tree.ValidOn(u, last) &&
        (v->kind == model::UnitKind::kHealthCentre || v->kind == model::UnitKind::kBranch ||
         v->kind == model::UnitKind::kDentalClinic || v->kind == model::UnitKind::kService)) {
      f.leaves.push_back(u);
    }
  }
  std::mt19937_64 rng(42);  // benchmark data only; the simulator has its own generator
  const std::pair<const char*, double> kShare[] = {
      {"phone_calls", 0.30},     {"visits", 0.30},       {"bookings", 0.15},   {"assessments", 0.10},
      {"chats", 0.04},           {"dental_exams", 0.07}, {"staff", 0.02},      {"referrals", 0.01},
      {"ortho_cases", 0.002},    {"listings", 0.002},    {"ledger", 0.004},    {"vaccinations", 0.002},
      {"record_reviews", 0.001}, {"surveys", 0.0005},    {"forecasts", 0.0005}};
  for (const auto& [name, share] : kShare) {
    const engine::TableSchema* schema = ingest::FindContractTable(name);
    engine::Table t = engine::Table::Empty(*schema);
    size_t n = static_cast<size_t>(rows * share);
    for (size_t c = 0; c < schema->columns.size(); ++c) {
      const engine::ColumnSchema& cs = schema->columns[c];
      engine::Column& col = t.columns[c];
      if (!cs.stored) continue;
      for (size_t r = 0; r < n; ++r) {
        bool null = cs.nullable && rng() % 10 == 0;
        Days day = first + static_cast<Days>(rng() % (last - first + 1));
        switch (cs.type) {
          case engine::ColumnType::kUnit:
            col.i32.push_back(f.leaves[rng() % f.leaves.size()]);
            break;
          case engine::ColumnType::kDate:
            col.i32.push_back(null ? engine::kNullI32 : day);
            break;
          case engine::ColumnType::kMonth:
            col.i32.push_back(null ? engine::kNullI32 : MonthOfDays(day));
            break;
          case engine::ColumnType::kYear:
            col.i32.push_back(2022 + static_cast<int>(rng() % 3));
            break;
          case engine::ColumnType::kInstant:
            col.i64.push_back(null ? engine::kNullI64
                                   : static_cast<int64_t>(day) * 86400 + 25200 + rng() % 36000);
            break;
          case engine::ColumnType::kBool:
            col.u8.push_back(null ? engine::kNullU8 : rng() % 2);
            break;
          case engine::ColumnType::kEnum:
            col.u8.push_back(null ? engine::kNullU8 : static_cast<uint8_t>(rng() % cs.enum_values.size()));
            break;
          case engine::ColumnType::kInt:
            col.i64.push_back(null ? engine::kNullI64 : rng() % 100);
            break;
          case engine::ColumnType::kReal:
            col.f64.push_back(null ? NAN : static_cast<double>(rng() % 100000));
            break;
          case engine::ColumnType::kText:
            col.i32.push_back(static_cast<int32_t>(rng() % 200000));
            break;
        }
      }
      if (cs.type == engine::ColumnType::kText) {
        for (int k = 0; k < 200000; ++k) col.dictionary.push_back("P" + std::to_string(k));
      }
    }
    t.rows = n;
    f.data.tables.emplace(name, std::move(t));
  }
  return f;
}

void BM_WholeCube(benchmark::State& state) {
  Fixture& f = Data(static_cast<size_t>(state.range(0)));
  follow::FollowUp::Options options{2022, 2024, kNullDays};
  std::vector<model::Period> periods;
  for (int y = 2022; y <= 2024; ++y) {
    for (const model::Period& p : model::PeriodsOfYear(y)) periods.push_back(p);
  }
  std::vector<std::string> ids;
  for (const auto& d : f.config.catalogue) ids.push_back(d.id);
  size_t cells = 0;
  for (auto _ : state) {
    auto built = follow::FollowUp::Build(f.config.catalogue, f.config.tree, f.data, options);
    if (!built.ok()) {
      state.SkipWithError(built.status().message().c_str());
      return;
    }
    cells = 0;
    for (const model::Period& p : periods) cells += built->Scorecard(p).size();
    benchmark::DoNotOptimize(cells);
  }
  state.counters["fact_rows"] = static_cast<double>(f.data.rows());
  state.counters["cells"] = static_cast<double>(cells);
  state.counters["bytes_per_row"] = static_cast<double>(f.data.MemoryBytes()) / f.data.rows();
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(f.data.rows()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WholeCube)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The cube alone: every aggregate evaluated and rolled up, no period served yet.
void BM_BuildCube(benchmark::State& state) {
  Fixture& f = Data(static_cast<size_t>(state.range(0)));
  follow::FollowUp::Options options{2022, 2024, kNullDays};
  for (auto _ : state) {
    auto built = follow::FollowUp::Build(f.config.catalogue, f.config.tree, f.data, options);
    benchmark::DoNotOptimize(built.ok());
  }
}
BENCHMARK(BM_BuildCube)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadCsv(benchmark::State& state) {
  Fixture& f = Data(1000);
  std::string csv = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";
  std::mt19937_64 rng(7);
  const char* topics[] = {"advice", "booking", "other"};
  char line[160];
  for (int i = 0; csv.size() < 100'000'000; ++i) {
    int d = 1 + static_cast<int>(rng() % 28), h = 8 + static_cast<int>(rng() % 9),
        m = static_cast<int>(rng() % 60);
    std::snprintf(
        line, sizeof line, "C%09d,%s,2024-05-%02d %02d:%02d,ja,%s,2024-05-%02d %02d:%02d,callback\n", i,
        f.config.tree.id(f.leaves[rng() % f.leaves.size()]).c_str(), d, h, m, topics[rng() % 3], d, h + 1, m);
    csv += line;
  }
  const engine::TableSchema* schema = ingest::FindContractTable("phone_calls");
  for (auto _ : state) {
    auto t = ingest::ReadTable("phone_calls.csv", csv, *schema, f.config.tree);
    if (!t.ok()) {
      state.SkipWithError(t.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(t->rows);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * csv.size()));
}
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace nara

BENCHMARK_MAIN();
