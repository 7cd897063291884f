// X25519 (RFC 7748) over OpenSSL 3 EVP. Keys are raw 32-byte strings;
// containers (PKCS#8, SPKI, PEM, JWK) are unwrapped to those bytes and
// re-imported, so every path ends in EVP_PKEY_new_raw_*_key.
#include "crypto/x25519.h"

#include <algorithm>

#include "common/encoding.h"
#include "crypto/pkey_import.h"

namespace e2e::crypto {
namespace {

// raw_of reads the 32-byte public or private key of an X25519 EVP_PKEY.
bool raw_of(EVP_PKEY* pkey, bool priv, uint8_t* out) {
  size_t len = kX25519KeyLen;
  int rc = priv ? EVP_PKEY_get_raw_private_key(pkey, out, &len)
                : EVP_PKEY_get_raw_public_key(pkey, out, &len);
  return rc == 1 && len == kX25519KeyLen;
}

// jwk_member decodes a strict base64url JWK member that must be 32 bytes.
Result<SecretBytes> jwk_member(const std::string& b64) {
  auto raw = base64url_decode(b64);
  if (!raw.ok() || raw->size() != kX25519KeyLen) {
    if (raw.ok()) e2e::internal::wipe(raw->data(), raw->size());
    return make_error(Errc::kInvalidKey, "JWK member has the wrong encoding or length");
  }
  SecretBytes out{ByteView(*raw)};
  e2e::internal::wipe(raw->data(), raw->size());
  return out;
}

Result<void> check_jwk_type(const Jwk& jwk) {
  if (jwk.kty != "OKP" || jwk.crv != "X25519") {
    return make_error(Errc::kInvalidKey, "JWK is not an OKP X25519 key");
  }
  return ok_result();
}

}  // namespace

Result<X25519PrivateKey> X25519PrivateKey::generate(Rng& rng) {
  // Every 32-byte string is a valid X25519 private key (clamping happens at use).
  SecretBytes raw = rng.secret(kX25519KeyLen);
  return from_raw(raw.reveal());
}

Result<X25519PrivateKey> X25519PrivateKey::from_raw(ByteView raw) {
  if (raw.size() != kX25519KeyLen) return make_error(Errc::kInvalidKey, "X25519 key must be 32 bytes");
  ossl::Ptr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, raw.data(), raw.size()));
  if (!pkey) return ossl::fail(Errc::kInternal, "X25519 key from raw");
  return X25519PrivateKey(std::move(pkey));
}

Result<X25519PrivateKey> X25519PrivateKey::from_pkcs8_der(ByteView der) {
  E2E_ASSIGN_OR_RETURN(auto decoded, internal::decode_private_der(der, EVP_PKEY_X25519,
                                                                  internal::PrivateDer::kPkcs8));
  // The decoder was asked for X25519, but the type is what we rely on, so
  // check it rather than trust the request (Ed25519 and X448 share the form).
  if (EVP_PKEY_is_a(decoded.get(), "X25519") != 1) {
    return make_error(Errc::kInvalidKey, "PKCS#8 key is not X25519");
  }
  SecretBytes raw(kX25519KeyLen);
  if (!raw_of(decoded.get(), true, raw.mutable_data())) {
    return ossl::fail(Errc::kInvalidKey, "X25519 private key is not 32 bytes");
  }
  return from_raw(raw.reveal());
}

Result<X25519PrivateKey> X25519PrivateKey::from_pem(std::string_view pem) {
  E2E_ASSIGN_OR_RETURN(SecretBytes der, internal::pem_decode(pem, "PRIVATE KEY"));
  return from_pkcs8_der(der.reveal());
}

Result<X25519PrivateKey> X25519PrivateKey::from_jwk(const Jwk& jwk) {
  // RFC 8037 §2: a private OKP key carries both d and x; x must belong to d.
  E2E_TRY(check_jwk_type(jwk));
  E2E_ASSIGN_OR_RETURN(SecretBytes d, jwk_member(jwk.d));
  E2E_ASSIGN_OR_RETURN(SecretBytes x, jwk_member(jwk.x));
  E2E_ASSIGN_OR_RETURN(X25519PrivateKey key, from_raw(d.reveal()));
  Bytes pub = key.public_key();
  if (!std::equal(pub.begin(), pub.end(), x.reveal().begin())) {
    return make_error(Errc::kInvalidKey, "JWK x does not match d");
  }
  return key;
}

