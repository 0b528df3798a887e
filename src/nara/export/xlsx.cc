#include "nara/export/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "nara/base/text.h"
#include "nara/export/cube.h"
#include "nara/export/file.h"
#include "nara/follow/describe.h"

namespace nara::exports {

namespace {

size_t Characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// An Excel number format for `decimals` digits: "#,##0", "#,##0.0", "0.0%".
std::string NumberFormat(int decimals, bool percent) {
  std::string f = percent ? "0" : "#,##0";
  if (decimals > 0) f += "." + std::string(static_cast<size_t>(decimals), '0');
  return percent ? f + "%" : f;
}

// One sheet being written: cells, formats shared through the book, and the widest
// text of each column for its width.
class Sheet {
 public:
  Sheet(lxw_workbook* book, lxw_worksheet* sheet, std::map<std::string, lxw_format*>* formats)
      : book_(book), sheet_(sheet), formats_(formats) {}

  // `widen`: false for a title, which may run over the columns to its right.
  void Text(lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format = nullptr,
            bool widen = true) {
    if (text.empty()) return;
    Check(worksheet_write_string(sheet_, row, col, text.c_str(), format));
    if (widen) Widen(col, Characters(text));
  }

  // `shown`: the number as the format shows it, for the column's width.
  void Number(lxw_row_t row, lxw_col_t col, double v, const std::string& format, size_t shown) {
    if (!std::isfinite(v)) return;
    Check(worksheet_write_number(sheet_, row, col, v, Format(format)));
    Widen(col, shown);
  }

  lxw_format* Format(const std::string& number_format) {
    lxw_format*& f = (*formats_)[number_format];
    if (f == nullptr) {
      f = workbook_add_format(book_);
      if (number_format == "bold") {
        format_set_bold(f);
      } else if (!number_format.empty()) {
        format_set_num_format(f, number_format.c_str());
      }
    }
    return f;
  }

  // Column widths, frozen rows above `first_data_row` and a filter on the header.
  void Finish(lxw_row_t header_row, lxw_row_t last_row, lxw_col_t columns) {
    for (lxw_col_t c = 0; c < columns; ++c) {
      const double width =
          static_cast<double>(std::clamp<size_t>(c < widths_.size() ? widths_[c] + 2 : 8, 6, 80));
      Check(worksheet_set_column(sheet_, c, c, width, nullptr));
    }
    worksheet_freeze_panes(sheet_, header_row + 1, 0);
    Check(worksheet_autofilter(sheet_, header_row, 0, std::max(last_row, header_row), columns - 1));
  }

