// arthas share codes: "{roomId}:{base64url(32-byte key)}" (PROTO-ARTHAS-01).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"

namespace e2e::proto {

inline constexpr size_t kRoomKeyLen = 32;
inline constexpr size_t kRoomKeyB64Len = 43;

struct ShareCode {
  Id room;
  SecretBytes key;  // 32 bytes
};

// parse_share_code splits at the single ':'; the room must be a valid id and
// the key exactly 43 canonical base64url characters (32 bytes). kDecodeError
// otherwise; the detail never repeats the key.
Result<ShareCode> parse_share_code(std::string_view code);
// format_share_code is the inverse; |key| must be 32 bytes.
Result<std::string> format_share_code(std::string_view room, const SecretBytes& key);

}  // namespace e2e::proto
