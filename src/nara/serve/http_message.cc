#include "nara/serve/http_message.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "nara/base/text.h"

namespace nara::serve::http {
namespace {

constexpr size_t kMaxFields = 100;

// RFC 9110 tchar: the characters of a method or a header name.
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(c); });
}

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

HeadResult ParseHead(std::string_view buffer, size_t max_head, Request* out) {
  size_t start = 0;
  while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) ++start;
  // The head ends at the first empty line: "\n\r\n" or "\n\n".
  size_t end = std::string_view::npos, blank = 0;
  for (size_t i = buffer.find('\n', start); i != std::string_view::npos; i = buffer.find('\n', i + 1)) {
    if (i + 1 < buffer.size() && buffer[i + 1] == '\n') {
      end = i + 2;
      blank = 1;
      break;
    }
    if (i + 2 < buffer.size() && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
      end = i + 3;
      blank = 2;
      break;
    }
    if (i > max_head) break;
  }
  // The empty lines before the request line count too: a stream of them is no head.
  if (end == std::string_view::npos) {
    if (buffer.size() > max_head) {
      return Error(431, "the request head is longer than " + std::to_string(max_head) + " bytes");
    }
    return {};
  }
  if (end > max_head) {
    return Error(431, "the request head is longer than " + std::to_string(max_head) + " bytes");
  }
  std::string_view head = buffer.substr(start, end - start - blank);
  *out = Request();

  std::vector<std::string_view> lines;
  for (std::string_view line : Split(head, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return Error(400, "the request has no request line");

  // METHOD SP target SP HTTP/1.x
  std::string_view line = lines[0];
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Error(400, "the request line is not 'METHOD target HTTP/1.1'");
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) return Error(400, "the request method is not a token");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      !(version[5] >= '0' && version[5] <= '9') || !(version[7] >= '0' && version[7] <= '9')) {
    return Error(400, "the request line does not end with an HTTP version");
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
    return Error(505, "only HTTP/1.0 and HTTP/1.1 are served, not " + std::string(version));
  }
  out->minor_version = version[7] - '0';
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
  out->method = std::string(method);
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

  if (lines.size() - 1 > kMaxFields) {
    return Error(431, "the request has more than " + std::to_string(kMaxFields) + " header fields");
  }
  bool has_length = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (l.empty()) return Error(400, "an empty line inside the request head");
    if (l.front() == ' ' || l.front() == '\t') return Error(400, "obsolete line folding in a header field");
    size_t colon = l.find(':');
    if (colon == std::string_view::npos) return Error(400, "a header line without ':'");
    std::string_view name = l.substr(0, colon);
    if (!IsToken(name)) return Error(400, "the header name '" + std::string(name) + "' is not a token");
    std::string_view value = TrimOws(l.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) {
          unsigned char u = static_cast<unsigned char>(c);
          return (u < 0x20 && u != '\t') || u == 0x7f;
        })) {
      return Error(400, "the header field " + std::string(name) + " has control characters");
    }
    if (EqualsIgnoreCase(name, "Content-Length")) {
      size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
          (has_length && n != out->content_length)) {
        return Error(400, "the Content-Length '" + std::string(value) + "' is not one number of bytes");
      }
      has_length = true;
      out->content_length = n;
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      if (HasToken(value, "chunked")) {
        return Error(411, "a chunked request body is not read here; send it with a Content-Length");
      }
      return Error(501, "the transfer coding '" + std::string(value) + "' is not supported");
    } else if (EqualsIgnoreCase(name, "Expect")) {
      if (!EqualsIgnoreCase(value, "100-continue")) {
        return Error(417, "only 'Expect: 100-continue' is understood");
      }
      out->expect_continue = true;
    }
    out->headers.push_back({std::string(name), std::string(value)});
  }
  std::string_view connection = out->Header("Connection");
  out->keep_alive =
      out->minor_version == 1 ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
  if (out->minor_version == 0) out->expect_continue = false;

  HeadResult r;
  r.kind = HeadResult::Kind::kComplete;
  r.consumed = end;
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

std::string MultipartBoundary(std::string_view content_type) {
  std::string_view type = TrimOws(content_type.substr(0, content_type.find(';')));
  if (!EqualsIgnoreCase(type, "multipart/form-data")) return {};
  std::string b = HeaderParam(content_type, "boundary");
  if (b.size() > 200) return {};
  return b;
}

StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  if (boundary.empty()) return Status::Invalid("the multipart body has no boundary");
  const std::string dash = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash;
  // The first boundary: at the very start, or after a preamble ending with CRLF.
  size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    size_t at = body.find(delimiter);
    if (at == std::string_view::npos)
      return Status::Invalid("the multipart body does not start with its boundary");
    pos = at + delimiter.size();
  }
  std::vector<FormPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;                               // the closing boundary
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;  // transport padding
    if (body.substr(pos, 2) != "\r\n")
      return Status::Invalid("a multipart boundary is not followed by a line end");
    pos += 2;
    size_t head_end = body.find("\r\n\r\n", pos);
    size_t content_start;
    std::string_view head;
    if (body.substr(pos, 2) == "\r\n") {  // a part without header fields
      head = {};
      content_start = pos + 2;
    } else {
      if (head_end == std::string_view::npos)
        return Status::Invalid("a multipart part has no end of its head");
      head = body.substr(pos, head_end - pos);
      content_start = head_end + 4;
    }
    size_t content_end = body.find(delimiter, content_start);
    if (content_end == std::string_view::npos) {
      return Status::Invalid("the multipart body ends before its closing boundary");
    }
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
    if (part.name.empty()) return Status::Invalid("a multipart part has no name in its Content-Disposition");
    part.content = std::string(body.substr(content_start, content_end - content_start));
    parts.push_back(std::move(part));
    pos = content_end + delimiter.size();
  }
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
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
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
  h += "Content-Length: ";
  h += std::to_string(body_bytes);
  h += "\r\n";
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
