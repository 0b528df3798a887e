#include "nara/geo/grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nara/sim/region.h"

namespace nara::geo {
namespace {

constexpr double kRuralLength = 2000;  // metres
constexpr double kRuralReach = 3000;   // metres: beyond, forest and fields without homes
constexpr double kSigmaMin = 500;      // metres
constexpr double kSigmaPerRootThousand = 350;

double Distance(PlanePoint a, PlanePoint b) { return std::hypot(a.e - b.e, a.n - b.n); }

double Sigma(const Locality& l) { return std::max(kSigmaMin, kSigmaPerRootThousand * std::sqrt(l.population / 1000)); }

}  // namespace

double Grid::Population() const {
  double sum = 0;
  for (const Cell& c : cells) sum += c.population;
  return sum;
}

StatusOr<Grid> BuildGrid(const Geography& geography, int year) {
  if (year < sim::kPopFirstYear || year > sim::kPopLastYear) {
    return Status::Invalid("the population grid covers " + std::to_string(sim::kPopFirstYear) + "–" +
                           std::to_string(sim::kPopLastYear) + ", not " + std::to_string(year));
  }
  const size_t municipalities = sim::kMunicipalities.size();
  Grid grid;
  grid.year = year;
  // Land cells inside the outline's bounding box.
  double e0 = std::numeric_limits<double>::max(), n0 = e0, e1 = -e0, n1 = -e0;
  for (const PlanePoint& p : geography.outline) {
    e0 = std::min(e0, p.e), e1 = std::max(e1, p.e), n0 = std::min(n0, p.n), n1 = std::max(n1, p.n);
  }
  const int ce0 = static_cast<int>(std::floor(e0 / kCellSize)), ce1 = static_cast<int>(std::floor(e1 / kCellSize));
  const int cn0 = static_cast<int>(std::floor(n0 / kCellSize)), cn1 = static_cast<int>(std::floor(n1 / kCellSize));
  for (int cn = cn0; cn <= cn1; ++cn) {
    for (int ce = ce0; ce <= ce1; ++ce) {
      Cell c;
      c.e = ce * static_cast<int>(kCellSize);
      c.n = cn * static_cast<int>(kCellSize);
      if (!Inside(geography.outline, c.Centre())) continue;
      double best = std::numeric_limits<double>::max();
      for (size_t l = 0; l < geography.localities.size(); ++l) {
        const double d = Distance(c.Centre(), geography.localities[l].plane);
        if (d < best) best = d, c.locality = static_cast<int>(l);
      }
      c.municipality = geography.localities[static_cast<size_t>(c.locality)].municipality;
      grid.cells.push_back(c);
    }
  }
  const sim::Population population(1);
  std::vector<double> urban_size(municipalities, 0);
  for (const Locality& l : geography.localities) urban_size[static_cast<size_t>(l.municipality)] += l.population;
  // Urban residents: each locality's share spread as a truncated Gaussian over land.
  for (const Locality& l : geography.localities) {
    const size_t m = static_cast<size_t>(l.municipality);
    const double residents = population.Total(l.municipality, year) * (1 - geography.rural_share[m]) *
                             l.population / urban_size[m];
    const double sigma = Sigma(l);
    std::vector<std::pair<size_t, double>> weights;
    double sum = 0;
    for (size_t i = 0; i < grid.cells.size(); ++i) {
      const double d = Distance(grid.cells[i].Centre(), l.plane);
      if (d > 3 * sigma) continue;
      const double w = std::exp(-0.5 * (d / sigma) * (d / sigma));
      weights.emplace_back(i, w);
      sum += w;
    }
    if (weights.empty()) {  // a locality off the outline: its nearest land cell
      size_t nearest = 0;
      for (size_t i = 1; i < grid.cells.size(); ++i) {
        if (Distance(grid.cells[i].Centre(), l.plane) < Distance(grid.cells[nearest].Centre(), l.plane)) nearest = i;
      }
      weights.emplace_back(nearest, 1);
      sum = 1;
    }
    for (const auto& [i, w] : weights) grid.cells[i].population += residents * w / sum;
  }
  // Rural residents over the municipality's cells.
  std::vector<double> rural_weight(grid.cells.size(), 0);
  std::vector<double> rural_sum(municipalities, 0);
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    const Cell& c = grid.cells[i];
    for (const Locality& l : geography.localities) {
      const double d = Distance(c.Centre(), l.plane);
      if (l.municipality == c.municipality && d <= kRuralReach) rural_weight[i] += std::exp(-d / kRuralLength);
    }
    rural_sum[static_cast<size_t>(c.municipality)] += rural_weight[i];
  }
  std::vector<double> share_80(municipalities, 0);
  for (size_t m = 0; m < municipalities; ++m) {
    double old = 0, all = 0;
    for (int age = 0; age < sim::kAges; ++age) {
      for (int sex = 0; sex < 2; ++sex) {
        const double v = population.Value(static_cast<int>(m), year, age, sex);
        all += v;
        if (age >= 80) old += v;
      }
    }
    share_80[m] = all > 0 ? old / all : 0;
  }
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    Cell& c = grid.cells[i];
    const size_t m = static_cast<size_t>(c.municipality);
    c.population += population.Total(c.municipality, year) * geography.rural_share[m] * rural_weight[i] / rural_sum[m];
    c.aged_80 = c.population * share_80[m];
  }
  return grid;
}

std::vector<int> PopulatedCells(const Grid& grid, double min_residents) {
  std::vector<int> out;
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    if (grid.cells[i].population >= min_residents) out.push_back(static_cast<int>(i));
  }
  return out;
}

}  // namespace nara::geo
