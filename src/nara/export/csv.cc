#include "nara/export/csv.h"

#include <charconv>
#include <ostream>

#include "nara/store/canonical.h"

namespace nara::exports {

using engine::ColumnType;

bool ParseDialect(std::string_view name, Dialect* out) {
  if (name == "standard") return *out = Dialect::kStandard, true;
  if (name == "excel-sv") return *out = Dialect::kExcelSv, true;
  return false;
}

const char* DialectName(Dialect dialect) { return dialect == Dialect::kExcelSv ? "excel-sv" : "standard"; }

CsvWriter::CsvWriter(Dialect dialect, bool guard_formulas)
    : delimiter_(dialect == Dialect::kExcelSv ? ';' : ','),
      decimal_mark_(dialect == Dialect::kExcelSv ? ',' : '.'),
      guard_formulas_(guard_formulas),
      line_end_(dialect == Dialect::kExcelSv ? "\r\n" : "\n") {
  if (dialect == Dialect::kExcelSv) text_ = "\xEF\xBB\xBF";
}

void CsvWriter::Separate() {
  if (!first_in_record_) text_ += delimiter_;
  first_in_record_ = false;
}

void CsvWriter::Text(std::string_view text) {
  Separate();
  std::string guarded;
  if (guard_formulas_ && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    guarded = "'" + std::string(text);
    text = guarded;
  }
  text_ += CsvField(text, delimiter_);
}

void CsvWriter::Number(double v, NumberDigits digits) {
  Separate();
  text_ += PlainNumber(v, digits, decimal_mark_);
}

void CsvWriter::Integer(int64_t v) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  text_.append(buf, r.ptr);
}

void CsvWriter::Plain(std::string_view v) {
  Separate();
  text_.append(v);
}

void CsvWriter::Cell(const SheetCell& cell) {
  switch (cell.kind) {
    case SheetCell::Kind::kEmpty:
      Plain("");
      return;
    case SheetCell::Kind::kText:
      Text(cell.text);
      return;
    case SheetCell::Kind::kNumber:
      Number(cell.number);
      return;
  }
}

void CsvWriter::EndRecord() {
  text_ += line_end_;
  first_in_record_ = true;
}

std::string CubeCsv(const std::vector<follow::ScoreRow>& rows, const model::OrgTree& tree, Lang lang,
                    Dialect dialect) {
  CsvWriter w(dialect, /*guard_formulas=*/dialect == Dialect::kExcelSv);
  for (const std::string& column : CubeColumns()) w.Text(column);
  w.EndRecord();
  for (const follow::ScoreRow& r : rows) {
    for (const SheetCell& cell : CubeRecord(r, tree, lang)) w.Cell(cell);
    w.EndRecord();
  }
  return std::move(w.text());
}

void WriteTableCsv(const engine::Table& table, const engine::TableSchema& schema, const model::OrgTree& tree,
                   Dialect dialect, std::ostream& out) {
  CsvWriter w(dialect);
  for (const engine::ColumnSchema& c : schema.columns) w.Text(c.name);
  w.EndRecord();
  std::string value;
  for (size_t r = 0; r < table.rows; ++r) {
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      const engine::ColumnSchema& col = schema.columns[c];
      const engine::Column& column = table.columns[c];
      switch (col.type) {
        case ColumnType::kReal:
          w.Number(column.f64[r], NumberDigits::kRoundTrip);
          break;
        case ColumnType::kText: {
          const int32_t code = column.i32[r];
          w.Text(code == engine::kNullText ? std::string_view()
                                           : column.dictionary[static_cast<size_t>(code)]);
          break;
        }
        case ColumnType::kUnit:
          w.Text(tree.id(column.i32[r]));
          break;
        default:
          // Dates, months, years, local times, 1/0, categories and integers: their
          // canonical texts hold no delimiter, quote or decimal.
          value.clear();
          store::AppendCanonical(col, column, r, false, &value);
          w.Plain(value);
          break;
      }
    }
    w.EndRecord();
    if (w.text().size() > (1 << 20)) {
      out.write(w.text().data(), static_cast<std::streamsize>(w.text().size()));
      w.text().clear();
    }
  }
  out.write(w.text().data(), static_cast<std::streamsize>(w.text().size()));
}

}  // namespace nara::exports
