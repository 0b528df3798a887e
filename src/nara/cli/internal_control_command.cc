#include "nara/cli/internal_control_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>
#include <set>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/export/file.h"
#include "nara/ingest/extract_dir.h"
#include "nara/store/internal_control.h"
#include "nara/store/store.h"

namespace nara::cli {

namespace {

StatusOr<Lang> LangOf(const std::string& text) {
  Lang lang = Lang::kSv;
  if (!ParseLang(text, &lang)) return Status::Invalid("unknown language '" + text + "' (sv or en)");
  return lang;
}

std::string OutcomeText(const std::string& outcome, Lang lang) {
  if (outcome == "done") return Say(lang, Msg::kIcOutcomeDone);
  if (outcome == "deviation") return Say(lang, Msg::kIcOutcomeDeviation);
  if (outcome == "not_done") return Say(lang, Msg::kIcOutcomeNotDone);
  return outcome;
}

// The unit ids of the tree in force in the database, for checking the file's units;
// nothing (no check) for a database without configuration.
StatusOr<std::optional<std::set<std::string>>> KnownUnits(const std::string& db) {
  NARA_ASSIGN_OR_RETURN(store::Store s, store::Store::Open(db, /*create=*/false));
  StatusOr<model::OrgTree> tree = s.Tree();
  if (!tree.ok()) {
    if (tree.status().code() == StatusCode::kNotFound) return std::optional<std::set<std::string>>();
    return tree.status();
  }
  std::set<std::string> units;
  for (int u = 0; u < tree->size(); ++u) units.insert(tree->id(u));
  return std::optional<std::set<std::string>>(std::move(units));
}

}  // namespace

Status RunInternalControlImport(const InternalControlArgs& args, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(Lang lang, LangOf(args.lang));
  NARA_ASSIGN_OR_RETURN(std::string text, ingest::ReadFile(args.file));
  NARA_ASSIGN_OR_RETURN(std::optional<std::set<std::string>> units, KnownUnits(args.db));
  StatusOr<std::vector<store::IcRisk>> risks =
      store::ParseIcCsv(text, args.year, units ? &*units : nullptr, args.file);
  if (!risks.ok()) {
    const Status& st = risks.status();
    std::string message = Say(lang, Msg::kErrIcCsvRefused, {std::to_string(st.problems().size())});
    for (const Problem& p : st.problems()) message += "\n  " + RenderProblem(p, lang);
    if (st.problems().empty()) message += "\n  " + st.message();
    return Status::DataError(message);
  }
  NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::Open(args.db));
  StatusOr<store::IcImportCounts> counts = ic.Import(args.year, *risks, args.replace, store::Actor{"", ""});
  if (!counts.ok()) {
    if (counts.status().message() == "register_exists") {
      return Status::Invalid(Say(lang, Msg::kErrIcRegisterExists, {std::to_string(args.year)}));
    }
    return counts.status();
  }
  out << "nara: the internal-control register " << args.year << " of " << args.db << ": " << counts->risks
      << " risks, " << counts->controls << " controls, " << counts->results << " results\n";
  return Status::Ok();
}

Status RunInternalControlExport(const InternalControlArgs& args, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::Open(args.db));
  NARA_ASSIGN_OR_RETURN(std::vector<store::IcRisk> risks, ic.Register(args.year));
  const std::string csv = store::IcCsv(risks);
  if (args.out.empty()) {
    out << csv;
    return Status::Ok();
  }
  return exports::WriteFile(args.out, csv, args.force);
}

Status RunInternalControlList(const InternalControlArgs& args, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(Lang lang, LangOf(args.lang));
  NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::Open(args.db));
  NARA_ASSIGN_OR_RETURN(std::vector<store::IcRisk> risks, ic.Register(args.year));
  const std::vector<std::string> periods = store::IcPeriods(args.year);
  std::vector<std::vector<std::string>> rows = {{Say(lang, Msg::kReportIcRiskValue), Say(lang, Msg::kReportIcRisk),
                                                 Say(lang, Msg::kReportIcOwner), Say(lang, Msg::kReportIcControl)}};
  for (const std::string& p : periods) rows.front().push_back(p);
  for (const store::IcRisk& r : risks) {
    const std::string value = std::to_string(r.risk_value()) + (r.board_prioritised ? " *" : "");
    const std::string title = r.title + " (" + r.unit_id + ")";
    if (r.controls.empty()) rows.push_back({value, title, r.owner, "–", "", "", ""});
    for (size_t i = 0; i < r.controls.size(); ++i) {
      const store::IcControl& c = r.controls[i];
      std::vector<std::string> row = {i == 0 ? value : "", i == 0 ? title : "", i == 0 ? r.owner : "", c.what};
      for (const std::string& p : periods) {
        std::string cell = "–";
        for (const store::IcResult& x : c.results) {
          if (x.period == p) cell = OutcomeText(x.outcome, lang);
        }
        row.push_back(cell);
      }
      rows.push_back(std::move(row));
    }
  }
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], TextWidth(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += PadText(row[i], width[i], /*right=*/i == 0) + (i + 1 < row.size() ? "  " : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  if (risks.empty()) {
    out << "(" << args.year << ": –)\n";
  } else {
    out << "* " << Say(lang, Msg::kReportIcBoardPrioritised) << "\n";
  }
  return Status::Ok();
}

InternalControlCommand::InternalControlCommand(CLI::App* app) {
  CLI::App* ic = app->add_subcommand("internal-control", "The internal-control register of a plan year (intern kontroll)");
  ic->require_subcommand(1);
  import_ = ic->add_subcommand("import", "Read a year's register from CSV into the database, whole or not at all");
  import_->add_option("--db", import_args_.db, "The database")->required();
  import_->add_option("--year", import_args_.year, "The plan year")->required()->check(CLI::Range(1900, 2100));
  import_->add_option("file", import_args_.file, "The register as CSV (docs/api.md)")->required();
  import_->add_flag("--replace", import_args_.replace, "Replace the year's register if it has one");
  import_->add_option("--lang", import_args_.lang, "sv or en (the problems' language)")
      ->check(CLI::IsMember({"sv", "en"}));
  export_ = ic->add_subcommand("export", "Write a year's register as CSV (the file import reads)");
  export_->add_option("--db", export_args_.db, "The database")->required();
  export_->add_option("--year", export_args_.year, "The plan year")->required()->check(CLI::Range(1900, 2100));
  export_->add_option("--out", export_args_.out, "The file (default: standard output)");
  export_->add_flag("--force", export_args_.force, "Replace an existing file");
  list_ = ic->add_subcommand("list", "Print a year's register: risk value, risk, owner, controls and their results");
  list_->add_option("--db", list_args_.db, "The database")->required();
  list_->add_option("--year", list_args_.year, "The plan year")->required()->check(CLI::Range(1900, 2100));
  list_->add_option("--lang", list_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
}

bool InternalControlCommand::Run(std::ostream& out, Status* status) {
  if (*import_) {
    *status = RunInternalControlImport(import_args_, out);
  } else if (*export_) {
    *status = RunInternalControlExport(export_args_, out);
  } else if (*list_) {
    *status = RunInternalControlList(list_args_, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace nara::cli
