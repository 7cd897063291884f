// Paired AEAD benchmarks: the wrapper and bare EVP measured in alternating
// blocks inside ONE benchmark, so both see the same CPU frequency, cache state
// and neighbour noise. Separate benchmarks (aead_bench.cc) run seconds apart
// and on a shared 2-core machine their ratio drifts by ±8%; pairing cancels
// most of that. Each iteration is one round: a block of raw calls and a block
// of wrapper calls, in alternating order; the counter "ratio" is the median
// over rounds of raw_time / wrapper_time, i.e. wrapper throughput as a share
// of raw EVP's (1.0 = no overhead). bench/ratios.py gates on it.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <vector>

#include "raw_gcm.h"
#include "common/rng.h"
#include "crypto/aes_gcm.h"

namespace e2e::bench {
namespace {

using crypto::AesGcm;
using Clock = std::chrono::steady_clock;

// Each block seals about this many bytes (at least one call), long enough that
// the clock reads are noise, short enough that a preemption spoils few rounds.
constexpr size_t kBlockBytes = 128 * 1024;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

template <class F>
double time_block(size_t calls, F&& f) {
  const auto t0 = Clock::now();
  for (size_t i = 0; i < calls; ++i) f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

enum class Op { kSeal, kSealInto, kOpen };

void paired(benchmark::State& state, Op op) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t calls = std::max<size_t>(1, kBlockBytes / n);
  OsRng rng;
  const SecretBytes key = rng.secret(kKeyLen);
  auto gcm = AesGcm::create(key.reveal());
  RawGcm raw(key.reveal());
  if (!gcm.ok() || !raw.ok()) return state.SkipWithError("setup failed");
  const Bytes pt = rng.bytes(n);
  auto sealed = gcm->seal(rng.bytes(kIvLen), aad(), pt);
  if (!sealed.ok()) return state.SkipWithError("prepare failed");
  const Bytes open_iv = rng.bytes(kIvLen);
  const Bytes ct = gcm->seal(open_iv, aad(), pt).value();
  Bytes out(n + kTagLen);
  std::array<uint8_t, kIvLen> iv{};
  bool failed = false;

  // One call of each side; both draw a fresh IV for sealing, as the protocol does.
  auto raw_call = [&] {
    if (op == Op::kOpen) {
      failed |= !raw.open(open_iv.data(), ct, out.data());
    } else {
      rng.fill(iv);
      failed |= !raw.seal(iv.data(), pt, out.data());
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  };
  auto wrapper_call = [&] {
    switch (op) {
      case Op::kSeal: {
        rng.fill(iv);
        auto r = gcm->seal(iv, aad(), pt);
        failed |= !r.ok();
        if (r.ok()) benchmark::DoNotOptimize(r->data());
        break;
      }
      case Op::kSealInto:
        rng.fill(iv);
        failed |= !gcm->seal_into(iv, aad(), pt, out).ok();
        benchmark::DoNotOptimize(out.data());
        break;
      case Op::kOpen: {
        auto r = gcm->open(open_iv, aad(), ct);
        failed |= !r.ok();
        if (r.ok()) benchmark::DoNotOptimize(r->mutable_data());
        break;
      }
    }
    benchmark::ClobberMemory();
  };

  std::vector<double> ratios;
  bool raw_first = true;
  for (auto _ : state) {
    double t_raw = 0, t_wrapper = 0;
    if (raw_first) {
      t_raw = time_block(calls, raw_call);
      t_wrapper = time_block(calls, wrapper_call);
    } else {
      t_wrapper = time_block(calls, wrapper_call);
      t_raw = time_block(calls, raw_call);
    }
    raw_first = !raw_first;
    if (t_wrapper > 0) ratios.push_back(t_raw / t_wrapper);
  }
  if (failed) return state.SkipWithError("a seal or open failed");
  state.counters["ratio"] = median(ratios);
  state.counters["rounds"] = static_cast<double>(ratios.size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * calls * n * 2));
}

void BM_Paired_Seal(benchmark::State& s) { paired(s, Op::kSeal); }
void BM_Paired_SealInto(benchmark::State& s) { paired(s, Op::kSealInto); }
void BM_Paired_Open(benchmark::State& s) { paired(s, Op::kOpen); }

BENCHMARK(BM_Paired_Seal)->Apply(sizes);
BENCHMARK(BM_Paired_SealInto)->Apply(sizes);
BENCHMARK(BM_Paired_Open)->Apply(sizes);

}  // namespace
}  // namespace e2e::bench
