// Ed25519 (RFC 8032, pure) signatures over OpenSSL EVP.
#pragma once

#include <openssl/evp.h>

#include "common/bytes.h"
#include "common/ossl.h"
#include "common/result.h"
#include "common/rng.h"
#include "common/secret_bytes.h"

namespace e2e::crypto {

constexpr size_t kEd25519PublicLen = 32;
constexpr size_t kEd25519SignatureLen = 64;

class Ed25519PrivateKey {
 public:
  // generate draws the 32-byte seed from |rng|.
  static Result<Ed25519PrivateKey> generate(Rng& rng);
  // from_seed: exactly 32 bytes, else kInvalidKey.
  static Result<Ed25519PrivateKey> from_seed(ByteView seed);

  Bytes public_key() const;  // 32 bytes
  SecretBytes seed() const;  // 32 bytes
  // sign returns a 64-byte signature (deterministic, RFC 8032).
  Result<Bytes> sign(ByteView msg) const;

 private:
  explicit Ed25519PrivateKey(ossl::Ptr<EVP_PKEY> pkey) : pkey_(std::move(pkey)) {}
  ossl::Ptr<EVP_PKEY> pkey_;
};

// ed25519_verify: public key exactly 32 bytes (else kInvalidKey), signature
// exactly 64 bytes with S < L and canonical encodings; anything that does not
// verify: kAuthFailed.
Result<void> ed25519_verify(ByteView public_key, ByteView msg, ByteView sig);

}  // namespace e2e::crypto
