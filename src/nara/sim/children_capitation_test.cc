// Contract v1.1 in the synthetic Halland: the children's dental capitation the ledger
// books is the configured model (model/children_capitation.h) applied to the
// simulated caries_risk and dental_children tables, and Folktandvården's clinical
// time lands where seed 004 says it does (not reached on every clinic).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "nara/model/children_capitation.h"
#include "nara/model/config.h"
#include "nara/sim/region.h"
#include "nara/sim/simulate.h"

namespace nara::sim {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// The rows of a simulated CSV file as fields, by the header's column names (read here
// with a plain split, not nara's reader: the simulator writes no quotes in these).
std::vector<std::map<std::string, std::string>> Rows(const std::string& dir, const std::string& table) {
  std::ifstream in(fs::path(dir) / (table + ".csv"));
  auto split = [](const std::string& line) {
    std::vector<std::string> out;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ',');) out.push_back(f);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

class SimulatedDentalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<model::Problem> problems;
    config_ = new model::Config(model::LoadConfig(SourceDir() + "/data/halland", &problems));
    for (const model::Problem& p : problems) ADD_FAILURE() << p.ToString();
    dir_ = new std::string((fs::temp_directory_path() / ("nara_sim_dental-" + std::to_string(::getpid()))).string());
    SimOptions options;
    options.scale = 0.05;
    ASSERT_TRUE(Simulate(*config_, options, *dir_, nullptr).ok());
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete config_;
  }
  static model::Config* config_;
  static std::string* dir_;
};
model::Config* SimulatedDentalTest::config_ = nullptr;
std::string* SimulatedDentalTest::dir_ = nullptr;

