#include "nara/cli/plan_command.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <utility>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/compute.h"
#include "nara/cli/locate_command.h"
#include "nara/cli/simulate_command.h"
#include "nara/cli/source.h"
#include "nara/cli/text_table.h"
#include "nara/follow/describe.h"
#include "nara/follow/status.h"
#include "nara/model/config.h"
#include "nara/plan/scenario.h"

namespace nara::cli {
namespace fs = std::filesystem;
namespace {

StatusOr<model::Config> Configuration(const std::string& given) {
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(ConfigDir(given), &problems);
  NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems)));
  return config;
}

}  // namespace

Status RunPlan(const PlanRunArgs& args, std::ostream& out, std::ostream& err) {
  plan::RunOptions o;
  NARA_RETURN_IF_ERROR(ParseYears(args.years, &o.first_year, &o.last_year));
  o.runs = args.runs;
  o.seed = args.seed;
  o.scale = args.scale;
  NARA_ASSIGN_OR_RETURN(plan::Scenario scenario, plan::LoadScenario(args.scenario));
  std::error_code ec;
  fs::create_directories(args.out_dir, ec);
  if (ec) return Status::IoError("cannot create " + args.out_dir + ": " + ec.message());
  const auto started = std::chrono::steady_clock::now();
  err << "nara plan: " << scenario.name << ", " << o.first_year << "–" << o.last_year << ", " << o.runs
      << (o.runs == 1 ? " run" : " runs") << "\n";
  NARA_ASSIGN_OR_RETURN(plan::Results results,
                        plan::RunScenario(ConfigDir(args.config_dir), scenario, o,
                                          [&err](const std::string& line) { err << "  " << line << "\n"; }));
  const fs::path csv = fs::path(args.out_dir) / "results.csv";
  {
    std::ofstream file(csv);
    plan::WriteResultsCsv(results, file);
    if (!file) return Status::IoError("cannot write " + csv.string());
  }
  fs::copy_file(args.scenario, fs::path(args.out_dir) / "scenario.toml", fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IoError("cannot copy the scenario to " + args.out_dir + ": " + ec.message());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "Wrote " << csv.string() << " (" << results.rows.size() << " rows) in "
      << FormatNumber(seconds, 1, Lang::kEn) << " s\n";
  return Status::Ok();
}

Status ComparePlans(const PlanCompareArgs& args, std::ostream& out) {
  if (args.dirs.empty()) return Status::Invalid("give one or more folders written by nara plan run");
  const Lang lang = args.lang == "en" ? Lang::kEn : Lang::kSv;
  const bool sv = lang == Lang::kSv;
  NARA_ASSIGN_OR_RETURN(model::Config config, Configuration(args.config_dir));
  const std::string unit =
      args.unit.empty() ? config.tree.id(DefaultUnit(config.tree, DaysFromCivil(2030, 12, 31))) : args.unit;
  std::vector<plan::Results> all;
  for (const std::string& dir : args.dirs) {
    NARA_ASSIGN_OR_RETURN(std::vector<plan::Results> some, plan::ReadResultsCsv((fs::path(dir) / "results.csv").string()));
    for (plan::Results& r : some) all.push_back(std::move(r));
  }
  // (indicator, year) -> per scenario its row for the unit.
  std::map<std::pair<std::string, int>, std::vector<const plan::ResultRow*>> cells;
  std::vector<int> years;
  for (size_t s = 0; s < all.size(); ++s) {
    for (const plan::ResultRow& r : all[s].rows) {
      if (r.unit_id != unit) continue;
      if (!args.indicators.empty() &&
          std::find(args.indicators.begin(), args.indicators.end(), r.indicator) == args.indicators.end())
        continue;
      auto& slot = cells[{r.indicator, r.year}];
      slot.resize(all.size(), nullptr);
      slot[s] = &r;
      if (std::find(years.begin(), years.end(), r.year) == years.end()) years.push_back(r.year);
    }
  }
  if (cells.empty()) return Status::NotFound("the results hold nothing for unit '" + unit + "'");
  std::sort(years.begin(), years.end());
  const bool csv = args.format == "csv";
  std::vector<std::vector<std::string>> rows;
  // The CSV is for programs, as results.csv: ids, status codes, points for decimals
  // and English column names; the table is for readers, in their language.
  std::vector<std::string> head = csv ? std::vector<std::string>{"indicator", "year", "target"}
                                      : std::vector<std::string>{sv ? "Indikator" : "Indicator", sv ? "År" : "Year",
                                                                 sv ? "Mål" : "Target"};
  for (const plan::Results& r : all) {
    if (csv) {
      for (const char* part : {"median", "p10", "p90", "status"}) head.push_back(r.scenario + " " + part);
    } else {
      head.push_back(r.scenario);
      head.push_back("");
    }
  }
  rows.push_back(head);
  // In the catalogue's order.
  for (const model::IndicatorDef& def : config.catalogue) {
    for (int year : years) {
      auto it = cells.find({def.id, year});
      if (it == cells.end()) continue;
      const int decimals = follow::ShownDecimals(def, follow::Judgement{}, NAN);
      double target = NAN;
      for (const plan::ResultRow* r : it->second) {
        if (r && !std::isnan(r->target)) target = r->target;
      }
      std::vector<std::string> line = {csv ? def.id : def.name, std::to_string(year),
                                       csv ? PlainNumber(target) : follow::FormatValue(def, target, decimals, lang)};
      for (const plan::ResultRow* r : it->second) {
        const auto status = r ? follow::ParseStatusName(r->status) : std::nullopt;
        if (csv) {
          line.push_back(r ? PlainNumber(r->median) : "");
          line.push_back(r ? PlainNumber(r->p10) : "");
          line.push_back(r ? PlainNumber(r->p90) : "");
          line.push_back(r ? r->status : "");
          continue;
        }
        std::string value = "–";
        if (r && !std::isnan(r->median)) {
          value = follow::FormatValue(def, r->median, decimals, lang);
          if (r->p90 > r->p10) {
            value += " (" + FormatNumber(r->p10, decimals, lang) + "–" + FormatNumber(r->p90, decimals, lang) + ")";
          }
        }
        line.push_back(value);
        line.push_back(status ? follow::StatusText(*status, lang) : "");
      }
      rows.push_back(std::move(line));
    }
  }
  if (csv) {
    for (const auto& line : rows) {
      std::string text;
      for (size_t i = 0; i < line.size(); ++i) text += (i ? "," : "") + CsvField(line[i]);
      out << text << "\n";
    }
    return Status::Ok();
  }
  out << (sv ? "Enhet: " : "Unit: ") << unit << (sv ? " · median (10:e–90:e percentilen) över körningarna\n\n"
                                                    : " · median (10th–90th percentile) over the runs\n\n");
  PrintTable(rows, out);
  return Status::Ok();
}

PlanCommand::PlanCommand(CLI::App* app) {
  plan_ = app->add_subcommand("plan", "Planning to 2030: scenarios on the simulator, compared side by side");
  plan_->require_subcommand(1);
  run_ = plan_->add_subcommand("run", "Simulate a scenario year by year over several runs and compute the catalogue");
  run_->add_option("--scenario", run_args_.scenario, "The scenario file (the configuration's scenarios/*.toml)")
      ->required();
  run_->add_option("--config", run_args_.config_dir, "Configuration folder (default: data/halland)");
  run_->add_option("--years", run_args_.years, "The planned years (default 2025-2030)");
  run_->add_option("--runs", run_args_.runs, "Runs with different seeds (default 10)")->check(CLI::Range(1, 100));
  run_->add_option("--seed", run_args_.seed, "The first run's seed (run r: seed + r)");
  run_->add_option("--scale", run_args_.scale, "Residents, demand and staff × scale (default 1)")
      ->check(CLI::Range(0.001, 100.0));
  run_->add_option("--out", run_args_.out_dir, "Folder for results.csv")->required();
  compare_ = plan_->add_subcommand("compare", "Print the results of nara plan run side by side");
  compare_->add_option("dirs", compare_args_.dirs, "Folders written by nara plan run")->required();
  compare_->add_option("--config", compare_args_.config_dir, "Configuration folder (indicator names; default: data/halland)");
  compare_->add_option("--unit", compare_args_.unit, "Unit id (default: the administration)");
  compare_->add_option("--indicator", compare_args_.indicators, "Only these indicators (repeat)");
  compare_->add_option("--format", compare_args_.format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  compare_->add_option("--lang", compare_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  locate_ = std::make_unique<LocateCommand>(plan_);
}

PlanCommand::~PlanCommand() = default;

bool PlanCommand::Run(std::ostream& out, std::ostream& err, Status* status) {
  if (!*plan_) return false;
  if (locate_->Run(out, status)) return true;
  if (*run_) {
    *status = RunPlan(run_args_, out, err);
  } else {
    *status = ComparePlans(compare_args_, out);
  }
  return true;
}

}  // namespace nara::cli
