#include "nara/base/time.h"

#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <span>
#include <vector>

// The rules come from the system's database (Debian's tzdata in /usr/share/zoneinfo),
// read by date/tz built with USE_OS_TZDB: it never downloads a database.
static_assert(USE_OS_TZDB == 1 && HAS_REMOTE_API == 0, "date/tz must read the system's tz database");

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
// a day and a month's last day for every row of every extract, and a table look-up
// is several times cheaper than the civil arithmetic. (The offsets of local time by
// day are in the zone's own table below.)
struct DayTable {
  static constexpr int kFirstYear = 1900, kLastYear = 2199;
  Days first = DaysFromCivil(kFirstYear, 1, 1);
  Days end = DaysFromCivil(kLastYear + 1, 1, 1);  // exclusive
  Month first_month = MakeMonth(kFirstYear, 1);
  std::vector<int16_t> month_of_day;     // months since first_month
  std::vector<Days> first_day_of_month;  // by months since first_month, one extra
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

// Swedish local time, from the tz database.
//
// date/tz lists the zone's transitions as the database's file has them (the
// TZif file, which Debian writes up to 2037). After the last one the file's
// footer, a POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"), says how the zone goes
// on, as zdump and the C library read it; date/tz 3.0.1 leaves the footer out (the
// offset after 2037 would stay CET), so the footer is read here and its
// transitions follow the listed ones.
//
// Every change of offset up to the end of 2199 is kept in time order, and each UTC
// day of 1900–2199 has one byte: the offset at the end of the day, whether the
// offset changes during the day and whether it changes in that day or the days on
// either side. Offsets, local days and wall times of a day without a change are
// one look-up; the few days around a change, and instants outside the table, go
// through the transitions (after 2199 through the rule).

constexpr const char* kZoneName = "Europe/Stockholm";
// Where date/tz (USE_OS_TZDB) finds the database on Debian; the footer is read
// from the same file.
constexpr const char* kZoneFile = "/usr/share/zoneinfo/Europe/Stockholm";

struct Transition {
  Instant at;      // first instant of the new offset
  int32_t before;  // offset east of UTC in seconds before `at`
  int32_t after;   // and from `at` on
};

// Keeps the transitions of ts[0..n) (in time order) that change the offset, coming
// from `before`; of several at the same instant, the last. Returns the count kept.
int Compact(Transition* ts, int n, int32_t before) {
  int kept = 0;
  int32_t current = before;
  for (int i = 0; i < n; ++i) {
    if (kept > 0 && ts[kept - 1].at == ts[i].at) {
      current = ts[--kept].before;
    }
    if (ts[i].after == current) continue;
    ts[kept++] = Transition{ts[i].at, current, ts[i].after};
    current = ts[i].after;
  }
  return kept;
}

// The offset at instant t: ts in time order, `initial` before the first of them.
int32_t OffsetAt(std::span<const Transition> ts, int32_t initial, Instant t) {
  auto it =
      std::upper_bound(ts.begin(), ts.end(), t, [](Instant v, const Transition& x) { return v < x.at; });
  return it == ts.begin() ? initial : std::prev(it)->after;
}

// Wall time to instant. A transition's old offset holds for wall times before
// at + before, its new one from at + after: a forward change leaves a gap between
// them (no instant), a backward one repeats them, and the first occurrence, under
// the old offset, is the one taken. The first transition the wall time is before
// gives the segment; if the wall time is also before that segment's start, it is
// in the gap.
bool WallToInstantIn(std::span<const Transition> ts, int32_t initial, int64_t wall, Instant* out) {
  auto it = std::upper_bound(ts.begin(), ts.end(), wall,
                             [](int64_t w, const Transition& x) { return w < x.at + x.before; });
  if (it == ts.begin()) {
    *out = wall - initial;
    return true;
  }
  const Transition& prev = *std::prev(it);
  if (wall < prev.at + prev.after) return false;
  *out = wall - prev.after;
  return true;
}

// A POSIX TZ rule as in the footer of a TZif file (RFC 8536 section 3.3):
// std offset [dst [offset] ,start[/time],end[/time]], with dates Mm.w.d, Jn or n.
struct PosixRule {
  struct When {
    char kind = 'M';  // 'M' month.week.weekday, 'J' day 1–365 without 29 Feb, 'n' day 0–365
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 7200;  // local time of day in seconds, may be negative or past 24 h
  };
  int32_t std_offset = 0;  // east of UTC, seconds
  bool has_dst = false;
  int32_t dst_offset = 0;
  When start, end;

