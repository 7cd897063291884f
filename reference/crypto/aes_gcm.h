// AES-GCM (128/192/256-bit keys, 16-byte tags) over OpenSSL EVP.
//
// The protocol only ever uses 12-byte IVs; the primitive also accepts the
// other IV lengths OpenSSL's GCM supports (1..kMaxIvLen bytes) so that the
// Wycheproof SmallIv/LongIv/CounterWrap vectors run through this exact code.
// A zero-length IV is refused (it leaks the GHASH key, CVE-2017-7822).
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::crypto {

// seal and open may be called on one AesGcm from several threads at once.
class AesGcm {
 public:
  static constexpr size_t kTagLen = 16;
  static constexpr size_t kProtocolIvLen = 12;
  static constexpr size_t kMaxIvLen = 128;

  // create keeps a copy of |key| (16, 24 or 32 bytes) in wiping storage.
  // Any other length: kInvalidArgument.
  static Result<AesGcm> create(ByteView key);

  // seal returns ciphertext || 16-byte tag. IV length outside 1..kMaxIvLen:
  // kInvalidArgument. OpenSSL failures: kInternal.
  Result<Bytes> seal(ByteView iv, ByteView aad, ByteView plaintext) const;

  // seal_into is seal writing ciphertext || tag into a buffer the caller owns
  // (say, the tail of a frame), sparing seal's allocation and zero-fill of a
  // fresh Bytes. |out| must be exactly plaintext.size() + kTagLen bytes and
  // either start at plaintext.data() (sealing in place) or not overlap it;
  // else kInvalidArgument. If OpenSSL fails, |out| is zeroed, not left
  // half-written.
  Result<void> seal_into(ByteView iv, ByteView aad, ByteView plaintext,
                         std::span<uint8_t> out) const;

  // open takes ciphertext || tag and returns the plaintext only if the tag
  // verifies. Every authentication failure (wrong key, tampered data or AAD,
  // an input shorter than a tag, a truncated tag) is kAuthFailed and no
  // plaintext is released: the scratch buffer is wiped before returning.
  // IV length outside 1..kMaxIvLen: kInvalidArgument.
  Result<SecretBytes> open(ByteView iv, ByteView aad, ByteView ciphertext_and_tag) const;

  size_t key_len() const;

  AesGcm(AesGcm&&) noexcept;
  AesGcm& operator=(AesGcm&&) noexcept;
  ~AesGcm();

 private:
  struct Impl;
  explicit AesGcm(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace e2e::crypto
