// AES key wrap: RFC 3394 (KW) and RFC 5649 (KWP, with padding).
// Key-encryption keys are 16, 24 or 32 bytes; anything else: kInvalidArgument.
#pragma once

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::crypto {

// aes_kw_wrap wraps |key_data|: a multiple of 8 bytes, at least 16 (RFC 3394
// §2). Otherwise kInvalidArgument; EVP would silently accept some of those.
Result<Bytes> aes_kw_wrap(ByteView kek, ByteView key_data);
// aes_kw_unwrap: any integrity failure or impossible length is kAuthFailed.
Result<SecretBytes> aes_kw_unwrap(ByteView kek, ByteView wrapped);

// aes_kwp_wrap wraps 1 .. 2^32-1 bytes; empty input is kInvalidArgument.
Result<Bytes> aes_kwp_wrap(ByteView kek, ByteView key_data);
// aes_kwp_unwrap: any integrity or padding failure is kAuthFailed.
Result<SecretBytes> aes_kwp_unwrap(ByteView kek, ByteView wrapped);

}  // namespace e2e::crypto
