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
#include "nara/geo/access.h"
#include "nara/geo/geography.h"
#include "nara/geo/grid.h"
#include "nara/geo/locate.h"
#include "nara/model/config.h"
#include "nara/plan/scenario.h"
#include "nara/sim/region.h"

namespace nara::cli {
namespace {

// What every geography command reads: the grid of the year and the units valid on
// its 1 July.
struct World {
  geo::Projection projection;
  geo::Geography geography;
  geo::Grid grid;
  std::vector<geo::Site> sites;
  model::Config config;
};

StatusOr<World> LoadWorld(const LocateArgs& args) {
  const std::string dir = ConfigDir(args.config_dir);
  NARA_ASSIGN_OR_RETURN(geo::Projection projection, geo::Projection::Create());
  NARA_ASSIGN_OR_RETURN(geo::Geography geography, geo::LoadGeography(dir, projection));
  NARA_ASSIGN_OR_RETURN(geo::Grid grid, geo::BuildGrid(geography, args.year));
  model::Config config;
  if (args.scenario.empty()) {
    std::vector<model::Problem> problems;
    config = model::LoadConfig(dir, &problems);
    NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems)));
  } else {
    NARA_ASSIGN_OR_RETURN(plan::Scenario scenario, plan::LoadScenario(args.scenario));
    NARA_ASSIGN_OR_RETURN(config, plan::ScenarioConfiguration(dir, scenario));
  }
  NARA_ASSIGN_OR_RETURN(std::vector<geo::Site> sites,
                        geo::SitesOn(config.tree, DaysFromCivil(args.year, 7, 1), projection));
  return World{std::move(projection), std::move(geography), std::move(grid), std::move(sites), std::move(config)};
}

// A unit id's part from a place name: lower case ASCII, å ä → a, ö → o, é → e, other
// characters as '_'.
std::string Slug(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '_';
      continue;
    }
    const std::string two = name.substr(i, 2);
    ++i;
    if (two == "å" || two == "ä" || two == "Å" || two == "Ä") {
      out += 'a';
    } else if (two == "ö" || two == "Ö") {
      out += 'o';
    } else if (two == "é" || two == "É") {
      out += 'e';
    } else {
      out += '_';
    }
  }
  return out;
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

