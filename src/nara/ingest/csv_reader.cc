#include "nara/ingest/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <numeric>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "nara/base/memory.h"
#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_scan.h"
#include "nara/ingest/personnummer.h"

namespace nara::ingest {
namespace {

using engine::Column;
using engine::ColumnSchema;
using engine::ColumnType;

constexpr size_t kMaxField = 65536;

struct Field {
  size_t begin = 0;  // first character of the content (after an opening quote)
  size_t end = 0;
  size_t start = 0;      // where the field starts in the text, for messages
  bool escaped = false;  // quoted, with doubled quotes inside
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Reader {
 public:
  Reader(std::string_view file_name, std::string_view bytes, const engine::TableSchema& schema,
         const model::OrgTree& tree, const ReadOptions& options, ReadPlaces* places)
      : file_(file_name), bytes_(bytes), schema_(schema), tree_(tree), options_(options), places_(places) {
    if (places_) {
      places_->identifiers.assign(schema_.columns.size(), {});
      ids_ = &places_->identifiers;
    }
  }

  StatusOr<engine::Table> Read() {
    NARA_RETURN_IF_ERROR(Decode());
    NARA_RETURN_IF_ERROR(Header());
    const size_t bytes = text_.size() - data_start_;
    const size_t parts =
        std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), bytes / kPartBytes);
    if (parts > 1) {
      auto table = ReadInParts(parts);
      if (table.ok()) return table;
      // A problem somewhere: read again in one piece, so that the message is the
      // one a single pass gives (the first problem of the file, in file order).
      if (places_) *places_ = ReadPlaces{};
      Reader again(file_, bytes_, schema_, tree_, options_, places_);
      NARA_RETURN_IF_ERROR(again.Decode());
      NARA_RETURN_IF_ERROR(again.Header());
      return again.ReadWhole();
    }
    return ReadWhole();
  }

 private:
  // Files this large are read in parts, one per core.
  static constexpr size_t kPartBytes = 4 << 20;
  // The reader gives back what it has read in steps of this size.
  static constexpr size_t kReleaseBytes = 8 << 20;

  // Tells the caller (ReadOptions::release) that [begin, end) of the text has been
  // read: the bytes beneath it are only needed again for a problem's place. A
  // transcoded text is a copy, so the caller's bytes are all passed once decoded.
  void Passed(size_t begin, size_t end) const {
    if (!options_.release || !transcoded_.empty() || end <= begin) return;
    options_.release(static_cast<size_t>(text_.data() - bytes_.data()) + begin, end - begin);
  }

  StatusOr<engine::Table> ReadWhole() {
    engine::Table table = engine::Table::Empty(schema_);
    size_t rows = 0;
    NARA_RETURN_IF_ERROR(ReadRows(data_start_, text_.size(), &table, &rows));
    return Finish(std::move(table), rows);
  }

  // The records of [begin, end) — whole records, begin at a record's start — appended
  // to `table`. A problem in a row is collected and the read goes on with the next
  // record; a problem in the file's structure (a quote never closed) ends it, with the
  // problems found so far, duplicate keys among the rows before it included.
  Status ReadRows(size_t begin, size_t end, engine::Table* table, size_t* rows) {
    dictionaries_.resize(schema_.columns.size());
    dictionary_text_.resize(schema_.columns.size());
    Reserve(begin, end, table);
    end_ = end;
    size_t pos = begin;
    size_t passed = begin;  // given back up to here (ReadOptions::release)
    std::vector<Field> fields;
    while (pos < end) {
      if (pos - passed >= kReleaseBytes) Passed(passed, pos), passed = pos;
      size_t record_start = pos;
      int record_line = line_;
      Status structure = NextRecord(&pos, &fields);
      if (!structure.ok()) {
        Report(structure);
        Duplicates(std::min(*rows, key_hashes_.size()));
        return Failed();
      }
      if (fields.size() == 1 && fields[0].begin == fields[0].end && !fields[0].escaped &&
          Trim(text_.substr(record_start, pos - record_start)).empty()) {
        continue;  // a blank line
      }
      if (fields.size() != header_.size()) {
        Report(Error(
            record_start, Msg::kCsvFieldCount,
            {std::to_string(header_.size()), std::to_string(fields.size()), std::string(1, delimiter_)}));
        continue;
      }
      record_start_ = record_start;
      Row(fields, table);
      if (places_) places_->row_lines.push_back(record_line);
      ++*rows;
      ++id_row_;
    }
    Passed(passed, end);
    end_ = text_.size();
    return Status::Ok();
  }

