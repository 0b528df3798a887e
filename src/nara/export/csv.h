// CSV as nara writes it for people and programs: the result cube (`nara compute
// --format csv`) and a stored table of the data contract (`nara export`), in one of
// two dialects.
//
// - kStandard: ',' between fields, '.' before decimals, UTF-8 without BOM, LF line
//   ends. What nara reads back and what other programs expect.
// - kExcelSv: what a spreadsheet set up for Sweden opens without an import dialogue:
//   ';' between fields, ',' before decimals, UTF-8 with a BOM (else Excel guesses
//   Windows-1252), CRLF line ends.
// Both quote as RFC 4180 (a field holding the delimiter, a quote or a line break is
// quoted, its quotes doubled). Numbers never have an exponent or thousands
// separators (base/text.h PlainNumber); a value that is not there (suppressed, no
// data) is an empty field.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/engine/table.h"
#include "nara/export/cube.h"
#include "nara/follow/follow_up.h"
#include "nara/model/org_tree.h"

namespace nara::exports {

enum class Dialect { kStandard, kExcelSv };

// "standard" or "excel-sv"; false for anything else.
bool ParseDialect(std::string_view name, Dialect* out);
const char* DialectName(Dialect dialect);

// Builds a CSV text record by record. Starts with the BOM when the dialect has one.
class CsvWriter {
 public:
  // With `guard_formulas`, a text a spreadsheet would take for a formula (one starting
  // with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe,
  // which Excel and LibreOffice show as text: the cube's texts in excel-sv (a target
  // "+10 % mot 2023"). A contract table keeps its texts exact, to be read back.
  explicit CsvWriter(Dialect dialect, bool guard_formulas = false);

  // A text field, quoted when it must be.
  void Text(std::string_view value);
  // A number (PlainNumber with the dialect's decimal mark); empty for NaN.
  void Number(double value, NumberDigits digits = NumberDigits::kComputed);
  void Integer(int64_t value);
  // A field already in its final form (no delimiter, quote or line break in it).
  void Plain(std::string_view value);
  void Cell(const SheetCell& cell);
  // Ends the record with the dialect's line end.
  void EndRecord();

  char delimiter() const { return delimiter_; }
  char decimal_mark() const { return decimal_mark_; }
  std::string& text() { return text_; }

 private:
  void Separate();

  char delimiter_;
  char decimal_mark_;
  bool guard_formulas_;
  const char* line_end_;
  bool first_in_record_ = true;
  std::string text_;
};

// The cube of `rows` (header and one record per row), texts in `lang`; in excel-sv
// no text is read as a formula (CsvWriter's guard_formulas).
std::string CubeCsv(const std::vector<follow::ScoreRow>& rows, const model::OrgTree& tree, Lang lang,
                    Dialect dialect);

// A table of the data contract in its contract columns, as read by ingest::ReadTable
// (with ReadOptions::keep_identifiers, so row identifiers are there) against `tree`:
// every value in its canonical text (store/canonical.h: dates, local times, 1/0,
// categories) except reals, which are written in full (NumberDigits::kRoundTrip) with
// the dialect's decimal mark. Read back by nara, the standard dialect gives the same
// values, and so does excel-sv (nara reads ';' and decimal commas). Written to `out`
// a megabyte at a time; the caller checks the stream.
void WriteTableCsv(const engine::Table& table, const engine::TableSchema& schema, const model::OrgTree& tree,
                   Dialect dialect, std::ostream& out);

}  // namespace nara::exports
