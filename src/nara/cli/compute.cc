#include "nara/cli/compute.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/source.h"
#include "nara/export/csv.h"
#include "nara/export/file.h"
#include "nara/export/xlsx.h"
#include "nara/follow/describe.h"
#include "nara/follow/follow_up.h"
#include "nara/ingest/extract_dir.h"
#include "nara/store/store.h"

namespace nara::cli {
namespace {

nlohmann::json Json(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

// A numerator or denominator: whole numbers without decimals, others with one.
std::string Count(double v, Lang lang) { return FormatNumber(v, v == std::floor(v) ? 0 : 1, lang); }

// "Närsjukvården Halland (nsh) — 2024-T1, plan 2024": what a scorecard is of.
std::string Title(const model::OrgTree& tree, int unit, const model::Period& period, int year) {
  const model::UnitVersion& v = tree.Latest(unit);
  return v.name + " (" + v.id + ") — " + period.ToString() + ", plan " + std::to_string(year);
}

void WriteTable(const std::vector<follow::ScoreRow>& rows, const model::OrgTree& tree, int unit,
                const model::Period& period, int year, Lang lang, std::ostream& out) {
  const bool sv = lang == Lang::kSv;
  out << Title(tree, unit, period, year) << "\n";
  // The target column is as wide as its widest text, so a target is never cut.
  std::vector<follow::TargetText> targets;
  size_t target_width = 6;
  for (const follow::ScoreRow& r : rows) {
    targets.push_back(follow::DescribeTarget(r, lang));
    target_width = std::max(target_width, TextWidth(targets.back().text) + 2);
  }
  for (const char* perspective : {"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi"}) {
    bool header = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      const follow::ScoreRow& r = rows[i];
      if (r.def->perspective != perspective) continue;
      if (!header) {
        out << "\n" << perspective << "\n  " << PadText(sv ? "Indikator" : "Indicator", 50) << "  "
            << PadText(sv ? "Mål" : "Target", target_width) << PadText(sv ? "Utfall" : "Value", 14, true)
            << PadText(sv ? "Täljare" : "Numerator", 16, true) << PadText(sv ? "Nämnare" : "Denominator", 16, true)
            << PadText("n", 10, true) << "  " << PadText("Status", 12) << PadText(sv ? "Fg år" : "Prev. year", 14, true) << "  "
            << (sv ? "Målet för perioden" : "Target for the period") << "\n";
        header = true;
      }
      const follow::TargetText& target = targets[i];
      out << "  " << PadText(r.def->name, 50) << "  " << PadText(target.text.empty() ? "–" : target.text, target_width)
          << PadText(follow::FormatValue(*r.def, r.cell.value, r.decimals, lang), 14, true)
          << PadText(Count(r.cell.numerator, lang), 16, true) << PadText(Count(r.cell.denominator, lang), 16, true)
          << PadText(std::to_string(r.cell.n), 10, true) << "  " << PadText(follow::StatusText(r.judgement.status, lang), 12)
          << PadText(follow::FormatValue(*r.def, r.previous_year_value, r.decimals, lang), 14, true);
      if (!target.rule.empty()) out << "  " << target.rule;
      out << "\n";
    }
  }
}

// `config_version`: for results from a database, the stored configuration version
// they were computed with (0: the configuration came from --config); nullopt for a
// folder of extracts, where the key is left out.
void WriteJson(const std::vector<follow::ScoreRow>& rows, const model::Config& config,
               const model::OrgTree& tree, const model::Period& period, int year, bool todays_tree,
               std::optional<int64_t> config_version, Lang lang, std::ostream& out) {
  nlohmann::json j;
  j["plan_year"] = year;
  j["period"] = period.ToString();
  j["tree"] = todays_tree ? "today" : "at_the_time";
  if (config_version)
    j["config_version"] = *config_version > 0 ? nlohmann::json(*config_version) : nlohmann::json(nullptr);
  auto& inds = j["indicators"] = nlohmann::json::array();
  for (const model::IndicatorDef& d : config.catalogue) {
    inds.push_back({{"id", d.id}, {"name", d.name}, {"perspective", d.perspective}, {"definition", d.definition},
                    {"display", d.display}, {"better", model::BetterName(d.better)}, {"decimals", d.decimals},
                    {"min_n", d.min_n}});
  }
  auto& units = j["units"] = nlohmann::json::array();
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, period.last_day());
    if (v == nullptr) v = &tree.Latest(u);
    int parent = tree.ParentAt(u, period.last_day());
    units.push_back({{"id", v->id}, {"name", v->name}, {"kind", model::UnitKindName(v->kind)},
                     {"ownership", model::OwnershipName(v->ownership)},
                     {"parent", parent >= 0 ? nlohmann::json(tree.id(parent)) : nlohmann::json(nullptr)}});
  }
  auto& results = j["results"] = nlohmann::json::array();
  for (const follow::ScoreRow& r : rows) {
    follow::TargetText target = follow::DescribeTarget(r, lang);
    results.push_back({{"indicator", r.def->id},
                       {"unit_id", tree.id(r.unit)},
                       {"period", r.period.ToString()},
                       {"value", Json(r.cell.value)},
                       {"numerator", Json(r.cell.numerator)},
                       {"denominator", Json(r.cell.denominator)},
                       {"n", r.cell.n},
                       {"target", Json(r.judgement.target)},
                       {"target_text", target.text},
                       {"target_rule", target.rule},
                       {"decimals", r.decimals},
                       {"status", follow::StatusName(r.judgement.status)},
                       {"previous_year_value", Json(r.previous_year_value)}});
  }
  out << j.dump(1) << "\n";
}

}  // namespace