// RFC 4180: quoted when it holds a comma, a quote or a line break.
// A TOML basic string.
std::string TomlText(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The [[unit]] entries opening the proposed units, as units.toml has them: a health
// centre under the nearest public health centre's parent, a branch under the nearest
// public health centre.
StatusOr<std::string> ProposedUnits(const World& world, const std::vector<geo::PlanePoint>& places,
                                    const std::vector<const geo::Cell*>& cells, bool branch, Days opens) {
  std::string out;
  for (size_t i = 0; i < places.size(); ++i) {
    const geo::Site* nearest = nullptr;
    double best = INFINITY;
    for (const geo::Site& s : world.sites) {
      if (s.branch) continue;
      const int t = world.config.tree.Find(s.id);
      if (t < 0 || world.config.tree.versions(t).back().ownership != model::Ownership::kPublic) continue;
      const double d = std::hypot(s.plane.e - places[i].e, s.plane.n - places[i].n);
      if (d < best) {
        best = d;
        nearest = &s;
      }
    }
    if (nearest == nullptr) return Status::NotFound("the configuration has no public health centre with a position");
    const model::UnitVersion& near = world.config.tree.versions(world.config.tree.Find(nearest->id)).back();
    const geo::Cell& cell = *cells[i];
    const std::string& locality = world.geography.localities[static_cast<size_t>(cell.locality)].name;
    NARA_ASSIGN_OR_RETURN(geo::LatLon ll, world.projection.ToWgs84(places[i]));
    out += "[[unit]]\nid = " +
           TomlText((branch ? "ny_filial_" : "ny_vc_") + std::to_string(i + 1) + "_" + Slug(locality)) +
           "\nname = " + TomlText((branch ? "Ny filial " : "Ny vårdcentral ") + locality) +
           "\nkind = " + TomlText(branch ? "branch" : "health_centre") + "\nownership = \"public\"\nparent = " +
           TomlText(branch ? near.id : near.parent_id) + "\nmunicipality = " +
           std::to_string(sim::kMunicipalities[static_cast<size_t>(cell.municipality)].code) +
           "\nvalid_from = " + FormatDate(opens) + "\nlat = " + Number(ll.lat, 3, Lang::kEn, true) +
           "\nlon = " + Number(ll.lon, 3, Lang::kEn, true) + "\n\n";
  }
  return out;
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
  NARA_ASSIGN_OR_RETURN(World world, LoadWorld(args));
  geo::LocateOptions options;
  options.year = args.year;
  options.branch = args.kind == "branch";
  options.objective = args.objective == "distance" ? geo::Objective::kDistance : geo::Objective::kCoverage;
  options.within_km = args.within_km;
  const geo::Reach reach = options.branch ? geo::Reach::kCare : geo::Reach::kHealthCentre;
  std::vector<int> cells;
  const geo::Instance instance = geo::MakeInstance(world.grid, world.sites, options, &cells);
  const geo::Within before = geo::ResidentsWithin(world.grid, world.sites, reach, args.within_km);
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
  for (int k = k_first; k <= k_last; ++k) {
    NARA_ASSIGN_OR_RETURN(geo::Solution solution, geo::Solve(instance, options.objective, k));
    if (k == k_last && !args.write_scenario.empty()) {
      std::vector<geo::PlanePoint> places;
      std::vector<const geo::Cell*> chosen_cells;
      for (int c : solution.chosen) {
        places.push_back(instance.candidates[static_cast<size_t>(c)]);
        chosen_cells.push_back(&world.grid.cells[static_cast<size_t>(cells[static_cast<size_t>(c)])]);
      }
      NARA_ASSIGN_OR_RETURN(std::string units, ProposedUnits(world, places, chosen_cells, options.branch, opens));
      const std::string what = std::to_string(k) + (options.branch ? (k == 1 ? " ny filial" : " nya filialer")
                                                                     : (k == 1 ? " ny vårdcentral" : " nya vårdcentraler"));
      std::ofstream file(args.write_scenario);
      file << plan::ScenarioWithUnits(
          "Förslag: " + what,
          "Skrivet av nara plan locate: " + what + " där " +
              (options.objective == geo::Objective::kDistance ? std::string("det befolkningsviktade avståndet blir kortast")
                                                              : "flest invånare kommer inom " + within + " km") +
              " (befolkningen " + std::to_string(args.year) + ").",
          units);
      if (!file) return Status::IoError("cannot write " + args.write_scenario);
    }
    std::vector<geo::Site> after = world.sites;
    for (int c : solution.chosen) {
      geo::Site s;
      s.branch = options.branch;
      s.plane = instance.candidates[static_cast<size_t>(c)];
      after.push_back(s);
    }
    const geo::Within w = geo::ResidentsWithin(world.grid, after, reach, args.within_km);
    int n = 0;
    for (int c : solution.chosen) {
      const geo::Cell& cell = world.grid.cells[static_cast<size_t>(cells[static_cast<size_t>(c)])];
      NARA_ASSIGN_OR_RETURN(geo::LatLon ll, world.projection.ToWgs84(cell.Centre()));
      const std::string municipality = sim::kMunicipalities[static_cast<size_t>(cell.municipality)].name;
      const std::string& locality = world.geography.localities[static_cast<size_t>(cell.locality)].name;
      std::vector<std::string> row = {
          std::to_string(k), std::to_string(++n), Number(cell.Centre().e, 0, lang, true),
          Number(cell.Centre().n, 0, lang, true), Number(ll.lat, 4, lang, csv), Number(ll.lon, 4, lang, csv),
          municipality, locality,
          Number(before.weighted_km / before.residents, 2, lang, csv), Number(w.weighted_km / w.residents, 2, lang, csv)};
      if (csv) {
        row.insert(row.end(), {Number(args.within_km, 1, lang, true), Number(before.within / before.residents, 6, lang, true),
                               Number(w.within / w.residents, 6, lang, true)});
        for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
        out << "\n";
      } else {
        row.insert(row.end(), {FormatNumber(100 * before.within / before.residents, 2, lang),
                               FormatNumber(100 * w.within / w.residents, 2, lang)});
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
  NARA_ASSIGN_OR_RETURN(World world, LoadWorld(args));
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
