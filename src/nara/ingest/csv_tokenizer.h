// The RFC 4180 tokenizer under the CSV reader (an internal detail of ingest; use
// csv_reader.h). It splits a whole in-memory text into records and fields in one
// pass, without copying: fields are offsets into the text.
//
// Dialect: one delimiter (',' or ';'); records end with LF or CRLF (a lone CR is an
// error); a field is quoted if its first non-space character is '"', in which case it
// runs to the matching quote, doubled quotes stand for one, and delimiters, CR and LF
// inside are content; spaces (and tabs) around a field are not part of it. A quote
// inside an unquoted field, anything but spaces between a closing quote and the next
// delimiter, and a quote that never closes are errors.
//
// Speed: the text is scanned 64 bytes at a time for the four structural characters
// (delimiter, '"', CR, LF) into a bitmask, and only those positions are visited.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nara::ingest {

inline constexpr size_t kMaxFieldBytes = 65536;

struct CsvField {
  size_t start = 0;  // offset of the field's first character (for messages)
  size_t begin = 0;  // content, without quotes or surrounding spaces
  size_t end = 0;
  bool quoted = false;
  bool escaped = false;  // quoted and holding doubled quotes: unescape before use
};

enum class CsvError {
  kNone,
  kUnterminatedQuote,   // at the field
  kQuoteInUnquoted,     // at the field
  kAfterClosingQuote,   // at the field
  kLoneCarriageReturn,  // at the CR
  kFieldTooLong,        // at the field: more than kMaxFieldBytes of content
};

// Short English text for a tokenizer error.
const char* CsvErrorText(CsvError error);

class CsvTokenizer {
 public:
  CsvTokenizer(std::string_view text, char delimiter);

  bool AtEnd() const { return pos_ >= text_.size(); }
  // 1-based physical line on which the next record starts.
  int line() const { return line_; }

  // Reads the next record. Stores up to `capacity` fields in `fields` and the number
  // of fields of the record (which may exceed capacity) in *count. Returns false on a
  // syntax error (see error() and error_offset()); the tokenizer is then spent.
  bool Next(CsvField* fields, size_t capacity, size_t* count);

  CsvError error() const { return error_; }
  size_t error_offset() const { return error_offset_; }
  // Offset where the record last returned by Next() starts.
  size_t record_start() const { return record_start_; }

 private:
  // Offset of the next structural character at or after the current scan position,
  // or text_.size() when there is none.
  size_t NextStructural();
  uint64_t Mask(size_t base) const;
  bool Fail(CsvError error, size_t offset);

  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;           // start of the next record
  size_t record_start_ = 0;
  int line_ = 1;
  size_t block_ = 0;         // offset of the 64-byte block `bits_` describes
  uint64_t bits_ = 0;        // structural characters of the block not yet visited
  CsvError error_ = CsvError::kNone;
  size_t error_offset_ = 0;
};

// The content of a field: a view into `text`, or into *scratch when quotes must be
// unescaped (valid until the next call with the same scratch).
std::string_view FieldValue(std::string_view text, const CsvField& field, std::string* scratch);

}  // namespace nara::ingest
