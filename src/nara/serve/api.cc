#include "nara/serve/api.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <variant>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/follow/describe.h"
#include "nara/follow/follow_up.h"
#include "nara/serve/http_server.h"
#include "nara/serve/openapi.h"
#include "nara/serve/pages.h"

namespace nara::serve {
namespace {

using nlohmann::json;

// An answer that is not a success: the HTTP status and what to tell the caller.
struct ApiError {
  int status = 400;
  std::string message;
  json problems = nullptr;  // for uploads: [{file, line, column, message}]
  std::string code;         // the message's id (MessageCode), when it has one
};

// An error from the message catalogue, in the reader's language.
ApiError Error(int status, Lang lang, Msg id, std::initializer_list<std::string_view> args = {}) {
  return ApiError{status, Say(lang, id, args), nullptr, MessageCode(id)};
}

// A parameter parsed, or why it could not be.
template <typename T>
using Parsed = std::variant<T, ApiError>;

// Answers are UTF-8; bytes that are not (a file name sent with an upload, a bad
// parameter echoed in a message) are replaced by U+FFFD instead of failing the answer.
constexpr auto kInvalidUtf8 = json::error_handler_t::replace;

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A value for drawing only (sparklines): four significant digits keep answers small.
json Rounded(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (v == 0) return 0.0;
  double scale = std::pow(10.0, 3 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return std::round(v * scale) / scale;
}

json DayJson(Days d) { return d >= model::kOpenEnded ? json(nullptr) : json(FormatDate(d)); }

// A rejected file's problems, each with its place and its message in `lang`; a
// failure that is no list of problems (an I/O error) is one problem without a place.
json ProblemsJson(const Status& status, Lang lang) {
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  auto positive = [](int v) { return v > 0 ? json(v) : json(nullptr); };
  json out = json::array();
  for (const Problem& p : status.problems()) {
    out.push_back({{"code", MessageCode(p.code)},
                   {"file", or_null(p.file)},
                   {"line", positive(p.line)},
                   {"column", p.field.empty() ? positive(p.column) : json(nullptr)},
                   {"field", or_null(p.field)},
                   {"field_position", positive(p.field_index)},
                   {"message", Say(lang, p.code, p.args)}});
  }
  if (status.more_problems() > 0) {
    out.push_back({{"code", MessageCode(Msg::kMoreProblems)},
                   {"file", nullptr},
                   {"line", nullptr},
                   {"column", nullptr},
                   {"field", nullptr},
                   {"field_position", nullptr},
                   {"message", Say(lang, Msg::kMoreProblems, {std::to_string(status.more_problems())})}});
  }
  if (out.empty()) {
    out.push_back({{"code", nullptr},
                   {"file", nullptr},
                   {"line", nullptr},
                   {"column", nullptr},
                   {"field", nullptr},
                   {"field_position", nullptr},
                   {"message", status.message()}});
  }
  return out;
}

// The problems rendered whole, one per line, in `lang` (the error's message).
std::string ProblemsText(const Status& status, Lang lang) {
  if (status.problems().empty()) return status.message();
  std::string text;
  for (const Problem& p : status.problems()) text += (text.empty() ? "" : "\n") + RenderProblem(p, lang);
  if (status.more_problems() > 0) {
    text += "\n" + Say(lang, Msg::kMoreProblems, {std::to_string(status.more_problems())});
  }
  return text;
}

int HttpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kDataError:
      return 422;
    case StatusCode::kNotFound:
      return 404;
    default:
      return 500;
  }
}

// Everything one data version serves.
struct Snapshot {
  Loaded loaded;
  std::unique_ptr<follow::FollowUp> follow;
  int64_t version = 0;
  std::string loaded_at;
  int first_year = 0;
  int last_year = 0;
  std::string data_through;  // the last month with any data, or empty
  int administration = -1;   // the default unit
  std::vector<std::string> perspectives;

  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> cache;  // answered bodies