  Days DayOf(const When& w, int year) const {
    const Days jan1 = DaysFromCivil(year, 1, 1);
    if (w.kind == 'J') return jan1 + w.day - 1 + (IsLeapYear(year) && w.day >= 60 ? 1 : 0);
    if (w.kind == 'n') return jan1 + w.day;
    const Days first = DaysFromCivil(year, w.month, 1);
    const int first_weekday = (Weekday(first) + 1) % 7;  // 0 = Sunday, as in the rule
    Days d = first + (w.weekday - first_weekday + 7) % 7 + 7 * (w.week - 1);
    while (d > first + DaysInMonth(year, w.month) - 1) d -= 7;
    return d;
  }

  // The changes of years [from, to] in time order into `out`; returns the count.
  int Transitions(int from, int to, Transition* out) const {
    int n = 0;
    if (!has_dst) return 0;
    for (int y = from; y <= to; ++y) {
      // The start is given in standard time, the end in summer time.
      out[n++] = {static_cast<Instant>(DayOf(start, y)) * kDay + start.time - std_offset, std_offset,
                  dst_offset};
      out[n++] = {static_cast<Instant>(DayOf(end, y)) * kDay + end.time - dst_offset, dst_offset, std_offset};
    }
    std::stable_sort(out, out + n, [](const Transition& a, const Transition& b) { return a.at < b.at; });
    return n;
  }

  // The offset at the start of `year`: the one the previous year's last change left.
  int32_t OffsetBefore(int year) const {
    Transition last[2];
    return Transitions(year - 1, year - 1, last) == 2 ? last[1].after : std_offset;
  }
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : s_(text) {}

  bool Parse(PosixRule* r) {
    int32_t v;
    if (!Name() || !Hms(24, &v)) return false;
    r->std_offset = -v;  // POSIX counts west of UTC
    if (s_.empty()) return true;
    if (!Name()) return false;
    r->has_dst = true;
    r->dst_offset = r->std_offset + 3600;
    if (!s_.empty() && s_.front() != ',') {
      if (!Hms(24, &v)) return false;
      r->dst_offset = -v;
    }
    // Without dates POSIX leaves the rule to the implementation; zic always writes them.
    if (!Eat(',') || !Date(&r->start) || !Eat(',') || !Date(&r->end)) return false;
    return s_.empty();
  }

 private:
  bool Eat(char c) {
    if (s_.empty() || s_.front() != c) return false;
    s_.remove_prefix(1);
    return true;
  }
  bool Number(int max_digits, int* out) {
    int n = 0, v = 0;
    while (n < max_digits && n < static_cast<int>(s_.size()) && s_[n] >= '0' && s_[n] <= '9') {
      v = v * 10 + (s_[n++] - '0');
    }
    s_.remove_prefix(n);
    *out = v;
    return n > 0;
  }
  bool Name() {
    if (Eat('<')) {
      size_t close = s_.find('>');
      if (close == std::string_view::npos || close < 3) return false;
      s_.remove_prefix(close + 1);
      return true;
    }
    size_t n = 0;
    while (n < s_.size() && std::isalpha(static_cast<unsigned char>(s_[n]))) ++n;
    s_.remove_prefix(n);
    return n >= 3;
  }
  // [+-]h[hh][:mm[:ss]] in seconds.
  bool Hms(int max_hours, int32_t* out) {
    int sign = 1;
    if (Eat('-')) {
      sign = -1;
    } else {
      Eat('+');
    }
    int h, m = 0, sec = 0;
    if (!Number(3, &h) || h > max_hours) return false;
    if (Eat(':')) {
      if (!Number(2, &m) || m > 59) return false;
      if (Eat(':') && (!Number(2, &sec) || sec > 59)) return false;
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Date(PosixRule::When* w) {
    if (Eat('M')) {
      w->kind = 'M';
      if (!Number(2, &w->month) || !Eat('.') || !Number(1, &w->week) || !Eat('.') ||
          !Number(1, &w->weekday) || w->month < 1 || w->month > 12 || w->week < 1 || w->week > 5 ||
          w->weekday > 6) {
        return false;
      }
    } else {
      w->kind = Eat('J') ? 'J' : 'n';
      if (!Number(3, &w->day) || w->day > 365 || (w->kind == 'J' && w->day < 1)) return false;
    }
    return !Eat('/') || Hms(167, &w->time);
  }

  std::string_view s_;
};

// The TZ rule at the end of a TZif file of version 2 or later: the text between the
// file's last two newlines. Empty when there is none.
std::string FooterOf(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') return "";
  size_t open = data.rfind('\n', data.size() - 2);
  return open == std::string::npos ? "" : data.substr(open + 1, data.size() - open - 2);
}

[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr,
               "nara: cannot read Swedish local time (%s) from the time-zone database in "
               "/usr/share/zoneinfo (Debian package tzdata): %s\n",
               kZoneName, why.c_str());
  std::abort();
}

class Zone {
 public:
  static constexpr int kFirstYear = 1900, kLastYear = 2199;  // the day table

