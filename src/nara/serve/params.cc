#include "nara/serve/params.h"

#include <charconv>

namespace nara::serve::api {

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

Lang LenientLang(const http::Request& req) {
  Parsed<Lang> lang = ParseLangParam(req);
  return std::holds_alternative<Lang>(lang) ? std::get<Lang>(lang) : Lang::kSv;
}

Parsed<json> BodyObject(const http::Request& req, Lang lang) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
  return body;
}

Parsed<int> ParseUnit(const std::string& id, const Snapshot& s, int fallback, Lang lang) {
  if (id.empty()) return fallback;
  int u = s.tree().Find(id);
  if (u < 0) return Error(400, lang, Msg::kErrUnknownUnit, {id});
  return u;
}

namespace {

Parsed<model::Period> ParsePeriodParam(const std::string& text, Lang lang) {
  auto p = model::ParsePeriod(text);
  if (!p.ok()) return Error(400, lang, Msg::kErrBadPeriod, {text});
  return *p;
}

}  // namespace

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
      return Error(400, scope.lang, Msg::kErrPeriodNotInYear,
                   {scope.period.ToString(), std::to_string(scope.year)});
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

bool CommentQuery::InYear(const std::string& period) const {
  if (year == 0) return true;
  auto p = model::ParsePeriod(period);
  return p.ok() && YearOf(p->last) == year;
}

Parsed<CommentQuery> ParseCommentQuery(const http::Request& req, const Snapshot& s) {
  Parsed<Lang> parsed_lang = ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
  CommentQuery q;
  q.lang = std::get<Lang>(parsed_lang);
  q.filter.subject_kind = req.Param("subject_kind");
  q.filter.subject_id = req.Param("subject_id");
  if (!q.filter.subject_kind.empty() && q.filter.subject_kind != "indicator" && q.filter.subject_kind != "goal" &&
      q.filter.subject_kind != "section") {
    return Error(400, q.lang, Msg::kErrSubjectKind);
  }
  const std::string unit = req.Param("unit");
  if (!unit.empty()) {
    Parsed<int> u = ParseUnit(unit, s, -1, q.lang);
    if (auto* e = std::get_if<ApiError>(&u)) return *e;
    q.filter.unit_id = unit;
  }
  const std::string period = req.Param("period");
  if (!period.empty()) {
    auto p = model::ParsePeriod(period);
    if (!p.ok()) return Error(400, q.lang, Msg::kErrBadPeriod, {period});
    q.filter.period = p->ToString();
  }
  if (req.HasParam("year")) {
    Parsed<int> y = ParseYear(req.Param("year"), s, q.lang);
    if (auto* e = std::get_if<ApiError>(&y)) return *e;
    q.year = std::get<int>(y);
  }
  return q;
}

}  // namespace nara::serve::api
