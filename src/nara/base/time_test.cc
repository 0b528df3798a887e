#include "nara/base/time.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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

constexpr Instant kHour = 3600, kDay = 86400;

Instant UtcAt(int year, int month, int day, int hour) {
  return static_cast<Instant>(DaysFromCivil(year, month, day)) * kDay + hour * kHour;
}

Days FloorDay(Instant t) { return static_cast<Days>(t >= 0 ? t / kDay : (t - kDay + 1) / kDay); }

// Summer time in Sweden as `zdump -v -c 1980,2031 Europe/Stockholm` prints it
// (tzdata 2025b): from 01:00 UTC on the first day to 01:00 UTC on the second.
struct SummerTime {
  int year, start_month, start_day, end_month, end_day;
};
constexpr SummerTime kZdump1980To2030[] = {
    {1980, 4, 6, 9, 28},   {1981, 3, 29, 9, 27},  {1982, 3, 28, 9, 26},  {1983, 3, 27, 9, 25},
    {1984, 3, 25, 9, 30},  {1985, 3, 31, 9, 29},  {1986, 3, 30, 9, 28},  {1987, 3, 29, 9, 27},
    {1988, 3, 27, 9, 25},  {1989, 3, 26, 9, 24},  {1990, 3, 25, 9, 30},  {1991, 3, 31, 9, 29},
    {1992, 3, 29, 9, 27},  {1993, 3, 28, 9, 26},  {1994, 3, 27, 9, 25},  {1995, 3, 26, 9, 24},
    {1996, 3, 31, 10, 27}, {1997, 3, 30, 10, 26}, {1998, 3, 29, 10, 25}, {1999, 3, 28, 10, 31},
    {2000, 3, 26, 10, 29}, {2001, 3, 25, 10, 28}, {2002, 3, 31, 10, 27}, {2003, 3, 30, 10, 26},
    {2004, 3, 28, 10, 31}, {2005, 3, 27, 10, 30}, {2006, 3, 26, 10, 29}, {2007, 3, 25, 10, 28},
    {2008, 3, 30, 10, 26}, {2009, 3, 29, 10, 25}, {2010, 3, 28, 10, 31}, {2011, 3, 27, 10, 30},
    {2012, 3, 25, 10, 28}, {2013, 3, 31, 10, 27}, {2014, 3, 30, 10, 26}, {2015, 3, 29, 10, 25},
    {2016, 3, 27, 10, 30}, {2017, 3, 26, 10, 29}, {2018, 3, 25, 10, 28}, {2019, 3, 31, 10, 27},
    {2020, 3, 29, 10, 25}, {2021, 3, 28, 10, 31}, {2022, 3, 27, 10, 30}, {2023, 3, 26, 10, 29},
    {2024, 3, 31, 10, 27}, {2025, 3, 30, 10, 26}, {2026, 3, 29, 10, 25}, {2027, 3, 28, 10, 31},
    {2028, 3, 26, 10, 29}, {2029, 3, 25, 10, 28}, {2030, 3, 31, 10, 27},
};

