#include "nara/serve/json_views.h"

#include <cmath>
#include <filesystem>
#include <map>

#include "nara/base/text.h"
#include "nara/follow/describe.h"
#include "nara/follow/goal_status.h"

namespace nara::serve::api {
namespace {

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A value for drawing only (sparklines): four significant digits keep answers small.
json Rounded(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (v == 0) return 0.0;
  double scale = std::pow(10.0, 3 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return std::round(v * scale) / scale;
}

json DayJson(Days d) { return d >= model::kOpenEnded ? json(nullptr) : json(FormatDate(d)); }

}  // namespace

json UnitRef(const Snapshot& s, int u, Days day) { return UnitRef(s.tree(), u, day); }

json UnitRef(const model::OrgTree& tree, int u, Days day) {
  const model::UnitVersion* v = tree.VersionAt(u, day);
  if (v == nullptr) v = &tree.Latest(u);
  return {{"id", v->id},
          {"name", v->name},
          {"kind", model::UnitKindName(v->kind)},
          {"ownership", model::OwnershipName(v->ownership)}};
}

json IndicatorJson(const model::IndicatorDef& d, Lang lang) {
  json targets = json::array();
  for (const auto& [year, t] : d.targets) {
    json units = json::object();
    for (const auto& [id, spec] : t.units) units[id] = follow::DescribeRule(d, spec, lang);
    targets.push_back({{"year", year},
                       {"all", t.all ? json(follow::DescribeRule(d, *t.all, lang)) : json(nullptr)},
                       {"units", units}});
  }
  json kinds = json::array();
  for (model::UnitKind k : d.applies_to) kinds.push_back(model::UnitKindName(k));
  return {{"id", d.id},
          {"name", d.name},
          {"perspective", d.perspective},
          {"definition", d.definition},
          {"display", d.display},
          {"better", model::BetterName(d.better)},
          {"decimals", d.decimals},
          {"min_n", d.min_n},
          {"tolerance", d.tolerance},
          {"measure", model::MeasureName(d.measure)},
          {"applies_to", kinds},
          {"targets", targets}};
}

json RowJson(const follow::ScoreRow& r, Lang lang) {
  follow::TargetText target = follow::DescribeTarget(r, lang);
  return {{"indicator", r.def->id},
          {"value", Num(r.cell.value)},
          {"numerator", Num(r.cell.numerator)},
          {"denominator", Num(r.cell.denominator)},
          {"n", r.cell.n},
          {"decimals", r.decimals},
          {"target", Num(r.judgement.target)},
          {"target_text", target.text},
          {"target_rule", target.rule},
          {"status", follow::StatusName(r.judgement.status)},
          {"status_text", follow::StatusText(r.judgement.status, lang)},
          {"previous_year_value", Num(r.previous_year_value)}};
}

Result Goals(const Snapshot& s, const Scope& sc) {
  const model::Plan* plan = PlanFor(s.config(), sc.year);
  if (plan == nullptr) return Error(404, sc.lang, Msg::kErrNoPlan, {std::to_string(sc.year)});
  std::string key = "goals|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + LangCode(sc.lang);
  return Cached(s, key, [&]() -> Result {
    const std::map<std::string, follow::GoalStatus> statuses = GoalStatuses(s, *plan, sc.period, sc.unit);
    json out;
    out["year"] = sc.year;
    out["period"] = sc.period.ToString();
    out["unit"] = UnitRef(s, sc.unit, sc.period.last_day());
    out["rule"] = follow::GoalStatusRule(sc.lang);
    json& list = out["goals"] = json::array();
    auto add = [&](const std::string& id, const char* kind) {
      const follow::GoalStatus& g = statuses.at(id);
      list.push_back({{"id", id},
                      {"kind", kind},
                      {"status", follow::StatusName(g.status)},
                      {"status_text", follow::StatusText(g.status, sc.lang)},
                      {"met", g.met},
                      {"near", g.near},
                      {"not_met", g.not_met},
                      {"not_counted", g.not_counted},
                      {"counts_text", follow::GoalStatusCounts(g, sc.lang)}});
    };
    for (const model::FocusArea& fa : plan->focus_areas) {
      for (const model::Goal& g : fa.goals) {
        add(g.id, "goal");
        for (const model::Assignment& a : g.assignments) add(a.id, "assignment");
      }
    }
    return out.dump(-1, ' ', false, kInvalidUtf8);
  });
}

Result Scorecard(const Snapshot& s, const Scope& sc) {
  std::string key =
      "scorecard|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + LangCode(sc.lang);
  return Cached(s, key, [&]() -> Result {
    std::vector<follow::ScoreRow> rows = s.follow->ForUnit(sc.period, sc.unit);
    // Sparklines: the twelve months ending with the period's last month (no value in
    // a month the indicator does not apply to the unit).
    std::vector<std::vector<double>> spark(s.config().catalogue.size(), std::vector<double>(12, NAN));
    for (Month m = sc.period.last - 11; m <= sc.period.last; ++m) {
      for (const follow::ScoreRow& r : s.follow->ForUnit(MonthPeriod(m), sc.unit)) {
        size_t i = static_cast<size_t>(r.def - s.config().catalogue.data());
        spark[i][static_cast<size_t>(m - (sc.period.last - 11))] = r.cell.value;
      }
    }
    json out;
    out["year"] = sc.year;
    out["period"] = sc.period.ToString();
    out["unit"] = UnitRef(s, sc.unit, sc.period.last_day());
    out["data_version"] = s.version;
    out["config_version"] = ConfigVersionJson(s);
    out["sparkline_from"] = FormatMonth(sc.period.last - 11);
    json& list = out["rows"] = json::array();
    for (const follow::ScoreRow& r : rows) {
      json j = RowJson(r, sc.lang);
      j["name"] = r.def->name;
      j["perspective"] = r.def->perspective;
      j["display"] = r.def->display;
      j["better"] = model::BetterName(r.def->better);
      size_t i = static_cast<size_t>(r.def - s.config().catalogue.data());
      json values = json::array();
      for (double v : spark[i]) values.push_back(Rounded(v));
      j["sparkline"] = std::move(values);
      list.push_back(std::move(j));
    }
    return out.dump(-1, ' ', false, kInvalidUtf8);
  });
}

Result Series(const Snapshot& s, const Scope& sc, int indicator) {
  const model::IndicatorDef& def = s.config().catalogue[static_cast<size_t>(indicator)];
  if (!s.follow->Applies(def, sc.unit, model::Period::Year(sc.year))) {
    return Error(404, sc.lang, Msg::kErrIndicatorNotForUnit, {def.id, s.tree().id(sc.unit)});
  }
  return Cached(s,
                "series|" + std::to_string(sc.year) + "|" + std::to_string(sc.unit) + "|" +
                    std::to_string(indicator) + "|" + LangCode(sc.lang),
                [&]() -> Result {
                  json out;
                  out["year"] = sc.year;
                  out["unit"] = UnitRef(s, sc.unit, LastDayOfMonth(MakeMonth(sc.year, 12)));
                  out["indicator"] = IndicatorJson(def, sc.lang);
                  out["data_version"] = s.version;
                  json& months = out["months"] = json::array();
                  for (int month = 1; month <= 12; ++month) {
                    for (const follow::ScoreRow& r :
                         s.follow->ForUnit(model::Period::MakeMonth(sc.year, month), sc.unit)) {
                      if (r.def != &def) continue;
                      json j = RowJson(r, sc.lang);
                      j["month"] = FormatMonth(MakeMonth(sc.year, month));
                      months.push_back(std::move(j));
                    }
                  }
                  return out.dump(-1, ' ', false, kInvalidUtf8);
                });
}

Result Breakdown(const Snapshot& s, const Scope& sc, int indicator) {
  const model::IndicatorDef& def = s.config().catalogue[static_cast<size_t>(indicator)];
  if (!s.follow->Applies(def, sc.unit, sc.period)) {
    return Error(404, sc.lang, Msg::kErrIndicatorNotForUnit, {def.id, s.tree().id(sc.unit)});
  }
  return Cached(s,
                "breakdown|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" +
                    std::to_string(indicator) + "|" + LangCode(sc.lang),
                [&]() -> Result {
                  Days day = sc.period.last_day();
                  auto row_of = [&](int u) {
                    for (const follow::ScoreRow& r : s.follow->ForUnit(sc.period, u)) {
                      if (r.def == &def) {
                        json j = RowJson(r, sc.lang);
                        j["unit"] = UnitRef(s, u, day);
                        j["has_children"] = !s.tree().ChildrenAt(u, day).empty();
                        return j;
                      }
                    }
                    return json(nullptr);
                  };
                  json out;
                  out["year"] = sc.year;
                  out["period"] = sc.period.ToString();
                  out["indicator"] = IndicatorJson(def, sc.lang);
                  out["data_version"] = s.version;
                  out["total"] = row_of(sc.unit);
                  // The children the indicator applies to.
                  json& children = out["children"] = json::array();
                  for (int c : s.tree().ChildrenAt(sc.unit, day)) {
                    json row = row_of(c);
                    if (!row.is_null()) children.push_back(std::move(row));
                  }
                  return out.dump(-1, ' ', false, kInvalidUtf8);
                });
}

namespace {

// The quantile `q` of sorted `v` by linear interpolation between closest ranks (as
// Excel's KVARTIL.INK / QUARTILE.INC).
double Quantile(const std::vector<double>& v, double q) {
  if (v.empty()) return NAN;
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

// The unit whose subtree holds a unit's peers: the nearest area above it (for an area,
// its parent), else the root.
int PeerAnchor(const model::OrgTree& tree, int unit, Days day) {
  const model::UnitVersion* own = tree.VersionAt(unit, day);
  for (int u = tree.ParentAt(unit, day); u >= 0; u = tree.ParentAt(u, day)) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v == nullptr) break;
    if (own != nullptr && own->kind == model::UnitKind::kArea) return u;
    if (v->kind == model::UnitKind::kArea || v->kind == model::UnitKind::kAdministration) return u;
  }
  return tree.root();
}

}  // namespace

Result Peers(const Snapshot& s, const Scope& sc, int indicator, bool region) {
  const model::IndicatorDef& def = s.config().catalogue[static_cast<size_t>(indicator)];
  if (!s.follow->Applies(def, sc.unit, sc.period)) {
    return Error(404, sc.lang, Msg::kErrIndicatorNotForUnit, {def.id, s.tree().id(sc.unit)});
  }
  return Cached(s,
                "peers|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + std::to_string(indicator) +
                    "|" + (region ? "region" : "area") + "|" + LangCode(sc.lang),
                [&]() -> Result {
                  const model::OrgTree& tree = s.tree();
                  const Days day = sc.period.last_day();
                  const model::UnitVersion* own = tree.VersionAt(sc.unit, day);
                  if (own == nullptr) own = &tree.Latest(sc.unit);
                  const int anchor = region ? tree.root() : PeerAnchor(tree, sc.unit, day);
                  struct Peer {
                    int unit;
                    json row;
                    double value;
                  };
                  std::vector<Peer> peers;
                  for (int u = 0; u < tree.size(); ++u) {
                    const model::UnitVersion* v = tree.VersionAt(u, day);
                    if (v == nullptr || v->kind != own->kind || !tree.IsWithin(u, anchor, day)) continue;
                    for (const follow::ScoreRow& r : s.follow->ForUnit(sc.period, u)) {
                      if (r.def != &def) continue;
                      json j = RowJson(r, sc.lang);
                      j["unit"] = UnitRef(s, u, day);
                      peers.push_back({u, std::move(j), r.cell.value});
                    }
                  }
                  // Best first (by the indicator's direction), those without a value last.
                  const bool higher = def.better == model::Better::kHigher;
                  std::stable_sort(peers.begin(), peers.end(), [&](const Peer& a, const Peer& b) {
                    if (std::isnan(a.value) || std::isnan(b.value)) return !std::isnan(a.value) && std::isnan(b.value);
                    return higher ? a.value > b.value : a.value < b.value;
                  });
                  std::vector<double> values;
                  json list = json::array();
                  int rank = 0, own_rank = 0;
                  for (Peer& p : peers) {
                    if (!std::isnan(p.value)) {
                      values.push_back(p.value);
                      p.row["rank"] = ++rank;
                    } else {
                      p.row["rank"] = nullptr;
                    }
                    if (p.unit == sc.unit) own_rank = std::isnan(p.value) ? 0 : rank;
                    p.row["is_unit"] = p.unit == sc.unit;
                    list.push_back(std::move(p.row));
                  }
                  std::sort(values.begin(), values.end());
                  json out;
                  out["year"] = sc.year;
                  out["period"] = sc.period.ToString();
                  out["indicator"] = IndicatorJson(def, sc.lang);
                  out["data_version"] = s.version;
                  out["unit"] = UnitRef(s, sc.unit, day);
                  out["scope"] = region ? "region" : "area";
                  out["within"] = UnitRef(s, anchor, day);
                  out["better"] = higher ? "higher" : "lower";
                  out["count"] = values.size();
                  out["rank"] = own_rank == 0 ? json(nullptr) : json(own_rank);
                  out["median"] = Num(Quantile(values, 0.5));
                  out["q1"] = Num(Quantile(values, 0.25));
                  out["q3"] = Num(Quantile(values, 0.75));
                  out["peers"] = std::move(list);
                  return out.dump(-1, ' ', false, kInvalidUtf8);
                });
}

Result Trend(const Snapshot& s, const Scope& sc, int indicator) {
  const model::IndicatorDef& def = s.config().catalogue[static_cast<size_t>(indicator)];
  if (!s.follow->Applies(def, sc.unit, sc.period)) {
    return Error(404, sc.lang, Msg::kErrIndicatorNotForUnit, {def.id, s.tree().id(sc.unit)});
  }
  return Cached(s,
                "trend|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + std::to_string(indicator) +
                    "|" + LangCode(sc.lang),
                [&]() -> Result {
                  auto row = [&](const model::Period& p) -> std::optional<follow::ScoreRow> {
                    for (follow::ScoreRow& r : s.follow->ForUnit(p, sc.unit)) {
                      if (r.def == &def) return std::move(r);
                    }
                    return std::nullopt;
                  };
                  json out;
                  out["period"] = sc.period.ToString();
                  out["unit"] = UnitRef(s, sc.unit, sc.period.last_day());
                  out["indicator"] = IndicatorJson(def, sc.lang);
                  out["data_version"] = s.version;
                  json& years = out["years"] = json::array();
                  json& months = out["months"] = json::array();
                  for (int y = s.first_year; y <= s.last_year; ++y) {
                    const model::Period p = sc.period.ShiftYears(y - YearOf(sc.period.last));
                    if (std::optional<follow::ScoreRow> r = row(p)) {
                      json j = RowJson(*r, sc.lang);
                      j["year"] = y;
                      j["period"] = p.ToString();
                      years.push_back(std::move(j));
                    }
                    for (int m = 1; m <= 12; ++m) {
                      if (std::optional<follow::ScoreRow> r = row(model::Period::MakeMonth(y, m))) {
                        months.push_back({{"month", FormatMonth(MakeMonth(y, m))},
                                          {"value", Num(r->cell.value)},
                                          {"target", Num(r->judgement.target)},
                                          {"status", follow::StatusName(r->judgement.status)}});
                      }
                    }
                  }
                  return out.dump(-1, ' ', false, kInvalidUtf8);
                });
}

Result Units(const Snapshot& s, const std::string& date, Lang lang) {
  Days day = kNullDays;
  if (!date.empty() && ParseDate(date, &day) != TimeParseError::kNone) {
    return Error(400, lang, Msg::kErrBadDate, {date});
  }
  return Cached(s, "units|" + date, [&]() -> Result {
    const model::OrgTree& tree = s.tree();
    json out;
    out["date"] = date.empty() ? json(nullptr) : json(date);
    out["root"] = tree.id(tree.root());
    out["administration"] = tree.id(s.administration);
    json& units = out["units"] = json::array();
    std::vector<std::vector<std::string>> children(static_cast<size_t>(tree.size()));
    std::vector<int> parent(static_cast<size_t>(tree.size()), -1);
    for (int u = 0; u < tree.size(); ++u) {
      if (day != kNullDays) {
        parent[static_cast<size_t>(u)] = tree.ParentAt(u, day);
      } else {
        parent[static_cast<size_t>(u)] = tree.Find(tree.Latest(u).parent_id);
      }
    }
    for (int u = 0; u < tree.size(); ++u) {
      if (day != kNullDays && !tree.ValidOn(u, day)) continue;
      if (parent[static_cast<size_t>(u)] >= 0)
        children[static_cast<size_t>(parent[static_cast<size_t>(u)])].push_back(tree.id(u));
    }
    for (int u = 0; u < tree.size(); ++u) {
      if (day != kNullDays && !tree.ValidOn(u, day)) continue;
      const model::UnitVersion* v = day != kNullDays ? tree.VersionAt(u, day) : &tree.Latest(u);
      json versions = json::array();
      for (const model::UnitVersion& x : tree.versions(u)) {
        versions.push_back({{"name", x.name},
                            {"parent", x.parent_id.empty() ? json(nullptr) : json(x.parent_id)},
                            {"kind", model::UnitKindName(x.kind)},
                            {"valid_from", FormatDate(x.valid_from)},
                            {"valid_to", DayJson(x.valid_to)}});
      }
      int p = parent[static_cast<size_t>(u)];
      units.push_back({{"id", v->id},
                       {"name", v->name},
                       {"kind", model::UnitKindName(v->kind)},
                       {"ownership", model::OwnershipName(v->ownership)},
                       {"municipality", v->municipality == 0 ? json(nullptr) : json(v->municipality)},
                       {"parent", p >= 0 ? json(tree.id(p)) : json(nullptr)},
                       {"children", children[static_cast<size_t>(u)]},
                       {"valid_from", FormatDate(tree.versions(u).front().valid_from)},
                       {"valid_to", DayJson(tree.versions(u).back().valid_to)},
                       {"versions", versions}});
    }
    return out.dump(-1, ' ', false, kInvalidUtf8);
  });
}

json PlanJson(const model::Plan& p, int year) {
  json fas = json::array();
  for (const model::FocusArea& fa : p.focus_areas) {
    json goals = json::array();
    for (const model::Goal& g : fa.goals) {
      json as = json::array();
      for (const model::Assignment& a : g.assignments)
        as.push_back({{"id", a.id}, {"text", a.text}, {"indicators", a.indicators}});
      goals.push_back({{"id", g.id}, {"text", g.text}, {"indicators", g.indicators}, {"assignments", as}});
    }
    fas.push_back({{"id", fa.id}, {"name", fa.name}, {"goals", goals}});
  }
  return {{"year", year},       {"plan_year", p.year}, {"title", p.title}, {"decided_by", p.decided_by},
          {"source", p.source}, {"focus_areas", fas}};
}

bool PlanHasSubject(const model::Plan& p, const std::string& id) {
  for (const model::FocusArea& fa : p.focus_areas) {
    for (const model::Goal& g : fa.goals) {
      if (g.id == id) return true;
      for (const model::Assignment& a : g.assignments) {
        if (a.id == id) return true;
      }
    }
  }
  return false;
}

bool AnyPlanHasSubject(const model::Config& c, const std::string& id) {
  for (const model::Plan& p : c.plans) {
    if (PlanHasSubject(p, id)) return true;
  }
  return false;
}

json CommentJson(const Comment& c) {
  return {{"subject_kind", c.subject_kind},
          {"subject_id", c.subject_id},
          {"unit", c.unit_id},
          {"period", c.period},
          {"text", c.text},
          {"author", c.author},
          {"updated_at", c.updated_at},
          {"version", c.version},
          {"deleted", c.deleted}};
}

json ActionJson(const Action& a) {
  return {{"id", a.id},
          {"subject_kind", a.subject_kind},
          {"subject_id", a.subject_id},
          {"unit", a.unit_id},
          {"period", a.period},
          {"what", a.what},
          {"responsible", a.responsible},
          {"due", a.due.empty() ? json(nullptr) : json(a.due)},
          {"done", a.done},
          {"done_at", a.done_at.empty() ? json(nullptr) : json(a.done_at)},
          {"author", a.author},
          {"updated_at", a.updated_at}};
}

json AssessmentJson(const Assessment& a, Lang lang) {
  auto text = [&](const std::string& status) {
    auto kind = follow::ParseStatusName(status);
    return kind ? json(follow::StatusText(*kind, lang)) : json(nullptr);
  };
  return {{"goal_id", a.goal_id},
          {"unit", a.unit_id},
          {"period", a.period},
          {"status", a.status},
          {"status_text", text(a.status)},
          {"computed_status", a.computed_status},
          {"computed_status_text", text(a.computed_status)},
          {"justification", a.justification},
          {"responsible", a.responsible},
          {"author", a.author},
          {"updated_at", a.updated_at},
          {"version", a.version}};
}

std::map<std::string, follow::GoalStatus> GoalStatuses(const Snapshot& s, const model::Plan& plan,
                                                       const model::Period& period, int unit) {
  std::map<std::string, follow::StatusKind> status;
  for (const follow::ScoreRow& r : s.follow->ForUnit(period, unit)) status[r.def->id] = r.judgement.status;
  auto combine = [&](const std::vector<std::string>& indicators) {
    std::vector<follow::StatusKind> in;
    for (const std::string& i : indicators) {
      auto it = status.find(i);
      in.push_back(it == status.end() ? follow::StatusKind::kNoData : it->second);
    }
    return follow::CombineStatuses(in);
  };
  std::map<std::string, follow::GoalStatus> out;
  for (const model::FocusArea& fa : plan.focus_areas) {
    for (const model::Goal& g : fa.goals) {
      out[g.id] = combine(follow::GoalIndicators(g));
      for (const model::Assignment& a : g.assignments) out[a.id] = combine(a.indicators);
    }
  }
  return out;
}

json BatchJson(const store::BatchInfo& b) {
  return {{"id", b.id},
          {"table", b.table},
          {"file_name", std::filesystem::path(b.file_name).filename().string()},
          {"sha256", b.sha256},
          {"bytes", b.bytes},
          {"rows", b.rows},
          {"period_from", b.period_from},
          {"period_to", b.period_to},
          {"loaded_at", b.loaded_at},
          {"loaded_by", b.loaded_by},
          {"config_version", b.config_version},
          {"supersedes", b.supersedes}};
}

}  // namespace nara::serve::api
