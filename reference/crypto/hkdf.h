// HKDF-SHA256 (RFC 5869) over OpenSSL's EVP_KDF.
#pragma once

#include <cstddef>

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::crypto {

constexpr size_t kHkdfSha256MaxOutput = 255 * 32;

// hkdf_sha256 derives |out_len| bytes. An empty |salt| means HashLen zero
// bytes, as RFC 5869 §2.2 says. out_len of 0 or above kHkdfSha256MaxOutput:
// kInvalidArgument.
Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, size_t out_len);

// hkdf_sha256_extract returns the 32-byte PRK (same empty-salt rule).
Result<SecretBytes> hkdf_sha256_extract(ByteView ikm, ByteView salt);

// hkdf_sha256_expand expands a PRK of at least 32 bytes; limits as above.
Result<SecretBytes> hkdf_sha256_expand(ByteView prk, ByteView info, size_t out_len);

}  // namespace e2e::crypto
