// Simulated rows straight into the engine's columns (SimulateDataset, simulate.h):
// what a RowBuffer in typed mode writes instead of CSV text. A planning run
// simulates seven years ten times over; formatting 1,7 GB of text per run only for
// the reader to parse it back took three quarters of its time.
//
// The result is the table ingest::ReadTable makes of the same rows (identifiers left
// out, as ReadOptions::keep_identifiers false): each field is converted as the reader
// converts its text (a local date-time with LocalWallToInstant, a decimal through its
// text, a unit id to the tree's index, an enum to its index), dictionaries are in
// first-seen order. The reader's checks (keys unique, units valid on the row's date,
// no personal identity numbers) are not made: the simulator's rows are its own.
// SimTypedTest holds the two equal, table by table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"
#include "nara/engine/table.h"
#include "nara/ingest/csv_scan.h"
#include "nara/model/org_tree.h"

namespace nara::sim {

// How one table's header (the simulator's column order) falls on its schema.
struct TypedLayout {
  const engine::TableSchema* schema = nullptr;
  const model::OrgTree* tree = nullptr;
  std::vector<int> column_of_field;  // by header field: its schema column
  std::vector<int> absent;           // schema columns not in the header (null in every row)
  // By schema column: whether its values are made. Identifiers (a text column the
  // schema does not store) never are; a caller may leave out more (DatasetShape).
  std::vector<bool> keep;
  // For a table of `schema` whose rows are written as `header` (comma separated
  // contract names), keeping the columns `keep` marks (empty: all but identifiers).
  // Fails when a name is not a column of the schema.
  static StatusOr<TypedLayout> Make(const engine::TableSchema& schema, std::string_view header,
                                    const model::OrgTree& tree, const std::vector<bool>& keep = {});
};

// The rows one RowBuffer wrote in typed mode: a piece of a table, with its own
// dictionaries, appended in order to a TypedTable.
class TypedRows {
 public:
  explicit TypedRows(const TypedLayout* layout);

  void Text(std::string_view v);
  void Int(int64_t v);
  void Real(double v);  // exact: a value whose text the reader parses back to v
  void Bool(bool v);
  void Null();
  void Date(Days d);
  void YearMonth(Month m);
  void LocalTime(int64_t wall_seconds);
  void End();
  // True, and the field passed, when its column is not made (a row identifier, call_id
  // …, or one the caller left out): its value need not be.
  bool Skip() {
    if (field_ >= layout_->column_of_field.size() || layout_->keep[static_cast<size_t>(Current())]) return false;
    ++field_;
    return true;
  }
  // Empties the piece (after it was appended).
  void Clear();

  // The first field that could not be converted (a value of the wrong kind for its
  // column): the simulator and the contract disagree. OK otherwise.
  const Status& status() const { return status_; }

 private:
  friend class TypedTable;
  const engine::ColumnSchema& Column() const;
  engine::Column& Out() { return table_.columns[static_cast<size_t>(Current())]; }
  int Current() const;
  void Fail(std::string_view what);
  // A field given as text for a column of another type: parsed as the reader parses it.
  void FromText(std::string_view v);
  // Whether the field has a value to make: false (and the field passed) for one beyond
  // the header (an error) or of a column not made.
  bool Begin();
  void NullOf(int c);

  const TypedLayout* layout_;
  // The rows so far; a text column's `dictionary` holds each row's text (i32 its
  // place there), made a dictionary when the piece is appended.
  engine::Table table_;
  size_t field_ = 0;
  std::string last_unit_text_;
  int last_unit_ = -1;
  Status status_;
};

// A whole table from pieces appended in order (on one thread at a time).
class TypedTable {
 public:
  explicit TypedTable(const TypedLayout* layout);
  // Appends the piece's rows, its texts interned into the table's dictionaries in
  // order, and empties the piece; the piece's error, if it had one.
  Status Append(TypedRows* piece);
  // Reserves room for `rows` rows in the columns made.
  void Reserve(size_t rows);
  // The table; the TypedTable is empty again.
  engine::Table Take();
  size_t rows() const { return table_.rows; }

 private:
  const TypedLayout* layout_;
  engine::Table table_;
  std::vector<ingest::TextInterner> interners_;  // per schema column
};

}  // namespace nara::sim
