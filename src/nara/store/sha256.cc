#include "nara/store/sha256.h"

#include <sodium.h>

#include <cstdlib>

namespace nara::store {

std::string Sha256Hex(std::string_view bytes) {
  // sodium_init picks the fastest implementation for this CPU; it is idempotent and
  // thread-safe, and fails only when the system has no source of randomness, which
  // hashing does not need.
  static const int init = sodium_init();
  (void)init;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * sizeof digest, '0');
  for (size_t i = 0; i < sizeof digest; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace nara::store
