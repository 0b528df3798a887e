#include "nara/sim/typed_out.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "nara/base/memory.h"
#include "nara/base/text.h"
#include "nara/sim/csv_out.h"

namespace nara::sim {

using engine::ColumnType;

StatusOr<TypedLayout> TypedLayout::Make(const engine::TableSchema& schema, std::string_view header,
                                        const model::OrgTree& tree, const std::vector<bool>& keep) {
  TypedLayout layout;
  layout.schema = &schema;
  layout.tree = &tree;
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    const engine::ColumnSchema& col = schema.columns[c];
    const bool identifier = col.type == ColumnType::kText && !col.stored;
    layout.keep.push_back(!identifier && (keep.empty() || (c < keep.size() && keep[c])));
  }
  std::vector<bool> seen(schema.columns.size(), false);
  for (std::string_view name : Split(header, ',')) {
    const int c = schema.Find(name);
    if (c < 0) return Status::Internal("simulated table " + schema.name + ": no column " + std::string(name));
    layout.column_of_field.push_back(c);
    seen[static_cast<size_t>(c)] = true;
  }
  for (size_t c = 0; c < seen.size(); ++c) {
    if (!seen[c]) layout.absent.push_back(static_cast<int>(c));
  }
  return layout;
}

TypedRows::TypedRows(const TypedLayout* layout) : layout_(layout), table_(engine::Table::Empty(*layout->schema)) {}

int TypedRows::Current() const {
  return field_ < layout_->column_of_field.size() ? layout_->column_of_field[field_] : -1;
}

const engine::ColumnSchema& TypedRows::Column() const {
  return layout_->schema->columns[static_cast<size_t>(Current())];
}

void TypedRows::Fail(std::string_view what) {
  if (status_.ok()) {
    status_ = Status::Internal("simulated table " + layout_->schema->name + ", row " +
                               std::to_string(table_.rows + 1) + ", field " + std::to_string(field_ + 1) + ": " +
                               std::string(what));
  }
  ++field_;
}

void TypedRows::NullOf(int c) {
  if (layout_->keep[static_cast<size_t>(c)]) table_.columns[static_cast<size_t>(c)].AppendNull();
}

bool TypedRows::Begin() {
  if (Current() < 0) {
    Fail("a field beyond the header");
    return false;
  }
  return !Skip();
}

void TypedRows::Null() {
  if (!Begin()) return;
  const int c = Current();
  if (!Column().nullable) return Fail("no value for a column that needs one");
  NullOf(c);
  ++field_;
}

void TypedRows::Text(std::string_view v) {
  if (!Begin()) return;
  if (v.empty()) return Null();
  FromText(v);
}

// As the reader's Convert… of csv_reader.cc.
void TypedRows::FromText(std::string_view v) {
  const engine::ColumnSchema& col = Column();
  engine::Column& out = Out();
  switch (col.type) {
    case ColumnType::kText:  // the row's text, interned when the piece is appended
      if (col.stored) {
        out.i32.push_back(static_cast<int32_t>(out.dictionary.size()));
        out.dictionary.emplace_back(v);
      }
      break;
    case ColumnType::kUnit: {
      if (v != last_unit_text_) {
        last_unit_ = layout_->tree->Find(v);
        if (last_unit_ < 0) return Fail("unknown unit " + std::string(v));
        last_unit_text_.assign(v);
      }
      out.i32.push_back(last_unit_);
      break;
    }
    case ColumnType::kBool: {
      bool b;
      if (!ParseBool(v, &b)) return Fail("not a truth value: " + std::string(v));
      out.u8.push_back(b);
      break;
    }
    case ColumnType::kEnum: {
      int k = col.EnumIndex(v);
      if (k < 0) return Fail("not one of the column's values: " + std::string(v));
      out.u8.push_back(static_cast<uint8_t>(k));
      break;
    }
    case ColumnType::kInt:
    case ColumnType::kYear: {
      int64_t x;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc() || p != v.data() + v.size()) return Fail("not a whole number: " + std::string(v));
      if (col.type == ColumnType::kYear) {
        out.i32.push_back(static_cast<int32_t>(x));
      } else {
        out.i64.push_back(x);
      }
      break;
    }
    case ColumnType::kReal: {
      double x;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc() || p != v.data() + v.size()) return Fail("not a number: " + std::string(v));
      out.f64.push_back(x);
      break;
    }
    case ColumnType::kDate: {
      Days d;
      if (ParseDate(v, &d) != TimeParseError::kNone) return Fail("not a date: " + std::string(v));
      out.i32.push_back(d);
      break;
    }
    case ColumnType::kMonth: {
      Month m;
      if (ParseMonth(v, &m) != TimeParseError::kNone) return Fail("not a month: " + std::string(v));
      out.i32.push_back(m);
      break;
    }
    case ColumnType::kInstant: {
      Instant t;
      if (ParseDateTime(v, &t) != TimeParseError::kNone) return Fail("not a date-time: " + std::string(v));
      out.i64.push_back(t);
      break;
    }
  }
  ++field_;
}

void TypedRows::Int(int64_t v) {
  if (!Begin()) return;
  switch (Column().type) {
    case ColumnType::kInt:
      Out().i64.push_back(v);
      break;
    case ColumnType::kYear:
      Out().i32.push_back(static_cast<int32_t>(v));
      break;
    case ColumnType::kReal:  // the reader's parse of an integer's text is the same double
      Out().f64.push_back(static_cast<double>(v));
      break;
    default: {
      char text[24];
      const auto end = std::to_chars(text, text + sizeof text, v).ptr;
      return FromText(std::string_view(text, static_cast<size_t>(end - text)));
    }
  }
  ++field_;
}

