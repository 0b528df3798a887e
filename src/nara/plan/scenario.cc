#include "nara/plan/scenario.h"

#include <toml++/toml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "nara/base/text.h"
#include "nara/follow/follow_up.h"
#include "nara/follow/status.h"
#include "nara/ingest/contract.h"
#include "nara/model/config.h"
#include "nara/model/toml_read.h"

namespace nara::plan {
namespace fs = std::filesystem;
namespace {

using model::TomlError;
using model::TomlNumber;
using model::TomlPlace;

StatusOr<int> Year(const std::string& path, const toml::node& node) {
  const auto* year = node.as_integer();
  if (year == nullptr || year->get() < 2016 || year->get() > 2035) {
    return TomlError(path, node, "a year within 2016–2035 is expected");
  }
  return static_cast<int>(year->get());
}

StatusOr<int> MunicipalityCode(const std::string& path, const toml::node& node) {
  const auto* code = node.as_integer();
  if (code == nullptr || code->get() < 100 || code->get() > 9999) {
    return TomlError(path, node, "municipality is an SCB municipality code (Halmstad 1380, …)");
  }
  return static_cast<int>(code->get());
}

StatusOr<sim::Levers::Resource> ResourceOf(const std::string& path, const toml::node& node, bool demand) {
  const auto* text = node.as_string();
  const std::string name = text ? text->get() : "";
  if (name == "phone") return sim::Levers::Resource::kPhone;
  if (name == "assessment") return sim::Levers::Resource::kAssessment;
  if (name == "chat") return sim::Levers::Resource::kChat;
  if (name == "dental" && !demand) return sim::Levers::Resource::kDental;
  return TomlError(path, node,
             demand ? "resource is one of phone, assessment, chat (dental demand follows the population)"
                    : "resource is one of phone, assessment, dental, chat");
}

// The entries of a [[key]] list, each checked for its known keys.
StatusOr<std::vector<const toml::table*>> Entries(const std::string& path, const toml::node& node,
                                                  const std::string& key,
                                                  std::initializer_list<std::string_view> known) {
  std::vector<const toml::table*> out;
  const toml::array* list = node.as_array();
  if (list == nullptr) return TomlError(path, node, "[[" + key + "]] must be a list of tables");
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    if (t == nullptr) return TomlError(path, item, "[[" + key + "]] entries are tables");
    for (const auto& entry : *t) {
      if (std::find(known.begin(), known.end(), entry.first.str()) == known.end()) {
        return TomlError(path, entry.second, "unknown key '" + std::string(entry.first.str()) + "' in [[" + key + "]]");
      }
    }
    out.push_back(t);
  }
  return out;
}

StatusOr<double> Factor(const std::string& path, const toml::table& t) {
  const std::optional<double> factor = TomlNumber(t.get("factor"));
  if (!factor || !(*factor > 0) || *factor > 10) {
    return TomlError(path, t.get("factor") ? *t.get("factor") : static_cast<const toml::node&>(t),
               "factor is a number above 0 and at most 10 (0.9: a tenth less)");
  }
  return *factor;
}

// Where a lever holds: `municipality` (an SCB code) and `unit` (an id), both optional.
Status Where(const std::string& path, const toml::table& t, int* municipality_code, std::string* unit_id) {
  if (const toml::node* m = t.get("municipality")) {
    NARA_ASSIGN_OR_RETURN(*municipality_code, MunicipalityCode(path, *m));
  }
  if (const toml::node* u = t.get("unit")) {
    if (!u->is_string()) return TomlError(path, *u, "unit is a unit id");
    *unit_id = u->as_string()->get();
  }
  return Status::Ok();
}

StatusOr<int> From(const std::string& path, const toml::table& t) {
  const toml::node* from = t.get("from");
  if (from == nullptr) return TomlError(path, t, "from (the first year it holds) is required");
  return Year(path, *from);
}

// A folder of its own for one run's files, removed with the object.
class TempFolder {
 public:
  explicit TempFolder(fs::path path) : path_(std::move(path)) {}
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

fs::path WorkRoot(const std::string& work_dir) {
  if (!work_dir.empty()) return work_dir;
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec)) return "/dev/shm";
  return fs::temp_directory_path();
}

