// The synthetic Halland against the calibration figures of SPEC §8: a full
// 2022–2024 run at scale 1 for the default seed and two others, read back with
// nara's reader and evaluated with the catalogue's definitions (sim::Fidelity).
// Counts must lie within ±3 %, shares within ±1.5 percentage points; the median
// chat wait within ±10 % and the agency cost share below 2 %. The care-guarantee
// shares come out of the queues, so this is the test of the calibration of the
// model's inputs (capacity against demand).
//
// One run takes about 6 s in the debug build and its evaluation (reading 730 MB of
// extracts with every contract check, then the engine) about 35 s; each seed is its
// own test so ctest can run them side by side. Under AddressSanitizer only the
// default seed runs (about 2.5 minutes).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "nara/sim/simulate.h"

namespace nara::sim {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

const model::Config& Halland() {
  static const model::Config config = [] {
    std::vector<model::Problem> problems;
    model::Config c = model::LoadConfig(SourceDir() + "/data/halland", &problems);
    for (const model::Problem& p : problems) ADD_FAILURE() << p.ToString();
    return c;
  }();
  return config;
}

// The tolerance rules themselves, independent of any run.
TEST(SimFidelity, TolerancesAreTheIssuesOnes) {
  EXPECT_TRUE(WithinTolerance(FigureKind::kCount, 1000, 1030));
  EXPECT_FALSE(WithinTolerance(FigureKind::kCount, 1000, 1031));
  EXPECT_TRUE(WithinTolerance(FigureKind::kCount, -340, -330));
  EXPECT_TRUE(WithinTolerance(FigureKind::kShare, 92.0, 90.5));
  EXPECT_FALSE(WithinTolerance(FigureKind::kShare, 92.0, 90.4));
  EXPECT_FALSE(WithinTolerance(FigureKind::kShare, 92.0, NAN));
  EXPECT_TRUE(WithinTolerance(FigureKind::kMinutes, 11.0, 12.1));
  EXPECT_FALSE(WithinTolerance(FigureKind::kMinutes, 11.0, 12.2));
  EXPECT_TRUE(WithinTolerance(FigureKind::kBelow, 2.0, 1.9));
  EXPECT_FALSE(WithinTolerance(FigureKind::kBelow, 2.0, 2.0));
}

void CheckSeed(uint64_t seed) {
  const fs::path dir = fs::temp_directory_path() / ("nara_sim_fidelity_" + std::to_string(seed) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  SimOptions options;  // 2022–2024, scale 1: the embedded default
  options.seed = seed;
  ASSERT_TRUE(Simulate(Halland(), options, dir.string(), nullptr).ok());
  auto rows = Fidelity(Halland(), dir.string(), options.first_year, options.last_year);
  fs::remove_all(dir);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::set<std::string> figures;
  for (const FidelityRow& r : *rows) {
    figures.insert(r.figure);
    ASSERT_TRUE(std::isfinite(r.simulated)) << r.figure;
    switch (r.kind) {
      case FigureKind::kCount:
        EXPECT_LE(std::fabs(r.simulated - r.seed), 0.03 * std::fabs(r.seed))
            << r.figure << ": seed " << r.seed << ", simulated " << r.simulated << " (seed " << seed << ")";
        break;
      case FigureKind::kShare:
        EXPECT_LE(std::fabs(r.simulated - r.seed), 1.5) << r.figure << ": seed " << r.seed << " %, simulated "
                                                        << r.simulated << " % (seed " << seed << ")";
        break;
      case FigureKind::kMinutes:
        EXPECT_LE(std::fabs(r.simulated - r.seed), 0.10 * r.seed)
            << r.figure << ": seed " << r.seed << " min, simulated " << r.simulated << " (seed " << seed
            << ")";
        break;
      case FigureKind::kBelow:
        EXPECT_LT(r.simulated, r.seed) << r.figure << " (seed " << seed << ")";
        break;
    }
    EXPECT_EQ(r.ok, WithinTolerance(r.kind, r.seed, r.simulated)) << r.figure;
  }
  // The figures the queues produce are all there.
  for (const char* figure :
       {"phone contact same day, autumn 2022 (T3), all providers",
        "phone contact same day 2023, Vårdcentralen Halland",
        "medical assessment within 3 days 2022, all providers",
        "medical assessment within 3 days Dec 2022–Nov 2023, Vårdcentralen Halland",
        "median chat wait 2023 (min), Vårdcentralen Halland", "dental exams on time 2023, children",
        "dental exams on time 2023, adults", "visits at health centres 2022, all providers",
        "visits incl. distance 2024, Vårdcentralen Halland",
        "chats and video started 2023, Vårdcentralen Halland", "aged 80+, 2023"}) {
    EXPECT_EQ(figures.count(figure), 1u) << figure;
  }
}

// Under AddressSanitizer a run and its evaluation take minutes; the sanitizer suite
// checks the default seed (the same code paths) and the debug suite all three.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

TEST(SimFidelity, DefaultSeed) { CheckSeed(1); }
TEST(SimFidelity, Seed2) {
  if (kSanitized) GTEST_SKIP() << "calibration of other seeds is checked by the debug suite";
  CheckSeed(2);
}
TEST(SimFidelity, Seed3) {
  if (kSanitized) GTEST_SKIP() << "calibration of other seeds is checked by the debug suite";
  CheckSeed(3);
}


// The backcast (issue 17, docs/planning.md): the queues' capacity calibrated on 2022
// alone (Levers::calibration_year), 2023 run with the known population, listing,
// staffing and chat demand, and compared with the seed's 2023 outcomes. The tolerance
// is what the model honestly holds, not the calibration's: measured with seed 1 the
// shares miss by −4,3 (phone), −2,0 (assessment), −0,1 (children's dental) and +8,6
// percentage points (adults' dental: 2023's shortage of dentists is not in 2022's
// calibration), chats by −0,7 % and the median chat wait by −6,7 %.
TEST(SimBackcast, CalibratedOn2022Alone) {
  if (kSanitized) GTEST_SKIP() << "a run at scale 1 takes minutes under the sanitizer; the debug suite runs it";
  auto rows = Backcast(Halland());
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 6u);
  for (const BackcastRow& r : *rows) {
    EXPECT_TRUE(r.Held()) << r.row.figure << ": seed " << r.row.seed << ", backcast " << r.row.simulated
                          << ", tolerance " << r.tolerance;
  }
}

}  // namespace
}  // namespace nara::sim
