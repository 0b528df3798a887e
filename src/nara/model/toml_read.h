// Small pieces every reader of nara's TOML configuration files shares (economy.toml,
// what-if models, report.toml, scenarios): where a value stands, an error naming that
// place, and a number whether written whole or with decimals. Included by .cc files
// only: it brings toml++ with it.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "nara/base/status.h"

namespace nara::model {

// "file:line:column" of a value.
inline std::string TomlPlace(const std::string& path, const toml::source_region& at) {
  return path + ":" + std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column);
}

// A kDataError "file:line:column: what" about the value `at`.
inline Status TomlError(const std::string& path, const toml::node& at, const std::string& what) {
  return Status::DataError(TomlPlace(path, at.source()) + ": " + what);
}

// A whole or decimal number, or nothing (also for a missing value).
inline std::optional<double> TomlNumber(const toml::node* node) {
  if (node == nullptr) return std::nullopt;
  if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node->as_floating_point()) return f->get();
  return std::nullopt;
}

}  // namespace nara::model
