#include "nara/model/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "nara/base/text.h"

namespace nara::model {
namespace {

// Reads typed fields of one TOML table, recording problems against its file.
class Fields {
 public:
  Fields(const std::string& file, const toml::table& table, std::vector<Problem>* problems)
      : file_(file), table_(table), problems_(problems) {}

  SourcePos Pos(const toml::node* node = nullptr) const {
    const toml::source_region& r = (node ? node : &table_)->source();
    return SourcePos{file_, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  void Report(const SourcePos& at, Msg code, std::vector<std::string> args = {}) const {
    problems_->push_back(Problem{code, std::move(args), at.file, at.line, at.column});
  }

  std::string String(const char* key, bool required, SourcePos* where = nullptr) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) Report(Pos(), Msg::kCfgMissingKey, {key});
      return "";
    }
    if (where) *where = Pos(n);
    if (auto v = n->value<std::string>()) return *v;
    Report(Pos(n), Msg::kCfgNotString, {key});
    return "";
  }
  std::optional<int64_t> Int(const char* key, bool required) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) Report(Pos(), Msg::kCfgMissingKey, {key});
      return std::nullopt;
    }
    if (n->is_integer()) return n->as_integer()->get();
    Report(Pos(n), Msg::kCfgNotInteger, {key});
    return std::nullopt;
  }
  std::optional<double> Real(const char* key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::nullopt;
    if (auto v = n->value<double>()) return *v;
    Report(Pos(n), Msg::kCfgNotNumber, {key});
    return std::nullopt;
  }
  std::optional<Days> Date(const char* key, bool required) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) Report(Pos(), Msg::kCfgMissingKey, {key});
      return std::nullopt;
    }
    if (const auto* d = n->as_date()) {
      toml::date v = d->get();
      if (v.month >= 1 && v.month <= 12 && v.day >= 1 && v.day <= DaysInMonth(v.year, v.month)) {
        return DaysFromCivil(v.year, v.month, v.day);
      }
    }
    Report(Pos(n), Msg::kCfgNotDate, {key});
    return std::nullopt;
  }
  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    const toml::node* n = table_.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      Report(Pos(n), Msg::kCfgNotStringArray, {key});
      return out;
    }
    for (const toml::node& e : *a) {
      if (auto v = e.value<std::string>()) {
        out.push_back(*v);
      } else {
        Report(Pos(&e), Msg::kCfgNotStringInArray, {key});
      }
    }
    return out;
  }
  // Reports keys that are not in `known`.
  void Unknown(std::initializer_list<std::string_view> known) const {
    for (auto&& [k, v] : table_) {
      bool ok = false;
      for (std::string_view name : known) ok = ok || k.str() == name;
      if (!ok) Report(Pos(&v), Msg::kCfgUnknownKey, {std::string(k.str())});
    }
  }
  // Each table of an array-of-tables `key`.
  template <typename F>
  void EachTable(const char* key, bool required, F&& f) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) Report(Pos(), Msg::kCfgMissingTables, {key});
      return;
    }
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      Report(Pos(n), Msg::kCfgNotTableArray, {key});
      return;
    }
    for (const toml::node& e : *a) {
      if (const toml::table* t = e.as_table()) {
        f(Fields(file_, *t, problems_));
      } else {
        Report(Pos(&e), Msg::kCfgNotTableInArray, {key});
      }
    }
  }
  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  const toml::table& table_;
  std::vector<model::Problem>* problems_;
};

std::optional<toml::table> ParseFile(const std::string& path, const std::string& shown,
                                     std::vector<Problem>* problems) {
  if (!std::filesystem::exists(path)) {
    problems->push_back(Problem{Msg::kCfgFileNotFound, {}, shown});
    return std::nullopt;
  }
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    problems->push_back(Problem{Msg::kCfgToml, {std::string(e.description())}, shown,
                                static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)});
    return std::nullopt;
  }
}

std::string Shown(const std::string& dir, const char* name) {
  return (std::filesystem::path(dir) / name).string();
}

