// Fault injection: a real importing process (store_crash_helper) is killed with
// SIGKILL at random moments of imports, supersessions and removals. After each kill
// the database must pass SQLite's integrity check and the store's own (Store::Check),
// and hold exactly the batches and rows of the state before the operation or of the
// state after it, never anything between.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

using testing::Child;
using testing::TempDir;

constexpr int kRowsPerFile = 30000;  // about 2.3 MB of phone calls per file
constexpr int kKills = 40;

// What a database holds: its batches (file and rows, in id order).
struct Batch {
  int64_t id = 0;
  std::string file;
  int64_t rows = 0;
};
using State = std::vector<Batch>;

std::string Show(const State& s) {
  std::string out = "{";
  for (const Batch& b : s)
    out += " " + std::filesystem::path(b.file).filename().string() + ":" + std::to_string(b.rows);
  return out + " }";
}

bool Same(const State& a, const State& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].file != b[i].file || a[i].rows != b[i].rows) return false;
  }
  return true;
}

// Opens the database after the crash (SQLite recovers from the WAL) and checks it
// whole; returns its batches.
State Inspect(const std::string& db) {
  auto store = Store::Open(db, false);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return {};
  auto problems = store->Check();
  EXPECT_TRUE(problems.ok()) << problems.status().message();
  if (problems.ok()) {
    for (const std::string& p : *problems) ADD_FAILURE() << p;
  }
  auto batches = store->Batches();
  EXPECT_TRUE(batches.ok());
  State state;
  int64_t rows = 0;
  for (const BatchInfo& b : *batches) {
    if (b.state != BatchState::kActive) continue;  // in the trash: not in the data
    state.push_back({b.id, b.file_name, b.rows});
    rows += b.rows;
  }
  auto tree = store->Tree();
  EXPECT_TRUE(tree.ok());
  auto loaded = store->Load(*tree);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  if (loaded.ok()) {
    EXPECT_EQ(static_cast<int64_t>(loaded->data.rows()), rows);
  }
  return state;
}

// Calls with keys of `slot`, in the version `version` (a re-extract changes times).
std::string CallsFile(int slot, int version) {
  static const char* kUnits[] = {"vc_varberg", "vc_kungsbacka", "vc_andersberg", "vc_hyltebruk"};
  std::string s = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";
  char line[160];
  for (int i = 0; i < kRowsPerFile; ++i) {
    int day = 1 + i % 28, month = 1 + (i / 28) % 12, minute = (i + version) % 50;
    std::snprintf(line, sizeof line,
                  "s%d-%d,%s,2024-%02d-%02d 08:%02d,ja,advice,2024-%02d-%02d 10:%02d,callback\n", slot, i,
                  kUnits[i % 4], month, day, minute, month, day, minute);
    s += line;
  }
  return s;
}

TEST(CrashTest, KillNineAtRandomMomentsLeavesTheStoreBeforeOrAfter) {
  TempDir dir;
  const std::string db = dir / "crash.db";
  const std::string config = testing::SourceDir() + "/data/halland";
  std::mt19937 rng(20240331);
  int files = 0;
  auto new_file = [&](int slot, int version) {
    std::string path = dir / ("phone_calls_" + std::to_string(++files) + ".csv");
    testing::WriteFile(path, CallsFile(slot, version));
    return path;
  };

  // The first import, not killed, measures how long reading and writing take.
  int next_slot = 0;
  std::map<std::string, int> slot_of;  // file → its key slot
  std::string first = new_file(next_slot, 0);
  slot_of[first] = next_slot++;
  double seconds = 0, write_seconds = 0;
  {
    auto start = std::chrono::steady_clock::now(), validated = start;
    Child child({NARA_CRASH_HELPER, db, config, "import", first}, dir.path());
    bool marked = false;
    while (!child.Ended()) {
      if (!marked && child.OutSoFar().find("validated") != std::string::npos) {
        marked = true;
        validated = std::chrono::steady_clock::now();
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    auto end = std::chrono::steady_clock::now();
    testing::ProcessResult r = child.Wait();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    seconds = std::chrono::duration<double>(end - start).count();
    write_seconds = std::chrono::duration<double>(end - (marked ? validated : start)).count();
  }
  State state = Inspect(db);
  ASSERT_EQ(state.size(), 1u);

  int killed_before = 0, killed_after = 0, finished = 0;
  for (int k = 0; k < kKills; ++k) {
    // The operation, and the state it leads to.
    std::vector<std::string> argv = {NARA_CRASH_HELPER, db, config};
    State after = state;
    int op = state.size() < 2 ? 0 : static_cast<int>(rng() % 3);
    if (op == 0) {  // a new month's extract
      std::string file = new_file(next_slot, 0);
      slot_of[file] = next_slot++;
      argv.insert(argv.end(), {"import", file});
      after.push_back({0, file, kRowsPerFile});
    } else if (op == 1) {  // a re-extract replaces the latest batch
      const Batch& old = state.back();
      std::string file = new_file(slot_of[old.file], k + 1);
      slot_of[file] = slot_of[old.file];
      argv.insert(argv.end(), {"import", file, std::to_string(old.id)});
      after.pop_back();
      after.push_back({0, file, kRowsPerFile});
    } else {  // the oldest batch removed
      argv.insert(argv.end(), {"remove", std::to_string(state.front().id)});
      after.erase(after.begin());
    }
    // Half the kills anywhere in the operation; half while it writes and commits (an
    // import says "validated" first), some after it has ended.
    bool late = rng() % 2;
    double at = std::uniform_real_distribution<double>(0, 1.3)(rng);
    Child child(argv, dir.path());
    ASSERT_TRUE(child.started());
    auto began = std::chrono::steady_clock::now();
    if (late && op != 2) {
      while (!child.Ended() && child.OutSoFar().empty())
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      began = std::chrono::steady_clock::now();
    }
    auto kill_at = began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(at * (late ? write_seconds : seconds)));
    while (std::chrono::steady_clock::now() < kill_at && !child.Ended()) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    child.Kill();
    testing::ProcessResult result = child.Wait();
    State now = Inspect(db);
    if (result.signal == 0) {
      ASSERT_EQ(result.exit_code, 0) << result.err;
      ++finished;
      ASSERT_TRUE(Same(now, after)) << "finished, yet " << Show(now) << " is not " << Show(after);
    } else if (Same(now, state)) {
      ++killed_before;
    } else {
      ASSERT_TRUE(Same(now, after)) << "kill " << k << " left " << Show(now) << "; before " << Show(state)
                                    << ", after " << Show(after);
      ++killed_after;
    }
    state = now;
  }
  std::printf("kills: %d left the state before, %d the state after (committed), %d finished first\n",
              killed_before, killed_after, finished);
  EXPECT_GT(killed_before, 0);
}

}  // namespace
}  // namespace nara::store