  const model::OrgTree& tree() const { return loaded.extract.tree; }
  const model::Config& config() const { return loaded.config; }
};

// The store's configuration version the snapshot was computed with; null for a folder.
json ConfigVersionJson(const Snapshot& s) {
  return s.loaded.config_version > 0 ? json(s.loaded.config_version) : json(nullptr);
}

model::Period MonthPeriod(Month m) { return model::Period::MakeMonth(YearOf(m), MonthOf(m)); }

int Administration(const model::OrgTree& tree, Days day) {
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v && v->kind == model::UnitKind::kAdministration) return u;
  }
  for (int u = 0; u < tree.size(); ++u) {
    if (tree.Latest(u).kind == model::UnitKind::kAdministration) return u;
  }
  return tree.root();
}

// The plan in force in `year`: the latest plan year not after it.
const model::Plan* PlanFor(const model::Config& config, int year) {
  const model::Plan* best = nullptr;
  for (const model::Plan& p : config.plans) {
    if (p.year <= year && (best == nullptr || p.year > best->year)) best = &p;
  }
  return best;
}

StatusOr<std::shared_ptr<Snapshot>> BuildSnapshot(Backend& backend, const ServerOptions& options,
                                                  int64_t version) {
  auto snap = std::make_shared<Snapshot>();
  NARA_ASSIGN_OR_RETURN(snap->loaded, backend.Load());
  snap->version = version;
  snap->loaded_at = NowLocal();
  const model::Config& config = snap->config();
  int first = options.first_year, last = options.last_year;
  if (first == 0 || last == 0) {
    int lo = 0, hi = 0;
    for (const model::Plan& p : config.plans) {
      lo = lo == 0 ? p.year : std::min(lo, p.year);
      hi = std::max(hi, p.year);
    }
    if (lo == 0)
      return Status::DataError("the configuration has no plan; give the years to serve with --years");
    if (first == 0) first = lo;
    if (last == 0) last = hi;
  }
  if (first > last) return Status::Invalid("the first year served is after the last");
  snap->first_year = first;
  snap->last_year = last;
  follow::FollowUp::Options fo;
  fo.first_year = first;
  fo.last_year = last;
  NARA_ASSIGN_OR_RETURN(follow::FollowUp f, follow::FollowUp::Build(config.catalogue, snap->tree(),
                                                                    snap->loaded.extract.data, fo));
  snap->follow = std::make_unique<follow::FollowUp>(std::move(f));
  snap->administration = Administration(snap->tree(), LastDayOfMonth(MakeMonth(last, 12)));
  // Every month of the years served (and the year before, for sparklines) is
  // evaluated now, for all units at once: the engine memoises them, so a first request
  // for any unit and period then only combines months already computed. The last
  // month with any data is found on the way.
  for (Month m = MakeMonth(first - 1, 1); m <= MakeMonth(last, 12); ++m) {
    for (const follow::ScoreRow& r : snap->follow->ForUnit(MonthPeriod(m), snap->tree().root())) {
      if (r.cell.n > 0 && YearOf(m) >= first) snap->data_through = FormatMonth(m);
    }
  }
  for (const model::IndicatorDef& d : config.catalogue) {
    if (std::find(snap->perspectives.begin(), snap->perspectives.end(), d.perspective) ==
        snap->perspectives.end()) {
      snap->perspectives.push_back(d.perspective);
    }
  }
  return snap;
}

// --- parameters ----------------------------------------------------------------------

struct Scope {
  int year = 0;
  model::Period period;
  int unit = -1;
  Lang lang = Lang::kSv;
};

// `lang`: sv (default) or en, the language of every text in the answer.
Parsed<Lang> ParseLangParam(const http::Request& req) {
  std::string text = req.Param("lang");
  Lang lang = Lang::kSv;
  if (!text.empty() && !ParseLang(text, &lang)) return Error(400, Lang::kSv, Msg::kErrBadLang, {text});
  return lang;
}

Parsed<int> ParseYear(const std::string& text, const Snapshot& s, Lang lang) {
  int year = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || text.size() > 4 || ec != std::errc() || ptr != text.data() + text.size()) {
    return Error(400, lang, Msg::kErrBadYear, {text});
  }
  if (year < s.first_year || year > s.last_year) {
    return Error(400, lang, Msg::kErrYearOutside,
                 {std::to_string(year), std::to_string(s.first_year), std::to_string(s.last_year)});
  }
  return year;
}

