#include "nara/geo/projection.h"

#include <proj.h>

#include <cmath>
#include <string>

namespace nara::geo {

struct Projection::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;  // normalised: longitude first, then latitude, in and out
  ~Impl() {
    if (pj != nullptr) proj_destroy(pj);
    if (ctx != nullptr) proj_context_destroy(ctx);
  }
};

Projection::Projection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;
Projection::~Projection() = default;

StatusOr<Projection> Projection::Create() {
  auto impl = std::make_unique<Impl>();
  impl->ctx = proj_context_create();
  if (impl->ctx == nullptr) return Status::IoError("PROJ: no context");
  PJ* raw = proj_create_crs_to_crs(impl->ctx, "EPSG:4326", "EPSG:3006", nullptr);
  if (raw == nullptr) {
    return Status::IoError(std::string("PROJ: no transformation EPSG:4326 -> EPSG:3006: ") +
                           proj_context_errno_string(impl->ctx, proj_context_errno(impl->ctx)));
  }
  // EPSG:4326 is latitude first; the normalised form takes longitude, latitude
  // (and gives easting, northing), so the axis order cannot be mixed up.
  impl->pj = proj_normalize_for_visualization(impl->ctx, raw);
  proj_destroy(raw);
  if (impl->pj == nullptr) return Status::IoError("PROJ: cannot normalise the transformation's axes");
  return Projection(std::move(impl));
}

StatusOr<PlanePoint> Projection::ToSweref(LatLon p) const {
  PJ_COORD c = proj_trans(impl_->pj, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) {
    return Status::DataError("PROJ cannot place " + std::to_string(p.lat) + ", " + std::to_string(p.lon) +
                             " in SWEREF 99 TM");
  }
  return PlanePoint{c.xy.x, c.xy.y};
}

StatusOr<LatLon> Projection::ToWgs84(PlanePoint p) const {
  PJ_COORD c = proj_trans(impl_->pj, PJ_INV, proj_coord(p.e, p.n, 0, 0));
  if (!std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi)) {
    return Status::DataError("PROJ cannot place " + std::to_string(p.e) + ", " + std::to_string(p.n) + " in WGS84");
  }
  return LatLon{c.lp.phi, c.lp.lam};
}

}  // namespace nara::geo
