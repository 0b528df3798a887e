// Follow-up: the catalogue's indicators evaluated over a dataset, judged against the
// plan's targets — the scorecard of SPEC C3–C5. This is where the configuration
// (catalogue, targets), the engine (cube) and the status rules meet.
#pragma once

#include <memory>
#include <vector>

#include "nara/engine/indicator.h"
#include "nara/follow/status.h"
#include "nara/model/config.h"

namespace nara::follow {

struct ScoreRow {
  const model::IndicatorDef* def = nullptr;
  int unit = -1;
  model::Period period;
  engine::CellValue cell;            // value, numerator and denominator are NaN when suppressed
  double previous_year_value = NAN;  // same period one year earlier
  const model::TargetSpec* target = nullptr;
  Judgement judgement;
  int decimals = 1;  // digits to show value and target with (ShownDecimals)
};

// Compiles every indicator of the catalogue against the data contract and returns
// each problem as "file:line:column: message" (empty when all are fine).
std::vector<model::Problem> CheckCatalogue(const std::vector<model::IndicatorDef>& catalogue);

class FollowUp {
 public:
  struct Options {
    int first_year = 0;  // the cube covers January of first_year - 2 …
    int last_year = 0;   // … through December of last_year
    Days tree_as_of = kNullDays;  // see engine::CubeOptions
  };

  // Compiles the catalogue and evaluates it over `data`. `catalogue`, `tree` and
  // `data` must outlive the FollowUp.
  static StatusOr<FollowUp> Build(const std::vector<model::IndicatorDef>& catalogue, const model::OrgTree& tree,
                                  const engine::Dataset& data, const Options& options);

  FollowUp(FollowUp&&) noexcept;
  FollowUp& operator=(FollowUp&&) noexcept;
  ~FollowUp();

  // Every indicator for every unit valid at some day of `period` that it applies to
  // (IndicatorDef::applies_to: the unit, or a unit below it during the period, is of
  // a kind the indicator names), in catalogue order, units in tree order.
  std::vector<ScoreRow> Scorecard(const model::Period& period) const;
  // Every indicator that applies to one unit.
  std::vector<ScoreRow> ForUnit(const model::Period& period, int unit) const;
  // Whether indicator `def` applies to `unit` during `period`.
  bool Applies(const model::IndicatorDef& def, int unit, const model::Period& period) const;
  const model::OrgTree& tree() const;

 private:
  FollowUp();
  std::vector<ScoreRow> Rows(const model::Period& period, int only_unit) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::follow
