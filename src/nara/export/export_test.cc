// The export module's writers on their own: CSV fields in both dialects, a contract
// table with reals written in full, file placement that never replaces a file unless
// told to, and sheet names Excel accepts. Whole cubes (CSV and XLSX against `nara
// compute --format csv`) are checked in cli/cli_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "nara/export/csv.h"
#include "nara/export/file.h"
#include "nara/export/xlsx.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace nara::exports {
namespace {

namespace fs = std::filesystem;

TEST(CsvWriterTest, StandardDialect) {
  CsvWriter w(Dialect::kStandard);
  w.Text("a,b");
  w.Text("say \"hi\"");
  w.Text("a;b");
  w.Number(1234.5);
  w.Number(NAN);
  w.Number(3e5, NumberDigits::kRoundTrip);
  w.Text(" padded");
  w.EndRecord();
  EXPECT_EQ(w.text(), "\"a,b\",\"say \"\"hi\"\"\",a;b,1234.5,,300000,\" padded\"\n");
}

TEST(CsvWriterTest, ExcelSvDialect) {
  CsvWriter w(Dialect::kExcelSv);
  w.Text("a,b");
  w.Text("a;b");
  w.Text("two\nlines");
  w.Number(76457.70000000001);
  w.Number(-0.0);
  w.Number(1e-7);
  w.Integer(-42);
  w.EndRecord();
  EXPECT_EQ(w.text(),
            "\xEF\xBB\xBF"
            "a,b;\"a;b\";\"two\nlines\";76457,7;0;0,0000001;-42\r\n");
}

// A text a spreadsheet would take for a formula is text when asked (the cube in
// excel-sv), and exact otherwise (a contract table, read back by nara).
TEST(CsvWriterTest, FormulasAreGuardedWhenAsked) {
  CsvWriter guarded(Dialect::kExcelSv, /*guard_formulas=*/true);
  for (const char* t : {"+10 % mot 2023", "=SUM(A1)", "-", "@x", "\tx", "ok", "a=b", ""}) guarded.Text(t);
  guarded.Number(-1.5);
  guarded.EndRecord();
  EXPECT_EQ(guarded.text(), "\xEF\xBB\xBF'+10 % mot 2023;'=SUM(A1);'-;'@x;'\tx;ok;a=b;;-1,5\r\n");
  CsvWriter exact(Dialect::kExcelSv);
  exact.Text("+10");
  exact.EndRecord();
  EXPECT_EQ(exact.text(), "\xEF\xBB\xBF+10\r\n");
}

TEST(DialectTest, Names) {
  Dialect d = Dialect::kStandard;
  EXPECT_TRUE(ParseDialect("excel-sv", &d));
  EXPECT_EQ(d, Dialect::kExcelSv);
  EXPECT_TRUE(ParseDialect("standard", &d));
  EXPECT_EQ(d, Dialect::kStandard);
  EXPECT_FALSE(ParseDialect("excel", &d));
  EXPECT_STREQ(DialectName(Dialect::kExcelSv), "excel-sv");
}

model::OrgTree Tree() {
  auto versions =
      ingest::ReadUnits("units.csv",
                        "unit_id,name,parent_id,kind,municipality_code,ownership,valid_from,valid_to\n"
                        "r,Region,,region,,public,2000-01-01,\n"
                        "hc1,Vårdcentral 1,r,health_centre,1380,public,2000-01-01,\n");
  EXPECT_TRUE(versions.ok()) << versions.status().message();
  auto tree = model::OrgTree::Build(*versions);
  EXPECT_TRUE(tree.ok()) << tree.status().message();
  return std::move(*tree);
}

// A ledger of large and small amounts reads back the same from either dialect, and
// no amount is written with an exponent or a decimal point in excel-sv.
TEST(TableCsvTest, RealsInFullInBothDialects) {
  const model::OrgTree tree = Tree();
  const engine::TableSchema& schema = *ingest::FindContractTable("ledger");
  const std::string source =
      "unit_id,month,account,scenario,amount_sek\n"
      "hc1,2024-01,cost_staff,actual,300000\n"
      "hc1,2024-02,cost_staff,actual,76457.70000000001\n"
      "hc1,2024-03,cost_staff,actual,0.0000001\n"
      "hc1,2024-04,cost_staff,actual,123456789012\n";
  auto table = ingest::ReadTable("ledger.csv", source, schema, tree);
  ASSERT_TRUE(table.ok()) << table.status().message();
  for (Dialect d : {Dialect::kStandard, Dialect::kExcelSv}) {
    SCOPED_TRACE(DialectName(d));
    std::ostringstream out;
    WriteTableCsv(*table, schema, tree, d, out);
    const std::string csv = out.str();
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);  // the header
    const char delimiter = d == Dialect::kExcelSv ? ';' : ',';
    int amounts = 0;
    for (; std::getline(lines, line); ++amounts) {
      const std::string amount = line.substr(line.rfind(delimiter) + 1);
      EXPECT_EQ(amount.find_first_of("eE+"), std::string::npos) << amount;
      EXPECT_EQ(amount.find(d == Dialect::kExcelSv ? '.' : ','), std::string::npos) << amount;
    }
    EXPECT_EQ(amounts, 4);
    if (d == Dialect::kExcelSv) {
      EXPECT_NE(csv.find(";300000\r\n"), std::string::npos) << csv;
      EXPECT_NE(csv.find(";76457,70000000001\r\n"), std::string::npos) << csv;
      EXPECT_NE(csv.find(";0,0000001\r\n"), std::string::npos) << csv;
    } else {
      EXPECT_EQ(csv, source);
    }
    auto back = ingest::ReadTable("ledger.csv", csv, schema, tree);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->column("amount_sek").f64, table->column("amount_sek").f64);
  }
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "nara-export-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(FileTest, NeverReplacesUnlessTold) {
  TempDir dir;
  const std::string path = dir / "out.csv";
  ASSERT_TRUE(WriteFile(path, "first", false).ok());
  Status again = WriteFile(path, "second", false);
  EXPECT_EQ(again.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(again.message().find("--force"), std::string::npos) << again.message();
  EXPECT_EQ(Read(path), "first");
  ASSERT_TRUE(WriteFile(path, "second", true).ok());
  EXPECT_EQ(Read(path), "second");
  EXPECT_EQ(WriteFile(dir / "", "x", true).code(), StatusCode::kInvalidArgument) << "a folder";
  EXPECT_EQ(WriteFile(dir / "missing/out.csv", "x", false).code(), StatusCode::kIoError);
  // Nothing is left behind but the file itself.
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(XlsxTest, SheetNames) {
  EXPECT_EQ(SheetName("Målgrupp/tillgänglighet"), "Målgrupp-tillgänglighet");
  EXPECT_EQ(SheetName("Ekonomi"), "Ekonomi");
  EXPECT_EQ(SheetName("ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ"), "ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ");
  EXPECT_EQ(SheetName(""), "-");
}

}  // namespace
}  // namespace nara::exports
