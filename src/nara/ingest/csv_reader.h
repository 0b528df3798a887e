// Reading CSV extracts of the data contract (SPEC §4) into columnar tables.
//
// The whole file is validated before anything is returned: encoding (UTF-8 with or
// without BOM, else Windows-1252), delimiter (',' or ';' from the header), RFC 4180
// quoting, header (case-insensitive names in any order; unknown, duplicate and
// missing required columns are errors), every value's type, bounds and category,
// pseudonyms that look like personal identity numbers, unique keys, and units that
// exist and are valid on the row's date. A failed read is Status::Problems: every
// problem of the file (up to 100, then a count) in file order, each a message id with
// its arguments, the physical line and the field's column name and position (or the
// character position for a problem in no one field); no partial table is returned.
#pragma once

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
};

StatusOr<engine::Table> ReadTable(std::string_view file_name, std::string_view bytes,
                                  const engine::TableSchema& schema, const model::OrgTree& tree,
                                  const ReadOptions& options = {});

// Reads units.csv into unit versions (source = "file:line"); build the tree with
// model::OrgTree::Build.
StatusOr<std::vector<model::UnitVersion>> ReadUnits(std::string_view file_name, std::string_view bytes);

// True if `value` looks like a Swedish personal identity or coordination number:
// YYYYMMDD-NNNN / YYMMDD-NNNN (also with '+') with a plausible date, or 10 or 12
// digits with a plausible date and a valid check digit.
bool LooksLikePersonnummer(std::string_view value);

}  // namespace nara::ingest
