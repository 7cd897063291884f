// arthas share codes (docs/PROTOCOL.md §8.1, PROTO-ARTHAS-01).
#include "protocol/share_code.h"

#include "protocol/id_secret_text.h"

namespace e2e::proto {
namespace {

constexpr TextForm kShareForm{"share code", ':', "room", "key part"};
static_assert(kRoomKeyLen == kTextSecretLen && kRoomKeyB64Len == kTextSecretB64Len);

}  // namespace

Result<ShareCode> parse_share_code(std::string_view code) {
  E2E_ASSIGN_OR_RETURN(IdAndSecret parts, parse_id_secret(code, kShareForm));
  return ShareCode{std::move(parts.id), std::move(parts.secret)};
}

Result<std::string> format_share_code(std::string_view room, const SecretBytes& key) {
  return format_id_secret(room, key, kShareForm);
}

}  // namespace e2e::proto