std::string ConfigDir(const std::string& given) {
  if (!given.empty()) return given;
  if (std::filesystem::exists("data/halland/indicators.toml")) return "data/halland";
  return NARA_DEFAULT_CONFIG;
}

int CheckConfig(const std::string& config_dir, std::ostream& out) {
  std::vector<model::Problem> problems;
  model::Config config = model::LoadConfig(ConfigDir(config_dir), &problems);
  for (const model::Problem& p : follow::CheckCatalogue(config.catalogue)) problems.push_back(p);
  for (const model::Problem& p : problems) out << p.ToString() << "\n";
  return static_cast<int>(problems.size());
}

// The options that need no data: checked before anything is read.
Status CheckOutput(const ComputeArgs& args, exports::Dialect* dialect) {
  if (!exports::ParseDialect(args.dialect, dialect))
    return Status::Invalid("unknown dialect '" + args.dialect + "' (standard or excel-sv)");
  if (*dialect != exports::Dialect::kStandard && args.format != "csv")
    return Status::Invalid("--dialect " + args.dialect + " is for --format csv");
  if (args.format == "xlsx" && args.out_path.empty())
    return Status::Invalid(
        "--format xlsx writes a file: give it with --out FILE.xlsx (not to standard output)");
  if (args.force && args.out_path.empty()) return Status::Invalid("--force goes with --out FILE");
  if (!args.out_path.empty()) return exports::CheckTarget(args.out_path, args.force);
  return Status::Ok();
}

Status Compute(const ComputeArgs& args, std::ostream& out, std::ostream& err) {
  exports::Dialect dialect = exports::Dialect::kStandard;
  NARA_RETURN_IF_ERROR(CheckOutput(args, &dialect));
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  NARA_ASSIGN_OR_RETURN(model::Period period, model::ParsePeriod(args.period.empty() ? std::to_string(args.year) : args.period));
  if (YearOf(period.last) != args.year) {
    return Status::Invalid("period " + period.ToString() + " does not end in plan year " + std::to_string(args.year));
  }
  NARA_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, LoadSource({args.data_dir, args.db, args.config_dir}));
  const model::Config& config = source->config;
  const ingest::Extract& extract = source->extract;
  const std::optional<int64_t> config_version = source->config_version;
  const model::OrgTree& tree = extract.tree;
  int unit = -1;
  if (!args.unit.empty()) {
    unit = tree.Find(args.unit);
    if (unit < 0) return Status::Invalid("unknown unit '" + args.unit + "'");
  }
  follow::FollowUp::Options options;
  options.first_year = args.year;
  options.last_year = args.year;
  if (args.todays_tree) options.tree_as_of = Today();
  NARA_ASSIGN_OR_RETURN(follow::FollowUp follow_up, follow::FollowUp::Build(config.catalogue, tree, extract.data, options));
  for (const std::string& path : extract.ignored) {
    err << "nara: " << path << " names no table of the data contract (expected e.g. visits.csv); not read\n";
  }
  const int scorecard_unit = unit >= 0 ? unit : DefaultUnit(tree, period.last_day());
  if (args.format == "xlsx") {
    exports::ScorecardBook book;
    book.title = Title(tree, scorecard_unit, period, args.year);
    book.scorecard = follow_up.ForUnit(period, scorecard_unit);
    book.cube = unit >= 0 ? book.scorecard : follow_up.Scorecard(period);
    book.tree = &tree;
    book.lang = lang;
    NARA_RETURN_IF_ERROR(exports::WriteScorecardXlsx(book, args.out_path, args.force));
    err << "nara: wrote " << args.out_path << "\n";
    return Status::Ok();
  }
  std::ostringstream text;
  if (args.format == "table") {
    WriteTable(follow_up.ForUnit(period, scorecard_unit), tree, scorecard_unit, period, args.year, lang,
               text);
  } else {
    std::vector<follow::ScoreRow> rows =
        unit >= 0 ? follow_up.ForUnit(period, unit) : follow_up.Scorecard(period);
    if (args.format == "csv") {
      text << exports::CubeCsv(rows, tree, lang, dialect);
    } else {
      WriteJson(rows, config, tree, period, args.year, args.todays_tree, config_version, lang, text);
    }
  }
  if (args.out_path.empty()) {
    out << text.str();
    return Status::Ok();
  }
  NARA_RETURN_IF_ERROR(exports::WriteFile(args.out_path, text.str(), args.force));
  err << "nara: wrote " << args.out_path << "\n";
  return Status::Ok();
}

}  // namespace nara::cli
