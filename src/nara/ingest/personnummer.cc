#include "nara/ingest/personnummer.h"

#include "nara/base/time.h"

namespace nara::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool PlausibleDate(int year, int month, int day) {
  if (day > 60) day -= 60;  // coordination number (samordningsnummer)
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

// The date of YYMMDD or YYYYMMDD. A two-digit year may be of any of three centuries
// (it matters for 29 February only).
bool DateExists(std::string_view date) {
  const int month = Num(date.substr(date.size() - 4, 2)), day = Num(date.substr(date.size() - 2));
  if (date.size() == 8) {
    const int year = Num(date.substr(0, 4));
    return year >= 1800 && year < 2100 && PlausibleDate(year, month, day);
  }
  const int yy = Num(date.substr(0, 2));
  for (int century : {1800, 1900, 2000}) {
    if (PlausibleDate(century + yy, month, day)) return true;
  }
  return false;
}

// Luhn over YYMMDDNNNN: the check digit makes the weighted sum a multiple of ten.
bool LuhnValid(std::string_view ten) {
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) {
    int d = ten[i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

// The length of the separator `s` starts with, or 0 when it starts with none.
size_t Separator(std::string_view s) {
  for (std::string_view sep : {"-", "+", " ", "\u2013", "\u2014", "\u2212", "\u00a0"}) {
    if (s.substr(0, sep.size()) == sep) return sep.size();
  }
  return 0;
}

}  // namespace

bool LooksLikePersonnummer(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  // Every form is 10 to 15 bytes (12 digits and a three-byte dash) and starts with a
  // digit: most values are ruled out here, at the cost of two comparisons.
  if (v.size() < 10 || v.size() > 15 || !IsDigit(v.front())) return false;
  size_t digits = 0;
  while (digits < v.size() && IsDigit(v[digits])) ++digits;
  std::string_view date, serial;
  if (digits == v.size()) {
    if (digits != 10 && digits != 12) return false;
    date = v.substr(0, digits - 4);
    serial = v.substr(digits - 4);
  } else {
    if (digits != 6 && digits != 8) return false;
    const size_t sep = Separator(v.substr(digits));
    if (sep == 0) return false;
    serial = v.substr(digits + sep);
    if (serial.size() != 4 || !IsDigit(serial[0]) || !IsDigit(serial[1]) || !IsDigit(serial[2]) ||
        !IsDigit(serial[3])) {
      return false;
    }
    date = v.substr(0, digits);
  }
  if (!DateExists(date)) return false;
  char ten[10];
  const std::string_view yymmdd = date.substr(date.size() - 6);
  for (size_t i = 0; i < 6; ++i) ten[i] = yymmdd[i];
  for (size_t i = 0; i < 4; ++i) ten[6 + i] = serial[i];
  return LuhnValid(std::string_view(ten, 10));
}

}  // namespace nara::ingest
