#include "nara/store/canonical.h"

#include "nara/base/text.h"

#include <charconv>
#include <cmath>

#include "nara/base/time.h"

namespace nara::store {

using engine::ColumnType;

namespace {

void AppendText(std::string_view v, bool csv, std::string* out) {
  bool quote = csv && !v.empty() &&
               (v.find_first_of(",;\"\r\n") != std::string_view::npos || v.front() == ' ' ||
                v.front() == '\t' || v.back() == ' ' || v.back() == '\t');
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

void AppendLocalDateTime(Instant t, std::string* out) {
  out->append(FormatLocalDateTime(t));
  // Wall times of the repeated autumn hour read as summer time (base/time.h); the
  // instant an hour later, in winter time, needs its offset to come back.
  if (StockholmOffset(t) == 3600 && StockholmOffset(t - 3600) == 7200) out->append("+01:00");
}

void AppendCanonical(const engine::ColumnSchema& schema, const engine::Column& column, size_t row, bool csv,
                     std::string* out) {
  switch (schema.type) {
    case ColumnType::kBool: {
      uint8_t v = column.u8[row];
      if (v != engine::kNullU8) out->push_back(v ? '1' : '0');
      return;
    }
    case ColumnType::kEnum: {
      uint8_t v = column.u8[row];
      if (v != engine::kNullU8) out->append(schema.enum_values[v]);
      return;
    }
    case ColumnType::kInt:
    case ColumnType::kInstant: {
      int64_t v = column.i64[row];
      if (v == engine::kNullI64) return;
      if (schema.type == ColumnType::kInstant) {
        AppendLocalDateTime(v, out);
        return;
      }
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      out->append(buf, r.ptr);
      return;
    }
    case ColumnType::kReal: {
      double v = column.f64[row];
      if (std::isnan(v)) return;
      out->append(PlainNumber(v, NumberDigits::kRoundTrip));  // 300000, not 3e+05
      return;
    }
    case ColumnType::kDate:
    case ColumnType::kMonth:
    case ColumnType::kYear: {
      int32_t v = column.i32[row];
      if (v == engine::kNullI32) return;
      if (schema.type == ColumnType::kDate) {
        out->append(FormatDate(v));
      } else if (schema.type == ColumnType::kMonth) {
        out->append(FormatMonth(v));
      } else {
        out->append(std::to_string(v));
      }
      return;
    }
    case ColumnType::kText:
    case ColumnType::kUnit: {
      int32_t v = column.i32[row];
      if (v == engine::kNullText) return;
      AppendText(column.dictionary[static_cast<size_t>(v)], csv, out);
      return;
    }
  }
}

}  // namespace nara::store
