// The Swedish working calendar as the simulation needs it: public holidays (when
// health centres and dental clinics are closed), the yearly rhythm of demand and of
// staff vacations, and local wall-clock times that exist.
//
// The simulation keeps time as local wall-clock seconds (days since 1970 × 86 400 +
// seconds since local midnight). Such a time is written as it is; the only wall times
// that do not exist in Sweden are 02:00–02:59 on the last Sunday of March, and
// SkipSpringGap moves a time out of that hour.
#pragma once

#include <cstdint>

#include "nara/base/time.h"

namespace nara::sim {

using WallTime = int64_t;  // local wall-clock seconds, see above

inline WallTime Wall(Days day, int seconds_of_day) {
  return static_cast<WallTime>(day) * 86400 + seconds_of_day;
}
inline Days DayOf(WallTime t) { return static_cast<Days>(t >= 0 ? t / 86400 : (t - 86399) / 86400); }

// CivilFromDays, from a table built once for 1950–2100 (the simulation asks for
// the date of the same days millions of times); other days are computed.
CivilDate Civil(Days day);

// True on Swedish public holidays and the "de facto" ones (midsummer, Christmas and
// New Year's Eve): New Year, Epiphany, Good Friday, Easter Monday, 1 May, Ascension,
// National Day, Midsummer Eve, Christmas Eve and Day, Boxing Day, New Year's Eve.
bool IsHoliday(Days day);
// Monday–Friday and not a holiday.
bool IsWorkingDay(Days day);
// Easter Sunday of a year (Gregorian computus).
Days EasterSunday(int year);

// Moves a wall time inside the spring-forward gap to the same minute one hour later.
WallTime SkipSpringGap(WallTime t);

// Demand by month relative to the year's mean (winter peaks, summer low); index 1..12.
double SeasonFactor(int month);
// Demand by weekday relative to the working-day mean (Monday peak); 0 = Monday.
double WeekdayFactor(int weekday);
// Share of staff on vacation on a day: four summer weeks (mid-June to mid-August),
// the Christmas and New Year week, a little around Easter and in February.
double VacationShare(Days day);

}  // namespace nara::sim
