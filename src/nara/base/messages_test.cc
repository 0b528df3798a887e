#include "nara/base/messages.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace nara {
namespace {

std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 2] == '}') out.insert(std::string(text.substr(i, 3)));
  }
  return out;
}

TEST(MessagesTest, EveryMessageHasBothLanguagesWithTheSamePlaceholders) {
  for (int i = 0; i < static_cast<int>(Msg::kCount_); ++i) {
    Msg id = static_cast<Msg>(i);
    SCOPED_TRACE(i);
    EXPECT_FALSE(MessageTemplate(Lang::kSv, id).empty());
    EXPECT_FALSE(MessageTemplate(Lang::kEn, id).empty());
    EXPECT_EQ(Placeholders(MessageTemplate(Lang::kSv, id)), Placeholders(MessageTemplate(Lang::kEn, id)));
  }
}

TEST(MessagesTest, ArgumentsArePutInPlace) {
  EXPECT_EQ(Say(Lang::kSv, Msg::kAppliedPerYear, {"655 462", "218 487", "2024-T3"}), "655 462 per år → 218 487 för 2024-T3");
  EXPECT_EQ(Say(Lang::kEn, Msg::kErrUnknownUnit, {"x"}), "unknown unit 'x'");
  EXPECT_EQ(Say(Lang::kEn, Msg::kStatusNear), "Near");
}

TEST(MessagesTest, Languages) {
  Lang l;
  EXPECT_TRUE(ParseLang("SV", &l) && l == Lang::kSv);
  EXPECT_TRUE(ParseLang("en", &l) && l == Lang::kEn);
  EXPECT_FALSE(ParseLang("de", &l));
}

TEST(MessagesTest, NumbersAsEachLanguageWritesThem) {
  EXPECT_EQ(FormatNumber(655462, 0, Lang::kSv), "655\u00a0462");
  EXPECT_EQ(FormatNumber(655462, 0, Lang::kEn), "655,462");
  EXPECT_EQ(FormatNumber(95.24, 1, Lang::kSv), "95,2");
  EXPECT_EQ(FormatNumber(95.24, 1, Lang::kEn), "95.2");
  EXPECT_EQ(FormatNumber(-1234.5, 1, Lang::kSv), "\u22121\u00a0234,5");
  EXPECT_EQ(FormatNumber(-1234.5, 1, Lang::kEn), "-1,234.5");
  EXPECT_EQ(FormatNumber(-0.01, 1, Lang::kSv), "0,0");  // rounds to zero: no sign
  EXPECT_EQ(FormatNumber(-0.023394, 2, Lang::kSv), "\u22120,02");
  EXPECT_EQ(FormatNumber(NAN, 1, Lang::kSv), "–");
  EXPECT_EQ(FormatNumber(1e6, 0, Lang::kEn), "1,000,000");
}

}  // namespace
}  // namespace nara
