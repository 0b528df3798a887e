// Helpers for the store's tests (not part of the library): temporary folders, files,
// child processes, and tables as text so two loads can be compared value by value.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nara/engine/table.h"
#include "nara/model/org_tree.h"

extern char** environ;

namespace nara::store::testing {

inline std::string SourceDir() {
  const char* dir = std::getenv("NARA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// A fresh folder under the system's temporary folder, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nara-store-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The whole file, or "" when it does not exist.
inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A database's bytes as they lie on disk: the main file and its write-ahead log (a
// missing log is an empty one), to check that a refused operation wrote nothing.
inline std::string DatabaseBytes(const std::string& db) {
  return ReadBytes(db) + "\x1f" + ReadBytes(db + "-wal");
}

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Starts `argv[0]` with `argv`, stdout and stderr to files in `scratch`.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& scratch)
      : out_(scratch + "/child.out"), err_(scratch + "/child.err") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) {
      Kill();
      Wait();
    }
  }

  bool started() const { return pid_ > 0; }
  // What the child has written to stdout so far.
  std::string OutSoFar() const { return ReadBytes(out_); }
  // True once the child has ended (it is then reaped; Wait() returns at once).
  bool Ended() {
    if (pid_ <= 0) return true;
    if (ended_) return true;
    ended_ = waitpid(pid_, &status_, WNOHANG) == pid_;
    return ended_;
  }
  void Kill() {
    if (pid_ > 0 && !ended_) kill(pid_, SIGKILL);
  }
  ProcessResult Wait() {
    ProcessResult r;
    if (pid_ <= 0) return r;
    int status = status_;
    if (!ended_) {
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = -1;
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = ReadBytes(out_);
    r.err = ReadBytes(err_);
    return r;
  }

 private:
  pid_t pid_ = -1;
  bool ended_ = false;
  int status_ = 0;
  std::string out_, err_;
};

inline ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& scratch) {
  Child child(argv, scratch);
  return child.Wait();
}

// Every cell of an engine table (as Store::Load and ingest return them) as text,
// row by row: text by its string, units by their id, numbers exactly.
inline std::vector<std::string> TableRows(const engine::Table& t, const model::OrgTree& tree) {
  using engine::ColumnType;
  std::vector<std::string> rows(t.rows);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const engine::Column& col = t.columns[c];
    if (!t.schema->columns[c].stored && col.size() == 0) continue;
    for (size_t r = 0; r < t.rows; ++r) {
      std::string& s = rows[r];
      s += '|';
      switch (t.schema->columns[c].type) {
        case ColumnType::kBool:
        case ColumnType::kEnum:
          s += std::to_string(col.u8[r]);
          break;
        case ColumnType::kInt:
        case ColumnType::kInstant:
          s += std::to_string(col.i64[r]);
          break;
        case ColumnType::kReal: {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%.17g", col.f64[r]);
          s += buf;
          break;
        }
        case ColumnType::kDate:
        case ColumnType::kMonth:
        case ColumnType::kYear:
          s += std::to_string(col.i32[r]);
          break;
        case ColumnType::kText:
          s += col.i32[r] < 0 ? "<null>" : "'" + col.dictionary[static_cast<size_t>(col.i32[r])] + "'";
          break;
        case ColumnType::kUnit:
          s += tree.id(col.i32[r]);
          break;
      }
    }
  }
  return rows;
}

}  // namespace nara::store::testing
