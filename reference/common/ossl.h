// RAII for every OpenSSL object through one deleter, and the one helper that
// turns an OpenSSL failure into our Error while draining the error queue (so no
// stale error leaks into a later call). No other file calls *_free directly.
#pragma once

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <memory>
#include <string_view>

#include "common/result.h"

namespace e2e::ossl {

struct Deleter {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
  void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(EVP_MD* p) const { EVP_MD_free(p); }
  void operator()(EVP_MAC* p) const { EVP_MAC_free(p); }
  void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); }
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
  void operator()(BN_CTX* p) const { BN_CTX_free(p); }
  void operator()(EC_GROUP* p) const { EC_GROUP_free(p); }
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};

template <class T>
using Ptr = std::unique_ptr<T, Deleter>;

// fail drains the OpenSSL error queue and returns Error{code, what}. The queue's
// text is deliberately not copied into the detail: it can name internal state.
inline Error fail(Errc code, std::string_view what) {
  ERR_clear_error();
  return make_error(code, std::string(what));
}

// check(rc, code, what) is ok when rc == 1 (OpenSSL's success), else fail().
inline Result<void> check(int rc, Errc code, std::string_view what) {
  if (rc == 1) return ok_result();
  return fail(code, what);
}

}  // namespace e2e::ossl
