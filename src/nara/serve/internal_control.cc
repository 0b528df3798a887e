#include "nara/serve/internal_control.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/serve/api_error.h"
#include "nara/serve/params.h"

namespace nara::serve {

using namespace api;  // NOLINT: the routes' answers

namespace {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, kInvalidUtf8); }

json ResultJson(const store::IcResult& r, Lang lang) {
  return {{"period", r.period},
          {"outcome", r.outcome},
          {"outcome_text", IcOutcomeText(r.outcome, lang)},
          {"text", r.text},
          {"by", r.by},
          {"at", r.at}};
}

json ControlJson(const store::IcControl& c, Lang lang) {
  json results = json::array();
  for (const store::IcResult& r : c.results) results.push_back(ResultJson(r, lang));
  return {{"id", c.id},
          {"risk_id", c.risk_id},
          {"what", c.what},
          {"how", c.how},
          {"frequency", c.frequency},
          {"responsible", c.responsible},
          {"results", results}};
}

json RiskJson(const store::IcRisk& r, const Snapshot& s, Lang lang) {
  const int u = s.tree().Find(r.unit_id);
  json controls = json::array();
  for (const store::IcControl& c : r.controls) controls.push_back(ControlJson(c, lang));
  return {{"id", r.id},
          {"year", r.year},
          {"unit", {{"id", r.unit_id}, {"name", u < 0 ? r.unit_id : s.tree().Latest(u).name}}},
          {"title", r.title},
          {"description", r.description},
          {"probability", r.probability},
          {"consequence", r.consequence},
          {"risk_value", r.risk_value()},
          {"owner", r.owner},
          {"board_prioritised", r.board_prioritised},
          {"controls", controls}};
}

// `field` of `body` into `out` when present: a string (`required`: and not blank).
std::optional<ApiError> StringField(const json& body, const char* field, bool required, std::string* out,
                                    Lang lang) {
  if (!body.contains(field)) {
    if (required) return Error(400, lang, Msg::kErrIcFieldRequired, {field});
    return std::nullopt;
  }
  if (!body[field].is_string()) return Error(400, lang, Msg::kErrFieldNotString, {field});
  std::string v(Trim(body[field].get<std::string>()));
  if (v.size() > 8192) return Error(400, lang, Msg::kErrTextTooLong, {"8192"});
  if (v.empty() && required) return Error(400, lang, Msg::kErrIcFieldRequired, {field});
  *out = std::move(v);
  return std::nullopt;
}

// A positive id in `field`, or the 400.
Parsed<int64_t> IdField(const json& body, const char* field, Lang lang) {
  if (!body.contains(field)) return Error(400, lang, Msg::kErrIcFieldRequired, {field});
  const json& v = body[field];
  if (!v.is_number_integer() || v.get<int64_t>() <= 0) return Error(400, lang, Msg::kErrBadNumber, {field, v.dump()});
  return v.get<int64_t>();
}

// {"remove": true}: whether the body asks for a removal.
Parsed<bool> RemoveField(const json& body, Lang lang) {
  if (!body.contains("remove")) return false;
  if (!body["remove"].is_boolean()) return Error(400, lang, Msg::kErrFieldNotBool, {"remove"});
  return body["remove"].get<bool>();
}

ApiError Failure(const Status& st) { return Bad(st); }

}  // namespace

std::string IcOutcomeText(const std::string& outcome, Lang lang) {
  if (outcome == "done") return Say(lang, Msg::kIcOutcomeDone);
  if (outcome == "deviation") return Say(lang, Msg::kIcOutcomeDeviation);
  if (outcome == "not_done") return Say(lang, Msg::kIcOutcomeNotDone);
  return outcome;
}

StatusOr<std::vector<store::IcRisk>> InternalControlStore::Register(int year) {
  std::lock_guard<std::mutex> lock(mutex_);
  return ic_.Register(year);
}

