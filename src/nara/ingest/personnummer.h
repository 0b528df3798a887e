// Recognising Swedish personal identity numbers (personnummer) and coordination
// numbers (samordningsnummer), which must never enter nara: extracts carry opaque
// pseudonyms in patient_key and employee_key and opaque ids elsewhere, and a text
// value of any column that looks like an identity number is refused (SPEC §4).
#pragma once

#include <string_view>

namespace nara::ingest {

// True if `value` (outer spaces and tabs aside) is written the way people write an
// identity number: 10 or 12 digits (YYMMDDNNNN, YYYYMMDDNNNN), whole or with one
// separator before the last four — hyphen, plus (100 years or older), space, en dash,
// em dash, minus sign or no-break space — whose date exists (a coordination number's
// day is the day of birth + 60; a 12-digit number's century is 18, 19 or 20) and
// whose last digit is the Luhn check digit of the ten before it. A number with a
// wrong check digit is not taken for one: ids built from a date and a serial
// (20240315-0042) are common, and only one in ten of them would pass a check digit.
bool LooksLikePersonnummer(std::string_view value);

}  // namespace nara::ingest
