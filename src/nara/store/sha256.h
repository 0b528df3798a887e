// SHA-256 of a byte string, as lower-case hex: how the store names the exact bytes of
// an imported file and of a stored configuration. libsodium's crypto_hash_sha256.
#pragma once

#include <string>
#include <string_view>

namespace nara::store {

// 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace nara::store
