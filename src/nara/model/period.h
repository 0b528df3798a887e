// Follow-up periods (SPEC §7). The month is the atom; every period is an inclusive
// range of months: month, tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec), quarter,
// year, year to date (January through a month) and rolling 12 months.
//
// Text forms: "2024-03", "2024-T1", "2024-Q1", "2024", "2024-YTD-06", "R12-2024-06".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"

namespace nara::model {

enum class PeriodKind : uint8_t { kMonth, kTertial, kQuarter, kYear, kYearToDate, kRolling12 };

struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 0;
  int index = 0;  // month 1–12 (month, YTD, R12), tertial 1–3, quarter 1–4; 0 for a year
  Month first = 0;
  Month last = 0;

  static Period MakeMonth(int year, int month);
  static Period Tertial(int year, int tertial);
  static Period Quarter(int year, int quarter);
  static Period Year(int year);
  static Period YearToDate(int year, int month);
  static Period Rolling12(int year, int month);

  int months() const { return last - first + 1; }
  Days first_day() const { return FirstDayOfMonth(first); }
  Days last_day() const { return LastDayOfMonth(last); }
  int days() const { return last_day() - first_day() + 1; }
  // The same period `years` years earlier (negative) or later.
  Period ShiftYears(int years) const;
  std::string ToString() const;
  friend bool operator==(const Period& a, const Period& b) { return a.kind == b.kind && a.first == b.first && a.last == b.last; }
};

// Parses any of the text forms; the error names the accepted forms.
StatusOr<Period> ParsePeriod(std::string_view text);

// Every period whose last month lies in `year`: 12 months, 3 tertials, 4 quarters,
// the year, 12 year-to-date and 12 rolling-12 periods (44 in all).
std::vector<Period> PeriodsOfYear(int year);

}  // namespace nara::model