  StatusOr<engine::Table> Finish(engine::Table table, size_t rows) {
    if (rows == 0 && problems_.empty()) Report(Error(text_.size(), Msg::kCsvNoRows));
    Duplicates(std::min(rows, key_hashes_.size()));
    if (!problems_.empty()) return Failed();
    table.rows = rows;
    if (places_) {
      for (auto& ids : places_->identifiers) {
        if (!ids.empty()) ids.resize(rows);
      }
      places_->field_of_column.assign(schema_.columns.size(), 0);
      for (size_t i = 0; i < header_.size(); ++i)
        places_->field_of_column[header_[i]] = static_cast<int>(i) + 1;
    }
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      if (schema_.columns[c].type == ColumnType::kText)
        table.columns[c].dictionary = std::move(dictionary_text_[c]);
    }
    return table;
  }

  // The first record start at or after `target` (a line end outside quotes: RFC 4180
  // quotes come in pairs, so a line end is outside them when the quotes before it are
  // even in number, counted from `from`, a record start).
  size_t RecordStartAfter(size_t from, size_t target) const {
    bool inside = Count('"', from, target) % 2 != 0;
    for (size_t i = target; i < text_.size(); ++i) {
      if (text_[i] == '"') {
        inside = !inside;
      } else if (text_[i] == '\n' && !inside) {
        return i + 1;
      }
    }
    return text_.size();
  }

  // Reads the records in `parts` pieces side by side, each into its own columns and
  // dictionaries, then appends them in file order, the texts recoded into this
  // reader's dictionaries. Any problem in any piece is returned as it is (Read then
  // reads the file again in one piece for the exact message).
  StatusOr<engine::Table> ReadInParts(size_t parts) {
    std::vector<size_t> starts{data_start_};
    for (size_t k = 1; k < parts; ++k) {
      size_t target = data_start_ + (text_.size() - data_start_) * k / parts;
      starts.push_back(std::max(starts.back(), RecordStartAfter(starts.back(), target)));
    }
    starts.push_back(text_.size());
    std::vector<std::unique_ptr<Reader>> readers;
    std::vector<ReadPlaces> part_places(parts);
    std::vector<engine::Table> tables;
    std::vector<size_t> rows(parts, 0);
    std::vector<Status> status(parts, Status::Ok());
    for (size_t k = 0; k < parts; ++k) {
      tables.push_back(engine::Table::Empty(schema_));
      if (k == 0) continue;
      auto r = std::make_unique<Reader>(file_, bytes_, schema_, tree_, options_,
                                        places_ ? &part_places[k] : nullptr);
      r->AdoptHeader(*this, starts[k]);
      r->ids_ = ids_;
      r->id_row_ = static_cast<size_t>(r->line_ - line_);
      readers.push_back(std::move(r));
    }
    // The first part's columns take all the rows, so appending the others copies
    // each value once.
    Reserve(data_start_, text_.size(), &tables[0]);
    std::vector<std::thread> threads;
    for (size_t k = 1; k < parts; ++k) {
      threads.emplace_back(
          [&, k] { status[k] = readers[k - 1]->ReadRows(starts[k], starts[k + 1], &tables[k], &rows[k]); });
    }
    status[0] = ReadRows(starts[0], starts[1], &tables[0], &rows[0]);
    for (std::thread& t : threads) t.join();
    for (const Status& st : status) NARA_RETURN_IF_ERROR(st);
    if (!problems_.empty()) return Failed();
    for (const auto& r : readers) {
      if (!r->problems_.empty()) return r->Failed();
    }
    engine::Table& table = tables[0];
    size_t total = rows[0];
    for (size_t k = 1; k < parts; ++k) {
      Reader& part = *readers[k - 1];
      for (size_t c = 0; c < schema_.columns.size(); ++c) {
        Column& to = table.columns[c];
        Column& from = tables[k].columns[c];
        if (schema_.columns[c].type == ColumnType::kText && !from.i32.empty()) {
          std::vector<int32_t> recode(part.dictionary_text_[c].size());
          for (size_t code = 0; code < recode.size(); ++code) {
            recode[code] = dictionaries_[c].Intern(part.dictionary_text_[c][code], &dictionary_text_[c]);
          }
          for (int32_t& v : from.i32) v = v < 0 ? v : recode[v];
        }
        to.u8.insert(to.u8.end(), from.u8.begin(), from.u8.end());
        to.i32.insert(to.i32.end(), from.i32.begin(), from.i32.end());
        to.i64.insert(to.i64.end(), from.i64.begin(), from.i64.end());
        to.f64.insert(to.f64.end(), from.f64.begin(), from.f64.end());
        from = Column{from.type};  // each piece is given back once appended
      }
      AppendAndFree(&key_hashes_, &part.key_hashes_);
      AppendAndFree(&key_records_, &part.key_records_);
      if (places_) {
        ReadPlaces& from = part_places[k];
        AppendAndFree(&places_->row_lines, &from.row_lines);
        const size_t slot = readers[k - 1]->id_row_ - rows[k];  // of the part's first line
        for (auto& ids : places_->identifiers) {
          if (ids.empty() || slot == total) continue;
          for (size_t r = 0; r < rows[k]; ++r) ids[total + r] = std::move(ids[slot + r]);
        }
      }
      total += rows[k];
      readers[k - 1].reset();
    }
    return Finish(std::move(table), total);
  }

