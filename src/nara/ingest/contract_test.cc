// Contract v1.1: the tables it adds get the checks every table gets, and a v1.0
// extract (without them) is still a valid extract.
#include "nara/ingest/contract.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "nara/ingest/csv_reader.h"
#include "nara/ingest/extract_dir.h"
#include "nara/model/config.h"

namespace nara::ingest {
namespace {

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

model::OrgTree Tree() {
  auto u = [](const char* id, const char* parent, Days to = model::kOpenEnded) {
    model::UnitVersion v;
    v.id = id;
    v.name = id;
    v.parent_id = parent;
    v.valid_from = DaysFromCivil(2015, 1, 1);
    v.valid_to = to;
    return v;
  };
  return *model::OrgTree::Build({u("r", ""), u("a", "r"), u("dc1", "a"), u("dc2", "a", DaysFromCivil(2023, 6, 30))});
}

std::string Read(const char* table, const std::string& text) {
  static const model::OrgTree tree = Tree();
  auto t = ReadTable(std::string(table) + ".csv", text, *FindContractTable(table), tree);
  return t.ok() ? "ok " + std::to_string(t->rows) : t.status().message();
}

TEST(ContractTest, VersionOneOneAddsThreeTablesAfterTheSeventeen) {
  EXPECT_EQ(kContractVersion, "1.1");
  const auto& tables = ContractTables();
  ASSERT_EQ(tables.size(), 20u);
  std::vector<std::string> added;
  for (size_t i = 0; i < tables.size(); ++i) {
    if (ContractTableSince(tables[i].name) == "1.1") {
      added.push_back(tables[i].name);
      EXPECT_GE(i, 17u) << tables[i].name << ": v1.1's tables come after v1.0's";
    }
  }
  EXPECT_EQ(added, (std::vector<std::string>{"caries_risk", "dental_children", "clinical_time"}));
  EXPECT_EQ(ContractTableSince("visits"), "1.0");
  EXPECT_EQ(FindContractTable("caries_risk")->key, (std::vector<std::string>{"deso", "year"}));
  EXPECT_EQ(FindContractTable("dental_children")->key, (std::vector<std::string>{"unit_id", "month", "deso"}));
  EXPECT_EQ(FindContractTable("clinical_time")->key,
            (std::vector<std::string>{"unit_id", "month", "profession"}));
}

TEST(ContractTest, CariesRiskRows) {
  const std::string header = "deso,municipality_code,year,relative_risk\n";
  EXPECT_EQ(Read("caries_risk", header + "1380C1010,1380,2024,1.12\n1380C1010,1380,2023,0.97\n"), "ok 2");
  EXPECT_EQ(Read("caries_risk", "deso;municipality_code;year;relative_risk\n1315A1010;1315;2024;0,8\n"), "ok 1");
  EXPECT_EQ(Read("caries_risk", header + "1380C1010,1380,2024,1.1\n1380C1010,1380,2024,1.2\n"),
            "caries_risk.csv:3:1: duplicate key (deso '1380C1010', year '2024'), first seen on line 2");
  EXPECT_EQ(Read("caries_risk", header + "1380C1010,1380,2024,-0.5\n"),
            "caries_risk.csv:2: column \"relative_risk\" (field 4): '-0.5' is below the minimum 0");
  EXPECT_EQ(Read("caries_risk", header + "1380C1010,1380,2024,\n"),
            "caries_risk.csv:2: column \"relative_risk\" (field 4): a value is required");
  // A personnummer where the DeSo's code belongs is refused like one in a patient key.
  EXPECT_EQ(Read("caries_risk", header + "19121212-1212,1380,2024,1\n"),
            "caries_risk.csv:2: column \"deso\" (field 1): the value looks like a personal identity number "
            "(personnummer); extracts may hold pseudonyms only");
}

TEST(ContractTest, DentalChildrenRows) {
  const std::string header = "unit_id,month,deso,children\n";
  EXPECT_EQ(Read("dental_children", header + "dc1,2024-01,1380C1010,120\ndc1,2024-01,1380C1020,80\n"
                                              "dc1,2024-02,1380C1010,121\n"),
            "ok 3");
  EXPECT_EQ(Read("dental_children", header + "dc1,2024-01,1380C1010,120\ndc1,2024-01,1380C1010,80\n"),
            "dental_children.csv:3:1: duplicate key (unit_id 'dc1', month '2024-01', deso '1380C1010'), first seen "
            "on line 2");
  EXPECT_EQ(Read("dental_children", header + "dc1,2024-01,1380C1010,-3\n"),
            "dental_children.csv:2: column \"children\" (field 4): -3 is below the minimum 0");
  EXPECT_EQ(Read("dental_children", header + "dc2,2023-07,1380C1010,3\n"),
            "dental_children.csv:2: column \"unit_id\" (field 1): unit 'dc2' is not valid on 2023-07-01 (valid "
            "2015-01-01 – 2023-06-30)");
  EXPECT_EQ(Read("dental_children", header + "dc1,2024-13,1380C1010,3\n"),
            "dental_children.csv:2: column \"month\" (field 2): no such month '2024-13'");
  EXPECT_EQ(Read("dental_children", header + "dc1,2024-01,121212-1212,3\n"),
            "dental_children.csv:2: column \"deso\" (field 3): the value looks like a personal identity number "
            "(personnummer); extracts may hold pseudonyms only");
}

TEST(ContractTest, ClinicalTimeRows) {
  const std::string header = "unit_id,month,profession,budgeted_hours,clinical_hours\n";
  EXPECT_EQ(Read("clinical_time", header + "dc1,2024-01,dentist,1020.5,955.0\ndc1,2024-01,dental_hygienist,480,"
                                            "471.5\n"),
            "ok 2");
  EXPECT_EQ(Read("clinical_time", header + "dc1,2024-01,dental_nurse,100,90\n"),
            "clinical_time.csv:2: column \"profession\" (field 3): 'dental_nurse' is not one of dentist, "
            "dental_hygienist");
  EXPECT_EQ(Read("clinical_time", header + "dc1,2024-01,dentist,100,90\ndc1,2024-01,dentist,100,80\n"),
            "clinical_time.csv:3:1: duplicate key (unit_id 'dc1', month '2024-01', profession 'dentist'), first "
            "seen on line 2");
  EXPECT_EQ(Read("clinical_time", header + "dc1,2024-01,dentist,100,-1\n"),
            "clinical_time.csv:2: column \"clinical_hours\" (field 5): '-1' is below the minimum 0");
  EXPECT_EQ(Read("clinical_time", header + "nowhere,2024-01,dentist,100,90\n"),
            "clinical_time.csv:2: column \"unit_id\" (field 1): unknown unit 'nowhere'");
}

// The example extract is v1.0 (none of v1.1's tables): it stays a valid extract.
TEST(ContractTest, AVersionOneZeroExtractStaysValid) {
  std::vector<model::Problem> problems;
  const model::Config config = model::LoadConfig(Source() + "/data/halland", &problems);
  ASSERT_TRUE(problems.empty());
  auto extract = LoadExtractDir(Source() + "/data/example", config.tree);
  ASSERT_TRUE(extract.ok()) << extract.status().message();
  std::set<std::string> read;
  for (const auto& [name, table] : extract->data.tables) read.insert(name);
  EXPECT_GE(read.size(), 10u);
  for (const char* added : {"caries_risk", "dental_children", "clinical_time"}) EXPECT_EQ(read.count(added), 0u);
}

}  // namespace
}  // namespace nara::ingest
