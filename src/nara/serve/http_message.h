// HTTP/1.1 messages as nara's server reads and writes them: the request head (read by
// Boost.Beast's parser, then turned into nara's Request: path and query decoded, the
// limits and refusals below), query strings and multipart/form-data bodies (uploads,
// read whole or as they come), gzip, and the response head. Functions over bytes — no
// sockets — so they are tested and fuzzed on their own (http_message_test.cc,
// fuzz/http_request_fuzz.cc); http_server.h runs them on connections. The one piece of
// OS access here is TempFile, the private file a large body is kept in instead of
// memory (an upload of up to 1 GB).
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

class TempFile;

struct Request {
  std::string method;  // as sent: "GET", "POST", …
  std::string target;  // as sent: "/api/scorecard?year=2024"
  std::string path;    // the target's path, percent-decoded: "/api/scorecard"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<Field> headers;
  std::string body;  // empty when the body is in body_file
  // The body, when the server was told to keep it in a file (http::ServerOptions::
  // body_to_file): that file, complete. It belongs to the request: it is removed when
  // the last copy of the request is gone.
  std::shared_ptr<const TempFile> body_file;
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

// A file of its own for a request body or what is made of one (an upload's file part):
// new (mkstemp: created with O_EXCL, so nothing already there is used) and private
// (mode 0600) in a given folder, removed when destroyed. Written by appending, read at
// any offset; the bytes go through the kernel, never mapped into memory.
class TempFile {
 public:
  // Creates `<dir>/<prefix>XXXXXX`. IoError naming the folder when it cannot.
  static StatusOr<std::unique_ptr<TempFile>> Create(const std::string& dir, std::string_view prefix);
  // Closes and removes the file.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  // The bytes appended so far.
  uint64_t size() const { return size_; }
  // Appends `bytes` at the end. IoError (a full disk, …) naming the file.
  Status Append(std::string_view bytes);
  // Reads up to `n` bytes from `offset` into `out`; returns how many, 0 at the end.
  // IoError naming the file.
  StatusOr<size_t> ReadAt(uint64_t offset, char* out, size_t n) const;

 private:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
  uint64_t size_ = 0;
};

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
// missing first or closing boundary, a part without a head or without a name, or a
// part's head longer than kMaxPartHead. Bytes after the closing boundary are ignored.
StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// The longest head (its header lines) a part may have: the only part of a body a
// MultipartReader holds whole.
constexpr size_t kMaxPartHead = 64 * 1024;

// Where a MultipartReader hands the parts it finds. An error returned ends the reading
// with that error.
class MultipartSink {
 public:
  virtual ~MultipartSink() = default;
  // A part begins: its name (never empty), filename and content_type; content empty.
  virtual Status BeginPart(const FormPart& part) = 0;
  // The next piece of the part's content (not empty; pieces may be of any size).
  virtual Status PartContent(std::string_view piece) = 0;
  // The part's content is complete.
  virtual Status EndPart() = 0;
};

// Reads a multipart/form-data body as it comes, in pieces split anywhere, by
// ParseMultipart's rules and with its errors (ParseMultipart is this reader fed the
// whole body), without holding the body: it keeps a part's head (at most kMaxPartHead
// bytes) or less than a boundary's length of content, and hands each part's content
// on in pieces as soon as they are known not to be the boundary. A part without a name
// is an error only at its end, as in ParseMultipart; the sink does not see it.
class MultipartReader {
 public:
  // `sink` outlives the reader.
  MultipartReader(std::string_view boundary, MultipartSink* sink);
  // The next bytes of the body. Fails, saying why, or with the sink's error; once it
  // has failed every later call returns the same error. Bytes after the closing
  // boundary are ignored.
  Status Feed(std::string_view bytes);
  // The body has ended: fails when it ended before its closing boundary (or earlier).
  Status Finish();

 private:
  enum class State { kStart, kPreamble, kAfterBoundary, kPadding, kHeadStart, kHead, kContent, kDone };
  // Reads what it can of `data` (the held bytes and the new ones); `last`: no more
  // will come. Returns how many bytes it is done with; sets error_ on a failure.
  size_t Process(std::string_view data, bool last);
  Status Fail(std::string message);

  MultipartSink* sink_;
  std::string dash_;       // "--" boundary
  std::string delimiter_;  // CRLF "--" boundary
  State state_ = State::kStart;
  std::string held_;         // bytes not yet done with
  size_t head_scanned_ = 0;  // bytes of a head in held_ already searched for its end
  bool named_ = false;       // the current part has a name (the sink sees it)
  Status error_;
};

// Reads the multipart body kept in `file` through a MultipartReader, `chunk` bytes at a
// time (held in memory once), handing the parts to `sink`: the errors of
// ParseMultipart, the sink's, or an IoError when the file cannot be read.
Status ReadMultipartFile(const TempFile& file, std::string_view boundary, MultipartSink* sink,
                         size_t chunk = 64 * 1024);

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
