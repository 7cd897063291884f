// Ed25519 (pure, RFC 8032) over OpenSSL 3 EVP, one-shot DigestSign/Verify
// with md = NULL. OpenSSL's verifier enforces S < L and canonical R and A, so
// the wrapper's job is the exact lengths and a single failure code.
#include "crypto/ed25519.h"

#include "crypto/pkey_import.h"

namespace e2e::crypto {
namespace {
constexpr size_t kSeedLen = 32;
}  // namespace

Result<Ed25519PrivateKey> Ed25519PrivateKey::generate(Rng& rng) {
  SecretBytes seed = rng.secret(kSeedLen);
  return from_seed(seed.reveal());
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::from_seed(ByteView seed) {
  if (seed.size() != kSeedLen) return make_error(Errc::kInvalidKey, "Ed25519 seed must be 32 bytes");
  ossl::Ptr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return ossl::fail(Errc::kInternal, "Ed25519 key from seed");
  return Ed25519PrivateKey(std::move(pkey));
}

Bytes Ed25519PrivateKey::public_key() const {
  Bytes out(kEd25519PublicLen);
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(pkey_.get(), out.data(), &len) != 1 || len != out.size()) {
    internal::fatal("Ed25519 public key");
  }
  return out;
}

SecretBytes Ed25519PrivateKey::seed() const {
  SecretBytes out(kSeedLen);
  size_t len = out.size();
  if (EVP_PKEY_get_raw_private_key(pkey_.get(), out.mutable_data(), &len) != 1 ||
      len != out.size()) {
    internal::fatal("Ed25519 seed");
  }
  return out;
}

Result<Bytes> Ed25519PrivateKey::sign(ByteView msg) const {
  ossl::Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  if (!mctx) return ossl::fail(Errc::kInternal, "EVP_MD_CTX_new");
  E2E_TRY(ossl::check(EVP_DigestSignInit_ex(mctx.get(), nullptr, nullptr, nullptr, nullptr,
                                            pkey_.get(), nullptr),
                      Errc::kInternal, "DigestSignInit"));
  Bytes sig(kEd25519SignatureLen);
  size_t len = sig.size();
  if (EVP_DigestSign(mctx.get(), sig.data(), &len, internal::data_or_empty(msg), msg.size()) != 1 ||
      len != sig.size()) {
    return ossl::fail(Errc::kInternal, "Ed25519 sign");
  }
  return sig;
}

Result<void> ed25519_verify(ByteView public_key, ByteView msg, ByteView sig) {
  if (public_key.size() != kEd25519PublicLen) {
    return make_error(Errc::kInvalidKey, "Ed25519 public key must be 32 bytes");
  }
  // Truncated, padded or compressed signatures never reach OpenSSL.
  if (sig.size() != kEd25519SignatureLen) {
    return make_error(Errc::kAuthFailed, "Ed25519 signature must be 64 bytes");
  }
  // new_raw_public_key only stores the bytes; a non-decodable A is refused by
  // the verifier below and so reads as an ordinary verification failure.
  ossl::Ptr<EVP_PKEY> pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                       public_key.data(), public_key.size()));
  if (!pkey) return ossl::fail(Errc::kAuthFailed, "Ed25519 public key rejected");
  ossl::Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  if (!mctx) return ossl::fail(Errc::kInternal, "EVP_MD_CTX_new");
  E2E_TRY(ossl::check(EVP_DigestVerifyInit_ex(mctx.get(), nullptr, nullptr, nullptr, nullptr,
                                              pkey.get(), nullptr),
                      Errc::kAuthFailed, "DigestVerifyInit"));
  return ossl::check(EVP_DigestVerify(mctx.get(), sig.data(), sig.size(),
                                      internal::data_or_empty(msg), msg.size()),
                     Errc::kAuthFailed, "Ed25519 signature does not verify");
}

}  // namespace e2e::crypto
