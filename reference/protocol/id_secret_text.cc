#include "protocol/id_secret_text.h"

#include <algorithm>

#include "common/encoding.h"
#include "protocol/ids.h"

namespace e2e::proto {
namespace {

Error bad(Errc code, const TextForm& form, std::string_view part, std::string_view why) {
  return make_error(code, std::string(form.what) + ": " + std::string(part) + " " + std::string(why));
}

}  // namespace

Result<IdAndSecret> parse_id_secret(std::string_view text, const TextForm& form) {
  if (std::count(text.begin(), text.end(), form.separator) != 1) {
    return make_error(Errc::kDecodeError,
                      std::string(form.what) + ": expected exactly one '" + form.separator + "'");
  }
  const size_t at = text.find(form.separator);
  const std::string_view id = text.substr(0, at);
  const std::string_view secret_part = text.substr(at + 1);
  if (!valid_id(id)) return bad(Errc::kDecodeError, form, form.id_name, "is not a valid identifier");
  if (secret_part.size() != kTextSecretB64Len) {
    return bad(Errc::kDecodeError, form, form.secret_name, "must be 43 base64url characters");
  }
  auto decoded = base64url_decode(secret_part);
  if (!decoded.ok()) {
    // The decoder's own detail names a position inside the secret: not repeated.
    return bad(Errc::kDecodeError, form, form.secret_name, "is not canonical base64url");
  }
  Bytes& raw = decoded.value();
  IdAndSecret out{Id(id), SecretBytes(raw)};
  internal::wipe(raw.data(), raw.size());
  if (out.secret.size() != kTextSecretLen) {  // 43 canonical characters always hold 32 bytes
    return bad(Errc::kDecodeError, form, form.secret_name, "must hold 32 bytes");
  }
  return out;
}

Result<std::string> format_id_secret(std::string_view id, const SecretBytes& secret, const TextForm& form) {
  if (!valid_id(id)) return bad(Errc::kInvalidArgument, form, form.id_name, "is not a valid identifier");
  if (secret.size() != kTextSecretLen) {
    return bad(Errc::kInvalidArgument, form, form.secret_name, "must hold 32 bytes");
  }
  // Reserve first so no reallocation leaves a stray copy of the secret behind;
  // the encoder's temporary is wiped. The returned string is the caller's.
  std::string encoded = base64url_encode(secret.reveal());
  std::string out;
  out.reserve(id.size() + 1 + encoded.size());
  out.append(id);
  out += form.separator;
  out += encoded;
  internal::wipe(encoded.data(), encoded.size());
  return out;
}

}  // namespace e2e::proto
