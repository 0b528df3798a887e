#include "nara/engine/table.h"

#include <cassert>
#include <strings.h>

#include "nara/base/memory.h"

namespace nara::engine {

const char* ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kBool: return "boolean";
    case ColumnType::kEnum: return "enum";
    case ColumnType::kInt: return "integer";
    case ColumnType::kReal: return "number";
    case ColumnType::kDate: return "date";
    case ColumnType::kMonth: return "month";
    case ColumnType::kYear: return "year";
    case ColumnType::kInstant: return "date-time";
    case ColumnType::kText: return "text";
    case ColumnType::kUnit: return "unit";
  }
  return "?";
}

int ColumnSchema::EnumIndex(std::string_view value) const {
  for (size_t i = 0; i < enum_values.size(); ++i) {
    if (enum_values[i] == value) return static_cast<int>(i);
  }
  return -1;
}

int TableSchema::Find(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& n = columns[i].name;
    if (n.size() == column.size() && strncasecmp(n.data(), column.data(), n.size()) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

size_t Column::size() const {
  switch (type) {
    case ColumnType::kBool:
    case ColumnType::kEnum: return u8.size();
    case ColumnType::kInt:
    case ColumnType::kInstant: return i64.size();
    case ColumnType::kReal: return f64.size();
    default: return i32.size();
  }
}

size_t Column::MemoryBytes() const {
  size_t bytes = u8.size() + i32.size() * 4 + i64.size() * 8 + f64.size() * 8;
  for (const std::string& s : dictionary) bytes += sizeof(std::string) + (s.size() > 15 ? s.size() : 0);
  return bytes;
}

void Column::Reserve(size_t rows) {
  switch (type) {
    case ColumnType::kBool:
    case ColumnType::kEnum:
      ReserveLarge(&u8, rows);
      break;
    case ColumnType::kInt:
    case ColumnType::kInstant:
      ReserveLarge(&i64, rows);
      break;
    case ColumnType::kReal:
      ReserveLarge(&f64, rows);
      break;
    default:
      ReserveLarge(&i32, rows);
      break;
  }
}

void Column::AppendNull() {
  switch (type) {
    case ColumnType::kBool:
    case ColumnType::kEnum:
      u8.push_back(kNullU8);
      break;
    case ColumnType::kInt:
    case ColumnType::kInstant:
      i64.push_back(kNullI64);
      break;
    case ColumnType::kReal:
      f64.push_back(NAN);
      break;
    case ColumnType::kText:
      i32.push_back(kNullText);
      break;
    default:
      i32.push_back(kNullI32);
      break;
  }
}

Table Table::Empty(const TableSchema& schema) {
  Table t;
  t.schema = &schema;
  for (const ColumnSchema& c : schema.columns) {
    Column col;
    col.type = c.type;
    t.columns.push_back(std::move(col));
  }
  return t;
}

const Column& Table::column(std::string_view name) const {
  int i = schema->Find(name);
  assert(i >= 0);
  return columns[i];
}

size_t Table::MemoryBytes() const {
  size_t bytes = 0;
  for (const Column& c : columns) bytes += c.MemoryBytes();
  return bytes;
}

const Table* Dataset::Find(std::string_view name) const {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

size_t Dataset::rows() const {
  size_t n = 0;
  for (const auto& [name, table] : tables) n += table.rows;
  return n;
}

size_t Dataset::MemoryBytes() const {
  size_t n = 0;
  for (const auto& [name, table] : tables) n += table.MemoryBytes();
  return n;
}

}  // namespace nara::engine
