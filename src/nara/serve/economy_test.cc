// The economy's routes on the example extract, each figure against a second
// computation: the summary against the engine's own economy indicators (the catalogue's
// expressions over the same ledger and forecasts), the capitation against the CSV
// files read line by line here, the what-if's base against the summary of the year.
// Every answer is also checked against the OpenAPI document.
#include <gtest/gtest.h>

#include <sstream>

#include "nara/serve/api_test_util.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

class EconomyApiTest : public FolderServerTest {
 protected:
  // The engine's value of `indicator` for `unit` in `period`.
  static double Engine(const std::string& indicator, const std::string& unit, const model::Period& period) {
    for (const follow::ScoreRow& r : direct_->follow->ForUnit(period, direct_->extract.tree.Find(unit))) {
      if (r.def->id == indicator) return r.cell.value;
    }
    ADD_FAILURE() << indicator << " is not on " << unit << "'s scorecard";
    return NAN;
  }
};

// The administration and each area: the deviation, the forecast deviation and the
// revenue and cost ratios are the engine's budget_deviation_ytd, forecast_deviation,
// revenue_development and cost_development; the areas add up to the administration.
TEST_F(EconomyApiTest, SummaryAgreesWithTheEnginesIndicators) {
  auto [status, j] = running_->Get("/api/economy?period=2024-T1");
  ASSERT_EQ(status, 200) << j.dump();
  EXPECT_EQ(j["through"], "2024-04");
  EXPECT_EQ(j["unit"]["id"], "nsh");
  ASSERT_GE(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][0]["level"], 0);
  const model::Period t1 = model::Period::Tertial(2024, 1);
  double children_actual = 0, children_budget = 0;
  for (const json& r : j["rows"]) {
    const std::string id = r["unit"]["id"];
    SCOPED_TRACE(id);
    EXPECT_NEAR(r["deviation_ytd"].get<double>(), Engine("budget_deviation_ytd", id, t1) * 1000, 0.15);
    EXPECT_NEAR(r["revenue_actual_ytd"].get<double>() / r["revenue_budget_ytd"].get<double>(),
                Engine("revenue_development", id, t1), 1e-4);
    EXPECT_NEAR(r["cost_actual_ytd"].get<double>() / r["cost_budget_ytd"].get<double>(),
                Engine("cost_development", id, t1), 1e-4);
    const double forecast = Engine("forecast_deviation", id, t1);
    if (std::isnan(forecast)) {
      EXPECT_TRUE(r["forecast_deviation"].is_null());
    } else {
      EXPECT_NEAR(r["forecast_deviation"].get<double>(), forecast * 1000, 0.15);
    }
    EXPECT_NEAR(r["deviation_ytd"].get<double>(),
                r["actual_ytd"].get<double>() - r["budget_ytd"].get<double>(), 0.11);
    if (r["level"] == 1) {
      children_actual += r["actual_ytd"].get<double>();
      children_budget += r["budget_ytd"].get<double>();
      EXPECT_TRUE(r["has_children"].get<bool>());
    }
  }
  EXPECT_NEAR(children_actual, j["rows"][0]["actual_ytd"].get<double>(), 0.1 * j["rows"].size());
  EXPECT_NEAR(children_budget, j["rows"][0]["budget_ytd"].get<double>(), 0.1 * j["rows"].size());
  // The months accumulate to the period's deviation; none after April.
  ASSERT_EQ(j["months"].size(), 12u);
  EXPECT_NEAR(j["months"][3]["deviation_accumulated"].get<double>(), j["rows"][0]["deviation_ytd"].get<double>(), 0.2);
  EXPECT_TRUE(j["months"][4]["actual"].is_null());
  // The accounts add up to the result; their names follow the language.
  double revenue = 0, cost = 0;
  for (const json& a : j["accounts"]) (a["kind"] == "revenue" ? revenue : cost) += a["actual_ytd"].get<double>();
  EXPECT_NEAR(revenue - cost, j["rows"][0]["actual_ytd"].get<double>(), 1.5);
  EXPECT_EQ(j["accounts"][4]["account"], "cost_staff");
  EXPECT_EQ(j["accounts"][4]["name"], "Personalkostnader");
  auto [s_en, en] = running_->Get("/api/economy?period=2024-T1&lang=en");
  ASSERT_EQ(s_en, 200);
  EXPECT_EQ(en["accounts"][4]["name"], "Staff");

  // Drilling into an area lists its units.
  auto [s_vch, vch] = running_->Get("/api/economy?period=2024-T1&unit=vch");
  ASSERT_EQ(s_vch, 200);
  EXPECT_EQ(vch["rows"][0]["unit"]["id"], "vch");
  EXPECT_GE(vch["rows"].size(), 3u);
  EXPECT_EQ(vch["rows"][1]["level"], 1);
  bool centre = false;
  for (const json& r : vch["rows"]) centre = centre || r["unit"]["kind"] == "health_centre";
  EXPECT_TRUE(centre);
}

