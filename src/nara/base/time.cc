#include "nara/base/time.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace nara {
namespace {

constexpr int64_t kDay = 86400;

bool Digits(std::string_view s, size_t pos, size_t count, int* out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

Days LastSunday(int year, int month) {
  Days last = DaysFromCivil(year, month, DaysInMonth(year, month));
  return last - (Weekday(last) + 1) % 7;
}

// Summer time in UTC seconds: [start, end).
void SummerTime(int year, Instant* start, Instant* end) {
  *start = static_cast<Instant>(LastSunday(year, 3)) * kDay + 3600;
  *end = static_cast<Instant>(LastSunday(year, 10)) * kDay + 3600;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDaysIn[m - 1];
}

// Howard Hinnant's days_from_civil.
Days DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDays(Days z) {
  int64_t zz = static_cast<int64_t>(z) + 719468;
  const int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(zz - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Weekday(Days days) {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  int w = static_cast<int>((static_cast<int64_t>(days) + 3) % 7);
  return w < 0 ? w + 7 : w;
}

namespace {

// The calendar of 1900–2199 by day, computed once: the engine asks for the month of
// a day, a month's last day and a date-time's local day for every row of every
// extract, and a table look-up is several times cheaper than the civil arithmetic.
struct DayTable {
  static constexpr int kFirstYear = 1900, kLastYear = 2199;
  Days first = DaysFromCivil(kFirstYear, 1, 1);
  Days end = DaysFromCivil(kLastYear + 1, 1, 1);  // exclusive
  Month first_month = MakeMonth(kFirstYear, 1);
  std::vector<int16_t> month_of_day;       // months since first_month
  std::vector<Days> first_day_of_month;    // by months since first_month, one extra
  std::vector<uint8_t> summer_at_day_end;  // summer time at the end of the UTC day
  DayTable() {
    const int months = (kLastYear - kFirstYear + 1) * 12;
    first_day_of_month.resize(months + 1);
    for (int i = 0; i <= months; ++i) {
      Month m = first_month + i;
      first_day_of_month[i] = DaysFromCivil(YearOf(m), MonthOf(m), 1);
    }
    month_of_day.resize(static_cast<size_t>(end - first));
    for (int i = 0; i < months; ++i) {
      for (Days d = first_day_of_month[i]; d < first_day_of_month[i + 1]; ++d) {
        month_of_day[d - first] = static_cast<int16_t>(i);
      }
    }
    summer_at_day_end.resize(month_of_day.size());
    for (int y = kFirstYear; y <= kLastYear; ++y) {
      Instant start, stop;
      SummerTime(y, &start, &stop);
      for (Days d = static_cast<Days>(start / kDay); d < static_cast<Days>(stop / kDay); ++d) {
        summer_at_day_end[d - first] = 1;
      }
    }
  }
  bool Has(Days d) const { return d >= first && d < end; }
};

// Built when the program starts (nothing in nara needs the calendar before main), so
// the look-ups need no guard for a lazily built table.
const DayTable kCalendar;
inline const DayTable& Calendar() { return kCalendar; }

}  // namespace

Month MonthOfDays(Days days) {
  const DayTable& t = Calendar();
  if (t.Has(days)) return t.first_month + t.month_of_day[days - t.first];
  CivilDate c = CivilFromDays(days);
  return MakeMonth(c.year, c.month);
}

Days FirstDayOfMonth(Month m) {
  const DayTable& t = Calendar();
  if (m >= t.first_month && m - t.first_month < static_cast<int>(t.first_day_of_month.size())) {
    return t.first_day_of_month[m - t.first_month];
  }
  return DaysFromCivil(YearOf(m), MonthOf(m), 1);
}

Days LastDayOfMonth(Month m) {
  const DayTable& t = Calendar();
  if (m >= t.first_month && m + 1 - t.first_month < static_cast<int>(t.first_day_of_month.size())) {
    return t.first_day_of_month[m + 1 - t.first_month] - 1;
  }
  return DaysFromCivil(YearOf(m), MonthOf(m), DaysInMonth(YearOf(m), MonthOf(m)));
}

namespace {

// Summer-time switches of 1900–2199, computed once: LocalDay runs for every
// date-time of every extract row, so it must not redo the calendar each time.
struct SwitchTable {
  static constexpr int kFirst = 1900, kLast = 2199;
  Instant year_start[kLast - kFirst + 2];
  Instant summer_start[kLast - kFirst + 1];
  Instant summer_end[kLast - kFirst + 1];
  SwitchTable() {
    for (int y = kFirst; y <= kLast + 1; ++y) {
      year_start[y - kFirst] = static_cast<Instant>(DaysFromCivil(y, 1, 1)) * kDay;
    }
    for (int y = kFirst; y <= kLast; ++y) SummerTime(y, &summer_start[y - kFirst], &summer_end[y - kFirst]);
  }
};

const SwitchTable& Switches() {
  static const SwitchTable table;
  return table;
}

// Summer time [start, end) in UTC seconds of the year that `seconds` (UTC or wall
// time, both counted from 1970) falls in.
void SummerTimeAround(int64_t seconds, Instant* start, Instant* end) {
  const SwitchTable& s = Switches();
  constexpr int kYears = SwitchTable::kLast - SwitchTable::kFirst;
  if (seconds >= s.year_start[0] && seconds < s.year_start[kYears + 1]) {
    int i = static_cast<int>(FloorDiv(seconds, static_cast<int64_t>(kDay * 365.2425))) + 1970 -
            SwitchTable::kFirst;
    i = std::clamp(i, 0, kYears);
    while (i > 0 && seconds < s.year_start[i]) --i;
    while (i < kYears && seconds >= s.year_start[i + 1]) ++i;
    *start = s.summer_start[i];
    *end = s.summer_end[i];
    return;
  }
  SummerTime(CivilFromDays(static_cast<Days>(FloorDiv(seconds, kDay))).year, start, end);
}

}  // namespace

int StockholmOffset(Instant t) {
  Instant start, end;
  SummerTimeAround(t, &start, &end);
  return t >= start && t < end ? 7200 : 3600;
}

Days LocalDay(Instant t) {
  // Summer time starts and ends at 01:00 UTC, so from then to midnight UTC the offset
  // is the one at the end of the UTC day; only the last hour or two before midnight
  // UTC can belong to the next local day.
  const DayTable& c = Calendar();
  Days d = static_cast<Days>(FloorDiv(t, kDay));
  if (c.Has(d)) {
    int64_t s = t - static_cast<int64_t>(d) * kDay;
    return d + (s >= kDay - (c.summer_at_day_end[d - c.first] ? 7200 : 3600));
  }
  return static_cast<Days>(FloorDiv(t + StockholmOffset(t), kDay));
}

bool LocalWallToInstant(int64_t wall, Instant* out) {
  Instant start, end;
  SummerTimeAround(wall, &start, &end);
  // In wall time the spring gap is [start+1h, start+2h); summer time runs until
  // end+2h wall, so the repeated autumn hour is read as summer time.
  if (wall >= start + 3600 && wall < start + 7200) return false;
  *out = (wall >= start + 7200 && wall < end + 7200) ? wall - 7200 : wall - 3600;
  return true;
}

TimeParseError ParseDate(std::string_view s, Days* out) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) ||
      !Digits(s, 8, 2, &d)) {
    return TimeParseError::kBadFormat;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return TimeParseError::kBadDate;
  *out = DaysFromCivil(y, m, d);
  return TimeParseError::kNone;
}

TimeParseError ParseMonth(std::string_view s, Month* out) {
  int y, m;
  if (s.size() != 7 || s[4] != '-' || !Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m)) {
    return TimeParseError::kBadFormat;
  }
  if (m < 1 || m > 12) return TimeParseError::kBadDate;
  *out = MakeMonth(y, m);
  return TimeParseError::kNone;
}

TimeParseError ParseDateTime(std::string_view s, Instant* out) {
  if (s.size() < 16 || (s[10] != ' ' && s[10] != 'T')) return TimeParseError::kBadFormat;
  Days days;
  TimeParseError e = ParseDate(s.substr(0, 10), &days);
  if (e != TimeParseError::kNone) return e;
  int hh, mm, ss = 0;
  if (s[13] != ':' || !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mm)) {
    return TimeParseError::kBadFormat;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, 17, 2, &ss)) return TimeParseError::kBadFormat;
    pos = 19;
  }
  if (hh > 23 || mm > 59 || ss > 59) return TimeParseError::kBadTime;
  int64_t wall = static_cast<int64_t>(days) * kDay + hh * 3600 + mm * 60 + ss;
  std::string_view zone = s.substr(pos);
  if (zone.empty()) {
    return LocalWallToInstant(wall, out) ? TimeParseError::kNone : TimeParseError::kNonexistent;
  }
  if (zone == "Z") {
    *out = wall;
    return TimeParseError::kNone;
  }
  int oh, om;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !Digits(zone, 1, 2, &oh) ||
      !Digits(zone, 4, 2, &om) || oh > 14 || om > 59) {
    return TimeParseError::kBadFormat;
  }
  int offset = oh * 3600 + om * 60;
  *out = zone[0] == '+' ? wall - offset : wall + offset;
  return TimeParseError::kNone;
}

const char* TimeParseErrorText(TimeParseError e) {
  switch (e) {
    case TimeParseError::kNone:
      return "ok";
    case TimeParseError::kBadFormat:
      return "bad format";
    case TimeParseError::kBadDate:
      return "no such date";
    case TimeParseError::kBadTime:
      return "no such time of day";
    case TimeParseError::kNonexistent:
      return "local time does not exist (the hour skipped when summer time begins)";
  }
  return "?";
}

std::string FormatDate(Days days) {
  CivilDate c = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

std::string FormatMonth(Month m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", YearOf(m), MonthOf(m));
  return buf;
}

std::string FormatLocalDateTime(Instant t) {
  int64_t wall = t + StockholmOffset(t);
  Days days = static_cast<Days>(FloorDiv(wall, kDay));
  int64_t sec = wall - static_cast<int64_t>(days) * kDay;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", FormatDate(days).c_str(), static_cast<int>(sec / 3600),
                static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
  return buf;
}

}  // namespace nara
