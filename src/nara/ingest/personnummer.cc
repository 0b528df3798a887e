#include "nara/ingest/personnummer.h"

namespace nara::ingest {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int TwoDigits(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// `date` is YYMMDD or YYYYMMDD, all digits.
bool PlausibleDate(std::string_view date) {
  int month = TwoDigits(date, date.size() - 4);
  int day = TwoDigits(date, date.size() - 2);
  if (month < 1 || month > 12) return false;
  return (day >= 1 && day <= 31) || (day >= 61 && day <= 91);
}

// Luhn over YYMMDDNNNC: digits in even positions (from the left, 0-based) doubled.
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

}  // namespace

bool LooksLikePersonnummer(std::string_view v) {
  if (v.size() == 13 || v.size() == 11) {
    size_t sep = v.size() - 5;
    if (v[sep] != '-' && v[sep] != '+') return false;
    std::string_view date = v.substr(0, sep);
    return AllDigits(date) && AllDigits(v.substr(sep + 1)) && PlausibleDate(date);
  }
  if (v.size() == 12 || v.size() == 10) {
    if (!AllDigits(v)) return false;
    return PlausibleDate(v.substr(0, v.size() - 4)) && LuhnValid(v.substr(v.size() - 10));
  }
  return false;
}

}  // namespace nara::ingest
