// `nara internal-control import | export | list` on a database made by `nara import`,
// with the example register of data/halland (its figures counted here from the file
// itself, apart from nara's reader).
#include "nara/cli/internal_control_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "nara/cli/cli.h"

namespace nara::cli {
namespace {

namespace fs = std::filesystem;

std::string Source() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir ? dir : ".";
}

struct Result {
  int code = 0;
  std::string out, err;
};

Result Nara(std::vector<std::string> args) {
  args.insert(args.begin(), "nara");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in;
  std::ostringstream out, err;
  Result r;
  r.code = RunCli(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(InternalControlCommandTest, ExampleRegisterImportedListedAndExported) {
  const fs::path dir = fs::temp_directory_path() / ("nara-ic-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = (dir / "nara.db").string();
  Result made = Nara({"import", "--db", db, Source() + "/data/example/visits.csv"});
  ASSERT_EQ(made.code, 0) << made.err;

  // The example file counted by hand: its rows are controls, its titles risks, its
  // filled result columns results (it has no quoted fields).
  const std::string example = Source() + "/data/halland/internal_control_2024.csv";
  std::istringstream lines(Read(example));
  std::string normalised;
  std::set<std::string> titles;
  int controls = 0, results = 0;
  bool header = true;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    normalised += line + "\n";
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, ';');) f.push_back(x);
    f.resize(17);
    titles.insert(f[0]);
    if (!f[7].empty()) ++controls;
    for (int i : {11, 13, 15}) results += f[i].empty() ? 0 : 1;
  }

  Result in = Nara({"internal-control", "import", "--db", db, "--year", "2024", example});
  ASSERT_EQ(in.code, 0) << in.err;
  EXPECT_NE(in.out.find(std::to_string(titles.size()) + " risks, " + std::to_string(controls) + " controls, " +
                        std::to_string(results) + " results"),
            std::string::npos)
      << in.out;

  Result out = Nara({"internal-control", "export", "--db", db, "--year", "2024"});
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_EQ(out.out, normalised) << "the example is written in the export's order and form";

  Result list = Nara({"internal-control", "list", "--db", db, "--year", "2024"});
  ASSERT_EQ(list.code, 0) << list.err;
  std::istringstream rows(list.out);
  std::string head, first;
  std::getline(rows, head);
  std::getline(rows, first);
  EXPECT_EQ(head.rfind("Riskvärde", 0), 0u) << head;
  EXPECT_NE(first.find("16 *"), std::string::npos) << first;
  EXPECT_NE(first.find("Kompetensförsörjning"), std::string::npos) << first;
  EXPECT_NE(first.find("Avvikelse"), std::string::npos) << first;

  // A second import is refused; a bad file with --replace too, naming line and
  // column, and the register stays as it was.
  Result again = Nara({"internal-control", "import", "--db", db, "--year", "2024", example});
  EXPECT_NE(again.code, 0);
  EXPECT_NE(again.err.find("finns redan ett register"), std::string::npos) << again.err;
  const std::string bad = (dir / "bad.csv").string();
  std::ofstream(bad) << normalised.substr(0, normalised.find('\n') + 1)
                     << "Risk;nsh;;2;5;Ägare;ja;Kontroll;;tertial;X;;;;;;\n";
  Result refused = Nara({"internal-control", "import", "--db", db, "--year", "2024", bad, "--replace", "--lang", "en"});
  EXPECT_NE(refused.code, 0);
  EXPECT_NE(refused.err.find("bad.csv:2: column \"consequence\" (field 5): 5 is above the maximum 4"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(Nara({"internal-control", "export", "--db", db, "--year", "2024"}).out, normalised);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nara::cli
