// Data contract v1 (SPEC §4): the 17 tables of CSV extracts nara reads, as schemas.
// This is the single place where column names, types, nullability, category values,
// keys, bounds and each table's date column are defined.
#pragma once

#include <string_view>
#include <vector>

#include "nara/engine/table.h"

namespace nara::ingest {

// All tables of the contract, `units` first.
const std::vector<engine::TableSchema>& ContractTables();

// The table named `name` (exact, lower case), or nullptr.
const engine::TableSchema* FindContractTable(std::string_view name);

}  // namespace nara::ingest
