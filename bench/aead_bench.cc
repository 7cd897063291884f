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

#include "common/rng.h"
#include "crypto/aes_gcm.h"
#include "raw_gcm.h"

namespace e2e::bench {
namespace {

using crypto::AesGcm;

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

BENCHMARK(BM_Aead_Seal)->Apply(sizes);
BENCHMARK(BM_Aead_SealInto)->Apply(sizes);
BENCHMARK(BM_RawEvp_Seal)->Apply(sizes);
BENCHMARK(BM_Aead_Open)->Apply(sizes);
BENCHMARK(BM_RawEvp_Open)->Apply(sizes);

}  // namespace
}  // namespace e2e::bench