// Writes the scenario's closings into the units file at `path`: each unit's latest
// version (the entry of its id with the latest valid_from) ends on its last day.
Status WriteClosings(const fs::path& path, const Scenario& scenario) {
  toml::table doc;
  try {
    doc = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return Status::DataError(TomlPlace(path.string(), e.source()) + ": " + std::string(e.description()));
  }
  toml::array* units = doc["unit"].as_array();
  if (units == nullptr) return Status::DataError(path.string() + ": no [[unit]] entries");
  for (const Scenario::Closing& c : scenario.closings) {
    toml::table* latest = nullptr;
    Days latest_from = 0;
    for (toml::node& n : *units) {
      toml::table* t = n.as_table();
      if (t == nullptr || t->get("id") == nullptr || t->get("id")->value<std::string>() != c.unit_id) continue;
      const std::optional<toml::date> from = t->get("valid_from") ? t->get("valid_from")->value<toml::date>() : std::nullopt;
      const Days from_day = from ? DaysFromCivil(from->year, from->month, from->day) : 0;
      if (latest == nullptr || from_day >= latest_from) {
        latest = t;
        latest_from = from_day;
      }
    }
    if (latest == nullptr) return Status::DataError(scenario.file + ": [[close]] names no unit '" + c.unit_id + "'");
    if (c.last_day < latest_from) {
      return Status::DataError(scenario.file + ": " + c.unit_id + " cannot close on " + FormatDate(c.last_day) +
                               ", before it opens (" + FormatDate(latest_from) + ")");
    }
    const CivilDate d = CivilFromDays(c.last_day);
    latest->insert_or_assign("valid_to", toml::date{d.year, static_cast<uint8_t>(d.month), static_cast<uint8_t>(d.day)});
  }
  std::ofstream out(path);
  out << doc << "\n";
  if (!out) return Status::IoError("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

StatusOr<model::Config> ScenarioConfiguration(const std::string& config_dir, const Scenario& scenario,
                                              const std::string& work_dir) {
  const fs::path root = WorkRoot(work_dir);
  std::string dir = config_dir;
  std::optional<TempFolder> copy;
  if (!scenario.units_toml.empty() || !scenario.closings.empty()) {
    static std::atomic<int> made{0};
    copy.emplace(root / ("nara-plan-config-" + std::to_string(::getpid()) + "-" + std::to_string(++made)));
    std::error_code ec;
    fs::remove_all(copy->path(), ec);
    fs::copy(config_dir, copy->path(), fs::copy_options::recursive, ec);
    if (ec) return Status::IoError("cannot copy " + config_dir + " to " + copy->path().string() + ": " + ec.message());
    std::ofstream units(copy->path() / "units.toml", std::ios::app);
    units << "\n# Units of the scenario " << scenario.file << "\n" << scenario.units_toml << "\n";
    if (!units) return Status::IoError("cannot write " + (copy->path() / "units.toml").string());
    units.close();
    if (!scenario.closings.empty()) NARA_RETURN_IF_ERROR(WriteClosings(copy->path() / "units.toml", scenario));
    dir = copy->path().string();
  }
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(dir, &problems);
  if (!problems.empty()) {
    return Status::DataError("the configuration with " + scenario.file +
                             "'s units does not load: " + problems.front().ToString());
  }
  config.dir = config_dir;  // economy.toml and the like are read from the folder itself
  return config;
}

std::string ScenarioWithUnits(const std::string& name, const std::string& description, const std::string& units_toml) {
  std::ostringstream out;
  out << toml::table{{"name", name}, {"description", description}} << "\n\n" << units_toml;
  return out.str();
}

namespace {

std::string Seconds(std::chrono::steady_clock::duration d) {
  const double s = std::chrono::duration<double>(d).count();
  return FormatNumber(s, 1, Lang::kSv) + " s";
}

}  // namespace

StatusOr<Scenario> LoadScenario(const std::string& path) {
  if (!fs::exists(path)) return Status::NotFound(path + ": no such file (a scenario)");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::DataError(TomlPlace(path, e.source()) + ": " + std::string(e.description()));
  }
  Scenario s;
  s.file = path;
  s.id = fs::path(path).stem().string();
  for (const auto& [key, value] : doc) {
    const std::string_view k = key.str();
    if (k == "name" || k == "description") {
      const auto* text = value.as_string();
      if (text == nullptr) return TomlError(path, value, std::string(k) + " must be a text");
      (k == "name" ? s.name : s.description) = text->get();
    } else if (k == "agency_stop") {
      NARA_ASSIGN_OR_RETURN(s.levers.agency_stop_from, Year(path, value));
    } else if (k == "capacity") {
      NARA_ASSIGN_OR_RETURN(auto entries,
                            Entries(path, value, "capacity", {"resource", "from", "factor", "municipality", "unit"}));
      for (const toml::table* t : entries) {
        sim::Levers::Capacity c;
        if (t->get("resource") == nullptr) return TomlError(path, *t, "resource is required");
        NARA_ASSIGN_OR_RETURN(c.resource, ResourceOf(path, *t->get("resource"), /*demand=*/false));
        NARA_ASSIGN_OR_RETURN(c.from_year, From(path, *t));
        NARA_ASSIGN_OR_RETURN(c.factor, Factor(path, *t));
        NARA_RETURN_IF_ERROR(Where(path, *t, &c.municipality_code, &c.unit_id));
        s.levers.capacity.push_back(std::move(c));
      }
    } else if (k == "evening") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "evening", {"until", "from", "municipality", "unit"}));
      for (const toml::table* t : entries) {
        sim::Levers::Evening e;
        const toml::node* until = t->get("until");
        if (until == nullptr) return TomlError(path, *t, "until is required (the hour the phone line closes, 18–21)");
        const std::optional<double> hour = TomlNumber(until);
        if (!hour || *hour != std::floor(*hour) || *hour < 18 || *hour > 21) {
          return TomlError(path, *until, "until is the hour the phone line closes, a whole number 18–21");
        }
        e.until = static_cast<int>(*hour);
        NARA_ASSIGN_OR_RETURN(e.from_year, From(path, *t));
        NARA_RETURN_IF_ERROR(Where(path, *t, &e.municipality_code, &e.unit_id));
        s.levers.evening.push_back(std::move(e));
      }
    } else if (k == "weekend") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "weekend", {"from", "municipality", "unit"}));
      for (const toml::table* t : entries) {
        sim::Levers::Weekend w;
        NARA_ASSIGN_OR_RETURN(w.from_year, From(path, *t));
        NARA_RETURN_IF_ERROR(Where(path, *t, &w.municipality_code, &w.unit_id));
        s.levers.weekend.push_back(std::move(w));
      }
    } else if (k == "close") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "close", {"unit", "last_day", "into"}));
      for (const toml::table* t : entries) {
        Scenario::Closing c;
        const auto* unit = t->get("unit") ? t->get("unit")->as_string() : nullptr;
        if (unit == nullptr || unit->get().empty()) return TomlError(path, *t, "unit (the id of the unit that closes) is required");
        c.unit_id = unit->get();
        const auto* last = t->get("last_day") ? t->get("last_day")->as_date() : nullptr;
        if (last == nullptr) return TomlError(path, *t, "last_day (the last day it is open, a date like 2026-12-31) is required");
        c.last_day = DaysFromCivil(last->get().year, last->get().month, last->get().day);
        if (const toml::node* into = t->get("into")) {
          if (into->as_string() == nullptr || into->as_string()->get().empty()) {
            return TomlError(path, *into, "into is the id of the unit its patients go to");
          }
          c.into = into->as_string()->get();
          s.levers.merge.push_back({c.unit_id, c.into});
        }
        s.closings.push_back(std::move(c));
      }
    } else if (k == "listing") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "listing", {"provider", "factor", "from", "municipality"}));
      for (const toml::table* t : entries) {
        sim::Levers::Listing l;
        const auto* provider = t->get("provider") ? t->get("provider")->as_string() : nullptr;
        if (provider == nullptr || (provider->get() != "own" && provider->get() != "private")) {
          return TomlError(path, t->get("provider") ? static_cast<const toml::node&>(*t->get("provider")) : *t,
                           "provider is own (the region's units) or private");
        }
        l.own = provider->get() == "own";
        NARA_ASSIGN_OR_RETURN(l.from_year, From(path, *t));
        NARA_ASSIGN_OR_RETURN(l.factor, Factor(path, *t));
        std::string unit;
        NARA_RETURN_IF_ERROR(Where(path, *t, &l.municipality_code, &unit));
        s.levers.listing.push_back(l);
      }
    } else if (k == "mobile_team") {
      NARA_ASSIGN_OR_RETURN(auto entries,
                            Entries(path, value, "mobile_team", {"share", "from", "municipality", "unit"}));
      for (const toml::table* t : entries) {
        sim::Levers::MobileTeam m;
        const toml::node* share = t->get("share");
        if (share == nullptr) return TomlError(path, *t, "share is required (of the 80+'s contacts the team takes, 0–1)");
        const std::optional<double> v = TomlNumber(share);
        if (!v || !(*v > 0) || *v > 1) return TomlError(path, *share, "share is the part of the 80+'s contacts the team takes, above 0 and at most 1");
        m.share = *v;
        NARA_ASSIGN_OR_RETURN(m.from_year, From(path, *t));
        NARA_RETURN_IF_ERROR(Where(path, *t, &m.municipality_code, &m.unit_id));
        s.levers.mobile_team.push_back(std::move(m));
      }
    } else if (k == "demand") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "demand", {"resource", "from", "factor"}));
      for (const toml::table* t : entries) {
        sim::Levers::Demand d;
        if (t->get("resource") == nullptr) return TomlError(path, *t, "resource is required");
        NARA_ASSIGN_OR_RETURN(d.resource, ResourceOf(path, *t->get("resource"), /*demand=*/true));
        NARA_ASSIGN_OR_RETURN(d.from_year, From(path, *t));
        NARA_ASSIGN_OR_RETURN(d.factor, Factor(path, *t));
        s.levers.demand.push_back(d);
      }
    } else if (k == "residents") {
      NARA_ASSIGN_OR_RETURN(auto entries, Entries(path, value, "residents", {"municipality", "by_2030"}));
      for (const toml::table* t : entries) {
        sim::Levers::Residents r;
        if (t->get("municipality") == nullptr) return TomlError(path, *t, "municipality is required");
        NARA_ASSIGN_OR_RETURN(r.municipality_code, MunicipalityCode(path, *t->get("municipality")));
        const std::optional<double> by = TomlNumber(t->get("by_2030"));
        if (!by || std::abs(*by) > 1e6) return TomlError(path, *t, "by_2030 is a number of residents (negative: fewer)");
        r.by_2030 = *by;
        s.levers.residents.push_back(r);
      }
    } else if (k == "unit") {
      if (!value.is_array_of_tables()) return TomlError(path, value, "[[unit]] entries are tables as in units.toml");
      std::ostringstream text;
      text << toml::table{{"unit", *value.as_array()}};
      s.units_toml = text.str();
    } else {
      return TomlError(path, value, "unknown key '" + std::string(k) +
                                  "' (name, description, agency_stop, [[capacity]], [[demand]], [[evening]], "
                                  "[[weekend]], [[mobile_team]], [[listing]], [[residents]], [[unit]], [[close]])");
    }
  }
  if (s.name.empty()) s.name = s.id;
  return s;
}