Result InternalControlStore::Get(const http::Request& req, const Snapshot& s, bool may_edit) {
  Parsed<Lang> parsed_lang = ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
  const Lang lang = std::get<Lang>(parsed_lang);
  if (!req.HasParam("year")) return Error(400, lang, Msg::kErrParameterRequired, {"year"});
  Parsed<int> year = ParseYear(req.Param("year"), s, lang);
  if (auto* e = std::get_if<ApiError>(&year)) return *e;
  const int y = std::get<int>(year);
  StatusOr<std::vector<store::IcRisk>> risks = Register(y);
  if (!risks.ok()) return Failure(risks.status());
  json list = json::array();
  for (const store::IcRisk& r : *risks) list.push_back(RiskJson(r, s, lang));
  return Dump({{"year", y}, {"periods", store::IcPeriods(y)}, {"may_edit", may_edit}, {"risks", list}});
}

std::pair<int, Result> InternalControlStore::PostRisk(const http::Request& req, const Snapshot& s,
                                                      const store::Actor& by) {
  const Lang lang = LenientLang(req);
  Parsed<json> parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {400, *e};
  const json& body = std::get<json>(parsed);
  Parsed<bool> remove = RemoveField(body, lang);
  if (auto* e = std::get_if<ApiError>(&remove)) return {400, *e};
  store::IcRisk risk;
  const bool change = body.contains("id");
  if (change) {
    Parsed<int64_t> id = IdField(body, "id", lang);
    if (auto* e = std::get_if<ApiError>(&id)) return {400, *e};
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = ic_.FindRisk(std::get<int64_t>(id));
    if (!found.ok()) return {500, Failure(found.status())};
    if (!*found) return {404, Error(404, lang, Msg::kErrIcRiskNotFound, {std::to_string(std::get<int64_t>(id))})};
    risk = std::move(**found);
  }
  if (std::get<bool>(remove)) {
    if (!change) return {400, Error(400, lang, Msg::kErrIcFieldRequired, {"id"})};
    std::lock_guard<std::mutex> lock(mutex_);
    Status removed = ic_.RemoveRisk(risk.id, by);
    if (removed.code() == StatusCode::kNotFound) {
      return {404, Error(404, lang, Msg::kErrIcRiskNotFound, {std::to_string(risk.id)})};
    }
    if (!removed.ok()) return {500, Failure(removed)};
    return {200, Dump({{"removed", true}, {"id", risk.id}, {"controls", risk.controls.size()}})};
  }
  if (!change) {
    if (!body.contains("year")) return {400, Error(400, lang, Msg::kErrIcFieldRequired, {"year"})};
    if (!body["year"].is_number_integer()) return {400, Error(400, lang, Msg::kErrBadYear, {body["year"].dump()})};
    Parsed<int> year = ParseYear(std::to_string(body["year"].get<int64_t>()), s, lang);
    if (auto* e = std::get_if<ApiError>(&year)) return {400, *e};
    risk.year = std::get<int>(year);
  }
  for (auto [field, out, required] : {std::tuple{"unit", &risk.unit_id, !change},
                                      std::tuple{"title", &risk.title, !change},
                                      std::tuple{"description", &risk.description, false},
                                      std::tuple{"owner", &risk.owner, false}}) {
    if (std::optional<ApiError> e = StringField(body, field, required, out, lang)) return {400, *e};
  }
  if (risk.title.empty()) return {400, Error(400, lang, Msg::kErrIcFieldRequired, {"title"})};
  if (s.tree().Find(risk.unit_id) < 0) return {400, Error(400, lang, Msg::kErrUnknownUnit, {risk.unit_id})};
  for (auto [field, out] : {std::pair{"probability", &risk.probability}, std::pair{"consequence", &risk.consequence}}) {
    if (!body.contains(field)) {
      if (!change) return {400, Error(400, lang, Msg::kErrIcFieldRequired, {field})};
      continue;
    }
    const json& v = body[field];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 4) {
      return {400, Error(400, lang, Msg::kErrIcOutOfRange, {field, v.dump()})};
    }
    *out = static_cast<int>(v.get<int64_t>());
  }
  if (body.contains("board_prioritised")) {
    if (!body["board_prioritised"].is_boolean()) {
      return {400, Error(400, lang, Msg::kErrFieldNotBool, {"board_prioritised"})};
    }
    risk.board_prioritised = body["board_prioritised"].get<bool>();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto stored = ic_.PutRisk(std::move(risk), by);
  if (!stored.ok()) {
    if (stored.status().code() == StatusCode::kNotFound) {
      return {404, Error(404, lang, Msg::kErrIcRiskNotFound, {stored.status().message()})};
    }
    return {500, Failure(stored.status())};
  }
  return {201, Dump(RiskJson(*stored, s, lang))};
}