  // Appends *from to *to and frees *from's storage.
  template <typename T>
  static void AppendAndFree(std::vector<T>* to, std::vector<T>* from) {
    to->insert(to->end(), from->begin(), from->end());
    std::vector<T>().swap(*from);
  }

  // Takes the decoded text and header of `main` to read the records from `begin`.
  void AdoptHeader(const Reader& main, size_t begin) {
    text_ = main.text_;
    end_ = text_.size();
    delimiter_ = main.delimiter_;
    data_start_ = main.data_start_;
    header_ = main.header_;
    absent_ = main.absent_;
    date_column_ = main.date_column_;
    unit_column_ = main.unit_column_;
    key_columns_ = main.key_columns_;
    key_fields_ = main.key_fields_;
    line_ = LineOf(begin);
  }

  // The problem `code` at the character at `offset` of the decoded text: its line,
  // and its character column unless a field is named.
  // A problem past the first kMaxProblems is only counted, so its place is not looked
  // for; the others' lines are counted on from the last place found (problems come in
  // file order but for duplicate keys), so a file bad in every row stays one pass.
  Problem At(size_t offset, Msg code, std::vector<std::string> args) const {
    offset = std::min(offset, text_.size());
    Problem p;
    p.code = code;
    p.file = std::string(file_);
    if (problems_.size() >= kMaxProblems) return p;
    p.args = std::move(args);
    if (offset < place_offset_) place_offset_ = 0, place_line_ = 1, place_line_start_ = 0;
    p.line = place_line_;
    size_t line_start = place_line_start_;
    for (size_t i = place_offset_; i < offset; ++i) {
      if (text_[i] == '\n') {
        ++p.line;
        line_start = i + 1;
      }
    }
    place_offset_ = offset, place_line_ = p.line, place_line_start_ = line_start;
    p.column = 1;
    for (size_t i = line_start; i < offset; ++i)
      p.column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    return p;
  }
  Status Error(size_t offset, Msg code, std::vector<std::string> args = {}) const {
    return Status::Problems({At(offset, code, std::move(args))});
  }

  // Collects the problems of a failed status (kept up to kMaxProblems, the rest counted).
  void Report(const Status& status) {
    for (const Problem& p : status.problems()) {
      if (problems_.size() < kMaxProblems) {
        problems_.push_back(p);
      } else {
        ++more_problems_;
      }
    }
  }

