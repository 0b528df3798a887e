// 64-bit hashes of row keys (TableSchema::key), stored with every batch so that a new
// file's keys are checked against millions of stored ones by merging sorted arrays.
// A hash match is only a candidate: the store confirms it on the values themselves.
// The hash is part of the store's format (meta 'key_hash'): it hashes the canonical
// meaning of each key value (text by its bytes, categories by their contract spelling,
// numbers by value), never an in-memory code, so batches read with different
// dictionaries or trees hash alike.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "nara/engine/table.h"

namespace nara::store {

inline constexpr int kKeyHashVersion = 1;

uint64_t HashBytes(std::string_view bytes);

// The key hash of every row of `table`, a store-form table of `schema` (canonical.h).
std::vector<uint64_t> KeyHashes(const engine::TableSchema& schema, const engine::Table& table);

}  // namespace nara::store
