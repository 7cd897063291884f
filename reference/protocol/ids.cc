// Identifier and display-name validation (docs/PROTOCOL.md PROTO-FRAME-06).
#include "protocol/ids.h"

#include <cstdint>

#include "protocol/limits.h"

namespace e2e::proto {
namespace {

bool is_id_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLen) return false;
  for (char c : id) {
    if (!is_id_char(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// valid_utf8 follows the well-formed byte sequences of Unicode §3.9 (Table 3-7):
// the second byte's range depends on the lead byte, which is what rules out
// overlong forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code
// points above U+10FFFF (F4 90..BF, F5..FF). C0 and C1 can never lead.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80;  // allowed range of the second byte
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
      len = 3;
    } else if (b0 == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (b0 == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
      len = 4;
    } else if (b0 == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      return false;  // 0x80..0xC1 (continuation or overlong lead) and 0xF5..0xFF
    }
    if (n - i < len) return false;  // truncated sequence
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return false;
    }
    i += len;
  }
  return true;
}

// valid_name rejects the Unicode control characters (general category Cc):
// C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F, encoded C2 80..C2 9F).
bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  if (!valid_utf8(name)) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < name.size()) {
      const auto next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return false;
    }
  }
  return true;
}

}  // namespace e2e::proto
