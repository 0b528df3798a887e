// Small text utilities: encodings (UTF-8, Windows-1252), case, trimming, booleans,
// and numbers as files carry them (PlainNumber). Numbers for readers, with thousands
// separators, are formatted by FormatNumber (messages.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nara {

// True if `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view bytes);
// Offset of the first byte that breaks UTF-8, or bytes.size() if none does.
size_t Utf8ErrorOffset(std::string_view bytes);
// Transcodes Windows-1252 (what Swedish Excel writes) to UTF-8. Bytes 0x81, 0x8D,
// 0x8F, 0x90 and 0x9D, undefined in 1252, map to the C1 controls of the same value.
std::string Windows1252ToUtf8(std::string_view bytes);

// Columns a UTF-8 text takes in a terminal (its code points; Swedish text has no wide
// characters), and the text padded with spaces to `width` columns (on the left with
// `right`), a longer one cut on a character boundary and ended with "…".
size_t TextWidth(std::string_view s);
std::string PadText(std::string s, size_t width, bool right = false);

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::vector<std::string_view> Split(std::string_view s, char separator);

// A CSV field as RFC 4180 writes it: quoted, its quotes doubled, when it holds the
// delimiter, a quote or a line break, or starts or ends with a space or tab (a reader
// that trims fields would lose them); else as it is.
std::string CsvField(std::string_view v, char delimiter = ',');

// Parses a boolean as the data contract allows: 1/0, true/false, ja/nej, yes/no
// (any case). Returns false if it is none of these.
bool ParseBool(std::string_view s, bool* out);

// How many digits PlainNumber keeps.
enum class NumberDigits {
  // Every digit the double needs to read back to itself (the shortest such), for
  // stored values that must survive export and import unchanged.
  kRoundTrip,
  // A computed figure (a ratio, a sum of many parts): at most kComputedDecimals
  // decimals and kComputedSignificant significant digits, so the binary noise of the
  // arithmetic (76457.70000000001, 0.30000000000000004) is not shown. A double holds
  // 15 significant decimal digits safely; a share of 10 decimals is far finer than
  // any count behind it.
  kComputed,
};
inline constexpr int kComputedDecimals = 10;
inline constexpr int kComputedSignificant = 15;

// A number as a file carries it for a spreadsheet or another program to read: never
// an exponent, no thousands separator, `decimal_mark` ('.' or ',') before the
// decimals, trailing zeros trimmed, '-' for negatives. Whole numbers are written as
// integers, in full (300000, 9007199254740993 as the double holds it); negative zero
// is "0". NaN and infinities — no value — are the empty string.
std::string PlainNumber(double value, NumberDigits digits = NumberDigits::kComputed, char decimal_mark = '.');

}  // namespace nara
