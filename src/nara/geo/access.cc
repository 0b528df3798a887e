#include "nara/geo/access.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nara/sim/region.h"

namespace nara::geo {

StatusOr<std::vector<Site>> SitesOn(const model::OrgTree& tree, Days day, const Projection& projection,
                                    std::vector<std::string>* missing) {
  std::vector<Site> sites;
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v == nullptr || (v->kind != model::UnitKind::kHealthCentre && v->kind != model::UnitKind::kBranch)) continue;
    if (std::isnan(v->lat) || std::isnan(v->lon)) {
      if (missing != nullptr) missing->push_back(v->id);
      continue;
    }
    Site s;
    s.id = v->id;
    s.name = v->name;
    s.branch = v->kind == model::UnitKind::kBranch;
    for (size_t m = 0; m < sim::kMunicipalities.size(); ++m) {
      if (sim::kMunicipalities[m].code == v->municipality) s.municipality = static_cast<int>(m);
    }
    s.position = {v->lat, v->lon};
    NARA_ASSIGN_OR_RETURN(s.plane, projection.ToSweref(s.position));
    sites.push_back(std::move(s));
  }
  return sites;
}

std::vector<double> NearestStraight(const Grid& grid, const std::vector<Site>& sites, Reach reach) {
  std::vector<double> out(grid.cells.size(), std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    const PlanePoint c = grid.cells[i].Centre();
    for (const Site& s : sites) {
      if (s.branch && reach == Reach::kHealthCentre) continue;
      out[i] = std::min(out[i], std::hypot(c.e - s.plane.e, c.n - s.plane.n));
    }
  }
  return out;
}

Calibration CalibrateDetour(const Grid& grid, const std::vector<Site>& sites) {
  const std::vector<double> hc = NearestStraight(grid, sites, Reach::kHealthCentre);
  const std::vector<double> care = NearestStraight(grid, sites, Reach::kCare);
  Calibration c;
  for (int i : PopulatedCells(grid)) {
    c.longest_straight_hc = std::max(c.longest_straight_hc, hc[static_cast<size_t>(i)] / 1000);
    c.longest_straight_care = std::max(c.longest_straight_care, care[static_cast<size_t>(i)] / 1000);
  }
  c.factor = c.longest_straight_hc > 0 ? kSeedLongestHealthCentre / c.longest_straight_hc : 0;
  return c;
}

CoverageTable ComputeCoverage(const Grid& grid, const std::vector<Site>& sites, Reach reach, double factor) {
  const std::vector<double> nearest = NearestStraight(grid, sites, reach);
  CoverageTable t;
  t.municipality.resize(sim::kMunicipalities.size());
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    const Cell& c = grid.cells[i];
    const double km = nearest[i] * factor / 1000;
    for (Coverage* cov : {&t.municipality[static_cast<size_t>(c.municipality)], &t.region}) {
      cov->residents += c.population;
      cov->aged_80 += c.aged_80;
      for (size_t k = 0; k < kCoverageKm.size(); ++k) {
        if (km <= kCoverageKm[k]) cov->within[k] += c.population, cov->within_80[k] += c.aged_80;
      }
      cov->weighted_km += c.population * km;
      if (c.population >= 1) cov->longest_km = std::max(cov->longest_km, km);
    }
  }
  return t;
}

Within ResidentsWithin(const Grid& grid, const std::vector<Site>& sites, Reach reach, double km, double factor) {
  const std::vector<double> nearest = NearestStraight(grid, sites, reach);
  Within w;
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    const double d = nearest[i] * factor / 1000;
    w.residents += grid.cells[i].population;
    w.weighted_km += grid.cells[i].population * d;
    if (d <= km) w.within += grid.cells[i].population;
  }
  return w;
}

}  // namespace nara::geo
