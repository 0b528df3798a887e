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

std::optional<StatusKind> ParseStatusName(std::string_view name) {
  for (StatusKind k : {StatusKind::kMet, StatusKind::kNear, StatusKind::kNotMet, StatusKind::kNoData,
                       StatusKind::kSuppressed, StatusKind::kNoTarget}) {
    if (name == StatusName(k)) return k;
  }
  return std::nullopt;
}

namespace {

int DaysOfYear(int year) { return IsLeapYear(year) ? 366 : 365; }
int DaysElapsed(const model::Period& period) {
  return period.last_day() - DaysFromCivil(YearOf(period.last), 1, 1) + 1;
}

}  // namespace

double ShareOfYearElapsed(const model::Period& period) {
  return static_cast<double>(DaysElapsed(period)) / DaysOfYear(YearOf(period.last));
}

namespace {

bool Meets(double v, double t, Comparison op) {
  switch (op) {
    case Comparison::kAtLeast: return v >= t;
    case Comparison::kAbove: return v > t;
    case Comparison::kAtMost: return v <= t;
    case Comparison::kBelow: return v < t;
    case Comparison::kNone: break;
  }
  return false;
}

// Met, or near when missing by no more than `slack`, else not met.
StatusKind Compare(double v, const AppliedTarget& a, double slack) {
  if (Meets(v, a.threshold, a.op)) return StatusKind::kMet;
  bool higher = a.op == Comparison::kAtLeast || a.op == Comparison::kAbove;
  bool near = slack > 0 && (higher ? v >= a.threshold - slack : v <= a.threshold + slack);
  return near ? StatusKind::kNear : StatusKind::kNotMet;
}

Comparison ThresholdOp(model::TargetKind kind) {
  switch (kind) {
    case model::TargetKind::kAtLeast: return Comparison::kAtLeast;
    case model::TargetKind::kAbove: return Comparison::kAbove;
    case model::TargetKind::kAtMost: return Comparison::kAtMost;
    default: return Comparison::kBelow;
  }
}

// The target applied to `period`, before the value is looked at: what a reader is
// shown beside any value, even a missing one.
AppliedTarget Apply(const model::IndicatorDef& def, const model::TargetSpec& target, const model::Period& period,
                    const StatusInput& in) {
  using model::Measure;
  using model::TargetKind;
  AppliedTarget a;
  const int year_days = DaysOfYear(YearOf(period.last));
  // x × days / year_days, in that order, so a prorated figure is the same to the bit
  // wherever it is computed.
  auto share_of = [&](double x, int days) { return x * days / year_days; };
  switch (target.kind) {
    case TargetKind::kAtLeast:
    case TargetKind::kAbove:
    case TargetKind::kAtMost:
    case TargetKind::kBelow:
      a.op = ThresholdOp(target.kind);
      a.threshold = target.value;
      if (def.measure == Measure::kFlow && period.days() != year_days) {
        a.yearly = target.value;
        a.share_of_year = share_of(1, period.days());
        a.threshold = share_of(target.value, period.days());
      }
      break;
    case TargetKind::kChangeVsPreviousYear:
    case TargetKind::kChangeVsBaseline: {
      const bool vs_previous = target.kind == TargetKind::kChangeVsPreviousYear;
      a.reference_period = vs_previous ? period.ShiftYears(-1) : target.BaselineFor(period);
      a.reference = vs_previous ? in.previous_year : in.baseline;
      if (std::isnan(a.reference)) {
        a.reference_missing = true;
        break;
      }
      double change = target.percent ? a.reference * target.value / 100 : target.value;
      // A stock grows toward its year-end target as the year passes; a flow's absolute
      // change over a baseline covers the period's share of the year's days.
      int days = year_days;
      if (def.measure == Measure::kStock && !vs_previous) days = DaysElapsed(period);
      if (def.measure == Measure::kFlow && !target.percent && !vs_previous) days = period.days();
      a.change = change;
      if (days != year_days) {
        a.change_per_year = change;
        a.share_of_year = share_of(1, days);
        a.change = share_of(change, days);
      }
      a.op = target.value >= 0 ? Comparison::kAtLeast : Comparison::kAtMost;
      a.threshold = a.reference + a.change;
      break;
    }
    case TargetKind::kEachMonthAbovePreviousYear:
      a.reference_period = period.ShiftYears(-1);
      a.reference = in.previous_year;
      a.months_total = static_cast<int>(in.months.size());
      for (size_t i = 0; i < in.months.size(); ++i) {
        double prev = i < in.months_previous_year.size() ? in.months_previous_year[i] : NAN;
        if (std::isnan(prev) || std::isnan(in.months[i])) {
          a.reference_missing = true;
          a.months_above = 0;
          break;
        }
        a.months_above += in.months[i] > prev;
      }
      break;
    case TargetKind::kWithinBudget:
      a.op = def.better == model::Better::kHigher ? Comparison::kAtLeast : Comparison::kAtMost;
      a.threshold = 1;
      break;
    default:
      break;
  }
  return a;
}

}  // namespace

Judgement Judge(const model::IndicatorDef& def, const model::TargetSpec* target, const model::Period& period,
                const StatusInput& in) {
  using model::TargetKind;
  Judgement j;
  const bool has_target =
      target != nullptr && target->kind != TargetKind::kNotSet && target->kind != TargetKind::kFollowOnly;
  if (has_target) j.applied = Apply(def, *target, period, in);
  const AppliedTarget& a = j.applied;
  j.target = a.threshold;
  if (std::isnan(in.value) || in.n == 0) {
    j.status = StatusKind::kNoData;
  } else if (in.n < def.min_n) {
    j.status = StatusKind::kSuppressed;
  } else if (!has_target || a.reference_missing) {
    j.status = StatusKind::kNoTarget;
  } else if (target->kind == TargetKind::kEachMonthAbovePreviousYear) {
    j.status = a.months_total > 0 && a.months_above == a.months_total ? StatusKind::kMet : StatusKind::kNotMet;
  } else {
    // Near: missing by less than the tolerance of the target, or of the required change.
    double slack = target->IsChange() ? std::fabs(a.change) : std::fabs(a.threshold);
    j.status = Compare(in.value, a, def.tolerance * slack);
  }
  return j;
}

int ShownDecimals(const model::IndicatorDef& def, const Judgement& j, double value) {
  int base = def.display == "count" ? 0 : def.decimals;
  const AppliedTarget& a = j.applied;
  bool judged = j.status == StatusKind::kMet || j.status == StatusKind::kNear || j.status == StatusKind::kNotMet;
  if (!judged || a.op == Comparison::kNone || std::isnan(value) || std::isnan(a.threshold)) return base;
  const bool met = j.status == StatusKind::kMet;
  for (int d = base; d < base + 4; ++d) {
    double scale = std::pow(10.0, d);
    double shown_value = std::round(value * scale) / scale;
    double shown_target = std::round(a.threshold * scale) / scale;
    if (Meets(shown_value, shown_target, a.op) == met) return d;
  }
  return base + 4;
}

}  // namespace nara::follow
