#include "crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace e2e::crypto {

Bytes sha256(ByteView data) {
  Bytes out(kSha256Len);
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure or a missing provider; neither
  // is recoverable for a caller, and returning a wrong digest would be worse.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != kSha256Len) {
    std::fprintf(stderr, "e2eproof: fatal: SHA-256 unavailable\n");
    std::abort();
  }
  return out;
}

}  // namespace e2e::crypto
