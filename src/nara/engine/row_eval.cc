#include "nara/engine/row_eval.h"

#include <algorithm>
#include <cmath>

namespace nara::engine {

RowEvaluator::RowEvaluator(const Table& table, const model::OrgTree& tree) : table_(table), tree_(tree) {
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion& v = tree.Latest(u);
    unit_kind_.push_back(static_cast<double>(v.kind));
    unit_ownership_.push_back(static_cast<double>(v.ownership));
    unit_municipality_.push_back(v.municipality == 0 ? NAN : v.municipality);
  }
}

double* RowEvaluator::Scratch(int depth, int which) {
  size_t slot = static_cast<size_t>(depth) * 2 + which;
  if (scratch_.size() <= slot) scratch_.resize(slot + 1);
  if (scratch_[slot].size() < kChunk) scratch_[slot].resize(kChunk);
  return scratch_[slot].data();
}

void RowEvaluator::Eval(const RowExpr& e, size_t begin, size_t count, double* out) {
  const double* v = EvalAt(e, begin, count, out, 0);
  if (v != out) std::copy(v, v + count, out);
}

const double* RowEvaluator::CachedColumn(int column, size_t begin, size_t count) {
  if (cached_.size() <= static_cast<size_t>(column)) cached_.resize(column + 1);
  Cached& c = cached_[column];
  if (c.values.empty() || c.begin != begin || c.count != count) {
    c.values.resize(kChunk);
    LoadColumn(column, begin, count, c.values.data());
    c.begin = begin;
    c.count = count;
  }
  return c.values.data();
}

void RowEvaluator::LoadColumn(int column, size_t begin, size_t count, double* out) const {
  const Column& c = table_.columns[column];
  switch (c.type) {
    case ColumnType::kBool:
    case ColumnType::kEnum: {
      const uint8_t* v = c.u8.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = v[i] == kNullU8 ? NAN : v[i];
      break;
    }
    case ColumnType::kInt:
    case ColumnType::kInstant: {
      const int64_t* v = c.i64.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = v[i] == kNullI64 ? NAN : static_cast<double>(v[i]);
      break;
    }
    case ColumnType::kReal:
      std::copy(c.f64.begin() + begin, c.f64.begin() + begin + count, out);
      break;
    case ColumnType::kText: {
      const int32_t* v = c.i32.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = v[i] < 0 ? NAN : v[i];
      break;
    }
    default: {
      const int32_t* v = c.i32.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = v[i] == kNullI32 ? NAN : v[i];
      break;
    }
  }
}

double RowEvaluator::TextCode(const RowExpr& e) {
  auto key = std::make_pair(e.column, e.text);
  auto it = text_codes_.find(key);
  if (it != text_codes_.end()) return it->second;
  double code = -2;  // matches nothing
  if (e.type == ValueType::kUnit) {
    int u = tree_.Find(e.text);
    if (u >= 0) code = u;
  } else {
    const auto& dict = table_.columns[e.column].dictionary;
    auto found = std::find(dict.begin(), dict.end(), e.text);
    if (found != dict.end()) code = static_cast<double>(found - dict.begin());
  }
  text_codes_[key] = code;
  return code;
}

double RowEvaluator::Horizon(int column) {
  auto it = horizons_.find(column);
  if (it != horizons_.end()) return it->second;
  double best = NAN;
  std::vector<double> buf(kChunk);
  for (size_t b = 0; b < table_.rows; b += kChunk) {
    size_t n = std::min(kChunk, table_.rows - b);
    LoadColumn(column, b, n, buf.data());
    for (size_t i = 0; i < n; ++i) {
      if (!std::isnan(buf[i]) && !(buf[i] <= best)) best = buf[i];
    }
  }
  horizons_[column] = best;
  return best;
}

namespace {

inline double Bool(bool b) { return b ? 1.0 : 0.0; }

inline double LocalDayOf(double t) {
  return std::isnan(t) ? NAN : static_cast<double>(LocalDay(static_cast<Instant>(t)));
}

// A literal, the same for every row: binary operators read it as a scalar instead of
// a filled chunk.
bool IsScalar(const RowExpr& e) {
  return e.op == RowOp::kConst || e.op == RowOp::kTextConst || e.op == RowOp::kHorizon;
}

}  // namespace

double RowEvaluator::Scalar(const RowExpr& e) {
  switch (e.op) {
    case RowOp::kConst:
      return e.constant;
    case RowOp::kTextConst:
      return TextCode(e);
    default:
      return Horizon(e.column);
  }
}

const std::vector<double>& RowEvaluator::InSet(const RowExpr& e) {
  auto it = in_sets_.find(&e);
  if (it != in_sets_.end()) return it->second;
  std::vector<double> set = e.set;
  for (const std::string& t : e.texts) {
    RowExpr lit;
    lit.column = e.column;
    lit.type = e.args[0].type;
    lit.text = t;
    set.push_back(TextCode(lit));
  }
  return in_sets_.emplace(&e, std::move(set)).first->second;
}

