// Status and StatusOr: nara's way of reporting expected failures (bad input, I/O,
// SQL) as values. Callers return early with NARA_RETURN_IF_ERROR; the CLI and the
// HTTP server each map a Status to an exit code or HTTP status in one place.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nara/base/messages.h"

namespace nara {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a bad parameter from the user (unknown unit, bad period)
  kDataError,        // an input file or configuration breaks the contract
  kNotFound,
  kIoError,
  kInternal,
};

// A problem with an input file as a value: what (a message of the catalogue and its
// arguments) and where (file, physical line, and the field's column name and
// position, or a character column when the problem is not in one field). The edge
// renders it in the reader's language (RenderProblem); nothing parses it back.
struct Problem {
  Msg code = Msg::kCount_;
  std::vector<std::string> args;
  std::string file;     // empty: about the whole task (an import), no place
  int line = 0;         // 1-based; 0: the file as a whole
  int column = 0;       // 1-based character position, when no field is named
  std::string field;    // the column (header name) the problem is in
  int field_index = 0;  // its 1-based position in the record

  std::string ToString(Lang lang = Lang::kEn) const;  // RenderProblem
};

// "visits.csv:12: column 'date' (field 4): no such date '2024-02-30'", in `lang`.
std::string RenderProblem(const Problem& problem, Lang lang);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  // A data error made of problems (in file order); `more` were found beyond them. The
  // message is their English rendering, one per line.
  static Status Problems(std::vector<Problem> problems, size_t more = 0);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The problems of a Problems status (empty otherwise), and how many more there were.
  const std::vector<Problem>& problems() const;
  size_t more_problems() const { return detail_ ? detail_->more : 0; }

 private:
  struct Detail {
    std::vector<Problem> problems;
    size_t more = 0;
  };
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const Detail> detail_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT
  StatusOr(T value) : value_(std::move(value)) {}                                   // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace nara

#define NARA_CONCAT_INNER(a, b) a##b
#define NARA_CONCAT(a, b) NARA_CONCAT_INNER(a, b)

#define NARA_RETURN_IF_ERROR(expr)          \
  do {                                      \
    ::nara::Status nara_status_ = (expr);   \
    if (!nara_status_.ok()) return nara_status_; \
  } while (0)

#define NARA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

// NARA_ASSIGN_OR_RETURN(auto x, Foo()); declares x from a StatusOr or returns its error.
#define NARA_ASSIGN_OR_RETURN(lhs, expr) \
  NARA_ASSIGN_OR_RETURN_IMPL(NARA_CONCAT(nara_statusor_, __LINE__), lhs, expr)