// Computed capitation for Kungsbacka from listings.csv (the last row of each month
// × 3 651 / 12) and booked from ledger.csv, read here line by line.
TEST_F(EconomyApiTest, CapitationIsTheListingsTimesThePrice) {
  auto [status, j] = running_->Get("/api/economy/capitation?period=2024-T1&unit=vch");
  ASSERT_EQ(status, 200) << j.dump();
  EXPECT_EQ(j["price"], 3651);
  std::map<std::string, std::pair<std::string, double>> last;  // month → (date, care points)
  std::istringstream listings(Slurp(ExampleDir() + "/listings.csv"));
  for (std::string line; std::getline(listings, line);) {
    if (line.rfind("vc_kungsbacka,2024-0", 0) != 0) continue;
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
    const std::string month = f[1].substr(0, 7);
    if (month > "2024-04") continue;
    if (last[month].first <= f[1]) last[month] = {f[1], std::stod(f[3])};
  }
  ASSERT_EQ(last.size(), 4u);
  double computed = 0;
  for (const auto& [month, dated] : last) computed += dated.second * 3651 / 12;
  double booked = 0;
  std::istringstream ledger(Slurp(ExampleDir() + "/ledger.csv"));
  for (std::string line; std::getline(ledger, line);) {
    for (const char* m : {"2024-01", "2024-02", "2024-03", "2024-04"}) {
      const std::string head = std::string("vc_kungsbacka,") + m + ",revenue_capitation,actual,";
      if (line.rfind(head, 0) == 0) booked += std::stod(line.substr(head.size()));
    }
  }
  ASSERT_GT(booked, 0);
  bool found = false;
  double sum_computed = 0;
  for (const json& u : j["units"]) {
    sum_computed += u["computed"].get<double>();
    if (u["unit"]["id"] != "vc_kungsbacka") continue;
    found = true;
    EXPECT_NEAR(u["computed"].get<double>(), computed / 1000, 0.051);
    EXPECT_NEAR(u["booked"].get<double>(), booked / 1000, 0.051);
    EXPECT_NEAR(u["care_points"].get<double>(), last["2024-04"].second, 0.05);
    EXPECT_NEAR(u["difference_share"].get<double>(), (booked - computed) / computed, 1e-6);
  }
  EXPECT_TRUE(found);
  EXPECT_NEAR(j["total"]["computed"].get<double>(), sum_computed, 0.05 * j["units"].size() + 0.05);
  // Private health centres are not the administration's: none under vch.
  for (const json& u : j["units"]) EXPECT_EQ(u["unit"]["kind"], "health_centre");

  // A year without a price in economy.toml.
  auto [s2022, e2022] = running_->Get("/api/economy/capitation?period=2022-T1");
  EXPECT_EQ(s2022, 404);
  EXPECT_EQ(e2022["error"]["code"], "no_price");
}

// The configured models of 2025 side by side: their base is 2024's outcome as the
// summary of the whole year says; the administration is the sum of its areas.
TEST_F(EconomyApiTest, WhatIfComparesTheConfiguredModels) {
  auto [status, j] = running_->Get("/api/economy/whatif?year=2025");
  ASSERT_EQ(status, 200) << j.dump();
  EXPECT_EQ(j["base_year"], 2024);
  ASSERT_GE(j["models"].size(), 2u);
  auto [s_year, year] = running_->Get("/api/economy?period=2024");
  ASSERT_EQ(s_year, 200);
  EXPECT_NEAR(j["rows"][0]["base_result"].get<double>(), year["rows"][0]["actual_ytd"].get<double>(), 0.2);
  const size_t models = j["models"].size();
  std::vector<double> areas(models, 0);
  for (const json& r : j["rows"]) {
    ASSERT_EQ(r["results"].size(), models);
    if (r["level"] == 1) {
      for (size_t i = 0; i < models; ++i) areas[i] += r["results"][i].get<double>();
    }
  }
  for (size_t i = 0; i < models; ++i) EXPECT_NEAR(areas[i], j["rows"][0]["results"][i].get<double>(), 0.1 * j["rows"].size());
  EXPECT_NE(j["rows"][0]["results"][0], j["rows"][0]["results"][1]) << "the models differ";

  auto [s_none, none] = running_->Get("/api/economy/whatif?year=2031");
  EXPECT_EQ(s_none, 404);
  EXPECT_EQ(none["error"]["code"], "no_whatif_models");
  auto [s_bad, bad] = running_->Get("/api/economy/whatif?year=next");
  EXPECT_EQ(s_bad, 400);
}

}  // namespace
}  // namespace nara::serve
