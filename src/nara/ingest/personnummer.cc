#include "nara/ingest/personnummer.h"

#include <string>

#include "nara/base/time.h"

namespace nara::ingest {
namespace {

bool PlausibleDate(int year, int month, int day) {
  if (day > 60) day -= 60;  // coordination number (samordningsnummer)
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

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

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool LooksLikePersonnummer(std::string_view v) {
  std::string_view date_part, tail;
  bool separated = false;
  if (v.size() == 13 && (v[8] == '-' || v[8] == '+')) {
    date_part = v.substr(0, 8);
    tail = v.substr(9);
    separated = true;
  } else if (v.size() == 11 && (v[6] == '-' || v[6] == '+')) {
    date_part = v.substr(0, 6);
    tail = v.substr(7);
    separated = true;
  } else if (v.size() == 12 || v.size() == 10) {
    date_part = v.substr(0, v.size() - 4);
    tail = v.substr(v.size() - 4);
  } else {
    return false;
  }
  if (!AllDigits(date_part) || !AllDigits(tail) || tail.size() != 4) return false;
  int year = date_part.size() == 8 ? Num(date_part.substr(0, 4)) : 2000 + Num(date_part.substr(0, 2));
  std::string_view md = date_part.substr(date_part.size() - 4);
  if (!PlausibleDate(year, Num(md.substr(0, 2)), Num(md.substr(2, 2)))) {
    // A two-digit year may be 19xx (29 February).
    if (date_part.size() != 6 || !PlausibleDate(year - 100, Num(md.substr(0, 2)), Num(md.substr(2, 2))))
      return false;
  }
  if (separated) return true;
  std::string ten = std::string(date_part.substr(date_part.size() - 6)) + std::string(tail);
  return LuhnValid(ten);
}

}  // namespace nara::ingest
