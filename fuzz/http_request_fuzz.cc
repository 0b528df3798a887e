// libFuzzer target for what nara serve reads from the network, as the server reads it:
// the request head through Boost.Beast's parser and nara's conversion of it into a
// Request (version, target, percent-decoded path and query string, limits, Expect,
// Transfer-Encoding and Content-Length), then a multipart/form-data body split at the
// boundary its Content-Type names, whole and as it comes in two pieces (split where
// the input says), which must give the same parts or the same error. None may crash,
// hang or read outside the input.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "nara/serve/http_message.h"

namespace {

using nara::Status;
using nara::serve::http::FormPart;

// The parts as the reader hands them on, put together.
class Collect : public nara::serve::http::MultipartSink {
 public:
  Status BeginPart(const FormPart& part) override {
    if (part.name.empty() || !part.content.empty()) __builtin_trap();
    parts.push_back(part);
    return Status::Ok();
  }
  Status PartContent(std::string_view piece) override {
    if (parts.empty() || piece.empty()) __builtin_trap();
    parts.back().content.append(piece);
    return Status::Ok();
  }
  Status EndPart() override { return Status::Ok(); }

  std::vector<FormPart> parts;
};

bool Same(const FormPart& a, const FormPart& b) {
  return a.name == b.name && a.filename == b.filename && a.content_type == b.content_type &&
         a.content == b.content;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nara::serve::http::Request request;
  nara::serve::http::HeadResult head = nara::serve::http::ParseHead(bytes, 4096, &request);
  if (head.kind == nara::serve::http::HeadResult::Kind::kComplete) {
    if (head.consumed > bytes.size()) __builtin_trap();
    if (request.path.empty() || (request.minor_version != 0 && request.minor_version != 1)) __builtin_trap();
    std::string boundary = nara::serve::http::MultipartBoundary(request.Header("Content-Type"));
    if (!boundary.empty()) {
      std::string_view body = bytes.substr(head.consumed);
      auto whole = nara::serve::http::ParseMultipart(body, boundary);
      size_t split = body.empty() ? 0 : static_cast<unsigned char>(body.back()) * body.size() / 256;
      Collect pieces;
      nara::serve::http::MultipartReader reader(boundary, &pieces);
      Status read = reader.Feed(body.substr(0, split));
      if (read.ok()) read = reader.Feed(body.substr(split));
      if (read.ok()) read = reader.Finish();
      if (whole.ok() != read.ok()) __builtin_trap();
      if (!read.ok() && whole.status().message() != read.message()) __builtin_trap();
      if (read.ok()) {
        if (whole->size() != pieces.parts.size()) __builtin_trap();
        for (size_t i = 0; i < whole->size(); ++i) {
          if (!Same((*whole)[i], pieces.parts[i])) __builtin_trap();
        }
      }
    }
    (void)nara::serve::http::AcceptsGzip(request.Header("Accept-Encoding"));
  }
  return 0;
}