  Zone() {
    // The listed transitions, from before the zone's first one.
    try {
      const date::time_zone* zone = date::locate_zone(kZoneName);
      date::sys_info info = zone->get_info(date::sys_days{date::year{1} / 1 / 1});
      initial_ = static_cast<int32_t>(info.offset.count());
      const date::sys_seconds open_end{date::sys_days{date::year{10000} / 1 / 1}};
      while (info.end < open_end) {
        date::sys_info next = zone->get_info(info.end);
        if (next.end <= info.end) Fail("its transitions are out of order");
        if (next.offset != info.offset) {
          transitions_.push_back({info.end.time_since_epoch().count(),
                                  static_cast<int32_t>(info.offset.count()),
                                  static_cast<int32_t>(next.offset.count())});
        }
        info = next;
      }
    } catch (const std::exception& e) {
      Fail(e.what());
    }
    // Then the footer's rule, from the last listed transition to the end of the table
    // (and on the fly after it).
    std::string footer = FooterOf(kZoneFile);
    if (!footer.empty()) {
      if (!PosixParser(footer).Parse(&rule_)) {
        Fail("cannot read the rule \"" + footer + "\" at the end of " + kZoneFile);
      }
      has_rule_ = true;
      const Instant last = transitions_.empty() ? kNullInstant : transitions_.back().at;
      const int from = transitions_.empty() ? kFirstYear : YearOfSeconds(last) - 1;
      const int to = std::max(kLastYear, from + 2);
      rule_from_ = static_cast<Instant>(DaysFromCivil(to + 1, 1, 1)) * kDay;
      std::vector<Transition> more(static_cast<size_t>(to - from + 1) * 2);
      more.resize(static_cast<size_t>(rule_.Transitions(from, to, more.data())));
      std::erase_if(more, [&](const Transition& x) { return x.at <= last || x.at >= rule_from_; });
      more.resize(static_cast<size_t>(Compact(more.data(), static_cast<int>(more.size()), Latest())));
      transitions_.insert(transitions_.end(), more.begin(), more.end());
    }
    BuildDays();
  }

  int32_t Offset(Instant t) const {
    const int64_t d = FloorDiv(t, kDay) - first_day_;
    if (d >= 0 && d < static_cast<int64_t>(days_.size()) && !(days_[d] & kChange)) {
      return offsets_[days_[d] & kIndex];
    }
    return SlowOffset(t);
  }

  Days LocalDay(Instant t) const {
    const int64_t day = FloorDiv(t, kDay);
    const int64_t d = day - first_day_;
    if (d >= 0 && d < static_cast<int64_t>(days_.size()) && !(days_[d] & kChange)) {
      const int64_t s = t - day * kDay + offsets_[days_[d] & kIndex];
      return static_cast<Days>(day + (s >= kDay) - (s < 0));
    }
    return static_cast<Days>(FloorDiv(t + SlowOffset(t), kDay));
  }

  bool WallToInstant(int64_t wall, Instant* out) const {
    const int64_t d = FloorDiv(wall, kDay) - first_day_;
    if (d >= 0 && d < static_cast<int64_t>(days_.size()) && !(days_[d] & kNear)) {
      // No change from the day before to the day after: every instant that can show
      // this wall time has the day's offset.
      *out = wall - offsets_[days_[d] & kIndex];
      return true;
    }
    if (!has_rule_ || wall < rule_from_ - 2 * kDay) return WallToInstantIn(transitions_, initial_, wall, out);
    // After the table: the rule's changes from the year before to the year after.
    Transition around[6];
    const int y = YearOfSeconds(wall);
    const int32_t before = rule_.OffsetBefore(y - 1);
    const int n = Compact(around, rule_.Transitions(y - 1, y + 1, around), before);
    return WallToInstantIn({around, static_cast<size_t>(n)}, before, wall, out);
  }

