// Coordinates for nara's geography: WGS84 latitude/longitude (what units.toml and
// geography.toml hold) to and from SWEREF 99 TM (EPSG:3006, metres east and north; the
// plane the population grid and every distance live in), through PROJ.
//
// A Projection owns its PROJ context and transformation; it is not shared between
// threads (make one per thread). Creating one fails with an IoError when PROJ cannot
// find its database (proj.db) or does not know the systems.
#pragma once

#include <memory>

#include "nara/base/status.h"

namespace nara::geo {

// A point in SWEREF 99 TM, metres.
struct PlanePoint {
  double e = 0;  // easting
  double n = 0;  // northing
};

struct LatLon {
  double lat = 0;
  double lon = 0;
};

class Projection {
 public:
  static StatusOr<Projection> Create();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;
  ~Projection();

  // WGS84 (degrees) to SWEREF 99 TM; a DataError for a point PROJ cannot transform.
  StatusOr<PlanePoint> ToSweref(LatLon p) const;
  // SWEREF 99 TM to WGS84 (degrees).
  StatusOr<LatLon> ToWgs84(PlanePoint p) const;

 private:
  struct Impl;
  explicit Projection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::geo
