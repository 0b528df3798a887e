// Status and StatusOr: nara's way of reporting expected failures (bad input, I/O,
// SQL) as values. Callers return early with NARA_RETURN_IF_ERROR; the CLI and the
// HTTP server each map a Status to an exit code or HTTP status in one place.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace nara {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a bad parameter from the user (unknown unit, bad period)
  kDataError,        // an input file or configuration breaks the contract
  kNotFound,
  kIoError,
  kInternal,
};

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

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
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
