// libFuzzer target for what nara serve reads from the network, as the server reads it:
// the request head through Boost.Beast's parser and nara's conversion of it into a
// Request (version, target, percent-decoded path and query string, limits, Expect,
// Transfer-Encoding and Content-Length), then a multipart/form-data body split at the
// boundary its Content-Type names. None may crash, hang or read outside the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nara/serve/http_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nara::serve::http::Request request;
  nara::serve::http::HeadResult head = nara::serve::http::ParseHead(bytes, 4096, &request);
  if (head.kind == nara::serve::http::HeadResult::Kind::kComplete) {
    if (head.consumed > bytes.size()) __builtin_trap();
    if (request.path.empty() || (request.minor_version != 0 && request.minor_version != 1)) __builtin_trap();
    std::string boundary = nara::serve::http::MultipartBoundary(request.Header("Content-Type"));
    if (!boundary.empty()) {
      auto parts = nara::serve::http::ParseMultipart(bytes.substr(head.consumed), boundary);
      (void)parts;
    }
    (void)nara::serve::http::AcceptsGzip(request.Header("Accept-Encoding"));
  }
  return 0;
}
