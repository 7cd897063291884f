// base64url_fuzz: the strict text encodings (reference/common/encoding.h) and
// the arthas share code (reference/protocol/share_code.h).
//
// Properties (any violation aborts):
//   B1 base64url_decode(s) ok      => base64url_encode(decoded) == s   (one spelling per byte string)
//   B2 base64url_decode(base64url_encode(x)) == x for the raw input x
//   H1 hex_decode(s) ok            => hex_encode(decoded) == lowercase(s)
//   H2 hex_decode(hex_encode(x)) == x
//   S1 parse_share_code(s) ok      => 32-byte key and format_share_code(room, key) == s
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/encoding.h"
#include "protocol/share_code.h"

namespace {

[[noreturn]] void fail(const char* property, std::string_view detail) {
  std::fprintf(stderr, "base64url_fuzz: property %s violated: %.*s\n", property,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool same(e2e::ByteView a, e2e::ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const e2e::ByteView raw(data, size);

  // base64url
  if (auto decoded = e2e::base64url_decode(text); decoded.ok()) {
    if (e2e::base64url_encode(decoded.value()) != text) fail("B1", "decode accepted a non-canonical spelling");
  }
  {
    const std::string encoded = e2e::base64url_encode(raw);
    auto back = e2e::base64url_decode(encoded);
    if (!back.ok()) fail("B2", "decode refused encode's output: " + back.error().to_string());
    if (!same(back.value(), raw)) fail("B2", "decode(encode(x)) != x");
  }

  // hex (decoding is case-insensitive, encoding lowercase)
  if (auto decoded = e2e::hex_decode(text); decoded.ok()) {
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e2e::hex_encode(decoded.value()) != lower) fail("H1", "hex_encode(hex_decode(s)) != lowercase(s)");
  }
  {
    auto back = e2e::hex_decode(e2e::hex_encode(raw));
    if (!back.ok()) fail("H2", "hex_decode refused hex_encode's output: " + back.error().to_string());
    if (!same(back.value(), raw)) fail("H2", "hex_decode(hex_encode(x)) != x");
  }

  // share code: canonical, so the round trip is exact
  if (auto code = e2e::proto::parse_share_code(text); code.ok()) {
    if (code->key.size() != e2e::proto::kRoomKeyLen) fail("S1", "parsed key is not 32 bytes");
    auto again = e2e::proto::format_share_code(code->room, code->key);
    if (!again.ok()) fail("S1", "format refused a parsed code: " + again.error().to_string());
    if (again.value() != text) fail("S1", "format(parse(s)) != s");
  }
  return 0;
}
