// HMAC-SHA256 over OpenSSL's EVP_MAC, with a constant-time verifier.
#pragma once

#include <cstddef>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e::crypto {

constexpr size_t kHmacSha256Len = 32;

// hmac_sha256 returns the full 32-byte tag. Any key length is allowed
// (including empty), as RFC 2104 allows.
Result<Bytes> hmac_sha256(ByteView key, ByteView msg);

// hmac_sha256_verify checks |tag| against the first |tag_len| bytes of the
// HMAC. |tag| must be exactly |tag_len| long: a shorter tag is never compared
// on its own bytes only. Mismatch or wrong length: kAuthFailed. tag_len of 0 or
// above 32: kInvalidArgument. The comparison is ct::equal.
Result<void> hmac_sha256_verify(ByteView key, ByteView msg, ByteView tag,
                                size_t tag_len = kHmacSha256Len);

}  // namespace e2e::crypto
