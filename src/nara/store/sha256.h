// SHA-256 of a byte string, as lower-case hex: how the store names the exact bytes of
// an imported file and of a stored configuration. libsodium's crypto_hash_sha256.
#pragma once

#include <string>
#include <string_view>

#include "nara/base/status.h"

namespace nara::store {

// 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// The same of the file at `path`, read in blocks (an extract is never held whole).
StatusOr<std::string> Sha256HexOfFile(const std::string& path);

}  // namespace nara::store
