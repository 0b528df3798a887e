#include "nara/base/text.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>

namespace nara {
namespace {

TEST(TextTest, Utf8AndWindows1252) {
  EXPECT_TRUE(IsValidUtf8("Vårdcentralen Åsa"));
  EXPECT_FALSE(IsValidUtf8("V\xe5rdcentralen"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));  // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(Windows1252ToUtf8("V\xe5rdcentralen \x80"), "Vårdcentralen €");
  EXPECT_EQ(Windows1252ToUtf8("\xc4\xd6\xe4\xf6"), "ÄÖäö");
}

TEST(TextTest, Booleans) {
  bool b;
  for (const char* t : {"1", "true", "JA", "Yes"}) EXPECT_TRUE(ParseBool(t, &b) && b) << t;
  for (const char* f : {"0", "False", "nej", "NO"}) EXPECT_TRUE(ParseBool(f, &b) && !b) << f;
  EXPECT_FALSE(ParseBool("kanske", &b));
  EXPECT_FALSE(ParseBool("", &b));
}

TEST(TextTest, CsvFieldsQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(CsvField("Varberg"), "Varberg");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Kungsbacka, norra"), "\"Kungsbacka, norra\"");
  EXPECT_EQ(CsvField("säger \"hej\""), "\"säger \"\"hej\"\"\"");
  EXPECT_EQ(CsvField("rad\nrad"), "\"rad\nrad\"");
  EXPECT_EQ(CsvField(" kant"), "\" kant\"");
  EXPECT_EQ(CsvField("a,b", ';'), "a,b");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
}

TEST(PlainNumberTest, NoExponentNoNoise) {
  EXPECT_EQ(PlainNumber(300000), "300000");
  EXPECT_EQ(PlainNumber(300000, NumberDigits::kRoundTrip), "300000");
  EXPECT_EQ(PlainNumber(1e-7), "0.0000001");
  EXPECT_EQ(PlainNumber(1e-7, NumberDigits::kRoundTrip), "0.0000001");
  EXPECT_EQ(PlainNumber(76457.70000000001), "76457.7");
  EXPECT_EQ(PlainNumber(0.1 + 0.2), "0.3");
  EXPECT_EQ(PlainNumber(200.0 / 3), "66.6666666667");
  EXPECT_EQ(PlainNumber(2.0 / 3), "0.6666666667");
  EXPECT_EQ(PlainNumber(-2.5), "-2.5");
  EXPECT_EQ(PlainNumber(-0.0), "0");
  EXPECT_EQ(PlainNumber(-1e-12), "0") << "rounded away, not \"-0\"";
  EXPECT_EQ(PlainNumber(std::nan("")), "");
  EXPECT_EQ(PlainNumber(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(PlainNumber(1e15), "1000000000000000");
  EXPECT_EQ(PlainNumber(9007199254740993.0), "9007199254740992") << "the double holds 2^53";
  EXPECT_EQ(PlainNumber(-123456789012345678.0), "-123456789012345680");
  EXPECT_EQ(PlainNumber(1e20), "100000000000000000000");
  EXPECT_EQ(PlainNumber(1234567.8900000002), "1234567.89");
  EXPECT_EQ(PlainNumber(0.000123456789012345), "0.0001234568");
  EXPECT_EQ(PlainNumber(1.5e-11), "0") << "beyond ten decimals";
  EXPECT_EQ(PlainNumber(1.5e-11, NumberDigits::kRoundTrip), "0.000000000015");
  EXPECT_EQ(PlainNumber(76457.70000000001, NumberDigits::kRoundTrip), "76457.70000000001");
  EXPECT_EQ(PlainNumber(1234.5, NumberDigits::kComputed, ','), "1234,5");
  EXPECT_EQ(PlainNumber(-0.05, NumberDigits::kRoundTrip, ','), "-0,05");
}

// Written with every digit kept, any double reads back to itself, and never with an
// exponent; a computed figure reads back within its rounding.
TEST(PlainNumberTest, RoundTripsRandomDoubles) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-10, 10);
  std::uniform_int_distribution<int> exponent(-12, 17);
  for (int i = 0; i < 20000; ++i) {
    const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
    for (NumberDigits digits : {NumberDigits::kRoundTrip, NumberDigits::kComputed}) {
      const std::string s = PlainNumber(v, digits);
      ASSERT_EQ(s.find_first_of("eE+"), std::string::npos) << s;
      double back = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), back);
      ASSERT_EQ(r.ptr, s.data() + s.size()) << s;
      if (digits == NumberDigits::kRoundTrip) {
        ASSERT_EQ(back, v) << s;
      } else {
        ASSERT_LE(std::fabs(back - v), 1.01 * std::max(0.5e-10, std::fabs(v) * 0.5e-14)) << s << " for " << v;
      }
    }
  }
}

}  // namespace
}  // namespace nara
