// The grid, the projection, distances and coverage, checked against independent
// computations (a haversine, hand sums, the sim's municipal totals).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "nara/geo/access.h"
#include "nara/geo/geography.h"
#include "nara/geo/grid.h"
#include "nara/geo/projection.h"
#include "nara/model/config.h"
#include "nara/sim/region.h"

namespace nara::geo {
namespace {

std::string SourceDir() {
  const char* s = std::getenv("NARA_SOURCE_DIR");
  return s ? s : ".";
}

const Projection& Proj() {
  static Projection p = std::move(Projection::Create()).value();
  return p;
}

const Geography& Halland() {
  static Geography g = [] {
    auto r = LoadGeography(SourceDir() + "/data/halland", Proj());
    if (!r.ok()) ADD_FAILURE() << r.status().message();
    return std::move(r).value();
  }();
  return g;
}

const model::Config& Config() {
  static model::Config c = [] {
    std::vector<model::Problem> problems;
    model::Config config = model::LoadConfig(SourceDir() + "/data/halland", &problems);
    EXPECT_TRUE(problems.empty());
    return config;
  }();
  return c;
}

// Great-circle distance on a sphere of the GRS80 mean radius, metres.
double Haversine(LatLon a, LatLon b) {
  constexpr double kR = 6371008.8, kRad = M_PI / 180;
  const double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::sqrt(h));
}

TEST(ProjectionTest, CentralMeridianAndRoundTrip) {
  // SWEREF 99 TM: transverse Mercator on 15° E with a false easting of 500 000 m.
  auto p = Proj().ToSweref({57.0, 15.0});
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(p->e, 500000, 0.01);
  auto halmstad = Proj().ToSweref({56.674, 12.857});
  ASSERT_TRUE(halmstad.ok());
  auto back = Proj().ToWgs84(*halmstad);
  ASSERT_TRUE(back.ok());
  EXPECT_NEAR(back->lat, 56.674, 1e-9);
  EXPECT_NEAR(back->lon, 12.857, 1e-9);
}

TEST(ProjectionTest, PlaneDistancesAreTheEarthsWithinAPerMille) {
  // Halland lies 2° west of the central meridian: the plane's scale error there is
  // below 0,1 %, so straight lines in SWEREF 99 TM are the earth's distances (a sphere
  // differs from the ellipsoid by up to 0,3 %).
  const LatLon a{57.487, 12.076}, b{56.512, 13.044};  // Kungsbacka, Laholm
  const PlanePoint pa = *Proj().ToSweref(a), pb = *Proj().ToSweref(b);
  const double plane = std::hypot(pa.e - pb.e, pa.n - pb.n);
  EXPECT_NEAR(plane / Haversine(a, b), 1, 3e-3);  // the sphere is not the ellipsoid
  EXPECT_NEAR(plane, 122600, 1500);  // about 123 km apart
}

TEST(GeographyTest, HallandLoads) {
  const Geography& g = Halland();
  EXPECT_GE(g.localities.size(), 60u);
  EXPECT_EQ(g.rural_share.size(), 6u);
  EXPECT_GE(g.outline.size(), 20u);
}

TEST(GeographyTest, ProblemsNameTheirLines) {
  const auto dir = std::filesystem::temp_directory_path() / "nara-geo-test-bad";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "geography.toml") << "[[municipality]]\ncode = 9999\nrural_share = 0.2\n";
  auto r = LoadGeography(dir.string(), Proj());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.ok());
  const std::string text = r.status().message();
  EXPECT_NE(text.find("geography.toml:1"), std::string::npos) << text;
  EXPECT_NE(text.find("no locality in Hylte"), std::string::npos) << text;
}

TEST(GridTest, ResidentsAddUpToTheMunicipalities) {
  for (int year : {2022, 2024, 2030}) {
    auto grid = BuildGrid(Halland(), year);
    ASSERT_TRUE(grid.ok());
    // SPEC §8: the 2022 populations plus the growth to 2030, linearly.
    double expected = 0;
    for (const auto& m : sim::kMunicipalities) expected += m.population_2022 + m.growth_to_2030 * (year - 2022) / 8.0;
    EXPECT_NEAR(grid->Population(), expected, 1e-6 * expected) << year;
  }
  auto grid = BuildGrid(Halland(), 2022);
  // Per municipality: the cells of a municipality hold its residents up to what a
  // locality's spread leaks across the approximate border (under 2 %).
  std::vector<double> per(6, 0);
  for (const Cell& c : grid->cells) per[static_cast<size_t>(c.municipality)] += c.population;
  for (size_t m = 0; m < 6; ++m) EXPECT_NEAR(per[m] / sim::kMunicipalities[m].population_2022, 1, 0.02) << m;
  EXPECT_FALSE(BuildGrid(Halland(), 2040).ok());
}

TEST(GridTest, SameInputSameGrid) {
  auto a = BuildGrid(Halland(), 2024), b = BuildGrid(Halland(), 2024);
  ASSERT_EQ(a->cells.size(), b->cells.size());
  for (size_t i = 0; i < a->cells.size(); ++i) {
    EXPECT_EQ(a->cells[i].population, b->cells[i].population);
    EXPECT_EQ(a->cells[i].e, b->cells[i].e);
  }
}