Bytes X25519PrivateKey::public_key() const {
  Bytes out(kX25519KeyLen);
  if (!raw_of(pkey_.get(), false, out.data())) internal::fatal("X25519 public key");
  return out;
}

SecretBytes X25519PrivateKey::raw() const {
  SecretBytes out(kX25519KeyLen);
  if (!raw_of(pkey_.get(), true, out.mutable_data())) internal::fatal("X25519 private key");
  return out;
}

Result<Bytes> x25519_public_from_spki_der(ByteView der) {
  E2E_ASSIGN_OR_RETURN(auto decoded, internal::decode_spki(der));
  if (EVP_PKEY_is_a(decoded.get(), "X25519") != 1) {
    return make_error(Errc::kInvalidKey, "SPKI is not an X25519 key");
  }
  Bytes raw(kX25519KeyLen);
  if (!raw_of(decoded.get(), false, raw.data())) {
    return ossl::fail(Errc::kInvalidKey, "X25519 public key is not 32 bytes");
  }
  // One accepted spelling: exactly the DER we would write.
  E2E_ASSIGN_OR_RETURN(Bytes canonical, internal::spki_der(decoded.get()));
  if (canonical.size() != der.size() || !std::equal(canonical.begin(), canonical.end(), der.begin())) {
    return make_error(Errc::kInvalidKey, "SPKI is not in canonical DER");
  }
  return raw;
}

Result<Bytes> x25519_public_from_pem(std::string_view pem) {
  E2E_ASSIGN_OR_RETURN(SecretBytes der, internal::pem_decode(pem, "PUBLIC KEY"));
  return x25519_public_from_spki_der(der.reveal());
}

Result<Bytes> x25519_public_from_jwk(const Jwk& jwk) {
  E2E_TRY(check_jwk_type(jwk));
  E2E_ASSIGN_OR_RETURN(SecretBytes x, jwk_member(jwk.x));
  return Bytes(x.reveal().begin(), x.reveal().end());
}

Result<SecretBytes> x25519(const X25519PrivateKey& priv, ByteView peer_public) {
  if (peer_public.size() != kX25519KeyLen) {
    return make_error(Errc::kInvalidKey, "X25519 peer key must be 32 bytes");
  }
  // Any 32 bytes are a u-coordinate: twist points and non-canonical values
  // (>= 2^255 - 19, or bit 255 set) are computed as RFC 7748 §5 says.
  ossl::Ptr<EVP_PKEY> peer(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr,
                                                       peer_public.data(), peer_public.size()));
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, priv.pkey_.get(), nullptr));
  if (!peer || !ctx) return ossl::fail(Errc::kInternal, "X25519 setup");
  E2E_TRY(ossl::check(EVP_PKEY_derive_init(ctx.get()), Errc::kInternal, "derive_init"));
  E2E_TRY(ossl::check(EVP_PKEY_derive_set_peer(ctx.get(), peer.get()), Errc::kInvalidKey,
                      "peer key rejected"));
  SecretBytes out(kX25519KeyLen);
  size_t len = out.size();
  // OpenSSL fails the derive when the result is all zeros (a low-order peer,
  // RFC 7748 §6.1); that is the peer's fault, so kInvalidKey.
  if (EVP_PKEY_derive(ctx.get(), out.mutable_data(), &len) != 1) {
    return ossl::fail(Errc::kInvalidKey, "X25519 derive failed (low-order peer?)");
  }
  if (len != kX25519KeyLen) return make_error(Errc::kInternal, "X25519 output not 32 bytes");
  // Our own all-zero check, so the policy does not depend on the provider.
  // OR-accumulate over every byte: no early exit on secret data.
  uint8_t acc = 0;
  for (uint8_t b : out.reveal()) acc = static_cast<uint8_t>(acc | b);
  if (acc == 0) return make_error(Errc::kInvalidKey, "X25519 shared secret is all zero");
  return out;
}

}  // namespace e2e::crypto
