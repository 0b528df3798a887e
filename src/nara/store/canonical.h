// The canonical text of a stored value, as `nara export` writes it and as store
// messages quote keys: dates YYYY-MM-DD, months YYYY-MM, date-times in Swedish local
// time "YYYY-MM-DD HH:MM:SS", booleans 1/0, categories in contract spelling, reals
// in the shortest digits that read back to the same double, never with an exponent
// (PlainNumber, kRoundTrip: 300000, 0.0000001), nulls
// empty. Reading a canonical value back gives the same value, so export → import →
// export is a fixed point.
//
// Columns here are in *store form*: as engine::Column, except that unit columns hold
// codes into `dictionary` (unit ids), like text columns.
#pragma once

#include <string>

#include "nara/base/time.h"
#include "nara/engine/table.h"

namespace nara::store {

// Appends the canonical text of `row`. With `csv`, text is quoted (RFC 4180) when the
// reader would otherwise change it: delimiters, quotes, line breaks, outer spaces.
void AppendCanonical(const engine::ColumnSchema& schema, const engine::Column& column, size_t row, bool csv,
                     std::string* out);

// A date-time as Swedish local time. The one hour that repeats each autumn is written
// with "+01:00" on its second pass, the only way to read back the same instant.
void AppendLocalDateTime(Instant t, std::string* out);

}  // namespace nara::store
