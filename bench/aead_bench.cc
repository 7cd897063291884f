// AEAD throughput: the reference AesGcm (AES-256, a fresh random 12-byte IV
// per message, as the protocol seals) against bare EVP calls on one reused,
// key-scheduled context with the same per-message IV draw. The pairs differ
// only by the wrapper, so BM_Aead_X / BM_RawEvp_X is the wrapper's cost
// (bench/ratios.py prints it). BM_Aead_Seal calls seal(), which returns a
// fresh Bytes; BM_Aead_SealInto calls seal_into() on a reused buffer, like
// the raw twin, and so isolates the wrapper from that allocation.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <vector>

#include "common/ossl.h"
#include "common/rng.h"
#include "crypto/aes_gcm.h"

namespace e2e::bench {
namespace {

using crypto::AesGcm;

constexpr size_t kKeyLen = 32;
constexpr size_t kIvLen = AesGcm::kProtocolIvLen;
constexpr size_t kTagLen = AesGcm::kTagLen;
// Open cycles through this many prepared messages (distinct IVs and data).
constexpr size_t kPrepared = 8;

// A header-sized AAD, identical for every variant.
const Bytes& aad() {
  static const Bytes a(32, 0xad);
  return a;
}

int as_int(size_t n) { return static_cast<int>(n); }

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

struct Sealed {
  Bytes iv;
  Bytes data;  // ciphertext || tag
};

// prepare seals kPrepared random messages of |n| bytes under |gcm|.
std::vector<Sealed> prepare(const AesGcm& gcm, size_t n, Rng& rng) {
  std::vector<Sealed> out;
  for (size_t i = 0; i < kPrepared; ++i) {
    Bytes iv = rng.bytes(kIvLen);
    auto ct = gcm.seal(iv, aad(), rng.bytes(n));
    if (!ct.ok()) return {};
    out.push_back({std::move(iv), std::move(*ct)});
  }
  return out;
}

void finish(benchmark::State& state, size_t n) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
}

void BM_Aead_Seal(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  OsRng rng;
  auto gcm = AesGcm::create(rng.secret(kKeyLen).reveal());
  if (!gcm.ok()) return state.SkipWithError("AesGcm::create failed");
  const Bytes pt = rng.bytes(n);
  std::array<uint8_t, kIvLen> iv{};
  for (auto _ : state) {
    rng.fill(iv);
    auto ct = gcm->seal(iv, aad(), pt);
    if (!ct.ok()) {
      state.SkipWithError("seal failed");
      break;
    }
    benchmark::DoNotOptimize(ct->data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

// BM_Aead_SealInto: the same, sealing into a buffer the caller reuses (as
// the raw variant does), so the fresh-Bytes allocation above is left out.
void BM_Aead_SealInto(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  OsRng rng;
  auto gcm = AesGcm::create(rng.secret(kKeyLen).reveal());
  if (!gcm.ok()) return state.SkipWithError("AesGcm::create failed");
  const Bytes pt = rng.bytes(n);
  Bytes out(n + kTagLen);
  std::array<uint8_t, kIvLen> iv{};
  for (auto _ : state) {
    rng.fill(iv);
    if (!gcm->seal_into(iv, aad(), pt, out).ok()) {
      state.SkipWithError("seal_into failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

void BM_RawEvp_Seal(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  OsRng rng;
  RawGcm raw(rng.secret(kKeyLen).reveal());
  if (!raw.ok()) return state.SkipWithError("EVP setup failed");
  const Bytes pt = rng.bytes(n);
  Bytes out(n + kTagLen);
  std::array<uint8_t, kIvLen> iv{};
  for (auto _ : state) {
    rng.fill(iv);
    if (!raw.seal(iv.data(), pt, out.data())) {
      state.SkipWithError("EVP seal failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

void BM_Aead_Open(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  OsRng rng;
  auto gcm = AesGcm::create(rng.secret(kKeyLen).reveal());
  if (!gcm.ok()) return state.SkipWithError("AesGcm::create failed");
  const std::vector<Sealed> msgs = prepare(*gcm, n, rng);
  if (msgs.empty()) return state.SkipWithError("prepare failed");
  size_t i = 0;
  for (auto _ : state) {
    const Sealed& m = msgs[i++ % kPrepared];
    auto pt = gcm->open(m.iv, aad(), m.data);
    if (!pt.ok()) {
      state.SkipWithError("open failed");
      break;
    }
    benchmark::DoNotOptimize(pt->mutable_data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

void BM_RawEvp_Open(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  OsRng rng;
  const SecretBytes key = rng.secret(kKeyLen);
  auto gcm = AesGcm::create(key.reveal());  // only to prepare the same kind of input
  RawGcm raw(key.reveal());
  if (!gcm.ok() || !raw.ok()) return state.SkipWithError("setup failed");
  const std::vector<Sealed> msgs = prepare(*gcm, n, rng);
  if (msgs.empty()) return state.SkipWithError("prepare failed");
  Bytes out(n + kTagLen);
  size_t i = 0;
  for (auto _ : state) {
    const Sealed& m = msgs[i++ % kPrepared];
    if (!raw.open(m.iv.data(), m.data, out.data())) {
      state.SkipWithError("EVP open failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

// Sizes: a short chat message, a typical one, a TLS-record-sized chunk of an
// attachment, and a large attachment.
void sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {64, 1024, 16384, 1 << 20}) b->Arg(n);
}

BENCHMARK(BM_Aead_Seal)->Apply(sizes);
BENCHMARK(BM_Aead_SealInto)->Apply(sizes);
BENCHMARK(BM_RawEvp_Seal)->Apply(sizes);
BENCHMARK(BM_Aead_Open)->Apply(sizes);
BENCHMARK(BM_RawEvp_Open)->Apply(sizes);

}  // namespace
}  // namespace e2e::bench
