#include "nara/cli/locate_command.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/compute.h"
#include "nara/cli/text_table.h"
#include "nara/plan/places.h"
#include "nara/sim/region.h"

namespace nara::cli {
namespace {

StatusOr<plan::World> LoadWorld(const LocateArgs& args) {
  return plan::LoadWorld(ConfigDir(args.config_dir), args.year, args.scenario);
}

// "2" or "1..3".
bool ParseKRange(const std::string& text, int* first, int* last) {
  const size_t dots = text.find("..");
  try {
    size_t used = 0;
    *first = std::stoi(text.substr(0, dots), &used);
    *last = dots == std::string::npos ? *first : std::stoi(text.substr(dots + 2));
  } catch (const std::exception&) {
    return false;
  }
  return *first >= 1 && *last >= *first && *last <= 10;
}

// A number with a point (CSV) or as the reader writes it (table).
std::string Number(double v, int decimals, Lang lang, bool csv) {
  if (!csv) return FormatNumber(v, decimals, lang);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

Status RunLocate(const LocateArgs& args, std::ostream& out) {
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  int k_first = 0, k_last = 0;
  if (!ParseKRange(args.k, &k_first, &k_last)) return Status::Invalid("--k is a number or a range like 1..3, not '" + args.k + "'");
  if (args.kind != "health_centre" && args.kind != "branch") return Status::Invalid("--kind is health_centre or branch");
  if (args.objective != "distance" && args.objective != "coverage") return Status::Invalid("--objective is distance or coverage");
  if (!(args.within_km > 0)) return Status::Invalid("--within must be a positive number of km");
  Days opens = DaysFromCivil(args.year + 1, 1, 1);
  if (!args.opens.empty()) {
    if (ParseDate(args.opens, &opens) != TimeParseError::kNone) {
      return Status::Invalid("--opens is a date (2026-01-01), not '" + args.opens + "'");
    }
  }
  NARA_ASSIGN_OR_RETURN(plan::World world, LoadWorld(args));
  geo::LocateOptions options;
  options.branch = args.kind == "branch";
  options.objective = args.objective == "distance" ? geo::Objective::kDistance : geo::Objective::kCoverage;
  options.within_km = args.within_km;
  NARA_ASSIGN_OR_RETURN(std::vector<plan::Proposal> proposals, plan::Propose(world, options, k_first, k_last));
  if (!args.write_scenario.empty()) {
    NARA_ASSIGN_OR_RETURN(std::string text, plan::ProposalScenario(world, proposals.back(), opens));
    std::ofstream file(args.write_scenario);
    file << text;
    if (!file) return Status::IoError("cannot write " + args.write_scenario);
  }
  const bool csv = args.format == "csv";
  const std::string within = Number(args.within_km, args.within_km == std::floor(args.within_km) ? 0 : 1, lang, false);
  std::vector<std::vector<std::string>> rows;
  if (csv) {
    out << "k,unit,e,n,lat,lon,municipality,locality,mean_km_before,mean_km_after,within_km,within_before,within_after\n";
  } else {
    const std::string objective = options.objective == geo::Objective::kDistance
                                      ? Say(lang, Msg::kGeoObjectiveDistance)
                                      : Say(lang, Msg::kGeoObjectiveCoverage, {within});
    out << Say(lang, Msg::kGeoLocateTitle,
               {args.k, Say(lang, options.branch ? Msg::kGeoAddBranch : Msg::kGeoAddHealthCentre),
                std::to_string(args.year), objective})
        << "\n"
        << Say(lang, Msg::kGeoDistanceNote, {FormatNumber(geo::kDetourFactor, 2, lang)}) << "\n"
        << Say(lang, Msg::kGeoMean) << " " << Say(lang, options.branch ? Msg::kGeoToCare : Msg::kGeoToHealthCentre)
        << "\n\n";
    rows.push_back({"k", Say(lang, Msg::kGeoNewUnit), Say(lang, Msg::kGeoEasting), Say(lang, Msg::kGeoNorthing),
                    Say(lang, Msg::kGeoLatitude), Say(lang, Msg::kGeoLongitude), Say(lang, Msg::kReportMunicipality),
                    Say(lang, Msg::kGeoLocality), Say(lang, Msg::kGeoMeanBefore), Say(lang, Msg::kGeoMeanAfter),
                    Say(lang, Msg::kGeoWithinBefore, {within}), Say(lang, Msg::kGeoWithinAfter, {within})});
  }
  for (const plan::Proposal& p : proposals) {
    int n = 0;
    for (const plan::ProposedUnit& u : p.units) {
      std::vector<std::string> row = {
          std::to_string(p.k), std::to_string(++n), Number(u.place.e, 0, lang, true),
          Number(u.place.n, 0, lang, true), Number(u.position.lat, 4, lang, csv), Number(u.position.lon, 4, lang, csv),
          u.municipality, u.locality, Number(p.MeanBefore(), 2, lang, csv), Number(p.MeanAfter(), 2, lang, csv)};
      if (csv) {
        row.insert(row.end(), {Number(args.within_km, 1, lang, true), Number(p.WithinBefore(), 6, lang, true),
                               Number(p.WithinAfter(), 6, lang, true)});
        for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
        out << "\n";
      } else {
        row.insert(row.end(), {FormatNumber(100 * p.WithinBefore(), 2, lang), FormatNumber(100 * p.WithinAfter(), 2, lang)});
        rows.push_back(std::move(row));
      }
    }
  }
  if (!csv) PrintTable(rows, out);
  return Status::Ok();
}

Status RunCoverage(const LocateArgs& args, std::ostream& out) {
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  NARA_ASSIGN_OR_RETURN(plan::World world, LoadWorld(args));
  const bool csv = args.format == "csv";
  std::vector<std::vector<std::string>> rows;
  if (csv) {
    out << "municipality,nearest,group,residents,within_5,within_10,within_15,within_20,mean_km,longest_km\n";
  } else {
    out << Say(lang, Msg::kGeoCoverageTitle, {std::to_string(args.year)}) << "\n"
        << Say(lang, Msg::kGeoDistanceNote, {FormatNumber(geo::kDetourFactor, 2, lang)}) << "\n\n";
    std::vector<std::string> head = {Say(lang, Msg::kReportMunicipality), Say(lang, Msg::kGeoNearest),
                                     Say(lang, Msg::kGeoGroup), Say(lang, Msg::kGeoResidents)};
    for (double km : geo::kCoverageKm) head.push_back(Say(lang, Msg::kGeoWithin, {FormatNumber(km, 0, lang)}));
    head.push_back(Say(lang, Msg::kGeoMean));
    head.push_back(Say(lang, Msg::kGeoLongest));
    rows.push_back(std::move(head));
  }
  for (geo::Reach reach : {geo::Reach::kHealthCentre, geo::Reach::kCare}) {
    const geo::CoverageTable table = geo::ComputeCoverage(world.grid, world.sites, reach);
    const std::string nearest = csv ? (reach == geo::Reach::kCare ? "health_centre_or_branch" : "health_centre")
                                    : Say(lang, reach == geo::Reach::kCare ? Msg::kGeoToCare : Msg::kGeoToHealthCentre);
    for (size_t m = 0; m <= table.municipality.size(); ++m) {
      const geo::Coverage& c = m < table.municipality.size() ? table.municipality[m] : table.region;
      const std::string name = m < table.municipality.size() ? sim::kMunicipalities[m].name
                                                             : (csv ? "Halland" : Say(lang, Msg::kReportTotal));
      for (bool aged : {false, true}) {
        std::vector<std::string> row = {name, nearest,
                                        csv ? (aged ? "80+" : "all")
                                            : Say(lang, aged ? Msg::kGeoGroupAged80 : Msg::kGeoGroupAll),
                                        Number(aged ? c.aged_80 : c.residents, 0, lang, csv)};
        for (size_t i = 0; i < geo::kCoverageKm.size(); ++i) {
          const double share = aged ? c.Share80(i) : c.Share(i);
          row.push_back(csv ? Number(share, 6, lang, true) : FormatNumber(100 * share, 1, lang));
        }
        // The mean and the longest are the residents' (the 80+ live in the same cells).
        row.push_back(aged && !csv ? "" : Number(c.MeanKm(), 2, lang, csv));
        row.push_back(aged && !csv ? "" : Number(c.longest_km, 1, lang, csv));
        if (csv) {
          for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
          out << "\n";
        } else {
          rows.push_back(std::move(row));
        }
      }
    }
  }
  if (!csv) PrintTable(rows, out);
  return Status::Ok();
}

LocateCommand::LocateCommand(CLI::App* plan) {
  locate_ = plan->add_subcommand("locate", "Where to add 1–3 health centres or branches (synthetic population grid)");
  locate_->add_option("--config", args_.config_dir, "Configuration folder (default: data/halland)");
  locate_->add_option("--k", args_.k, "New units: a number or a range (default 1..3)");
  locate_->add_option("--year", args_.year, "Population year 2015–2035 (default 2024)")->check(CLI::Range(2015, 2035));
  locate_->add_option("--kind", args_.kind, "health_centre or branch")->check(CLI::IsMember({"health_centre", "branch"}));
  locate_->add_option("--objective", args_.objective, "distance (p-median) or coverage (within --within km)")
      ->check(CLI::IsMember({"distance", "coverage"}));
  locate_->add_option("--within", args_.within_km, "km for the coverage (default 15)")->check(CLI::PositiveNumber);
  locate_->add_option("--format", args_.format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  locate_->add_option("--lang", args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  locate_->add_option("--scenario", args_.scenario, "A scenario whose units count beside the configured ones");
  locate_->add_option("--write-scenario", args_.write_scenario,
                      "Write the largest k's proposal as a scenario file (for nara plan run)");
  locate_->add_option("--opens", args_.opens, "The proposed units' opening day (default: 1 January after --year)");
  coverage_ = plan->add_subcommand("coverage", "Share of residents within 5/10/15/20 km of care, per municipality");
  coverage_->add_option("--config", coverage_args_.config_dir, "Configuration folder (default: data/halland)");
  coverage_->add_option("--year", coverage_args_.year, "Population year 2015–2035 (default 2024)")
      ->check(CLI::Range(2015, 2035));
  coverage_->add_option("--format", coverage_args_.format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  coverage_->add_option("--lang", coverage_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  coverage_->add_option("--scenario", coverage_args_.scenario, "A scenario whose units count beside the configured ones");
}

bool LocateCommand::Run(std::ostream& out, Status* status) {
  if (locate_->parsed()) {
    *status = RunLocate(args_, out);
    return true;
  }
  if (coverage_->parsed()) {
    *status = RunCoverage(coverage_args_, out);
    return true;
  }
  return false;
}

}  // namespace nara::cli
