#include "nara/base/status.h"

namespace nara {

std::string RenderProblem(const Problem& p, Lang lang) {
  std::string out = p.file;
  if (p.line > 0) {
    out += ":" + std::to_string(p.line);
    if (p.field.empty() && p.column > 0) out += ":" + std::to_string(p.column);
  }
  if (!out.empty()) out += ": ";
  if (!p.field.empty()) out += Say(lang, Msg::kWhereField, {p.field, std::to_string(p.field_index)}) + ": ";
  return out + Say(lang, p.code, p.args);
}

std::string Problem::ToString(Lang lang) const { return RenderProblem(*this, lang); }

Status Status::Problems(std::vector<Problem> problems, size_t more) {
  std::string message;
  for (const Problem& p : problems) message += (message.empty() ? "" : "\n") + RenderProblem(p, Lang::kEn);
  if (more > 0) message += "\n" + Say(Lang::kEn, Msg::kMoreProblems, {std::to_string(more)});
  Status s(StatusCode::kDataError, std::move(message));
  auto detail = std::make_shared<Detail>();
  detail->problems = std::move(problems);
  detail->more = more;
  s.detail_ = std::move(detail);
  return s;
}

const std::vector<Problem>& Status::problems() const {
  static const std::vector<Problem> kNone;
  return detail_ ? detail_->problems : kNone;
}

}  // namespace nara
