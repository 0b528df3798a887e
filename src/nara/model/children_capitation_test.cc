#include "nara/model/children_capitation.h"

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

class TempConfig {
 public:
  explicit TempConfig(const std::string& text) {
    char tmpl[] = "/tmp/nara-children-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/economy.toml") << text;
  }
  ~TempConfig() { std::filesystem::remove_all(dir_); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// Two DeSo (risk 0,8 and 1,4) and two clinics, 1 200 kr a year (100 kr a month), half
// fixed. Clinic A: 30 children in DeSo 1, 10 in DeSo 2; clinic B: 10 and 30.
//   A: fixed 0,5 × 100 × 40 = 2 000; differentiated 0,5 × 100 × (30 × 0,8 + 10 × 1,4)
//      = 50 × 38 = 1 900; total 3 900
//   B: fixed 2 000; differentiated 50 × (10 × 0,8 + 30 × 1,4) = 50 × 50 = 2 500; 4 500
TEST(ChildrenCapitationTest, TwoClinicsTwoAreasByHand) {
  ChildrenDentalModel m;
  m.year = 2024;
  m.amount = 1200;
  m.fixed_share = 0.5;
  const ChildrenCapitation a = MonthlyChildrenCapitation(m, {{30, 0.8}, {10, 1.4}});
  const ChildrenCapitation b = MonthlyChildrenCapitation(m, {{10, 0.8}, {30, 1.4}});
  EXPECT_DOUBLE_EQ(a.fixed, 2000);
  EXPECT_DOUBLE_EQ(a.differentiated, 1900);
  EXPECT_DOUBLE_EQ(a.total(), 3900);
  EXPECT_DOUBLE_EQ(b.fixed, 2000);
  EXPECT_DOUBLE_EQ(b.differentiated, 2500);
  EXPECT_DOUBLE_EQ(b.total(), 4500);
  // Not differentiated: every child is paid the same.
  m.fixed_share = 1.0;
  EXPECT_DOUBLE_EQ(MonthlyChildrenCapitation(m, {{30, 0.8}, {10, 1.4}}).total(), 4000);
  EXPECT_DOUBLE_EQ(MonthlyChildrenCapitation(m, {}).total(), 0);
}

// When the children-weighted mean risk is 1, what the clinics are paid over a year is
// amount × children, however the children and risks are spread over them.
TEST(ChildrenCapitationTest, ClinicsSumToAmountTimesChildrenWhenTheMeanRiskIsOne) {
  ChildrenDentalModel m;
  m.amount = 1850;
  m.fixed_share = 0.5;
  // Three DeSo with 50, 30 and 20 children and risks 0,7, 1,2 and 1,45:
  // (50 × 0,7 + 30 × 1,2 + 20 × 1,45) / 100 = (35 + 36 + 29) / 100 = 1.
  const double risk[3] = {0.7, 1.2, 1.45};
  const int64_t clinic1[3] = {40, 5, 0}, clinic2[3] = {10, 25, 20};
  double paid = 0;
  for (const int64_t* clinic : {clinic1, clinic2}) {
    std::vector<AreaChildren> areas;
    for (int d = 0; d < 3; ++d) areas.push_back({clinic[d], risk[d]});
    paid += 12 * MonthlyChildrenCapitation(m, areas).total();
  }
  EXPECT_NEAR(paid, 1850.0 * 100, 1e-6);
  // And clinic 1, whose children live where risk is lower, gets less than its head count.
  std::vector<AreaChildren> one = {{40, 0.7}, {5, 1.2}};
  EXPECT_LT(12 * MonthlyChildrenCapitation(m, one).total(), 1850.0 * 45);
}

TEST(ChildrenCapitationTest, TheShippedConfigurationHasEveryPlanYear) {
  auto models = LoadChildrenDental(Source() + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  ASSERT_EQ(models->size(), 3u);
  EXPECT_EQ((*models)[0].year, 2022);
  EXPECT_DOUBLE_EQ((*models)[0].fixed_share, 1.0);  // before the DeSo model (seed 002)
  for (int year : {2023, 2024}) {
    const ChildrenDentalModel* m = ChildrenDentalFor(*models, year);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->year, year);
    EXPECT_DOUBLE_EQ(m->fixed_share, 0.5);  // "50 % … fast grundersättning"
    EXPECT_GT(m->amount, 0);
    EXPECT_FALSE(m->source.empty());
  }
  EXPECT_EQ(ChildrenDentalFor(*models, 2027)->year, 2024);  // carried forward
  EXPECT_EQ(ChildrenDentalFor(*models, 2021), nullptr);
}

TEST(ChildrenCapitationTest, LoaderNamesThePlaceOfAProblem) {
  struct Case {
    const char* text;
    StatusCode code;
    const char* says;
  } cases[] = {
      {"[[capitation]]\nyear = 2024\nbase = 1\n", StatusCode::kNotFound, "no [[children_dental]] years"},
      {"[[children_dental]]\nyear = 2024\n", StatusCode::kDataError, ":1:1: amount must be"},
      {"[[children_dental]]\nyear = 2024\namount = 10\nfixed_share = 1.5\n", StatusCode::kDataError,
       ":4:15: fixed_share must lie within 0..1"},
      {"[[children_dental]]\nyear = 2024\namount = 10\nshare = 0.5\n", StatusCode::kDataError,
       ":4:9: unknown key 'share'"},
      {"[[children_dental]]\nyear = 2024\namount = 10\n[[children_dental]]\nyear = 2024\namount = 11\n",
       StatusCode::kDataError, ":4:1: year 2024 twice"},
      {"[[children_dental]]\namount = 10\n", StatusCode::kDataError, "year must be a year"},
      {"[[children_dental]\n", StatusCode::kDataError, "economy.toml:1:"},
  };
  for (const Case& c : cases) {
    TempConfig config(c.text);
    auto models = LoadChildrenDental(config.dir());
    ASSERT_FALSE(models.ok()) << c.text;
    EXPECT_EQ(models.status().code(), c.code) << c.text;
    EXPECT_NE(models.status().message().find(c.says), std::string::npos) << models.status().message();
  }
  EXPECT_EQ(LoadChildrenDental("/nonexistent").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace nara::model
