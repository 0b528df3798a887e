// Every message of the malformed-file corpus has its Swedish wording, and the values
// quoted in it survive.
#include "nara/serve/swedish.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>

namespace nara::serve {
namespace {

std::string SourceDir() {
  const char* s = std::getenv("NARA_SOURCE_DIR");
  return s ? s : ".";
}

TEST(SwedishTest, EveryMessageOfTheMalformedCorpusIsTranslated) {
  std::ifstream in(SourceDir() + "/tests/malformed/expected.txt");
  ASSERT_TRUE(in) << "tests/malformed/expected.txt";
  static const std::regex kPlace(R"(^(.*?):(\d+):(\d+): (.*)$)");
  std::string line;
  int messages = 0;
  while (std::getline(in, line)) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;  // the file's own explanation
    std::string all = line.substr(tab + 1);
    // "\n" in the corpus stands for a line break: each line is one problem.
    size_t start = 0;
    while (start <= all.size()) {
      size_t end = all.find("\\n", start);
      if (end == std::string::npos) end = all.size();
      std::string one = all.substr(start, end - start);
      std::smatch m;
      std::string message = std::regex_match(one, m, kPlace) ? m[4].str() : one;
      std::string swedish = SwedishProblem(message);
      EXPECT_NE(swedish, message) << "no Swedish for: " << message;
      ++messages;
      start = end + 2;
    }
  }
  EXPECT_GT(messages, 70);
}

TEST(SwedishTest, KeepsTheValuesAndTheColumn) {
  EXPECT_EQ(SwedishProblem("column 'received_at': no such date '2023-02-30 14:27'"),
            "kolumn 'received_at': datumet finns inte: '2023-02-30 14:27'");
  EXPECT_EQ(SwedishProblem("expected 7 fields, found 1 (the header uses ',' as delimiter)"),
            "väntade 7 fält, fann 1 (rubrikraden har ',' som avgränsare)");
  EXPECT_EQ(
      SwedishProblem("duplicate key (call_id 'c2'), already stored in batch 2 (phone_calls.csv, line 3)"),
      "dubbel nyckel (call_id 'c2'), redan lagrad i batch 2 (phone_calls.csv, rad 3)");
  EXPECT_EQ(SwedishProblem("column 'amount_sek': '-100' is below the minimum 0"),
            "kolumn 'amount_sek': '-100' är under minimum 0");
  EXPECT_EQ(SwedishProblem("something nara has not said before"), "something nara has not said before");
}

}  // namespace
}  // namespace nara::serve
