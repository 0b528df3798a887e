// Entity tags and conditional GETs (RFC 9110 §8.8.3, §13.1.2) for the API's answers
// and the pages: an answer carries an ETag made from its body, and a GET whose
// If-None-Match names it gets 304 Not Modified without a body. The tags are weak
// (W/"…"): the same answer is sent gzip-compressed or not, and weak comparison is
// what If-None-Match uses anyway.
#pragma once

#include <string>
#include <string_view>

#include "nara/serve/http_message.h"

namespace nara::serve {

// W/"<length>-<64-bit FNV-1a of the bytes>", both in hex: a new body, a new tag.
std::string BodyETag(std::string_view bytes);

// Whether an If-None-Match value ("*", or a comma-separated list of tags, weak or
// strong) names `etag`, comparing weakly (W/ is ignored on both sides).
bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag);

// Answers a GET whose 200 (a body of `content_type`) has an ETag the request's
// If-None-Match already names: 304 Not Modified without a body. The headers set so far
// (ETag, Cache-Control) stay, and Vary: Accept-Encoding is added when the 200 would
// have it (a compressible type).
void NotModified(http::Response& res, std::string_view content_type);

}  // namespace nara::serve
