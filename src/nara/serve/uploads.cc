#include "nara/serve/uploads.h"

#include <charconv>
#include <optional>
#include <utility>

#include "nara/serve/json_views.h"

namespace nara::serve::api {

Parsed<Comment> ParseComment(const std::string& text, const Snapshot& s, Lang lang) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
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
    if (!v) return Error(400, lang, Msg::kErrFieldNotString, {key});
    *out = *v;
  }
  if (c.subject_kind != "indicator" && c.subject_kind != "goal") return Error(400, lang, Msg::kErrSubjectKind);
  if (c.subject_kind == "indicator" && s.config().FindIndicator(c.subject_id) == nullptr) {
    return Error(400, lang, Msg::kErrUnknownIndicator, {c.subject_id});
  }
  if (c.subject_kind == "goal" && !AnyPlanHasSubject(s.config(), c.subject_id)) {
    return Error(400, lang, Msg::kErrUnknownGoal, {c.subject_id});
  }
  if (c.unit_id.empty() || s.tree().Find(c.unit_id) < 0) return Error(400, lang, Msg::kErrUnknownUnit, {c.unit_id});
  auto p = model::ParsePeriod(c.period);
  if (!p.ok()) return Error(400, lang, Msg::kErrBadPeriod, {c.period});
  c.period = p->ToString();
  // As for the GET parameters: the period ends in a plan year served, and a goal is
  // one of the plan in force that year.
  int year = YearOf(p->last);
  if (year < s.first_year || year > s.last_year) {
    return Error(400, lang, Msg::kErrPeriodOutside,
                 {c.period, std::to_string(s.first_year), std::to_string(s.last_year)});
  }
  if (c.subject_kind == "goal") {
    const model::Plan* plan = PlanFor(s.config(), year);
    if (plan == nullptr) return Error(400, lang, Msg::kErrNoPlan, {std::to_string(year)});
    if (!PlanHasSubject(*plan, c.subject_id)) {
      return Error(400, lang, Msg::kErrGoalNotInPlan,
                   {c.subject_id, std::to_string(year), std::to_string(plan->year)});
    }
  }
  if (c.text.size() > 20000) return Error(400, lang, Msg::kErrTextTooLong, {FormatNumber(20000, 0, lang)});
  if (c.author.size() > 200) return Error(400, lang, Msg::kErrAuthorTooLong, {"200"});
  return c;
}

Parsed<Upload> ParseUpload(const http::Request& req, Lang lang) {
  std::string boundary = http::MultipartBoundary(req.Header("Content-Type"));
  if (boundary.empty()) return Error(400, lang, Msg::kErrUploadNoFile);
  auto parts = http::ParseMultipart(req.body, boundary);
  if (!parts.ok()) return Error(400, lang, Msg::kErrMultipart, {parts.status().message()});
  auto field = [&](const char* name) -> http::FormPart* {
    for (http::FormPart& p : *parts) {
      if (p.name == name) return &p;
    }
    return nullptr;
  };
  http::FormPart* file = field("file");
  if (file == nullptr) return Error(400, lang, Msg::kErrUploadNoFile);
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
        return Error(400, lang, Msg::kErrBadSupersede, {t});
      }
      up.supersede = id;
    }
  }
  http::FormPart* user = field("user");
  up.user = user ? user->content : std::string();
  if (up.user.empty()) up.user = "web";
  return up;
}

}  // namespace nara::serve::api
