#include "nara/store/csv_layout.h"

#include <cstring>

#include "nara/base/text.h"

namespace nara::store {

namespace {

bool Blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

namespace {

// A field's value as the reader takes it: a quoted field without its quotes and with
// doubled quotes single, an unquoted one trimmed.
void AppendValue(std::string_view raw, std::string* out) {
  if (raw.empty() || raw.front() != '"') {
    out->append(Trim(raw));
    return;
  }
  for (size_t i = 1; i < raw.size(); ++i) {
    if (raw[i] == '"') {
      if (i + 1 < raw.size() && raw[i + 1] == '"') {
        out->push_back('"');
        ++i;
        continue;
      }
      return;  // the closing quote
    }
    out->push_back(raw[i]);
  }
}

}  // namespace

CsvLayout::CsvLayout(std::string_view bytes, const engine::TableSchema& schema,
                     const std::vector<int>& capture)
    : captured_(capture.size()) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) {
    text_ = bytes;
  } else {
    transcoded_ = Windows1252ToUtf8(bytes);
    text_ = transcoded_;
  }
  // Records: a line break outside quotes ends one. Quotes only open at a field's
  // start and close before a delimiter or line end in a valid file, so toggling on
  // every quote tracks the state; a doubled quote toggles twice.
  const size_t n = text_.size();
  size_t pos = 0;
  int32_t line = 1;
  bool header = true;
  while (pos < n) {
    size_t start = pos;
    int32_t start_line = line;
    bool quoted = false;
    size_t i = pos;
    for (; i < n; ++i) {
      char c = text_[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\n') {
        if (!quoted) break;
        ++line;
      } else if (c == '\r' && !quoted && (i + 1 >= n || text_[i + 1] != '\n')) {
        break;  // a lone CR ends a record too
      }
    }
    size_t end = i;
    if (i < n) {
      if (text_[i] == '\n') ++line;
      pos = i + 1;
    } else {
      pos = n;
    }
    if (header) {
      header = false;
      // The delimiter is whichever of ',' and ';' the header holds outside quotes.
      bool q = false;
      for (size_t k = start; k < end; ++k) {
        char c = text_[k];
        if (c == '"') q = !q;
        if (!q && c == ';') delimiter_ = ';';
      }
      field_of_column_.assign(schema.columns.size(), -1);
      int field = 0;
      size_t f = start;
      while (f <= end) {
        size_t k = f;
        bool fq = false;
        while (k < end && (fq || text_[k] != delimiter_)) {
          if (text_[k] == '"') fq = !fq;
          ++k;
        }
        std::string name;
        for (size_t x = f; x < k; ++x) {
          if (text_[x] != '"') name += text_[x];
        }
        int c = schema.Find(Trim(name));
        if (c >= 0) field_of_column_[static_cast<size_t>(c)] = field;
        ++field;
        f = k + 1;
      }
      for (int c : capture) capture_fields_.push_back(field_of_column_[static_cast<size_t>(c)]);
      continue;
    }
    if (Blank(text_.substr(start, end - start))) continue;
    record_offsets_.push_back(start);
    record_lines_.push_back(start_line);
    if (!capture_fields_.empty()) Capture(start, end);
  }
}

void CsvLayout::Capture(size_t start, size_t end) {
  for (size_t k = 0; k < capture_fields_.size(); ++k) {
    std::string& value = captured_[k].emplace_back();
    int want = capture_fields_[k];
    if (want < 0) continue;
    // The field's bounds: delimiters outside quotes separate fields.
    int field = 0;
    size_t f = start;
    bool quoted = false;
    size_t i = start;
    for (; i < end; ++i) {
      char c = text_[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter_ && !quoted) {
        if (field == want) break;
        ++field;
        f = i + 1;
      }
    }
    if (field != want) continue;
    std::string_view raw = text_.substr(f, i - f);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    AppendValue(raw, &value);
  }
}

size_t CsvLayout::FieldStart(size_t offset, int field) const {
  bool quoted = false;
  for (size_t i = offset; i < text_.size() && field > 0; ++i) {
    char c = text_[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == delimiter_) {
      if (--field == 0) return i + 1;
    }
  }
  return offset;
}

std::pair<int, int> CsvLayout::Position(size_t row, int column) const {
  size_t offset = record_offsets_[row];
  int field = field_of_column_[static_cast<size_t>(column)];
  if (field > 0) offset = FieldStart(offset, field);
  int32_t line = record_lines_[row];
  size_t line_start = offset;
  while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
  // A field after a quoted line break sits on a later line than its row.
  for (size_t i = record_offsets_[row]; i < offset; ++i) line += text_[i] == '\n';
  int col = 1;
  for (size_t i = line_start; i < offset; ++i) col += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  return {line, col};
}

}  // namespace nara::store
