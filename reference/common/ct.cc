#include "common/ct.h"

#include <openssl/crypto.h>

namespace e2e::ct {

bool equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace e2e::ct
