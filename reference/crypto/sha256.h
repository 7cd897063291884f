// SHA-256 over OpenSSL EVP.
#pragma once

#include "common/bytes.h"

namespace e2e::crypto {

constexpr size_t kSha256Len = 32;

// sha256 returns the 32-byte digest of |data|. It cannot fail short of memory
// exhaustion inside OpenSSL, which aborts.
Bytes sha256(ByteView data);

}  // namespace e2e::crypto
