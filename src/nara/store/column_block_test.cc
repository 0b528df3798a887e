#include "nara/store/column_block.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "nara/store/canonical.h"
#include "nara/store/key_hash.h"

namespace nara::store {
namespace {

using engine::Column;
using engine::ColumnType;

template <typename T>
std::vector<T> RoundTrip(const std::vector<T>& values, ColumnType type, T null,
                         size_t* width_bytes = nullptr) {
  Column c;
  if constexpr (sizeof(T) == 4) {
    c.i32 = values;
  } else {
    c.i64 = values;
  }
  EncodedColumn e = EncodeColumn(c, type, values.size());
  if (width_bytes) *width_bytes = (e.data.size() - 16) / std::max<size_t>(values.size(), 1);
  auto n = BlockCount(e.data);
  EXPECT_TRUE(n.ok());
  EXPECT_EQ(*n, values.size());
  std::vector<T> out(values.size());
  EXPECT_TRUE(DecodeInts(e.data, null, out.data()).ok());
  return out;
}

TEST(ColumnBlockTest, IntegersPackToTheNarrowestWidth) {
  struct Case {
    std::vector<int64_t> values;
    size_t width;
  } cases[] = {
      {{}, 0},
      {{7, 7, 7}, 0},
      {{engine::kNullI64, engine::kNullI64}, 1},
      {{100, 355}, 1},
      {{100, 355, engine::kNullI64}, 2},
      {{-5, 65530}, 2},
      {{0, 1 << 20, engine::kNullI64}, 4},
      {{0, 4294967295LL}, 4},
      {{0, 4294967295LL, engine::kNullI64}, 8},
      {{std::numeric_limits<int64_t>::min() + 1, std::numeric_limits<int64_t>::max(), engine::kNullI64}, 8},
  };
  for (const Case& c : cases) {
    size_t width = 99;
    EXPECT_EQ(RoundTrip<int64_t>(c.values, ColumnType::kInt, engine::kNullI64, &width), c.values);
    if (!c.values.empty()) {
      EXPECT_EQ(width, c.width) << c.values.size();
    }
  }
  std::vector<int32_t> dates = {engine::kNullI32, 19000, 19723, std::numeric_limits<int32_t>::max(), -3};
  EXPECT_EQ(RoundTrip<int32_t>(dates, ColumnType::kDate, engine::kNullI32), dates);
}

TEST(ColumnBlockTest, RandomColumnsRoundTrip) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    size_t n = rng() % 300;
    int bits = static_cast<int>(rng() % 64);
    bool nulls = rng() % 2;
    std::vector<int64_t> v(n);
    for (int64_t& x : v) {
      x = static_cast<int64_t>(rng() >> (64 - std::max(bits, 1))) - (bits > 2 ? int64_t{1} << (bits - 2) : 0);
      if (nulls && rng() % 5 == 0) x = engine::kNullI64;
    }
    EXPECT_EQ(RoundTrip<int64_t>(v, ColumnType::kInstant, engine::kNullI64), v);
  }
}

TEST(ColumnBlockTest, BytesRealsAndDictionaries) {
  Column c;
  c.u8 = {0, 1, engine::kNullU8, 2};
  EncodedColumn e = EncodeColumn(c, ColumnType::kEnum, 4);
  std::vector<uint8_t> u8(4);
  ASSERT_TRUE(DecodeU8(e.data, u8.data()).ok());
  EXPECT_EQ(u8, c.u8);
  Column r;
  r.f64 = {1.5, -0.0, NAN, 1e300, 0.1};
  e = EncodeColumn(r, ColumnType::kReal, 5);
  std::vector<double> f(5);
  ASSERT_TRUE(DecodeF64(e.data, f.data()).ok());
  EXPECT_EQ(std::memcmp(f.data(), r.f64.data(), 5 * sizeof(double)), 0);
  Column t;
  t.dictionary = {"", "Sören", "a,b"};
  t.i32 = {2, engine::kNullText, 0, 1};
  e = EncodeColumn(t, ColumnType::kText, 4);
  auto dict = DecodeDictionary(e.dictionary);
  ASSERT_TRUE(dict.ok());
  EXPECT_EQ(std::vector<std::string>(dict->begin(), dict->end()), t.dictionary);
  std::vector<int32_t> codes(4);
  ASSERT_TRUE(DecodeInts(e.data, engine::kNullText, codes.data()).ok());
  EXPECT_EQ(codes, t.i32);
  // Wrong kinds and broken blocks are errors, not crashes.
  EXPECT_FALSE(DecodeF64(e.data, f.data()).ok());
  EXPECT_FALSE(BlockCount(e.data.substr(0, e.data.size() - 1)).ok());
  EXPECT_FALSE(BlockCount("short").ok());
  EXPECT_FALSE(DecodeDictionary(e.dictionary.substr(0, e.dictionary.size() - 1)).ok());
  EXPECT_FALSE(DecodeDictionary(std::string("\xff\xff\xff\x0f\0\0\0\0", 8)).ok());
}