StatusOr<std::vector<Scenario>> LoadScenarios(const std::string& config_dir) {
  const fs::path dir = fs::path(config_dir) / "scenarios";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  if (ec) return Status::NotFound(dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  for (const std::string& f : files) {
    NARA_ASSIGN_OR_RETURN(Scenario s, LoadScenario(f));
    out.push_back(std::move(s));
  }
  return out;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * p / 100.0;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

StatusOr<sim::DatasetShape> CatalogueShape(const std::vector<model::IndicatorDef>& catalogue) {
  sim::DatasetShape shape;
  for (const engine::TableSchema& t : ingest::ContractTables()) {
    std::vector<bool>& keep = shape.keep[t.name];
    keep.assign(t.columns.size(), false);
    for (const char* name : {"unit_id", t.date_column.c_str()}) {
      const int c = t.Find(name);
      if (c >= 0) keep[static_cast<size_t>(c)] = true;
    }
  }
  for (const model::IndicatorDef& d : catalogue) {
    NARA_ASSIGN_OR_RETURN(engine::CompiledIndicator compiled,
                          engine::CompiledIndicator::Compile(d.value, d.numerator, d.denominator,
                                                             ingest::FindContractTable));
    for (const auto& [table, column] : compiled.Columns()) {
      auto it = shape.keep.find(table);
      if (it != shape.keep.end() && column < static_cast<int>(it->second.size())) {
        it->second[static_cast<size_t>(column)] = true;
      }
    }
  }
  return shape;
}

StatusOr<Results> RunScenario(const std::string& config_dir, const Scenario& scenario, const RunOptions& options,
                              const Progress& progress) {
  if (options.first_year < 2017 || options.last_year > 2035 || options.first_year > options.last_year) {
    return Status::Invalid("planned years must lie within 2017–2035, first before last (got " +
                           std::to_string(options.first_year) + "–" + std::to_string(options.last_year) + ")");
  }
  if (options.runs < 1 || options.runs > 100) return Status::Invalid("runs must be 1–100");
  const fs::path root = WorkRoot(options.work_dir);
  NARA_ASSIGN_OR_RETURN(model::Config config, ScenarioConfiguration(config_dir, scenario, root.string()));
  std::set<int> codes;
  for (int t = 0; t < config.tree.size(); ++t) {
    for (const model::UnitVersion& v : config.tree.versions(t)) codes.insert(v.municipality);
  }
  for (const sim::Levers::Residents& r : scenario.levers.residents) {
    if (!codes.count(r.municipality_code)) {
      return Status::Invalid(scenario.file + ": municipality " + std::to_string(r.municipality_code) +
                             " has no unit in the configuration");
    }
  }
  auto known = [&](int municipality_code, const std::string& unit_id) {
    if (municipality_code != 0 && !codes.count(municipality_code)) {
      return Status::Invalid(scenario.file + ": municipality " + std::to_string(municipality_code) +
                             " has no unit in the configuration");
    }
    if (!unit_id.empty() && config.tree.Find(unit_id) < 0) {
      return Status::Invalid(scenario.file + ": no unit '" + unit_id + "' in the configuration");
    }
    return Status::Ok();
  };
  for (const sim::Levers::Capacity& c : scenario.levers.capacity) {
    NARA_RETURN_IF_ERROR(known(c.municipality_code, c.unit_id));
  }
  for (const sim::Levers::Evening& e : scenario.levers.evening) {
    NARA_RETURN_IF_ERROR(known(e.municipality_code, e.unit_id));
  }
  for (const Scenario::Closing& c : scenario.closings) {
    if (!c.into.empty() && config.tree.Find(c.into) < 0) {
      return Status::Invalid(scenario.file + ": no unit '" + c.into + "' in the configuration for " + c.unit_id +
                             " to merge into");
    }
  }
  for (const sim::Levers::Weekend& w : scenario.levers.weekend) {
    NARA_RETURN_IF_ERROR(known(w.municipality_code, w.unit_id));
  }
  for (const sim::Levers::MobileTeam& m : scenario.levers.mobile_team) {
    NARA_RETURN_IF_ERROR(known(m.municipality_code, m.unit_id));
  }

  // Per (year, indicator, unit): each run's value and status, and the year's target.
  struct Cell {
    std::vector<double> values;
    std::vector<follow::StatusKind> statuses;
    double target = NAN;
  };
  std::map<std::tuple<int, int, int>, Cell> cells;  // (year, catalogue index, tree index)
  const auto& catalogue = config.catalogue;
  NARA_ASSIGN_OR_RETURN(sim::DatasetShape shape, CatalogueShape(catalogue));
  auto cancelled = [&options] { return options.cancelled && options.cancelled(); };
  const Status kCancelled = Status::Invalid("cancelled");
  for (int run = 0; run < options.runs; ++run) {
    if (cancelled()) return kCancelled;
    const auto started = std::chrono::steady_clock::now();
    sim::SimOptions sim;
    sim.first_year = options.first_year - 1;
    sim.last_year = options.last_year;
    sim.seed = options.seed + static_cast<uint64_t>(run);
    sim.scale = options.scale;
    sim.threads = options.threads;
    sim.levers = scenario.levers;
    // Straight into the engine's tables: the files the simulator would write, read
    // back, without the text (SimTypedTest holds the two equal).
    NARA_ASSIGN_OR_RETURN(engine::Dataset data, sim::SimulateDataset(config, sim, nullptr, nullptr, &shape));
    for (const auto& [name, table] : data.tables) shape.expected_rows[name] = table.rows;
    const auto simulated = std::chrono::steady_clock::now();
    if (cancelled()) return kCancelled;
    follow::FollowUp::Options fo;
    fo.first_year = options.first_year;
    fo.last_year = options.last_year;
    NARA_ASSIGN_OR_RETURN(follow::FollowUp follow_up, follow::FollowUp::Build(catalogue, config.tree, data, fo));
    for (int year = options.first_year; year <= options.last_year; ++year) {
      for (const follow::ScoreRow& row : follow_up.Scorecard(model::Period::Year(year))) {
        const int ind = static_cast<int>(row.def - catalogue.data());
        Cell& cell = cells[{year, ind, row.unit}];
        const double value = row.cell.value;
        if (!std::isnan(value)) {
          cell.values.push_back(value);
          cell.statuses.push_back(row.judgement.status);
        }
        if (!std::isnan(row.judgement.target)) cell.target = row.judgement.target;
      }
    }
    if (progress) {
      progress("run " + std::to_string(run + 1) + "/" + std::to_string(options.runs) + ": simulated " +
               std::to_string(sim.first_year) + "–" + std::to_string(sim.last_year) + " in " +
               Seconds(simulated - started) + ", computed in " +
               Seconds(std::chrono::steady_clock::now() - simulated));
    }
    if (options.run_done) options.run_done(run + 1);
  }

  Results out;
  out.scenario = scenario.name;
  out.default_unit = config.tree.id(config.tree.root());
  for (int u = 0; u < config.tree.size(); ++u) {
    const model::UnitVersion* v = config.tree.VersionAt(u, DaysFromCivil(options.last_year, 12, 31));
    if (v && v->kind == model::UnitKind::kAdministration) {
      out.default_unit = config.tree.id(u);
      break;
    }
  }
  // The tree the runs were read with is the configuration's (units.csv of the
  // simulator is written from it).
  for (const auto& [key, cell] : cells) {
    const auto& [year, ind, unit] = key;
    ResultRow r;
    r.year = year;
    r.indicator = catalogue[static_cast<size_t>(ind)].id;
    r.unit_id = config.tree.id(unit);
    r.runs_with_value = static_cast<int>(cell.values.size());
    r.median = Percentile(cell.values, 50);
    r.p10 = Percentile(cell.values, 10);
    r.p90 = Percentile(cell.values, 90);
    r.target = cell.target;
    if (cell.values.empty()) {
      r.status = follow::StatusName(follow::StatusKind::kNoData);
    } else {
      size_t nearest = 0;
      for (size_t i = 1; i < cell.values.size(); ++i) {
        if (std::abs(cell.values[i] - r.median) < std::abs(cell.values[nearest] - r.median)) nearest = i;
      }
      r.status = follow::StatusName(cell.statuses[nearest]);
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

void WriteResultsCsv(const Results& results, std::ostream& out) {
  out << "scenario,year,indicator,unit_id,median,p10,p90,target,status\n";
  for (const ResultRow& r : results.rows) {
    out << CsvField(results.scenario) << ',' << r.year << ',' << r.indicator << ',' << r.unit_id << ','
        << PlainNumber(r.median) << ',' << PlainNumber(r.p10) << ',' << PlainNumber(r.p90) << ','
        << PlainNumber(r.target) << ',' << r.status << '\n';
  }
}

StatusOr<std::vector<Results>> ReadResultsCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": no such file (results.csv of nara plan run)");
  std::string line;
  std::getline(in, line);
  if (line != "scenario,year,indicator,unit_id,median,p10,p90,target,status") {
    return Status::DataError(path + ":1: not a results.csv of nara plan run (its header differs)");
  }
  std::vector<Results> out;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    // The fields: the scenario's name may be quoted; the rest never are.
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(std::move(field));
    auto number_of = [](const std::string& s, double* v) {
      if (s.empty()) {
        *v = NAN;
        return true;
      }
      char* end = nullptr;
      *v = std::strtod(s.c_str(), &end);
      return end == s.c_str() + s.size();
    };
    ResultRow r;
    char* end = nullptr;
    const bool ok = fields.size() == 9 && (r.year = static_cast<int>(std::strtol(fields[1].c_str(), &end, 10)),
                                           end == fields[1].c_str() + fields[1].size() && r.year > 0) &&
                    number_of(fields[4], &r.median) && number_of(fields[5], &r.p10) &&
                    number_of(fields[6], &r.p90) && number_of(fields[7], &r.target);
    if (!ok) return Status::DataError(path + ":" + std::to_string(number) + ": not a row of results.csv");
    r.indicator = fields[2];
    r.unit_id = fields[3];
    r.status = fields[8];
    r.runs_with_value = std::isnan(r.median) ? 0 : 1;
    if (out.empty() || out.back().scenario != fields[0]) {
      out.push_back(Results{fields[0], {}});
    }
    out.back().rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace nara::plan
