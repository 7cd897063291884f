// ECIES over P-256 (docs/PROTOCOL.md §5): how eleven and hardened send a
// content key to one member device.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "common/rng.h"
#include "common/secret_bytes.h"
#include "crypto/p256.h"
#include "protocol/frame.h"

namespace e2e::proto {

struct EciesWrap {
  Bytes eph;  // 65-byte uncompressed ephemeral public key
  Bytes iv;   // 12 bytes
  Bytes ct;   // AEAD ciphertext || tag of the wrapped key
};

// ecies_wrap encrypts |key| to |recipient| under |label| with AAD |ctx|.
Result<EciesWrap> ecies_wrap(Rng& rng, const crypto::P256PublicKey& recipient, ByteView key,
                             std::string_view label, ByteView ctx);
// ecies_unwrap: bad eph point -> kInvalidKey; anything that fails to open -> kAuthFailed.
Result<SecretBytes> ecies_unwrap(const crypto::P256PrivateKey& recipient, const EciesWrap& wrap,
                                 std::string_view label, ByteView ctx);

// JSON form {"eph","iv","ct"} (base64url), parsed strictly (kDecodeError): eph
// 65 bytes, iv 12, ct at least a tag. Whether eph is a curve point is checked
// by ecies_unwrap (kInvalidKey).
Json ecies_wrap_to_json(const EciesWrap& w);
Result<EciesWrap> ecies_wrap_from_json(const Json& j);

}  // namespace e2e::proto
