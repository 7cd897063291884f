// Helpers shared by the asymmetric-key tests: hex literals, secret reveal,
// and DER/PEM fixtures produced by OpenSSL itself (independent of our code).
#pragma once

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string_view>

#include "common/bytes.h"
#include "common/encoding.h"
#include "common/ossl.h"
#include "common/secret_bytes.h"

namespace e2e::crypto::testing {

inline Bytes H(std::string_view hex) { return hex_decode(hex).value(); }
inline Bytes reveal(const SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

// bio_bytes copies what a memory BIO holds.
inline Bytes bio_bytes(BIO* b) {
  char* p = nullptr;
  long n = BIO_get_mem_data(b, &p);
  return Bytes(p, p + n);
}

// spki_of / pkcs8_of: OpenSSL's own DER encodings of |k|.
inline Bytes spki_of(EVP_PKEY* k) {
  int len = i2d_PUBKEY(k, nullptr);
  Bytes out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  EXPECT_EQ(i2d_PUBKEY(k, &p), len);
  return out;
}

inline Bytes pkcs8_of(EVP_PKEY* k) {
  ossl::Ptr<BIO> b(BIO_new(BIO_s_mem()));
  EXPECT_EQ(i2d_PKCS8PrivateKey_bio(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr), 1);
  return bio_bytes(b.get());
}

}  // namespace e2e::crypto::testing
