// Internal: the compiled form of an indicator (what Compile() produces and the cube
// evaluates). Row expressions are evaluated a chunk of rows at a time into doubles,
// NaN standing for null; cell expressions combine aggregate results per unit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nara/engine/table.h"

namespace nara::engine {

enum class ValueType : uint8_t { kNumber, kBool, kDate, kMonth, kInstant, kEnum, kText, kUnit, kNull, kString };

enum class RowOp : uint8_t {
  kColumn,
  kConst,
  kTextConst,  // a text or unit literal resolved per table instance (dictionary code / unit index)
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kIn,
  kIsNull,
  kLocalDay,
  kMinutes,
  kDays,
  kMonthEnd,
  kYear,
  kMonthNumber,
  kHorizon,      // the latest non-null value of `column` in the table
  kUnitKind,     // attributes of the row's unit (its latest version)
  kUnitOwnership,
  kUnitMunicipality,
};

struct RowExpr {
  RowOp op = RowOp::kConst;
  ValueType type = ValueType::kNumber;
  int column = -1;
  double constant = 0;
  std::string text;              // kTextConst / kIn over text or units: the literals
  std::vector<std::string> texts;
  std::vector<double> set;       // kIn over numbers or enums
  bool negated = false;
  std::vector<RowExpr> args;
};

enum class AggKind : uint8_t {
  kCount, kSum, kShare, kMean, kWMean, kMedian, kPercentile, kCountDistinct, kLast, kShareLatest,
};

enum class Window : uint8_t { kPeriod, kYearToDate, kYear, kPreviousYear, kToDate };

struct Aggregate {
  AggKind kind = AggKind::kCount;
  std::string table;
  int by_column = -1;
  ValueType by_type = ValueType::kDate;
  // `for COLUMN` (a year, date or month): a row counts only for periods whose last
  // month is in the year it names, the window placing it by `by_column` as ever.
  int for_column = -1;
  ValueType for_type = ValueType::kNumber;
  // Set on the per-year aggregates the cube derives from a `for` one: its rows are
  // about one whole year, so `last` takes a unit's latest row for the year whether or
  // not the unit is still open at the window's end (a closed unit's forecast counts
  // wherever its budget does).
  bool about_year = false;
  std::optional<RowExpr> where;
  Window window = Window::kPeriod;
  std::vector<RowExpr> args;
  double p = 50;  // kPercentile
  std::string text;  // as written, for explanations
};

enum class CellOp : uint8_t { kAggregate, kConst, kMonths, kDays, kNeg, kAdd, kSub, kMul, kDiv };

struct CellExpr {
  CellOp op = CellOp::kConst;
  int aggregate = -1;
  double constant = 0;
  std::vector<CellExpr> args;
};

struct IndicatorProgram {
  std::vector<Aggregate> aggregates;
  CellExpr value;
  std::optional<CellExpr> numerator;    // explicit or derived from value = A / B
  std::optional<CellExpr> denominator;
  bool own_fraction = false;            // value is a single aggregate with its own num/den
  int n_aggregate = 0;                  // whose n the indicator reports
};

}  // namespace nara::engine
