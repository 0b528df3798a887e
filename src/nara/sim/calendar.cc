#include "nara/sim/calendar.h"

#include <cstdint>
#include <vector>

namespace nara::sim {
namespace {

Days LastSundayOfMarch(int year) {
  Days last = DaysFromCivil(year, 3, 31);
  return last - (Weekday(last) + 1) % 7;
}

bool ComputeHoliday(Days day, const CivilDate& c) {
  const int md = c.month * 100 + c.day;
  switch (md) {
    case 101:
    case 106:
    case 501:
    case 606:
    case 1224:
    case 1225:
    case 1226:
    case 1231:
      return true;
    default:
      break;
  }
  // Midsummer Eve: the Friday between 19 and 25 June.
  if (c.month == 6 && c.day >= 19 && c.day <= 25 && Weekday(day) == 4) return true;
  if (c.month >= 3 && c.month <= 6) {
    const Days easter = EasterSunday(c.year);
    if (day == easter - 2 || day == easter + 1 || day == easter + 39) return true;
  }
  return false;
}

double ComputeVacationShare(Days day, const CivilDate& c) {
  const int md = c.month * 100 + c.day;
  if (md >= 1223 || md <= 106) return 0.22;
  if (md >= 615 && md <= 624) return 0.10;
  if (md >= 625 && md <= 703) return 0.30;
  if (md >= 704 && md <= 731) return 0.46;
  if (md >= 801 && md <= 807) return 0.34;
  if (md >= 808 && md <= 815) return 0.16;
  if (md >= 816 && md <= 822) return 0.06;
  if (c.month == 2 && c.day >= 13 && c.day <= 26) return 0.06;  // sportlov
  const Days easter = EasterSunday(c.year);
  if (day >= easter - 6 && day <= easter + 1) return 0.10;
  return 0.02;
}

struct DayInfo {
  CivilDate civil;
  bool working;
  double vacation;
};

// The days of 1950–2100, built on first use (thread-safe static initialisation).
// The simulation asks tens of millions of times, so a look-up is kept to a guard
// check, a subtraction and a compare: building is out of line (inlined, it made
// every look-up save and restore registers).
class DayTable {
 public:
  static const DayTable& Get() {
    static const DayTable table = Build();
    return table;
  }
  const DayInfo* Find(Days day) const {
    // Days before first_ wrap to large indexes.
    const uint64_t i = static_cast<uint64_t>(static_cast<int64_t>(day) - first_);
    return i < count_ ? &days_[i] : nullptr;
  }

 private:
  [[gnu::noinline]] static DayTable Build() {
    DayTable t;
    t.first_ = DaysFromCivil(1950, 1, 1);
    const Days last = DaysFromCivil(2100, 12, 31);
    t.count_ = static_cast<uint32_t>(last - t.first_ + 1);
    t.days_.reserve(t.count_);
    for (Days d = t.first_; d <= last; ++d) {
      const CivilDate c = CivilFromDays(d);
      t.days_.push_back({c, Weekday(d) < 5 && !ComputeHoliday(d, c), ComputeVacationShare(d, c)});
    }
    return t;
  }
  Days first_ = 0;
  uint32_t count_ = 0;
  std::vector<DayInfo> days_;
};

}  // namespace

CivilDate Civil(Days day) {
  const DayInfo* info = DayTable::Get().Find(day);
  return info != nullptr ? info->civil : CivilFromDays(day);
}

Days EasterSunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

bool IsHoliday(Days day) { return ComputeHoliday(day, Civil(day)); }

bool IsWorkingDay(Days day) {
  const DayInfo* info = DayTable::Get().Find(day);
  return info != nullptr ? info->working : Weekday(day) < 5 && !IsHoliday(day);
}

WallTime SkipSpringGap(WallTime t) {
  const Days day = DayOf(t);
  const int sec = static_cast<int>(t - static_cast<WallTime>(day) * 86400);
  if (sec < 7200 || sec >= 10800) return t;
  const CivilDate c = CivilFromDays(day);
  if (c.month != 3 || c.day < 25) return t;
  return day == LastSundayOfMarch(c.year) ? t + 3600 : t;
}

double SeasonFactor(int month) {
  // Primary-care contacts by month (index 1..12), mean 1: respiratory infections in
  // winter, the summer dip in July.
  static constexpr double kFactor[13] = {0,    1.12, 1.12, 1.08, 1.00, 0.98, 0.88,
                                         0.66, 0.88, 1.06, 1.10, 1.10, 1.02};
  return kFactor[month];
}

double WeekdayFactor(int weekday) {
  static constexpr double kFactor[7] = {1.28, 1.02, 0.96, 0.94, 0.80, 0.0, 0.0};
  return kFactor[weekday];
}

double VacationShare(Days day) {
  const DayInfo* info = DayTable::Get().Find(day);
  return info != nullptr ? info->vacation : ComputeVacationShare(day, CivilFromDays(day));
}

}  // namespace nara::sim