TEST(TimeTest, SummerTime1980To2030AsZdumpPrintsIt) {
  for (const SummerTime& s : kZdump1980To2030) {
    SCOPED_TRACE(s.year);
    const Instant start = UtcAt(s.year, s.start_month, s.start_day, 1);
    const Instant end = UtcAt(s.year, s.end_month, s.end_day, 1);
    EXPECT_EQ(StockholmOffset(UtcAt(s.year, 1, 15, 12)), 3600);
    EXPECT_EQ(StockholmOffset(start - 1), 3600);
    EXPECT_EQ(StockholmOffset(start), 7200);
    EXPECT_EQ(StockholmOffset(UtcAt(s.year, 7, 1, 12)), 7200);
    EXPECT_EQ(StockholmOffset(end - 1), 7200);
    EXPECT_EQ(StockholmOffset(end), 3600);
    EXPECT_EQ(StockholmOffset(UtcAt(s.year, 12, 15, 12)), 3600);

    // Spring: 02:00–02:59:59 local does not exist.
    const int64_t spring = static_cast<int64_t>(DaysFromCivil(s.year, s.start_month, s.start_day)) * kDay;
    Instant t = 0;
    ASSERT_TRUE(LocalWallToInstant(spring + 2 * kHour - 1, &t));
    EXPECT_EQ(t, start - 1);
    for (int64_t wall = spring + 2 * kHour; wall < spring + 3 * kHour; wall += 59) {
      EXPECT_FALSE(LocalWallToInstant(wall, &t)) << wall;
    }
    EXPECT_FALSE(LocalWallToInstant(spring + 3 * kHour - 1, &t));
    ASSERT_TRUE(LocalWallToInstant(spring + 3 * kHour, &t));
    EXPECT_EQ(t, start);

    // Autumn: 02:00–02:59:59 local comes twice and reads as the first (summer time).
    const int64_t autumn = static_cast<int64_t>(DaysFromCivil(s.year, s.end_month, s.end_day)) * kDay;
    ASSERT_TRUE(LocalWallToInstant(autumn + 2 * kHour - 1, &t));
    EXPECT_EQ(t, end - kHour - 1);
    ASSERT_TRUE(LocalWallToInstant(autumn + 2 * kHour, &t));
    EXPECT_EQ(t, end - kHour);
    ASSERT_TRUE(LocalWallToInstant(autumn + 3 * kHour - 1, &t));
    EXPECT_EQ(t, end - 1);
    ASSERT_TRUE(LocalWallToInstant(autumn + 3 * kHour, &t));
    EXPECT_EQ(t, end + kHour);

    // The same through the parser and the formatter.
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d 02:30", s.year, s.start_month, s.start_day);
    EXPECT_EQ(ParseDateTime(text, &t), TimeParseError::kNonexistent) << text;
    std::snprintf(text, sizeof text, "%04d-%02d-%02d 02:30:00", s.year, s.end_month, s.end_day);
    ASSERT_EQ(ParseDateTime(text, &t), TimeParseError::kNone) << text;
    EXPECT_EQ(t, end - 30 * 60);
    EXPECT_EQ(FormatLocalDateTime(t), text);
    EXPECT_EQ(FormatLocalDateTime(t + kHour), text);  // the second 02:30, in winter time
  }
}

TEST(TimeTest, SummerTimeEndedInSeptemberUntil1995) {
  Instant t;
  // 1980: from the first Sunday of April, not the last of March.
  EXPECT_EQ(Local("1980-03-30 02:30"), Local("1980-03-30T01:30:00Z"));
  EXPECT_EQ(ParseDateTime("1980-04-06 02:30", &t), TimeParseError::kNonexistent);
  EXPECT_EQ(Local("1980-04-06 03:00"), Local("1980-04-06T01:00:00Z"));
  // Until 1995 summer time ended on the last Sunday of September.
  EXPECT_EQ(Local("1980-09-28 02:30"), Local("1980-09-28T00:30:00Z"));
  EXPECT_EQ(Local("1980-09-28 03:00"), Local("1980-09-28T02:00:00Z"));
  EXPECT_EQ(Local("1980-10-15 12:00"), Local("1980-10-15T11:00:00Z"));
  EXPECT_EQ(Local("1995-09-24 02:30"), Local("1995-09-24T00:30:00Z"));
  EXPECT_EQ(Local("1995-10-10 12:00"), Local("1995-10-10T11:00:00Z"));
  EXPECT_EQ(Local("1995-10-29 02:30"), Local("1995-10-29T01:30:00Z"));  // the EU day, no repeat
  EXPECT_EQ(FormatLocalDateTime(Local("1990-10-15T11:00:00Z")), "1990-10-15 12:00:00");
  // From 1996 on the last Sunday of October.
  EXPECT_EQ(Local("1996-09-29 02:30"), Local("1996-09-29T00:30:00Z"));
  EXPECT_EQ(Local("1996-10-10 12:00"), Local("1996-10-10T10:00:00Z"));
  EXPECT_EQ(Local("1996-10-27 02:30"), Local("1996-10-27T00:30:00Z"));
  EXPECT_EQ(Local("1996-10-27 03:00"), Local("1996-10-27T02:00:00Z"));
}

