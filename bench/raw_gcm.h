// The raw-EVP baseline the AEAD benchmarks compare the wrapper with, and
// what the benchmark files share (key and IV sizes, the AAD, the sizes run).
#pragma once

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdint>

#include "common/bytes.h"
#include "common/ossl.h"
#include "crypto/aes_gcm.h"

namespace e2e::bench {

constexpr size_t kKeyLen = 32;
constexpr size_t kIvLen = crypto::AesGcm::kProtocolIvLen;
constexpr size_t kTagLen = crypto::AesGcm::kTagLen;
// Open cycles through this many prepared messages (distinct IVs and data).
constexpr size_t kPrepared = 8;

// A header-sized AAD, identical for every variant.
inline const Bytes& aad() {
  static const Bytes a(32, 0xad);
  return a;
}

inline int as_int(size_t n) { return static_cast<int>(n); }

// RawGcm is the baseline: plain EVP, key set once, per message only the IV,
// the updates, the final call and the tag.
class RawGcm {
 public:
  explicit RawGcm(ByteView key)
      : cipher_(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)), ctx_(EVP_CIPHER_CTX_new()) {
    ok_ = cipher_ && ctx_ &&
          EVP_EncryptInit_ex(ctx_.get(), cipher_.get(), nullptr, key.data(), nullptr) == 1;
  }
  bool ok() const { return ok_; }

  // seal writes ciphertext || tag (pt.size() + 16 bytes) to |out|.
  bool seal(const uint8_t* iv, ByteView pt, uint8_t* out) {
    EVP_CIPHER_CTX* c = ctx_.get();
    int len = 0;
    return EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, iv) == 1 &&
           EVP_EncryptUpdate(c, nullptr, &len, aad().data(), as_int(aad().size())) == 1 &&
           EVP_EncryptUpdate(c, out, &len, pt.data(), as_int(pt.size())) == 1 &&
           EVP_EncryptFinal_ex(c, out + len, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, as_int(kTagLen), out + pt.size()) == 1;
  }

  // open writes the plaintext of |sealed| to |out| and reports whether the tag verified.
  bool open(const uint8_t* iv, ByteView sealed, uint8_t* out) {
    EVP_CIPHER_CTX* c = ctx_.get();
    const size_t n = sealed.size() - kTagLen;
    int len = 0;
    return EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, iv) == 1 &&
           EVP_DecryptUpdate(c, nullptr, &len, aad().data(), as_int(aad().size())) == 1 &&
           EVP_DecryptUpdate(c, out, &len, sealed.data(), as_int(n)) == 1 &&
           EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, as_int(kTagLen),
                               const_cast<uint8_t*>(sealed.data() + n)) == 1 &&
           EVP_DecryptFinal_ex(c, out + len, &len) > 0;
  }

 private:
  ossl::Ptr<EVP_CIPHER> cipher_;
  ossl::Ptr<EVP_CIPHER_CTX> ctx_;
  bool ok_ = false;
};

// Sizes: a short chat message, a typical one, a TLS-record-sized chunk of an
// attachment, and a large attachment.
inline void sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {64, 1024, 16384, 1 << 20}) b->Arg(n);
}


}  // namespace e2e::bench
