// eleven invite links: "{chat}#{base64url(32-byte secret)}" (PROTO-ELEVEN-01/03).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"

namespace e2e::proto {

inline constexpr size_t kInviteSecretLen = 32;
inline constexpr size_t kInviteSecretB64Len = 43;

struct InviteLink {
  Id chat;
  SecretBytes secret;  // 32 bytes; only invite_hash(secret) ever reaches the relay
};

// parse_invite_link splits at the single '#'; the chat must be a valid id and
// the secret exactly 43 canonical base64url characters (32 bytes).
// kDecodeError otherwise; the detail never repeats any part of the link.
Result<InviteLink> parse_invite_link(std::string_view link);
// format_invite_link is the inverse; |secret| must be 32 bytes and |chat| a
// valid id (kInvalidArgument otherwise).
Result<std::string> format_invite_link(std::string_view chat, const SecretBytes& secret);
// invite_hash is H(s) = SHA-256(s), the `hash` of `invite` and `redeem` frames.
Bytes invite_hash(const SecretBytes& secret);

}  // namespace e2e::proto