TEST_F(SimulatedDentalTest, BookedChildrenCapitationIsTheModelOfTheTables) {
  auto models = model::LoadChildrenDental(SourceDir() + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  // Risk by DeSo and year; children by clinic and month.
  std::map<std::pair<std::string, int>, double> risk;
  std::map<int, int> deso_per_municipality;
  for (const auto& row : Rows(*dir_, "caries_risk")) {
    risk[{row.at("deso"), std::stoi(row.at("year"))}] = std::stod(row.at("relative_risk"));
    const std::string& code = row.at("deso");
    ASSERT_EQ(code.size(), 9u) << code;
    EXPECT_EQ(code.substr(0, 4), row.at("municipality_code")) << code;
    EXPECT_NE(std::string("ABC").find(code[4]), std::string::npos) << code;
    if (row.at("year") == "2024") ++deso_per_municipality[std::stoi(row.at("municipality_code"))];
  }
  EXPECT_EQ(deso_per_municipality.size(), 6u);
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> clinic_month;  // Σ children, Σ c × risk
  std::map<int, std::pair<double, double>> year_children;                                  // Σ children, Σ c × risk
  for (const auto& row : Rows(*dir_, "dental_children")) {
    const int year = std::stoi(row.at("month").substr(0, 4));
    const double children = std::stod(row.at("children"));
    const auto r = risk.find({row.at("deso"), year});
    ASSERT_NE(r, risk.end()) << row.at("deso") << " has no caries risk in " << year;
    auto& cm = clinic_month[{row.at("unit_id"), row.at("month")}];
    cm.first += children;
    cm.second += children * r->second;
    year_children[year].first += children;
    year_children[year].second += children * r->second;
  }
  ASSERT_FALSE(clinic_month.empty());
  // By hand: amount / 12 × (share × Σ children + (1 − share) × Σ children × risk).
  int compared = 0;
  std::map<int, double> booked_by_year;
  for (const auto& row : Rows(*dir_, "ledger")) {
    if (row.at("account") != "revenue_capitation" || row.at("scenario") != "actual") continue;
    const auto it = clinic_month.find({row.at("unit_id"), row.at("month")});
    if (it == clinic_month.end()) continue;  // a health centre
    const int year = std::stoi(row.at("month").substr(0, 4));
    const model::ChildrenDentalModel* m = model::ChildrenDentalFor(*models, year);
    ASSERT_NE(m, nullptr);
    const double expected =
        m->amount / 12 * (m->fixed_share * it->second.first + (1 - m->fixed_share) * it->second.second);
    // The ledger holds whole kronor (half a krona rounds up; the model's sum may land a
    // hair below the half).
    EXPECT_NEAR(std::stod(row.at("amount_sek")), expected, 0.5 + 1e-6) << row.at("unit_id") << " " << row.at("month");
    booked_by_year[year] += std::stod(row.at("amount_sek"));
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(clinic_month.size())) << "every clinic month with children is booked";
  // 2022 is not differentiated: 2 000 kr a child, whatever the risk. From 2023 the
  // clinics' children are where caries risk is near the region's mean, so the region
  // pays close to amount × children (the risk is 1 on average over residents, not
  // over Folktandvården's panels).
  for (const auto& [year, c] : year_children) {
    const double flat = ChildrenDentalFor(*models, year)->amount / 12 * c.first;
    if (year == 2022) {
      EXPECT_NEAR(booked_by_year[year], flat, 0.5 * 12 * 30);
    } else {
      EXPECT_NEAR(booked_by_year[year] / flat, 1.0, 0.05) << year;
      EXPECT_NE(std::round(booked_by_year[year]), std::round(flat)) << year << " is differentiated";
    }
  }
}

// The simulator's default (a configuration without economy.toml) is the shipped file.
TEST(SimulatedChildrenDentalTest, TheDefaultIsTheShippedConfiguration) {
  auto models = model::LoadChildrenDental(SourceDir() + "/data/halland");
  ASSERT_TRUE(models.ok()) << models.status().message();
  const std::vector<model::ChildrenDentalModel> defaults = DefaultChildrenDental();
  for (int year = 2022; year <= 2030; ++year) {
    const model::ChildrenDentalModel* shipped = model::ChildrenDentalFor(*models, year);
    const model::ChildrenDentalModel* fallback = model::ChildrenDentalFor(defaults, year);
    ASSERT_TRUE(shipped && fallback) << year;
    EXPECT_DOUBLE_EQ(shipped->amount, fallback->amount) << year;
    EXPECT_DOUBLE_EQ(shipped->fixed_share, fallback->fixed_share) << year;
  }
}

// Seed 004, slide 20: the budgeted clinical time (set from January's staff) is hard to
// reach on every clinic — sick leave above the expected, turnover, supervision of new
// staff, no-shows and late cancellations.
TEST_F(SimulatedDentalTest, ClinicalTimeFallsShortOfTheBudgetOnSomeClinics) {
  std::map<std::string, std::pair<double, double>> clinic_year;  // unit|year -> budgeted, clinical
  double budgeted = 0, clinical = 0;
  std::set<std::string> professions;
  for (const auto& row : Rows(*dir_, "clinical_time")) {
    const double b = std::stod(row.at("budgeted_hours")), c = std::stod(row.at("clinical_hours"));
    EXPECT_GE(b, 0);
    EXPECT_GE(c, 0);
    auto& cy = clinic_year[row.at("unit_id") + "|" + row.at("month").substr(0, 4)];
    cy.first += b;
    cy.second += c;
    budgeted += b;
    clinical += c;
    professions.insert(row.at("profession"));
  }
  EXPECT_EQ(professions, (std::set<std::string>{"dentist", "dental_hygienist"}));
  ASSERT_GT(budgeted, 0);
  const double total = clinical / budgeted;
  EXPECT_GT(total, 0.85) << total;
  EXPECT_LT(total, 0.99) << total;
  RecordProperty("clinical_time_percent", std::to_string(100 * total));
  int below = 0, reached = 0;
  for (const auto& [key, v] : clinic_year) (v.second >= v.first ? reached : below) += 1;
  EXPECT_GT(below, 0);
  EXPECT_GT(below, reached) << "most clinic years fall short";
}

}  // namespace
}  // namespace nara::sim
