#include "nara/serve/http_message.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "nara/base/text.h"

namespace nara::serve::http {
namespace {

constexpr size_t kMaxFields = 100;

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether the comma-separated `list` has `token` (case-insensitive).
bool HasToken(std::string_view list, std::string_view token) {
  for (std::string_view t : Split(list, ',')) {
    if (EqualsIgnoreCase(TrimOws(t), token)) return true;
  }
  return false;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

HeadResult Error(int status, std::string message) {
  HeadResult r;
  r.kind = HeadResult::Kind::kError;
  r.status = status;
  r.message = std::move(message);
  return r;
}

// The value of `name=` among the `;`-separated parameters of a header value (the part
// after its first `;`), unquoted; empty when absent.
std::string HeaderParam(std::string_view value, std::string_view name) {
  size_t semi = value.find(';');
  if (semi == std::string_view::npos) return {};
  std::string_view rest = value.substr(semi + 1);
  while (!rest.empty()) {
    rest = TrimOws(rest);
    size_t eq = rest.find('=');
    size_t next_semi = rest.find(';');
    if (eq == std::string_view::npos || (next_semi != std::string_view::npos && next_semi < eq)) {
      if (next_semi == std::string_view::npos) break;
      rest.remove_prefix(next_semi + 1);
      continue;
    }
    std::string_view key = TrimOws(rest.substr(0, eq));
    rest.remove_prefix(eq + 1);
    rest = TrimOws(rest);
    std::string val;
    if (!rest.empty() && rest.front() == '"') {
      size_t i = 1;
      // No backslash escapes: browsers percent-encode a quote in a file name (HTML's
      // form-data rules), and older ones send a Windows path whose backslashes are kept.
      for (; i < rest.size() && rest[i] != '"'; ++i) val += rest[i];
      rest.remove_prefix(std::min(rest.size(), i + 1));
      size_t s = rest.find(';');
      rest.remove_prefix(s == std::string_view::npos ? rest.size() : s + 1);
    } else {
      size_t s = rest.find(';');
      val = std::string(TrimOws(rest.substr(0, s)));
      rest.remove_prefix(s == std::string_view::npos ? rest.size() : s + 1);
    }
    if (EqualsIgnoreCase(key, name)) return val;
  }
  return {};
}

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const Field& f : headers) {
    if (EqualsIgnoreCase(f.name, name)) return f.value;
  }
  return {};
}

bool Request::HasParam(std::string_view name) const {
  return std::any_of(query.begin(), query.end(), [&](const auto& kv) { return kv.first == name; });
}

std::string Request::Param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return {};
}

void Response::SetBody(std::string bytes, std::string type) {
  body = std::make_shared<const std::string>(std::move(bytes));
  content_type = std::move(type);
  stable = false;
}

void Response::SetStableBody(std::shared_ptr<const std::string> bytes, std::string type) {
  body = std::move(bytes);
  content_type = std::move(type);
  stable = true;
}