std::pair<int, Result> InternalControlStore::PostControl(const http::Request& req, const store::Actor& by) {
  const Lang lang = LenientLang(req);
  Parsed<json> parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {400, *e};
  const json& body = std::get<json>(parsed);
  Parsed<bool> remove = RemoveField(body, lang);
  if (auto* e = std::get_if<ApiError>(&remove)) return {400, *e};
  store::IcControl control;
  const bool change = body.contains("id");
  std::lock_guard<std::mutex> lock(mutex_);
  if (change) {
    Parsed<int64_t> id = IdField(body, "id", lang);
    if (auto* e = std::get_if<ApiError>(&id)) return {400, *e};
    auto found = ic_.FindControl(std::get<int64_t>(id));
    if (!found.ok()) return {500, Failure(found.status())};
    if (!*found) return {404, Error(404, lang, Msg::kErrIcControlNotFound, {std::to_string(std::get<int64_t>(id))})};
    control = std::move(**found);
  } else if (std::get<bool>(remove)) {
    return {400, Error(400, lang, Msg::kErrIcFieldRequired, {"id"})};
  }
  if (std::get<bool>(remove)) {
    Status removed = ic_.RemoveControl(control.id, by);
    if (!removed.ok()) return {500, Failure(removed)};
    return {200, Dump({{"removed", true}, {"id", control.id}, {"results", control.results.size()}})};
  }
  if (!change) {
    Parsed<int64_t> risk_id = IdField(body, "risk_id", lang);
    if (auto* e = std::get_if<ApiError>(&risk_id)) return {400, *e};
    control.risk_id = std::get<int64_t>(risk_id);
    auto risk = ic_.FindRisk(control.risk_id);
    if (!risk.ok()) return {500, Failure(risk.status())};
    if (!*risk) return {404, Error(404, lang, Msg::kErrIcRiskNotFound, {std::to_string(control.risk_id)})};
  }
  for (auto [field, out, required] : {std::tuple{"what", &control.what, !change},
                                      std::tuple{"how", &control.how, false},
                                      std::tuple{"frequency", &control.frequency, !change},
                                      std::tuple{"responsible", &control.responsible, false}}) {
    if (std::optional<ApiError> e = StringField(body, field, required, out, lang)) return {400, *e};
  }
  if (control.what.empty()) return {400, Error(400, lang, Msg::kErrIcFieldRequired, {"what"})};
  if (!store::IcFrequencyKnown(control.frequency)) {
    return {400, Error(400, lang, Msg::kErrIcFrequency, {control.frequency})};
  }
  auto stored = ic_.PutControl(std::move(control), by);
  if (!stored.ok()) return {500, Failure(stored.status())};
  return {201, Dump(ControlJson(*stored, lang))};
}

