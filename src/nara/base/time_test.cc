#include "nara/base/time.h"

#include <gtest/gtest.h>

namespace nara {
namespace {

Instant Local(const char* text) {
  Instant t = 0;
  EXPECT_EQ(ParseDateTime(text, &t), TimeParseError::kNone) << text;
  return t;
}

TEST(TimeTest, CivilRoundTrip) {
  for (Days d = DaysFromCivil(1999, 1, 1); d < DaysFromCivil(2031, 1, 1); ++d) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(Weekday(DaysFromCivil(2024, 3, 31)), 6);  // a Sunday
}

TEST(TimeTest, LeapDays) {
  Days d;
  EXPECT_EQ(ParseDate("2024-02-29", &d), TimeParseError::kNone);
  EXPECT_EQ(ParseDate("2023-02-29", &d), TimeParseError::kBadDate);
  EXPECT_EQ(ParseDate("2024-02-30", &d), TimeParseError::kBadDate);
  EXPECT_EQ(ParseDate("1900-02-29", &d), TimeParseError::kBadDate);
  EXPECT_EQ(ParseDate("2000-02-29", &d), TimeParseError::kNone);
  EXPECT_EQ(ParseDate("2024-2-29", &d), TimeParseError::kBadFormat);
}

TEST(TimeTest, SwedishSummerTime) {
  // 2024: summer time from 2024-03-31 01:00Z to 2024-10-27 01:00Z.
  EXPECT_EQ(Local("2024-03-31 01:59"), Local("2024-03-31T00:59:00Z"));
  EXPECT_EQ(Local("2024-03-31 03:00"), Local("2024-03-31T01:00:00Z"));
  Instant t;
  EXPECT_EQ(ParseDateTime("2024-03-31 02:30", &t), TimeParseError::kNonexistent);
  // The repeated autumn hour is read as summer time.
  EXPECT_EQ(Local("2024-10-27 02:30"), Local("2024-10-27T00:30:00Z"));
  EXPECT_EQ(Local("2024-10-27 03:00"), Local("2024-10-27T02:00:00Z"));
  EXPECT_EQ(Local("2024-07-01 12:00"), Local("2024-07-01T12:00:00+02:00"));
  EXPECT_EQ(Local("2024-01-01 12:00"), Local("2024-01-01T11:00:00Z"));
}

TEST(TimeTest, LocalDayAtMidnightOnSwitchDays) {
  // 23:50 local on both switch days stays on that day.
  EXPECT_EQ(LocalDay(Local("2024-03-31 23:50")), DaysFromCivil(2024, 3, 31));
  EXPECT_EQ(LocalDay(Local("2024-10-27 23:50")), DaysFromCivil(2024, 10, 27));
  EXPECT_EQ(LocalDay(Local("2024-04-01 00:10")), DaysFromCivil(2024, 4, 1));
  // 22:30Z in summer is already the next local day.
  EXPECT_EQ(LocalDay(Local("2024-06-30T22:30:00Z")), DaysFromCivil(2024, 7, 1));
  EXPECT_EQ(FormatLocalDateTime(Local("2024-10-27 23:50")), "2024-10-27 23:50:00");
}

TEST(TimeTest, Months) {
  Month m;
  EXPECT_EQ(ParseMonth("2024-02", &m), TimeParseError::kNone);
  EXPECT_EQ(FormatMonth(m), "2024-02");
  EXPECT_EQ(FormatDate(LastDayOfMonth(m)), "2024-02-29");
  EXPECT_EQ(ParseMonth("2024-13", &m), TimeParseError::kBadDate);
  Instant t;
  EXPECT_EQ(ParseDateTime("2024-01-01 24:10", &t), TimeParseError::kBadTime);
  EXPECT_EQ(ParseDateTime("2024-01-01", &t), TimeParseError::kBadFormat);
}

}  // namespace
}  // namespace nara

namespace nara {
namespace {

TEST(TimeTest, OffsetTableAgreesWithTheCalendarRule) {
  // Every hour of 1969–2031 and the switch instants of each year.
  for (Instant t = -86400LL * 366; t < 86400LL * 365 * 62; t += 3600) {
    int year = CivilFromDays(static_cast<Days>(t >= 0 ? t / 86400 : (t - 86399) / 86400)).year;
    Days march = DaysFromCivil(year, 3, 31), october = DaysFromCivil(year, 10, 31);
    march -= (Weekday(march) + 1) % 7;
    october -= (Weekday(october) + 1) % 7;
    bool summer =
        t >= static_cast<Instant>(march) * 86400 + 3600 && t < static_cast<Instant>(october) * 86400 + 3600;
    ASSERT_EQ(StockholmOffset(t), summer ? 7200 : 3600) << t;
  }
}

}  // namespace
}  // namespace nara

namespace nara {
namespace {

TEST(TimeTest, DayTableAgreesWithTheCivilArithmetic) {
  // The looked-up month, month ends and local days against the formulas, from before
  // the table to after it (1890–2210), and local days every quarter hour of 2019–2026
  // (both summer-time switches of each year, midnight local on either side of them).
  for (Days d = DaysFromCivil(1890, 1, 1); d < DaysFromCivil(2210, 1, 1); ++d) {
    CivilDate c = CivilFromDays(d);
    Month m = MonthOfDays(d);
    ASSERT_EQ(m, MakeMonth(c.year, c.month)) << d;
    ASSERT_EQ(FirstDayOfMonth(m), DaysFromCivil(c.year, c.month, 1)) << d;
    ASSERT_EQ(LastDayOfMonth(m), DaysFromCivil(c.year, c.month, DaysInMonth(c.year, c.month))) << d;
  }
  auto floor_day = [](Instant t) { return static_cast<Days>(t >= 0 ? t / 86400 : (t - 86399) / 86400); };
  for (Instant t = static_cast<Instant>(DaysFromCivil(2019, 1, 1)) * 86400;
       t < static_cast<Instant>(DaysFromCivil(2027, 1, 1)) * 86400; t += 900) {
    ASSERT_EQ(LocalDay(t), floor_day(t + StockholmOffset(t))) << t;
    ASSERT_EQ(LocalDay(t + 899), floor_day(t + 899 + StockholmOffset(t + 899))) << t;
  }
  for (Instant t : {static_cast<Instant>(DaysFromCivil(1850, 6, 1)) * 86400 + 80000,
                    static_cast<Instant>(DaysFromCivil(2250, 6, 1)) * 86400 + 80000}) {
    EXPECT_EQ(LocalDay(t), floor_day(t + StockholmOffset(t)));
  }
}

}  // namespace
}  // namespace nara
