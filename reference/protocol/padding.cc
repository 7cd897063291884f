// Bucketed padding (PROTO-HARD-06).
#include "protocol/padding.h"

#include <algorithm>

namespace e2e::proto {
namespace {

constexpr uint8_t kMarker = 0x80;

bool is_bucket(size_t n) {
  return std::find(std::begin(kPaddingBuckets), std::end(kPaddingBuckets), n) !=
         std::end(kPaddingBuckets);
}

}  // namespace

//= docs/PROTOCOL.md#8.3
//# pad(x) = x || 0x80 || 0x00* up to the smallest bucket of 256, 1024, 4096, 16384,
//# 65536 bytes that holds len(x) + 1; a payload too large for the last bucket is
//# refused with E2E_ERR_LIMIT at send time.
Result<SecretBytes> pad(ByteView x) {
  size_t bucket = 0;
  for (size_t b : kPaddingBuckets) {
    if (x.size() < b) {  // x.size() + 1 <= b, without overflow
      bucket = b;
      break;
    }
  }
  if (bucket == 0) return make_error(Errc::kLimitExceeded, "payload too large for the largest padding bucket");
  SecretBytes out(bucket);  // zero-filled
  std::copy(x.begin(), x.end(), out.mutable_data());
  out.mutable_data()[x.size()] = kMarker;
  return out;
}

//= docs/PROTOCOL.md#8.3
//# Unpad strips trailing zeros and one 0x80; anything else is E2E_ERR_DECODE.
Result<SecretBytes> unpad(ByteView padded) {
  if (!is_bucket(padded.size())) return make_error(Errc::kDecodeError, "padding: not a bucket size");
  size_t end = padded.size();
  while (end > 0 && padded[end - 1] == 0x00) --end;
  if (end == 0 || padded[end - 1] != kMarker) return make_error(Errc::kDecodeError, "padding: no 0x80 marker");
  return SecretBytes(padded.first(end - 1));
}

}  // namespace e2e::proto
