#include "nara/report/pdf.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "nara/export/file.h"

extern char** environ;

namespace nara::report {
namespace {

// A file: URL of an absolute path, every byte outside the unreserved set escaped.
std::string FileUrl(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string url = "file://";
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

std::string Tail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "\n  " + all[i];
  return out;
}

}  // namespace

std::string PdfEngine() {
  const char* given = std::getenv("NARA_CHROMIUM");
  return given != nullptr && *given != '\0' ? given : "/usr/bin/chromium";
}

Status PrintPdf(const std::string& html_path, const std::string& pdf_path, bool overwrite) {
  const std::string engine = PdfEngine();
  if (access(engine.c_str(), X_OK) != 0) {
    return Status::IoError("no PDF written: " + engine +
                           " (Chromium) is not installed; install it with `apt-get install chromium` "
                           "(scripts/install-deps does) and run nara report again");
  }
  NARA_RETURN_IF_ERROR(exports::CheckTarget(pdf_path, overwrite));
  const std::string tmp = exports::TemporaryPathFor(pdf_path);
  const std::string log = tmp + ".log";
  // A profile of its own per run, so reports made at the same time do not share one.
  const std::string profile = tmp + ".profile";
  std::vector<std::string> args = {engine,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-first-run",
                                   "--user-data-dir=" + profile,
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + tmp,
                                   FileUrl(html_path)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, engine.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned == 0) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(profile, ec);
  const bool written = std::filesystem::exists(tmp, ec) && std::filesystem::file_size(tmp, ec) > 0;
  if (spawned != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !written) {
    const std::string said = Tail(log, 5);
    std::filesystem::remove(log, ec);
    std::filesystem::remove(tmp, ec);
    std::string why = spawned != 0                ? std::string("could not be started: ") + std::strerror(spawned)
                      : WIFEXITED(status) && WEXITSTATUS(status) != 0 ? "exited with status " + std::to_string(WEXITSTATUS(status))
                      : !WIFEXITED(status)        ? "was stopped by signal " + std::to_string(WTERMSIG(status))
                                                  : "wrote no PDF";
    return Status::IoError("no PDF written: " + engine + " " + why + said);
  }
  std::filesystem::remove(log, ec);
  return exports::PlaceFile(tmp, pdf_path, overwrite);
}

}  // namespace nara::report
