// The economy's figures on a region small enough to add up by hand: an administration
// with two areas; area A has a health centre (with a branch) and a service, area B a
// dental clinic. Every expected figure below is written out from the rows.
#include "nara/follow/economy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "nara/follow/whatif.h"
#include "nara/ingest/contract.h"

namespace nara::follow {
namespace {

model::UnitVersion Unit(std::string id, std::string parent, model::UnitKind kind, int municipality = 0) {
  model::UnitVersion v;
  v.id = std::move(id);
  v.name = v.id;
  v.parent_id = std::move(parent);
  v.kind = kind;
  v.municipality = municipality;
  return v;
}

class EconomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using K = model::UnitKind;
    auto built = model::OrgTree::Build({Unit("region", "", K::kRegion), Unit("adm", "region", K::kAdministration),
                                        Unit("area_a", "adm", K::kArea), Unit("area_b", "adm", K::kArea),
                                        Unit("vc", "area_a", K::kHealthCentre, 1384),
                                        Unit("vc_branch", "vc", K::kBranch, 1384),
                                        Unit("service", "area_a", K::kService),
                                        Unit("dental", "area_b", K::kDentalClinic, 1380)});
    ASSERT_TRUE(built.ok()) << built.status().message();
    tree_ = std::move(built).value();
    ledger_ = engine::Table::Empty(*ingest::FindContractTable("ledger"));
    forecasts_ = engine::Table::Empty(*ingest::FindContractTable("forecasts"));
    listings_ = engine::Table::Empty(*ingest::FindContractTable("listings"));
    staff_ = engine::Table::Empty(*ingest::FindContractTable("staff"));
  }

  int U(const char* id) const { return tree_.Find(id); }

  void Book(const char* unit, int year, int month, const char* account, const char* scenario, double sek) {
    const engine::TableSchema& s = *ledger_.schema;
    Push(ledger_, "unit_id", U(unit));
    Push(ledger_, "month", MakeMonth(year, month));
    ledger_.columns[static_cast<size_t>(s.Find("account"))].u8.push_back(
        static_cast<uint8_t>(s.columns[static_cast<size_t>(s.Find("account"))].EnumIndex(account)));
    ledger_.columns[static_cast<size_t>(s.Find("scenario"))].u8.push_back(
        static_cast<uint8_t>(s.columns[static_cast<size_t>(s.Find("scenario"))].EnumIndex(scenario)));
    ledger_.columns[static_cast<size_t>(s.Find("amount_sek"))].f64.push_back(sek);
    ++ledger_.rows;
  }
  void Forecast(const char* unit, int made_year, int made_month, int year, double sek) {
    Push(forecasts_, "unit_id", U(unit));
    Push(forecasts_, "made_in", MakeMonth(made_year, made_month));
    Push(forecasts_, "year", year);
    forecasts_.columns[static_cast<size_t>(forecasts_.schema->Find("result_sek"))].f64.push_back(sek);
    ++forecasts_.rows;
  }
  void List(const char* unit, int year, int month, int day, double care_points) {
    Push(listings_, "unit_id", U(unit));
    Push(listings_, "date", DaysFromCivil(year, month, day));
    listings_.columns[static_cast<size_t>(listings_.schema->Find("listed"))].i64.push_back(1000);
    listings_.columns[static_cast<size_t>(listings_.schema->Find("care_points"))].f64.push_back(care_points);
    ++listings_.rows;
  }
  void Employ(const char* unit, int year, int month, int count) {
    for (int i = 0; i < count; ++i) {
      const engine::TableSchema& s = *staff_.schema;
      for (size_t c = 0; c < s.columns.size(); ++c) {
        engine::Column& col = staff_.columns[c];
        const std::string& name = s.columns[c].name;
        switch (col.type) {
          case engine::ColumnType::kUnit: col.i32.push_back(U(unit)); break;
          case engine::ColumnType::kMonth: col.i32.push_back(MakeMonth(year, month)); break;
          case engine::ColumnType::kText: col.i32.push_back(engine::kNullText); break;
          case engine::ColumnType::kBool:
          case engine::ColumnType::kEnum: col.u8.push_back(name == "leave_reason" ? engine::kNullU8 : 0); break;
          case engine::ColumnType::kReal: col.f64.push_back(0); break;
          case engine::ColumnType::kInt:
          case engine::ColumnType::kInstant: col.i64.push_back(0); break;
          default: col.i32.push_back(2000); break;
        }
      }
      ++staff_.rows;
    }
  }
  engine::Dataset Data() const {
    engine::Dataset d;
    d.tables.emplace("ledger", ledger_);
    d.tables.emplace("forecasts", forecasts_);
    d.tables.emplace("listings", listings_);
    d.tables.emplace("staff", staff_);
    return d;
  }

