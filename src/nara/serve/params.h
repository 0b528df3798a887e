// The query parameters of the API's GETs (api.h), parsed against the snapshot in
// force: a value, or the 400 that says what is wrong with it in the reader's language.
#pragma once

#include <string>

#include "nara/base/messages.h"
#include "nara/model/period.h"
#include "nara/serve/api_error.h"
#include "nara/serve/comments.h"
#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"

namespace nara::serve::api {

// The scope of a data answer: plan year, period, unit, language.
struct Scope {
  int year = 0;
  model::Period period;
  int unit = -1;
  Lang lang = Lang::kSv;
};

// `lang`: sv (default) or en, the language of every text in the answer.
Parsed<Lang> ParseLangParam(const http::Request& req);

// The reader's language for an answer that has nothing else to check (an error, a
// change): the `lang` parameter when it is a language, else Swedish.
Lang LenientLang(const http::Request& req);

// A POST's body as a JSON object, or the 400 (body_not_json_object).
Parsed<json> BodyObject(const http::Request& req, Lang lang);

// A plan year served ("2024").
Parsed<int> ParseYear(const std::string& text, const Snapshot& s, Lang lang);

// A unit id; empty: `fallback`.
Parsed<int> ParseUnit(const std::string& id, const Snapshot& s, int fallback, Lang lang);

// year, period and unit, each optional: the period defaults to the whole year, the
// year to the period's year or the last year served, the unit to the administration.
Parsed<Scope> ParseScope(const http::Request& req, const Snapshot& s);

// The required `indicator`: its index in the catalogue.
Parsed<int> ParseIndicator(const http::Request& req, const Snapshot& s, Lang lang);

// The query of /api/comments, /api/comments/history and /api/assessments: subject_kind
// (indicator, goal or section), subject_id, unit (a known unit), period (kept in its
// canonical form), each optional, and `year`: a plan year served, for what was
// written for any period ending in it (an analysis travels across the year's periods).
struct CommentQuery {
  CommentFilter filter;
  int year = 0;  // 0: any
  Lang lang = Lang::kSv;
  // Whether what was written for `period` is asked for by `year`.
  bool InYear(const std::string& period) const;
};
Parsed<CommentQuery> ParseCommentQuery(const http::Request& req, const Snapshot& s);

}  // namespace nara::serve::api
