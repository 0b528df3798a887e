// A file read through a read-only memory map, for extracts of hundreds of MB: the
// reader sees the whole file as one string_view while the process holds only the
// pages it is reading. Pages the reader has passed are given back (Release) and come
// again from the page cache if a problem's place must be found in them.
//
// The file must not be truncated while it is mapped (a read past its new end is
// SIGBUS); Unchanged() tells, after the read, whether it was written meanwhile, so a
// half-written file is refused rather than stored. The store's uploads are its own
// files (0600, in `<db>.uploads`), so nothing else writes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "nara/base/status.h"

namespace nara::ingest {

class MappedFile {
 public:
  // Maps the whole file at `path` (an empty file is an empty view). IoError when it
  // cannot be opened, is not a regular file, or cannot be mapped.
  static StatusOr<MappedFile> Open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

  // Gives back the whole pages inside [offset, offset + length) of the mapping (they
  // stay readable: a later read loads them again). Thread-safe; ranges outside the
  // file are clipped.
  void Release(size_t offset, size_t length) const;

  // Whether the file still has the size and modification time it had when mapped.
  bool Unchanged() const;

 private:
  void Close();

  int fd_ = -1;
  const char* data_ = nullptr;
  size_t size_ = 0;
  int64_t mtime_ns_ = 0;
};

}  // namespace nara::ingest
