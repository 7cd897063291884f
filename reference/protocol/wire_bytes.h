// lp() and u64() from docs/PROTOCOL.md §5: the unambiguous byte strings that
// AADs and signed messages are built from.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/bytes.h"

namespace e2e::proto {

// append_lp appends a 4-byte big-endian length and then |data|.
void append_lp(Bytes& out, ByteView data);
inline void append_lp(Bytes& out, std::string_view s) { append_lp(out, as_bytes(s)); }
// append_u64 appends |v| as 8 bytes big-endian.
void append_u64(Bytes& out, uint64_t v);
// append_raw appends |data| with no length (fixed-size fields and labels).
// resize + memcpy rather than insert: GCC 12 at -O2 reports a false
// stringop-overflow for insert into an empty vector once this is inlined.
inline void append_raw(Bytes& out, ByteView data) {
  if (data.empty()) return;
  const size_t at = out.size();
  out.resize(at + data.size());
  std::memcpy(out.data() + at, data.data(), data.size());
}
inline void append_raw(Bytes& out, std::string_view s) { append_raw(out, as_bytes(s)); }

}  // namespace e2e::proto
