// Internal: vectorised evaluation of row expressions over a chunk of a table's rows
// into doubles (NaN = null; booleans 0/1; categories their index; text its
// dictionary code; dates days; date-times UTC seconds).
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "nara/engine/compile.h"
#include "nara/model/org_tree.h"

namespace nara::engine {

inline constexpr size_t kChunk = 2048;

class RowEvaluator {
 public:
  RowEvaluator(const Table& table, const model::OrgTree& tree);

  // out[i] = value of `e` on row begin + i, for i < count (count ≤ kChunk).
  void Eval(const RowExpr& e, size_t begin, size_t count, double* out);

 private:
  double* Scratch(int depth, int which);
  // The values of `e` on the chunk: written to `out`, or (a column) a pointer into the
  // chunk's column cache, so a column used twice in an aggregate is converted once.
  const double* EvalAt(const RowExpr& e, size_t begin, size_t count, double* out, int depth);
  template <typename B>
  bool BinaryOp(const RowExpr& e, const double* a, B b, size_t count, double* out);
  const double* CachedColumn(int column, size_t begin, size_t count);
  void LoadColumn(int column, size_t begin, size_t count, double* out) const;
  double Scalar(const RowExpr& e);  // a literal or horizon()
  const std::vector<double>& InSet(const RowExpr& e);
  double TextCode(const RowExpr& e);
  double Horizon(int column);

  struct Cached {
    size_t begin = 0, count = 0;
    std::vector<double> values;
  };

  const Table& table_;
  const model::OrgTree& tree_;
  std::vector<double> unit_kind_, unit_ownership_, unit_municipality_;
  std::deque<std::vector<double>> scratch_;  // a deque: growing it keeps earlier buffers in place
  std::map<std::pair<int, std::string>, double> text_codes_;
  std::map<int, double> horizons_;
  std::vector<Cached> cached_;                             // by column: the current chunk
  std::map<const RowExpr*, std::vector<double>> in_sets_;  // kIn: the literal codes
};

}  // namespace nara::engine