  // The line chart `c` of this sheet (named `sheet_name`, data rows below a header in
  // row 0), its top left at (row, col).
  void LineChart(const SheetChart& c, const std::string& sheet_name, const std::vector<std::string>& header,
                 lxw_row_t row, lxw_col_t col) {
    if (c.rows == 0 || c.series.empty()) return;
    lxw_chart* chart = workbook_add_chart(book_, LXW_CHART_LINE);
    if (chart == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    chart_title_set_name(chart, c.title.c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    const auto first = static_cast<lxw_row_t>(c.first_row + 1), last = static_cast<lxw_row_t>(c.first_row + c.rows);
    static constexpr uint8_t kDashes[] = {LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH,
                                          LXW_CHART_LINE_DASH_ROUND_DOT};
    for (size_t i = 0; i < c.series.size(); ++i) {
      lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
      if (s == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
      const auto column = static_cast<lxw_col_t>(c.series[i]);
      chart_series_set_categories(s, sheet_name.c_str(), first, static_cast<lxw_col_t>(c.category), last,
                                  static_cast<lxw_col_t>(c.category));
      chart_series_set_values(s, sheet_name.c_str(), first, column, last, column);
      if (static_cast<size_t>(column) < header.size()) chart_series_set_name(s, header[column].c_str());
      lxw_chart_line line{};
      line.dash_type = kDashes[i % 3];
      line.width = 2.25;
      chart_series_set_line(s, &line);
    }
    Check(worksheet_insert_chart(sheet_, row, col, chart));
  }

  lxw_error error() const { return error_; }

 private:
  void Widen(lxw_col_t col, size_t width) {
    if (widths_.size() <= col) widths_.resize(col + 1, 0);
    widths_[col] = std::max(widths_[col], width);
  }
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = e;
  }

  lxw_workbook* book_;
  lxw_worksheet* sheet_;
  std::map<std::string, lxw_format*>* formats_;
  std::vector<size_t> widths_;
  lxw_error error_ = LXW_NO_ERROR;
};

// The width of a number as Excel shows it with `decimals`: digits, separators, sign.
size_t Shown(double v, int decimals, Lang lang, bool percent) {
  return Characters(FormatNumber(v, decimals, lang)) + (percent ? 2 : 0);
}

void WritePerspective(const ScorecardBook& book, const std::string& perspective, Sheet* sheet) {
  const bool sv = book.lang == Lang::kSv;
  const std::vector<std::string> header =
      sv ? std::vector<std::string>{"Indikator", "Mål",    "Utfall",        "Täljare",           "Nämnare",
                                    "n",         "Status", "Föregående år", "Målet för perioden"}
         : std::vector<std::string>{"Indicator", "Target",        "Value",
                                    "Numerator", "Denominator",   "n",
                                    "Status",    "Previous year", "Target for the period"};
  sheet->Text(0, 0, book.title, sheet->Format("bold"), false);
  const lxw_row_t header_row = 2;
  for (size_t c = 0; c < header.size(); ++c)
    sheet->Text(header_row, static_cast<lxw_col_t>(c), header[c], sheet->Format("bold"));
  lxw_row_t row = header_row;
  for (const follow::ScoreRow& r : book.scorecard) {
    if (r.def->perspective != perspective) continue;
    ++row;
    const bool percent = r.def->display == "percent";
    const std::string value_format = NumberFormat(r.decimals, percent);
    auto value = [&](lxw_col_t col, double v) {
      const SheetCell cell = SheetCell::Number(v);
      if (cell.kind != SheetCell::Kind::kNumber) return;
      // A percentage as the fraction Excel formats with %: the figure's decimal digits
      // moved two places (83.5461843947 → 0.835461843947), not multiplied by 0.01,
      // which would add binary noise.
      const double stored =
          percent ? std::strtod((PlainNumber(cell.number) + "e-2").c_str(), nullptr) : cell.number;
      sheet->Number(row, col, stored, value_format, Shown(cell.number, r.decimals, book.lang, percent));
    };
    auto count = [&](lxw_col_t col, double v) {
      const SheetCell cell = SheetCell::Number(v);
      if (cell.kind != SheetCell::Kind::kNumber) return;
      const int decimals = cell.number == std::floor(cell.number) ? 0 : 1;
      sheet->Number(row, col, cell.number, NumberFormat(decimals, false),
                    Shown(cell.number, decimals, book.lang, false));
    };
    const follow::TargetText target = follow::DescribeTarget(r, book.lang);
    sheet->Text(row, 0, r.def->name);
    sheet->Text(row, 1, target.text);
    value(2, r.cell.value);
    count(3, r.cell.numerator);
    count(4, r.cell.denominator);
    count(5, static_cast<double>(r.cell.n));
    sheet->Text(row, 6, follow::StatusText(r.judgement.status, book.lang));
    value(7, r.previous_year_value);
    sheet->Text(row, 8, target.rule);
  }
  sheet->Finish(header_row, row, static_cast<lxw_col_t>(header.size()));
}

void WriteData(const ScorecardBook& book, Sheet* sheet) {
  const std::vector<std::string>& columns = CubeColumns();
  for (size_t c = 0; c < columns.size(); ++c)
    sheet->Text(0, static_cast<lxw_col_t>(c), columns[c], sheet->Format("bold"));
  lxw_row_t row = 0;
  for (const follow::ScoreRow& r : book.cube) {
    ++row;
    std::vector<SheetCell> cells = CubeRecord(r, *book.tree, book.lang);
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (cells[c].kind == SheetCell::Kind::kText) sheet->Text(row, col, cells[c].text);
      if (cells[c].kind == SheetCell::Kind::kNumber) {
        // As the CSV writes it (General format shows up to 11 digits; the cell holds all).
        sheet->Number(row, col, cells[c].number, "",
                      std::min<size_t>(PlainNumber(cells[c].number).size(), 14));
      }
    }
  }
  sheet->Finish(0, row, static_cast<lxw_col_t>(columns.size()));
}

void WriteExtra(const ExtraSheet& extra, Sheet* sheet) {
  for (size_t c = 0; c < extra.header.size(); ++c)
    sheet->Text(0, static_cast<lxw_col_t>(c), extra.header[c], sheet->Format("bold"));
  lxw_row_t row = 0;
  for (const std::vector<SheetCell>& cells : extra.rows) {
    ++row;
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (cells[c].kind == SheetCell::Kind::kText) sheet->Text(row, col, cells[c].text);
      if (cells[c].kind == SheetCell::Kind::kNumber)
        sheet->Number(row, col, cells[c].number, "", std::min<size_t>(PlainNumber(cells[c].number).size(), 14));
    }
  }
  sheet->Finish(0, row, static_cast<lxw_col_t>(std::max<size_t>(extra.header.size(), 1)));
  // A chart is 15 rows high (Excel's default, 288 px); one under the other.
  for (size_t i = 0; i < extra.charts.size(); ++i) {
    sheet->LineChart(extra.charts[i], SheetName(extra.name), extra.header, static_cast<lxw_row_t>(1 + 16 * i),
                     static_cast<lxw_col_t>(extra.header.size() + 1));
  }
}

}  // namespace

std::string SheetName(const std::string& name) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < name.size() && chars < 31; ++chars) {
    size_t len = 1;
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    const std::string ch = name.substr(i, len);
    out += ch.find_first_of("[]:*?/\\") == std::string::npos ? ch : "-";
    i += len;
  }
  return out.empty() ? "-" : out;
}

