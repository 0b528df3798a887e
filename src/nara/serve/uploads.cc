#include "nara/serve/uploads.h"

#include <charconv>
#include <optional>
#include <utility>

#include "nara/serve/json_views.h"

namespace nara::serve::api {

Parsed<Comment> ParseComment(const std::string& text, const Snapshot& s) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
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
      return ApiError{400, "goal '" + c.subject_id + "' is not in the plan in force in " +
                               std::to_string(year) +
                               (plan ? " (the plan of " + std::to_string(plan->year) + ")" : std::string())};
    }
  }
  if (c.text.size() > 20000) return ApiError{400, "the text is longer than 20 000 bytes"};
  if (c.author.size() > 200) return ApiError{400, "the author is longer than 200 bytes"};
  return c;
}

Parsed<Upload> ParseUpload(const http::Request& req) {
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
  return up;
}

}  // namespace nara::serve::api