Parsed<int> ParseUnit(const std::string& id, const Snapshot& s, int fallback, Lang lang) {
  if (id.empty()) return fallback;
  int u = s.tree().Find(id);
  if (u < 0) return Error(400, lang, Msg::kErrUnknownUnit, {id});
  return u;
}

Parsed<model::Period> ParsePeriodParam(const std::string& text, Lang lang) {
  auto p = model::ParsePeriod(text);
  if (!p.ok()) return Error(400, lang, Msg::kErrBadPeriod, {text});
  return *p;
}

// year, period and unit, each optional: the period defaults to the whole year, the
// year to the period's year or the last year served, the unit to the administration.
Parsed<Scope> ParseScope(const http::Request& req, const Snapshot& s) {
  Scope scope;
  Parsed<Lang> lang = ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  scope.lang = std::get<Lang>(lang);
  std::string year = req.Param("year"), period = req.Param("period");
  if (!year.empty()) {
    Parsed<int> y = ParseYear(year, s, scope.lang);
    if (auto* e = std::get_if<ApiError>(&y)) return *e;
    scope.year = std::get<int>(y);
  }
  if (!period.empty()) {
    Parsed<model::Period> p = ParsePeriodParam(period, scope.lang);
    if (auto* e = std::get_if<ApiError>(&p)) return *e;
    scope.period = std::get<model::Period>(p);
    int py = YearOf(scope.period.last);
    if (scope.year == 0) {
      Parsed<int> y = ParseYear(std::to_string(py), s, scope.lang);
      if (auto* e = std::get_if<ApiError>(&y)) return *e;
      scope.year = std::get<int>(y);
    } else if (py != scope.year) {
      return Error(400, scope.lang, Msg::kErrPeriodNotInYear, {scope.period.ToString(), std::to_string(scope.year)});
    }
  } else {
    if (scope.year == 0) scope.year = s.last_year;
    scope.period = model::Period::Year(scope.year);
  }
  Parsed<int> unit = ParseUnit(req.Param("unit"), s, s.administration, scope.lang);
  if (auto* e = std::get_if<ApiError>(&unit)) return *e;
  scope.unit = std::get<int>(unit);
  return scope;
}

Parsed<int> ParseIndicator(const http::Request& req, const Snapshot& s, Lang lang) {
  std::string id = req.Param("indicator");
  if (id.empty()) return Error(400, lang, Msg::kErrParameterRequired, {"indicator"});
  const auto& cat = s.config().catalogue;
  for (size_t i = 0; i < cat.size(); ++i) {
    if (cat[i].id == id) return static_cast<int>(i);
  }
  return Error(400, lang, Msg::kErrUnknownIndicator, {id});
}

// --- JSON ----------------------------------------------------------------------------

