// Writing extract rows fast and byte-for-byte reproducibly: a RowBuffer collects the
// rows of one table as CSV text (',' separated, '\n' line ends, RFC 4180 quoting only
// where needed), with numbers formatted by hand (integers by std::to_chars, fixed
// decimals by exact rounding) so no locale or printf implementation is involved.
// A CsvFile streams buffers to disk through a large stdio buffer.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/sim/calendar.h"

namespace nara::sim {

class TypedRows;  // typed_out.h

// "YYYY-MM-DD" of the days in a range, computed once.
class DateText {
 public:
  DateText() = default;
  DateText(Days first, Days last);
  // Requires first <= day <= last of the range; other days are formatted slowly.
  std::string_view Date(Days day) const { return std::string_view(Chars(day), 10); }
  // The same ten characters, not terminated.
  const char* Chars(Days day) const {
    if (day < first_ || day > last_) return Slow(day);
    return &text_[static_cast<size_t>(day - first_) * 10];
  }

 private:
  const char* Slow(Days day) const;
  Days first_ = 0, last_ = -1;
  std::string text_;
  mutable std::string slow_;  // only used outside the range, single-threaded tests
};

// "00" to "99", so two digits are one load (numbers, dates and times).
inline constexpr char kTwoDigits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The rows of one table as CSV text. Fields are written through a cursor into a
// buffer grown ahead of them (not std::string appends: the simulation writes
// tens of millions of short fields, and fixed-size copies compile to a few moves).
// In typed mode (set_typed) the same calls fill a TypedRows' engine columns instead,
// and the buffer stays empty: one predictable branch per field in text mode.
class RowBuffer {
 public:
  explicit RowBuffer(const DateText* dates = nullptr) : dates_(dates) {}
  RowBuffer(RowBuffer&& other) noexcept { *this = std::move(other); }
  RowBuffer& operator=(RowBuffer&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    rows_ = std::exchange(other.rows_, 0);
    dates_ = other.dates_;
    typed_ = std::exchange(other.typed_, nullptr);
    return *this;
  }
  void set_dates(const DateText* dates) { dates_ = dates; }
  // Typed mode: the fields go to `typed` (not owned; null: text again).
  void set_typed(TypedRows* typed) { typed_ = typed; }
  TypedRows* typed() const { return typed_; }

