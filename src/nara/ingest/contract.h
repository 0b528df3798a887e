// Data contract v1.1 (SPEC §4, docs/contract.md): the 20 tables of CSV extracts nara
// reads, as schemas. This is the single place where column names, types, nullability,
// category values, keys, bounds and each table's date column are defined.
//
// Versions: v1.0 has SPEC §4's 17 tables; v1.1 adds caries_risk, dental_children
// (the children's dental capitation, seed 002 §5.1) and clinical_time (Folktandvården's
// clinical time, seed 004). No table is required of an extract, so a v1.0 extract is a
// valid v1.1 extract; a table of either version gets the same checks (key, enums,
// bounds, units valid on the row's date, no personnummer in any text column).
#pragma once

#include <string_view>
#include <vector>

#include "nara/engine/table.h"

namespace nara::ingest {

// The contract's version.
inline constexpr std::string_view kContractVersion = "1.1";

// All tables of the contract, `units` first, then v1.0's in SPEC §4's order, then
// v1.1's.
const std::vector<engine::TableSchema>& ContractTables();

// The contract version that added table `name`: "1.1" for v1.1's tables, "1.0" for
// every other name.
std::string_view ContractTableSince(std::string_view name);

// The table named `name` (exact, lower case), or nullptr.
const engine::TableSchema* FindContractTable(std::string_view name);

}  // namespace nara::ingest
