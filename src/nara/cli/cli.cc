#include "nara/cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <ostream>

#include "nara/cli/access_commands.h"
#include "nara/cli/compute.h"
#include "nara/cli/economy_command.h"
#include "nara/cli/internal_control_command.h"
#include "nara/cli/plan_command.h"
#include "nara/cli/report_command.h"
#include "nara/cli/simulate_command.h"
#include "nara/cli/serve_command.h"
#include "nara/cli/store_commands.h"

namespace nara::cli {
namespace {

int ExitCode(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataError:
    case StatusCode::kNotFound: return 2;
    default: return 3;
  }
}

}  // namespace

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return RunCli(argc, argv, std::cin, out, err);
}

int RunCli(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"nara — steering and follow-up of primary care"};
  app.require_subcommand(1);

  ComputeArgs compute;
  CLI::App* c = app.add_subcommand("compute", "Compute the plan year's scorecard from CSV extracts");
  // Exactly one source of data.
  CLI::Option_group* source = c->add_option_group("source", "Where the extracts come from (one of)");
  source->add_option("--data", compute.data_dir, "Folder of CSV extracts (data contract v1.1; v1.0 extracts too)");
  source->add_option("--db", compute.db, "Database of imported extracts (nara import)");
  source->require_option(1);
  c->add_option("--config", compute.config_dir, "Configuration folder (default: data/halland; with --db, the stored one)");
  c->add_option("--year", compute.year, "Plan year")->required()->check(CLI::Range(1900, 2100));
  c->add_option("--period", compute.period, "2024-03, 2024-T1, 2024-Q1, 2024, 2024-YTD-06 or R12-2024-06");
  c->add_option("--unit", compute.unit, "Unit id (default: the administration)");
  c->add_option("--format", compute.format, "table, json, csv or xlsx (xlsx needs --out)")
      ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
  c->add_option("--dialect", compute.dialect,
                "CSV dialect: standard (',' and '.') or excel-sv (';', ',', BOM, CRLF)")
      ->check(CLI::IsMember({"standard", "excel-sv"}));
  c->add_option("--out", compute.out_path, "Write to this file instead of standard output");
  c->add_flag("--force", compute.force, "Replace the --out file if it exists");
  c->add_flag("--todays-tree", compute.todays_tree, "Roll history up under today's organisation tree");
  c->add_option("--lang", compute.lang, "sv or en: language of the table and the target texts")
      ->check(CLI::IsMember({"sv", "en"}));

  std::string config_dir;
  CLI::App* k = app.add_subcommand("check-config", "Check the configuration and list every problem");
  k->add_option("--config", config_dir, "Configuration folder (default: data/halland)");

  StoreCommands store_commands(&app);

  ServeCommand serve(&app);

  SimulateCommand simulate(&app);

  ReportCommand report(&app);

  AccessCommands access(&app);

  EconomyCommand economy(&app);

  InternalControlCommand internal_control(&app);

  PlanCommand plan(&app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }
  if (*c) {
    Status s = Compute(compute, out, err);
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  Status store_status;
  if (store_commands.Run(in, out, &store_status)) {
    if (!store_status.ok()) err << "nara: " << store_status.message() << "\n";
    return ExitCode(store_status);
  }
  if (Status s; serve.Run(out, err, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; simulate.Run(out, err, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; access.Run(in, out, err, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; economy.Run(out, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; internal_control.Run(out, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; plan.Run(out, err, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (Status s; report.Run(out, err, &s)) {
    if (!s.ok()) err << "nara: " << s.message() << "\n";
    return ExitCode(s);
  }
  if (*k) {
    int problems = CheckConfig(config_dir, out);
    if (problems > 0) {
      err << "nara: " << problems << (problems == 1 ? " problem" : " problems") << " in the configuration\n";
      return 1;
    }
    out << "The configuration in " << ConfigDir(config_dir) << " is fine.\n";
    return 0;
  }
  return 2;
}

}  // namespace nara::cli
