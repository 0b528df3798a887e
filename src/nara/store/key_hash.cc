#include "nara/store/key_hash.h"

#include <cstring>

namespace nara::store {

using engine::Column;
using engine::ColumnType;

namespace {

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

constexpr uint64_t kNullPart = 0x6E756C6C6E756C6CULL;

}  // namespace

uint64_t HashBytes(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xBF58476D1CE4E5B9ULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = Mix(h ^ w);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = Mix(h ^ w ^ 0xA5);
  }
  return Mix(h);
}

std::vector<uint64_t> KeyHashes(const engine::TableSchema& schema, const engine::Table& table) {
  std::vector<uint64_t> h(table.rows, 0x243F6A8885A308D3ULL);
  uint64_t salt = 1;
  for (const std::string& name : schema.key) {
    int c = schema.Find(name);
    const engine::ColumnSchema& cs = schema.columns[static_cast<size_t>(c)];
    const Column& col = table.columns[static_cast<size_t>(c)];
    salt *= 0x9E3779B97F4A7C15ULL;
    auto add = [&](size_t r, uint64_t part) { h[r] = Mix(h[r] ^ (part + salt)); };
    switch (cs.type) {
      case ColumnType::kText:
      case ColumnType::kUnit: {
        std::vector<uint64_t> dict(col.dictionary.size());
        for (size_t i = 0; i < dict.size(); ++i) dict[i] = HashBytes(col.dictionary[i]);
        for (size_t r = 0; r < table.rows; ++r) {
          int32_t v = col.i32[r];
          add(r, v == engine::kNullText ? kNullPart : dict[static_cast<size_t>(v)]);
        }
        break;
      }
      case ColumnType::kEnum: {
        std::vector<uint64_t> values(cs.enum_values.size());
        for (size_t i = 0; i < values.size(); ++i) values[i] = HashBytes(cs.enum_values[i]);
        for (size_t r = 0; r < table.rows; ++r) {
          uint8_t v = col.u8[r];
          add(r, v == engine::kNullU8 ? kNullPart : values[v]);
        }
        break;
      }
      case ColumnType::kBool:
        for (size_t r = 0; r < table.rows; ++r) add(r, col.u8[r] == engine::kNullU8 ? kNullPart : col.u8[r]);
        break;
      case ColumnType::kInt:
      case ColumnType::kInstant:
        for (size_t r = 0; r < table.rows; ++r) add(r, static_cast<uint64_t>(col.i64[r]));
        break;
      case ColumnType::kReal:
        for (size_t r = 0; r < table.rows; ++r) {
          double v = col.f64[r] == 0 ? 0.0 : col.f64[r];  // -0 and 0 are one value
          uint64_t bits;
          std::memcpy(&bits, &v, 8);
          add(r, bits);
        }
        break;
      case ColumnType::kDate:
      case ColumnType::kMonth:
      case ColumnType::kYear:
        for (size_t r = 0; r < table.rows; ++r)
          add(r, static_cast<uint64_t>(static_cast<int64_t>(col.i32[r])));
        break;
    }
  }
  return h;
}

}  // namespace nara::store
