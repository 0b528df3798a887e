// `nara export`: one table of the store as a contract CSV, in a dialect (csv.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nara/base/status.h"
#include "nara/export/csv.h"
#include "nara/store/store.h"

namespace nara::exports {

struct TableExport {
  std::string table;  // contract name, any case
  int64_t rows = 0;   // rows written
};

// Writes every stored row of `table` (all batches, in batch then row order) to
// `out_path`: the store's export (store::Store::Export, canonical values) read back
// with nara's one CSV reader and written again in `dialect` with numbers as people
// write them (csv.h WriteTableCsv). A table without reals in the standard dialect is
// the store's export as it is (its canonical texts are already what WriteTableCsv
// would write, give or take quotes around a ';'). `out_path` is whole or untouched; an existing
// file is replaced only with `overwrite` (else Invalid). NotFound when no batch of the
// table is stored, Invalid for an unknown table.
StatusOr<TableExport> ExportTable(store::Store& db, std::string_view table, Dialect dialect,
                                  const std::string& out_path, bool overwrite);

}  // namespace nara::exports
