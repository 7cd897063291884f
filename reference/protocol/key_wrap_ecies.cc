// ECIES over P-256 (docs/PROTOCOL.md §5, PROTO-WRAP-01).
#include "protocol/key_wrap_ecies.h"

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/hkdf.h"
#include "protocol/limits.h"
#include "protocol/strict_json.h"

namespace e2e::proto {
namespace {

constexpr size_t kKwLen = 32;
constexpr std::string_view kWhat = "wrap";
constexpr internal::FieldSpec kWrapFields[] = {{"eph"}, {"iv"}, {"ct"}};

// derive_kw: kw = HKDF(Z, salt = E || R, info = label, 32).
Result<SecretBytes> derive_kw(const SecretBytes& z, ByteView eph, ByteView recipient,
                              std::string_view label) {
  const Bytes salt = concat({eph, recipient});
  return crypto::hkdf_sha256(z.reveal(), salt, as_bytes(label), kKwLen);
}

}  // namespace

//= docs/PROTOCOL.md#5
//# Z = ECDH(e, R); kw = HKDF(Z, salt = E || R, info = label, 32);
//# ct = AEAD(kw, iv, aad = ctx, K)
Result<EciesWrap> ecies_wrap(Rng& rng, const crypto::P256PublicKey& recipient, ByteView key,
                             std::string_view label, ByteView ctx) {
  E2E_ASSIGN_OR_RETURN(crypto::P256PrivateKey e, crypto::P256PrivateKey::generate(rng));
  EciesWrap w;
  w.eph = e.public_key().to_uncompressed();
  E2E_ASSIGN_OR_RETURN(SecretBytes z, crypto::ecdh_p256(e, recipient));
  E2E_ASSIGN_OR_RETURN(SecretBytes kw, derive_kw(z, w.eph, recipient.to_uncompressed(), label));
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(kw.reveal()));
  w.iv = rng.bytes(crypto::AesGcm::kProtocolIvLen);
  E2E_ASSIGN_OR_RETURN(w.ct, aead.seal(w.iv, ctx, key));
  return w;
}

//= docs/PROTOCOL.md#5
//# PROTO-WRAP-01: a wrap whose `eph` is not a valid P-256 point is rejected with
//# `E2E_ERR_INVALID_KEY`; a wrap that fails to open is rejected with `E2E_ERR_AUTH_FAILED`.
Result<SecretBytes> ecies_unwrap(const crypto::P256PrivateKey& recipient, const EciesWrap& wrap,
                                 std::string_view label, ByteView ctx) {
  auto eph = crypto::P256PublicKey::from_uncompressed(wrap.eph);
  if (!eph.ok()) return make_error(Errc::kInvalidKey, "wrap: eph is not a valid P-256 point");
  // Every later failure, whatever its cause, is the one public kAuthFailed.
  const auto auth_failed = [] { return make_error(Errc::kAuthFailed, "wrap does not open"); };
  if (wrap.iv.size() != crypto::AesGcm::kProtocolIvLen) return auth_failed();
  auto z = crypto::ecdh_p256(recipient, eph.value());
  if (!z.ok()) return auth_failed();
  auto kw = derive_kw(z.value(), wrap.eph, recipient.public_key().to_uncompressed(), label);
  if (!kw.ok()) return auth_failed();
  auto aead = crypto::AesGcm::create(kw.value().reveal());
  if (!aead.ok()) return auth_failed();
  auto key = aead.value().open(wrap.iv, ctx, wrap.ct);
  if (!key.ok()) return auth_failed();
  return std::move(key).value();
}

Json ecies_wrap_to_json(const EciesWrap& w) {
  Json j = Json::object();
  j["eph"] = base64url_encode(w.eph);
  j["iv"] = base64url_encode(w.iv);
  j["ct"] = base64url_encode(w.ct);
  return j;
}

// ecies_wrap_from_json checks lengths only; whether eph is a point on the
// curve is ecies_unwrap's question (kInvalidKey, PROTO-WRAP-01).
Result<EciesWrap> ecies_wrap_from_json(const Json& j) {
  const internal::Fields f(j, std::string(kWhat));
  E2E_TRY(f.check(kWrapFields));
  EciesWrap w;
  E2E_ASSIGN_OR_RETURN(w.eph, f.b64("eph", crypto::P256PublicKey::kUncompressedLen));
  E2E_ASSIGN_OR_RETURN(w.iv, f.b64("iv", crypto::AesGcm::kProtocolIvLen));
  E2E_ASSIGN_OR_RETURN(w.ct, f.b64_range("ct", crypto::AesGcm::kTagLen, kMaxFrameBytes));
  return w;
}

}  // namespace e2e::proto
