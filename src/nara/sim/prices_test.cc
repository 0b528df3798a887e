// The synthetic Halland's ledger books capitation at the price the configuration
// builds (data/halland/economy.toml, model/prices.h) in the years the seeds give it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "nara/model/prices.h"
#include "nara/sim/region.h"

namespace nara::sim {
namespace {

TEST(SimulatedPricesTest, TheLedgersPriceIsTheConfiguredOne) {
  const char* source = std::getenv("NARA_SOURCE_DIR");
  auto models = model::LoadPrices(std::string(source ? source : ".") + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  const Calibration cal{};
  for (const model::PriceModel& m : *models) {
    EXPECT_DOUBLE_EQ(cal.CapitationPrice(m.year), model::BuildPrice(m).price) << m.year;
  }
  EXPECT_EQ(models->size(), 2u);
}

// The ledger books the configuration's price (simulate.cc hands economy.toml's years to
// the region), and the calibration's only for a year the configuration has no price for.
TEST(SimulatedPricesTest, TheRegionBooksTheConfiguredModel) {
  const char* source = std::getenv("NARA_SOURCE_DIR");
  auto models = model::LoadPrices(std::string(source ? source : ".") + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  Region region;
  region.capitation = *models;
  EXPECT_DOUBLE_EQ(region.CapitationPrice(2024), 3651);
  EXPECT_DOUBLE_EQ(region.CapitationPrice(2022), Calibration{}.CapitationPrice(2022));
  region.capitation.back().additions.push_back({"Ny uppgift", 0, 49});
  EXPECT_DOUBLE_EQ(region.CapitationPrice(2024), 3700) << "a changed model changes what is booked";
}

}  // namespace
}  // namespace nara::sim
