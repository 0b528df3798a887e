// The synthetic population grid of the region (issue 17, "Geography"): 1 km cells in
// SWEREF 99 TM (EPSG:3006; cell corners on whole kilometres, as SCB's grids), with
// residents and residents aged 80+ per cell for one year. It is SYNTHETIC: built from
// the synthetic Halland's municipal populations (sim/region.h Population, SPEC §8) and
// the localities of geography.toml, not from SCB's population grid.
//
// How a year's cells are filled, per municipality m (P_m its residents that year,
// r_m its rural share):
//   - land: the cells whose centre lies inside the configured outline;
//   - municipality of a cell: the municipality of the nearest locality (a Voronoi
//     split of the land between the localities: borders are approximated within a few
//     km, and no cell straddles two municipalities);
//   - urban residents (1 − r_m) × P_m are shared between m's localities in proportion to
//     their configured sizes; a locality of size s spreads over the land cells around it
//     as a Gaussian of σ = max(0,5 km, 0,35 km × √(s / 1 000)) cut at 3σ (Halmstad's
//     72 000: σ ≈ 3 km; a village: one or a few cells);
//   - rural residents r_m × P_m are spread over m's cells in proportion to
//     Σ over m's localities within 3 km of exp(−d / 2 km): homes around the villages and
//     towns, none in the forests further out. That reach sets the remotest populated
//     cells and so the longest distances the detour factor is calibrated on (access.h);
//     6 km instead would put residents 3 km further into eastern Hylte's forests;
//   - residents 80+ of a cell: the cell's residents × the municipality's share of 80+ in
//     that year (the age structure is the municipality's, not the cell's own).
// The same configuration and year give the same grid (no randomness).
#pragma once

#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/geo/geography.h"
#include "nara/geo/projection.h"

namespace nara::geo {

inline constexpr double kCellSize = 1000;  // metres

struct Cell {
  int e = 0, n = 0;       // south-west corner in SWEREF 99 TM, metres (multiples of 1 000)
  int municipality = -1;  // index into sim::kMunicipalities
  int locality = -1;      // nearest locality (index into Geography::localities)
  double population = 0;  // residents (unrounded)
  double aged_80 = 0;     // of them aged 80 or more
  PlanePoint Centre() const { return {e + kCellSize / 2, n + kCellSize / 2}; }
};

struct Grid {
  int year = 0;
  std::vector<Cell> cells;  // every land cell, ordered by northing then easting
  double Population() const;
};

// The grid of `year` (2015–2035; the synthetic Halland's projection) from `geography`.
// An Invalid status for a year outside the projection.
StatusOr<Grid> BuildGrid(const Geography& geography, int year);

// The residents of a year's grid with at least `min_residents` (the populated cells),
// in grid order.
std::vector<int> PopulatedCells(const Grid& grid, double min_residents = 1);

}  // namespace nara::geo