void Response::SetHeader(std::string name, std::string value) {
  for (Field& f : headers) {
    if (EqualsIgnoreCase(f.name, name)) {
      f.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

namespace {

// The values of the header fields `name` in a raw head, joined with ", ": what a
// refused head is quoted with.
std::string RawFieldValues(std::string_view head, std::string_view name) {
  std::string values;
  for (std::string_view line : Split(head.substr(0, head.find("\r\n\r\n")), '\n')) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !EqualsIgnoreCase(TrimOws(line.substr(0, colon)), name)) continue;
    std::string_view value = TrimOws(line.substr(colon + 1));
    if (!value.empty() && value.back() == '\r') value.remove_suffix(1);
    if (!values.empty()) values += ", ";
    values += value;
  }
  return values;
}

// What a refused head is told, in nara's words rather than Beast's: which part of the
// head was wrong. `head` is the text the parser was given (for the values quoted).
HeadResult BeastError(const boost::system::error_code& ec, std::string_view head, size_t max_head) {
  namespace bh = boost::beast::http;
  if (ec == bh::error::header_limit) {
    return Error(431, "the request head is longer than " + std::to_string(max_head) + " bytes");
  }
  if (ec == bh::error::bad_content_length || ec == bh::error::multiple_content_length) {
    return Error(400, "the Content-Length '" + RawFieldValues(head, "Content-Length") +
                          "' is not one number of bytes");
  }
  if (ec == bh::error::bad_transfer_encoding) {
    // Beast refuses a chunked body that also has a Content-Length (request smuggling)
    // and codings it does not know; a chunked one is 411 here whichever it is.
    std::string codings = RawFieldValues(head, "Transfer-Encoding");
    if (HasToken(codings, "chunked")) {
      return Error(411, "a chunked request body is not read here; send it with a Content-Length");
    }
    return Error(501, "the transfer coding '" + codings + "' is not supported");
  }
  if (ec == bh::error::bad_method) return Error(400, "the request method is not a token");
  if (ec == bh::error::bad_target) return Error(400, "the request target is empty or has control characters");
  if (ec == bh::error::bad_version) {
    // Beast reads HTTP/1.x only; another well-formed version is 505, not a bad request.
    std::string_view line = head.substr(0, head.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view version = line.size() >= 8 ? line.substr(line.size() - 8) : std::string_view();
    if (version.substr(0, 5) == "HTTP/" && version[6] == '.' && version[5] >= '0' && version[5] <= '9' &&
        version[7] >= '0' && version[7] <= '9' && line[line.size() - 9] == ' ') {
      if (version == "HTTP/1.0" || version == "HTTP/1.1") {
        return Error(400, "a line of the request head does not end with CRLF");
      }
      return Error(505, "only HTTP/1.0 and HTTP/1.1 are served, not " + std::string(version));
    }
    return Error(400, "the request line does not end with an HTTP version");
  }
  if (ec == bh::error::bad_field) return Error(400, "a header line has no ':' or a name that is not a token");
  if (ec == bh::error::bad_value) return Error(400, "a header field has control characters");
  if (ec == bh::error::bad_line_ending)
    return Error(400, "a line of the request head does not end with CRLF");
  if (ec == bh::error::bad_obs_fold) return Error(400, "a folded header line is too long");
  return Error(400, "the request head is not HTTP/1.1: " + ec.message());
}

// The request target (origin form, or the absolute form a proxy sends) as path and
// query, decoded.
HeadResult ReadTarget(std::string_view target, Request* out) {
  if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
      })) {
    return Error(400, "the request target is empty or has control characters");
  }
  std::string origin(target);
  if (origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0) {
    size_t rest = origin.find_first_of("/?#", origin.find("//") + 2);  // after the authority
    origin = rest == std::string::npos ? "/"
             : origin[rest] == '/'     ? origin.substr(rest)
                                       : "/" + origin.substr(rest);
  }
  if (origin.front() != '/' && origin != "*") return Error(400, "the request target is not a path");
  size_t q = origin.find('?');
  std::string_view raw_path = std::string_view(origin).substr(0, q);
  size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  auto path = PercentDecode(raw_path, /*plus_is_space=*/false);
  if (!path.ok()) return Error(400, "the request path: " + path.status().message());
  out->target = std::string(target);
  out->path = std::move(*path);
  if (q != std::string_view::npos) {
    std::string_view query = std::string_view(origin).substr(q + 1);
    size_t qh = query.find('#');
    if (qh != std::string_view::npos) query = query.substr(0, qh);
    auto params = ParseQuery(query);
    if (!params.ok()) return Error(400, "the query string: " + params.status().message());
    out->query = std::move(*params);
  }
  HeadResult ok;
  ok.kind = HeadResult::Kind::kComplete;
  return ok;
}

}  // namespace

