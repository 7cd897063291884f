// Randomness is injected: production code takes an Rng&, so tests and vector
// generators can substitute a seeded, reproducible source.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/bytes.h"
#include "common/ossl.h"
#include "common/secret_bytes.h"

namespace e2e {

class Rng {
 public:
  virtual ~Rng() = default;
  // fill writes random bytes into |out|. It cannot fail: a source that cannot
  // produce randomness aborts the process rather than return weak bytes.
  virtual void fill(std::span<uint8_t> out) = 0;

  Bytes bytes(size_t n) {
    Bytes b(n);
    fill(b);
    return b;
  }
  SecretBytes secret(size_t n) {
    SecretBytes s(n);
    fill({s.mutable_data(), s.size()});
    return s;
  }
};

// OsRng draws from OpenSSL's CSPRNG (RAND_bytes).
class OsRng final : public Rng {
 public:
  void fill(std::span<uint8_t> out) override;
};

// DeterministicRng is for tests and vector generation only: a ChaCha20
// keystream keyed by SHA-256(label || seed). The same (seed, label) always
// yields the same bytes; different labels give independent streams.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(uint64_t seed, std::string_view label = "e2eproof-test");
  void fill(std::span<uint8_t> out) override;

 private:
  ossl::Ptr<EVP_CIPHER_CTX> ctx_;
};

}  // namespace e2e
