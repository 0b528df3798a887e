// nara's shipped, human-edited configuration (data/<region>/, TOML):
//   units.toml       the organisation tree with validity dates
//   plans.toml       plan years: focus areas → goals → assignments, linked indicators
//   indicators.toml  the indicator catalogue: definitions in the indicator language
//                    (docs/indicators.md) and targets per plan year
// Loading collects every problem with file, line and column instead of stopping at
// the first, so `nara check-config` can list them all. Expressions are only stored
// here as text; they are checked against the data contract by the engine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nara/model/org_tree.h"
#include "nara/model/target.h"

namespace nara::model {

// A problem of the configuration: a message of the catalogue with its place
// (file, line, column).
using Problem = nara::Problem;

// Where a value was written, for messages about it.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Assignment {
  std::string id;
  std::string text;
  std::vector<std::string> indicators;
  SourcePos indicators_pos;  // the `indicators` array (the entry when it has none)
};

struct Goal {
  std::string id;
  std::string text;
  std::vector<std::string> indicators;
  std::vector<Assignment> assignments;
  SourcePos indicators_pos;
};

struct FocusArea {
  std::string id;
  std::string name;
  std::vector<Goal> goals;
};

struct Plan {
  int year = 0;
  std::string title;
  std::string decided_by;
  std::string source;
  std::vector<FocusArea> focus_areas;
};

// The targets one plan year sets for an indicator.
struct YearTargets {
  std::optional<TargetSpec> all;             // for every unit
  std::map<std::string, TargetSpec> units;   // overrides by unit id (that unit only)
};

// Which way is good.
enum class Better : uint8_t { kHigher, kLower };

// What kind of quantity an indicator is, for how a yearly target applies to a
// shorter period (SPEC §6).
enum class Measure : uint8_t {
  kRate,  // a share, median, index or ratio: a target applies as written to any period
  kFlow,  // a count over the period (visits): a yearly threshold covers the period's
          // share of the year's days
  kStock, // a level at the period's end (listed patients): a change target is the
          // baseline plus the change prorated by the share of the year elapsed at the
          // period's end, so every period ending on one day has one target
};

const char* BetterName(Better better);    // "higher", "lower"
const char* MeasureName(Measure measure);  // "rate", "flow", "stock"

struct IndicatorDef {
  std::string id;
  std::string name;          // Swedish, as in the seeds
  std::string perspective;   // Målgrupp, Verksamhet, Medarbetare, Ekonomi
  std::string definition;    // plain Swedish explanation shown to readers
  std::string display;       // percent, count, minutes, months, index, mnkr, ratio
  Better better = Better::kHigher;
  std::string value;         // indicator-language expression
  std::string numerator;     // optional expressions; see docs/indicators.md
  std::string denominator;
  int min_n = 0;             // values with n below this are suppressed
  double tolerance = 0.05;   // `near` when missing by less than this share of the target
                             // (thresholds) or of the required change (change targets)
  int decimals = 1;
  Measure measure = Measure::kRate;
  // The unit kinds the indicator is about (chats: the chat service); empty = every
  // kind. A unit of another kind is shown it only when a unit of such a kind is
  // below it during the period.
  std::vector<UnitKind> applies_to;
  std::map<int, YearTargets> targets;  // by plan year
  SourcePos pos;             // the [[indicator]] entry
  SourcePos value_pos;       // the value string (its first character)
  SourcePos numerator_pos;
  SourcePos denominator_pos;

  // The target in force for `unit_id` in `year`: the latest plan year ≤ year that
  // sets one (carry-forward), its unit override if any, else its general target.
  // nullptr when no plan year up to `year` has a target.
  const TargetSpec* TargetFor(int year, const std::string& unit_id) const;
  bool AppliesToKind(UnitKind kind) const;
};

struct Config {
  std::string dir;
  OrgTree tree;
  std::vector<Plan> plans;
  std::vector<IndicatorDef> catalogue;

  const IndicatorDef* FindIndicator(const std::string& id) const;
  const Plan* FindPlan(int year) const;  // exact plan year
};

// Loads dir/units.toml, dir/plans.toml and dir/indicators.toml. Appends every
// problem found to *problems; the returned Config is usable only if none were added.
Config LoadConfig(const std::string& dir, std::vector<Problem>* problems);

// The configuration's problems as one failure a command can return: Ok when there are
// none, else a data error whose problems are headed by "the configuration has
// problems (run nara check-config)" and, when the configuration is the one a database
// holds (`stored`), end with what to do about that.
Status ConfigStatus(std::vector<Problem> problems, bool stored = false);

// Parses just an organisation tree file (units.toml format).
std::vector<UnitVersion> LoadUnitsToml(const std::string& path, std::vector<Problem>* problems);

}  // namespace nara::model