void LoadPlans(const std::string& path, std::vector<Plan>* plans, std::vector<Problem>* problems) {
  auto root = ParseFile(path, path, problems);
  if (!root) return;
  std::set<std::string> ids;
  auto unique_id = [&](const Fields& f, const std::string& id) {
    if (!id.empty() && !ids.insert(id).second) f.Report(f.Pos(), Msg::kCfgDuplicateId, {id});
  };
  Fields(path, *root, problems).EachTable("plan", true, [&](const Fields& pf) {
    pf.Unknown({"year", "title", "decided_by", "source", "focus_area"});
    Plan plan;
    plan.year = static_cast<int>(pf.Int("year", true).value_or(0));
    plan.title = pf.String("title", true);
    plan.decided_by = pf.String("decided_by", false);
    plan.source = pf.String("source", false);
    for (const Plan& other : *plans) {
      if (other.year == plan.year)
        pf.Report(pf.Pos(), Msg::kCfgPlanTwice, {std::to_string(plan.year)});
    }
    pf.EachTable("focus_area", false, [&](const Fields& ff) {
      ff.Unknown({"id", "name", "goal"});
      FocusArea area{ff.String("id", true), ff.String("name", true), {}};
      unique_id(ff, area.id);
      ff.EachTable("goal", false, [&](const Fields& gf) {
        gf.Unknown({"id", "text", "indicators", "assignment"});
        Goal goal{gf.String("id", true),
                  gf.String("text", true),
                  gf.Strings("indicators"),
                  {},
                  gf.Pos(gf.table().get("indicators"))};
        unique_id(gf, goal.id);
        gf.EachTable("assignment", false, [&](const Fields& af) {
          af.Unknown({"id", "text", "indicators"});
          Assignment a{af.String("id", true), af.String("text", true), af.Strings("indicators"),
                       af.Pos(af.table().get("indicators"))};
          unique_id(af, a.id);
          goal.assignments.push_back(std::move(a));
        });
        area.goals.push_back(std::move(goal));
      });
      plan.focus_areas.push_back(std::move(area));
    });
    plans->push_back(std::move(plan));
  });
}

// `applies_to`: the unit kinds an indicator is computed for (all when absent).
void ReadAppliesTo(const Fields& f, IndicatorDef* d) {
  if (const toml::node* a = f.table().get("applies_to")) {
    const toml::array* kinds = a->as_array();
    if (kinds == nullptr || kinds->empty()) f.Report(f.Pos(a), Msg::kCfgAppliesToEmpty);
    for (const toml::node& e : kinds ? *kinds : toml::array()) {
      auto text = e.value<std::string>();
      UnitKind kind;
      if (text && ParseUnitKind(*text, &kind)) {
        d->applies_to.push_back(kind);
      } else {
        // toml++ gives no position to an element of an inline array: point at the array.
        f.Report(f.Pos(e.source().begin.line > 0 ? &e : a), Msg::kCfgAppliesToUnknown,
                 {text.value_or("?")});
      }
    }
  }
}

// `targets` (plan year = "target") and `unit_targets` (plan year = { unit = "target" }).
void ReadTargets(const Fields& f, IndicatorDef* d) {
  auto year_of = [&](const toml::key& k, const toml::node& at) -> int {
    int y = 0;
    for (char c : k.str()) y = (c >= '0' && c <= '9' && y < 10000) ? y * 10 + (c - '0') : -1;
    if (y < 1900 || y > 2100) {
      f.Report(f.Pos(&at), Msg::kCfgNotPlanYear, {std::string(k.str())});
      return 0;
    }
    return y;
  };
  auto parse = [&](const toml::node& n) -> std::optional<TargetSpec> {
    auto text = n.value<std::string>();
    if (!text) {
      f.Report(f.Pos(&n), Msg::kCfgTargetNotString);
      return std::nullopt;
    }
    auto t = ParseTarget(*text);
    if (!t.ok()) {
      // ParseTarget's problem, placed where the target is written.
      for (const Problem& p : t.status().problems()) f.Report(f.Pos(&n), p.code, p.args);
      return std::nullopt;
    }
    return *t;
  };
  if (const toml::node* tn = f.table().get("targets")) {
    if (const toml::table* tt = tn->as_table()) {
      for (auto&& [k, v] : *tt) {
        int y = year_of(k, v);
        if (y == 0) continue;
        if (auto t = parse(v)) d->targets[y].all = *t;
      }
    } else {
      f.Report(f.Pos(tn), Msg::kCfgTargetsNotTable);
    }
  }
  if (const toml::node* un = f.table().get("unit_targets")) {
    if (const toml::table* ut = un->as_table()) {
      for (auto&& [k, v] : *ut) {
        int y = year_of(k, v);
        const toml::table* per_unit = v.as_table();
        if (y == 0) continue;
        if (per_unit == nullptr) {
          f.Report(f.Pos(&v), Msg::kCfgUnitTargetsYearNotTable, {std::string(k.str())});
          continue;
        }
        YearTargets& yt = d->targets[y];
        for (auto&& [unit, tv] : *per_unit) {
          if (auto t = parse(tv)) yt.units[std::string(unit.str())] = *t;
        }
      }
    } else {
      f.Report(f.Pos(un), Msg::kCfgUnitTargetsNotTable);
    }
  }
}

