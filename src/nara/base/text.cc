#include "nara/base/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace nara {

bool IsValidUtf8(std::string_view s) { return Utf8ErrorOffset(s) == s.size(); }

size_t Utf8ErrorOffset(std::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  while (p < end) {
    // Plain ASCII, 32 bytes and then eight at a time (extracts are mostly ASCII).
    while (end - p >= 32) {
      uint64_t w[4];
      std::memcpy(w, p, 32);
      if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) break;
      p += 32;
    }
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return static_cast<size_t>(p - begin);
    }
    if (end - p < len) return static_cast<size_t>(p - begin);
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return static_cast<size_t>(p - begin);
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return static_cast<size_t>(p - begin);
    }
    p += len;
  }
  return s.size();
}

std::string Windows1252ToUtf8(std::string_view s) {
  static constexpr uint16_t kHigh[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                         0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    uint32_t cp = c < 0x80 ? c : (c < 0xA0 ? kHigh[c - 0x80] : c);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

size_t TextWidth(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string PadText(std::string s, size_t width, bool right) {
  size_t w = TextWidth(s);
  if (w > width) {
    // Cut on a character boundary and mark the cut.
    size_t keep = 0, chars = 0;
    while (keep < s.size() && chars + 1 < width) {
      ++keep;
      while (keep < s.size() && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) ++keep;
      ++chars;
    }
    s = s.substr(0, keep) + "…";
    w = width;
  }
  std::string pad(width - w, ' ');
  return right ? pad + s : s + pad;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string CsvField(std::string_view v, char delimiter) {
  const bool quote = !v.empty() && (v.find(delimiter) != std::string_view::npos ||
                                    v.find_first_of("\"\r\n") != std::string_view::npos || v.front() == ' ' ||
                                    v.front() == '\t' || v.back() == ' ' || v.back() == '\t');
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool ParseBool(std::string_view s, bool* out) {
  static constexpr std::string_view kTrue[] = {"1", "true", "ja", "yes"};
  static constexpr std::string_view kFalse[] = {"0", "false", "nej", "no"};
  for (auto t : kTrue) {
    if (EqualsIgnoreCase(s, t)) return *out = true, true;
  }
  for (auto f : kFalse) {
    if (EqualsIgnoreCase(s, f)) return *out = false, true;
  }
  return false;
}

namespace {

// Digits "d.ddd" and a decimal exponent from std::to_chars' shortest scientific form
// (the shortest digits that read back to `v`), written out in positional notation.
std::string Positional(double v, char decimal_mark) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  const bool negative = s.front() == '-';
  if (negative) s.remove_prefix(1);
  const size_t e = s.find('e');
  int exponent = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), exponent);
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  // digits = d1 d2 … dn, value = 0.d1…dn × 10^(exponent + 1).
  const int point = exponent + 1;
  std::string out = negative ? "-" : "";
  if (point <= 0) {
    out += '0';
    out += decimal_mark;
    out.append(static_cast<size_t>(-point), '0');
    out += digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits;
    out.append(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out.append(digits, 0, static_cast<size_t>(point));
    out += decimal_mark;
    out.append(digits, static_cast<size_t>(point));
  }
  return out;
}

}  // namespace

std::string PlainNumber(double v, NumberDigits digits, char decimal_mark) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";  // also -0
  char buf[400];
  // Whole numbers that fit an int64 exactly, as integers.
  if (v == std::trunc(v) && std::fabs(v) < 9.2e18) {
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    return std::string(buf, r.ptr);
  }
  if (digits == NumberDigits::kRoundTrip || std::fabs(v) >= 1e15) return Positional(v, decimal_mark);
  // Decimals that keep kComputedSignificant digits in all, at most kComputedDecimals.
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));  // 76457.7 → 4
  const int decimals = std::clamp(kComputedSignificant - 1 - magnitude, 0, kComputedDecimals);
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string out(buf, r.ptr);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") return "0";  // a tiny negative rounded away
  if (const size_t dot = out.find('.'); dot != std::string::npos) out[dot] = decimal_mark;
  return out;
}

}  // namespace nara