json UnitRef(const Snapshot& s, int u, Days day) {
  const model::UnitVersion* v = s.tree().VersionAt(u, day);
  if (v == nullptr) v = &s.tree().Latest(u);
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

// --- handlers ------------------------------------------------------------------------
// Each returns the JSON body of a 200 answer (made now, or one kept in the snapshot's
// cache) or an ApiError.

using Body = std::shared_ptr<const std::string>;
using Result = std::variant<std::string, Body, ApiError>;

ApiError Bad(const Status& s) { return {HttpStatus(s), s.message(), nullptr}; }

// Returns the cached body for `key` or computes, stores and returns it.
template <typename F>
Result Cached(const Snapshot& s, const std::string& key, F compute) {
  {
    std::lock_guard<std::mutex> lock(s.cache_mutex);
    auto it = s.cache.find(key);
    if (it != s.cache.end()) return it->second;
  }
  Result r = compute();
  if (std::string* body = std::get_if<std::string>(&r)) {
    auto kept = std::make_shared<const std::string>(std::move(*body));
    std::lock_guard<std::mutex> lock(s.cache_mutex);
    if (s.cache.size() > 20000) s.cache.clear();  // a crude bound; a data version rarely sees that many
    return s.cache.emplace(key, std::move(kept)).first->second;
  }
  return r;
}

Result Scorecard(const Snapshot& s, const Scope& sc) {
  std::string key = "scorecard|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + LangCode(sc.lang);
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
  return Cached(
      s,
      "series|" + std::to_string(sc.year) + "|" + std::to_string(sc.unit) + "|" + std::to_string(indicator) + "|" +
          LangCode(sc.lang),
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
  return Cached(
      s,
      "breakdown|" + sc.period.ToString() + "|" + std::to_string(sc.unit) + "|" + std::to_string(indicator) + "|" +
          LangCode(sc.lang),
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

// Whether `id` is a goal or an assignment of `p`.
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

// Whether `id` is a goal or an assignment of any plan.
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
          {"updated_at", c.updated_at}};
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

// The methods each API route answers, from the OpenAPI document ("GET, POST"), so
// a known route asked with another method is a 405 naming them, not a 404.
const std::map<std::string, std::string>& AllowedMethods() {
  static const std::map<std::string, std::string> kAllowed = [] {
    std::map<std::string, std::string> out;
    json doc = json::parse(OpenApiDocument());
    for (auto& [path, item] : doc["paths"].items()) {
      std::string methods;
      for (auto [key, name] : {std::pair{"get", "GET"},
                               {"post", "POST"},
                               {"put", "PUT"},
                               {"patch", "PATCH"},
                               {"delete", "DELETE"}}) {
        if (item.contains(key)) methods += std::string(methods.empty() ? "" : ", ") + name;
      }
      out[path] = methods;
    }
    return out;
  }();
  return kAllowed;
}

// The answer to a request no handler took: 405 with Allow for a known route, else 404.
ApiError NotRouted(const http::Request& req, http::Response& res) {
  auto it = AllowedMethods().find(req.path);
  if (it != AllowedMethods().end()) {
    res.SetHeader("Allow", it->second);
    return {405, req.method + " is not allowed on " + req.path + " (it answers " + it->second + ")"};
  }
  return {404, "no such API route: " + req.method + " " + req.path + " (see /api/openapi.json)"};
}

}  // namespace

// The backend revision IsSlow read for the request it let run on this event loop; the
// request's handler, called next on the same thread, takes it instead of reading the
// revision again.
static thread_local std::optional<int64_t> t_revision_seen;

struct Server::Impl {
  std::unique_ptr<Backend> backend;
  std::unique_ptr<CommentStore> comments;
  ServerOptions options;
  std::unique_ptr<Pages> pages;
  std::unique_ptr<http::Server> http;

  // The API's routes: exact paths; HEAD is answered as GET (without the body).
  using RouteHandler = std::function<void(const http::Request&, http::Response&)>;
  struct Route {
    std::string method;
    std::string path;
    RouteHandler handler;
  };
  std::vector<Route> routes;

  mutable std::mutex snapshot_mutex;
  std::shared_ptr<const Snapshot> snapshot;
  std::mutex reload_mutex;  // one import or reload at a time
  std::atomic<int64_t> version{0};
  std::atomic<int64_t> failed_revision{-1};  // the backend revision a reload last failed on
  std::atomic<bool> reloading{false};        // a snapshot is being built

  std::shared_ptr<const Snapshot> Current() const {
    std::lock_guard<std::mutex> lock(snapshot_mutex);
    return snapshot;
  }

  // The snapshot to answer from: the one in force, unless the backend's data changed
  // since it was loaded (`nara import` or `remove-batch` by another process on the
  // database served), then a new one built first. Requests arriving meanwhile wait for
  // it, so none answers from data older than a commit it follows. When the rebuild
  // fails the old snapshot stays in force (the failure is printed once per revision).
  std::shared_ptr<const Snapshot> Fresh() {
    std::shared_ptr<const Snapshot> s = Current();
    StatusOr<int64_t> revision = t_revision_seen ? StatusOr<int64_t>(*t_revision_seen) : backend->Revision();
    t_revision_seen.reset();
    if (!revision.ok() || *revision <= s->loaded.revision || *revision <= failed_revision) return s;
    std::lock_guard<std::mutex> lock(reload_mutex);
    s = Current();
    if (*revision <= s->loaded.revision || *revision <= failed_revision) return s;
    Status reloaded = ReloadLocked();
    if (!reloaded.ok()) {
      failed_revision = *revision;
      std::fprintf(stderr,
                   "nara serve: the %s changed but could not be reloaded (the earlier data is served): %s\n",
                   backend->Describe().c_str(), reloaded.message().c_str());
    }
    return Current();
  }

  // Call with reload_mutex held.
  // Whether a request for data would now wait: for a reload in progress, or for one it
  // would start itself (the backend's data changed since the snapshot was loaded).
  bool WouldWait() {
    if (reloading) return true;
    auto revision = backend->Revision();
    if (!revision.ok()) return false;
    if (*revision > Current()->loaded.revision && *revision > failed_revision) return true;
    t_revision_seen = *revision;
    return false;
  }

  Status ReloadLocked() {
    reloading = true;
    auto built = BuildSnapshot(*backend, options, version + 1);
    reloading = false;
    if (!built.ok()) return built.status();
    std::shared_ptr<Snapshot> next = std::move(built).value();
    ++version;
    std::lock_guard<std::mutex> lock(snapshot_mutex);
    snapshot = std::move(next);
    return Status::Ok();
  }

  static void Send(http::Response& res, int status, const std::string& body) {
    res.status = status;
    res.SetBody(body, "application/json");  // UTF-8 by definition (RFC 8259)
    res.SetHeader("Cache-Control", "no-store");
  }
  static void SendError(http::Response& res, const ApiError& e) {
    json err = {{"status", e.status}, {"message", e.message}};
    if (!e.code.empty()) err["code"] = e.code;
    if (!e.problems.is_null()) err["problems"] = e.problems;
    Send(res, e.status, json{{"error", err}}.dump(-1, ' ', false, kInvalidUtf8));
  }
  static void Reply(http::Response& res, const Result& r) {
    if (const std::string* body = std::get_if<std::string>(&r)) {
      Send(res, 200, *body);
    } else if (const Body* kept = std::get_if<Body>(&r)) {
      res.status = 200;
      res.SetStableBody(*kept, "application/json");
      res.SetHeader("Cache-Control", "no-store");
    } else {
      SendError(res, std::get<ApiError>(r));
    }
  }

  // Wraps a handler so that nothing it throws becomes anything but a JSON 500.
  RouteHandler Guard(std::function<Result(const http::Request&, const Snapshot&)> f) {
    return [this, f = std::move(f)](const http::Request& req, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        Reply(res, f(req, *s));
      } catch (const std::exception& e) {
        SendError(res, {500, std::string("internal error: ") + e.what()});
      }
    };
  }

  void Get(std::string path, RouteHandler h) { routes.push_back({"GET", std::move(path), std::move(h)}); }
  void Post(std::string path, RouteHandler h) { routes.push_back({"POST", std::move(path), std::move(h)}); }

  // Every request: an API route, a page file, or an error.
  void Handle(const http::Request& req, http::Response& res) {
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
      for (const Route& r : routes) {
        if (r.path == req.path && r.method == method) {
          r.handler(req, res);
          return;
        }
      }
      SendError(res, NotRouted(req, res));
      return;
    }
    if (method != "GET") {
      res.SetHeader("Allow", "GET, HEAD");
      SendError(res, {405, req.method + " is not allowed on the pages (they answer GET, HEAD)"});
      return;
    }
    pages->Serve(req.path, res);
  }

  // Requests that may take long run on the server's workers: uploads, and writes to
  // the database (which may wait for another process's import).
  // So do requests for data while the data is being reloaded: they wait for the new
  // snapshot on a worker, and the event loops go on answering everyone else (pages,
  // the OpenAPI document, requests on other connections once the snapshot is in).
  bool IsSlow(const http::Request& req) {
    t_revision_seen.reset();
    if (req.method == "POST" || req.method == "PUT") return true;
    return req.path.rfind("/api/", 0) == 0 && req.path != "/api/openapi.json" && WouldWait();
  }

  void Routes() {
    Get("/api/openapi.json",
        [](const http::Request&, http::Response& res) { Send(res, 200, OpenApiDocument()); });
    Get("/api/info", Guard([this](const http::Request&, const Snapshot& s) -> Result {
          json out = {{"name", "nara"},
                      {"source", backend->Describe()},
                      {"can_import", backend->can_import()},
                      {"data_version", s.version},
                      {"config_version", ConfigVersionJson(s)},
                      {"config_sha256",
                       s.loaded.config_sha256.empty() ? json(nullptr) : json(s.loaded.config_sha256)},
                      {"loaded_at", s.loaded_at},
                      {"first_year", s.first_year},
                      {"last_year", s.last_year},
                      {"data_through", s.data_through.empty() ? json(nullptr) : json(s.data_through)},
                      {"administration", s.tree().id(s.administration)},
                      {"root", s.tree().id(s.tree().root())},
                      {"perspectives", s.perspectives}};
          return out.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/units", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> lang = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&lang)) return *e;
          return Units(s, req.Param("date"), std::get<Lang>(lang));
        }));
    Get("/api/plan", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> lang = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&lang)) return *e;
          int year = s.last_year;
          if (req.HasParam("year")) {
            Parsed<int> y = ParseYear(req.Param("year"), s, std::get<Lang>(lang));
            if (auto* e = std::get_if<ApiError>(&y)) return *e;
            year = std::get<int>(y);
          }
          const model::Plan* p = PlanFor(s.config(), year);
          if (p == nullptr) return Error(404, std::get<Lang>(lang), Msg::kErrNoPlan, {std::to_string(year)});
          return PlanJson(*p, year).dump(-1, ' ', false, kInvalidUtf8);
        }));
    Get("/api/catalogue", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Lang> parsed = ParseLangParam(req);
          if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
          Lang lang = std::get<Lang>(parsed);
          return Cached(s, std::string("catalogue|") + LangCode(lang), [&]() -> Result {
            json inds = json::array();
            for (const model::IndicatorDef& d : s.config().catalogue) inds.push_back(IndicatorJson(d, lang));
            return json{{"perspectives", s.perspectives}, {"indicators", inds}}.dump(-1, ' ', false,
                                                                                     kInvalidUtf8);
          });
        }));
    Get("/api/scorecard", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          return Scorecard(s, std::get<Scope>(sc));
        }));
    Get("/api/series", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          return Series(s, scope, std::get<int>(ind));
        }));
    Get("/api/breakdown", Guard([](const http::Request& req, const Snapshot& s) -> Result {
          Parsed<Scope> sc = ParseScope(req, s);
          if (auto* e = std::get_if<ApiError>(&sc)) return *e;
          const Scope& scope = std::get<Scope>(sc);
          Parsed<int> ind = ParseIndicator(req, s, scope.lang);
          if (auto* e = std::get_if<ApiError>(&ind)) return *e;
          return Breakdown(s, scope, std::get<int>(ind));
        }));
    Get("/api/comments", Guard([this](const http::Request& req, const Snapshot& s) -> Result {
          CommentFilter f;
          f.subject_kind = req.Param("subject_kind");
          f.subject_id = req.Param("subject_id");
          if (!f.subject_kind.empty() && f.subject_kind != "indicator" && f.subject_kind != "goal") {
            return ApiError{400, "subject_kind must be 'indicator' or 'goal'"};
          }
          std::string unit = req.Param("unit");
          if (!unit.empty()) {
            Parsed<int> u = ParseUnit(unit, s, -1, Lang::kEn);
            if (auto* e = std::get_if<ApiError>(&u)) return *e;
            f.unit_id = unit;
          }
          std::string period = req.Param("period");
          if (!period.empty()) {
            auto p = model::ParsePeriod(period);
            if (!p.ok()) return ApiError{400, p.status().message()};
            f.period = p->ToString();
          }
          auto list = comments->List(f);
          if (!list.ok()) return Bad(list.status());
          json out = json::array();
          for (const Comment& c : *list) out.push_back(CommentJson(c));
          return json{{"comments", out}}.dump(-1, ' ', false, kInvalidUtf8);
        }));
    Post("/api/comments", [this](const http::Request& req, http::Response& res) {
      std::shared_ptr<const Snapshot> s = Fresh();
      try {
        Reply201(res, PostComment(req, *s));
      } catch (const std::exception& e) {
        SendError(res, {500, std::string("internal error: ") + e.what()});
      }
    });
    Get("/api/batches", Guard([this](const http::Request&, const Snapshot& s) -> Result {
          auto batches = backend->Batches();
          if (!batches.ok()) return Bad(batches.status());
          json list = json::array();
          for (const store::BatchInfo& b : *batches) list.push_back(BatchJson(b));
          json files = json::array();
          for (const std::string& f : s.loaded.extract.files) files.push_back(f);
          return json{{"can_import", backend->can_import()},
                      {"source", backend->Describe()},
                      {"batches", list},
                      {"files", files}}
              .dump(-1, ' ', false, kInvalidUtf8);
        }));
    Post("/api/import", [this](const http::Request& req, http::Response& res) {
      try {
        Reply201(res, Import(req));
      } catch (const std::exception& e) {
        SendError(res, {500, std::string("internal error: ") + e.what()});
      }
    });
  }

  static void Reply201(http::Response& res, const Result& r) {
    Reply(res, r);
    if (res.status == 200) res.status = 201;
  }

  Result PostComment(const http::Request& req, const Snapshot& s) {
    json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) return ApiError{400, "the body must be a JSON object"};
    auto str = [&](const char* key) -> std::optional<std::string> {
      auto it = body.find(key);
      if (it == body.end() || it->is_null()) return std::string();
      if (!it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    Comment c;
    for (auto [key, out] : {std::pair<const char*, std::string*>{"subject_kind", &c.subject_kind},
                            {"subject_id", &c.subject_id},
                            {"unit", &c.unit_id},
                            {"period", &c.period},
                            {"text", &c.text},
                            {"author", &c.author}}) {
      std::optional<std::string> v = str(key);
      if (!v) return ApiError{400, std::string("'") + key + "' must be a string"};
      *out = *v;
    }
    if (c.subject_kind != "indicator" && c.subject_kind != "goal") {
      return ApiError{400, "subject_kind must be 'indicator' or 'goal'"};
    }
    if (c.subject_kind == "indicator" ? s.config().FindIndicator(c.subject_id) == nullptr
                                      : !AnyPlanHasSubject(s.config(), c.subject_id)) {
      return ApiError{400, "unknown " + c.subject_kind + " '" + c.subject_id + "'"};
    }
    if (c.unit_id.empty() || s.tree().Find(c.unit_id) < 0)
      return ApiError{400, "unknown unit '" + c.unit_id + "'"};
    auto p = model::ParsePeriod(c.period);
    if (!p.ok()) return ApiError{400, p.status().message()};
    c.period = p->ToString();
    // As for the GET parameters: the period ends in a plan year served, and a goal is
    // one of the plan in force that year.
    int year = YearOf(p->last);
    if (year < s.first_year || year > s.last_year) {
      return ApiError{400, "period " + c.period + " is outside the years served (" +
                               std::to_string(s.first_year) + "–" + std::to_string(s.last_year) + ")"};
    }
    if (c.subject_kind == "goal") {
      const model::Plan* plan = PlanFor(s.config(), year);
      if (plan == nullptr || !PlanHasSubject(*plan, c.subject_id)) {
        return ApiError{400,
                        "goal '" + c.subject_id + "' is not in the plan in force in " + std::to_string(year) +
                            (plan ? " (the plan of " + std::to_string(plan->year) + ")" : std::string())};
      }
    }
    if (c.text.size() > 20000) return ApiError{400, "the text is longer than 20 000 bytes"};
    if (c.author.size() > 200) return ApiError{400, "the author is longer than 200 bytes"};
    auto stored = comments->Put(std::move(c));
    if (!stored.ok()) return Bad(stored.status());
    return json{{"comment", CommentJson(*stored)}}.dump(-1, ' ', false, kInvalidUtf8);
  }

  Result Import(const http::Request& req) {
    if (!backend->can_import()) return ApiError{409, std::string(kReadOnlyMessage)};
    Parsed<Lang> parsed_lang = ParseLangParam(req);
    if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
    const Lang lang = std::get<Lang>(parsed_lang);
    std::string boundary = http::MultipartBoundary(req.Header("Content-Type"));
    if (boundary.empty()) {
      return ApiError{400, "send the CSV file as multipart/form-data in a field named 'file'"};
    }
    auto parts = http::ParseMultipart(req.body, boundary);
    if (!parts.ok()) return ApiError{400, "the multipart/form-data body: " + parts.status().message()};
    auto field = [&](const char* name) -> http::FormPart* {
      for (http::FormPart& p : *parts) {
        if (p.name == name) return &p;
      }
      return nullptr;
    };
    http::FormPart* file = field("file");
    if (file == nullptr) {
      return ApiError{400, "send the CSV file as multipart/form-data in a field named 'file'"};
    }
    Upload up;
    up.file_name = file->filename.empty() ? "upload.csv" : file->filename;
    up.bytes = std::move(file->content);
    if (http::FormPart* t = field("table")) up.table = t->content;
    if (http::FormPart* sup = field("supersede")) {
      std::string t = sup->content;
      if (!t.empty()) {
        int64_t id = 0;
        auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
        if (ec != std::errc() || ptr != t.data() + t.size() || id <= 0) {
          return ApiError{400, "supersede must be a batch id, not '" + t + "'"};
        }
        up.supersede = id;
      }
    }
    http::FormPart* user = field("user");
    up.user = user ? user->content : std::string();
    if (up.user.empty()) up.user = "web";
    std::lock_guard<std::mutex> lock(reload_mutex);
    auto result = backend->Import(up);
    if (!result.ok()) {
      const Status& st = result.status();
      ApiError e{HttpStatus(st), ProblemsText(st, lang), nullptr};
      if (st.code() == StatusCode::kDataError) e.problems = ProblemsJson(st, lang);
      return e;
    }
    json out = {{"file_name", result->path},    {"table", result->table},
                {"batch_id", result->batch_id}, {"already_stored", result->already_stored},
                {"rows", result->rows},         {"bytes", result->bytes},
                {"sha256", result->sha256},     {"superseded", result->superseded}};
    if (!result->already_stored) {
      Status reloaded = ReloadLocked();
      if (!reloaded.ok()) {
        return ApiError{500, "the file was stored as batch " + std::to_string(result->batch_id) +
                                 " but the results could not be recomputed: " + reloaded.message()};
      }
    }
    out["data_version"] = version.load();
    return out.dump(-1, ' ', false, kInvalidUtf8);
  }
};

