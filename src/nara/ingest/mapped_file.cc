#include "nara/ingest/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace nara::ingest {
namespace {

int64_t ModifiedNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

StatusOr<MappedFile> MappedFile::Open(const std::string& path) {
  MappedFile f;
  f.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd_ < 0) return Status::IoError(path + ": cannot open");
  struct stat st {};
  if (::fstat(f.fd_, &st) != 0 || !S_ISREG(st.st_mode)) return Status::IoError(path + ": not a file");
  f.size_ = static_cast<size_t>(st.st_size);
  f.mtime_ns_ = ModifiedNs(st);
  if (f.size_ == 0) return f;
  void* p = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, f.fd_, 0);
  if (p == MAP_FAILED) {
    f.size_ = 0;
    return Status::IoError(path + ": cannot be read");
  }
  f.data_ = static_cast<const char*>(p);
  ::madvise(p, f.size_, MADV_SEQUENTIAL);
  return f;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mtime_ns_(other.mtime_ns_) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mtime_ns_ = other.mtime_ns_;
  }
  return *this;
}

MappedFile::~MappedFile() { Close(); }

void MappedFile::Close() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
  data_ = nullptr;
  fd_ = -1;
  size_ = 0;
}

void MappedFile::Release(size_t offset, size_t length) const {
  if (data_ == nullptr || offset >= size_) return;
  if (length > size_ - offset) length = size_ - offset;
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages only: the mapping starts on a page boundary.
  size_t first = (offset + page - 1) / page * page;
  size_t last = (offset + length) / page * page;
  if (offset + length == size_) last = (size_ + page - 1) / page * page;  // the tail page
  if (last <= first) return;
  ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

bool MappedFile::Unchanged() const {
  struct stat st {};
  if (fd_ < 0) return true;
  if (::fstat(fd_, &st) != 0) return false;
  return static_cast<size_t>(st.st_size) == size_ && ModifiedNs(st) == mtime_ns_;
}

}  // namespace nara::ingest
