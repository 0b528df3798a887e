#include "nara/store/column_block.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace nara::store {

static_assert(std::endian::native == std::endian::little, "the store's BLOBs are little-endian");

namespace {

using engine::Column;
using engine::ColumnType;

constexpr uint8_t kFormat = 1;
constexpr size_t kHeader = 16;
enum Kind : uint8_t { kU8 = 1, kPacked = 2, kF64 = 3 };
constexpr uint8_t kHasNulls = 1;

struct Header {
  uint8_t format = kFormat;
  uint8_t kind = 0;
  uint8_t width = 0;
  uint8_t flags = 0;
  uint32_t count = 0;
  int64_t base = 0;
};
static_assert(sizeof(Header) == kHeader);

std::string Start(const Header& h, size_t payload) {
  std::string out(kHeader + payload, '\0');
  std::memcpy(out.data(), &h, kHeader);
  return out;
}

StatusOr<Header> ReadHeader(std::string_view block) {
  Header h;
  if (block.size() < kHeader) return Status::Internal("stored column block is truncated");
  std::memcpy(&h, block.data(), kHeader);
  if (h.format != kFormat)
    return Status::Internal("stored column block has unknown format " + std::to_string(h.format));
  size_t width = h.kind == kU8 ? 1 : h.kind == kF64 ? 8 : h.width;
  if ((h.kind != kU8 && h.kind != kPacked && h.kind != kF64) ||
      (h.kind == kPacked && width != 0 && width != 1 && width != 2 && width != 4 && width != 8) ||
      block.size() != kHeader + static_cast<size_t>(h.count) * width) {
    return Status::Internal("stored column block is broken");
  }
  return h;
}

template <typename T>
std::string Pack(const T* values, size_t n, T null) {
  Header h;
  h.kind = kPacked;
  h.count = static_cast<uint32_t>(n);
  bool any = false;
  T lo = std::numeric_limits<T>::max(), hi = std::numeric_limits<T>::min();
  for (size_t i = 0; i < n; ++i) {
    T v = values[i];
    if (v == null) {
      h.flags |= kHasNulls;
      continue;
    }
    any = true;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  if (!any) lo = hi = 0;
  uint64_t span =
      static_cast<uint64_t>(static_cast<int64_t>(hi)) - static_cast<uint64_t>(static_cast<int64_t>(lo));
  bool nulls = h.flags & kHasNulls;
  // Codes 0..span for values, and one more (all ones) for null when there are nulls.
  auto fits = [&](int bytes) {
    uint64_t max_code = bytes == 0 ? 0 : (uint64_t{1} << (8 * bytes)) - 1;
    return nulls ? (bytes > 0 && span < max_code) : span <= max_code;
  };
  h.width = fits(0) ? 0 : fits(1) ? 1 : fits(2) ? 2 : fits(4) ? 4 : 8;
  h.base = h.width == 8 ? 0 : static_cast<int64_t>(lo);
  std::string out = Start(h, n * h.width);
  char* p = out.data() + kHeader;
  auto put = [&](auto tag) {
    using U = decltype(tag);
    const U null_code = std::numeric_limits<U>::max();
    U* dst = reinterpret_cast<U*>(p);
    for (size_t i = 0; i < n; ++i) {
      U code = values[i] == null ? null_code : static_cast<U>(static_cast<int64_t>(values[i]) - h.base);
      std::memcpy(dst + i, &code, sizeof(U));
    }
  };
  switch (h.width) {
    case 1:
      put(uint8_t{});
      break;
    case 2:
      put(uint16_t{});
      break;
    case 4:
      put(uint32_t{});
      break;
    case 8:
      for (size_t i = 0; i < n; ++i) {
        int64_t v = values[i] == null ? engine::kNullI64 : static_cast<int64_t>(values[i]);
        std::memcpy(p + 8 * i, &v, 8);
      }
      break;
    default:
      break;
  }
  return out;
}

template <typename U, typename T>
void Unpack(const char* src, size_t n, int64_t base, bool nulls, T null, T* out) {
  const U null_code = std::numeric_limits<U>::max();
  if (!nulls) {
    for (size_t i = 0; i < n; ++i) {
      U code;
      std::memcpy(&code, src + i * sizeof(U), sizeof(U));
      out[i] = static_cast<T>(base + static_cast<int64_t>(code));
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    U code;
    std::memcpy(&code, src + i * sizeof(U), sizeof(U));
    out[i] = code == null_code ? null : static_cast<T>(base + static_cast<int64_t>(code));
  }
}

template <typename T>
Status DecodePacked(std::string_view block, T null, T* out) {
  NARA_ASSIGN_OR_RETURN(Header h, ReadHeader(block));
  if (h.kind != kPacked) return Status::Internal("stored column block holds no integers");
  const char* src = block.data() + kHeader;
  bool nulls = h.flags & kHasNulls;
  size_t n = h.count;
  switch (h.width) {
    case 0:
      for (size_t i = 0; i < n; ++i) out[i] = nulls ? null : static_cast<T>(h.base);
      break;
    case 1:
      Unpack<uint8_t>(src, n, h.base, nulls, null, out);
      break;
    case 2:
      Unpack<uint16_t>(src, n, h.base, nulls, null, out);
      break;
    case 4:
      Unpack<uint32_t>(src, n, h.base, nulls, null, out);
      break;
    default:
      for (size_t i = 0; i < n; ++i) {
        int64_t v;
        std::memcpy(&v, src + 8 * i, 8);
        out[i] = v == engine::kNullI64 ? null : static_cast<T>(v);
      }
      break;
  }
  return Status::Ok();
}

// The dictionary BLOB of `strings` (std::string or std::string_view): a column's own
// dictionary is encoded without a second vector of views (an identifier column has a
// string per row).
template <typename S>
std::string EncodeStrings(const std::vector<S>& strings) {
  size_t bytes = 0;
  for (const S& s : strings) bytes += s.size();
  std::string out(4 + 4 * (strings.size() + 1) + bytes, '\0');
  uint32_t n = static_cast<uint32_t>(strings.size());
  std::memcpy(out.data(), &n, 4);
  char* offsets = out.data() + 4;
  char* text = offsets + 4 * (strings.size() + 1);
  uint32_t at = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    std::memcpy(offsets + 4 * i, &at, 4);
    if (!strings[i].empty()) std::memcpy(text + at, strings[i].data(), strings[i].size());
    at += static_cast<uint32_t>(strings[i].size());
  }
  std::memcpy(offsets + 4 * strings.size(), &at, 4);
  return out;
}

}  // namespace

std::string EncodeDictionary(const std::vector<std::string_view>& strings) { return EncodeStrings(strings); }

size_t DictionarySize(const std::vector<std::string>& strings) {
  size_t bytes = 4 + 4 * (strings.size() + 1);
  for (const std::string& s : strings) bytes += s.size();
  return bytes;
}

Status EncodeDictionaryInPieces(const std::vector<std::string>& strings, size_t piece,
                                const std::function<Status(std::string_view)>& write) {
  std::string out;
  out.reserve(piece + 8);
  auto flush = [&](size_t at_least) -> Status {
    if (out.size() < at_least) return Status::Ok();
    Status s = write(out);
    out.clear();
    return s;
  };
  auto put32 = [&](uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);
    out.append(b, 4);
  };
  put32(static_cast<uint32_t>(strings.size()));
  uint32_t at = 0;
  for (const std::string& s : strings) {
    put32(at);
    at += static_cast<uint32_t>(s.size());
    NARA_RETURN_IF_ERROR(flush(piece));
  }
  put32(at);
  for (const std::string& s : strings) {
    out += s;
    NARA_RETURN_IF_ERROR(flush(piece));
  }
  return flush(1);
}

