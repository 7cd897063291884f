// NIST P-256 keys, ECDH and ECDSA/SHA-256 over OpenSSL EVP.
//
// Policy: the wire form of a public key is the raw uncompressed point
// 04 || x || y (65 bytes). The DER, PEM and JWK importers exist for
// interoperability and test vectors; all of them accept only the named curve
// prime256v1, reject explicit curve parameters, compressed points, the point at
// infinity, off-curve points and trailing bytes. Any rejected key: kInvalidKey.
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

class P256PublicKey {
 public:
  static constexpr size_t kUncompressedLen = 65;

  // from_uncompressed: exactly 65 bytes 04||x||y of a point on the curve.
  static Result<P256PublicKey> from_uncompressed(ByteView point);
  // from_spki_der: a DER SubjectPublicKeyInfo, named curve only, nothing after it.
  static Result<P256PublicKey> from_spki_der(ByteView der);
  // from_pem: one "PUBLIC KEY" PEM block holding such an SPKI.
  static Result<P256PublicKey> from_pem(std::string_view pem);
  // from_jwk: kty "EC", crv "P-256", 32-byte x and y (canonical base64url).
  static Result<P256PublicKey> from_jwk(const Jwk& jwk);

  // to_uncompressed returns the 65-byte wire form.
  Bytes to_uncompressed() const;
  EVP_PKEY* pkey() const { return pkey_.get(); }

 private:
  explicit P256PublicKey(ossl::Ptr<EVP_PKEY> pkey) : pkey_(std::move(pkey)) {}
  ossl::Ptr<EVP_PKEY> pkey_;
  friend class P256PrivateKey;
};

class P256PrivateKey {
 public:
  static constexpr size_t kScalarLen = 32;

  // generate draws the scalar from |rng| (rejection sampling in [1, n-1]), so a
  // seeded Rng gives reproducible keys.
  static Result<P256PrivateKey> generate(Rng& rng);
  // from_scalar: big-endian scalar, leading zero bytes allowed (Wycheproof
  // BigInt form), value in [1, n-1].
  static Result<P256PrivateKey> from_scalar(ByteView big_endian);
  // from_pkcs8_der / from_pem: PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE
  // KEY"), named curve only.
  static Result<P256PrivateKey> from_pkcs8_der(ByteView der);
  static Result<P256PrivateKey> from_pem(std::string_view pem);
  // from_jwk: kty "EC", crv "P-256", with d (and x, y, which must match d).
  static Result<P256PrivateKey> from_jwk(const Jwk& jwk);

  // public_key shares the public half built at import (it cannot fail).
  P256PublicKey public_key() const;
  // scalar returns the 32-byte big-endian private scalar.
  SecretBytes scalar() const;
  EVP_PKEY* pkey() const { return pkey_.get(); }

 private:
  P256PrivateKey(ossl::Ptr<EVP_PKEY> pkey, P256PublicKey pub)
      : pkey_(std::move(pkey)), pub_(std::move(pub)) {}
  ossl::Ptr<EVP_PKEY> pkey_;
  P256PublicKey pub_;  // public-only EVP_PKEY, so public_key() never carries the scalar
};

// ecdh_p256 returns the 32-byte x-coordinate of the shared point, left-padded.
Result<SecretBytes> ecdh_p256(const P256PrivateKey& priv, const P256PublicKey& peer);

// ECDSA over SHA-256 of |msg| (the message, never a caller-supplied digest).
// DER signatures are checked strictly (no BER, no trailing bytes); P1363
// signatures are exactly 64 bytes r||s. A signature that does not verify, for
// whatever reason: kAuthFailed. High-S signatures are valid ECDSA and verify.
Result<Bytes> ecdsa_p256_sign_der(const P256PrivateKey& priv, ByteView msg);
Result<Bytes> ecdsa_p256_sign_p1363(const P256PrivateKey& priv, ByteView msg);
Result<void> ecdsa_p256_verify_der(const P256PublicKey& pub, ByteView msg, ByteView sig);
Result<void> ecdsa_p256_verify_p1363(const P256PublicKey& pub, ByteView msg, ByteView sig);

}  // namespace e2e::crypto