const double* RowEvaluator::EvalAt(const RowExpr& e, size_t begin, size_t count, double* out, int depth) {
  auto arg = [&](int which) { return EvalAt(e.args[which], begin, count, Scratch(depth, which), depth + 1); };
  switch (e.op) {
    case RowOp::kColumn:
      return CachedColumn(e.column, begin, count);
    case RowOp::kConst:
    case RowOp::kTextConst:
    case RowOp::kHorizon:
      std::fill(out, out + count, Scalar(e));
      return out;
    case RowOp::kUnitKind:
    case RowOp::kUnitOwnership:
    case RowOp::kUnitMunicipality: {
      const std::vector<double>& attr = e.op == RowOp::kUnitKind        ? unit_kind_
                                        : e.op == RowOp::kUnitOwnership ? unit_ownership_
                                                                        : unit_municipality_;
      const int32_t* u = table_.columns[e.column].i32.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = attr[u[i]];
      return out;
    }
    default:
      break;
  }
  const double* a = arg(0);
  switch (e.op) {
    case RowOp::kNeg:
      for (size_t i = 0; i < count; ++i) out[i] = -a[i];
      return out;
    case RowOp::kNot:
      for (size_t i = 0; i < count; ++i) out[i] = std::isnan(a[i]) ? NAN : Bool(a[i] == 0);
      return out;
    case RowOp::kIsNull:
      for (size_t i = 0; i < count; ++i) out[i] = Bool(std::isnan(a[i]) != e.negated);
      return out;
    case RowOp::kIn: {
      const std::vector<double>& set = InSet(e);
      for (size_t i = 0; i < count; ++i) {
        if (std::isnan(a[i])) {
          out[i] = NAN;
          continue;
        }
        bool found = std::find(set.begin(), set.end(), a[i]) != set.end();
        out[i] = Bool(found != e.negated);
      }
      return out;
    }
    case RowOp::kLocalDay:
      for (size_t i = 0; i < count; ++i) out[i] = LocalDayOf(a[i]);
      return out;
    case RowOp::kMonthEnd:
      for (size_t i = 0; i < count; ++i) {
        out[i] = std::isnan(a[i]) ? NAN : LastDayOfMonth(MonthOfDays(static_cast<Days>(a[i])));
      }
      return out;
    case RowOp::kYear:
    case RowOp::kMonthNumber: {
      ValueType t = e.args[0].type;
      for (size_t i = 0; i < count; ++i) {
        if (std::isnan(a[i])) {
          out[i] = NAN;
          continue;
        }
        Month m = t == ValueType::kMonth     ? static_cast<Month>(a[i])
                  : t == ValueType::kInstant ? MonthOfDays(LocalDay(static_cast<Instant>(a[i])))
                                             : MonthOfDays(static_cast<Days>(a[i]));
        out[i] = e.op == RowOp::kYear ? YearOf(m) : MonthOf(m);
      }
      return out;
    }
    default:
      break;
  }
  // The second operand: a chunk, or one value for every row.
  if (IsScalar(e.args[1])) {
    const double k = Scalar(e.args[1]);
    if (BinaryOp(
            e, a, [k](size_t) { return k; }, count, out))
      return out;
  } else {
    const double* b = arg(1);
    if (BinaryOp(
            e, a, [b](size_t i) { return b[i]; }, count, out))
      return out;
  }
  return out;
}

template <typename B>
bool RowEvaluator::BinaryOp(const RowExpr& e, const double* a, B b, size_t count, double* out) {
  switch (e.op) {
    case RowOp::kAdd:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] + b(i);
      return true;
    case RowOp::kSub:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] - b(i);
      return true;
    case RowOp::kMul:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] * b(i);
      return true;
    case RowOp::kDiv:
      for (size_t i = 0; i < count; ++i) out[i] = b(i) == 0 ? NAN : a[i] / b(i);
      return true;
    case RowOp::kMinutes:
      for (size_t i = 0; i < count; ++i) out[i] = (b(i) - a[i]) / 60.0;
      return true;
    case RowOp::kDays: {
      bool ta = e.args[0].type == ValueType::kInstant, tb = e.args[1].type == ValueType::kInstant;
      for (size_t i = 0; i < count; ++i) {
        double x = ta ? LocalDayOf(a[i]) : a[i];
        double y = tb ? LocalDayOf(b(i)) : b(i);
        out[i] = y - x;
      }
      return true;
    }
    case RowOp::kAnd:
      for (size_t i = 0; i < count; ++i) {
        double x = a[i], y = b(i);
        out[i] = (x == 0 || y == 0) ? 0.0 : (std::isnan(x) || std::isnan(y)) ? NAN : 1.0;
      }
      return true;
    case RowOp::kOr:
      for (size_t i = 0; i < count; ++i) {
        double x = a[i], y = b(i);
        out[i] = (x == 1 || y == 1) ? 1.0 : (std::isnan(x) || std::isnan(y)) ? NAN : 0.0;
      }
      return true;
#define NARA_CMP(OP, EXPR)                                          \
  case RowOp::OP:                                                   \
    for (size_t i = 0; i < count; ++i) {                            \
      double x = a[i], y = b(i);                                    \
      out[i] = (std::isnan(x) || std::isnan(y)) ? NAN : Bool(EXPR); \
    }                                                               \
    return true;
      NARA_CMP(kEq, x == y)
      NARA_CMP(kNe, x != y)
      NARA_CMP(kLt, x < y)
      NARA_CMP(kLe, x <= y)
      NARA_CMP(kGt, x > y)
      NARA_CMP(kGe, x >= y)
#undef NARA_CMP
    default:
      return false;
  }
}

}  // namespace nara::engine
