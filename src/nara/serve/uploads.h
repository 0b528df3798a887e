// What the API's POSTs send (api.h), read and checked before anything is written: an
// analysis comment, an action or a goal assessment (JSON), a table to download as a
// workbook, and an uploaded CSV extract (multipart/form-data). Each is
// the value to store, or the 400 that says what is wrong with it.
#pragma once

#include <string>

#include "nara/export/xlsx.h"
#include "nara/serve/api_error.h"
#include "nara/serve/backend.h"
#include "nara/serve/comments.h"
#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"

namespace nara::serve::api {

// A POST /api/comments body: {subject_kind, subject_id, unit, period, text, author},
// every field a string (or missing or null: empty). The subject must exist, the period
// parse (it is kept in its canonical form) and end in a year served, a goal be one of
// the plan in force that year; text at most 20 000 bytes, author 200.
// The 400's message is in `lang`.
Parsed<Comment> ParseComment(const std::string& text, const Snapshot& s, Lang lang);

// A POST /api/actions body: {id (a whole number: the action to change; missing for a
// new one), subject_kind, subject_id, unit, period (the comment it belongs to, checked
// as for a comment; only for a new action), what (at most 2 000 bytes; empty removes
// an existing action), responsible (200), due (YYYY-MM-DD or empty), done (boolean)}.
Parsed<Action> ParseAction(const std::string& text, const Snapshot& s, Lang lang);

// A POST /api/assessments body: {goal_id, unit, period, status ("met", "near" or
// "not_met"), justification (at most 20 000 bytes), responsible (200)}; the goal and
// period checked as for a goal's comment. Whether a justification is needed (the
// status differs from the computed one) is for the caller, which computes it.
Parsed<Assessment> ParseAssessment(const std::string& text, const Snapshot& s, Lang lang);

// A POST /api/import body: multipart/form-data with `file` (its name kept, else
// "upload.csv"), and optionally `table`, `supersede` (a batch id) and `user` (else
// "web"), each of these three at most 4096 bytes. The body is read as it lies in the
// request's body file (http::Request::body_file), or in memory; the file part's content
// is copied, never held whole in memory, to a new private file (mode 0600) in the body
// file's folder (in memory: the system's temporary folder), which the Upload owns: it
// is removed when the last copy of the Upload is gone. 400 for a body that is not such
// a form, 500 when a file cannot be read or written.
Parsed<Upload> ParseUpload(const http::Request& req, Lang lang);

// A POST /api/xlsx body: a table of a page, as the workbook it downloads —
// {"name": file name, "sheet": sheet name, "header": [string …], "rows": [[number,
// string or null …] …]}. The file name keeps letters (å, ä, ö too), digits, '-', '_'
// and '.' (others become '-') and ends in .xlsx; an empty sheet name is "Tabell". 400 for another
// shape or a text longer than a cell holds (32 767 bytes), 413 for more than
// kMaxTableRows rows or kMaxTableColumns cells in a row.
inline constexpr size_t kMaxTableRows = 50'000;
inline constexpr size_t kMaxTableColumns = 200;
struct TableDownload {
  std::string file_name;
  exports::ExtraSheet sheet;
};
Parsed<TableDownload> ParseTableDownload(const std::string& text, Lang lang);

}  // namespace nara::serve::api