TEST(TimeTest, NoSummerTimeBefore1980But1916) {
  // 1917–1979: CET all year (the database has no Swedish summer time in the 1940s,
  // when Germany had it).
  for (Days d = DaysFromCivil(1917, 1, 1); d < DaysFromCivil(1980, 1, 1); ++d) {
    ASSERT_EQ(StockholmOffset(static_cast<Instant>(d) * kDay + 12 * kHour), 3600) << FormatDate(d);
  }
  EXPECT_EQ(Local("1979-07-01 12:00"), Local("1979-07-01T11:00:00Z"));
  EXPECT_EQ(Local("1944-07-01 12:00"), Local("1944-07-01T11:00:00Z"));
  Instant t;
  EXPECT_EQ(ParseDateTime("1979-03-25 02:30", &t), TimeParseError::kNone);  // the EU day: no gap
  // 1916: clocks forward at 23:00 on 14 May, back at 01:00 on 1 October.
  EXPECT_EQ(StockholmOffset(Local("1916-05-14T21:59:59Z")), 3600);
  EXPECT_EQ(StockholmOffset(Local("1916-05-14T22:00:00Z")), 7200);
  EXPECT_EQ(StockholmOffset(Local("1916-09-30T22:59:59Z")), 7200);
  EXPECT_EQ(StockholmOffset(Local("1916-09-30T23:00:00Z")), 3600);
  EXPECT_EQ(Local("1916-05-14 22:59:59"), Local("1916-05-14T21:59:59Z"));
  EXPECT_EQ(ParseDateTime("1916-05-14 23:00", &t), TimeParseError::kNonexistent);
  EXPECT_EQ(ParseDateTime("1916-05-14 23:59:59", &t), TimeParseError::kNonexistent);
  EXPECT_EQ(Local("1916-05-15 00:00"), Local("1916-05-14T22:00:00Z"));
  EXPECT_EQ(Local("1916-10-01 00:30"), Local("1916-09-30T22:30:00Z"));  // first of the two
  EXPECT_EQ(Local("1916-10-01 01:00"), Local("1916-10-01T00:00:00Z"));
  // The local day changes at midnight local time, away from 01:00 UTC.
  EXPECT_EQ(LocalDay(Local("1916-05-14T21:59:59Z")), DaysFromCivil(1916, 5, 14));
  EXPECT_EQ(LocalDay(Local("1916-05-14T22:00:00Z")), DaysFromCivil(1916, 5, 15));
  EXPECT_EQ(LocalDay(Local("1916-09-30T21:59:59Z")), DaysFromCivil(1916, 9, 30));
  EXPECT_EQ(LocalDay(Local("1916-09-30T22:00:00Z")), DaysFromCivil(1916, 10, 1));
  EXPECT_EQ(LocalDay(Local("1916-09-30T23:30:00Z")), DaysFromCivil(1916, 10, 1));
  EXPECT_EQ(FormatLocalDateTime(Local("1916-09-30T23:30:00Z")), "1916-10-01 00:30:00");
  // CET from 1900; before it Swedish time (UTC+1:00:14) and until 1879 local mean time.
  EXPECT_EQ(StockholmOffset(UtcAt(1900, 1, 1, 0)), 3600);
  EXPECT_EQ(StockholmOffset(UtcAt(1890, 6, 1, 12)), 3614);
  EXPECT_EQ(StockholmOffset(UtcAt(1850, 6, 1, 12)), 4332);
  EXPECT_EQ(FormatLocalDateTime(UtcAt(1850, 6, 1, 12)), "1850-06-01 13:12:12");
  EXPECT_EQ(Local("1850-06-01 13:12:12"), UtcAt(1850, 6, 1, 12));
  EXPECT_EQ(LocalDay(UtcAt(1850, 6, 1, 23)), DaysFromCivil(1850, 6, 2));
}

TEST(TimeTest, LocalDayNearMidnightAroundEverySwitch1980To2030) {
  for (const SummerTime& s : kZdump1980To2030) {
    for (auto [month, day] : {std::pair{s.start_month, s.start_day}, std::pair{s.end_month, s.end_day}}) {
      const Days d = DaysFromCivil(s.year, month, day);
      for (Days local : {d - 1, d, d + 1}) {
        char text[32];
        for (const char* hm : {"00:00:00", "00:30", "01:59:59", "22:59:59", "23:00", "23:59:59"}) {
          std::snprintf(text, sizeof text, "%s %s", FormatDate(local).c_str(), hm);
          Instant t = Local(text);
          EXPECT_EQ(LocalDay(t), local) << text;
          EXPECT_EQ(LocalDay(t), FloorDay(t + StockholmOffset(t))) << text;
        }
      }
    }
  }
}

