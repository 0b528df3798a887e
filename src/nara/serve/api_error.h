// The API's errors (api.h): what a handler answers instead of a body — the HTTP
// status and the message, in the reader's language when it comes from the message
// catalogue — and the views of a rejected upload's problems.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "nara/base/messages.h"
#include "nara/base/status.h"

namespace nara::serve::api {

using nlohmann::json;

// An answer that is not a success: the HTTP status and what to tell the caller.
struct ApiError {
  int status = 400;
  std::string message;
  json problems = nullptr;  // for uploads: [{file, line, column, message}]
  std::string code;         // the message's id (MessageCode), when it has one
};

// An error from the message catalogue, in the reader's language.
inline ApiError Error(int status, Lang lang, Msg id, std::initializer_list<std::string_view> args = {}) {
  return ApiError{status, Say(lang, id, args), nullptr, MessageCode(id)};
}

// A parameter parsed, or why it could not be.
template <typename T>
using Parsed = std::variant<T, ApiError>;

// Answers are UTF-8; bytes that are not (a file name sent with an upload, a bad
// parameter echoed in a message) are replaced by U+FFFD instead of failing the answer.
constexpr auto kInvalidUtf8 = json::error_handler_t::replace;

// A Status as an ApiError: 400, 404, 422 or 500 (HttpStatus) with its message.
ApiError Bad(const Status& s);

// The HTTP status of a failure: 400 invalid argument, 422 data error, 404 not found,
// else 500.
int HttpStatus(const Status& s);

// A rejected file's problems, each with its place and its message in `lang`; a
// failure that is no list of problems (an I/O error) is one problem without a place.
json ProblemsJson(const Status& status, Lang lang);

// The problems rendered whole, one per line, in `lang` (the error's message).
std::string ProblemsText(const Status& status, Lang lang);

}  // namespace nara::serve::api