void TypedRows::Real(double v) {
  if (!Begin()) return;
  if (Column().type != ColumnType::kReal) {
    char text[40];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    return FromText(std::string_view(text, static_cast<size_t>(end - text)));
  }
  Out().f64.push_back(v);
  ++field_;
}

void TypedRows::Bool(bool v) {
  if (!Begin()) return;
  if (Column().type != ColumnType::kBool) return FromText(v ? "1" : "0");
  Out().u8.push_back(v);
  ++field_;
}

void TypedRows::Date(Days d) {
  if (!Begin()) return;
  if (Column().type != ColumnType::kDate) return FromText(FormatDate(d));
  Out().i32.push_back(d);
  ++field_;
}

void TypedRows::YearMonth(Month m) {
  if (!Begin()) return;
  if (Column().type != ColumnType::kMonth) return FromText(FormatMonth(m));
  Out().i32.push_back(m);
  ++field_;
}

void TypedRows::LocalTime(int64_t wall_seconds) {
  if (!Begin()) return;
  Instant t;
  if (Column().type != ColumnType::kInstant) return Fail("a date-time for a column of another type");
  if (!LocalWallToInstant(wall_seconds, &t)) return Fail("a local time that does not exist");
  Out().i64.push_back(t);
  ++field_;
}

void TypedRows::End() {
  if (field_ != layout_->column_of_field.size()) {
    Fail("a row of " + std::to_string(field_) + " fields, the header has " +
         std::to_string(layout_->column_of_field.size()));
  }
  for (int c : layout_->absent) NullOf(c);
  ++table_.rows;
  field_ = 0;
}

void TypedRows::Clear() {
  for (engine::Column& col : table_.columns) {
    col.u8.clear();
    col.i32.clear();
    col.i64.clear();
    col.f64.clear();
    col.dictionary.clear();
  }
  table_.rows = 0;
  field_ = 0;
}

TypedTable::TypedTable(const TypedLayout* layout)
    : layout_(layout), table_(engine::Table::Empty(*layout->schema)), interners_(layout->schema->columns.size()) {}

namespace {

// `from`'s values after `to`'s. The table grows by doubling, on huge pages where
// the kernel grants them: a page fault is costly on a virtual machine, and a planning
// run fills some 40 million rows.
template <typename T>
void AppendLarge(std::vector<T>* to, const std::vector<T>& from) {
  if (from.empty()) return;
  if (to->capacity() - to->size() < from.size()) {
    ReserveLarge(to, std::max({to->capacity() * 2, to->size() + from.size(), size_t{1} << 16}));
  }
  to->insert(to->end(), from.begin(), from.end());
}

}  // namespace

Status TypedTable::Append(TypedRows* piece) {
  NARA_RETURN_IF_ERROR(piece->status());
  for (size_t c = 0; c < table_.columns.size(); ++c) {
    engine::Column& to = table_.columns[c];
    engine::Column& from = piece->table_.columns[c];
    if (to.type == ColumnType::kText && !from.dictionary.empty()) {
      for (int32_t& v : from.i32) {
        if (v >= 0) v = interners_[c].Intern(from.dictionary[static_cast<size_t>(v)], &to.dictionary);
      }
    }
    AppendLarge(&to.u8, from.u8);
    AppendLarge(&to.i32, from.i32);
    AppendLarge(&to.i64, from.i64);
    AppendLarge(&to.f64, from.f64);
  }
  table_.rows += piece->table_.rows;
  piece->Clear();  // keeps its buffers for the next month
  return Status::Ok();
}

void TypedTable::Reserve(size_t rows) {
  for (size_t c = 0; c < table_.columns.size(); ++c) {
    if (layout_->keep[c]) table_.columns[c].Reserve(rows);
  }
}

engine::Table TypedTable::Take() {
  engine::Table t = std::move(table_);
  table_ = engine::Table::Empty(*layout_->schema);
  interners_.assign(layout_->schema->columns.size(), ingest::TextInterner());
  return t;
}

}  // namespace nara::sim

// RowBuffer's typed mode (csv_out.h): each call hands its field to the TypedRows.
namespace nara::sim {

RowBuffer& RowBuffer::TypedText(std::string_view s) {
  typed_->Text(s);
  return *this;
}
RowBuffer& RowBuffer::TypedInt(int64_t v) {
  typed_->Int(v);
  return *this;
}
RowBuffer& RowBuffer::TypedId(std::string_view prefix, int64_t serial) {
  if (typed_->Skip()) return *this;
  std::string text(prefix);
  text += std::to_string(serial);
  typed_->Text(text);
  return *this;
}
RowBuffer& RowBuffer::TypedBool(bool v) {
  typed_->Bool(v);
  return *this;
}
RowBuffer& RowBuffer::TypedNull() {
  typed_->Null();
  return *this;
}
RowBuffer& RowBuffer::TypedDate(Days day) {
  typed_->Date(day);
  return *this;
}
RowBuffer& RowBuffer::TypedReal(double v) {
  typed_->Real(v);
  return *this;
}
RowBuffer& RowBuffer::TypedMonth(Month m) {
  typed_->YearMonth(m);
  return *this;
}
RowBuffer& RowBuffer::TypedDateTime(WallTime t) {
  typed_->LocalTime(t);
  return *this;
}
void RowBuffer::TypedEnd() { typed_->End(); }

}  // namespace nara::sim
