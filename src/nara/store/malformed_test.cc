// The malformed-file corpus (tests/malformed/): every file is refused by the real
// `nara import` with exit code 2 and exactly the message in expected.txt, and the
// database is byte for byte what it was.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

using testing::DatabaseBytes;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

std::string Corpus() { return testing::SourceDir() + "/tests/malformed"; }

// expected.txt: FILE<TAB>MESSAGE, "\n" in MESSAGE for a line break; '#' comments.
std::vector<std::pair<std::string, std::string>> Expected() {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(Corpus() + "/expected.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << "expected.txt: no tab in: " << line;
      continue;
    }
    std::string message = line.substr(tab + 1);
    for (size_t p; (p = message.find("\\n")) != std::string::npos;) message.replace(p, 2, "\n");
    out.emplace_back(line.substr(0, tab), message);
  }
  return out;
}

class MalformedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The corpus's tree (store/units.csv) and the batches the "already stored" files
    // collide with.
    ProcessResult r = Import({Corpus() + "/store/units.csv", Corpus() + "/store/phone_calls.csv",
                              Corpus() + "/store/listings.csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  ProcessResult Import(const std::vector<std::string>& files) {
    std::vector<std::string> argv = {NARA_CLI, "import", "--db", db_, "--user", "test"};
    argv.insert(argv.end(), files.begin(), files.end());
    return RunProcess(argv, dir_.path());
  }

  // Imports `file`, expecting `message` on stderr, exit code 2 and no change.
  void ExpectRefused(const std::string& file, const std::string& message) {
    std::string before = DatabaseBytes(db_);
    ProcessResult r = Import({file});
    EXPECT_EQ(r.exit_code, 2) << file;
    // Messages name files by the path given; expected.txt holds them without folder.
    std::string err = r.err;
    for (std::string folder : {Corpus() + "/", dir_.path() + "/"}) {
      for (size_t p; (p = err.find(folder)) != std::string::npos;) err.erase(p, folder.size());
    }
    EXPECT_EQ(err, "nara: " + message + "\n") << file;
    EXPECT_EQ(DatabaseBytes(db_), before) << file << ": the database changed";
  }

  TempDir dir_;
  std::string db_ = dir_ / "corpus.db";
};

TEST_F(MalformedTest, EveryFileIsRefusedWithItsMessage) {
  auto expected = Expected();
  EXPECT_GE(expected.size(), 40u);
  std::set<std::string> listed;
  for (const auto& [file, message] : expected) {
    listed.insert(file);
    ExpectRefused(Corpus() + "/" + file, message);
  }
  // Every file of the corpus has its expected message.
  for (const auto& e : std::filesystem::directory_iterator(Corpus())) {
    if (e.is_regular_file() && e.path().extension() == ".csv") {
      EXPECT_TRUE(listed.count(e.path().filename().string())) << e.path() << " is not in expected.txt";
    }
  }
  ProcessResult batches = RunProcess({NARA_CLI, "batches", "--db", db_, "--format", "csv"}, dir_.path());
  EXPECT_EQ(std::count(batches.out.begin(), batches.out.end(), '\n'), 4) << batches.out;
}

// Every refusal of the corpus is made of problems with a message id, so it is told in
// Swedish from the catalogue, never translated afterwards from the English text.
TEST_F(MalformedTest, EveryRefusalIsAProblemToldInBothLanguages) {
  auto store = Store::Open(db_, false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  int checked = 0;
  for (const auto& [file, message] : Expected()) {
    SCOPED_TRACE(file);
    auto r = store->Import(Corpus() + "/" + file, "", std::nullopt, "test");
    ASSERT_FALSE(r.ok());
    const std::vector<Problem>& problems = r.status().problems();
    if (problems.empty()) {
      // Only the organisation tree's own checks are not yet problems of the catalogue.
      EXPECT_EQ(file.rfind("units__", 0), 0u) << r.status().message();
      continue;
    }
    std::string sv;
    for (const Problem& p : problems) {
      EXPECT_NE(MessageTemplate(Lang::kSv, p.code), MessageTemplate(Lang::kEn, p.code));
      sv += RenderProblem(p, Lang::kSv) + "\n";
    }
    EXPECT_EQ(sv.find(" found "), std::string::npos) << sv;
    EXPECT_EQ(sv.find("expected "), std::string::npos) << sv;
    ++checked;
  }
  EXPECT_GE(checked, 60);
}

// Too big to keep in the repository: a 10 MB field, written here.
TEST_F(MalformedTest, TenMegabyteField) {
  std::string file = dir_ / "visits__10mb_field.csv";
  testing::WriteFile(
      file,
      "visit_id,unit_id,patient_key,date,form,staff_group,patient_age,patient_sex,lifestyle_talk,"
      "medication_review,drug_count\n"
      "v1,hc1,\"" +
          std::string(10 << 20, 'p') + "\",2024-01-05,clinic,doctor,40,F,ja,nej,2\n");
  ExpectRefused(file, "visits__10mb_field.csv:2:8: field longer than 65536 bytes");
}

}  // namespace
}  // namespace nara::store
