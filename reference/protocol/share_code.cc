// arthas share codes (docs/PROTOCOL.md §8.1, PROTO-ARTHAS-01). A share code
// is a secret: no error detail below repeats any part of it.
#include "protocol/share_code.h"

#include <algorithm>

#include "common/encoding.h"
#include "protocol/ids.h"

namespace e2e::proto {

Result<ShareCode> parse_share_code(std::string_view code) {
  if (std::count(code.begin(), code.end(), ':') != 1) {
    return make_error(Errc::kDecodeError, "share code: expected exactly one ':'");
  }
  const size_t colon = code.find(':');
  const std::string_view room = code.substr(0, colon);
  const std::string_view key_part = code.substr(colon + 1);
  if (!valid_id(room)) {
    return make_error(Errc::kDecodeError, "share code: room is not a valid identifier");
  }
  if (key_part.size() != kRoomKeyB64Len) {
    return make_error(Errc::kDecodeError, "share code: key part must be 43 base64url characters");
  }
  auto decoded = base64url_decode(key_part);
  if (!decoded.ok()) {
    // The decoder's own detail names a position inside the key: not repeated.
    return make_error(Errc::kDecodeError, "share code: key part is not canonical base64url");
  }
  Bytes& raw = decoded.value();
  ShareCode out{Id(room), SecretBytes(raw)};
  internal::wipe(raw.data(), raw.size());
  if (out.key.size() != kRoomKeyLen) {  // 43 canonical characters always hold 32 bytes
    return make_error(Errc::kDecodeError, "share code: key must be 32 bytes");
  }
  return out;
}

Result<std::string> format_share_code(std::string_view room, const SecretBytes& key) {
  if (!valid_id(room)) {
    return make_error(Errc::kInvalidArgument, "share code: room is not a valid identifier");
  }
  if (key.size() != kRoomKeyLen) {
    return make_error(Errc::kInvalidArgument, "share code: room key must be 32 bytes");
  }
  // Reserve first so no reallocation leaves a stray copy of the key behind;
  // the encoder's temporary is wiped. The returned string is the caller's.
  std::string encoded = base64url_encode(key.reveal());
  std::string out;
  out.reserve(room.size() + 1 + encoded.size());
  out.append(room);
  out += ':';
  out += encoded;
  internal::wipe(encoded.data(), encoded.size());
  return out;
}

}  // namespace e2e::proto
