#include "nara/follow/status.h"

namespace nara::follow {

const char* StatusName(StatusKind s) {
  switch (s) {
    case StatusKind::kMet: return "met";
    case StatusKind::kNear: return "near";
    case StatusKind::kNotMet: return "not_met";
    case StatusKind::kNoData: return "no_data";
    case StatusKind::kSuppressed: return "suppressed";
    case StatusKind::kNoTarget: return "no_target";
  }
  return "?";
}

const char* StatusNameSwedish(StatusKind s) {
  switch (s) {
    case StatusKind::kMet: return "Uppfyllt";
    case StatusKind::kNear: return "Nära";
    case StatusKind::kNotMet: return "Ej uppfyllt";
    case StatusKind::kNoData: return "Saknar data";
    case StatusKind::kSuppressed: return "För få";
    case StatusKind::kNoTarget: return "Inget mål";
  }
  return "?";
}

StatusOr<model::Period> BaselinePeriod(const model::TargetSpec& target, const model::Period& period) {
  int year = YearOf(period.last);
  if (target.baseline_period == "previous_year") return model::Period::Year(year - 1);
  if (target.baseline_period == "previous_year_end") return model::Period::MakeMonth(year - 1, 12);
  return model::ParsePeriod(target.baseline_period);
}

namespace {

// Compares with a threshold; `higher` says which side is good, `strict` whether
// equality misses.
StatusKind Compare(double v, double t, bool higher, bool strict, double tolerance) {
  bool met = higher ? (strict ? v > t : v >= t) : (strict ? v < t : v <= t);
  if (met) return StatusKind::kMet;
  double slack = tolerance * std::fabs(t);
  bool near = higher ? v >= t - slack : v <= t + slack;
  return near ? StatusKind::kNear : StatusKind::kNotMet;
}

}  // namespace

Judgement Judge(const model::IndicatorDef& def, const model::TargetSpec* target, const model::Period& period,
                const StatusInput& in) {
  using model::TargetKind;
  Judgement j;
  if (std::isnan(in.value)) {
    j.status = StatusKind::kNoData;
    return j;
  }
  if (in.n < def.min_n) {
    j.status = StatusKind::kSuppressed;
    return j;
  }
  if (target == nullptr || target->kind == TargetKind::kNotSet || target->kind == TargetKind::kFollowOnly) {
    j.status = StatusKind::kNoTarget;
    return j;
  }
  int year = YearOf(period.last);
  int year_days = IsLeapYear(year) ? 366 : 365;
  // A yearly count target covers the period's share of the year's days.
  auto prorated = [&](double x) { return def.prorate ? x * period.days() / year_days : x; };
  auto relative = [&](double reference, bool prorate_change) {
    double change = target->percent ? reference * target->value / 100 : target->value;
    return reference + (prorate_change ? prorated(change) : change);
  };
  switch (target->kind) {
    case TargetKind::kAtLeast:
    case TargetKind::kAbove:
    case TargetKind::kAtMost:
    case TargetKind::kBelow: {
      bool higher = target->kind == TargetKind::kAtLeast || target->kind == TargetKind::kAbove;
      bool strict = target->kind == TargetKind::kAbove || target->kind == TargetKind::kBelow;
      j.target = prorated(target->value);
      j.status = Compare(in.value, j.target, higher, strict, def.tolerance);
      return j;
    }
    case TargetKind::kChangeVsPreviousYear:
      if (std::isnan(in.previous_year)) {
        j.status = StatusKind::kNoData;
        return j;
      }
      j.target = relative(in.previous_year, false);
      j.status = Compare(in.value, j.target, target->value >= 0, false, def.tolerance);
      return j;
    case TargetKind::kChangeVsBaseline:
      if (std::isnan(in.baseline)) {
        j.status = StatusKind::kNoData;
        return j;
      }
      j.target = relative(in.baseline, !target->percent);
      j.status = Compare(in.value, j.target, target->value >= 0, false, def.tolerance);
      return j;
    case TargetKind::kEachMonthAbovePreviousYear: {
      j.target = in.previous_year;
      bool all = !in.months.empty();
      for (size_t i = 0; i < in.months.size(); ++i) {
        double prev = i < in.months_previous_year.size() ? in.months_previous_year[i] : NAN;
        if (std::isnan(prev) || std::isnan(in.months[i])) {
          j.status = StatusKind::kNoData;
          return j;
        }
        all = all && in.months[i] > prev;
      }
      if (all) {
        j.status = StatusKind::kMet;
      } else {
        j.status = !std::isnan(in.previous_year) && in.value > in.previous_year ? StatusKind::kNear : StatusKind::kNotMet;
      }
      return j;
    }
    case TargetKind::kWithinBudget:
      j.target = 1;
      j.status = Compare(in.value, 1, def.better == "higher", false, def.tolerance);
      return j;
    default:
      j.status = StatusKind::kNoTarget;
      return j;
  }
}

}  // namespace nara::follow
