// eleven invite links (docs/PROTOCOL.md §8.2, PROTO-ELEVEN-01/03).
#include "protocol/invite_link.h"

#include "crypto/sha256.h"
#include "protocol/id_secret_text.h"

namespace e2e::proto {
namespace {

constexpr TextForm kInviteForm{"invite link", '#', "chat", "secret"};
static_assert(kInviteSecretLen == kTextSecretLen && kInviteSecretB64Len == kTextSecretB64Len);

}  // namespace

Result<InviteLink> parse_invite_link(std::string_view link) {
  E2E_ASSIGN_OR_RETURN(IdAndSecret parts, parse_id_secret(link, kInviteForm));
  return InviteLink{std::move(parts.id), std::move(parts.secret)};
}

Result<std::string> format_invite_link(std::string_view chat, const SecretBytes& secret) {
  return format_id_secret(chat, secret, kInviteForm);
}

Bytes invite_hash(const SecretBytes& secret) { return crypto::sha256(secret.reveal()); }

}  // namespace e2e::proto
