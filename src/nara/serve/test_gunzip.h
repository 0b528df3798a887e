// For the serve tests: a gzip body back to its bytes, to check what the server sends.
#pragma once

#include <zlib.h>

#include <string>

namespace nara::serve::testing {

// The bytes `gz` holds (up to 4 MB), or "not gzip" when it is no whole gzip stream.
inline std::string Gunzip(const std::string& gz) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "not gzip";
  std::string out(1 << 22, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string("not gzip");
}

}  // namespace nara::serve::testing
