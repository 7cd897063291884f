// AES-GCM over EVP.
//
// Concurrency and speed: scheduling the key (AES round keys plus the GHASH
// table) costs about as much as sealing a short message, so AesGcm keeps
// key-scheduled EVP_CIPHER_CTXs in a small pool owned by the object. A call
// borrows one under a mutex, re-initialises it with the IV only (key = NULL),
// and hands it back. That makes seal/open safe from several threads at once
// (each call has its own context; the mutex guards only the free list) and,
// when uncontended, as fast as a hand-kept context. A thread-local context was
// rejected: it would keep key schedules alive in other threads after the
// AesGcm (say, a ratchet message key) is destroyed. Here every context is
// freed, and cleansed by OpenSSL, with the object. What remains of seal()'s
// cost over bare EVP is the Bytes it returns (std::vector zero-fills it);
// seal_into() writes into the caller's buffer and skips that too.
#include "crypto/aes_gcm.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/ossl.h"

namespace e2e::crypto {
namespace {

// EVP takes int lengths; longer inputs go through in slices of this size.
constexpr size_t kSliceLen = size_t{1} << 30;
// Idle contexts kept per key: enough for a few concurrent callers, small
// enough that a forgotten key holds little memory.
constexpr size_t kMaxIdle = 4;

// gcm_cipher fetches each AES-GCM implementation once per process.
const EVP_CIPHER* gcm_cipher(size_t key_len) {
  static const ossl::Ptr<EVP_CIPHER> aes128(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
  static const ossl::Ptr<EVP_CIPHER> aes192(EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr));
  static const ossl::Ptr<EVP_CIPHER> aes256(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
  switch (key_len) {
    case 16: return aes128.get();
    case 24: return aes192.get();
    case 32: return aes256.get();
    default: return nullptr;
  }
}

bool valid_iv_len(size_t n) { return n >= 1 && n <= AesGcm::kMaxIvLen; }

// overlaps_partially: |out| shares memory with |in| without starting at the
// same byte. EVP handles exact in-place operation, not a shifted overlap.
bool overlaps_partially(std::span<const uint8_t> out, ByteView in) {
  if (out.empty() || in.empty()) return false;
  const auto o = reinterpret_cast<uintptr_t>(out.data());
  const auto i = reinterpret_cast<uintptr_t>(in.data());
  return o != i && o < i + in.size() && i < o + out.size();
}

// A key-scheduled context and the IV length it is currently set to, so the
// IVLEN parameter is only sent when it changes (12 bytes in the protocol).
struct Slot {
  ossl::Ptr<EVP_CIPHER_CTX> ctx;
  size_t iv_len = AesGcm::kProtocolIvLen;
};

// start sets the IV length (before the IV, or OpenSSL would read only the
// first 12 bytes of a longer one) and then the IV, keeping the key schedule.
bool start(Slot& slot, ByteView iv, int enc) {
  if (slot.iv_len != iv.size()) {
    if (EVP_CIPHER_CTX_ctrl(slot.ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv.size()),
                            nullptr) != 1) {
      return false;
    }
    slot.iv_len = iv.size();
  }
  return EVP_CipherInit_ex(slot.ctx.get(), nullptr, nullptr, nullptr, iv.data(), enc) == 1;
}

// update feeds |in| through the cipher; |out| == nullptr feeds it as AAD.
bool update(EVP_CIPHER_CTX* ctx, uint8_t* out, ByteView in) {
  while (!in.empty()) {
    const size_t n = in.size() < kSliceLen ? in.size() : kSliceLen;
    int outl = 0;
    if (EVP_CipherUpdate(ctx, out, &outl, in.data(), static_cast<int>(n)) != 1) return false;
    if (out != nullptr) {
      if (static_cast<size_t>(outl) != n) return false;
      out += n;
    }
    in = in.subspan(n);
  }
  return true;
}

}  // namespace

struct AesGcm::Impl {
  SecretBytes key;
  const EVP_CIPHER* cipher = nullptr;
  std::mutex mu;
  std::vector<Slot> idle;  // guarded by mu

  // new_slot schedules the key into a fresh context.
  Result<Slot> new_slot() const {
    Slot slot{ossl::Ptr<EVP_CIPHER_CTX>(EVP_CIPHER_CTX_new())};
    if (!slot.ctx) return ossl::fail(Errc::kInternal, "EVP_CIPHER_CTX_new");
    E2E_TRY(ossl::check(
        EVP_EncryptInit_ex(slot.ctx.get(), cipher, nullptr, key.reveal().data(), nullptr),
        Errc::kInternal, "AES-GCM key setup"));
    return slot;
  }

  Result<Slot> acquire() {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!idle.empty()) {
        Slot slot = std::move(idle.back());
        idle.pop_back();
        return slot;
      }
    }
    return new_slot();
  }

  // release returns a context whose last operation ran to completion (success
  // or tag mismatch); a context that failed midway is dropped instead.
  void release(Slot slot) {
    std::lock_guard<std::mutex> lock(mu);
    if (idle.size() < kMaxIdle) idle.push_back(std::move(slot));
  }
};

