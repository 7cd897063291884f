// HMAC-SHA256 over EVP_MAC "HMAC".
#include "crypto/hmac.h"

#include <openssl/core_names.h>

#include "common/ct.h"
#include "common/ossl.h"

namespace e2e::crypto {
namespace {

// The one HMAC implementation, fetched once per process.
EVP_MAC* hmac_mac() {
  static const ossl::Ptr<EVP_MAC> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

}  // namespace

Result<Bytes> hmac_sha256(ByteView key, ByteView msg) {
  EVP_MAC* mac = hmac_mac();
  if (mac == nullptr) return ossl::fail(Errc::kInternal, "HMAC unavailable");
  ossl::Ptr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(mac));
  if (!ctx) return ossl::fail(Errc::kInternal, "EVP_MAC_CTX_new");

  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_end()};
  // A NULL key means "keep the previous key" to OpenSSL, and there is none:
  // an empty key is passed as a valid pointer with length 0.
  static const uint8_t kEmpty = 0;
  const uint8_t* key_ptr = key.empty() ? &kEmpty : key.data();
  E2E_TRY(ossl::check(EVP_MAC_init(ctx.get(), key_ptr, key.size(), params), Errc::kInternal,
                      "HMAC init"));
  if (!msg.empty()) {
    E2E_TRY(ossl::check(EVP_MAC_update(ctx.get(), msg.data(), msg.size()), Errc::kInternal,
                        "HMAC update"));
  }
  Bytes tag(kHmacSha256Len);
  size_t tag_len = 0;
  E2E_TRY(ossl::check(EVP_MAC_final(ctx.get(), tag.data(), &tag_len, tag.size()), Errc::kInternal,
                      "HMAC final"));
  if (tag_len != kHmacSha256Len) return ossl::fail(Errc::kInternal, "HMAC length");
  return tag;
}

Result<void> hmac_sha256_verify(ByteView key, ByteView msg, ByteView tag, size_t tag_len) {
  if (tag_len == 0 || tag_len > kHmacSha256Len) {
    return make_error(Errc::kInvalidArgument, "HMAC tag length must be 1..32");
  }
  // A tag of another length is refused outright: comparing only the bytes the
  // caller supplied would let a 1-byte tag pass with probability 1/256.
  if (tag.size() != tag_len) return make_error(Errc::kAuthFailed);
  E2E_ASSIGN_OR_RETURN(Bytes expected, hmac_sha256(key, msg));
  if (!ct::equal(ByteView(expected).first(tag_len), tag)) return make_error(Errc::kAuthFailed);
  return ok_result();
}

}  // namespace e2e::crypto
