// HKDF-SHA256 over EVP_KDF "HKDF".
#include "crypto/hkdf.h"

#include <openssl/core_names.h>

#include <array>

#include "common/ossl.h"

namespace e2e::crypto {
namespace {

constexpr size_t kHashLen = 32;

// The one HKDF implementation, fetched once per process.
EVP_KDF* hkdf_kdf() {
  static const ossl::Ptr<EVP_KDF> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  return kdf.get();
}

// octets builds an octet-string parameter. OpenSSL refuses a NULL pointer even
// for an empty value, so empty views point at a dummy byte instead.
OSSL_PARAM octets(const char* name, ByteView v) {
  static const uint8_t kEmpty = 0;
  const uint8_t* p = v.empty() ? &kEmpty : v.data();
  return OSSL_PARAM_construct_octet_string(name, const_cast<uint8_t*>(p), v.size());
}

bool valid_out_len(size_t n) { return n >= 1 && n <= kHkdfSha256MaxOutput; }

// derive runs one HKDF operation. |salt| is only sent in the modes that read
// it. An empty salt is sent as HashLen zero bytes (RFC 5869 §2.2) instead of
// relying on what OpenSSL 3.0 makes of a (NULL, 0) salt.
Result<SecretBytes> derive(int mode, ByteView key, ByteView salt, ByteView info, size_t out_len) {
  EVP_KDF* kdf = hkdf_kdf();
  if (kdf == nullptr) return ossl::fail(Errc::kInternal, "HKDF unavailable");
  ossl::Ptr<EVP_KDF_CTX> ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) return ossl::fail(Errc::kInternal, "EVP_KDF_CTX_new");

  static const std::array<uint8_t, kHashLen> kZeroSalt{};
  const ByteView effective_salt = salt.empty() ? ByteView(kZeroSalt) : salt;
  int mode_param = mode;
  OSSL_PARAM params[6];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode_param);
  params[n++] =
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0);
  params[n++] = octets(OSSL_KDF_PARAM_KEY, key);
  if (mode != EVP_KDF_HKDF_MODE_EXPAND_ONLY)
    params[n++] = octets(OSSL_KDF_PARAM_SALT, effective_salt);
  if (mode != EVP_KDF_HKDF_MODE_EXTRACT_ONLY && !info.empty())
    params[n++] = octets(OSSL_KDF_PARAM_INFO, info);
  params[n] = OSSL_PARAM_construct_end();

  SecretBytes out(out_len);
  if (EVP_KDF_derive(ctx.get(), out.mutable_data(), out_len, params) != 1) {
    out.clear();
    return ossl::fail(Errc::kInternal, "HKDF derive");
  }
  return out;
}

}  // namespace

Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, size_t out_len) {
  if (!valid_out_len(out_len)) {
    return make_error(Errc::kInvalidArgument, "HKDF output must be 1..8160 bytes");
  }
  return derive(EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND, ikm, salt, info, out_len);
}

Result<SecretBytes> hkdf_sha256_extract(ByteView ikm, ByteView salt) {
  return derive(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, salt, {}, kHashLen);
}

Result<SecretBytes> hkdf_sha256_expand(ByteView prk, ByteView info, size_t out_len) {
  if (prk.size() < kHashLen) {
    return make_error(Errc::kInvalidArgument, "HKDF PRK must be at least 32 bytes");
  }
  if (!valid_out_len(out_len)) {
    return make_error(Errc::kInvalidArgument, "HKDF output must be 1..8160 bytes");
  }
  return derive(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, {}, info, out_len);
}

}  // namespace e2e::crypto