  static void Push(engine::Table& t, const char* column, int32_t v) {
    t.columns[static_cast<size_t>(t.schema->Find(column))].i32.push_back(v);
  }

  model::OrgTree tree_;
  engine::Table ledger_, forecasts_, listings_, staff_;
};

// Budget, outcome and forecast of the administration and its areas, its months and
// accounts, January through February.
TEST_F(EconomyTest, SummaryAddsUpTheUnitsWithin) {
  for (int m = 1; m <= 12; ++m) {
    Book("vc", 2024, m, "revenue_capitation", "budget", 1000);
    Book("vc", 2024, m, "cost_staff", "budget", 800);
    Book("dental", 2024, m, "revenue_fees", "budget", 500);
    Book("dental", 2024, m, "cost_staff", "budget", 450);
  }
  Book("vc", 2024, 1, "revenue_capitation", "actual", 1100);
  Book("vc", 2024, 1, "cost_staff", "actual", 850);
  Book("vc", 2024, 2, "revenue_capitation", "actual", 990);
  Book("vc", 2024, 2, "cost_agency_doctor", "actual", 30);
  Book("vc", 2024, 2, "cost_staff", "actual", 790);
  Book("service", 2024, 2, "cost_supplies", "actual", 25);  // no budget at all
  Book("dental", 2024, 1, "revenue_fees", "actual", 480);
  Book("dental", 2024, 1, "cost_staff", "actual", 450);
  Book("dental", 2024, 3, "revenue_fees", "actual", 9999);  // after `through`
  Book("vc", 2023, 12, "revenue_capitation", "actual", 7777);  // the year before
  Forecast("vc", 2024, 2, 2024, 2500);
  Forecast("vc", 2024, 1, 2024, 2300);   // an older one of the same unit
  Forecast("dental", 2024, 2, 2024, 560);
  Forecast("dental", 2024, 3, 2024, 9999);  // made after `through`
  Forecast("vc", 2024, 2, 2025, 9999);      // for another year

  auto s = Summarize(Data(), tree_, U("adm"), 2024, MakeMonth(2024, 2));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->rows.size(), 3u);
  const EconomyRow& adm = s->rows[0];
  EXPECT_EQ(adm.unit, U("adm"));
  EXPECT_TRUE(adm.has_children);
  EXPECT_DOUBLE_EQ(adm.budget_year, 12 * (1000 - 800) + 12 * (500 - 450));  // 3 000
  EXPECT_DOUBLE_EQ(adm.budget_ytd, 2 * 200 + 2 * 50);                          // 500
  // Outcome: vc (1100 − 850) + (990 − 30 − 790), service −25, dental 480 − 450.
  EXPECT_DOUBLE_EQ(adm.actual_ytd, 250 + 170 - 25 + 30);  // 425
  EXPECT_DOUBLE_EQ(adm.deviation_ytd(), -75);
  EXPECT_DOUBLE_EQ(adm.revenue_actual_ytd, 1100 + 990 + 480);
  EXPECT_DOUBLE_EQ(adm.cost_actual_ytd, 850 + 30 + 790 + 25 + 450);
  ASSERT_TRUE(adm.forecast.has_value());
  EXPECT_DOUBLE_EQ(*adm.forecast, 2500 + 560);
  EXPECT_EQ(adm.forecast_made_in, MakeMonth(2024, 2));

  const EconomyRow& a = s->rows[1];
  EXPECT_EQ(a.unit, U("area_a"));
  EXPECT_EQ(a.level, 1);
  EXPECT_TRUE(a.has_children);
  EXPECT_DOUBLE_EQ(a.budget_ytd, 400);
  EXPECT_DOUBLE_EQ(a.actual_ytd, 250 + 170 - 25);
  EXPECT_DOUBLE_EQ(*a.forecast, 2500);
  const EconomyRow& b = s->rows[2];
  EXPECT_EQ(b.unit, U("area_b"));
  EXPECT_DOUBLE_EQ(b.actual_ytd, 30);
  EXPECT_DOUBLE_EQ(*b.forecast, 560);

  ASSERT_EQ(s->months.size(), 12u);
  EXPECT_DOUBLE_EQ(s->months[0].budget, 250);
  EXPECT_DOUBLE_EQ(*s->months[0].actual, 250 + 30);
  EXPECT_DOUBLE_EQ(*s->months[0].deviation_accumulated, 30);
  EXPECT_DOUBLE_EQ(*s->months[1].actual, 170 - 25);
  EXPECT_DOUBLE_EQ(*s->months[1].deviation_accumulated, 30 + (145 - 250));
  EXPECT_FALSE(s->months[2].actual.has_value());  // after `through`
  EXPECT_DOUBLE_EQ(*s->months[0].forecast, 2300);  // only vc's January forecast by then
  EXPECT_DOUBLE_EQ(*s->months[1].forecast, 3060);
  EXPECT_FALSE(s->months[2].forecast.has_value());

  ASSERT_EQ(s->accounts.size(), LedgerAccounts().size());
  EXPECT_EQ(s->accounts[0].account, "revenue_capitation");
  EXPECT_DOUBLE_EQ(s->accounts[0].budget_ytd, 2000);
  EXPECT_DOUBLE_EQ(s->accounts[0].actual_ytd, 2090);
  EXPECT_DOUBLE_EQ(s->accounts[5].actual_ytd, 30);  // cost_agency_doctor
  EXPECT_FALSE(s->accounts[5].revenue);

  // An area's own summary lists its units; a unit has no children with ledger rows.
  auto area = Summarize(Data(), tree_, U("area_a"), 2024, MakeMonth(2024, 2));
  ASSERT_TRUE(area.ok());
  ASSERT_EQ(area->rows.size(), 3u);
  EXPECT_EQ(area->rows[1].unit, U("vc"));
  EXPECT_FALSE(area->rows[1].has_children);
  EXPECT_EQ(area->rows[2].unit, U("service"));
  EXPECT_DOUBLE_EQ(area->rows[2].actual_ytd, -25);
  EXPECT_FALSE(area->rows[2].forecast.has_value());
}

