// Reading CSV extracts of the data contract (SPEC §4) into columnar tables.
//
// The whole file is validated before anything is returned: encoding (UTF-8 with or
// without BOM, else Windows-1252), delimiter (',' or ';' from the header), RFC 4180
// quoting, header (case-insensitive names in any order; unknown, duplicate and
// missing required columns are errors), every value's type, bounds and category,
// texts in any column that look like personal identity numbers, unique keys, and
// units that exist and are valid on the row's date. A failed read is Status::Problems: every
// problem of the file (up to 100, then a count) in file order, each a message id with
// its arguments, the physical line and the field's column name and position (or the
// character position for a problem in no one field); no partial table is returned.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/model/org_tree.h"

namespace nara::ingest {

struct ReadOptions {
  // Keep the row identifiers (call_id …) that the engine does not need; the store
  // keeps them to export files exactly.
  bool keep_identifiers = false;
  // When set, called with the parts of `bytes` (offset, length) a pass of the reader
  // (checking the encoding, counting lines, reading rows) has gone through, in steps
  // of a few MB, possibly from several threads at once and for ranges that overlap
  // (placing a problem counts lines from the file's start): a
  // caller reading a mapped file gives their pages back (MappedFile::Release), so a
  // file of hundreds of MB is never resident whole. A later pass, or a problem's
  // place, reads them again.
  std::function<void(size_t offset, size_t length)> release;
};

// What the store keeps of a file besides its values, from the same read (no second
// scan of the bytes): where each data row starts, where each column stands in the
// header, and the row identifiers (call_id …) as one text per row — the reader's
// dictionary would be its slowest path for millions of distinct ids.
struct ReadPlaces {
  std::vector<int32_t> row_lines;    // the physical line on which each data row starts
  std::vector<int> field_of_column;  // by schema column: its 1-based place in the header, 0 if absent
  // By schema column, for the text columns the engine does not keep (schema `stored`
  // false): each row's value, "" for none. Empty vectors for the other columns.
  std::vector<std::vector<std::string>> identifiers;
};

// Reads and validates a whole file. With `places`, also fills it (on success).
StatusOr<engine::Table> ReadTable(std::string_view file_name, std::string_view bytes,
                                  const engine::TableSchema& schema, const model::OrgTree& tree,
                                  const ReadOptions& options = {}, ReadPlaces* places = nullptr);

// Reads units.csv into unit versions (source = "file:line"); build the tree with
// model::OrgTree::Build.
StatusOr<std::vector<model::UnitVersion>> ReadUnits(std::string_view file_name, std::string_view bytes);

}  // namespace nara::ingest
