// Bucketed padding (PROTO-HARD-06): ISO/IEC 7816-4 style, x || 0x80 || 0x00*,
// to the smallest of 256, 1024, 4096, 16384, 65536 bytes that fits.
#pragma once

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::proto {

inline constexpr size_t kPaddingBuckets[] = {256, 1024, 4096, 16384, 65536};

// pad: kLimitExceeded when len(x) + 1 exceeds the largest bucket.
Result<SecretBytes> pad(ByteView x);
// unpad: kDecodeError unless the input is a bucket size ending in 0x80 0x00*.
Result<SecretBytes> unpad(ByteView padded);

}  // namespace e2e::proto
