// The text form shared by arthas share codes and eleven invite links:
// "{id}{separator}{base64url(32-byte secret)}", exactly one separator, a valid
// id and exactly 43 canonical base64url characters. Both are bearer secrets,
// so no error detail repeats any part of the text.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"

namespace e2e::proto {

inline constexpr size_t kTextSecretLen = 32;
inline constexpr size_t kTextSecretB64Len = 43;

// TextForm names the pieces in error details ("share code", ':', "room", "key part").
struct TextForm {
  std::string_view what;
  char separator;
  std::string_view id_name;
  std::string_view secret_name;
};

struct IdAndSecret {
  Id id;
  SecretBytes secret;  // 32 bytes
};

// parse_id_secret: kDecodeError for anything but the form above.
Result<IdAndSecret> parse_id_secret(std::string_view text, const TextForm& form);
// format_id_secret is the inverse; kInvalidArgument for a bad id or a secret
// that is not 32 bytes.
Result<std::string> format_id_secret(std::string_view id, const SecretBytes& secret, const TextForm& form);

}  // namespace e2e::proto