StatusOr<std::vector<std::string_view>> DecodeDictionary(std::string_view blob) {
  uint32_t n = 0;
  if (blob.size() < 8) return Status::Internal("stored dictionary is truncated");
  std::memcpy(&n, blob.data(), 4);
  size_t head = 4 + 4 * (static_cast<size_t>(n) + 1);
  if (blob.size() < head) return Status::Internal("stored dictionary is truncated");
  std::vector<uint32_t> offsets(n + 1);
  std::memcpy(offsets.data(), blob.data() + 4, 4 * (static_cast<size_t>(n) + 1));
  const char* text = blob.data() + head;
  size_t text_size = blob.size() - head;
  std::vector<std::string_view> out(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (offsets[i] > offsets[i + 1] || offsets[i + 1] > text_size)
      return Status::Internal("stored dictionary is broken");
    out[i] = std::string_view(text + offsets[i], offsets[i + 1] - offsets[i]);
  }
  if (offsets[n] != text_size) return Status::Internal("stored dictionary is broken");
  return out;
}

EncodedColumn EncodeColumn(const Column& column, ColumnType type, size_t rows, bool with_dictionary) {
  EncodedColumn e;
  switch (type) {
    case ColumnType::kBool:
    case ColumnType::kEnum: {
      Header h;
      h.kind = kU8;
      h.count = static_cast<uint32_t>(rows);
      e.data = Start(h, rows);
      if (rows) std::memcpy(e.data.data() + kHeader, column.u8.data(), rows);
      break;
    }
    case ColumnType::kReal: {
      Header h;
      h.kind = kF64;
      h.count = static_cast<uint32_t>(rows);
      e.data = Start(h, rows * 8);
      if (rows) std::memcpy(e.data.data() + kHeader, column.f64.data(), rows * 8);
      break;
    }
    case ColumnType::kInt:
    case ColumnType::kInstant:
      e.data = Pack<int64_t>(column.i64.data(), rows, engine::kNullI64);
      break;
    case ColumnType::kDate:
    case ColumnType::kMonth:
    case ColumnType::kYear:
      e.data = Pack<int32_t>(column.i32.data(), rows, engine::kNullI32);
      break;
    case ColumnType::kText:
    case ColumnType::kUnit: {
      e.data = Pack<int32_t>(column.i32.data(), rows, engine::kNullText);
      if (with_dictionary) e.dictionary = EncodeStrings(column.dictionary);
      break;
    }
  }
  return e;
}

StatusOr<size_t> BlockCount(std::string_view block) {
  NARA_ASSIGN_OR_RETURN(Header h, ReadHeader(block));
  return static_cast<size_t>(h.count);
}

Status DecodeU8(std::string_view block, uint8_t* out) {
  NARA_ASSIGN_OR_RETURN(Header h, ReadHeader(block));
  if (h.kind != kU8) return Status::Internal("stored column block holds no bytes");
  if (h.count) std::memcpy(out, block.data() + kHeader, h.count);
  return Status::Ok();
}

Status DecodeF64(std::string_view block, double* out) {
  NARA_ASSIGN_OR_RETURN(Header h, ReadHeader(block));
  if (h.kind != kF64) return Status::Internal("stored column block holds no numbers");
  if (h.count) std::memcpy(out, block.data() + kHeader, static_cast<size_t>(h.count) * 8);
  return Status::Ok();
}

Status DecodeInts(std::string_view block, int32_t null, int32_t* out) {
  return DecodePacked(block, null, out);
}
Status DecodeInts(std::string_view block, int64_t null, int64_t* out) {
  return DecodePacked(block, null, out);
}

}  // namespace nara::store
