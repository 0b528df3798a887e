// Writing extract rows fast and byte-for-byte reproducibly: a RowBuffer collects the
// rows of one table as CSV text (',' separated, '\n' line ends, RFC 4180 quoting only
// where needed), with numbers formatted by hand (integers by std::to_chars, fixed
// decimals by exact rounding) so no locale or printf implementation is involved.
// A CsvFile streams buffers to disk through a large stdio buffer.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/sim/calendar.h"

namespace nara::sim {

// "YYYY-MM-DD" of the days in a range, computed once.
class DateText {
 public:
  DateText() = default;
  DateText(Days first, Days last);
  // Requires first <= day <= last of the range; other days are formatted slowly.
  std::string_view Date(Days day) const {
    if (day < first_ || day > last_) return Slow(day);
    return std::string_view(&text_[static_cast<size_t>(day - first_) * 10], 10);
  }

 private:
  std::string_view Slow(Days day) const;
  Days first_ = 0, last_ = -1;
  std::string text_;
  mutable std::string slow_;  // only used outside the range, single-threaded tests
};

class RowBuffer {
 public:
  explicit RowBuffer(const DateText* dates = nullptr) : dates_(dates) {}
  void set_dates(const DateText* dates) { dates_ = dates; }

  RowBuffer& Text(std::string_view s) {
    data_.append(s);
    data_.push_back(',');
    return *this;
  }
  // Quotes the field when it holds a comma, quote or line break.
  RowBuffer& Quoted(std::string_view s);
  RowBuffer& Int(int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    data_.append(tmp, r.ptr);
    data_.push_back(',');
    return *this;
  }
  // An identifier: `prefix` followed by the decimal `serial`.
  RowBuffer& Id(std::string_view prefix, int64_t serial) {
    data_.append(prefix);
    return Int(serial);
  }
  // Fixed-point with `decimals` digits after the point (0..6), rounded half away from zero.
  RowBuffer& Fixed(double v, int decimals);
  // Shortest round-trip form (std::to_chars), for coordinates.
  RowBuffer& Shortest(double v);
  RowBuffer& Bool(bool v) {
    data_.append(v ? "1," : "0,");
    return *this;
  }
  RowBuffer& Null() {
    data_.push_back(',');
    return *this;
  }
  RowBuffer& Date(Days day) { return Text(dates_->Date(day)); }
  RowBuffer& MonthText(Month m);
  // "YYYY-MM-DD HH:MM:SS", a local wall time that exists (see calendar.h).
  RowBuffer& DateTime(WallTime t);
  // Ends the row: the last separator becomes a line break.
  void End() {
    data_.back() = '\n';
    ++rows_;
  }

  const std::string& data() const { return data_; }
  size_t size() const { return data_.size(); }
  uint64_t rows() const { return rows_; }
  void Clear() {
    data_.clear();
    rows_ = 0;
  }

 private:
  std::string data_;
  uint64_t rows_ = 0;
  const DateText* dates_;
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
