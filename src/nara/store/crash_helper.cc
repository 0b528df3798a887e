// store_crash_helper: a real importing process for crash_test.cc, which kills it
// (SIGKILL) at random moments and then checks the database.
//
//   store_crash_helper DB CONFIG_DIR import FILE [SUPERSEDED_BATCH]
//   store_crash_helper DB CONFIG_DIR remove BATCH
//
// Creates DB and stores CONFIG_DIR's configuration when needed. Exit 0 when done,
// 2 for a refused file, 3 for any other failure (message on stderr).
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "nara/store/store.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: store_crash_helper DB CONFIG_DIR import FILE [SUPERSEDED] | remove BATCH\n";
    return 3;
  }
  std::string db = argv[1], config = argv[2], action = argv[3], arg = argv[4];
  auto store = nara::store::Store::Open(db, true);
  if (!store.ok()) {
    std::cerr << store.status().message() << "\n";
    return 3;
  }
  auto version = store->CurrentConfig();
  if (version.ok() && !*version) {
    auto stored = store->StoreConfig(config, "crash-test");
    if (!stored.ok()) {
      std::cerr << stored.status().message() << "\n";
      return 3;
    }
  }
  nara::Status status;
  if (action == "import") {
    std::optional<int64_t> supersede;
    if (argc > 5) supersede = std::strtoll(argv[5], nullptr, 10);
    auto result = store->Import(arg, "", supersede, "crash-test");
    status = result.status();
    if (result.ok()) std::cout << "ok " << result->batch_id << "\n";
  } else if (action == "remove") {
    status = store->RemoveBatch(std::strtoll(arg.c_str(), nullptr, 10), "crash-test");
    if (status.ok()) std::cout << "ok\n";
  } else {
    std::cerr << "unknown action " << action << "\n";
    return 3;
  }
  if (!status.ok()) {
    std::cerr << status.message() << "\n";
    return status.code() == nara::StatusCode::kDataError ? 2 : 3;
  }
  return 0;
}
