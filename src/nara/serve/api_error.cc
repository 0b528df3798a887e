#include "nara/serve/api_error.h"

namespace nara::serve::api {

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

ApiError Bad(const Status& s) { return {HttpStatus(s), s.message(), nullptr}; }

}  // namespace nara::serve::api