  // The problems collected, in file order.
  Status Failed() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.line, a.field_index, a.column) < std::tie(b.line, b.field_index, b.column);
    });
    return Status::Problems(problems_, more_problems_);
  }
  // A problem in the field of schema column `c` that starts at `offset`.
  Status FieldError(size_t offset, int c, Msg code, std::vector<std::string> args = {}) const {
    Problem p = At(offset, code, std::move(args));
    p.field = schema_.columns[static_cast<size_t>(c)].name;
    for (size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == c) p.field_index = static_cast<int>(i) + 1;
    }
    return Status::Problems({std::move(p)});
  }

  // Whether `b` (the bytes after a BOM) is clean UTF-8 text: no NUL, valid, no BOM
  // inside, no lone carriage return. Checked block by block, each given back after
  // (ReadOptions::release); blocks end before a character, and never between a
  // carriage return and its line feed, so each check sees what it would in the whole.
  bool CleanUtf8(std::string_view b) const {
    const size_t skip = static_cast<size_t>(b.data() - bytes_.data());
    for (size_t at = 0; at < b.size();) {
      size_t end = std::min(b.size(), at + kReleaseBytes);
      while (end < b.size() && (static_cast<unsigned char>(b[end]) & 0xC0) == 0x80) ++end;
      if (end < b.size() && b[end - 1] == '\r') ++end;
      std::string_view block = b.substr(at, end - at);
      bool clean = std::memchr(block.data(), '\0', block.size()) == nullptr && IsValidUtf8(block) &&
                   block.find("\xEF\xBB\xBF") == std::string_view::npos &&
                   FirstLoneCarriageReturn(block) == std::string_view::npos;
      if (options_.release) options_.release(skip + at, end - at);
      if (!clean) return false;
      at = end;
    }
    return true;
  }

  Status Decode() {
    std::string_view b = bytes_;
    if (b.substr(0, 2) == "\xFF\xFE" || b.substr(0, 2) == "\xFE\xFF") {
      text_ = {};
      return Error(0, Msg::kCsvUtf16);
    }
    if (std::string_view t = b.substr(0, 3) == "\xEF\xBB\xBF" ? b.substr(3) : b; CleanUtf8(t)) {
      text_ = t;  // the common case, checked without holding the file
      if (Trim(text_).empty()) return Error(0, Msg::kCsvEmptyFile);
      return Status::Ok();
    }
    const void* nul = std::memchr(b.data(), '\0', b.size());
    bool bom = b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF";
    if (bom) b.remove_prefix(3);
    if (IsValidUtf8(b)) {
      text_ = b;
    } else if (bom) {
      text_ = b;
      return Error(Utf8ErrorOffset(b), Msg::kCsvBadUtf8AfterBom);
    } else if (size_t utf8 = FirstUtf8Sequence(b); utf8 != std::string_view::npos && nul == nullptr) {
      // Valid UTF-8 letters beside bytes that are not: two encodings in one file.
      text_ = b;
      const auto utf8_line = 1 + std::count(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(utf8), '\n');
      return Error(Utf8ErrorOffset(b), Msg::kCsvMixedEncodings, {std::to_string(utf8_line)});
    } else {
      transcoded_ = Windows1252ToUtf8(b);
      text_ = transcoded_;
    }
    if (nul != nullptr) {
      size_t at = text_.find('\0');
      return Error(at == std::string_view::npos ? 0 : at, Msg::kCsvNulByte);
    }
    if (size_t at = text_.find("\xEF\xBB\xBF"); at != std::string_view::npos) {
      return Error(at, Msg::kCsvBomInside);
    }
    if (size_t at = FirstLoneCarriageReturn(text_); at != std::string_view::npos) {
      return Error(at, Msg::kCsvLoneCarriageReturn);
    }
    if (Trim(text_).empty()) return Error(0, Msg::kCsvEmptyFile);
    if (options_.release && !transcoded_.empty()) options_.release(0, bytes_.size());
    return Status::Ok();
  }

  Status Header() {
    end_ = text_.size();
    size_t eol = 0;
    bool quoted = false;
    int commas = 0, semicolons = 0;
    for (; eol < text_.size(); ++eol) {
      char c = text_[eol];
      if (c == '"') quoted = !quoted;
      if (!quoted && c == '\n') break;
      if (!quoted) commas += c == ',', semicolons += c == ';';
    }
    if (commas > 0 && semicolons > 0) {
      return Error(0, Msg::kCsvMixedDelimiters);
    }
    delimiter_ = semicolons > 0 ? ';' : ',';
    size_t pos = 0;
    std::vector<Field> fields;
    NARA_RETURN_IF_ERROR(NextRecord(&pos, &fields));
    data_start_ = pos;
    std::vector<bool> seen(schema_.columns.size(), false);
    for (const Field& f : fields) {
      std::string_view name = Trim(Value(f));
      if (name.empty()) return Error(f.start, Msg::kCsvEmptyColumnName);
      int c = schema_.Find(name);
      if (c < 0) {
        std::string known;
        for (const ColumnSchema& col : schema_.columns) known += (known.empty() ? "" : ", ") + col.name;
        return Error(f.start, Msg::kCsvUnknownColumn, {std::string(name), schema_.name, known});
      }
      if (seen[c]) return Error(f.start, Msg::kCsvColumnTwice, {schema_.columns[c].name});
      seen[c] = true;
      header_.push_back(c);
    }
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      if (!seen[c] && !schema_.columns[c].nullable) {
        return Error(0, Msg::kCsvMissingColumn, {schema_.columns[c].name});
      }
    }
    absent_.clear();
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      if (!seen[c]) absent_.push_back(static_cast<int>(c));
    }
    date_column_ = schema_.date_column.empty() ? -1 : schema_.Find(schema_.date_column);
    unit_column_ = -1;
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      if (schema_.columns[c].type == ColumnType::kUnit) unit_column_ = static_cast<int>(c);
    }
    for (const std::string& k : schema_.key) key_columns_.push_back(schema_.Find(k));
    for (int c : key_columns_) {
      for (size_t i = 0; i < header_.size(); ++i) {
        if (header_[i] == c) key_fields_.push_back(static_cast<int>(i));
      }
    }
    return Status::Ok();
  }

  // Room for as many rows as the text has lines (an upper bound: quoted line breaks
  // and blank lines only make it larger), so no column is copied while it grows.
  void Reserve(size_t begin, size_t end, engine::Table* table) {
    const size_t lines = Count('\n', begin, end) + 1;
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      const ColumnSchema& col = schema_.columns[c];
      if (!col.stored && !options_.keep_identifiers) continue;
      table->columns[c].Reserve(lines);
    }
    const size_t width = key_fields_.size();
    if (width > 0) ReserveLarge(&key_hashes_, lines), ReserveLarge(&key_records_, lines);
    if (places_) {
      ReserveLarge(&places_->row_lines, lines);
      // The identifiers' slots, one per line: each part writes its rows from the slot
      // of its first line (ids_, id_row_), and ReadInParts closes the gaps.
      for (size_t c = 0; ids_ == &places_->identifiers && c < schema_.columns.size(); ++c) {
        if (!schema_.columns[c].stored && (*ids_)[c].size() < lines) (*ids_)[c].resize(lines);
      }
    }
  }

  // How many times `c` occurs in [begin, end) of the text, counted block by block,
  // each given back after (Passed).
  size_t Count(char c, size_t begin, size_t end) const {
    size_t n = 0;
    for (size_t at = begin; at < end;) {
      size_t next = std::min(end, at + kReleaseBytes);
      n += static_cast<size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(at),
                                          text_.begin() + static_cast<std::ptrdiff_t>(next), c));
      Passed(at, next);
      at = next;
    }
    return n;
  }

  // Splits the record starting at *pos into fields; *pos moves past its line end.
  Status NextRecord(size_t* pos, std::vector<Field>* fields) {
    fields->clear();
    size_t i = *pos;
    const size_t n = end_;
    while (true) {
      Field f;
      f.start = i;
      size_t j = i;
      while (j < n && (text_[j] == ' ' || text_[j] == '\t')) ++j;
      if (j < n && text_[j] == '"') {
        f.begin = j + 1;
        size_t k = j + 1;
        while (true) {
          const void* q = std::memchr(text_.data() + k, '"', n - k);
          if (q == nullptr) return Error(j, Msg::kCsvUnterminatedQuote);
          k = static_cast<const char*>(q) - text_.data();
          if (k + 1 < n && text_[k + 1] == '"') {
            f.escaped = true;
            k += 2;
            continue;
          }
          break;
        }
        f.end = k;
        for (size_t x = f.begin; x < f.end; ++x) line_ += text_[x] == '\n';
        i = k + 1;
        while (i < n && (text_[i] == ' ' || text_[i] == '\t')) ++i;
        if (i < n && text_[i] != delimiter_ && text_[i] != '\n' &&
            !(text_[i] == '\r' && i + 1 < n && text_[i + 1] == '\n') && text_[i] != '\r') {
          return Error(i, Msg::kCsvAfterClosingQuote);
        }
      } else {
        f.begin = i;
        size_t k = i;
        while (k < n) {
          char c = text_[k];
          if (c == delimiter_ || c == '\n' || c == '\r') break;
          if (c == '"') return Error(k, Msg::kCsvQuoteInUnquoted);
          ++k;
        }
        f.end = k;
        i = k;
      }
      if (f.end - f.begin > kMaxField) return Error(f.start, Msg::kCsvFieldTooLong);
      fields->push_back(f);
      if (i >= n) {
        *pos = n;
        return Status::Ok();
      }
      char c = text_[i];
      if (c == delimiter_) {
        ++i;
        continue;
      }
      if (c == '\r') {
        if (i + 1 < n && text_[i + 1] == '\n') ++i;
      }
      ++line_;
      *pos = i + 1;
      return Status::Ok();
    }
  }

  std::string_view Value(const Field& f) {
    std::string_view v = text_.substr(f.begin, f.end - f.begin);
    if (!f.escaped) return v;
    scratch_.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      scratch_ += v[i];
      if (v[i] == '"') ++i;  // a doubled quote
    }
    return scratch_;
  }

  bool IsQuoted(const Field& f) const { return f.begin > f.start && text_[f.begin - 1] == '"'; }

  Status Bad(const Field& f, int c, Msg code, std::vector<std::string> args = {}) const {
    return FieldError(f.start, c, code, std::move(args));
  }

  static std::string Quote(std::string_view v) {
    if (v.size() > 60) return "'" + std::string(v.substr(0, 57)) + "…'";
    return "'" + std::string(v) + "'";
  }

  // Converts one record's fields into the table. Every field's problem is collected;
  // a field in error gets no value (so the columns stay aligned), and the unit's
  // validity is checked only on a row without problems.
  void Row(const std::vector<Field>& fields, engine::Table* table) {
    bool ok = true;
    for (size_t i = 0; i < fields.size(); ++i) {
      int c = header_[i];
      const ColumnSchema& col = schema_.columns[c];
      std::string_view v = Value(fields[i]);
      if (!IsQuoted(fields[i])) v = Trim(v);
      Status converted = Convert(fields[i], col, c, v, &table->columns[c]);
      if (!converted.ok()) {
        Report(converted);
        AppendNull(col, &table->columns[c]);
        ok = false;
      }
    }
    for (int c : absent_) {
      Status converted = Convert(Field{}, schema_.columns[c], c, {}, &table->columns[c]);
      if (!converted.ok()) {
        Report(converted);
        AppendNull(schema_.columns[c], &table->columns[c]);
        ok = false;
      }
    }
    if (!key_fields_.empty()) Key(fields);
    if (ok && unit_column_ >= 0 && date_column_ >= 0) Report(UnitValid(fields, *table));
  }

  // No value for `col` in the row (an empty field, or one in error).
  void AppendNull(const ColumnSchema& col, Column* out) const {
    if (col.type == ColumnType::kText && !col.stored && !options_.keep_identifiers) return;
    out->AppendNull();
  }

  Status Convert(const Field& f, const ColumnSchema& col, int c, std::string_view v, Column* out) {
    if (v.empty()) {
      if (!col.nullable) return Bad(f, c, Msg::kValueRequired);
      AppendNull(col, out);
      if (col.type == ColumnType::kText && !col.stored && ids_) (*ids_)[static_cast<size_t>(c)][id_row_].clear();
      return Status::Ok();
    }
    switch (col.type) {
      case ColumnType::kText:
        return ConvertText(f, col, c, v, out);
      case ColumnType::kUnit:
        return ConvertUnit(f, col, c, v, out);
      case ColumnType::kBool:
        return ConvertBool(f, col, c, v, out);
      case ColumnType::kEnum:
        return ConvertEnum(f, col, c, v, out);
      case ColumnType::kInt:
      case ColumnType::kYear:
        return ConvertWhole(f, col, c, v, out);
      case ColumnType::kReal:
        return ConvertReal(f, col, c, v, out);
      case ColumnType::kDate:
        return ConvertDate(f, col, c, v, out);
      case ColumnType::kMonth:
        return ConvertMonth(f, col, c, v, out);
      case ColumnType::kInstant:
        return ConvertInstant(f, col, c, v, out);
    }
    return Status::Ok();
  }

  // A text: refused when it looks like a personal identity number, in any column (an
  // id or a name can carry one as well as a pseudonym can); kept in the column's
  // dictionary, or as the row's identifier.
  Status ConvertText(const Field& f, const ColumnSchema& col, int c, std::string_view v, Column* out) {
    if (LooksLikePersonnummer(v)) {
      return Bad(f, c, Msg::kValuePersonnummer);
    }
    if (!col.stored && ids_) (*ids_)[static_cast<size_t>(c)][id_row_].assign(v);
    if (!col.stored && !options_.keep_identifiers) return Status::Ok();
    out->i32.push_back(dictionaries_[c].Intern(v, &dictionary_text_[c]));
    return Status::Ok();
  }

  // A unit id of the tree.
  Status ConvertUnit(const Field& f, const ColumnSchema& /*col*/, int c, std::string_view v, Column* out) {
    // Extracts come sorted by unit more often than not: the previous row's unit
    // first, then the table of units seen.
    if (v == last_unit_text_) {
      out->i32.push_back(last_unit_);
      return Status::Ok();
    }
    auto it = units_.find(v);
    int u;
    if (it == units_.end()) {
      u = tree_.Find(v);
      // An identity number in the unit column is not quoted back in the message.
      if (u < 0 && LooksLikePersonnummer(v)) return Bad(f, c, Msg::kValuePersonnummer);
      if (u < 0) return Bad(f, c, Msg::kValueUnknownUnit, {Quote(v)});
      units_.emplace(std::string(v), u);
    } else {
      u = it->second;
    }
    last_unit_text_.assign(v);
    last_unit_ = u;
    out->i32.push_back(u);
    return Status::Ok();
  }

  // ja/nej, true/false, yes/no or 1/0.
  Status ConvertBool(const Field& f, const ColumnSchema& /*col*/, int c, std::string_view v, Column* out) {
    bool b;
    if (!ParseBool(v, &b)) return Bad(f, c, Msg::kValueBool, {Quote(v)});
    out->u8.push_back(b);
    return Status::Ok();
  }

  // One of the contract's categories.
  Status ConvertEnum(const Field& f, const ColumnSchema& col, int c, std::string_view v, Column* out) {
    // As the contract spells it (nearly always), else in any case.
    for (size_t k = 0; k < col.enum_values.size(); ++k) {
      if (v == col.enum_values[k]) {
        out->u8.push_back(static_cast<uint8_t>(k));
        return Status::Ok();
      }
    }
    for (size_t k = 0; k < col.enum_values.size(); ++k) {
      if (EqualsIgnoreCase(v, col.enum_values[k])) {
        out->u8.push_back(static_cast<uint8_t>(k));
        return Status::Ok();
      }
    }
    std::string allowed;
    for (const auto& e : col.enum_values) allowed += (allowed.empty() ? "" : ", ") + e;
    return Bad(f, c, Msg::kValueNotOneOf, {Quote(v), allowed});
  }

  // A whole number (or a year) within the column's bounds.
  Status ConvertWhole(const Field& f, const ColumnSchema& col, int c, std::string_view v, Column* out) {
    int64_t x;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size()) return Bad(f, c, Msg::kValueWholeNumber, {Quote(v)});
    if (x < col.min)
      return Bad(f, c, Msg::kValueBelowMinimum,
                 {std::to_string(x), std::to_string(static_cast<int64_t>(col.min))});
    if (x > col.max)
      return Bad(f, c, Msg::kValueAboveMaximum,
                 {std::to_string(x), std::to_string(static_cast<int64_t>(col.max))});
    if (col.type == ColumnType::kYear) {
      out->i32.push_back(static_cast<int32_t>(x));
    } else {
      out->i64.push_back(x);
    }
    return Status::Ok();
  }

  // A number within the column's bounds; a decimal comma in a ';' file.
  Status ConvertReal(const Field& f, const ColumnSchema& col, int c, std::string_view v, Column* out) {
    std::string_view s = v;
    std::string tmp;
    if (delimiter_ == ';' && v.find(',') != std::string_view::npos) {
      tmp.assign(v);
      for (char& ch : tmp) ch = ch == ',' ? '.' : ch;
      s = tmp;
    }
    double x;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(x)) {
      return Bad(f, c, delimiter_ == ';' ? Msg::kValueNumberDecimalComma : Msg::kValueNumber, {Quote(v)});
    }
    if (x < col.min)
      return Bad(f, c, Msg::kValueBelowMinimum, {Quote(v), std::to_string(static_cast<int64_t>(col.min))});
    if (x > col.max)
      return Bad(f, c, Msg::kValueAboveMaximum, {Quote(v), std::to_string(static_cast<int64_t>(col.max))});
    out->f64.push_back(x);
    return Status::Ok();
  }

  // YYYY-MM-DD.
  Status ConvertDate(const Field& f, const ColumnSchema& /*col*/, int c, std::string_view v, Column* out) {
    Days d;
    TimeParseError e = ParseDate(v, &d);
    if (e == TimeParseError::kBadDate) return Bad(f, c, Msg::kValueNoSuchDate, {Quote(v)});
    if (e != TimeParseError::kNone) return Bad(f, c, Msg::kValueDate, {Quote(v)});
    out->i32.push_back(d);
    return Status::Ok();
  }

  // YYYY-MM.
  Status ConvertMonth(const Field& f, const ColumnSchema& /*col*/, int c, std::string_view v, Column* out) {
    Month m;
    TimeParseError e = ParseMonth(v, &m);
    if (e == TimeParseError::kBadDate) return Bad(f, c, Msg::kValueNoSuchMonth, {Quote(v)});
    if (e != TimeParseError::kNone) return Bad(f, c, Msg::kValueMonth, {Quote(v)});
    out->i32.push_back(m);
    return Status::Ok();
  }

  // A date-time in Swedish local time, or with Z or an offset.
  Status ConvertInstant(const Field& f, const ColumnSchema& /*col*/, int c, std::string_view v, Column* out) {
    Instant t;
    TimeParseError e = ParseDateTime(v, &t);
    switch (e) {
      case TimeParseError::kNone:
        out->i64.push_back(t);
        return Status::Ok();
      case TimeParseError::kBadDate:
        return Bad(f, c, Msg::kValueNoSuchDate, {Quote(v)});
      case TimeParseError::kBadTime:
        return Bad(f, c, Msg::kValueNoSuchTime, {Quote(v)});
      case TimeParseError::kNonexistent:
        return Bad(f, c, Msg::kValueNonexistentLocalTime, {Quote(v)});
      default:
        return Bad(f, c, Msg::kValueDateTime, {Quote(v)});
    }
  }

  // Records the row's key as a hash and where its record starts; duplicates are found
  // in one pass at the end (FirstDuplicate), which reads memory in order instead of
  // probing a hash table per row, and only rows whose hashes meet are read again.
  void Key(const std::vector<Field>& fields) {
    uint64_t h = 0;
    for (int i : key_fields_) h = h * 1000003u ^ std::hash<std::string_view>{}(Trim(Value(fields[i])));
    key_hashes_.push_back(h);
    key_records_.push_back(record_start_);
  }

  // The key values of a row already read, and where each starts in the text.
  std::vector<std::pair<std::string, size_t>> KeyOf(size_t row) {
    const int line = line_;
    size_t pos = key_records_[row];
    std::vector<Field> fields;
    (void)NextRecord(&pos, &fields);  // read once already, without a problem
    line_ = line;
    std::vector<std::pair<std::string, size_t>> key;
    for (int i : key_fields_) key.emplace_back(std::string(Trim(Value(fields[i]))), fields[i].start);
    return key;
  }

  int LineOf(size_t offset) const { return 1 + static_cast<int>(Count('\n', 0, offset)); }

  // Every row (< rows) whose key an earlier row already has, as a problem naming the
  // first row with that key.
  void Duplicates(size_t rows) {
    const size_t width = key_fields_.size();
    if (width == 0 || rows < 2) return;
    // Each row as (upper 32 bits of its hash, row) in one word, sorted in place (no
    // second array beside millions of rows): rows ascend within equal upper bits.
    // Runs of equal upper bits are a handful of rows, compared by the whole hash and
    // then by their values.
    std::vector<uint64_t> order;
    ReserveLarge(&order, rows);
    order.resize(rows);
    for (size_t r = 0; r < rows; ++r) order[r] = (key_hashes_[r] & ~0xFFFFFFFFull) | r;
    std::sort(order.begin(), order.end());
    auto row_of = [&](size_t i) { return static_cast<uint32_t>(order[i]); };
    auto same = [&](uint32_t a, uint32_t b) {
      if (key_hashes_[a] != key_hashes_[b]) return false;
      auto ka = KeyOf(a), kb = KeyOf(b);
      for (size_t k = 0; k < width; ++k) {
        if (ka[k].first != kb[k].first) return false;
      }
      return true;
    };
    // Within a run the rows ascend, so the first match of a row is the earliest row
    // with its key.
    for (size_t i = 0; i < rows;) {
      size_t j = i + 1;
      while (j < rows && order[j] >> 32 == order[i] >> 32) ++j;
      for (size_t x = i + 1; x < j; ++x) {
        for (size_t y = i; y < x; ++y) {
          if (!same(row_of(x), row_of(y))) continue;
          auto values = KeyOf(row_of(x));
          std::string key;
          for (size_t k = 0; k < width; ++k) {
            key += (k ? ", " : "") + schema_.columns[key_columns_[k]].name + " " + Quote(values[k].first);
          }
          Report(Error(values[0].second, Msg::kCsvDuplicateKey,
                       {key, std::to_string(LineOf(key_records_[row_of(y)]))}));
          break;
        }
      }
      i = j;
    }
  }

  // OK, or the problem of a unit not valid on the row's date.
  Status UnitValid(const std::vector<Field>& fields, const engine::Table& table) {
    const Column& uc = table.columns[unit_column_];
    const Column& dc = table.columns[date_column_];
    int unit = uc.i32.back();
    Days first, last;
    switch (dc.type) {
      case ColumnType::kInstant:
        first = last = LocalDay(dc.i64.back());
        break;
      case ColumnType::kMonth:
        first = last = FirstDayOfMonth(dc.i32.back());
        break;
      case ColumnType::kYear:
        first = DaysFromCivil(dc.i32.back(), 1, 1);
        last = DaysFromCivil(dc.i32.back(), 12, 31);
        break;
      default:
        first = last = dc.i32.back();
        break;
    }
    for (const model::UnitVersion& v : tree_.versions(unit)) {
      if (v.valid_from <= last && v.valid_to >= first) return Status::Ok();
    }
    const model::UnitVersion& latest = tree_.Latest(unit);
    std::string from = FormatDate(tree_.versions(unit).front().valid_from);
    size_t at = 0;
    for (size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == unit_column_) at = fields[i].start;
    }
    const bool year = dc.type == ColumnType::kYear;
    std::string when = year ? std::to_string(dc.i32.back()) : FormatDate(first);
    if (latest.valid_to == model::kOpenEnded) {
      return FieldError(at, unit_column_, year ? Msg::kUnitNotValidInFrom : Msg::kUnitNotValidOnFrom,
                        {tree_.id(unit), when, from});
    }
    return FieldError(at, unit_column_, year ? Msg::kUnitNotValidInRange : Msg::kUnitNotValidOnRange,
                      {tree_.id(unit), when, from, FormatDate(latest.valid_to)});
  }

  static constexpr size_t kMaxProblems = 100;
  std::vector<Problem> problems_;
  size_t more_problems_ = 0;
  // The last place At() found: its offset, line and the line's start.
  mutable size_t place_offset_ = 0;
  mutable int place_line_ = 1;
  mutable size_t place_line_start_ = 0;

  std::string_view file_;
  std::string_view bytes_;
  const engine::TableSchema& schema_;
  const model::OrgTree& tree_;
  ReadOptions options_;
  ReadPlaces* places_;

  std::string transcoded_;
  std::string_view text_;
  size_t end_ = std::string_view::npos;  // records are read up to here (a part's end)
  char delimiter_ = ',';
  size_t data_start_ = 0;
  int line_ = 1;
  std::vector<int> header_;  // field index → schema column
  std::vector<int> absent_;  // nullable columns not in the header
  int date_column_ = -1;
  int unit_column_ = -1;
  std::vector<int> key_columns_;
  std::vector<int> key_fields_;
  std::string scratch_;
  std::vector<TextInterner> dictionaries_;
  std::vector<std::vector<std::string>> dictionary_text_;  // per column
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> units_;
  std::string last_unit_text_;  // the unit of the previous row, and its index
  int last_unit_ = -1;
  std::vector<uint64_t> key_hashes_;  // per row read
  std::vector<size_t> key_records_;   // per row read: where its record starts
  size_t record_start_ = 0;           // of the record being read
  // Where the row identifiers go (ReadPlaces::identifiers, the main reader's for every
  // part), and the slot of the row being read.
  std::vector<std::vector<std::string>>* ids_ = nullptr;
  size_t id_row_ = 0;
};

}  // namespace

StatusOr<engine::Table> ReadTable(std::string_view file_name, std::string_view bytes,
                                  const engine::TableSchema& schema, const model::OrgTree& tree,
                                  const ReadOptions& options, ReadPlaces* places) {
  return Reader(file_name, bytes, schema, tree, options, places).Read();
}

}  // namespace nara::ingest