TEST(TimeTest, TheEuRuleFrom1996Through2250) {
  // 1996–2037 as the database lists them, then as the rule at the end of its file
  // says: the day table to 2199 and the rule computed on the fly after it.
  for (int year = 1996; year <= 2250; ++year) {
    Days march = DaysFromCivil(year, 3, 31), october = DaysFromCivil(year, 10, 31);
    march -= (Weekday(march) + 1) % 7;
    october -= (Weekday(october) + 1) % 7;
    const Instant start = static_cast<Instant>(march) * kDay + kHour;
    const Instant end = static_cast<Instant>(october) * kDay + kHour;
    // Every hour until 2040, then every fifth hour (each hour of the day in turn).
    for (Instant t = UtcAt(year, 1, 1, 0); t < UtcAt(year + 1, 1, 1, 0);
         t += year <= 2040 ? kHour : 5 * kHour) {
      ASSERT_EQ(StockholmOffset(t), t >= start && t < end ? 7200 : 3600) << FormatLocalDateTime(t);
    }
    for (Instant t : {start, end}) {
      ASSERT_NE(StockholmOffset(t - 1), StockholmOffset(t)) << year;
    }
    Instant t;
    ASSERT_FALSE(LocalWallToInstant(start + kHour + 1800, &t)) << year;  // 02:30 in spring
    ASSERT_TRUE(LocalWallToInstant(end + kHour + 1800, &t)) << year;     // 02:30 in autumn
    ASSERT_EQ(t, end - 1800) << year;
  }
  EXPECT_EQ(Local("2050-07-01 12:00"), Local("2050-07-01T10:00:00Z"));
  EXPECT_EQ(Local("2199-10-27 02:30"), Local("2199-10-27T00:30:00Z"));
  EXPECT_EQ(Local("2300-07-01 12:00"), Local("2300-07-01T10:00:00Z"));
  EXPECT_EQ(Local("9999-07-01 12:00"), Local("9999-07-01T10:00:00Z"));
  EXPECT_EQ(Local("9999-12-31 23:59:59"), Local("9999-12-31T22:59:59Z"));
  EXPECT_EQ(FormatLocalDateTime(Local("9999-12-31T22:59:59Z")), "9999-12-31 23:59:59");
  EXPECT_EQ(LocalDay(Local("9999-12-31T22:59:59Z")), DaysFromCivil(9999, 12, 31));
}

