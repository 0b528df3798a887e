// Recognising Swedish personal identity numbers (personnummer) and coordination
// numbers (samordningsnummer), which must never enter nara: extracts carry opaque
// pseudonyms in patient_key and employee_key, and a value that looks like an identity
// number is refused (SPEC §4).
#pragma once

#include <string_view>

namespace nara::ingest {

// True if `value` looks like a Swedish personal identity or coordination number:
// YYYYMMDD-NNNN / YYMMDD-NNNN (also with '+') with a date that exists (a coordination
// number's day plus 60), or 10 or 12 digits with such a date and a valid check digit.
bool LooksLikePersonnummer(std::string_view value);

}  // namespace nara::ingest
