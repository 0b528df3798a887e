#include "nara/geo/geography.h"

#include <toml++/toml.h>

#include <filesystem>

#include "nara/base/messages.h"

#include "nara/sim/region.h"

namespace nara::geo {
namespace {

// Problems of one file, each at its line.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void Add(const toml::source_region& where, Msg code, std::vector<std::string> args = {}) {
    Problem p;
    p.code = code;
    p.args = std::move(args);
    p.file = file_;
    p.line = static_cast<int>(where.begin.line);
    problems_.push_back(std::move(p));
  }
  Status Result() const { return problems_.empty() ? Status::Ok() : Status::Problems(problems_); }

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

}  // namespace

int MunicipalityIndex(int code) {
  for (size_t m = 0; m < sim::kMunicipalities.size(); ++m) {
    if (sim::kMunicipalities[m].code == code) return static_cast<int>(m);
  }
  return -1;
}

bool Inside(const std::vector<PlanePoint>& polygon, PlanePoint p) {
  bool inside = false;
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const PlanePoint& a = polygon[i];
    const PlanePoint& b = polygon[j];
    if ((a.n > p.n) != (b.n > p.n) && p.e < (b.e - a.e) * (p.n - a.n) / (b.n - a.n) + a.e) inside = !inside;
  }
  return inside;
}

StatusOr<Geography> LoadGeography(const std::string& dir, const Projection& projection) {
  const std::string path = (std::filesystem::path(dir) / "geography.toml").string();
  if (!std::filesystem::exists(path)) return Status::NotFound(path + ": " + Say(Lang::kEn, Msg::kCfgFileNotFound));
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    Problems problems(path);
    problems.Add(e.source(), Msg::kCfgToml, {std::string(e.description())});
    return problems.Result();
  }
  Problems problems(path);
  Geography g;
  g.rural_share.assign(sim::kMunicipalities.size(), -1);
  auto place = [&](const toml::node& n, LatLon* out) {
    const toml::table* t = n.as_table();
    auto lat = (*t)["lat"].value<double>();
    auto lon = (*t)["lon"].value<double>();
    if (!lat || !lon || *lat < 50 || *lat > 70 || *lon < 5 || *lon > 30) {
      problems.Add(n.source(), Msg::kGeoPosition);
      return false;
    }
    *out = {*lat, *lon};
    return true;
  };
  if (const toml::array* ms = doc["municipality"].as_array()) {
    for (const toml::node& n : *ms) {
      const toml::table* t = n.as_table();
      const int m = t ? MunicipalityIndex((*t)["code"].value_or(0)) : -1;
      const double share = t ? (*t)["rural_share"].value_or(-1.0) : -1;
      if (m < 0) {
        problems.Add(n.source(), Msg::kGeoMunicipality);
      } else if (share < 0 || share >= 1) {
        problems.Add(n.source(), Msg::kGeoRuralShare);
      } else {
        g.rural_share[static_cast<size_t>(m)] = share;
      }
    }
  }
  for (size_t m = 0; m < g.rural_share.size(); ++m) {
    if (g.rural_share[m] < 0) {
      problems.Add(doc.source(), Msg::kGeoNoRuralShare, {sim::kMunicipalities[m].name});
    }
  }
  std::vector<bool> has_locality(sim::kMunicipalities.size(), false);
  if (const toml::array* ls = doc["locality"].as_array()) {
    for (const toml::node& n : *ls) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      Locality l;
      l.name = (*t)["name"].value_or(std::string());
      l.municipality = MunicipalityIndex((*t)["municipality"].value_or(0));
      l.population = (*t)["population"].value_or(0.0);
      bool ok = place(n, &l.position);
      if (l.name.empty()) problems.Add(n.source(), Msg::kCfgMissingKey, {"name"}), ok = false;
      if (l.municipality < 0) problems.Add(n.source(), Msg::kGeoMunicipality), ok = false;
      if (!(l.population > 0)) problems.Add(n.source(), Msg::kGeoLocalityPopulation), ok = false;
      if (!ok) continue;
      NARA_ASSIGN_OR_RETURN(l.plane, projection.ToSweref(l.position));
      has_locality[static_cast<size_t>(l.municipality)] = true;
      g.localities.push_back(std::move(l));
    }
  }
  for (size_t m = 0; m < has_locality.size(); ++m) {
    if (!has_locality[m]) problems.Add(doc.source(), Msg::kGeoNoLocality, {sim::kMunicipalities[m].name});
  }
  const toml::array* points = doc["outline"]["points"].as_array();
  if (points == nullptr || points->size() < 3) {
    problems.Add(doc.source(), Msg::kGeoOutline);
  } else {
    for (const toml::node& n : *points) {
      const toml::array* a = n.as_array();
      auto lat = a && a->size() == 2 ? (*a)[0].value<double>() : std::nullopt;
      auto lon = a && a->size() == 2 ? (*a)[1].value<double>() : std::nullopt;
      if (!lat || !lon) {
        problems.Add(n.source(), Msg::kGeoOutline);
        continue;
      }
      NARA_ASSIGN_OR_RETURN(PlanePoint p, projection.ToSweref({*lat, *lon}));
      g.outline.push_back(p);
    }
  }
  NARA_RETURN_IF_ERROR(problems.Result());
  return g;
}

}  // namespace nara::geo
