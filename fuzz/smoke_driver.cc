// A stand-in for libFuzzer's main, so every fuzz target also runs as a short smoke
// test in the ordinary (g++) test suite: it feeds the seed corpus files given on the
// command line (a folder stands for every file in it, in name order), then
// pseudo-random mutations of them for a fixed number of rounds.
//   fuzz_smoke_<target> ROUNDS SEED_FILE_OR_FOLDER...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s ROUNDS [SEED_FILE...]\n", argv[0]);
    return 2;
  }
  long rounds = std::strtol(argv[1], nullptr, 10);
  std::vector<std::filesystem::path> paths;
  for (int i = 2; i < argc; ++i) {
    if (std::filesystem::is_directory(argv[i])) {
      std::vector<std::filesystem::path> in_folder;
      for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
        if (entry.is_regular_file()) in_folder.push_back(entry.path());
      }
      std::sort(in_folder.begin(), in_folder.end());
      paths.insert(paths.end(), in_folder.begin(), in_folder.end());
    } else {
      paths.emplace_back(argv[i]);
    }
  }
  std::vector<std::string> seeds;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read seed %s\n", path.c_str());
      return 2;
    }
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) seeds.emplace_back("count(visits)");
  for (const std::string& s : seeds) LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  static const char kBytes[] = "(),;'\"\n\r\t =<>!+-*/0123456789.aeinorstwxyz_\xc3\xa5\xe5\x00\xff";
  for (long r = 0; r < rounds; ++r) {
    std::string s = seeds[next() % seeds.size()];
    int edits = 1 + static_cast<int>(next() % 8);
    for (int e = 0; e < edits; ++e) {
      size_t at = s.empty() ? 0 : next() % (s.size() + 1);
      switch (next() % 4) {
        case 0: s.insert(s.begin() + at, kBytes[next() % (sizeof kBytes - 1)]); break;
        case 1: if (at < s.size()) s.erase(at, 1 + next() % 4); break;
        case 2: if (at < s.size()) s[at] = kBytes[next() % (sizeof kBytes - 1)]; break;
        case 3: if (!s.empty()) s.insert(at, s.substr(next() % s.size(), 1 + next() % 16)); break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  std::printf("%ld inputs survived\n", rounds + static_cast<long>(seeds.size()));
  return 0;
}