 private:
  static constexpr uint8_t kIndex = 0x3f;   // index into offsets_ of the offset at the end of the day
  static constexpr uint8_t kChange = 0x40;  // the offset changes during the day
  static constexpr uint8_t kNear = 0x80;    // it changes during the day or the day before or after

  static int YearOfSeconds(int64_t seconds) {
    const int64_t day = std::clamp<int64_t>(FloorDiv(seconds, kDay), -(1 << 30), 1 << 30);
    return CivilFromDays(static_cast<Days>(day)).year;
  }

  // The offset after the last listed transition, where the rule takes over.
  int32_t Latest() const { return transitions_.empty() ? initial_ : transitions_.back().after; }

  int32_t SlowOffset(Instant t) const {
    if (!has_rule_ || t < rule_from_) return OffsetAt(transitions_, initial_, t);
    Transition around[4];
    const int y = YearOfSeconds(t);
    const int32_t before = rule_.OffsetBefore(y - 1);
    const int n = Compact(around, rule_.Transitions(y - 1, y, around), before);
    return OffsetAt({around, static_cast<size_t>(n)}, before, t);
  }

  void BuildDays() {
    first_day_ = DaysFromCivil(kFirstYear, 1, 1);
    const int64_t n = DaysFromCivil(kLastYear + 1, 1, 1) - first_day_;
    // Days with a change, from the day before the table to the day after it.
    std::vector<uint8_t> change(static_cast<size_t>(n + 2), 0);
    for (const Transition& x : transitions_) {
      const int64_t d = FloorDiv(x.at, kDay) - (first_day_ - 1);
      if (d >= 0 && d < n + 2) change[d] = 1;
    }
    // The table ends before rule_from_: its offsets are the listed transitions'.
    days_.assign(static_cast<size_t>(n), 0);
    auto next =
        std::upper_bound(transitions_.begin(), transitions_.end(), static_cast<Instant>(first_day_) * kDay,
                         [](Instant v, const Transition& x) { return v < x.at; });
    int32_t offset = next == transitions_.begin() ? initial_ : std::prev(next)->after;
    for (int64_t i = 0; i < n; ++i) {
      const Instant day_end = (first_day_ + i + 1) * kDay;
      for (; next != transitions_.end() && next->at < day_end; ++next) offset = next->after;
      int index = static_cast<int>(std::find(offsets_.begin(), offsets_.end(), offset) - offsets_.begin());
      uint8_t flags = (change[i + 1] ? kChange : 0) | (change[i] | change[i + 1] | change[i + 2] ? kNear : 0);
      if (index == static_cast<int>(offsets_.size())) {
        if (offsets_.size() <= kIndex) {
          offsets_.push_back(offset);
        } else {
          index = 0, flags = kChange | kNear;  // more offsets than a byte holds: look them up
        }
      }
      days_[i] = static_cast<uint8_t>(index | flags);
    }
  }

  int32_t initial_ = 0;                  // before the first transition
  std::vector<Transition> transitions_;  // in time order, all before rule_from_
  bool has_rule_ = false;
  PosixRule rule_;  // from rule_from_ on
  Instant rule_from_ = 0;
  Days first_day_ = 0;
  std::vector<uint8_t> days_;  // by UTC day from first_day_
  std::vector<int32_t> offsets_;
};

// Read on first use (a few milliseconds), not when the program starts: programs that
// never need local time do not read the database. Thread-safe as a local static.
const Zone& Stockholm() {
  static const Zone zone;
  return zone;
}

}  // namespace

int StockholmOffset(Instant t) { return Stockholm().Offset(t); }

Days LocalDay(Instant t) { return Stockholm().LocalDay(t); }

Days Today() {
  auto now = std::chrono::system_clock::now();
  return LocalDay(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

bool LocalWallToInstant(int64_t wall, Instant* out) { return Stockholm().WallToInstant(wall, out); }

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
