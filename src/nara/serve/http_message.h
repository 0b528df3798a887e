// HTTP/1.1 messages as nara's server reads and writes them: the request head (read by
// Boost.Beast's parser, then turned into nara's Request: path and query decoded, the
// limits and refusals below), query strings and multipart/form-data bodies (uploads),
// gzip, and the response head. Pure functions over bytes — no sockets — so they are
// tested and fuzzed on their own (http_message_test.cc, fuzz/http_request_fuzz.cc);
// http_server.h runs them on connections.
//
// What is read (RFC 9112): a request line `METHOD target HTTP/1.0|1.1`, header fields,
// and a body of Content-Length bytes. A chunked request body is refused with 411 (the
// pages and curl -F send a length); other transfer codings are 501; bad tokens, bad
// line ends, bad percent-escapes and bad or conflicting lengths are 400s (obsolete
// line folding is read as spaces, as RFC 9112 §5.2 allows); a head over the limit, or
// with more than 100 fields, is 431; any other protocol version 505.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nara/base/status.h"

namespace nara::serve::http {

struct Field {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  // as sent: "GET", "POST", …
  std::string target;  // as sent: "/api/scorecard?year=2024"
  std::string path;    // the target's path, percent-decoded: "/api/scorecard"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<Field> headers;
  std::string body;
  int minor_version = 1;   // HTTP/1.x
  bool keep_alive = true;  // from the version and Connection
  bool expect_continue = false;
  size_t content_length = 0;
  // Filled by the server, not the parser: the peer's IP address as text ("127.0.0.1",
  // "::1"; a proxy's when there is one in front), and whether the request came over TLS.
  std::string remote_address;
  bool tls = false;

  // The first header of that name (case-insensitive), or empty.
  std::string_view Header(std::string_view name) const;
  bool HasParam(std::string_view name) const;
  // The first value of the query parameter, or empty.
  std::string Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type;
  // Shared, so that a body cached by the API (or a page file) is neither copied nor
  // compressed again for each request: see `stable`.
  std::shared_ptr<const std::string> body;
  // The body is kept unchanged as long as someone holds it: its compressed form may be
  // cached against it. Set for cached API answers and page files.
  bool stable = false;
  std::vector<Field> headers;  // extra ones (Cache-Control, Allow, …)

  void SetBody(std::string bytes, std::string type);
  void SetStableBody(std::shared_ptr<const std::string> bytes, std::string type);
  void SetHeader(std::string name, std::string value);
};

// The outcome of reading a request head from the start of a buffer.
struct HeadResult {
  enum class Kind { kIncomplete, kComplete, kError };
  Kind kind = Kind::kIncomplete;
  size_t consumed = 0;  // kComplete: bytes of the head, its blank line included
  int status = 0;       // kError: 400, 411, 417, 431, 501 or 505
  std::string message;  // kError: what was wrong, for the answer
};

// Reads the head of one request at the start of `buffer` (Beast's request parser)
// into *out (method, target, path, query, headers, minor_version, keep_alive,
// expect_continue, content_length; the body is left alone). Empty lines before the
// request line are skipped and counted in `consumed`. kIncomplete while the blank
// line has not arrived and the buffer is within `max_head` bytes; kError (431) when it
// is over. Each call parses from the start: call it when a blank line has arrived.
HeadResult ParseHead(std::string_view buffer, size_t max_head, Request* out);

// Percent-decoding; with `plus_is_space` (query strings) '+' is a space. Fails on a
// '%' not followed by two hex digits and on a decoded NUL.
StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// `a=1&b=x%20y&c` into {{"a","1"},{"b","x y"},{"c",""}}.
StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view text);

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;  // empty when the part is not a file
  std::string content_type;
  std::string content;
};

// The boundary of a `multipart/form-data; boundary=…` Content-Type, or empty when
// the type is not that or names no boundary.
std::string MultipartBoundary(std::string_view content_type);

// Splits a multipart/form-data body (RFC 7578) at `boundary`. Fails, saying why, on a
// missing first or closing boundary, a part without a head or without a name.
StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// Whether an Accept-Encoding value accepts gzip (a "gzip" or "*" token without q=0).
bool AcceptsGzip(std::string_view accept_encoding);
// Whether a body of this Content-Type is worth compressing (text, JSON, scripts, SVG).
bool Compressible(std::string_view content_type);
// `bytes` in the gzip format (RFC 1952), zlib's default level.
std::string Gzip(std::string_view bytes);

// "OK", "Not Found", …; "Unknown" for a status without a phrase here.
const char* ReasonPhrase(int status);

// The status line and headers of `r` with a body of `body_bytes` bytes, ended by the
// blank line: Date (when `date` is not empty), Content-Type, Content-Length (not for
// 1xx, 204 and 304, which have no body),
// Content-Encoding when `gzip`, Vary when the type is compressible, Connection: close
// unless `keep_alive`, then r.headers.
std::string ResponseHead(const Response& r, size_t body_bytes, bool gzip, bool keep_alive,
                         std::string_view date = {});

// An HTTP date (RFC 9110 IMF-fixdate) for seconds since 1970: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(int64_t unix_seconds);

}  // namespace nara::serve::http
