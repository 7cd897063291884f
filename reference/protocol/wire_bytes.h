// lp() and u64() from docs/PROTOCOL.md §5: the unambiguous byte strings that
// AADs and signed messages are built from.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"

namespace e2e::proto {

// append_lp appends a 4-byte big-endian length and then |data|.
void append_lp(Bytes& out, ByteView data);
inline void append_lp(Bytes& out, std::string_view s) { append_lp(out, as_bytes(s)); }
// append_u64 appends |v| as 8 bytes big-endian.
void append_u64(Bytes& out, uint64_t v);
// append_raw appends |data| with no length (fixed-size fields and labels).
inline void append_raw(Bytes& out, ByteView data) { out.insert(out.end(), data.begin(), data.end()); }
inline void append_raw(Bytes& out, std::string_view s) { append_raw(out, as_bytes(s)); }

}  // namespace e2e::proto
