// Calendar dates, months and instants, and Swedish local time (Europe/Stockholm).
//
// Representation, used everywhere in nara:
//   Days    — int32 days since 1970-01-01 (proleptic Gregorian), a local calendar day.
//   Month   — int32 months since year 0: year * 12 + (month - 1).
//   Instant — int64 seconds since 1970-01-01T00:00Z (UTC).
// Date-times in extracts are Swedish local wall time unless they carry Z or an
// offset. Swedish local time is Europe/Stockholm in the system's time-zone database
// (IANA tz: Debian's tzdata in /usr/share/zoneinfo, read with Howard Hinnant's date/tz;
// after the last transition the file lists, in 2037, the rule at the end of the file).
// It is read when local time is first needed (a program stops with a message if the
// database is missing) and kept as a table by day for 1900–2199. What the database
// says for Sweden: local mean time (UTC+1:12:12) until 1879, Swedish time
// (UTC+1:00:14) until 1900, then CET (UTC+1), with summer time (CEST, UTC+2) in 1916
// (clocks forward at 23:00 on 14 May, back at 01:00 on 1 October) and from 1980:
// from 01:00 UTC on the first Sunday of April in 1980 and the last Sunday of March
// from 1981, to 01:00 UTC on the last Sunday of September until 1995 and the last
// Sunday of October from 1996 (the EU rule). A wall time in a spring gap (02:00–02:59
// on the day summer time starts) does not exist and is an error; one in an autumn
// repeat (02:00–02:59 on the day it ends) is read as its first occurrence (summer
// time).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace nara {

using Days = int32_t;
using Month = int32_t;
using Instant = int64_t;

inline constexpr Days kNullDays = std::numeric_limits<int32_t>::min();
inline constexpr Month kNullMonth = std::numeric_limits<int32_t>::min();
inline constexpr Instant kNullInstant = std::numeric_limits<int64_t>::min();

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
// Requires a valid date.
Days DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(Days days);
// 0 = Monday … 6 = Sunday.
int Weekday(Days days);

inline Month MakeMonth(int year, int month) { return year * 12 + (month - 1); }
inline int YearOf(Month m) { return m / 12; }
inline int MonthOf(Month m) { return m % 12 + 1; }
Month MonthOfDays(Days days);
Days FirstDayOfMonth(Month m);
Days LastDayOfMonth(Month m);

// Offset of Swedish local time from UTC at `instant`, in seconds (3600 or 7200 from
// 1900 on; 4332 or 3614 before).
int StockholmOffset(Instant instant);
// The Swedish local calendar day of an instant.
Days LocalDay(Instant instant);
// Today in Swedish local time (the system clock).
Days Today();

enum class TimeParseError {
  kNone,
  kBadFormat,    // not YYYY-MM-DD[ T]HH:MM[:SS][Z|±HH:MM]
  kBadDate,      // e.g. 2024-02-30
  kBadTime,      // e.g. 24:10
  kNonexistent,  // local wall time inside the spring-forward gap
};

// Parses YYYY-MM-DD. Returns kNone and sets *out on success.
TimeParseError ParseDate(std::string_view text, Days* out);
// Parses YYYY-MM.
TimeParseError ParseMonth(std::string_view text, Month* out);
// Parses a date-time in Swedish local time or with Z / ±HH:MM.
TimeParseError ParseDateTime(std::string_view text, Instant* out);
// Converts Swedish local wall time (seconds since 1970 as if it were UTC) to an
// instant. Returns false for wall times in the spring-forward gap.
bool LocalWallToInstant(int64_t wall_seconds, Instant* out);
const char* TimeParseErrorText(TimeParseError error);

std::string FormatDate(Days days);           // YYYY-MM-DD
std::string FormatMonth(Month month);        // YYYY-MM
std::string FormatLocalDateTime(Instant t);  // YYYY-MM-DD HH:MM:SS, Swedish local time

}  // namespace nara
