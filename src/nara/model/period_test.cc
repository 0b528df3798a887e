#include "nara/model/period.h"

#include <gtest/gtest.h>

namespace nara::model {
namespace {

TEST(PeriodTest, ParsesEveryForm) {
  for (const char* text : {"2024-03", "2024-T1", "2024-Q4", "2024", "2024-YTD-06", "R12-2024-06"}) {
    auto p = ParsePeriod(text);
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_EQ(p->ToString(), text);
  }
  auto t2 = *ParsePeriod("2024-T2");
  EXPECT_EQ(FormatMonth(t2.first), "2024-05");
  EXPECT_EQ(FormatMonth(t2.last), "2024-08");
  auto r12 = *ParsePeriod("R12-2024-02");
  EXPECT_EQ(FormatMonth(r12.first), "2023-03");
  EXPECT_EQ(r12.months(), 12);
  EXPECT_EQ(r12.days(), 366);  // includes 2024-02-29
  auto ytd = *ParsePeriod("2024-YTD-06");
  EXPECT_EQ(ytd.months(), 6);
  EXPECT_EQ(ytd.ShiftYears(-1).ToString(), "2023-YTD-06");
}

TEST(PeriodTest, RejectsNonsense) {
  for (const char* text : {"2024-T4", "2024-Q5", "1800", "2024-13", "R12-2024-13", "2024-YTD-00", "x", "2024-"}) {
    EXPECT_FALSE(ParsePeriod(text).ok()) << text;
  }
  EXPECT_NE(ParsePeriod("2024-T4").status().message().find("T1–T3"), std::string::npos);
}

TEST(PeriodTest, PeriodsOfYear) { EXPECT_EQ(PeriodsOfYear(2024).size(), 44u); }

}  // namespace
}  // namespace nara::model
