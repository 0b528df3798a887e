// Compiled indicators and the result cube (SPEC C3, §7).
//
// Compile() checks an indicator's expressions against the fact-table schemas (names,
// types, enum literals) and turns them into a program: a list of aggregates, each
// reading one table through a row filter, plus a small cell-level formula over the
// aggregates' results. Cube::Build() evaluates every aggregate of a set of
// indicators over a dataset in one vectorised pass per aggregate into partial
// aggregates per (placement, month) — a placement is a stretch of a unit's life with
// one chain of ancestors — and rolls them up to (unit, month), adding every row to
// the unit and all its ancestors at the time. Cube::Evaluate() then combines the
// months of any period (and of the aggregate's window) for every unit at once:
// sums by prefix sums, medians and percentiles exactly from the values, distinct
// counts and last values from the rows.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nara/base/status.h"
#include "nara/engine/table.h"
#include "nara/model/org_tree.h"
#include "nara/model/period.h"

namespace nara::engine {

// Finds a fact table's schema by name; nullptr if there is none.
using SchemaLookup = const TableSchema* (*)(std::string_view table);

struct IndicatorProgram;  // defined in compile.h

// An indicator ready to evaluate.
class CompiledIndicator {
 public:
  // `value` is required; `numerator` and `denominator` may be empty (see
  // docs/indicators.md for the defaults). Errors carry the byte offset of the
  // offending token and say which of the three expressions it is in
  // (ErrorOffset/ErrorText in expr.h; the expression name is `*which`).
  static StatusOr<CompiledIndicator> Compile(std::string_view value, std::string_view numerator,
                                             std::string_view denominator, SchemaLookup schemas,
                                             std::string* which = nullptr);

  CompiledIndicator(CompiledIndicator&&) noexcept;
  CompiledIndicator& operator=(CompiledIndicator&&) noexcept;
  ~CompiledIndicator();

  const IndicatorProgram& program() const { return *program_; }
  // Tables the indicator reads.
  std::vector<std::string> Tables() const;
  // The columns its expressions read (by, for, where and arguments), as (table,
  // schema column index), sorted, each once. Rows are also placed by their table's
  // unit_id, which is not listed unless an expression names it.
  std::vector<std::pair<std::string, int>> Columns() const;

 private:
  CompiledIndicator();
  std::unique_ptr<IndicatorProgram> program_;
};

// One indicator's outcome for one unit and period. Missing values are NaN.
struct CellValue {
  double value = NAN;
  double numerator = NAN;
  double denominator = NAN;
  int64_t n = 0;
};

struct CubeOptions {
  // kNullDays: roll rows up under the tree valid at the time (default); otherwise
  // under the tree valid on this day ("today's tree").
  Days tree_as_of = kNullDays;
  // Months the cube covers (inclusive); rows outside are ignored.
  Month first_month = 0;
  Month last_month = 0;
};

class Cube {
 public:
  // Evaluates the aggregates of `indicators` (not owned; must outlive the cube)
  // over `data`, whose unit columns index `tree`. A table the dataset lacks reads as
  // empty.
  static StatusOr<Cube> Build(const Dataset& data, const model::OrgTree& tree,
                              std::vector<const CompiledIndicator*> indicators, const CubeOptions& options);

  Cube(Cube&&) noexcept;
  Cube& operator=(Cube&&) noexcept;
  ~Cube();

  // The indicator (its index in Build's list) for every unit of the tree (by unit
  // index) over `period`.
  std::vector<CellValue> Evaluate(int indicator, const model::Period& period) const;
  const CubeOptions& options() const;

 private:
  Cube();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::engine
