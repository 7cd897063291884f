// Strict text encodings of bytes: lowercase hex and unpadded base64url.
// Decoders accept exactly one spelling per byte string, so an encoded field
// can be compared, hashed or signed as text without ambiguity.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e {

// hex_encode writes lowercase hex.
std::string hex_encode(ByteView in);
// hex_decode accepts an even number of [0-9a-fA-F]; "" decodes to no bytes.
// Fails with kDecodeError naming the offending position.
Result<Bytes> hex_decode(std::string_view in);

// base64url_encode writes RFC 4648 §5 base64url without '=' padding.
std::string base64url_encode(ByteView in);
// base64url_decode is the strict inverse of base64url_encode: it rejects
// padding, whitespace, characters outside [A-Za-z0-9_-], a length of 1 mod 4,
// and non-zero unused bits in the last character (non-canonical encodings).
// Fails with kDecodeError.
Result<Bytes> base64url_decode(std::string_view in);

}  // namespace e2e