TEST(GridTest, CellsAreWholeKilometresAndTheAgedAreTheMunicipalitysShare) {
  auto grid = BuildGrid(Halland(), 2024);
  sim::Population pop(1);
  double old = 0, all = 0;
  for (int age = 0; age < sim::kAges; ++age) {
    for (int sex = 0; sex < 2; ++sex) {
      all += pop.Value(5, 2024, age, sex);
      if (age >= 80) old += pop.Value(5, 2024, age, sex);
    }
  }
  for (const Cell& c : grid->cells) {
    EXPECT_EQ(c.e % 1000, 0);
    EXPECT_EQ(c.n % 1000, 0);
    if (c.municipality == 5) {
      EXPECT_NEAR(c.aged_80, c.population * old / all, 1e-9);
    }
  }
}

TEST(AccessTest, UnitsHaveTheirPositions) {
  auto sites = SitesOn(Config().tree, DaysFromCivil(2024, 1, 1), Proj());
  ASSERT_TRUE(sites.ok());
  int hc = 0, branches = 0;
  for (const Site& s : *sites) (s.branch ? branches : hc)++;
  EXPECT_EQ(hc, 47);  // SPEC §8, valid on 2024-01-01
  EXPECT_EQ(branches, 11);
}

TEST(AccessTest, CalibratedFactorIsTheConstant) {
  auto grid = BuildGrid(Halland(), 2022);
  auto sites = SitesOn(Config().tree, DaysFromCivil(2022, 7, 1), Proj());
  const Calibration c = CalibrateDetour(*grid, *sites);
  // The longest straight line, searched here over every populated cell and every
  // health centre without NearestStraight.
  double longest = 0, longest_care = 0;
  for (const Cell& cell : grid->cells) {
    if (cell.population < 1) continue;
    double near = 1e18, near_care = 1e18;
    for (const Site& s : *sites) {
      const double d = std::hypot(cell.Centre().e - s.plane.e, cell.Centre().n - s.plane.n) / 1000;
      near_care = std::min(near_care, d);
      if (!s.branch) near = std::min(near, d);
    }
    longest = std::max(longest, near);
    longest_care = std::max(longest_care, near_care);
  }
  EXPECT_NEAR(c.longest_straight_hc, longest, 1e-9);
  EXPECT_NEAR(c.longest_straight_care, longest_care, 1e-9);
  EXPECT_NEAR(c.factor * longest, 25, 1e-9);
  EXPECT_NEAR(c.factor, kDetourFactor, 0.005);
  // With the constant: the longest distances the coverage reports.
  const CoverageTable hc = ComputeCoverage(*grid, *sites, Reach::kHealthCentre);
  const CoverageTable care = ComputeCoverage(*grid, *sites, Reach::kCare);
  EXPECT_NEAR(hc.region.longest_km, 25, 0.15);
  EXPECT_NEAR(care.region.longest_km, kDetourFactor * longest_care, 1e-9);
  // The seed's second figure is not fitted, only checked: 19,4 km against its 21
  // (docs/geography.md).
  EXPECT_NEAR(care.region.longest_km, kSeedLongestCare, 2.0);
  std::printf("longest straight: health centre %.2f km, health centre or branch %.2f km; factor %.4f; "
              "by road with %.2f: %.1f and %.1f km\n",
              longest, longest_care, c.factor, kDetourFactor, hc.region.longest_km, care.region.longest_km);
}

TEST(AccessTest, CoverageOfAHandMadeGrid) {
  // Three cells in a row, 1 km apart, one health centre in the first and a branch in
  // the third; factor 2: road distances 0, 2, 4 km (health centre) and 0, 2, 0 km (care).
  Grid grid;
  grid.cells = {{0, 0, 0, 0, 100, 10}, {1000, 0, 0, 0, 50, 5}, {2000, 0, 1, 0, 30, 0}};
  std::vector<Site> sites(2);
  sites[0].plane = {500, 500};
  sites[1].plane = {2500, 500};
  sites[1].branch = true;
  const CoverageTable hc = ComputeCoverage(grid, sites, Reach::kHealthCentre, 2);
  EXPECT_DOUBLE_EQ(hc.region.residents, 180);
  EXPECT_DOUBLE_EQ(hc.region.within[0], 180);  // 5 km: everyone
  EXPECT_DOUBLE_EQ(hc.region.MeanKm(), (50 * 2 + 30 * 4) / 180.0);
  EXPECT_DOUBLE_EQ(hc.region.longest_km, 4);
  EXPECT_DOUBLE_EQ(hc.municipality[1].MeanKm(), 4);
  EXPECT_DOUBLE_EQ(hc.municipality[0].Share80(0), 1);
  const CoverageTable care = ComputeCoverage(grid, sites, Reach::kCare, 2);
  EXPECT_DOUBLE_EQ(care.region.MeanKm(), 50 * 2 / 180.0);
  const CoverageTable far = ComputeCoverage(grid, sites, Reach::kHealthCentre, 6);  // 0, 6, 12 km
  EXPECT_DOUBLE_EQ(far.region.Share(0), 100 / 180.0);
  EXPECT_DOUBLE_EQ(far.region.Share(1), 150 / 180.0);
  EXPECT_DOUBLE_EQ(far.region.Share80(0), 10 / 15.0);
}

}  // namespace
}  // namespace nara::geo