HeadResult ParseHead(std::string_view buffer, size_t max_head, Request* out) {
  namespace bh = boost::beast::http;
  // Empty lines before the request line are skipped (RFC 9112 §2.2) but count toward
  // the limit: an endless stream of them is no head.
  size_t start = 0;
  while (start < buffer.size() && start <= max_head && (buffer[start] == '\r' || buffer[start] == '\n'))
    ++start;
  if (start > max_head) {
    return Error(431, "the request head is longer than " + std::to_string(max_head) + " bytes");
  }
  if (start == buffer.size()) return {};
  std::string_view head = buffer.substr(start);
  bh::request_parser<bh::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(std::min<size_t>(max_head - start, UINT32_MAX)));
  parser.body_limit(boost::none);  // the server sets its own limits on the body
  parser.eager(false);             // the head only: the server reads the body itself
  boost::system::error_code ec;
  size_t used = parser.put(boost::asio::buffer(head.data(), head.size()), ec);
  if (ec == bh::error::need_more || (!ec && !parser.is_header_done())) {
    if (buffer.size() > max_head) {
      return Error(431, "the request head is longer than " + std::to_string(max_head) + " bytes");
    }
    return {};
  }
  if (ec) return BeastError(ec, head, max_head);

  *out = Request();
  const auto& message = parser.get();
  unsigned version = message.version();
  if (version / 10 != 1 || version % 10 > 1) {
    return Error(505, "only HTTP/1.0 and HTTP/1.1 are served, not HTTP/" + std::to_string(version / 10) +
                          "." + std::to_string(version % 10));
  }
  out->minor_version = static_cast<int>(version % 10);
  out->method = std::string(message.method_string());
  HeadResult target = ReadTarget(message.target(), out);
  if (target.kind == HeadResult::Kind::kError) return target;

  size_t fields = 0;
  for (const auto& field : message) {
    if (++fields > kMaxFields) {
      return Error(431, "the request has more than " + std::to_string(kMaxFields) + " header fields");
    }
    std::string_view name(field.name_string().data(), field.name_string().size());
    std::string_view value(field.value().data(), field.value().size());
    if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      // Beast lets a request through with a coding other than chunked, whose body
      // then has no length at all: refused here, as RFC 9112 §6.3 asks.
      if (HasToken(value, "chunked")) {
        return Error(411, "a chunked request body is not read here; send it with a Content-Length");
      }
      return Error(501, "the transfer coding '" + std::string(value) + "' is not supported");
    }
    if (EqualsIgnoreCase(name, "Expect")) {
      if (!EqualsIgnoreCase(value, "100-continue")) {
        return Error(417, "only 'Expect: 100-continue' is understood");
      }
      out->expect_continue = true;
    }
    out->headers.push_back({std::string(name), std::string(value)});
  }
  if (parser.chunked()) {
    return Error(411, "a chunked request body is not read here; send it with a Content-Length");
  }
  out->content_length = static_cast<size_t>(parser.content_length().value_or(0));
  std::string_view connection = out->Header("Connection");
  out->keep_alive =
      out->minor_version == 1 ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
  if (out->minor_version == 0) out->expect_continue = false;

  HeadResult r;
  r.kind = HeadResult::Kind::kComplete;
  r.consumed = start + used;
  return r;
}

StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return Status::Invalid("'%' is not followed by two hex digits");
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return Status::Invalid("a '%00' (NUL) in the text");
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string_view item : Split(text, '&')) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    NARA_ASSIGN_OR_RETURN(std::string key, PercentDecode(item.substr(0, eq), true));
    std::string value;
    if (eq != std::string_view::npos) {
      NARA_ASSIGN_OR_RETURN(value, PercentDecode(item.substr(eq + 1), true));
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

StatusOr<std::unique_ptr<TempFile>> TempFile::Create(const std::string& dir, std::string_view prefix) {
  std::string path = dir + "/" + std::string(prefix) + "XXXXXX";
  // mkostemp: O_CREAT | O_EXCL, mode 0600; a name of its own, never a file already there.
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot create a file in " + dir + ": " + std::strerror(errno));
  return std::unique_ptr<TempFile>(new TempFile(fd, std::move(path)));
}

TempFile::~TempFile() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

Status TempFile::Append(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(size_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::IoError("cannot write " + path_ + ": " + std::strerror(n < 0 ? errno : ENOSPC));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

StatusOr<size_t> TempFile::ReadAt(uint64_t offset, char* out, size_t n) const {
  while (true) {
    ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return Status::IoError("cannot read " + path_ + ": " + std::strerror(errno));
  }
}

std::string MultipartBoundary(std::string_view content_type) {
  std::string_view type = TrimOws(content_type.substr(0, content_type.find(';')));
  if (!EqualsIgnoreCase(type, "multipart/form-data")) return {};
  std::string b = HeaderParam(content_type, "boundary");
  if (b.size() > 200) return {};
  return b;
}

namespace {

// A part's name, file name and type from its head (the header lines before the blank
// line); lines without a ':' are skipped.
FormPart ReadPartHead(std::string_view head) {
  FormPart part;
  for (std::string_view line : Split(head, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = TrimOws(line.substr(0, colon));
    std::string_view value = TrimOws(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Content-Disposition")) {
      part.name = HeaderParam(value, "name");
      part.filename = HeaderParam(value, "filename");
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  return part;
}

// The parts whole, for ParseMultipart.
class CollectParts : public MultipartSink {
 public:
  Status BeginPart(const FormPart& part) override {
    parts.push_back(part);
    return Status::Ok();
  }
  Status PartContent(std::string_view piece) override {
    parts.back().content.append(piece);
    return Status::Ok();
  }
  Status EndPart() override { return Status::Ok(); }

  std::vector<FormPart> parts;
};

}  // namespace

StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  CollectParts parts;
  MultipartReader reader(boundary, &parts);
  NARA_RETURN_IF_ERROR(reader.Feed(body));
  NARA_RETURN_IF_ERROR(reader.Finish());
  return std::move(parts.parts);
}

MultipartReader::MultipartReader(std::string_view boundary, MultipartSink* sink)
    : sink_(sink), dash_("--" + std::string(boundary)), delimiter_("\r\n" + dash_) {
  if (boundary.empty()) (void)Fail("the multipart body has no boundary");
}

Status MultipartReader::Fail(std::string message) {
  error_ = Status::Invalid(std::move(message));
  return error_;
}

Status MultipartReader::Feed(std::string_view bytes) {
  if (!error_.ok() || state_ == State::kDone) return error_;
  size_t done;
  if (held_.empty()) {
    // Read straight from the caller's bytes; only what is left over is copied.
    done = Process(bytes, /*last=*/false);
    if (error_.ok()) held_.assign(bytes.substr(done));
  } else {
    held_.append(bytes);
    done = Process(held_, /*last=*/false);
    if (error_.ok()) held_.erase(0, done);
  }
  return error_;
}

Status MultipartReader::Finish() {
  if (!error_.ok() || state_ == State::kDone) return error_;
  std::string rest = std::move(held_);
  held_.clear();
  Process(rest, /*last=*/true);
  return error_;
}

// The states follow ParseMultipart's reading of a whole body: what it would decide
// looking ahead a few bytes, this decides once those bytes have come (or the body has
// ended: `last`). Content is handed on but for its last delimiter_.size() - 1 bytes,
// which may be the start of the boundary.
size_t MultipartReader::Process(std::string_view data, bool last) {
  size_t at = 0;
  auto rest = [&] { return data.substr(at); };
  auto starts = [&](std::string_view prefix) { return rest().substr(0, prefix.size()) == prefix; };
  while (error_.ok()) {
    switch (state_) {
      case State::kStart:
        // The first boundary: at the very start, or after a preamble ending with CRLF.
        if (rest().size() < dash_.size() && !last) return at;
        if (starts(dash_)) {
          at += dash_.size();
          state_ = State::kAfterBoundary;
        } else {
          state_ = State::kPreamble;
        }
        break;
      case State::kPreamble: {
        size_t found = rest().find(delimiter_);
        if (found != std::string_view::npos) {
          at += found + delimiter_.size();
          state_ = State::kAfterBoundary;
          break;
        }
        if (last) {
          (void)Fail("the multipart body does not start with its boundary");
          return at;
        }
        if (rest().size() >= delimiter_.size()) at = data.size() - (delimiter_.size() - 1);
        return at;
      }
      case State::kAfterBoundary:
        if (rest().size() < 2 && !last) return at;
        if (starts("--")) {  // the closing boundary; what follows is the epilogue
          state_ = State::kDone;
          return data.size();
        }
        state_ = State::kPadding;
        break;
      case State::kPadding:
        while (at < data.size() && (data[at] == ' ' || data[at] == '\t')) ++at;  // transport padding
        if (rest().size() < 2 && !last) return at;
        if (!starts("\r\n")) {
          (void)Fail("a multipart boundary is not followed by a line end");
          return at;
        }
        at += 2;
        state_ = State::kHeadStart;
        break;
      case State::kHeadStart:
        if (rest().size() < 2 && !last) return at;
        if (starts("\r\n")) {  // a part without header fields, so without a name
          at += 2;
          named_ = false;
          state_ = State::kContent;
        } else {
          head_scanned_ = 0;
          state_ = State::kHead;
        }
        break;
      case State::kHead: {
        // The head runs to the first blank line; searched again only where it may end.
        size_t from = head_scanned_ > 3 ? head_scanned_ - 3 : 0;
        size_t end = rest().find("\r\n\r\n", from);
        if (end == std::string_view::npos || end > kMaxPartHead) {
          if (rest().size() >= kMaxPartHead + 4) {
            (void)Fail("a multipart part's head is longer than " + std::to_string(kMaxPartHead) + " bytes");
          } else if (last) {
            (void)Fail("a multipart part has no end of its head");
          }
          head_scanned_ = rest().size();
          return at;
        }
        FormPart part = ReadPartHead(rest().substr(0, end));
        at += end + 4;
        named_ = !part.name.empty();
        if (named_) error_ = sink_->BeginPart(part);
        state_ = State::kContent;
        break;
      }
      case State::kContent: {
        size_t found = rest().find(delimiter_);
        if (found == std::string_view::npos) {
          if (last) {
            (void)Fail("the multipart body ends before its closing boundary");
            return at;
          }
          // All but what may be the start of the boundary.
          size_t keep = delimiter_.size() - 1;
          if (rest().size() > keep) {
            size_t piece = rest().size() - keep;
            if (named_) error_ = sink_->PartContent(rest().substr(0, piece));
            at += piece;
          }
          return at;
        }
        if (!named_) {
          (void)Fail("a multipart part has no name in its Content-Disposition");
          return at;
        }
        if (found > 0) error_ = sink_->PartContent(rest().substr(0, found));
        if (error_.ok()) error_ = sink_->EndPart();
        at += found + delimiter_.size();
        state_ = State::kAfterBoundary;
        break;
      }
      case State::kDone:
        return data.size();
    }
  }
  return at;
}

Status ReadMultipartFile(const TempFile& file, std::string_view boundary, MultipartSink* sink, size_t chunk) {
  MultipartReader reader(boundary, sink);
  std::string buffer(std::max<size_t>(chunk, 1), '\0');
  for (uint64_t offset = 0;;) {
    NARA_ASSIGN_OR_RETURN(size_t n, file.ReadAt(offset, buffer.data(), buffer.size()));
    if (n == 0) break;
    offset += n;
    NARA_RETURN_IF_ERROR(reader.Feed(std::string_view(buffer.data(), n)));
  }
  return reader.Finish();
}

bool AcceptsGzip(std::string_view accept_encoding) {
  for (std::string_view item : Split(accept_encoding, ',')) {
    std::string_view coding = TrimOws(item.substr(0, item.find(';')));
    if (!EqualsIgnoreCase(coding, "gzip") && coding != "*") continue;
    size_t semi = item.find(';');
    if (semi != std::string_view::npos) {
      std::string_view param = TrimOws(item.substr(semi + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        std::string_view qv = TrimOws(param.substr(2));
        if (!qv.empty() && std::all_of(qv.begin(), qv.end(), [](char c) { return c == '0' || c == '.'; })) {
          continue;  // q=0: not acceptable
        }
      }
    }
    return true;
  }
  return false;
}

bool Compressible(std::string_view content_type) {
  std::string_view type = TrimOws(content_type.substr(0, content_type.find(';')));
  return type.substr(0, 5) == "text/" || type == "application/json" || type == "application/javascript" ||
         type == "image/svg+xml" || type == "application/manifest+json";
}

std::string Gzip(std::string_view bytes) {
  z_stream z{};
  // 15 + 16: a gzip wrapper around deflate's largest window; memLevel 8 is zlib's default.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string HttpDate(int64_t unix_seconds) {
  static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun",
                                      "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  int64_t secs = unix_seconds - days * 86400;
  // Civil date from days since 1970 (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[((days % 7) + 7) % 7],
                static_cast<int>(day), kMonths[month - 1], static_cast<int>(year),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return out;
}

std::string ResponseHead(const Response& r, size_t body_bytes, bool gzip, bool keep_alive,
                         std::string_view date) {
  std::string h;
  h.reserve(256);
  h += "HTTP/1.1 ";
  h += std::to_string(r.status);
  h += ' ';
  h += ReasonPhrase(r.status);
  h += "\r\n";
  if (!date.empty()) {
    h += "Date: ";
    h += date;
    h += "\r\n";
  }
  if (!r.content_type.empty()) {
    h += "Content-Type: ";
    h += r.content_type;
    h += "\r\n";
  }
  // Not on answers that never have a body (RFC 9110 §8.6): 1xx, 204, 304.
  if (r.status >= 200 && r.status != 204 && r.status != 304) {
    h += "Content-Length: ";
    h += std::to_string(body_bytes);
    h += "\r\n";
  }
  if (gzip) h += "Content-Encoding: gzip\r\n";
  if (Compressible(r.content_type)) h += "Vary: Accept-Encoding\r\n";
  if (!keep_alive) h += "Connection: close\r\n";
  for (const Field& f : r.headers) {
    h += f.name;
    h += ": ";
    h += f.value;
    h += "\r\n";
  }
  h += "\r\n";
  return h;
}

}  // namespace nara::serve::http
