// lp() and u64() of docs/PROTOCOL.md §5.
#include "protocol/wire_bytes.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace e2e::proto {

void append_lp(Bytes& out, ByteView data) {
  // Every input here is bounded by kMaxFrameBytes (256 KiB) long before it
  // could reach 2^32 bytes, so an oversized field is a programming error, not
  // an input error: stop rather than write a length that wraps around and
  // makes two different field lists encode alike.
  if (data.size() > std::numeric_limits<uint32_t>::max()) {
    std::fprintf(stderr, "e2eproof: append_lp: field of %zu bytes does not fit a 4-byte length\n",
                 data.size());
    std::abort();
  }
  const auto len = static_cast<uint32_t>(data.size());
  out.reserve(out.size() + 4 + data.size());
  out.push_back(static_cast<uint8_t>(len >> 24));
  out.push_back(static_cast<uint8_t>(len >> 16));
  out.push_back(static_cast<uint8_t>(len >> 8));
  out.push_back(static_cast<uint8_t>(len));
  out.insert(out.end(), data.begin(), data.end());
}

void append_u64(Bytes& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<uint8_t>(v >> shift));
  }
}

}  // namespace e2e::proto
