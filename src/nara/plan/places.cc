#include "nara/plan/places.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "nara/base/text.h"
#include "nara/plan/scenario.h"
#include "nara/sim/region.h"

namespace nara::plan {
namespace {

// A TOML basic string.
std::string TomlText(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "1 ny vårdcentral", "3 nya filialer".
std::string What(const Proposal& p) {
  const bool one = p.k == 1;
  return std::to_string(p.k) + (p.options.branch ? (one ? " ny filial" : " nya filialer")
                                                 : (one ? " ny vårdcentral" : " nya vårdcentraler"));
}

// The km as Swedish text: "15", "7,5".
std::string Km(double km) {
  std::string s = km == std::floor(km) ? Fixed(km, 0) : Fixed(km, 1);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

}  // namespace

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

StatusOr<World> LoadWorld(const std::string& config_dir, int year, const std::string& scenario_file) {
  NARA_ASSIGN_OR_RETURN(geo::Projection projection, geo::Projection::Create());
  NARA_ASSIGN_OR_RETURN(geo::Geography geography, geo::LoadGeography(config_dir, projection));
  NARA_ASSIGN_OR_RETURN(geo::Grid grid, geo::BuildGrid(geography, year));
  model::Config config;
  if (scenario_file.empty()) {
    std::vector<model::Problem> problems;
    config = model::LoadConfig(config_dir, &problems);
    NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems)));
  } else {
    NARA_ASSIGN_OR_RETURN(Scenario scenario, LoadScenario(scenario_file));
    NARA_ASSIGN_OR_RETURN(config, ScenarioConfiguration(config_dir, scenario));
  }
  NARA_ASSIGN_OR_RETURN(std::vector<geo::Site> sites, geo::SitesOn(config.tree, DaysFromCivil(year, 7, 1), projection));
  return World{year, std::move(projection), std::move(geography), std::move(grid), std::move(sites), std::move(config)};
}

StatusOr<std::vector<Proposal>> Propose(const World& world, geo::LocateOptions options, int k_first, int k_last) {
  if (k_first < 1 || k_last < k_first || k_last > 10) return Status::Invalid("k must lie within 1–10");
  if (!(options.within_km > 0)) return Status::Invalid("the distance for the coverage must be a positive number of km");
  options.year = world.year;
  const geo::Reach reach = options.branch ? geo::Reach::kCare : geo::Reach::kHealthCentre;
  std::vector<int> cells;
  const geo::Instance instance = geo::MakeInstance(world.grid, world.sites, options, &cells);
  const geo::Within before = geo::ResidentsWithin(world.grid, world.sites, reach, options.within_km, options.factor);
  std::vector<Proposal> out;
  for (int k = k_first; k <= k_last; ++k) {
    NARA_ASSIGN_OR_RETURN(geo::Solution solution, geo::Solve(instance, options.objective, k));
    Proposal p;
    p.k = k;
    p.options = options;
    p.before = before;
    std::vector<geo::Site> after = world.sites;
    for (int c : solution.chosen) {
      const int cell_index = cells[static_cast<size_t>(c)];
      const geo::Cell& cell = world.grid.cells[static_cast<size_t>(cell_index)];
      ProposedUnit u;
      u.place = instance.candidates[static_cast<size_t>(c)];
      NARA_ASSIGN_OR_RETURN(u.position, world.projection.ToWgs84(u.place));
      u.cell = cell_index;
      u.municipality = sim::kMunicipalities[static_cast<size_t>(cell.municipality)].name;
      u.locality = world.geography.localities[static_cast<size_t>(cell.locality)].name;
      p.units.push_back(std::move(u));
      geo::Site s;
      s.branch = options.branch;
      s.plane = instance.candidates[static_cast<size_t>(c)];
      after.push_back(std::move(s));
    }
    p.after = geo::ResidentsWithin(world.grid, after, reach, options.within_km, options.factor);
    out.push_back(std::move(p));
  }
  return out;
}

std::string ProposalStem(const Proposal& p) {
  std::string stem = "forslag_" + std::to_string(p.k) + "_" +
                     (p.options.branch ? (p.k == 1 ? "filial" : "filialer") : (p.k == 1 ? "vardcentral" : "vardcentraler"));
  if (p.options.objective == geo::Objective::kDistance) return stem + "_avstand_" + std::to_string(p.options.year);
  return stem + "_inom_" + Slug(Km(p.options.within_km)) + "_km_" + std::to_string(p.options.year);
}

StatusOr<std::string> ProposalScenario(const World& world, const Proposal& proposal, Days opens) {
  const model::OrgTree& tree = world.config.tree;
  std::string units;
  for (size_t i = 0; i < proposal.units.size(); ++i) {
    const ProposedUnit& u = proposal.units[i];
    const geo::Site* nearest = nullptr;
    double best = INFINITY;
    for (const geo::Site& s : world.sites) {
      if (s.branch) continue;
      const int t = tree.Find(s.id);
      if (t < 0 || tree.versions(t).back().ownership != model::Ownership::kPublic) continue;
      const double d = std::hypot(s.plane.e - u.place.e, s.plane.n - u.place.n);
      if (d < best) {
        best = d;
        nearest = &s;
      }
    }
    if (nearest == nullptr) return Status::NotFound("the configuration has no public health centre with a position");
    const model::UnitVersion& near = tree.versions(tree.Find(nearest->id)).back();
    const geo::Cell& cell = world.grid.cells[static_cast<size_t>(u.cell)];
    const bool branch = proposal.options.branch;
    units += "[[unit]]\nid = " +
             TomlText((branch ? "ny_filial_" : "ny_vc_") + std::to_string(i + 1) + "_" + Slug(u.locality)) +
             "\nname = " + TomlText((branch ? "Ny filial " : "Ny vårdcentral ") + u.locality) +
             "\nkind = " + TomlText(branch ? "branch" : "health_centre") + "\nownership = \"public\"\nparent = " +
             TomlText(branch ? near.id : near.parent_id) + "\nmunicipality = " +
             std::to_string(sim::kMunicipalities[static_cast<size_t>(cell.municipality)].code) +
             "\nvalid_from = " + FormatDate(opens) + "\nlat = " + Fixed(u.position.lat, 3) +
             "\nlon = " + Fixed(u.position.lon, 3) + "\n\n";
  }
  const std::string what = What(proposal);
  return ScenarioWithUnits(
      "Förslag: " + what,
      "Lägesförslag från nara: " + what + " där " +
          (proposal.options.objective == geo::Objective::kDistance
               ? std::string("det befolkningsviktade avståndet blir kortast")
               : "flest invånare kommer inom " + Km(proposal.options.within_km) + " km") +
          " (befolkningen " + std::to_string(proposal.options.year) + ").",
      units);
}

}  // namespace nara::plan