// Computed capitation = the centre's and its branch's care points of each month's last
// listing row × price / 12, beside what the ledger booked.
TEST_F(EconomyTest, ComputedAgainstBookedCapitation) {
  List("vc", 2024, 1, 15, 999);  // replaced by the month's later row
  List("vc", 2024, 1, 31, 1200);
  List("vc_branch", 2024, 1, 31, 300);
  List("vc", 2024, 2, 29, 1212);
  List("vc_branch", 2024, 2, 29, 288);
  List("vc", 2024, 3, 31, 5000);  // after `through`
  Book("vc", 2024, 1, "revenue_capitation", "actual", 456375);
  Book("vc", 2024, 2, "revenue_capitation", "actual", 456000);
  Book("vc", 2024, 2, "revenue_capitation", "budget", 1);       // a budget row: not booked
  Book("dental", 2024, 1, "revenue_capitation", "actual", 777);  // not a health centre

  auto c = CheckCapitation(Data(), tree_, U("adm"), 2024, MakeMonth(2024, 2), 3651);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->units.size(), 1u);
  const CapitationRow& vc = c->units[0];
  EXPECT_EQ(vc.unit, U("vc"));
  EXPECT_DOUBLE_EQ(vc.care_points, 1500);
  EXPECT_NEAR(vc.computed, 1500 * 3651 / 12.0 * 2, 1e-6);  // 912 750
  EXPECT_DOUBLE_EQ(vc.booked, 912375);
  EXPECT_NEAR(vc.difference(), -375, 1e-6);
  EXPECT_NEAR(c->computed, 912750, 1e-6);

  auto b = CheckCapitation(Data(), tree_, U("area_b"), 2024, MakeMonth(2024, 2), 3651);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->units.empty());
}

