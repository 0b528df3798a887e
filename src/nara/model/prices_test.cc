#include "nara/model/prices.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace nara::model {
namespace {

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

// A folder holding one economy.toml, removed afterwards.
class TempConfig {
 public:
  explicit TempConfig(const std::string& text) {
    char tmpl[] = "/tmp/nara-prices-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/economy.toml") << text;
  }
  ~TempConfig() { std::filesystem::remove_all(dir_); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// Seed 002: 3 472 kr raised by 4,6 + 1,0 − 1,5 % and rounded up, plus 7 + 11 + 18 kr,
// is the decided 3 651 kr per care point.
TEST(PricesTest, TheShippedBuildUpGivesTheDecidedPrice) {
  auto models = LoadPrices(Source() + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  const PriceModel* y2024 = FindPrice(*models, 2024);
  ASSERT_NE(y2024, nullptr);
  const PriceBuildUp b = BuildPrice(*y2024);
  EXPECT_DOUBLE_EQ(b.price, 3651.0);
  // By hand: 3 472 × 1,041 = 3 614,352; up to 3 615 (+0,648); + 36.
  ASSERT_EQ(b.lines.size(), 1u + 3u + 1u + 1u + 3u + 1u);
  EXPECT_EQ(b.lines[0].kind, PriceLine::Kind::kBase);
  EXPECT_DOUBLE_EQ(b.lines[0].amount, 3472.0);
  EXPECT_NEAR(b.lines[1].amount, 159.712, 1e-9);
  EXPECT_NEAR(b.lines[2].amount, 34.72, 1e-9);
  EXPECT_NEAR(b.lines[3].amount, -52.08, 1e-9);
  EXPECT_EQ(b.lines[4].kind, PriceLine::Kind::kSubtotal);
  EXPECT_NEAR(b.lines[4].amount, 3614.352, 1e-9);
  EXPECT_EQ(b.lines[5].kind, PriceLine::Kind::kRounding);
  EXPECT_NEAR(b.lines[5].amount, 0.648, 1e-9);
  EXPECT_EQ(b.lines[6].name, "Röntgen i standardiserat vårdförlopp för bröstcancer");
  EXPECT_EQ(b.lines.back().kind, PriceLine::Kind::kPrice);
  const PriceModel* y2023 = FindPrice(*models, 2023);
  ASSERT_NE(y2023, nullptr);
  EXPECT_DOUBLE_EQ(BuildPrice(*y2023).price, 3472.0);
  EXPECT_EQ(FindPrice(*models, 2019), nullptr);
}

TEST(PricesTest, RoundingIsConfigured) {
  PriceModel m;
  m.year = 2024;
  m.base = 3472;
  m.factors = {{"a", 4.1, 0}};
  m.additions = {{"b", 0, 36}};
  m.rounding = PriceRounding::kNearest;
  EXPECT_DOUBLE_EQ(BuildPrice(m).price, 3614.0 + 36.0);
  m.rounding = PriceRounding::kNone;
  EXPECT_NEAR(BuildPrice(m).price, 3614.352 + 36.0, 1e-9);
  m.rounding = PriceRounding::kUp;
  m.factors.clear();
  m.base = 3500;
  EXPECT_DOUBLE_EQ(BuildPrice(m).price, 3536.0) << "a whole price is not rounded up further";
}

TEST(PricesTest, ProblemsNameTheirPlace) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"[[capitation]]\nyear = 2024\n", "base"},
           {"[[capitation]]\nyear = 2024\nbase = 3472\nrounding = \"down\"\n", "rounding"},
           {"[[capitation]]\nyear = 2024\nbase = 3472\nfactors = [{ name = \"x\" }]\n", "factors"},
           {"[[capitation]]\nyear = 2024\nbase = 3472\nprice = 3\n", "unknown key 'price'"},
           {"[[capitation]]\nyear = 2024\nbase = 1\n[[capitation]]\nyear = 2024\nbase = 1\n", "twice"},
           {"[[capitation]]\nyear = 2023\nbase = 3000\n[[capitation]]\nyear = 2024\nbase = 3472\n",
            "is not 2023's price"},
           {"[[capitation]\n", "economy.toml:1:"},
       }) {
    TempConfig dir(c.text);
    auto models = LoadPrices(dir.dir());
    ASSERT_FALSE(models.ok()) << c.text;
    EXPECT_EQ(models.status().code(), StatusCode::kDataError) << c.text;
    EXPECT_NE(models.status().message().find(c.says), std::string::npos) << models.status().message();
    EXPECT_NE(models.status().message().find("economy.toml:"), std::string::npos) << models.status().message();
  }
  EXPECT_EQ(LoadPrices("/nonexistent").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace nara::model
