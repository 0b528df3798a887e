#include "nara/sim/simulate.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <ostream>
#include <thread>

#include "nara/model/children_capitation.h"
#include "nara/sim/region.h"
#include "nara/sim/units.h"

namespace nara::sim {
namespace {

void WriteUnits(const model::OrgTree& tree, const DateText& dates, CsvFile* file) {
  RowBuffer rows(&dates);
  for (int t = 0; t < tree.size(); ++t) {
    for (const model::UnitVersion& v : tree.versions(t)) {
      rows.Text(v.id).Quoted(v.name).Text(v.parent_id).Text(model::UnitKindName(v.kind));
      if (v.municipality != 0) {
        rows.Int(v.municipality);
      } else {
        rows.Null();
      }
      rows.Text(model::OwnershipName(v.ownership)).Date(v.valid_from);
      if (v.valid_to != model::kOpenEnded) {
        rows.Date(v.valid_to);
      } else {
        rows.Null();
      }
      rows.Shortest(v.lat).Shortest(v.lon).End();
    }
  }
  file->Append(rows);
}

// Residents per municipality, age and sex: actual for the simulated years, a
// forecast for the years after them up to 2030.
void WritePopulation(const Region& r, CsvFile* file) {
  RowBuffer rows(&r.dates);
  const int last = std::max(r.last_year, 2030);
  for (int year = r.first_year; year <= last; ++year) {
    const char* kind = year <= r.last_year ? "actual" : "forecast";
    for (size_t m = 0; m < kMunicipalities.size(); ++m) {
      for (int age = 0; age < kAges; ++age) {
        for (int sex = 0; sex < 2; ++sex) {
          rows.Int(kMunicipalities[m].code).Int(year).Int(age).Text(sex == 0 ? "F" : "M").Text(kind);
          rows.Int(r.population->Count(static_cast<int>(m), year, age, sex)).End();
        }
      }
    }
  }
  file->Append(rows);
}

// The synthetic DeSo's caries risk, a row per DeSo and simulated year (contract v1.1).
void WriteCariesRisk(const Region& r, CsvFile* file) {
  RowBuffer rows(&r.dates);
  for (int year = r.first_year; year <= r.last_year; ++year) {
    for (size_t d = 0; d < r.deso.size(); ++d) {
      const Deso& deso = r.deso[d];
      rows.Text(deso.code).Int(kMunicipalities[static_cast<size_t>(deso.municipality)].code).Int(year);
      rows.Fixed(r.DesoRisk(static_cast<int>(d), year), 3).End();
    }
  }
  file->Append(rows);
}

}  // namespace

Status Simulate(const model::Config& config, const SimOptions& options, const std::string& out_dir,
                std::ostream* progress, SimStats* stats) {
  if (options.first_year < 2016 || options.last_year > 2035 || options.first_year > options.last_year) {
    return Status::Invalid("simulated years must lie within 2016–2035, first before last (got " +
                           std::to_string(options.first_year) + "–" + std::to_string(options.last_year) +
                           ")");
  }
  if (!(options.scale > 0) || options.scale > 100) {
    return Status::Invalid("scale must be above 0 and at most 100");
  }
  if (config.tree.size() == 0) return Status::Invalid("the configuration has no organisation tree");
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Status::IoError("cannot create " + out_dir + ": " + ec.message());

  NARA_ASSIGN_OR_RETURN(std::vector<model::ChildrenDentalModel> children_dental, ConfiguredChildrenDental(config));
  std::unique_ptr<Region> region = BuildRegion(config.tree, options.seed, options.scale, options.first_year,
                                               options.last_year, std::move(children_dental), options.levers);
  // The capitation price as the configuration builds it (economy.toml), so that the
  // ledger books what nara economy computes back from the listings.
  if (!config.dir.empty()) {
    auto prices = model::LoadPrices(config.dir);
    if (prices.ok()) {
      region->capitation = std::move(prices).value();
    } else if (prices.status().code() != StatusCode::kNotFound) {
      return prices.status();
    }
  }
  std::array<CsvFile, kTableCount> files;
  for (int t = 0; t < kTableCount; ++t) {
    const std::string path =
        (std::filesystem::path(out_dir) / (std::string(kTables[static_cast<size_t>(t)].name) + ".csv"))
            .string();
    NARA_RETURN_IF_ERROR(files[static_cast<size_t>(t)].Open(path, kTables[static_cast<size_t>(t)].header));
  }
  WriteUnits(config.tree, region->dates, &files[kUnitsTable]);
  WritePopulation(*region, &files[kPopulationTable]);
  WriteCariesRisk(*region, &files[kCariesRiskTable]);

  // Two sets of row buffers: while the units simulate a month into one set, a
  // writer thread streams the previous month's set to the files.
  std::vector<std::unique_ptr<UnitSim>> sims;
  std::array<std::vector<std::unique_ptr<Output>>, 2> outputs;
  for (size_t u = 0; u < region->units.size(); ++u) {
    auto sim = MakeUnitSim(*region, static_cast<int>(u));
    if (!sim) continue;
    sims.push_back(std::move(sim));
    for (auto& set : outputs) set.push_back(std::make_unique<Output>(&region->dates));
  }
  unsigned threads =
      options.threads > 0 ? static_cast<unsigned>(options.threads) : std::thread::hardware_concurrency();
  threads = std::clamp(threads, 1u, 16u);
  // Each unit runs on its own sub-streams into its own buffers; buffers are written
  // in unit order and months in order, so the files do not depend on the threads'
  // timing.
  auto run_all = [&](auto&& step) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < sims.size(); i = next++) step(i);
    };
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
  };
  auto flush = [&files](std::vector<std::unique_ptr<Output>>* set) {
    std::vector<const RowBuffer*> pieces;
    for (int t = 0; t < kTableCount; ++t) {
      pieces.clear();
      for (auto& out : *set) pieces.push_back(&out->rows[static_cast<size_t>(t)]);
      files[static_cast<size_t>(t)].Append(pieces);
    }
    for (auto& out : *set) {
      for (RowBuffer& buffer : out->rows) buffer.Clear();
    }
  };
  auto count_events = [&] {
    uint64_t n = 0;
    for (auto& set : outputs) {
      for (auto& out : set) n += out->events;  // the writer never touches `events`
    }
    return n;
  };
  std::thread writer;
  auto hand_over = [&](std::vector<std::unique_ptr<Output>>* set) {
    if (writer.joinable()) writer.join();
    writer = std::thread(flush, set);
  };
  uint64_t events = 0, rows = 0;
  size_t current = 0;
  for (Month month = MakeMonth(options.first_year, 1); month <= MakeMonth(options.last_year, 12); ++month) {
    auto& set = outputs[current];
    run_all([&](size_t i) { sims[i]->RunMonth(month, set[i].get()); });
    hand_over(&set);
    current ^= 1;
    if (MonthOf(month) == 12 && progress != nullptr) {
      *progress << "simulated " << YearOf(month) << " (" << count_events() << " events so far)\n";
    }
  }
  auto& last = outputs[current];
  run_all([&](size_t i) { sims[i]->Finish(last[i].get()); });
  hand_over(&last);
  writer.join();
  events = count_events();
  uint64_t bytes = 0;
  for (CsvFile& f : files) {
    bytes += f.bytes();
    rows += f.rows();
    NARA_RETURN_IF_ERROR(f.Close());
  }
  if (stats != nullptr) *stats = SimStats{events, rows, bytes};
  if (progress != nullptr) {
    *progress << "wrote " << kTableCount << " tables, " << bytes / 1000000 << " MB, to " << out_dir << "\n";
  }
  return Status::Ok();
}

}  // namespace nara::sim
