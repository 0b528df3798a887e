#include "nara/export/file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace nara::exports {

namespace fs = std::filesystem;

namespace {

Status Exists(const std::string& path) {
  return Status::Invalid(path + " exists; nara does not replace a file unless told to (--force)");
}

}  // namespace

Status CheckTarget(const std::string& path, bool overwrite) {
  if (path.empty()) return Status::Invalid("no file to write to");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) return Status::Invalid(path + " is a folder; give the name of the file to write");
  if (fs::exists(st) && !overwrite) return Exists(path);
  return Status::Ok();
}

std::string TemporaryPathFor(const std::string& path) {
  const fs::path p(path);
  return (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(getpid()))).string();
}

Status PlaceFile(const std::string& temporary, const std::string& path, bool overwrite) {
  std::error_code ec;
  if (overwrite) {
    fs::rename(temporary, path, ec);
    if (ec) {
      fs::remove(temporary, ec);
      return Status::IoError(path + ": cannot write: " + ec.message());
    }
    return Status::Ok();
  }
  const int linked = link(temporary.c_str(), path.c_str());
  const int err = errno;
  fs::remove(temporary, ec);
  if (linked == 0) return Status::Ok();
  if (err == EEXIST) return Exists(path);
  return Status::IoError(path + ": cannot write: " + std::strerror(err));
}

Status WriteFile(const std::string& path, std::string_view bytes, bool overwrite) {
  NARA_RETURN_IF_ERROR(CheckTarget(path, overwrite));
  const std::string tmp = TemporaryPathFor(path);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError(path + ": cannot write (folder missing or not writable?)");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return Status::IoError(path + ": cannot write");
  }
  return PlaceFile(tmp, path, overwrite);
}

}  // namespace nara::exports
