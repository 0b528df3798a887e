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

void RowEvaluator::Eval(const RowExpr& e, size_t begin, size_t count, double* out) { EvalAt(e, begin, count, out, 0); }

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

}  // namespace

void RowEvaluator::EvalAt(const RowExpr& e, size_t begin, size_t count, double* out, int depth) {
  auto arg = [&](int which) {
    double* buf = Scratch(depth, which);
    EvalAt(e.args[which], begin, count, buf, depth + 1);
    return buf;
  };
  switch (e.op) {
    case RowOp::kColumn:
      LoadColumn(e.column, begin, count, out);
      return;
    case RowOp::kConst:
      std::fill(out, out + count, e.constant);
      return;
    case RowOp::kTextConst:
      std::fill(out, out + count, TextCode(e));
      return;
    case RowOp::kHorizon:
      std::fill(out, out + count, Horizon(e.column));
      return;
    case RowOp::kUnitKind:
    case RowOp::kUnitOwnership:
    case RowOp::kUnitMunicipality: {
      const std::vector<double>& attr = e.op == RowOp::kUnitKind        ? unit_kind_
                                        : e.op == RowOp::kUnitOwnership ? unit_ownership_
                                                                        : unit_municipality_;
      const int32_t* u = table_.columns[e.column].i32.data() + begin;
      for (size_t i = 0; i < count; ++i) out[i] = attr[u[i]];
      return;
    }
    default: break;
  }
  const double* a = arg(0);
  switch (e.op) {
    case RowOp::kNeg:
      for (size_t i = 0; i < count; ++i) out[i] = -a[i];
      return;
    case RowOp::kNot:
      for (size_t i = 0; i < count; ++i) out[i] = std::isnan(a[i]) ? NAN : Bool(a[i] == 0);
      return;
    case RowOp::kIsNull:
      for (size_t i = 0; i < count; ++i) out[i] = Bool(std::isnan(a[i]) != e.negated);
      return;
    case RowOp::kIn: {
      std::vector<double> set = e.set;
      for (const std::string& t : e.texts) {
        RowExpr lit;
        lit.column = e.column;
        lit.type = e.args[0].type;
        lit.text = t;
        set.push_back(TextCode(lit));
      }
      for (size_t i = 0; i < count; ++i) {
        if (std::isnan(a[i])) {
          out[i] = NAN;
          continue;
        }
        bool found = std::find(set.begin(), set.end(), a[i]) != set.end();
        out[i] = Bool(found != e.negated);
      }
      return;
    }
    case RowOp::kLocalDay:
      for (size_t i = 0; i < count; ++i) out[i] = LocalDayOf(a[i]);
      return;
    case RowOp::kMonthEnd:
      for (size_t i = 0; i < count; ++i) {
        out[i] = std::isnan(a[i]) ? NAN : LastDayOfMonth(MonthOfDays(static_cast<Days>(a[i])));
      }
      return;
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
      return;
    }
    default: break;
  }
  const double* b = arg(1);
  switch (e.op) {
    case RowOp::kAdd:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] + b[i];
      return;
    case RowOp::kSub:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] - b[i];
      return;
    case RowOp::kMul:
      for (size_t i = 0; i < count; ++i) out[i] = a[i] * b[i];
      return;
    case RowOp::kDiv:
      for (size_t i = 0; i < count; ++i) out[i] = b[i] == 0 ? NAN : a[i] / b[i];
      return;
    case RowOp::kMinutes:
      for (size_t i = 0; i < count; ++i) out[i] = (b[i] - a[i]) / 60.0;
      return;
    case RowOp::kDays: {
      bool ta = e.args[0].type == ValueType::kInstant, tb = e.args[1].type == ValueType::kInstant;
      for (size_t i = 0; i < count; ++i) {
        double x = ta ? LocalDayOf(a[i]) : a[i];
        double y = tb ? LocalDayOf(b[i]) : b[i];
        out[i] = y - x;
      }
      return;
    }
    case RowOp::kAnd:
      for (size_t i = 0; i < count; ++i) {
        out[i] = (a[i] == 0 || b[i] == 0) ? 0.0 : (std::isnan(a[i]) || std::isnan(b[i])) ? NAN : 1.0;
      }
      return;
    case RowOp::kOr:
      for (size_t i = 0; i < count; ++i) {
        out[i] = (a[i] == 1 || b[i] == 1) ? 1.0 : (std::isnan(a[i]) || std::isnan(b[i])) ? NAN : 0.0;
      }
      return;
#define NARA_CMP(OP, EXPR)                                                                        \
  case RowOp::OP:                                                                                 \
    for (size_t i = 0; i < count; ++i) out[i] = (std::isnan(a[i]) || std::isnan(b[i])) ? NAN : Bool(EXPR); \
    return;
      NARA_CMP(kEq, a[i] == b[i])
      NARA_CMP(kNe, a[i] != b[i])
      NARA_CMP(kLt, a[i] < b[i])
      NARA_CMP(kLe, a[i] <= b[i])
      NARA_CMP(kGt, a[i] > b[i])
      NARA_CMP(kGe, a[i] >= b[i])
#undef NARA_CMP
    default: break;
  }
}

}  // namespace nara::engine
