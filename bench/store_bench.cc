// Store benchmarks (issue: durable store and import):
//   BM_Import   `nara import` of a whole three-year extract into a new database, one
//               transaction: reading, validating, key checks and writing; rows/s.
//   BM_Load     loading that database into the engine's tables (compute --db,
//               the web server at start and after each import); seconds per load.
// The extract is the folder in $NARA_STORE_BENCH_EXTRACT (e.g. the output of
// `nara simulate --years 2022-2024 --out DIR`, Halland's size), or else the example
// extract (data/example) scaled up ×$NARA_STORE_BENCH_SCALE (default 150, about ten
// million rows): its row-id tables copied with fresh ids, its other tables once.
// Run: ./build/release/bench/store_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nara/ingest/contract.h"
#include "nara/ingest/extract_dir.h"
#include "nara/store/store.h"

namespace nara::store {
namespace {

namespace fs = std::filesystem;

const std::string kConfig = std::string(NARA_SOURCE_DIR) + "/data/halland";

std::string TempPath(const std::string& name) { return (fs::temp_directory_path() / name).string(); }

// Writes the example extract scaled up into `dir`: the files whose key is one row
// identifier (the first column) are repeated `scale` times, each copy's ids prefixed.
void ScaleExample(const std::string& dir, int scale) {
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(std::string(NARA_SOURCE_DIR) + "/data/example")) {
    std::string table = e.path().stem().string();
    const engine::TableSchema* schema = ingest::FindContractTable(table);
    if (schema == nullptr) continue;
    std::string bytes = *ingest::ReadFile(e.path().string());
    bool by_id =
        schema->key.size() == 1 && !schema->columns[0].stored && schema->key[0] == schema->columns[0].name;
    std::ofstream out(dir + "/" + table + ".csv", std::ios::binary);
    size_t header_end = bytes.find('\n') + 1;
    out.write(bytes.data(), static_cast<std::streamsize>(by_id ? header_end : bytes.size()));
    if (!by_id) continue;
    std::string body = bytes.substr(header_end), copy;
    for (int k = 0; k < scale; ++k) {
      copy.clear();
      std::string prefix = "k" + std::to_string(k) + "_";
      size_t at = 0;
      while (at < body.size()) {
        size_t end = body.find('\n', at);
        end = end == std::string::npos ? body.size() : end + 1;
        copy += prefix;
        copy.append(body, at, end - at);
        at = end;
      }
      out.write(copy.data(), static_cast<std::streamsize>(copy.size()));
    }
  }
}

const std::string& ExtractDir() {
  static const std::string dir = [] {
    if (const char* given = std::getenv("NARA_STORE_BENCH_EXTRACT")) return std::string(given);
    const char* s = std::getenv("NARA_STORE_BENCH_SCALE");
    int scale = s ? std::atoi(s) : 150;
    std::string d = TempPath("nara-store-bench-extract-x" + std::to_string(scale));
    if (!fs::exists(d + "/visits.csv")) ScaleExample(d, scale);
    return d;
  }();
  return dir;
}

std::vector<ImportRequest> Requests() {
  std::vector<ImportRequest> out;
  for (const auto& e : fs::directory_iterator(ExtractDir())) {
    if (e.path().extension() == ".csv" && TableForFile(e.path().string()) != nullptr)
      out.push_back({e.path().string(), "", {}});
  }
  std::sort(out.begin(), out.end(),
            [](const ImportRequest& a, const ImportRequest& b) { return a.path < b.path; });
  return out;
}

void RemoveDb(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
}

void BM_Import(benchmark::State& state) {
  std::vector<ImportRequest> requests = Requests();
  const std::string db = TempPath("nara-store-bench-import.db");
  int64_t rows = 0, bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    RemoveDb(db);
    auto store = Store::Open(db, true);
    if (!store.ok() || !store->StoreConfig(kConfig, "bench").ok()) {
      state.SkipWithError("cannot create the database");
      return;
    }
    state.ResumeTiming();
    auto results = store->Import(requests, "bench");
    if (!results.ok()) {
      state.SkipWithError(results.status().message().c_str());
      return;
    }
    rows = bytes = 0;
    for (const ImportResult& r : *results) rows += r.rows, bytes += r.bytes;
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["csv_MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["db_MB"] = static_cast<double>(fs::file_size(db)) / 1e6;
}
BENCHMARK(BM_Import)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

void BM_Load(benchmark::State& state) {
  const std::string db = TempPath("nara-store-bench-load.db");
  static bool made = false;
  if (!made) {
    RemoveDb(db);
    auto store = Store::Open(db, true);
    if (!store.ok() || !store->StoreConfig(kConfig, "bench").ok() ||
        !store->Import(Requests(), "bench").ok() || !store->Checkpoint().ok()) {
      state.SkipWithError("cannot build the database");
      return;
    }
    made = true;
  }
  auto store = Store::Open(db, false);
  auto tree = store->Tree();
  size_t rows = 0;
  for (auto _ : state) {
    auto loaded = store->Load(*tree);
    if (!loaded.ok()) {
      state.SkipWithError(loaded.status().message().c_str());
      return;
    }
    rows = loaded->data.rows();
    benchmark::DoNotOptimize(loaded->data.tables.size());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["db_MB"] = static_cast<double>(fs::file_size(db)) / 1e6;
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MinTime(3)->UseRealTime();

}  // namespace
}  // namespace nara::store

BENCHMARK_MAIN();
