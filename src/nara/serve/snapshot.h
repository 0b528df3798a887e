// One data version as the API serves it (api.h): the configuration, the data and
// the follow-up built over them, and the bodies already answered from them. Built
// whole by BuildSnapshot and then only read (the cache has its own mutex), so requests
// share it through a shared_ptr while a new one is built.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "nara/base/status.h"
#include "nara/follow/follow_up.h"
#include "nara/serve/api.h"
#include "nara/serve/api_error.h"
#include "nara/serve/backend.h"
#include "nara/serve/etag.h"

namespace nara::serve::api {

// A 200 body kept for the answers to come (the snapshot's cache, the OpenAPI
// document) with its ETag, so neither is made again.
struct Kept {
  std::shared_ptr<const std::string> bytes;
  std::string etag;
};

// Everything one data version serves.
struct Snapshot {
  Loaded loaded;
  std::unique_ptr<follow::FollowUp> follow;
  int64_t version = 0;
  std::string loaded_at;
  int first_year = 0;
  int last_year = 0;
  std::string data_through;  // the last month with any data, or empty
  int administration = -1;   // the default unit
  std::vector<std::string> perspectives;

  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, Kept> cache;  // answered bodies
  mutable size_t cache_bytes = 0;                       // their keys and bodies

  const model::OrgTree& tree() const { return loaded.extract.tree; }
  const model::Config& config() const { return loaded.config; }
};

// The store's configuration version the snapshot was computed with; null for a folder.
json ConfigVersionJson(const Snapshot& s);

inline model::Period MonthPeriod(Month m) { return model::Period::MakeMonth(YearOf(m), MonthOf(m)); }

// The plan in force in `year`: the latest plan year not after it; null when none is.
const model::Plan* PlanFor(const model::Config& config, int year);

// Loads the backend's data and computes the follow-up over the years served (from
// `options`, else the plans') as data version `version`.
StatusOr<std::shared_ptr<Snapshot>> BuildSnapshot(Backend& backend, const ServerOptions& options,
                                                  int64_t version);

// What a handler answers: the JSON body of a 200 (made now, or one kept in the
// snapshot's cache) or an ApiError.
using Result = std::variant<std::string, Kept, ApiError>;

// What the answered bodies of one data version may hold, keys and bodies: when one
// more would go over, the cache starts again empty (distinct parameters — dates, units,
// periods — cannot grow the server's memory without bound).
inline constexpr size_t kCacheBytes = size_t{256} << 20;

// Returns the cached body for `key` or computes, stores and returns it.
template <typename F>
Result Cached(const Snapshot& s, const std::string& key, F compute) {
  {
    std::lock_guard<std::mutex> lock(s.cache_mutex);
    auto it = s.cache.find(key);
    if (it != s.cache.end()) return it->second;
  }
  Result r = compute();
  if (std::string* body = std::get_if<std::string>(&r)) {
    std::string etag = BodyETag(*body);
    Kept kept{std::make_shared<const std::string>(std::move(*body)), std::move(etag)};
    const size_t bytes = key.size() + kept.bytes->size();
    std::lock_guard<std::mutex> lock(s.cache_mutex);
    if (s.cache_bytes + bytes > kCacheBytes) {
      s.cache.clear();
      s.cache_bytes = 0;
    }
    auto [it, inserted] = s.cache.emplace(key, std::move(kept));
    if (inserted) s.cache_bytes += bytes;
    return it->second;
  }
  return r;
}

}  // namespace nara::serve::api
