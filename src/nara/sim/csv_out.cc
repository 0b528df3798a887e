#include "nara/sim/csv_out.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <new>

namespace nara::sim {
namespace {

// Requires 0 <= v <= 99.
void PutTwo(char* p, int v) { std::memcpy(p, &kTwoDigits[2 * v], 2); }

void FormatDate10(Days day, char* out) {
  const CivilDate c = Civil(day);
  PutTwo(out, c.year / 100);
  PutTwo(out + 2, c.year % 100);
  out[4] = '-';
  PutTwo(out + 5, c.month);
  out[7] = '-';
  PutTwo(out + 8, c.day);
}

}  // namespace

DateText::DateText(Days first, Days last) : first_(first), last_(last) {
  text_.resize(static_cast<size_t>(last - first + 1) * 10);
  for (Days d = first; d <= last; ++d) FormatDate10(d, &text_[static_cast<size_t>(d - first) * 10]);
}

const char* DateText::Slow(Days day) const {
  slow_.resize(10);
  FormatDate10(day, slow_.data());
  return slow_.data();
}

// Out of line: inlined, the compiler follows short literals into this branch and
// warns about bounds it never reaches.
void RowBuffer::CopyLong(char* p, std::string_view s) {
  const size_t n = s.size();
  if (n <= 32) {  // most unit ids
    std::memcpy(p, s.data(), 16);
    std::memcpy(p + n - 16, s.data() + n - 16, 16);
  } else {
    std::memcpy(p, s.data(), n);
  }
}

void RowBuffer::Grow(size_t n) {
  const size_t capacity = std::max({capacity_ * 2, size_ + n, size_t{1} << 16});
  char* bigger = static_cast<char*>(std::realloc(data_.get(), capacity));
  if (bigger == nullptr) throw std::bad_alloc();
  (void)data_.release();  // realloc freed or kept it
  data_.reset(bigger);
  capacity_ = capacity;
}

RowBuffer& RowBuffer::Quoted(std::string_view s) {
  if (typed_ != nullptr) return TypedText(s);
  if (s.find_first_of(",\"\r\n;") == std::string_view::npos) return Text(s);
  char* p = Room(2 * s.size() + 3);  // every character doubled at most, quotes, comma
  char* q = p;
  *q++ = '"';
  for (char c : s) {
    if (c == '"') *q++ = '"';
    *q++ = c;
  }
  *q++ = '"';
  *q++ = ',';
  size_ += static_cast<size_t>(q - p);
  return *this;
}

char* RowBuffer::PutFixed(char* q, double v, int decimals) {
  static constexpr double kPow[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  static constexpr int64_t kIPow[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  const bool negative = v < 0;
  const double scaled = std::floor(std::fabs(v) * kPow[decimals] + 0.5);
  const int64_t n = static_cast<int64_t>(scaled);
  if (negative && n != 0) *q++ = '-';
  q = std::to_chars(q, q + 20, n / kIPow[decimals]).ptr;
  if (decimals > 0) {
    *q++ = '.';
    int64_t frac = n % kIPow[decimals];
    for (int i = decimals - 1; i >= 0; --i) {
      q[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    q += decimals;
  }
  return q;
}

RowBuffer& RowBuffer::Fixed(double v, int decimals) {
  if (typed_ != nullptr) {  // as the reader parses the text written
    char text[32];
    return TypedText(std::string_view(text, static_cast<size_t>(PutFixed(text, v, decimals) - text)));
  }
  char* p = Room(32);  // sign, 20 digits, point, 6 decimals, comma
  char* q = PutFixed(p, v, decimals);
  *q++ = ',';
  size_ += static_cast<size_t>(q - p);
  return *this;
}

RowBuffer& RowBuffer::Shortest(double v) {
  if (std::isnan(v)) return Null();
  if (typed_ != nullptr) return TypedReal(v);
  char* p = Room(33);
  char* q = std::to_chars(p, p + 32, v).ptr;
  *q++ = ',';
  size_ += static_cast<size_t>(q - p);
  return *this;
}

RowBuffer& RowBuffer::MonthText(Month m) {
  if (typed_ != nullptr) return TypedMonth(m);
  char* p = Room(8);
  const int y = YearOf(m);
  PutTwo(p, y / 100);
  PutTwo(p + 2, y % 100);
  p[4] = '-';
  PutTwo(p + 5, MonthOf(m));
  p[7] = ',';
  size_ += 8;
  return *this;
}

RowBuffer& RowBuffer::DateTime(WallTime t) {
  if (typed_ != nullptr) return TypedDateTime(t);
  const Days day = DayOf(t);
  const int sec = static_cast<int>(t - static_cast<WallTime>(day) * 86400);
  char* p = Room(20);
  std::memcpy(p, dates_->Chars(day), 10);
  p[10] = ' ';
  PutTwo(p + 11, sec / 3600);
  p[13] = ':';
  PutTwo(p + 14, sec / 60 % 60);
  p[16] = ':';
  PutTwo(p + 17, sec % 60);
  p[19] = ',';
  size_ += 20;
  return *this;
}

CsvFile::~CsvFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status CsvFile::Open(const std::string& path, std::string_view header) {
  path_ = path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  std::string line(header);
  line.push_back('\n');
  Write(line.data(), line.size());
  return Status::Ok();
}

void CsvFile::Write(const char* data, size_t size) {
  while (size > 0 && error_ == 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno != EINTR) error_ = errno;
      continue;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void CsvFile::Append(const std::vector<const RowBuffer*>& buffers) {
  if (fd_ < 0) return;
  std::vector<iovec> pieces;
  pieces.reserve(buffers.size());
  for (const RowBuffer* b : buffers) {
    rows_ += b->rows();
    if (b->size() == 0) continue;
    pieces.push_back({const_cast<char*>(b->data().data()), b->size()});
    bytes_ += b->size();
  }
  size_t i = 0;
  while (i < pieces.size() && error_ == 0) {
    const int count = static_cast<int>(std::min<size_t>(pieces.size() - i, IOV_MAX));
    const ssize_t n = ::writev(fd_, &pieces[i], count);
    if (n < 0) {
      if (errno != EINTR) error_ = errno;
      continue;
    }
    // Skip what was written; finish a piece written in part with plain writes.
    size_t done = static_cast<size_t>(n);
    while (i < pieces.size() && done >= pieces[i].iov_len) done -= pieces[i++].iov_len;
    if (done > 0) {
      Write(static_cast<const char*>(pieces[i].iov_base) + done, pieces[i].iov_len - done);
      ++i;
    }
  }
}

Status CsvFile::Close() {
  if (fd_ < 0) return Status::Ok();
  const bool close_failed = ::close(fd_) != 0;
  fd_ = -1;
  if (error_ != 0) return Status::IoError("cannot write " + path_ + ": " + std::strerror(error_));
  if (close_failed) return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace nara::sim
