#include "nara/ingest/extract_dir.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "nara/base/memory.h"
#include "nara/base/text.h"
#include "nara/ingest/contract.h"

namespace nara::ingest {

namespace fs = std::filesystem;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::string bytes;
  in.seekg(0, std::ios::end);
  const auto size = static_cast<size_t>(in.tellg());
  bytes.reserve(size);
  AdviseHugePages(bytes.data(), size);  // extracts run to hundreds of MB
  bytes.resize(size);
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) return Status::IoError(path + ": cannot read");
  return bytes;
}

StatusOr<Extract> LoadExtractDir(const std::string& dir, const model::OrgTree& configured_tree,
                                 const ReadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": no such folder");
  struct Item {
    fs::path path;
    const engine::TableSchema* schema;
  };
  std::vector<Item> items;
  fs::path units_path;
  std::vector<std::string> ignored;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || AsciiLower(entry.path().extension().string()) != ".csv") continue;
    std::string stem = AsciiLower(entry.path().stem().string());
    const engine::TableSchema* schema = FindContractTable(stem);
    if (schema == nullptr) {
      ignored.push_back(entry.path().string());
      continue;
    }
    if (stem == "units") {
      units_path = entry.path();
    } else {
      items.push_back({entry.path(), schema});
    }
  }
  if (items.empty() && units_path.empty()) {
    return Status::DataError(dir + ": no extract files (expected e.g. visits.csv, phone_calls.csv)");
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.path < b.path; });
  Extract extract;
  std::sort(ignored.begin(), ignored.end());
  extract.ignored = std::move(ignored);
  if (!units_path.empty()) {
    NARA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(units_path.string()));
    NARA_ASSIGN_OR_RETURN(auto versions, ReadUnits(units_path.string(), bytes));
    NARA_ASSIGN_OR_RETURN(extract.tree, model::OrgTree::Build(std::move(versions)));
    extract.files.push_back(units_path.string());
  } else {
    extract.tree = configured_tree;
  }
  // Read the tables on two threads; each keeps its own result so the first error
  // in file order is the one reported, whatever finished first.
  std::vector<StatusOr<engine::Table>> results(items.size(), Status::Internal("not read"));
  auto work = [&](size_t first) {
    for (size_t i = first; i < items.size(); i += 2) {
      auto bytes = ReadFile(items[i].path.string());
      results[i] = bytes.ok()
                       ? ReadTable(items[i].path.string(), *bytes, *items[i].schema, extract.tree, options)
                       : StatusOr<engine::Table>(bytes.status());
    }
  };
  std::thread second(work, 1);
  work(0);
  second.join();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!results[i].ok()) return results[i].status();
    if (extract.data.tables.count(items[i].schema->name)) {
      return Status::DataError(items[i].path.string() + ": a second file for table " + items[i].schema->name);
    }
    extract.data.tables.emplace(items[i].schema->name, std::move(results[i]).value());
    extract.files.push_back(items[i].path.string());
  }
  return extract;
}

}  // namespace nara::ingest
