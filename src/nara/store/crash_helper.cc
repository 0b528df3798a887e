// store_crash_helper: a real importing process for crash_test.cc, which kills it
// (SIGKILL) at random moments and then checks the database.
//
//   store_crash_helper DB CONFIG_DIR import FILE [SUPERSEDED_BATCH]
//   store_crash_helper DB CONFIG_DIR remove BATCH
//
// Creates DB and stores CONFIG_DIR's configuration when needed. An import prints
// "validated" when the file has been checked, before it starts writing. Exit 0 when done,
// 2 for a refused file, 3 for any other failure (message on stderr).
#include <cstdio>
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
    nara::store::ImportRequest request;
    request.path = arg;
    if (supersede) request.supersede.push_back(*supersede);
    // "validated" marks the start of the writing: the crash test aims kills after it.
    auto result = store->Import({request}, "crash-test", [](const nara::store::ImportResult&) {
      std::fputs("validated\n", stdout);
      std::fflush(stdout);
    });
    status = result.status();
    if (result.ok()) std::cout << "ok " << result->front().batch_id << "\n";
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
