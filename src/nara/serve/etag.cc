#include "nara/serve/etag.h"

#include <cstdint>
#include <cstdio>
#include <memory>

namespace nara::serve {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view Opaque(std::string_view tag) {
  tag = Trim(tag);
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string BodyETag(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char out[64];
  std::snprintf(out, sizeof out, "W/\"%zx-%016llx\"", bytes.size(), static_cast<unsigned long long>(hash));
  return out;
}

bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag) {
  if (Trim(if_none_match) == "*") return true;
  const std::string_view wanted = Opaque(etag);
  while (!if_none_match.empty()) {
    // A tag's opaque part is quoted and holds no '"', so splitting at commas is safe
    // outside the quotes; a comma inside them does not occur in the tags made here.
    size_t comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    if (!Trim(tag).empty() && Opaque(tag) == wanted) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void NotModified(http::Response& res, std::string_view content_type) {
  res.status = 304;
  res.body = std::make_shared<const std::string>();
  res.content_type.clear();
  res.stable = false;
  if (http::Compressible(content_type)) res.SetHeader("Vary", "Accept-Encoding");
}

}  // namespace nara::serve