void LoadCatalogue(const std::string& path, std::vector<IndicatorDef>* catalogue,
                   std::vector<Problem>* problems) {
  auto root = ParseFile(path, path, problems);
  if (!root) return;
  static const std::set<std::string> kDisplays = {"percent", "count", "minutes", "months",
                                                  "index",   "mnkr",  "ratio"};
  static const std::set<std::string> kPerspectives = {"Målgrupp", "Verksamhet", "Medarbetare", "Ekonomi"};
  Fields(path, *root, problems).EachTable("indicator", true, [&](const Fields& f) {
    f.Unknown({"id", "name", "perspective", "definition", "display", "better", "value", "numerator",
               "denominator", "min_n", "tolerance", "decimals", "measure", "applies_to", "targets", "unit_targets"});
    IndicatorDef d;
    d.pos = f.Pos();
    d.id = f.String("id", true);
    d.name = f.String("name", true);
    d.perspective = f.String("perspective", true);
    d.definition = f.String("definition", true);
    d.display = f.String("display", true);
    std::string better = f.String("better", true);
    d.value = f.String("value", true, &d.value_pos);
    d.numerator = f.String("numerator", false, &d.numerator_pos);
    d.denominator = f.String("denominator", false, &d.denominator_pos);
    d.min_n = static_cast<int>(f.Int("min_n", false).value_or(0));
    d.tolerance = f.Real("tolerance").value_or(0.05);
    d.decimals = static_cast<int>(f.Int("decimals", false).value_or(1));
    if (const toml::node* m = f.table().get("measure")) {
      auto text = m->value<std::string>();
      if (text && *text == "flow") {
        d.measure = Measure::kFlow;
      } else if (text && *text == "stock") {
        d.measure = Measure::kStock;
      } else if (!text || *text != "rate") {
        f.Report(f.Pos(m), Msg::kCfgBadMeasure);
      }
    }
    ReadAppliesTo(f, &d);
    if (!d.display.empty() && !kDisplays.count(d.display))
      f.Report(f.Pos(), Msg::kCfgUnknownDisplay, {d.display});
    if (!d.perspective.empty() && !kPerspectives.count(d.perspective)) {
      f.Report(f.Pos(), Msg::kCfgUnknownPerspective, {d.perspective});
    }
    if (better == "lower") {
      d.better = Better::kLower;
    } else if (!better.empty() && better != "higher") {
      f.Report(f.Pos(f.table().get("better")), Msg::kCfgBadBetter);
    }
    if (d.min_n < 0) f.Report(f.Pos(), Msg::kCfgMinN);
    if (d.tolerance < 0 || d.tolerance >= 1) f.Report(f.Pos(), Msg::kCfgTolerance);
    for (const IndicatorDef& other : *catalogue) {
      if (other.id == d.id)
        f.Report(f.Pos(), Msg::kCfgIndicatorTwice, {d.id, std::to_string(other.pos.line)});
    }
    ReadTargets(f, &d);
    catalogue->push_back(std::move(d));
  });
}

}  // namespace


const TargetSpec* IndicatorDef::TargetFor(int year, const std::string& unit_id) const {
  // The latest plan year up to `year` that sets a target for this unit, its own or
  // the general one: a year that only overrides other units carries the rest forward.
  for (auto it = targets.upper_bound(year); it != targets.begin();) {
    const YearTargets& yt = (--it)->second;
    auto u = yt.units.find(unit_id);
    if (u != yt.units.end()) return &u->second;
    if (yt.all) return &*yt.all;
  }
  return nullptr;
}

bool IndicatorDef::AppliesToKind(UnitKind kind) const {
  return applies_to.empty() || std::find(applies_to.begin(), applies_to.end(), kind) != applies_to.end();
}

const char* BetterName(Better better) { return better == Better::kHigher ? "higher" : "lower"; }

const char* MeasureName(Measure measure) {
  switch (measure) {
    case Measure::kFlow: return "flow";
    case Measure::kStock: return "stock";
    default: return "rate";
  }
}

