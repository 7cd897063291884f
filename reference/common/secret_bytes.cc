#include "common/secret_bytes.h"

#include <openssl/crypto.h>

#include "common/ct.h"

namespace e2e {

namespace internal {
void wipe(void* p, size_t len) {
  if (p != nullptr && len != 0) OPENSSL_cleanse(p, len);
}
}  // namespace internal

bool operator==(const SecretBytes& a, const SecretBytes& b) {
  return ct::equal(a.reveal(), b.reveal());
}

}  // namespace e2e
