#include "nara/sim/simulate.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <ostream>
#include <thread>

#include "nara/ingest/contract.h"
#include "nara/model/children_capitation.h"
#include "nara/sim/region.h"
#include "nara/sim/typed_out.h"
#include "nara/sim/units.h"

namespace nara::sim {
namespace {

// Where the rows go: the CSV files (FileSink) or the engine's tables (TypedSink).
// Row buffers are attached to a sink before they are written; Append takes the rows
// of a table's buffers in order, on one thread at a time.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Attach(RowBuffer* rows, int table) = 0;
  virtual void Append(int table, const std::vector<RowBuffer*>& pieces) = 0;
  // After the units' first simulated month was appended (of `months` in all).
  virtual void FirstMonthDone(int /*months*/) {}
  void Attach(Output* out) {
    for (int t = 0; t < kTableCount; ++t) Attach(&out->rows[static_cast<size_t>(t)], t);
  }
  void Append(int table, RowBuffer* rows) { Append(table, std::vector<RowBuffer*>{rows}); }
};

class FileSink : public Sink {
 public:
  Status Open(const std::string& out_dir) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) return Status::IoError("cannot create " + out_dir + ": " + ec.message());
    for (int t = 0; t < kTableCount; ++t) {
      const std::string path =
          (std::filesystem::path(out_dir) / (std::string(kTables[static_cast<size_t>(t)].name) + ".csv"))
              .string();
      NARA_RETURN_IF_ERROR(files_[static_cast<size_t>(t)].Open(path, kTables[static_cast<size_t>(t)].header));
    }
    return Status::Ok();
  }
  void Attach(RowBuffer* /*rows*/, int /*table*/) override {}
  void Append(int table, const std::vector<RowBuffer*>& pieces) override {
    files_[static_cast<size_t>(table)].Append(std::vector<const RowBuffer*>(pieces.begin(), pieces.end()));
  }
  Status Close(uint64_t* rows, uint64_t* bytes) {
    for (CsvFile& f : files_) {
      *bytes += f.bytes();
      *rows += f.rows();
      NARA_RETURN_IF_ERROR(f.Close());
    }
    return Status::Ok();
  }

 private:
  std::array<CsvFile, kTableCount> files_;
};

// The tables as ingest would read them back (typed_out.h); units.csv is not made:
// its units are the configuration's tree.
class TypedSink : public Sink {
 public:
  Status Open(const model::OrgTree& tree, const DatasetShape* shape) {
    for (int t = 0; t < kTableCount; ++t) {
      if (t == kUnitsTable) continue;
      const auto& spec = kTables[static_cast<size_t>(t)];
      const engine::TableSchema* schema = ingest::FindContractTable(spec.name);
      if (schema == nullptr) return Status::Internal(std::string("no contract table ") + spec.name);
      std::vector<bool> keep;
      if (shape != nullptr) {
        auto it = shape->keep.find(spec.name);
        if (it != shape->keep.end()) keep = it->second;
        if (it != shape->keep.end() && keep.empty()) keep.assign(schema->columns.size(), false);
      }
      NARA_ASSIGN_OR_RETURN(layouts_[static_cast<size_t>(t)], TypedLayout::Make(*schema, spec.header, tree, keep));
      tables_[static_cast<size_t>(t)] = std::make_unique<TypedTable>(&layouts_[static_cast<size_t>(t)]);
      if (shape != nullptr) {
        auto rows = shape->expected_rows.find(spec.name);
        if (rows != shape->expected_rows.end()) {
          tables_[static_cast<size_t>(t)]->Reserve(rows->second / 10 * 11);
          reserved_[static_cast<size_t>(t)] = true;
        }
      }
    }
    return Status::Ok();
  }
  void Attach(RowBuffer* rows, int table) override {
    if (table == kUnitsTable) return;
    pieces_.push_back(std::make_unique<TypedRows>(&layouts_[static_cast<size_t>(table)]));
    rows->set_typed(pieces_.back().get());
  }
  void Append(int table, const std::vector<RowBuffer*>& pieces) override {
    if (table == kUnitsTable) return;
    for (RowBuffer* rows : pieces) {
      if (rows->typed() == nullptr) continue;
      Status appended = tables_[static_cast<size_t>(table)]->Append(rows->typed());
      if (status_.ok() && !appended.ok()) status_ = appended;
    }
  }
  // A table without expected rows is reserved for its first month's rows in every
  // month, plus 15 % (the winter months are the busiest, and the region grows): grown
  // and copied as it filled, the first run of a plan took twice as long as the next.
  void FirstMonthDone(int months) override {
    for (int t = 0; t < kTableCount; ++t) {
      if (t == kUnitsTable || t == kPopulationTable || t == kCariesRiskTable || reserved_[static_cast<size_t>(t)]) continue;
      TypedTable& table = *tables_[static_cast<size_t>(t)];
      table.Reserve(table.rows() * static_cast<size_t>(months) / 100 * 115);
    }
  }
  StatusOr<engine::Dataset> Take(uint64_t* rows) {
    NARA_RETURN_IF_ERROR(status_);
    engine::Dataset data;
    for (int t = 0; t < kTableCount; ++t) {
      if (t == kUnitsTable) continue;
      *rows += tables_[static_cast<size_t>(t)]->rows();
      data.tables.emplace(kTables[static_cast<size_t>(t)].name, tables_[static_cast<size_t>(t)]->Take());
    }
    return data;
  }