const IndicatorDef* Config::FindIndicator(const std::string& id) const {
  for (const IndicatorDef& d : catalogue) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

const Plan* Config::FindPlan(int year) const {
  for (const Plan& p : plans) {
    if (p.year == year) return &p;
  }
  return nullptr;
}

std::vector<UnitVersion> LoadUnitsToml(const std::string& path, std::vector<Problem>* problems) {
  std::vector<UnitVersion> units;
  auto root = ParseFile(path, path, problems);
  if (!root) return units;
  Fields(path, *root, problems).EachTable("unit", true, [&](const Fields& f) {
    f.Unknown({"id", "name", "kind", "ownership", "parent", "municipality", "valid_from", "valid_to", "lat",
               "lon"});
    UnitVersion v;
    SourcePos pos = f.Pos();
    v.file = pos.file;
    v.line = pos.line;
    v.id = f.String("id", true);
    v.name = f.String("name", true);
    v.parent_id = f.String("parent", false);
    SourcePos kind_pos = pos;
    std::string kind = f.String("kind", true, &kind_pos);
    if (!kind.empty() && !ParseUnitKind(kind, &v.kind)) f.Report(kind_pos, Msg::kCfgUnknownKind, {kind});
    std::string ownership = f.String("ownership", true);
    if (!ownership.empty() && !ParseOwnership(ownership, &v.ownership)) {
      f.Report(pos, Msg::kCfgBadOwnership, {ownership});
    }
    v.municipality = static_cast<int>(f.Int("municipality", false).value_or(0));
    bool needs_municipality =
        v.kind == UnitKind::kHealthCentre || v.kind == UnitKind::kBranch || v.kind == UnitKind::kDentalClinic;
    if (needs_municipality && v.municipality == 0)
      f.Report(pos, Msg::kCfgNeedsMunicipality, {v.id});
    v.valid_from = f.Date("valid_from", true).value_or(0);
    v.valid_to = f.Date("valid_to", false).value_or(kOpenEnded);
    v.lat = f.Real("lat").value_or(NAN);
    v.lon = f.Real("lon").value_or(NAN);
    if (!std::isnan(v.lat) && (v.lat < -90 || v.lat > 90)) f.Report(pos, Msg::kCfgLatitude);
    if (!std::isnan(v.lon) && (v.lon < -180 || v.lon > 180)) f.Report(pos, Msg::kCfgLongitude);
    units.push_back(std::move(v));
  });
  return units;
}

Status ConfigStatus(std::vector<Problem> problems, bool stored) {
  if (problems.empty()) return Status::Ok();
  problems.insert(problems.begin(), Problem{Msg::kCfgHasProblems});
  if (stored) problems.push_back(Problem{Msg::kCfgStoredHint});
  return Status::Problems(std::move(problems));
}

Config LoadConfig(const std::string& dir, std::vector<Problem>* problems) {
  Config config;
  config.dir = dir;
  std::string units_path = Shown(dir, "units.toml");
  std::vector<UnitVersion> units = LoadUnitsToml(units_path, problems);
  std::set<std::string> unit_ids;
  for (const UnitVersion& v : units) unit_ids.insert(v.id);
  // The tree is checked even when some unit has a bad field, so that one run lists
  // every problem (a bad field never hides an unknown parent).
  if (!units.empty()) {
    auto tree = OrgTree::Build(std::move(units));
    if (tree.ok()) {
      config.tree = std::move(tree).value();
    } else {
      for (Problem p : tree.status().problems()) {
        if (p.file.empty()) p.file = units_path;  // "no root unit": the file as a whole
        if (p.line > 0) p.column = 1;
        problems->push_back(std::move(p));
      }
    }
  }
  LoadPlans(Shown(dir, "plans.toml"), &config.plans, problems);
  std::string catalogue_path = Shown(dir, "indicators.toml");
  LoadCatalogue(catalogue_path, &config.catalogue, problems);
  // Cross-references: plan indicators and unit overrides must exist.
  for (const Plan& plan : config.plans) {
    auto check = [&](const std::vector<std::string>& ids, const SourcePos& pos, Msg code, const std::string& owner) {
      for (const std::string& id : ids) {
        if (!config.FindIndicator(id)) problems->push_back(Problem{code, {owner, id}, pos.file, pos.line, pos.column});
      }
    };
    for (const FocusArea& fa : plan.focus_areas) {
      for (const Goal& g : fa.goals) {
        check(g.indicators, g.indicators_pos, Msg::kCfgGoalUnknownIndicator, g.id);
        for (const Assignment& a : g.assignments)
          check(a.indicators, a.indicators_pos, Msg::kCfgAssignmentUnknownIndicator, a.id);
      }
    }
  }
  if (!unit_ids.empty()) {
    for (const IndicatorDef& d : config.catalogue) {
      for (const auto& [year, yt] : d.targets) {
        for (const auto& [unit, t] : yt.units) {
          if (!unit_ids.count(unit)) {
            problems->push_back(
                Problem{Msg::kCfgTargetUnknownUnit, {d.id, unit}, d.pos.file, d.pos.line, d.pos.column});
          }
        }
      }
    }
  }
  return config;
}

}  // namespace nara::model
