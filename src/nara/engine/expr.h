// The indicator language: syntax tree and parser (grammar in docs/indicators.md).
//
// An indicator is an expression over aggregates; an aggregate reads one fact table:
//   share(phone_calls where in_opening_hours and topic in ('advice', 'booking'),
//         local_day(handled_at) = local_day(received_at))
// The parser knows nothing of tables or columns; compile.h checks names and types.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"

namespace nara::engine {

enum class ExprKind : uint8_t {
  kNumber,
  kString,
  kBool,
  kNull,
  kName,       // a column or a pseudo-column (unit_kind …)
  kNeg,
  kNot,
  kBinary,     // op holds + - * / = != < <= > >= and or
  kIn,         // args[0] in (args[1..]); negated for "not in"
  kIsNull,     // args[0] is null; negated for "is not null"
  kCall,       // name(args…): a row function or an aggregate
};

// Where an aggregate reads its rows.
struct SourceSpec {
  std::string table;
  std::string by;  // empty: the table's default date column
  int by_pos = 0;
  std::string for_column;  // empty: rows count for every period their date places them in
  int for_pos = 0;
  std::unique_ptr<struct Expr> where;
  std::string over = "period";  // period, ytd, year, previous_year, to_date
  int over_pos = 0;
};

struct Expr {
  ExprKind kind = ExprKind::kNull;
  int pos = 0;          // byte offset of the node's first character in the text
  double number = 0;
  bool negated = false;
  std::string text;     // string literal, name, operator or function name
  std::vector<std::unique_ptr<Expr>> args;
  std::unique_ptr<SourceSpec> source;  // aggregates only: the first argument
};

// Parses an expression. An error is one problem (Status::Problems) whose column is
// the 1-based position in the text; ErrorOffset() gives it 0-based.
StatusOr<std::unique_ptr<Expr>> ParseExpression(std::string_view text);

// The names that start an aggregate call (count, sum, share, …).
bool IsAggregateName(std::string_view name);

// An expression's error at a 0-based byte offset, and what it carries: the offset
// (-1 if none) and the problem's text.
Status ExprError(int offset, const std::string& message);
int ErrorOffset(const Status& status);
std::string ErrorText(const Status& status);

}  // namespace nara::engine