std::string DefaultWebDir() {
  if (std::filesystem::exists("web/dist/index.html")) return "web/dist";
  return NARA_DEFAULT_WEB;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

StatusOr<std::unique_ptr<Server>> Server::Create(std::unique_ptr<Backend> backend,
                                                 std::unique_ptr<CommentStore> comments,
                                                 const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->backend = std::move(backend);
  impl->comments = std::move(comments);
  impl->options = options;
  {
    std::lock_guard<std::mutex> lock(impl->reload_mutex);
    NARA_RETURN_IF_ERROR(impl->ReloadLocked());
  }
  impl->pages = std::make_unique<Pages>(options.web_dir);
  http::ServerOptions ho;
  ho.io_threads = options.threads;
  ho.workers = options.workers;
  Impl* m = impl.get();
  impl->http = std::make_unique<http::Server>(
      ho, [m](const http::Request& req, http::Response& res) { m->Handle(req, res); },
      [m](const http::Request& req) { return m->IsSlow(req); },
      [](int status, const std::string& message, http::Response& res) {
        Impl::SendError(res, {status, message});
      });
  impl->Routes();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

StatusOr<int> Server::Bind() { return impl_->http->Bind(impl_->options.bind, impl_->options.port); }

void Server::Listen() { impl_->http->Run(); }
void Server::Stop() { impl_->http->Stop(); }

Status Server::Reload() {
  std::lock_guard<std::mutex> lock(impl_->reload_mutex);
  return impl_->ReloadLocked();
}

int64_t Server::data_version() const { return impl_->version.load(); }

}  // namespace nara::serve