// Two price models on the same base: the health centre's capitation follows the
// price and its municipality's listing change; the other accounts the model's
// percentages; the staff change and the agency stop as written in whatif.h.
TEST_F(EconomyTest, WhatIfComparesPriceModels) {
  for (int m = 1; m <= 12; ++m) {
    Book("vc", 2024, m, "revenue_capitation", "actual", 100000);
    Book("vc", 2024, m, "cost_staff", "actual", 60000);
    Book("vc", 2024, m, "cost_agency_doctor", "actual", 5000);
    Book("dental", 2024, m, "revenue_fees", "actual", 20000);
    Book("dental", 2024, m, "cost_premises", "actual", 10000);
    Employ("vc", 2024, m, 10);
    Employ("dental", 2024, m, 5);
  }
  List("vc", 2024, 12, 31, 300);
  List("vc_branch", 2024, 12, 31, 100);

  model::WhatIfModel index;
  index.id = "index";
  index.year = 2025;
  index.price.factors = {{"Index", 3.0, 0}};
  index.price.rounding = model::PriceRounding::kUp;
  index.listing[1384] = -2.0;
  index.cost_index = 2.0;
  index.fees = 3.2;
  model::WhatIfModel flat = index;
  flat.id = "flat";
  flat.price.base = 4000;
  flat.price.factors.clear();
  flat.staff_change = -3;
  flat.agency_stop = true;
  model::PriceModel p2024;
  p2024.year = 2024;
  p2024.base = 3651;

  auto w = CompareWhatIf(Data(), tree_, U("adm"), {p2024}, {index, flat});
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->base_year, 2024);
  ASSERT_EQ(w->prices.size(), 2u);
  EXPECT_DOUBLE_EQ(w->prices[0], 3761);  // 3 651 × 1,03 = 3 760,53, rounded up
  EXPECT_DOUBLE_EQ(w->prices[1], 4000);
  // adm, area_a, vc, area_b, dental
  ASSERT_EQ(w->rows.size(), 5u);
  EXPECT_EQ(w->rows[2].unit, U("vc"));
  EXPECT_EQ(w->rows[2].level, 2);
  const double points = 400 * (1 - 2.0 / 200);  // 396
  // index: revenue 396 × 3 761; costs (720 000 + 60 000) × 1,02.
  EXPECT_NEAR(w->rows[2].revenues[0], points * 3761, 1e-6);
  EXPECT_NEAR(w->rows[2].results[0], points * 3761 - 780000 * 1.02, 1e-6);
  // flat: agency stopped (60 000 × 1,02 → 0,6 of it as own staff), 3 fewer employees
  // spread by December headcount (vc 10 of 15) at vc's cost per employee
  // (720 000 × 1,02 / 10).
  const double staff = 720000 * 1.02 + 0.6 * 60000 * 1.02 - 3 * (10.0 / 15) * (720000 * 1.02 / 10);
  EXPECT_NEAR(w->rows[2].results[1], points * 4000 - staff, 1e-6);
  const double dental_index = 240000 * 1.032 - 120000 * 1.02;
  EXPECT_NEAR(w->rows[4].results[0], dental_index, 1e-6);
  const double dental_flat = dental_index + 3 * (5.0 / 15) * (0 / 5.0);  // no staff cost booked
  EXPECT_NEAR(w->rows[4].results[1], dental_flat, 1e-6);
  EXPECT_DOUBLE_EQ(w->rows[2].base_result, 1200000 - 780000);
  EXPECT_NEAR(w->rows[0].results[0], w->rows[2].results[0] + w->rows[4].results[0], 1e-6);
  EXPECT_NEAR(w->rows[1].results[1], w->rows[2].results[1], 1e-6);

  // Models of different years are not compared.
  model::WhatIfModel later = index;
  later.year = 2026;
  EXPECT_FALSE(CompareWhatIf(Data(), tree_, U("adm"), {p2024}, {index, later}).ok());
}

// A model file: every key read, and its mistakes named with their place.
TEST(WhatIfModelTest, FileIsReadWithItsPlaces) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("nara-whatif-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "whatif");
  {
    std::ofstream(dir / "whatif" / "a.toml") << "name = \"Index\"\nyear = 2025\ncost_index = 3\nfees = 3.2\n"
                                                "staff_change = -6\nagency_stop = true\n"
                                                "[price]\nrounding = \"up\"\nfactors = [{ name = \"Index\", percent = 3.0 }]\n"
                                                "[listing]\n1384 = -0.5\n1380 = 1\n";
    std::ofstream(dir / "whatif" / "b.toml") << "year = 2026\n";
    std::ofstream(dir / "bad.toml") << "year = 2025\ncost_idx = 3\n";
    std::ofstream(dir / "bad2.toml") << "year = 2025\n[listing]\nKungsbacka = 1\n";
  }
  auto models = model::LoadWhatIfModels(dir.string(), 2025);
  ASSERT_TRUE(models.ok()) << models.status().message();
  ASSERT_EQ(models->size(), 1u);
  const model::WhatIfModel& m = (*models)[0];
  EXPECT_EQ(m.id, "a");
  EXPECT_EQ(m.name, "Index");
  EXPECT_DOUBLE_EQ(m.cost_index, 3);
  EXPECT_DOUBLE_EQ(m.fees, 3.2);
  EXPECT_DOUBLE_EQ(m.staff_change, -6);
  EXPECT_TRUE(m.agency_stop);
  EXPECT_DOUBLE_EQ(m.price.base, 0);
  ASSERT_EQ(m.price.factors.size(), 1u);
  EXPECT_DOUBLE_EQ(m.listing.at(1384), -0.5);
  EXPECT_DOUBLE_EQ(m.listing.at(1380), 1);
  auto bad = model::LoadWhatIfModel((dir / "bad.toml").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.toml:2:"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("cost_idx"), std::string::npos);
  auto bad2 = model::LoadWhatIfModel((dir / "bad2.toml").string());
  ASSERT_FALSE(bad2.ok());
  EXPECT_NE(bad2.status().message().find("bad2.toml:3:"), std::string::npos) << bad2.status().message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nara::follow