 private:
  std::array<TypedLayout, kTableCount> layouts_;
  std::array<std::unique_ptr<TypedTable>, kTableCount> tables_;
  std::vector<std::unique_ptr<TypedRows>> pieces_;
  std::array<bool, kTableCount> reserved_{};  // by expected rows
  Status status_;
};

void WriteUnits(const model::OrgTree& tree, const DateText& dates, Sink* sink) {
  RowBuffer rows(&dates);
  sink->Attach(&rows, kUnitsTable);
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
  sink->Append(kUnitsTable, &rows);
}

// Residents per municipality, age and sex: actual for the simulated years, a
// forecast for the years after them up to 2030.
void WritePopulation(const Region& r, Sink* sink) {
  RowBuffer rows(&r.dates);
  sink->Attach(&rows, kPopulationTable);
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
  sink->Append(kPopulationTable, &rows);
}

// The synthetic DeSo's caries risk, a row per DeSo and simulated year (contract v1.1).
void WriteCariesRisk(const Region& r, Sink* sink) {
  RowBuffer rows(&r.dates);
  sink->Attach(&rows, kCariesRiskTable);
  for (int year = r.first_year; year <= r.last_year; ++year) {
    for (size_t d = 0; d < r.deso.size(); ++d) {
      const Deso& deso = r.deso[d];
      rows.Text(deso.code).Int(kMunicipalities[static_cast<size_t>(deso.municipality)].code).Int(year);
      rows.Fixed(r.DesoRisk(static_cast<int>(d), year), 3).End();
    }
  }
  sink->Append(kCariesRiskTable, &rows);
}

Status CheckOptions(const model::Config& config, const SimOptions& options) {
  if (options.first_year < 2016 || options.last_year > 2035 || options.first_year > options.last_year) {
    return Status::Invalid("simulated years must lie within 2016–2035, first before last (got " +
                           std::to_string(options.first_year) + "–" + std::to_string(options.last_year) +
                           ")");
  }
  if (!(options.scale > 0) || options.scale > 100) {
    return Status::Invalid("scale must be above 0 and at most 100");
  }
  if (config.tree.size() == 0) return Status::Invalid("the configuration has no organisation tree");
  return Status::Ok();
}

// The simulation into `sink`; counts events (and nothing else) into `events`.
Status Run(const model::Config& config, const SimOptions& options, Sink* sink, std::ostream* progress,
           uint64_t* events_out) {
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
  WriteUnits(config.tree, region->dates, sink);
  WritePopulation(*region, sink);
  WriteCariesRisk(*region, sink);

  // Two sets of row buffers: while the units simulate a month into one set, a
  // writer thread streams the previous month's set to the files.
  std::vector<std::unique_ptr<UnitSim>> sims;
  std::array<std::vector<std::unique_ptr<Output>>, 2> outputs;
  for (size_t u = 0; u < region->units.size(); ++u) {
    auto sim = MakeUnitSim(*region, static_cast<int>(u));
    if (!sim) continue;
    sims.push_back(std::move(sim));
    for (auto& set : outputs) {
      set.push_back(std::make_unique<Output>(&region->dates));
      sink->Attach(set.back().get());
    }
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
  const int months = (options.last_year - options.first_year + 1) * 12;
  bool first_month = true;
  auto flush = [sink, months, &first_month](std::vector<std::unique_ptr<Output>>* set) {
    std::vector<RowBuffer*> pieces;
    for (int t = 0; t < kTableCount; ++t) {
      pieces.clear();
      for (auto& out : *set) pieces.push_back(&out->rows[static_cast<size_t>(t)]);
      sink->Append(t, pieces);
    }
    if (first_month) sink->FirstMonthDone(months);
    first_month = false;
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
  *events_out = count_events();
  return Status::Ok();
}

}  // namespace

Status Simulate(const model::Config& config, const SimOptions& options, const std::string& out_dir,
                std::ostream* progress, SimStats* stats) {
  NARA_RETURN_IF_ERROR(CheckOptions(config, options));
  FileSink files;
  NARA_RETURN_IF_ERROR(files.Open(out_dir));
  uint64_t events = 0, rows = 0, bytes = 0;
  NARA_RETURN_IF_ERROR(Run(config, options, &files, progress, &events));
  NARA_RETURN_IF_ERROR(files.Close(&rows, &bytes));
  if (stats != nullptr) *stats = SimStats{events, rows, bytes};
  if (progress != nullptr) {
    *progress << "wrote " << kTableCount << " tables, " << bytes / 1000000 << " MB, to " << out_dir << "\n";
  }
  return Status::Ok();
}

StatusOr<engine::Dataset> SimulateDataset(const model::Config& config, const SimOptions& options,
                                          std::ostream* progress, SimStats* stats, const DatasetShape* shape) {
  NARA_RETURN_IF_ERROR(CheckOptions(config, options));
  TypedSink tables;
  NARA_RETURN_IF_ERROR(tables.Open(config.tree, shape));
  uint64_t events = 0, rows = 0;
  NARA_RETURN_IF_ERROR(Run(config, options, &tables, progress, &events));
  NARA_ASSIGN_OR_RETURN(engine::Dataset data, tables.Take(&rows));
  if (stats != nullptr) *stats = SimStats{events, rows, 0};
  return data;
}

}  // namespace nara::sim
