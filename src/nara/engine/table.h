// Columnar in-memory tables: what the indicator engine evaluates over.
//
// A Table is a schema plus one typed vector per column, all of the same length.
// Missing values are sentinels, not bitmaps, to keep rows narrow (see ColumnType).
// Text columns are dictionary-encoded: the column holds int32 codes into
// `dictionary`. Unit columns hold the unit's index in the OrgTree the table was read
// with. Tables are filled by ingest (CSV) or store (SQLite) and are read-only after.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nara::engine {

// Physical storage and null sentinel of each logical type:
//   kBool     uint8  u8   0/1, null 255
//   kEnum     uint8  u8   index into ColumnSchema::enum_values, null 255
//   kInt      int64  i64  null INT64_MIN
//   kReal     double f64  null NaN
//   kDate     int32  i32  Days, null INT32_MIN
//   kMonth    int32  i32  Month, null INT32_MIN
//   kYear     int32  i32  calendar year, null INT32_MIN
//   kInstant  int64  i64  Instant (UTC seconds), null INT64_MIN
//   kText     int32  i32  code into Column::dictionary, null -1
//   kUnit     int32  i32  unit index in the OrgTree, never null
enum class ColumnType : uint8_t { kBool, kEnum, kInt, kReal, kDate, kMonth, kYear, kInstant, kText, kUnit };

inline constexpr uint8_t kNullU8 = 255;
inline constexpr int32_t kNullI32 = std::numeric_limits<int32_t>::min();
inline constexpr int64_t kNullI64 = std::numeric_limits<int64_t>::min();
inline constexpr int32_t kNullText = -1;

const char* ColumnTypeName(ColumnType type);

struct ColumnSchema {
  std::string name;
  ColumnType type = ColumnType::kInt;
  bool nullable = false;
  std::vector<std::string> enum_values;  // kEnum only, in contract spelling
  bool pseudonym = false;                // kText holding patient/employee keys
  // False for row identifiers (call_id, visit_id …): checked for uniqueness when read,
  // but not kept in the engine's Table (its vector stays empty) unless asked for.
  bool stored = true;
  double min = -INFINITY;                // inclusive bounds for kInt/kReal
  double max = INFINITY;

  // Index of an enum value, or -1.
  int EnumIndex(std::string_view value) const;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnSchema> columns;
  std::vector<std::string> key;  // columns whose values identify a row
  // The column that places a row in time by default (SPEC §5 "by"; §7 horizon), and
  // on whose date the unit must be valid. Empty for tables without one (population).
  std::string date_column;

  // Index of a column (case-insensitive), or -1.
  int Find(std::string_view column) const;
};

struct Column {
  ColumnType type = ColumnType::kInt;
  std::vector<uint8_t> u8;
  std::vector<int32_t> i32;
  std::vector<int64_t> i64;
  std::vector<double> f64;
  std::vector<std::string> dictionary;

  size_t size() const;
  // Bytes held by this column's values and dictionary.
  size_t MemoryBytes() const;
  // Room for `rows` values in the vector of the column's type, on huge pages where
  // the kernel grants them (ReserveLarge).
  void Reserve(size_t rows);
  // Appends the type's null sentinel (see ColumnType).
  void AppendNull();
};

struct Table {
  const TableSchema* schema = nullptr;
  size_t rows = 0;
  std::vector<Column> columns;  // parallel to schema->columns

  // Creates empty columns of the schema's types.
  static Table Empty(const TableSchema& schema);
  const Column& column(std::string_view name) const;  // requires an existing column
  size_t MemoryBytes() const;
};

// The fact tables of one extract or store, by contract table name.
struct Dataset {
  std::map<std::string, Table, std::less<>> tables;

  // The table, or nullptr when the extract has none.
  const Table* Find(std::string_view name) const;
  size_t rows() const;
  size_t MemoryBytes() const;
};

}  // namespace nara::engine