// A dictionary written in pieces (an identifier column, straight into its BLOB) is
// the same BLOB as one encoded whole, whatever the piece size.
TEST(ColumnBlockTest, DictionaryInPiecesIsTheWholeOne) {
  std::mt19937 rng(7);
  for (size_t n : {0, 1, 5, 300}) {
    Column t;
    for (size_t i = 0; i < n; ++i) t.dictionary.push_back(std::string(rng() % 20, static_cast<char>('a' + rng() % 26)));
    const std::string whole = EncodeColumn(t, ColumnType::kText, 0).dictionary;
    EXPECT_EQ(DictionarySize(t.dictionary), whole.size());
    EXPECT_TRUE(EncodeColumn(t, ColumnType::kText, 0, false).dictionary.empty());
    for (size_t piece : {1, 3, 64, 1 << 20}) {
      std::string joined;
      size_t pieces = 0;
      Status st = EncodeDictionaryInPieces(t.dictionary, piece, [&](std::string_view p) {
        joined += p;
        ++pieces;
        return Status::Ok();
      });
      ASSERT_TRUE(st.ok());
      EXPECT_EQ(joined, whole) << n << " strings in pieces of " << piece;
      if (piece == 1 << 20) {
        EXPECT_EQ(pieces, 1u);
      }
    }
    // The writer's error ends it.
    size_t calls = 0;
    Status refused = EncodeDictionaryInPieces(t.dictionary, 1, [&](std::string_view) {
      ++calls;
      return Status::IoError("disk full");
    });
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(calls, 1u);
  }
}

TEST(CanonicalTest, ValuesAsExportWritesThem) {
  auto text = [](const engine::ColumnSchema& s, const Column& c, size_t row) {
    std::string out;
    AppendCanonical(s, c, row, true, &out);
    return out;
  };
  engine::ColumnSchema when{"at", ColumnType::kInstant};
  Column t;
  t.i64 = {1729989000 /* 2024-10-27 00:30Z = 02:30 summer time */, 1729989000 + 3600, engine::kNullI64};
  EXPECT_EQ(text(when, t, 0), "2024-10-27 02:30:00");
  EXPECT_EQ(text(when, t, 1), "2024-10-27 02:30:00+01:00");
  EXPECT_EQ(text(when, t, 2), "");
  engine::ColumnSchema amount{"amount", ColumnType::kReal};
  Column a;
  a.f64 = {300000, 0.0000001, 76457.70000000001, -1250.5, NAN, 0.1};
  EXPECT_EQ(text(amount, a, 0), "300000");
  EXPECT_EQ(text(amount, a, 1), "0.0000001");
  EXPECT_EQ(text(amount, a, 2), "76457.70000000001");  // every digit: it reads back the same
  EXPECT_EQ(text(amount, a, 3), "-1250.5");
  EXPECT_EQ(text(amount, a, 4), "");
  EXPECT_EQ(text(amount, a, 5), "0.1");
  engine::ColumnSchema name{"name", ColumnType::kText};
  Column n;
  n.dictionary = {"plain", "a,b", "say \"hi\"", " pad", "semi;colon", "two\nlines"};
  n.i32 = {0, 1, 2, 3, 4, 5};
  EXPECT_EQ(text(name, n, 0), "plain");
  EXPECT_EQ(text(name, n, 1), "\"a,b\"");
  EXPECT_EQ(text(name, n, 2), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(text(name, n, 3), "\" pad\"");
  EXPECT_EQ(text(name, n, 4), "\"semi;colon\"");
  EXPECT_EQ(text(name, n, 5), "\"two\nlines\"");
}

TEST(KeyHashTest, HashesMeaningNotCodes) {
  engine::TableSchema schema;
  schema.name = "t";
  schema.columns = {{"id", ColumnType::kText}, {"month", ColumnType::kMonth}};
  schema.key = {"id", "month"};
  engine::Table a = engine::Table::Empty(schema), b = engine::Table::Empty(schema);
  a.rows = b.rows = 2;
  a.columns[0].dictionary = {"x", "y"};
  a.columns[0].i32 = {0, 1};
  b.columns[0].dictionary = {"y", "x"};
  b.columns[0].i32 = {1, 0};
  a.columns[1].i32 = b.columns[1].i32 = {5, 5};
  EXPECT_EQ(KeyHashes(schema, a), KeyHashes(schema, b));
  EXPECT_NE(KeyHashes(schema, a)[0], KeyHashes(schema, a)[1]);
  b.columns[1].i32 = {5, 6};
  EXPECT_NE(KeyHashes(schema, a)[1], KeyHashes(schema, b)[1]);
}

}  // namespace
}  // namespace nara::store
