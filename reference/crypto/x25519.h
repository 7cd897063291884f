// X25519 (RFC 7748) over OpenSSL EVP.
//
// Public keys are raw 32-byte u-coordinates; non-canonical values and twist
// points are accepted and computed as RFC 7748 says. A shared secret of all
// zeros (low-order peer point) is refused: kInvalidKey.
#pragma once

#include <openssl/evp.h>

#include <string_view>

#include "common/bytes.h"
#include "common/ossl.h"
#include "common/result.h"
#include "common/rng.h"
#include "common/secret_bytes.h"
#include "crypto/jwk.h"

namespace e2e::crypto {

constexpr size_t kX25519KeyLen = 32;

class X25519PrivateKey {
 public:
  static Result<X25519PrivateKey> generate(Rng& rng);
  // from_raw: exactly 32 bytes.
  static Result<X25519PrivateKey> from_raw(ByteView raw);
  // from_pkcs8_der / from_pem / from_jwk: X25519 keys only (an Ed25519 or X448
  // key in the same container is kInvalidKey).
  static Result<X25519PrivateKey> from_pkcs8_der(ByteView der);
  static Result<X25519PrivateKey> from_pem(std::string_view pem);
  static Result<X25519PrivateKey> from_jwk(const Jwk& jwk);

  Bytes public_key() const;  // raw 32 bytes
  SecretBytes raw() const;   // raw 32 bytes

 private:
  explicit X25519PrivateKey(ossl::Ptr<EVP_PKEY> pkey) : pkey_(std::move(pkey)) {}
  ossl::Ptr<EVP_PKEY> pkey_;
  friend Result<SecretBytes> x25519(const X25519PrivateKey&, ByteView);
};

// x25519_public_from_spki_der / _from_pem / _from_jwk return the raw 32-byte
// public key inside an X25519 SPKI, PEM or JWK; other key types: kInvalidKey.
Result<Bytes> x25519_public_from_spki_der(ByteView der);
Result<Bytes> x25519_public_from_pem(std::string_view pem);
Result<Bytes> x25519_public_from_jwk(const Jwk& jwk);

// x25519 returns the 32-byte shared secret with the raw peer key |peer_public|
// (exactly 32 bytes, else kInvalidKey); all-zero output: kInvalidKey.
Result<SecretBytes> x25519(const X25519PrivateKey& priv, ByteView peer_public);

}  // namespace e2e::crypto
