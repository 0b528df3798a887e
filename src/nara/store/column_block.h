// How the store lays one column of one import batch into a BLOB: a 16-byte header
// and the values, typed and packed so that loading a whole database into the engine
// is a few memory-speed passes rather than millions of SQLite rows.
//
//   header   u8 format (1), u8 kind, u8 width, u8 flags, u32 count, i64 base
//   kU8      count bytes as the engine holds them (bool, enum; null 255)
//   kPacked  integers as (value - base) in `width` bytes (0, 1, 2, 4), the all-ones
//            code for null; or, with width 8, the raw int64 (nulls as their sentinel)
//   kF64     count IEEE doubles (null NaN)
// Text and unit columns are packed dictionary codes plus a dictionary BLOB:
//   u32 n, u32 offsets[n + 1], the UTF-8 bytes of the n strings back to back.
// Unit columns keep unit ids (not tree indexes), so a new tree can read them.
// All numbers little-endian (the store refuses to build elsewhere).
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/engine/table.h"

namespace nara::store {

struct EncodedColumn {
  std::string data;
  std::string dictionary;  // text and unit columns only
};

// Encodes the `rows` values of `column`, of schema type `type`. Unit columns must be
// in store form (codes into a dictionary of unit ids, canonical.h). Without
// `with_dictionary` the dictionary is left empty, for EncodeDictionaryInPieces.
EncodedColumn EncodeColumn(const engine::Column& column, engine::ColumnType type, size_t rows,
                           bool with_dictionary = true);

// Number of values in a block, or an error if its header is not a block's.
StatusOr<size_t> BlockCount(std::string_view block);

// Decodes a block into `out[0, count)`, count = BlockCount(block). The block's kind
// must fit the output: kU8 into uint8_t, kPacked into int32_t/int64_t (nulls become
// `null`), kF64 into double.
Status DecodeU8(std::string_view block, uint8_t* out);
Status DecodeInts(std::string_view block, int32_t null, int32_t* out);
Status DecodeInts(std::string_view block, int64_t null, int64_t* out);
Status DecodeF64(std::string_view block, double* out);

// The strings of a dictionary BLOB, as views into it.
StatusOr<std::vector<std::string_view>> DecodeDictionary(std::string_view blob);
std::string EncodeDictionary(const std::vector<std::string_view>& strings);
// The dictionary BLOB of `strings`: its size, and its bytes handed to `write` in
// order, in pieces of about `piece` bytes: an identifier column (a text per row) is
// written without being encoded whole. Stops at, and returns, write's first error.
size_t DictionarySize(const std::vector<std::string>& strings);
Status EncodeDictionaryInPieces(const std::vector<std::string>& strings, size_t piece,
                                const std::function<Status(std::string_view)>& write);

// A plain array of fixed-width numbers (key hashes, row numbers, line numbers).
template <typename T>
std::string_view AsBytes(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}
template <typename T>
StatusOr<std::vector<T>> FromBytes(std::string_view bytes) {
  if (bytes.size() % sizeof(T) != 0) return Status::Internal("stored array has a broken length");
  std::vector<T> v(bytes.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

}  // namespace nara::store
