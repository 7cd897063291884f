#include "common/rng.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

namespace e2e {
namespace {
[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "e2eproof: fatal: %s\n", what);
  std::abort();
}
}  // namespace

void OsRng::fill(std::span<uint8_t> out) {
  while (!out.empty()) {
    size_t n = out.size() > INT_MAX ? INT_MAX : out.size();
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) die("RAND_bytes failed");
    out = out.subspan(n);
  }
}

DeterministicRng::DeterministicRng(uint64_t seed, std::string_view label)
    : ctx_(EVP_CIPHER_CTX_new()) {
  Bytes material(label.begin(), label.end());
  for (int i = 0; i < 8; ++i) material.push_back(static_cast<uint8_t>(seed >> (8 * i)));
  uint8_t key[SHA256_DIGEST_LENGTH];
  SHA256(material.data(), material.size(), key);
  const uint8_t iv[16] = {0};  // counter 0, nonce 0: one stream per key
  if (!ctx_ || EVP_EncryptInit_ex(ctx_.get(), EVP_chacha20(), nullptr, key, iv) != 1) {
    die("DeterministicRng: ChaCha20 unavailable");
  }
  internal::wipe(key, sizeof(key));
}

void DeterministicRng::fill(std::span<uint8_t> out) {
  // Encrypting zeros yields the raw keystream.
  while (!out.empty()) {
    int n = out.size() > 4096 ? 4096 : static_cast<int>(out.size());
    std::fill(out.begin(), out.begin() + n, uint8_t{0});
    int outl = 0;
    if (EVP_EncryptUpdate(ctx_.get(), out.data(), &outl, out.data(), n) != 1 || outl != n) {
      die("DeterministicRng: keystream failed");
    }
    out = out.subspan(static_cast<size_t>(n));
  }
}

}  // namespace e2e
