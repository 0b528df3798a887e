// Where each data row of a CSV extract starts: its physical line, and the position
// of any of its fields. ingest::ReadTable validates a file and returns its values
// but not their places; the store needs the places to keep each row's line (so a
// later collision can name it) and to point its own messages at a field with the
// reader's "file:line:column". Run only on files ReadTable accepted: encoding,
// delimiter and quoting follow the reader's rules without checking them again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nara/engine/table.h"

namespace nara::store {

class CsvLayout {
 public:
  // Scans `bytes` (a whole file) against `schema`, keeping the values of the schema
  // columns `capture` as the reader reads them (quotes removed, unquoted values
  // trimmed). The store captures row identifiers this way: the reader would put
  // millions of distinct ids through its dictionary, which is its slowest path.
  CsvLayout(std::string_view bytes, const engine::TableSchema& schema, const std::vector<int>& capture = {});

  // Data rows found (blank lines skipped), the header not counted.
  size_t rows() const { return record_offsets_.size(); }
  // 1-based physical line on which data row `row` starts.
  int32_t line(size_t row) const { return record_lines_[row]; }
  const std::vector<int32_t>& lines() const { return record_lines_; }
  // The line and character column (from 1) of the field of schema column `column` in
  // data row `row` (the row's start when the header lacks that column).
  std::pair<int, int> Position(size_t row, int column) const;
  // The values of capture[k], one per data row; empty for an empty value.
  std::vector<std::string>& captured(size_t k) { return captured_[k]; }

 private:
  size_t FieldStart(size_t record_offset, int field) const;
  void Capture(size_t start, size_t end);

  std::string transcoded_;
  std::string_view text_;
  char delimiter_ = ',';
  std::vector<int> field_of_column_;  // by schema column; -1 when not in the header
  std::vector<size_t> record_offsets_;
  std::vector<int32_t> record_lines_;
  std::vector<int> capture_fields_;                 // header field of each captured column
  std::vector<std::vector<std::string>> captured_;  // parallel to capture
};

}  // namespace nara::store
