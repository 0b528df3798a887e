// Name resolution and type checking: Expr (syntax) → IndicatorProgram.
#include "nara/engine/compile.h"

#include <algorithm>

#include "nara/base/time.h"
#include "nara/engine/expr.h"
#include "nara/engine/indicator.h"

namespace nara::engine {
namespace {

const char* TypeName(ValueType t) {
  switch (t) {
    case ValueType::kNumber: return "number";
    case ValueType::kBool: return "boolean";
    case ValueType::kDate: return "date";
    case ValueType::kMonth: return "month";
    case ValueType::kInstant: return "date-time";
    case ValueType::kEnum: return "category";
    case ValueType::kText: return "text";
    case ValueType::kUnit: return "unit";
    case ValueType::kNull: return "null";
    case ValueType::kString: return "text literal";
  }
  return "?";
}

ValueType FromColumn(ColumnType t) {
  switch (t) {
    case ColumnType::kBool: return ValueType::kBool;
    case ColumnType::kEnum: return ValueType::kEnum;
    case ColumnType::kInt:
    case ColumnType::kReal:
    case ColumnType::kYear: return ValueType::kNumber;
    case ColumnType::kDate: return ValueType::kDate;
    case ColumnType::kMonth: return ValueType::kMonth;
    case ColumnType::kInstant: return ValueType::kInstant;
    case ColumnType::kText: return ValueType::kText;
    case ColumnType::kUnit: return ValueType::kUnit;
  }
  return ValueType::kNumber;
}

const std::vector<std::string>& UnitKindNames() {
  static const std::vector<std::string> kNames = {"region", "administration", "area", "health_centre",
                                                  "branch", "dental_clinic",  "service", "team"};
  return kNames;
}
const std::vector<std::string>& OwnershipNames() {
  static const std::vector<std::string> kNames = {"public", "private"};
  return kNames;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Checks row expressions of one table.
class RowCompiler {
 public:
  explicit RowCompiler(const TableSchema& schema) : schema_(schema) {}

  StatusOr<RowExpr> Compile(const Expr& e) {
    RowExpr r;
    switch (e.kind) {
      case ExprKind::kNumber:
        r.constant = e.number;
        return r;
      case ExprKind::kBool:
        r.type = ValueType::kBool;
        r.constant = e.number;
        return r;
      case ExprKind::kNull:
        r.type = ValueType::kNull;
        r.constant = NAN;
        return r;
      case ExprKind::kString:
        r.type = ValueType::kString;
        r.text = e.text;
        return r;
      case ExprKind::kName: return Name(e);
      case ExprKind::kNeg: {
        NARA_ASSIGN_OR_RETURN(RowExpr a, Compile(*e.args[0]));
        NARA_RETURN_IF_ERROR(Expect(*e.args[0], a, ValueType::kNumber));
        r.op = RowOp::kNeg;
        r.args.push_back(std::move(a));
        return r;
      }
      case ExprKind::kNot: {
        NARA_ASSIGN_OR_RETURN(RowExpr a, Compile(*e.args[0]));
        NARA_RETURN_IF_ERROR(Expect(*e.args[0], a, ValueType::kBool));
        r.op = RowOp::kNot;
        r.type = ValueType::kBool;
        r.args.push_back(std::move(a));
        return r;
      }
      case ExprKind::kIsNull: {
        NARA_ASSIGN_OR_RETURN(RowExpr a, Compile(*e.args[0]));
        r.op = RowOp::kIsNull;
        r.type = ValueType::kBool;
        r.negated = e.negated;
        r.args.push_back(std::move(a));
        return r;
      }
      case ExprKind::kIn: return In(e);
      case ExprKind::kBinary: return Binary(e);
      case ExprKind::kCall: return Call(e);
    }
    return ExprError(e.pos, "unsupported expression");
  }

 private:
  Status Expect(const Expr& at, const RowExpr& r, ValueType t) {
    if (r.type == t || r.type == ValueType::kNull) return Status::Ok();
    return ExprError(at.pos, std::string("expected a ") + TypeName(t) + ", found a " + TypeName(r.type));
  }

  StatusOr<RowExpr> Name(const Expr& e) {
    RowExpr r;
    if (e.text == "unit_kind" || e.text == "unit_ownership" || e.text == "unit_municipality") {
      int unit = schema_.Find("unit_id");
      if (unit < 0) return ExprError(e.pos, "table '" + schema_.name + "' has no unit_id for " + e.text);
      r.column = unit;
      r.op = e.text == "unit_kind" ? RowOp::kUnitKind
             : e.text == "unit_ownership" ? RowOp::kUnitOwnership : RowOp::kUnitMunicipality;
      r.type = r.op == RowOp::kUnitMunicipality ? ValueType::kNumber : ValueType::kEnum;
      return r;
    }
    int c = schema_.Find(e.text);
    if (c < 0) return ExprError(e.pos, "table '" + schema_.name + "' has no column '" + e.text + "' (columns: " + Columns() + ")");
    const ColumnSchema& col = schema_.columns[c];
    if (!col.stored) return ExprError(e.pos, "column '" + col.name + "' is a row identifier and cannot be used in indicators");
    r.op = RowOp::kColumn;
    r.column = c;
    r.type = FromColumn(col.type);
    return r;
  }

  std::string Columns() const {
    std::vector<std::string> names;
    for (const ColumnSchema& c : schema_.columns) {
      if (c.stored) names.push_back(c.name);
    }
    return Join(names);
  }

  const std::vector<std::string>* EnumValues(const RowExpr& r) const {
    if (r.type != ValueType::kEnum) return nullptr;
    if (r.op == RowOp::kUnitKind) return &UnitKindNames();
    if (r.op == RowOp::kUnitOwnership) return &OwnershipNames();
    return &schema_.columns[r.column].enum_values;
  }

  // Turns a text literal compared with `other` into a constant of its type.
  Status Coerce(const Expr& at, const RowExpr& other, RowExpr* lit) {
    if (lit->type != ValueType::kString) return Status::Ok();
    switch (other.type) {
      case ValueType::kEnum: {
        const auto* values = EnumValues(other);
        for (size_t i = 0; i < values->size(); ++i) {
          if ((*values)[i] == lit->text) {
            lit->type = ValueType::kEnum;
            lit->constant = static_cast<double>(i);
            return Status::Ok();
          }
        }
        return ExprError(at.pos, "'" + lit->text + "' is not a value of this column (values: " + Join(*values) + ")");
      }
      case ValueType::kDate: {
        Days d;
        if (ParseDate(lit->text, &d) != TimeParseError::kNone) return ExprError(at.pos, "expected a date like '2024-01-31'");
        lit->type = ValueType::kDate;
        lit->constant = d;
        return Status::Ok();
      }
      case ValueType::kMonth: {
        Month m;
        if (ParseMonth(lit->text, &m) != TimeParseError::kNone) return ExprError(at.pos, "expected a month like '2024-01'");
        lit->type = ValueType::kMonth;
        lit->constant = m;
        return Status::Ok();
      }
      case ValueType::kInstant: {
        Instant t;
        if (ParseDateTime(lit->text, &t) != TimeParseError::kNone) {
          return ExprError(at.pos, "expected a date-time like '2024-01-31 08:00'");
        }
        lit->type = ValueType::kInstant;
        lit->constant = static_cast<double>(t);
        return Status::Ok();
      }
      case ValueType::kText:
      case ValueType::kUnit:
        lit->op = RowOp::kTextConst;
        lit->column = other.column;
        lit->type = other.type;
        return Status::Ok();
      default:
        return ExprError(at.pos, std::string("cannot compare a ") + TypeName(other.type) + " with text");
    }
  }

  StatusOr<RowExpr> In(const Expr& e) {
    NARA_ASSIGN_OR_RETURN(RowExpr left, Compile(*e.args[0]));
    RowExpr r;
    r.op = RowOp::kIn;
    r.type = ValueType::kBool;
    r.negated = e.negated;
    for (size_t i = 1; i < e.args.size(); ++i) {
      NARA_ASSIGN_OR_RETURN(RowExpr lit, Compile(*e.args[i]));
      NARA_RETURN_IF_ERROR(Coerce(*e.args[i], left, &lit));
      if (lit.op == RowOp::kTextConst) {
        r.texts.push_back(lit.text);
      } else if (lit.type != left.type && !(left.type == ValueType::kNumber && lit.type == ValueType::kNumber)) {
        return ExprError(e.args[i]->pos, std::string("a ") + TypeName(lit.type) + " in a list for a " + TypeName(left.type));
      } else {
        r.set.push_back(lit.constant);
      }
    }
    r.column = left.column;
    r.args.push_back(std::move(left));
    return r;
  }

  StatusOr<RowExpr> Binary(const Expr& e) {
    NARA_ASSIGN_OR_RETURN(RowExpr a, Compile(*e.args[0]));
    NARA_ASSIGN_OR_RETURN(RowExpr b, Compile(*e.args[1]));
    const std::string& op = e.text;
    RowExpr r;
    if (op == "and" || op == "or") {
      NARA_RETURN_IF_ERROR(Expect(*e.args[0], a, ValueType::kBool));
      NARA_RETURN_IF_ERROR(Expect(*e.args[1], b, ValueType::kBool));
      r.op = op == "and" ? RowOp::kAnd : RowOp::kOr;
      r.type = ValueType::kBool;
    } else if (op == "+" || op == "-" || op == "*" || op == "/") {
      bool date_shift = (op == "+" || op == "-") && a.type == ValueType::kDate && b.type == ValueType::kNumber;
      if (!date_shift) NARA_RETURN_IF_ERROR(Expect(*e.args[0], a, ValueType::kNumber));
      NARA_RETURN_IF_ERROR(Expect(*e.args[1], b, ValueType::kNumber));
      r.op = op == "+" ? RowOp::kAdd : op == "-" ? RowOp::kSub : op == "*" ? RowOp::kMul : RowOp::kDiv;
      r.type = date_shift ? ValueType::kDate : ValueType::kNumber;
    } else {
      NARA_RETURN_IF_ERROR(Coerce(*e.args[1], a, &b));
      NARA_RETURN_IF_ERROR(Coerce(*e.args[0], b, &a));
      bool same = a.type == b.type || a.type == ValueType::kNull || b.type == ValueType::kNull;
      if (!same) {
        return ExprError(e.pos, std::string("cannot compare a ") + TypeName(a.type) + " with a " + TypeName(b.type));
      }
      if ((a.type == ValueType::kEnum && b.type == ValueType::kEnum && a.op != RowOp::kConst && b.op != RowOp::kConst &&
           EnumValues(a) != EnumValues(b))) {
        return ExprError(e.pos, "cannot compare categories of different columns");
      }
      if ((op != "=" && op != "!=") &&
          (a.type == ValueType::kEnum || a.type == ValueType::kText || a.type == ValueType::kBool || a.type == ValueType::kUnit)) {
        return ExprError(e.pos, "only = and != apply to a " + std::string(TypeName(a.type)));
      }
      r.op = op == "=" ? RowOp::kEq : op == "!=" ? RowOp::kNe : op == "<" ? RowOp::kLt
             : op == "<=" ? RowOp::kLe : op == ">" ? RowOp::kGt : RowOp::kGe;
      r.type = ValueType::kBool;
    }
    r.args.push_back(std::move(a));
    r.args.push_back(std::move(b));
    return r;
  }

  StatusOr<RowExpr> Call(const Expr& e) {
    if (IsAggregateName(e.text)) return ExprError(e.pos, "an aggregate cannot be used inside another aggregate");
    struct Fn {
      const char* name;
      RowOp op;
      int arity;
    };
    static constexpr Fn kFns[] = {{"local_day", RowOp::kLocalDay, 1}, {"minutes", RowOp::kMinutes, 2},
                                  {"days", RowOp::kDays, 2},          {"month_end", RowOp::kMonthEnd, 1},
                                  {"year", RowOp::kYear, 1},          {"month", RowOp::kMonthNumber, 1},
                                  {"horizon", RowOp::kHorizon, 1}};
    const Fn* fn = nullptr;
    for (const Fn& f : kFns) {
      if (e.text == f.name) fn = &f;
    }
    if (fn == nullptr) {
      return ExprError(e.pos, "unknown function '" + e.text +
                                  "' (row functions: local_day, minutes, days, month_end, year, month, horizon)");
    }
    if (static_cast<int>(e.args.size()) != fn->arity) {
      return ExprError(e.pos, e.text + " takes " + std::to_string(fn->arity) + " argument(s)");
    }
    RowExpr r;
    r.op = fn->op;
    for (const auto& a : e.args) {
      NARA_ASSIGN_OR_RETURN(RowExpr x, Compile(*a));
      r.args.push_back(std::move(x));
    }
    auto is_time = [](const RowExpr& x) {
      return x.type == ValueType::kDate || x.type == ValueType::kInstant || x.type == ValueType::kNull;
    };
    switch (fn->op) {
      case RowOp::kLocalDay:
        NARA_RETURN_IF_ERROR(Expect(*e.args[0], r.args[0], ValueType::kInstant));
        r.type = ValueType::kDate;
        break;
      case RowOp::kMinutes:
        NARA_RETURN_IF_ERROR(Expect(*e.args[0], r.args[0], ValueType::kInstant));
        NARA_RETURN_IF_ERROR(Expect(*e.args[1], r.args[1], ValueType::kInstant));
        break;
      case RowOp::kDays:
        for (int i = 0; i < 2; ++i) {
          if (!is_time(r.args[i])) return ExprError(e.args[i]->pos, "days() takes dates or date-times");
        }
        break;
      case RowOp::kMonthEnd:
        NARA_RETURN_IF_ERROR(Expect(*e.args[0], r.args[0], ValueType::kDate));
        r.type = ValueType::kDate;
        break;
      case RowOp::kYear:
      case RowOp::kMonthNumber:
        if (!is_time(r.args[0]) && r.args[0].type != ValueType::kMonth) {
          return ExprError(e.args[0]->pos, e.text + "() takes a date, date-time or month");
        }
        break;
      case RowOp::kHorizon:
        if (r.args[0].op != RowOp::kColumn || !is_time(r.args[0])) {
          return ExprError(e.args[0]->pos, "horizon() takes a date or date-time column");
        }
        r.column = r.args[0].column;
        r.type = r.args[0].type;
        break;
      default: break;
    }
    return r;
  }

  const TableSchema& schema_;
};

class Compiler {
 public:
  explicit Compiler(SchemaLookup schemas) : schemas_(schemas) {}

  StatusOr<CellExpr> Cell(const Expr& e, IndicatorProgram* program, const std::string& text) {
    CellExpr c;
    switch (e.kind) {
      case ExprKind::kNumber:
        c.constant = e.number;
        return c;
      case ExprKind::kNeg: {
        NARA_ASSIGN_OR_RETURN(CellExpr a, Cell(*e.args[0], program, text));
        c.op = CellOp::kNeg;
        c.args.push_back(std::move(a));
        return c;
      }
      case ExprKind::kBinary: {
        const std::string& op = e.text;
        if (op != "+" && op != "-" && op != "*" && op != "/") {
          return ExprError(e.pos, "'" + op + "' can only be used inside an aggregate's rows; combine aggregates with + - * /");
        }
        NARA_ASSIGN_OR_RETURN(CellExpr a, Cell(*e.args[0], program, text));
        NARA_ASSIGN_OR_RETURN(CellExpr b, Cell(*e.args[1], program, text));
        c.op = op == "+" ? CellOp::kAdd : op == "-" ? CellOp::kSub : op == "*" ? CellOp::kMul : CellOp::kDiv;
        c.args.push_back(std::move(a));
        c.args.push_back(std::move(b));
        return c;
      }
      case ExprKind::kCall: {
        if ((e.text == "months" || e.text == "days") && e.args.empty() && !e.source) {
          c.op = e.text == "months" ? CellOp::kMonths : CellOp::kDays;
          return c;
        }
        if (!IsAggregateName(e.text)) {
          return ExprError(e.pos, "'" + e.text + "' is not an aggregate (count, sum, share, mean, wmean, median, "
                                  "percentile, count_distinct, last, share_latest) nor months() or days()");
        }
        NARA_ASSIGN_OR_RETURN(Aggregate agg, Aggregate_(e, text));
        c.op = CellOp::kAggregate;
        c.aggregate = static_cast<int>(program->aggregates.size());
        program->aggregates.push_back(std::move(agg));
        return c;
      }
      case ExprKind::kName:
        return ExprError(e.pos, "'" + e.text + "' must be inside an aggregate, e.g. sum(table, " + e.text + ")");
      default:
        return ExprError(e.pos, "outside aggregates only numbers, + - * / and months() may be used");
    }
  }

 private:
  StatusOr<Aggregate> Aggregate_(const Expr& e, const std::string& text) {
    Aggregate agg;
    static constexpr std::pair<const char*, AggKind> kKinds[] = {
        {"count", AggKind::kCount},   {"sum", AggKind::kSum},
        {"share", AggKind::kShare},   {"mean", AggKind::kMean},
        {"wmean", AggKind::kWMean},   {"median", AggKind::kMedian},
        {"percentile", AggKind::kPercentile}, {"count_distinct", AggKind::kCountDistinct},
        {"last", AggKind::kLast},     {"share_latest", AggKind::kShareLatest}};
    for (const auto& [name, kind] : kKinds) {
      if (e.text == name) agg.kind = kind;
    }
    const SourceSpec& src = *e.source;
    agg.table = src.table;
    const TableSchema* schema = schemas_(src.table);
    if (schema == nullptr || schema->name == "units") {
      return ExprError(e.pos + static_cast<int>(e.text.size()) + 1, "unknown table '" + src.table + "'");
    }
    std::string by = src.by.empty() ? schema->date_column : src.by;
    if (by.empty()) return ExprError(e.pos, "table '" + src.table + "' has no date column; name one with 'by'");
    agg.by_column = schema->Find(by);
    if (agg.by_column < 0) return ExprError(src.by_pos, "table '" + src.table + "' has no column '" + by + "'");
    ColumnType bt = schema->columns[agg.by_column].type;
    if (bt != ColumnType::kDate && bt != ColumnType::kMonth && bt != ColumnType::kInstant && bt != ColumnType::kYear) {
      return ExprError(src.by_pos, "'by' needs a date, month, year or date-time column; '" + by + "' is not one");
    }
    agg.by_type = bt == ColumnType::kYear ? ValueType::kNumber : FromColumn(bt);
    if (!src.for_column.empty()) {
      agg.for_column = schema->Find(src.for_column);
      if (agg.for_column < 0) {
        return ExprError(src.for_pos, "table '" + src.table + "' has no column '" + src.for_column + "'");
      }
      ColumnType ft = schema->columns[agg.for_column].type;
      if (ft != ColumnType::kYear && ft != ColumnType::kDate && ft != ColumnType::kMonth) {
        return ExprError(src.for_pos, "'for' needs a year, date or month column; '" + src.for_column + "' is not one");
      }
      agg.for_type = ft == ColumnType::kYear ? ValueType::kNumber : FromColumn(ft);
    }
    static constexpr std::pair<const char*, Window> kWindows[] = {{"period", Window::kPeriod},
                                                                  {"ytd", Window::kYearToDate},
                                                                  {"year", Window::kYear},
                                                                  {"previous_year", Window::kPreviousYear},
                                                                  {"to_date", Window::kToDate}};
    bool window_ok = false;
    for (const auto& [name, w] : kWindows) {
      if (src.over == name) agg.window = w, window_ok = true;
    }
    if (!window_ok) return ExprError(src.over_pos, "unknown window '" + src.over + "' (period, ytd, year, previous_year, to_date)");
    RowCompiler rows(*schema);
    if (src.where) {
      NARA_ASSIGN_OR_RETURN(RowExpr w, rows.Compile(*src.where));
      if (w.type != ValueType::kBool) return ExprError(src.where->pos, "the 'where' condition must be true or false");
      agg.where = std::move(w);
    }
    size_t first = 0;
    int want = 0;
    switch (agg.kind) {
      case AggKind::kCount: want = 0; break;
      case AggKind::kSum:
      case AggKind::kShare:
      case AggKind::kMean:
      case AggKind::kMedian:
      case AggKind::kCountDistinct:
      case AggKind::kLast: want = 1; break;
      case AggKind::kWMean:
      case AggKind::kShareLatest:
      case AggKind::kPercentile: want = 2; break;
    }
    if (agg.kind == AggKind::kPercentile) {
      if (e.args.empty() || e.args[0]->kind != ExprKind::kNumber || e.args[0]->number < 0 || e.args[0]->number > 100) {
        return ExprError(e.args.empty() ? e.pos : e.args[0]->pos, "percentile needs a number 0–100 after the table");
      }
      agg.p = e.args[0]->number;
      first = 1;
    }
    if (static_cast<int>(e.args.size()) != want) {
      return ExprError(e.pos, e.text + " takes a table and " + std::to_string(want - (agg.kind == AggKind::kPercentile)) +
                                  " expression(s)" + (agg.kind == AggKind::kPercentile ? " after the percentile" : ""));
    }
    for (size_t i = first; i < e.args.size(); ++i) {
      NARA_ASSIGN_OR_RETURN(RowExpr a, rows.Compile(*e.args[i]));
      bool last_is_condition = (agg.kind == AggKind::kShare) || (agg.kind == AggKind::kShareLatest && i == 1);
      bool any = agg.kind == AggKind::kCountDistinct || (agg.kind == AggKind::kShareLatest && i == 0);
      if (last_is_condition && a.type != ValueType::kBool) {
        return ExprError(e.args[i]->pos, "expected a condition (true or false)");
      }
      if (!last_is_condition && !any && a.type != ValueType::kNumber && a.type != ValueType::kBool) {
        return ExprError(e.args[i]->pos, std::string("expected a number, found a ") + TypeName(a.type));
      }
      agg.args.push_back(std::move(a));
    }
    agg.text = text.substr(e.pos);
    return agg;
  }

  SchemaLookup schemas_;
};

// value = k * (A / B), (A / B) * k, (A / B) / k or A / B: the A and B.
const CellExpr* Fraction(const CellExpr& c) {
  if (c.op == CellOp::kDiv && c.args[1].op != CellOp::kConst) return &c;
  if (c.op == CellOp::kMul) {
    if (c.args[0].op == CellOp::kConst) return Fraction(c.args[1]);
    if (c.args[1].op == CellOp::kConst) return Fraction(c.args[0]);
  }
  if (c.op == CellOp::kDiv && c.args[1].op == CellOp::kConst) return Fraction(c.args[0]);
  return nullptr;
}

// k * X or X * k: the X (a percentage's numerator is the count, not 100 × count).
const CellExpr& WithoutFactor(const CellExpr& c) {
  if (c.op == CellOp::kMul) {
    if (c.args[0].op == CellOp::kConst) return WithoutFactor(c.args[1]);
    if (c.args[1].op == CellOp::kConst) return WithoutFactor(c.args[0]);
  }
  return c;
}

int FirstAggregate(const CellExpr& c) {
  if (c.op == CellOp::kAggregate) return c.aggregate;
  for (const CellExpr& a : c.args) {
    int x = FirstAggregate(a);
    if (x >= 0) return x;
  }
  return -1;
}

}  // namespace

CompiledIndicator::CompiledIndicator() : program_(std::make_unique<IndicatorProgram>()) {}
CompiledIndicator::CompiledIndicator(CompiledIndicator&&) noexcept = default;
CompiledIndicator& CompiledIndicator::operator=(CompiledIndicator&&) noexcept = default;
CompiledIndicator::~CompiledIndicator() = default;

StatusOr<CompiledIndicator> CompiledIndicator::Compile(std::string_view value, std::string_view numerator,
                                                       std::string_view denominator, SchemaLookup schemas,
                                                       std::string* which) {
  CompiledIndicator ind;
  IndicatorProgram& p = *ind.program_;
  Compiler compiler(schemas);
  auto one = [&](std::string_view text, const char* name) -> StatusOr<CellExpr> {
    if (which) *which = name;
    NARA_ASSIGN_OR_RETURN(auto expr, ParseExpression(text));
    return compiler.Cell(*expr, &p, std::string(text));
  };
  NARA_ASSIGN_OR_RETURN(p.value, one(value, "value"));
  if (FirstAggregate(p.value) < 0) {
    if (which) *which = "value";
    return ExprError(0, "an indicator needs at least one aggregate (count, sum, share, …)");
  }
  if (!numerator.empty()) {
    NARA_ASSIGN_OR_RETURN(p.numerator, one(numerator, "numerator"));
  }
  if (!denominator.empty()) {
    NARA_ASSIGN_OR_RETURN(p.denominator, one(denominator, "denominator"));
  }
  if (!p.numerator && !p.denominator) {
    if (p.value.op == CellOp::kAggregate) {
      p.own_fraction = true;
    } else if (const CellExpr* f = Fraction(p.value)) {
      p.numerator = WithoutFactor(f->args[0]);
      p.denominator = WithoutFactor(f->args[1]);
    }
  }
  int from_den = p.denominator ? FirstAggregate(*p.denominator) : -1;
  p.n_aggregate = from_den >= 0 ? from_den : FirstAggregate(p.value);
  return ind;
}

std::vector<std::string> CompiledIndicator::Tables() const {
  std::vector<std::string> out;
  for (const Aggregate& a : program_->aggregates) {
    bool seen = false;
    for (const auto& t : out) seen = seen || t == a.table;
    if (!seen) out.push_back(a.table);
  }
  return out;
}

namespace {

void ColumnsOf(const RowExpr& e, const std::string& table, std::vector<std::pair<std::string, int>>* out) {
  if (e.column >= 0) out->emplace_back(table, e.column);
  for (const RowExpr& arg : e.args) ColumnsOf(arg, table, out);
}

}  // namespace

std::vector<std::pair<std::string, int>> CompiledIndicator::Columns() const {
  std::vector<std::pair<std::string, int>> out;
  for (const Aggregate& a : program_->aggregates) {
    if (a.by_column >= 0) out.emplace_back(a.table, a.by_column);
    if (a.for_column >= 0) out.emplace_back(a.table, a.for_column);
    if (a.where) ColumnsOf(*a.where, a.table, &out);
    for (const RowExpr& arg : a.args) ColumnsOf(arg, a.table, &out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace nara::engine
