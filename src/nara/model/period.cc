#include "nara/model/period.h"

#include <charconv>
#include <cstdio>

namespace nara::model {
namespace {

Period Make(PeriodKind kind, int year, int index, Month first, Month last) {
  return Period{kind, year, index, first, last};
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Period Period::MakeMonth(int y, int m) { return Make(PeriodKind::kMonth, y, m, nara::MakeMonth(y, m), nara::MakeMonth(y, m)); }
Period Period::Tertial(int y, int t) {
  return Make(PeriodKind::kTertial, y, t, nara::MakeMonth(y, 4 * t - 3), nara::MakeMonth(y, 4 * t));
}
Period Period::Quarter(int y, int q) {
  return Make(PeriodKind::kQuarter, y, q, nara::MakeMonth(y, 3 * q - 2), nara::MakeMonth(y, 3 * q));
}
Period Period::Year(int y) { return Make(PeriodKind::kYear, y, 0, nara::MakeMonth(y, 1), nara::MakeMonth(y, 12)); }
Period Period::YearToDate(int y, int m) {
  return Make(PeriodKind::kYearToDate, y, m, nara::MakeMonth(y, 1), nara::MakeMonth(y, m));
}
Period Period::Rolling12(int y, int m) {
  return Make(PeriodKind::kRolling12, y, m, nara::MakeMonth(y, m) - 11, nara::MakeMonth(y, m));
}

Period Period::ShiftYears(int years) const {
  Period p = *this;
  p.year += years;
  p.first += 12 * years;
  p.last += 12 * years;
  return p;
}

std::string Period::ToString() const {
  char buf[32];
  switch (kind) {
    case PeriodKind::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", year, index); break;
    case PeriodKind::kTertial: std::snprintf(buf, sizeof buf, "%04d-T%d", year, index); break;
    case PeriodKind::kQuarter: std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index); break;
    case PeriodKind::kYear: std::snprintf(buf, sizeof buf, "%04d", year); break;
    case PeriodKind::kYearToDate: std::snprintf(buf, sizeof buf, "%04d-YTD-%02d", year, index); break;
    case PeriodKind::kRolling12: std::snprintf(buf, sizeof buf, "R12-%04d-%02d", year, index); break;
  }
  return buf;
}

StatusOr<Period> ParsePeriod(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status::Invalid("period '" + std::string(text) + "': " + why +
                           " (use 2024-03, 2024-T1, 2024-Q1, 2024, 2024-YTD-06 or R12-2024-06)");
  };
  int year = 0, n = 0;
  auto year_ok = [&](std::string_view s) { return s.size() == 4 && ParseInt(s, &year) && year >= 1900 && year <= 2100; };
  if (text.size() == 4) {
    if (!year_ok(text)) return bad("no such year");
    return Period::Year(year);
  }
  if (text.rfind("R12-", 0) == 0) {
    std::string_view rest = text.substr(4);
    if (rest.size() != 7 || rest[4] != '-' || !year_ok(rest.substr(0, 4)) || !ParseInt(rest.substr(5), &n) ||
        n < 1 || n > 12) {
      return bad("not a rolling-12 period");
    }
    return Period::Rolling12(year, n);
  }
  if (text.size() < 7 || text[4] != '-' || !year_ok(text.substr(0, 4))) return bad("not a period");
  std::string_view rest = text.substr(5);
  if (rest.size() == 2 && ParseInt(rest, &n)) {
    if (n < 1 || n > 12) return bad("no such month");
    return Period::MakeMonth(year, n);
  }
  if (rest.size() == 2 && (rest[0] == 'T' || rest[0] == 't') && ParseInt(rest.substr(1), &n)) {
    if (n < 1 || n > 3) return bad("a year has tertials T1–T3");
    return Period::Tertial(year, n);
  }
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && ParseInt(rest.substr(1), &n)) {
    if (n < 1 || n > 4) return bad("a year has quarters Q1–Q4");
    return Period::Quarter(year, n);
  }
  if (rest.size() == 6 && rest.substr(0, 4) == "YTD-" && ParseInt(rest.substr(4), &n)) {
    if (n < 1 || n > 12) return bad("no such month");
    return Period::YearToDate(year, n);
  }
  return bad("not a period");
}

std::vector<Period> PeriodsOfYear(int year) {
  std::vector<Period> out;
  for (int m = 1; m <= 12; ++m) out.push_back(Period::MakeMonth(year, m));
  for (int t = 1; t <= 3; ++t) out.push_back(Period::Tertial(year, t));
  for (int q = 1; q <= 4; ++q) out.push_back(Period::Quarter(year, q));
  out.push_back(Period::Year(year));
  for (int m = 1; m <= 12; ++m) out.push_back(Period::YearToDate(year, m));
  for (int m = 1; m <= 12; ++m) out.push_back(Period::Rolling12(year, m));
  return out;
}

}  // namespace nara::model