std::pair<int, Result> InternalControlStore::PostResult(const http::Request& req, const store::Actor& by) {
  const Lang lang = LenientLang(req);
  Parsed<json> parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {400, *e};
  const json& body = std::get<json>(parsed);
  Parsed<int64_t> control_id = IdField(body, "control_id", lang);
  if (auto* e = std::get_if<ApiError>(&control_id)) return {400, *e};
  store::IcResult result;
  for (auto [field, out, required] : {std::tuple{"period", &result.period, true},
                                      std::tuple{"outcome", &result.outcome, true},
                                      std::tuple{"text", &result.text, false}}) {
    if (std::optional<ApiError> e = StringField(body, field, required, out, lang)) return {400, *e};
  }
  if (!store::IcOutcomeKnown(result.outcome)) return {400, Error(400, lang, Msg::kErrIcOutcome, {result.outcome})};
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t id = std::get<int64_t>(control_id);
  auto control = ic_.FindControl(id);
  if (!control.ok()) return {500, Failure(control.status())};
  if (!*control) return {404, Error(404, lang, Msg::kErrIcControlNotFound, {std::to_string(id)})};
  auto risk = ic_.FindRisk((*control)->risk_id);
  if (!risk.ok() || !*risk) return {500, Failure(risk.ok() ? Status::Internal("control without risk") : risk.status())};
  const std::vector<std::string> periods = store::IcPeriods((*risk)->year);
  if (std::find(periods.begin(), periods.end(), result.period) == periods.end()) {
    return {400, Error(400, lang, Msg::kErrIcPeriod, {result.period, periods[0] + ", " + periods[1] + ", " + periods[2]})};
  }
  if (store::IcOutcomeNeedsText(result.outcome) && result.text.empty()) {
    return {400, Error(400, lang, Msg::kErrIcTextRequired, {IcOutcomeText(result.outcome, lang)})};
  }
  result.by = by.user;
  auto stored = ic_.PutResult(id, std::move(result), by);
  if (!stored.ok()) return {500, Failure(stored.status())};
  json out = ResultJson(*stored, lang);
  out["control_id"] = id;
  return {201, Dump(out)};
}

std::pair<int, Result> InternalControlStore::Import(const http::Request& req, const Snapshot& s,
                                                    const store::Actor& by) {
  Parsed<Lang> parsed_lang = ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&parsed_lang)) return {400, *e};
  const Lang lang = std::get<Lang>(parsed_lang);
  if (!req.HasParam("year")) return {400, Error(400, lang, Msg::kErrParameterRequired, {"year"})};
  Parsed<int> year = ParseYear(req.Param("year"), s, lang);
  if (auto* e = std::get_if<ApiError>(&year)) return {400, *e};
  const int y = std::get<int>(year);
  const std::string replace_text = AsciiLower(req.Param("replace"));
  bool replace = false;
  if (replace_text == "1" || replace_text == "true") {
    replace = true;
  } else if (!replace_text.empty() && replace_text != "0" && replace_text != "false") {
    return {400, Error(400, lang, Msg::kErrFieldNotBool, {"replace"})};
  }
  std::set<std::string> units;
  for (int u = 0; u < s.tree().size(); ++u) units.insert(s.tree().id(u));
  auto risks = store::ParseIcCsv(req.body, y, &units);
  if (!risks.ok()) {
    const Status& st = risks.status();
    ApiError e = Error(400, lang, Msg::kErrIcCsvRefused, {std::to_string(st.problems().size())});
    // nara's problems: the column's name is in `field` (`column` is a character position).
    e.problems = ProblemsJson(st, lang);
    return {400, e};
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto counts = ic_.Import(y, *risks, replace, by);
  if (!counts.ok()) {
    if (counts.status().message() == "register_exists") {
      return {409, Error(409, lang, Msg::kErrIcRegisterExists, {std::to_string(y)})};
    }
    return {500, Failure(counts.status())};
  }
  return {200, Dump({{"year", y}, {"risks", counts->risks}, {"controls", counts->controls}, {"results", counts->results}})};
}

StatusOr<std::unique_ptr<InternalControlStore>> MakeInternalControlStore(const std::string& db_path) {
  if (db_path.empty()) {
    NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::OpenInMemory());
    return std::make_unique<InternalControlStore>(std::move(ic));
  }
  NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::Open(db_path));
  return std::make_unique<InternalControlStore>(std::move(ic));
}

}  // namespace nara::serve
