#include "nara/store/sha256.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace nara::store {

namespace {

// sodium_init picks the fastest implementation for this CPU; it is idempotent and
// thread-safe, and fails only when the system has no source of randomness, which
// hashing does not need.
void Init() {
  static const int init = sodium_init();
  (void)init;
}

std::string Hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * sizeof digest, '0');
  for (size_t i = 0; i < sizeof digest; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return Hex(digest);
}

StatusOr<std::string> Sha256HexOfFile(const std::string& path) {
  Init();
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return Status::IoError(path + ": cannot open");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::unique_ptr<unsigned char[]> block(new unsigned char[1 << 20]);
  size_t n;
  while ((n = std::fread(block.get(), 1, 1 << 20, f.get())) > 0) crypto_hash_sha256_update(&state, block.get(), n);
  if (std::ferror(f.get())) return Status::IoError(path + ": cannot be read");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return Hex(digest);
}

}  // namespace nara::store
