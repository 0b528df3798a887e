// Small text utilities: encodings (UTF-8, Windows-1252), case, trimming, booleans.
// Numbers for readers are formatted by FormatNumber (messages.h).
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

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::vector<std::string_view> Split(std::string_view s, char separator);

// Parses a boolean as the data contract allows: 1/0, true/false, ja/nej, yes/no
// (any case). Returns false if it is none of these.
bool ParseBool(std::string_view s, bool* out);

}  // namespace nara