AesGcm::AesGcm(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesGcm::AesGcm(AesGcm&&) noexcept = default;
AesGcm& AesGcm::operator=(AesGcm&&) noexcept = default;
AesGcm::~AesGcm() = default;

size_t AesGcm::key_len() const { return impl_->key.size(); }

Result<AesGcm> AesGcm::create(ByteView key) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return make_error(Errc::kInvalidArgument, "AES-GCM key must be 16, 24 or 32 bytes");
  }
  auto impl = std::make_unique<Impl>();
  impl->cipher = gcm_cipher(key.size());
  if (impl->cipher == nullptr) return ossl::fail(Errc::kInternal, "AES-GCM unavailable");
  impl->key = SecretBytes(key);
  // Schedule one context now: setup errors surface here, and the first call is fast.
  E2E_ASSIGN_OR_RETURN(Slot first, impl->new_slot());
  impl->idle.push_back(std::move(first));
  return AesGcm(std::move(impl));
}

Result<Bytes> AesGcm::seal(ByteView iv, ByteView aad, ByteView plaintext) const {
  if (!valid_iv_len(iv.size())) {
    return make_error(Errc::kInvalidArgument, "AES-GCM IV must be 1..128 bytes");
  }
  Bytes out(plaintext.size() + kTagLen);
  E2E_TRY(seal_into(iv, aad, plaintext, out));
  return out;
}

Result<void> AesGcm::seal_into(ByteView iv, ByteView aad, ByteView plaintext,
                               std::span<uint8_t> out) const {
  if (!valid_iv_len(iv.size())) {
    return make_error(Errc::kInvalidArgument, "AES-GCM IV must be 1..128 bytes");
  }
  if (out.size() != plaintext.size() + kTagLen) {
    return make_error(Errc::kInvalidArgument, "AES-GCM output must be plaintext + 16 bytes");
  }
  if (overlaps_partially(out, plaintext)) {
    return make_error(Errc::kInvalidArgument, "AES-GCM output overlaps the plaintext");
  }
  auto slot = impl_->acquire();
  if (!slot.ok()) {
    std::fill(out.begin(), out.end(), uint8_t{0});
    return slot.error();
  }
  EVP_CIPHER_CTX* ctx = slot->ctx.get();
  uint8_t* tag = out.data() + plaintext.size();
  int final_len = 0;
  if (!start(*slot, iv, 1) || !update(ctx, nullptr, aad) ||
      !update(ctx, out.data(), plaintext) || EVP_EncryptFinal_ex(ctx, tag, &final_len) != 1 ||
      final_len != 0 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kTagLen), tag) != 1) {
    std::fill(out.begin(), out.end(), uint8_t{0});
    return ossl::fail(Errc::kInternal, "AES-GCM seal");
  }
  impl_->release(std::move(*slot));
  return ok_result();
}

Result<SecretBytes> AesGcm::open(ByteView iv, ByteView aad, ByteView ciphertext_and_tag) const {
  if (!valid_iv_len(iv.size())) {
    return make_error(Errc::kInvalidArgument, "AES-GCM IV must be 1..128 bytes");
  }
  // The tag is always the last 16 bytes: a shorter input cannot hold one, and
  // OpenSSL would otherwise accept a truncated tag.
  if (ciphertext_and_tag.size() < kTagLen) return make_error(Errc::kAuthFailed);
  const ByteView ct = ciphertext_and_tag.first(ciphertext_and_tag.size() - kTagLen);
  uint8_t tag[kTagLen];
  std::copy(ciphertext_and_tag.end() - kTagLen, ciphertext_and_tag.end(), tag);

  auto slot = impl_->acquire();
  if (!slot.ok()) return ossl::fail(Errc::kAuthFailed, "AES-GCM open");
  EVP_CIPHER_CTX* ctx = slot->ctx.get();
  SecretBytes out(ct.size());
  if (!start(*slot, iv, 0) || !update(ctx, nullptr, aad) || !update(ctx, out.mutable_data(), ct) ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kTagLen), tag) != 1) {
    out.clear();
    return ossl::fail(Errc::kAuthFailed, "AES-GCM open");
  }
  // Only a positive Final means the tag verified (OpenSSL compares it in
  // constant time); until then |out| is unauthenticated and never released.
  uint8_t scratch[kTagLen];
  int final_len = 0;
  const bool verified = EVP_DecryptFinal_ex(ctx, scratch, &final_len) > 0 && final_len == 0;
  impl_->release(std::move(*slot));
  if (!verified) {
    out.clear();
    return ossl::fail(Errc::kAuthFailed, "AES-GCM open");
  }
  return out;
}

}  // namespace e2e::crypto
