// Recognising Swedish personal identity numbers (personnummer) and coordination
// numbers (samordningsnummer), which must never enter nara: extracts carry opaque
// pseudonyms in patient_key and employee_key, and a value that looks like an identity
// number is refused (SPEC §4).
#pragma once

#include <string_view>

namespace nara::ingest {

// True if `value` looks like a personal identity or coordination number:
//  - YYYYMMDD-NNNN or YYMMDD-NNNN, the separator '-' or '+', whose date part is
//    plausible (month 1–12, day 1–31, or 61–91 for a coordination number); or
//  - 12 or 10 digits with such a date part whose last 10 digits pass the Luhn check.
// Deliberately errs on the side of refusing: the day is not checked against the
// length of the month, and any four-digit year counts.
bool LooksLikePersonnummer(std::string_view value);

}  // namespace nara::ingest