namespace {

// Writes a workbook to `path` through a temporary file (whole or untouched): `fill`
// gets `add(name, write)`, which adds a sheet named `name` (SheetName) and has
// `write(Sheet*)` fill it.
template <typename Fill>
Status WriteBook(const std::string& path, bool overwrite, Fill fill) {
  NARA_RETURN_IF_ERROR(CheckTarget(path, overwrite));
  const std::string tmp = TemporaryPathFor(path);
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (wb == nullptr) return Status::IoError(path + ": cannot create the workbook");
  std::map<std::string, lxw_format*> formats;
  lxw_error error = LXW_NO_ERROR;
  auto add = [&](const std::string& name, const auto& write) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName(name).c_str());
    if (ws == nullptr) {
      if (error == LXW_NO_ERROR) error = LXW_ERROR_SHEETNAME_ALREADY_USED;
      return;
    }
    Sheet sheet(wb, ws, &formats);
    write(&sheet);
    if (sheet.error() != LXW_NO_ERROR && error == LXW_NO_ERROR) error = sheet.error();
  };
  fill(add);
  const lxw_error closed = workbook_close(wb);  // writes the file and frees the workbook
  if (error == LXW_NO_ERROR) error = closed;
  if (error != LXW_NO_ERROR) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    if (error == LXW_ERROR_SHEETNAME_ALREADY_USED) {
      return Status::Invalid(path + ": two sheets of one name");
    }
    return Status::IoError(path + ": cannot write the workbook: " + lxw_strerror(error));
  }
  return PlaceFile(tmp, path, overwrite);
}

}  // namespace

Status WriteScorecardXlsx(const ScorecardBook& book, const std::string& path, bool overwrite) {
  // Perspectives in the catalogue's order, as the rows come.
  std::vector<std::string> perspectives;
  for (const follow::ScoreRow& r : book.scorecard) {
    if (std::find(perspectives.begin(), perspectives.end(), r.def->perspective) == perspectives.end())
      perspectives.push_back(r.def->perspective);
  }
  return WriteBook(path, overwrite, [&](const auto& add) {
    for (const std::string& p : perspectives) add(p, [&](Sheet* sheet) { WritePerspective(book, p, sheet); });
    add("Data", [&](Sheet* sheet) { WriteData(book, sheet); });
    for (const ExtraSheet& extra : book.extra) add(extra.name, [&](Sheet* sheet) { WriteExtra(extra, sheet); });
  });
}

Status WriteSheetsXlsx(const std::vector<ExtraSheet>& sheets, const std::string& path, bool overwrite) {
  return WriteBook(path, overwrite, [&](const auto& add) {
    for (const ExtraSheet& extra : sheets) add(extra.name, [&](Sheet* sheet) { WriteExtra(extra, sheet); });
  });
}

}  // namespace nara::exports
