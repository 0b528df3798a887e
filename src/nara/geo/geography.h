// The region's geography as configuration (data/<region>/geography.toml): the
// localities (tätorter) with their positions and sizes, each municipality's rural share
// and a coarse outline of the region's border and coast. The population grid
// (grid.h) is synthesised from it; nothing here is SCB's grid.
//
// LoadGeography reports every problem of the file with its line (Status::Problems), or
// NotFound when the folder has no geography.toml.
#pragma once

#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/geo/projection.h"

namespace nara::geo {

struct Locality {
  std::string name;
  int municipality = -1;  // index into sim::kMunicipalities
  LatLon position;
  PlanePoint plane;       // SWEREF 99 TM
  double population = 0;  // approximate: a weight within its municipality
};

struct Geography {
  std::vector<Locality> localities;
  // Share of each municipality's residents outside the localities, by index into
  // sim::kMunicipalities.
  std::vector<double> rural_share;
  std::vector<PlanePoint> outline;  // closed polygon in SWEREF 99 TM (last != first)
};

// Reads `dir`/geography.toml and projects its coordinates with `projection`.
StatusOr<Geography> LoadGeography(const std::string& dir, const Projection& projection);

// True when `p` lies inside `polygon` (even-odd rule).
bool Inside(const std::vector<PlanePoint>& polygon, PlanePoint p);

// The index into sim::kMunicipalities of a municipality code, or -1.
int MunicipalityIndex(int code);

}  // namespace nara::geo
