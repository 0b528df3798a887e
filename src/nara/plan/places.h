// Where care is and where a new unit should go (issue 17, "Geography"), as a planner
// asks it: the synthetic population grid of a year with the units valid on its 1 July
// (geo/grid.h, geo/access.h), and proposals of k new health centres or branches
// (geo/locate.h) with what they change and the scenario that opens them. `nara plan
// locate` / `coverage` (cli/locate_command.h) and the API's /api/planning/geography,
// /locate and /scenarios (serve/planning.h) are both built on this.
#pragma once

#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/geo/access.h"
#include "nara/geo/geography.h"
#include "nara/geo/grid.h"
#include "nara/geo/locate.h"
#include "nara/geo/projection.h"
#include "nara/model/config.h"

namespace nara::plan {

// The grid of a year and the units valid on its 1 July.
struct World {
  int year = 0;
  geo::Projection projection;
  geo::Geography geography;
  geo::Grid grid;
  std::vector<geo::Site> sites;
  model::Config config;
};

// The world of `year` (2015–2035) from the configuration in `config_dir`, with the
// units of the scenario file `scenario_file` beside the configured ones when it is not
// empty. Errors: the configuration's problems, the scenario's, a year outside the grid.
StatusOr<World> LoadWorld(const std::string& config_dir, int year, const std::string& scenario_file = "");

// A proposed unit: its cell's centre, where that is, and the cell's index in the grid.
struct ProposedUnit {
  geo::PlanePoint place;
  geo::LatLon position;
  int cell = -1;
  std::string municipality;  // name
  std::string locality;      // the nearest locality's name
};

// k new units of a kind and what they change: the residents within `within_km` and
// the weighted distance before and after (geo::Within), by road.
struct Proposal {
  int k = 0;
  geo::LocateOptions options;  // year, kind (branch), objective, within_km
  std::vector<ProposedUnit> units;
  geo::Within before, after;
  double MeanBefore() const { return before.residents > 0 ? before.weighted_km / before.residents : 0; }
  double MeanAfter() const { return after.residents > 0 ? after.weighted_km / after.residents : 0; }
  double WithinBefore() const { return before.residents > 0 ? before.within / before.residents : 0; }
  double WithinAfter() const { return after.residents > 0 ? after.within / after.residents : 0; }
};

// The optimal proposals for k = k_first..k_last (1 ≤ k_first ≤ k_last ≤ 10) on
// `world` (options.year is taken from the world). Invalid for a bad k or within_km.
StatusOr<std::vector<Proposal>> Propose(const World& world, geo::LocateOptions options, int k_first, int k_last);

// A scenario file (plan/scenario.h) opening the proposal's units on `opens`: a health
// centre under the nearest public health centre's parent, a branch under the nearest
// public health centre; named "Förslag: 2 nya vårdcentraler" and described in Swedish.
// NotFound when the configuration has no public health centre with a position.
StatusOr<std::string> ProposalScenario(const World& world, const Proposal& proposal, Days opens);

// A file stem for the proposal's scenario: "forslag_2_vardcentraler_avstand",
// "forslag_1_filial_inom_15_km".
std::string ProposalStem(const Proposal& proposal);

// A unit id's part from a place name: lower case ASCII, å ä → a, ö → o, é → e, other
// characters as '_'.
std::string Slug(const std::string& name);

}  // namespace nara::plan
