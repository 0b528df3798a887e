#include "nara/base/text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace nara