  // Inlined everywhere (the compiler left it out of line for Copy's size): most
  // fields of most rows are texts.
  [[gnu::always_inline]] RowBuffer& Text(std::string_view s) {
    if (typed_ != nullptr) [[unlikely]]
      return TypedText(s);
    char* p = Room(s.size() + 1);
    Copy(p, s);
    p[s.size()] = ',';
    size_ += s.size() + 1;
    return *this;
  }
  // Quotes the field when it holds a comma, quote or line break.
  RowBuffer& Quoted(std::string_view s);
  RowBuffer& Int(int64_t v) {
    if (typed_ != nullptr) [[unlikely]]
      return TypedInt(v);
    char* p = Room(21);
    if (v < 0) {
      *p++ = '-';
      ++size_;
    }
    char* end = PutDecimal(p, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
    *end = ',';
    size_ = static_cast<size_t>(end + 1 - data_.get());
    return *this;
  }
  // An identifier: `prefix` followed by the decimal `serial`.
  RowBuffer& Id(std::string_view prefix, int64_t serial) {
    if (typed_ != nullptr) [[unlikely]]
      return TypedId(prefix, serial);
    char* p = Room(prefix.size() + 21);
    Copy(p, prefix);
    char* end = serial >= 0 ? PutDecimal(p + prefix.size(), static_cast<uint64_t>(serial))
                            : std::to_chars(p + prefix.size(), p + prefix.size() + 20, serial).ptr;
    *end = ',';
    size_ = static_cast<size_t>(end + 1 - data_.get());
    return *this;
  }
  // Fixed-point with `decimals` digits after the point (0..6), rounded half away from zero.
  RowBuffer& Fixed(double v, int decimals);
  // Shortest round-trip form (std::to_chars), for coordinates.
  RowBuffer& Shortest(double v);
  RowBuffer& Bool(bool v) {
    if (typed_ != nullptr) [[unlikely]]
      return TypedBool(v);
    char* p = Room(2);
    p[0] = v ? '1' : '0';
    p[1] = ',';
    size_ += 2;
    return *this;
  }
  RowBuffer& Null() {
    if (typed_ != nullptr) [[unlikely]]
      return TypedNull();
    *Room(1) = ',';
    ++size_;
    return *this;
  }
  RowBuffer& Date(Days day) {
    if (typed_ != nullptr) [[unlikely]]
      return TypedDate(day);
    char* p = Room(11);
    std::memcpy(p, dates_->Chars(day), 10);
    p[10] = ',';
    size_ += 11;
    return *this;
  }
  RowBuffer& MonthText(Month m);
  // "YYYY-MM-DD HH:MM:SS", a local wall time that exists (see calendar.h).
  RowBuffer& DateTime(WallTime t);
  // Ends the row: the last separator becomes a line break.
  void End() {
    if (typed_ != nullptr) [[unlikely]] {
      TypedEnd();
    } else {
      data_.get()[size_ - 1] = '\n';
    }
    ++rows_;
  }

  std::string_view data() const { return std::string_view(data_.get(), size_); }
  size_t size() const { return size_; }
  uint64_t rows() const { return rows_; }
  // Keeps the buffer for the next rows.
  void Clear() {
    size_ = 0;
    rows_ = 0;
  }

 private:
  // Where the next `n` bytes go (the buffer grows when they would not fit).
  char* Room(size_t n) {
    if (capacity_ - size_ < n) Grow(n);
    return data_.get() + size_;
  }
  void Grow(size_t n);
  // Writes v in decimal at p (up to 20 characters) and returns the end: what
  // std::to_chars writes, two digits at a time (it measured twice the instructions).
  static char* PutDecimal(char* p, uint64_t v) {
    size_t n = 1;
    for (uint64_t x = v; x >= 10; x /= 10) ++n;
    char* const end = p + n;
    char* q = end;
    while (v >= 100) {
      q -= 2;
      std::memcpy(q, &kTwoDigits[(v % 100) * 2], 2);
      v /= 100;
    }
    if (v >= 10) {
      std::memcpy(q - 2, &kTwoDigits[v * 2], 2);
    } else {
      q[-1] = static_cast<char>('0' + v);
    }
    return end;
  }
  // memcpy of s to p, inline for the short fields that are most of them: two
  // overlapping fixed-size copies that stay within s.
  static void Copy(char* p, std::string_view s) {
    const char* q = s.data();
    const size_t n = s.size();
    if (n >= 8 && n <= 16) {
      std::memcpy(p, q, 8);
      std::memcpy(p + n - 8, q + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(p, q, 4);
      std::memcpy(p + n - 4, q + n - 4, 4);
    } else if (n > 0 && n < 4) {
      p[0] = q[0];
      p[n / 2] = q[n / 2];
      p[n - 1] = q[n - 1];
    } else if (n > 16) {
      CopyLong(p, s);
    }
  }
  static void CopyLong(char* p, std::string_view s);
  // The typed mode's side of each field (typed_out.cc).
  RowBuffer& TypedText(std::string_view s);
  RowBuffer& TypedInt(int64_t v);
  RowBuffer& TypedId(std::string_view prefix, int64_t serial);
  RowBuffer& TypedBool(bool v);
  RowBuffer& TypedNull();
  RowBuffer& TypedDate(Days day);
  RowBuffer& TypedReal(double v);
  RowBuffer& TypedMonth(Month m);
  RowBuffer& TypedDateTime(WallTime t);
  void TypedEnd();
  // The digits of Fixed at q; returns their end.
  static char* PutFixed(char* q, double v, int decimals);
  // malloc'd, so Grow can realloc: large blocks then move by remapping their pages
  // instead of copying them into fresh ones (each first touch of a page is a fault,
  // costly on virtual machines).
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0, capacity_ = 0;
  uint64_t rows_ = 0;
  const DateText* dates_ = nullptr;
  TypedRows* typed_ = nullptr;
};

// One extract file. Row buffers are written as they are, many at once (writev),
// without copying them into another buffer.
class CsvFile {
 public:
  CsvFile() = default;
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  ~CsvFile();

  // Creates `path` (replacing a file of that name) and writes the header line.
  Status Open(const std::string& path, std::string_view header);
  // Appends the rows of the buffers, in order.
  void Append(const std::vector<const RowBuffer*>& buffers);
  void Append(const RowBuffer& buffer) { Append(std::vector<const RowBuffer*>{&buffer}); }
  // Closes; reports any write error since Open.
  Status Close();
  uint64_t bytes() const { return bytes_; }
  uint64_t rows() const { return rows_; }

 private:
  void Write(const char* data, size_t size);
  int fd_ = -1;
  std::string path_;
  uint64_t bytes_ = 0, rows_ = 0;
  int error_ = 0;  // errno of the first failed write
};

}  // namespace nara::sim