// The C library's reading of the same database file (what zdump prints), with the
// rule at its end: the oracle for every hour and every change below.
class CLibraryStockholm {
 public:
  CLibraryStockholm() {
    const char* old = std::getenv("TZ");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("TZ", ":Europe/Stockholm", 1);
    tzset();
  }
  ~CLibraryStockholm() {
    if (had_) {
      setenv("TZ", old_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  int Offset(Instant t) const { return static_cast<int>(Tm(t).tm_gmtoff); }
  // The offset and the local day.
  std::pair<int, Days> OffsetAndDay(Instant t) const {
    std::tm tm = Tm(t);
    return {static_cast<int>(tm.tm_gmtoff), DaysFromCivil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)};
  }
  // Where the offset changes in [from, to), to the second (at most once a day).
  std::vector<Instant> Changes(Instant from, Instant to) const {
    std::vector<Instant> changes;
    int before = Offset(from);
    for (Instant t = from; t < to; t += kDay) {
      const int after = Offset(t + kDay);
      if (after == before) continue;
      Instant lo = t, hi = t + kDay;  // Offset(lo) == before, Offset(hi) == after
      while (hi - lo > 1) {
        Instant mid = lo + (hi - lo) / 2;
        (Offset(mid) == before ? lo : hi) = mid;
      }
      changes.push_back(hi);
      before = after;
    }
    return changes;
  }

 private:
  static std::tm Tm(Instant t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    EXPECT_NE(localtime_r(&tt, &tm), nullptr);
    return tm;
  }
  bool had_ = false;
  std::string old_;
};

TEST(TimeDeathTest, FirstUseFromManyThreadsAtOnce) {
  // The database is read on first use; here that is from eight threads at once, in a
  // fresh process (the "threadsafe" death-test style runs the test in a new one).
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i) {
          threads.emplace_back([&wrong, i] {
            for (const SummerTime& s : kZdump1980To2030) {
              const Instant start = UtcAt(s.year, s.start_month, s.start_day, 1);
              Instant t = 0;
              if (StockholmOffset(start - 1 + i) != (i == 0 ? 3600 : 7200) ||
                  LocalDay(start) != DaysFromCivil(s.year, s.start_month, s.start_day) ||
                  !LocalWallToInstant(start + 2 * kHour + i, &t) || t != start + i) {
                ++wrong;
              }
            }
          });
        }
        for (std::thread& thread : threads) thread.join();
        std::exit(wrong == 0 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(TimeTest, AgreesWithTheCLibraryEveryHour1975To2040) {
  // Every hour of 1975–2040, and every fifth hour (so each hour of the day in turn)
  // from 1860 to 2200.
  CLibraryStockholm libc;
  ASSERT_EQ(libc.Offset(UtcAt(2024, 7, 1, 12)), 7200) << "the C library does not know Europe/Stockholm";
  auto check = [&](Instant from, Instant to, Instant step) {
    for (Instant t = from; t < to; t += step) {
      auto [offset, day] = libc.OffsetAndDay(t);
      ASSERT_EQ(StockholmOffset(t), offset) << FormatLocalDateTime(t);
      ASSERT_EQ(LocalDay(t), day) << FormatLocalDateTime(t);
    }
  };
  check(UtcAt(1975, 1, 1, 0), UtcAt(2041, 1, 1, 0), kHour);
  check(UtcAt(1860, 1, 1, 0), UtcAt(2200, 1, 1, 0), 5 * kHour);
}

TEST(TimeTest, AgreesWithTheCLibraryAtEveryChange) {
  // Every change of offset the C library finds from 1870 to 2200 (to the second), the
  // instants and wall times around it: the offset and local day each minute from two
  // hours before to two hours after, and the wall times of those hours read back
  // (every five minutes and at each edge of the gap or repeat, to the second). A wall
  // time reads as the earliest instant that shows it; none shows one in a gap.
  CLibraryStockholm libc;
  const std::vector<Instant> changes = libc.Changes(UtcAt(1870, 1, 1, 0), UtcAt(2200, 1, 1, 0));
  EXPECT_EQ(changes.size(), 2u + 2u + 2u * (2199 - 1980 + 1));  // 1879, 1899, 1916, 1980–2199
  std::vector<int> offsets;
  for (Instant c : changes) {
    for (int offset : {libc.Offset(c - 1), libc.Offset(c)}) {
      if (std::find(offsets.begin(), offsets.end(), offset) == offsets.end()) offsets.push_back(offset);
    }
  }
  auto check_wall = [&](int64_t wall) {
    Instant expected = kNullInstant;
    for (int offset : offsets) {
      if (libc.Offset(wall - offset) == offset && (expected == kNullInstant || wall - offset < expected)) {
        expected = wall - offset;
      }
    }
    Instant t = kNullInstant;
    const bool exists = LocalWallToInstant(wall, &t);
    ASSERT_EQ(exists, expected != kNullInstant) << wall;
    if (exists) {
      ASSERT_EQ(t, expected) << wall;
    }
  };
  for (Instant c : changes) {
    const int before = libc.Offset(c - 1), after = libc.Offset(c);
    ASSERT_EQ(StockholmOffset(c - 1), before) << c;
    ASSERT_EQ(StockholmOffset(c), after) << c;
    for (Instant t = c - 2 * kHour; t <= c + 2 * kHour; t += 60) {
      auto [offset, day] = libc.OffsetAndDay(t);
      ASSERT_EQ(StockholmOffset(t), offset) << t;
      ASSERT_EQ(LocalDay(t), day) << t;
    }
    for (int64_t wall = c + before - 2 * kHour; wall <= c + after + 2 * kHour; wall += 300) check_wall(wall);
    for (int64_t edge : {c + before, c + after}) {
      for (int64_t wall : {edge - 1, edge, edge + 1}) check_wall(wall);
    }
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
