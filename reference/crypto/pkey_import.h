// Strict key-container helpers shared by p256.cc and x25519.cc. Internal to
// reference/crypto (not part of the API). They only frame and decode; the
// callers check key type, curve and canonical form on what comes back.
//
// Header-only on purpose: the helpers are small, and this keeps the
// library's source list unchanged.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/ossl.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::crypto::internal {

// Keys are small; anything larger is refused before OpenSSL sees it, which also
// keeps every length cast to OpenSSL's int/long safe.
inline constexpr size_t kMaxKeyEncodingLen = 16 * 1024;

// data_or_empty gives OpenSSL a valid pointer even for an empty view.
inline const uint8_t* data_or_empty(ByteView v) {
  static const uint8_t kEmpty = 0;
  return v.empty() ? &kEmpty : v.data();
}

// fatal is for invariants our own constructors establish (a key we built has
// a 32-byte public key, ...): breaking one is a bug, not an input error.
[[noreturn]] inline void fatal(std::string_view what) {
  e2e::internal::die_on_error(ossl::fail(Errc::kInternal, what));
}

// pem_decode returns the DER inside exactly one PEM block labelled |label|.
// Only whitespace may surround the block; the body is base64 lines with no
// encapsulated headers (so no encrypted PEM). The result is SecretBytes
// because private-key blocks use it too. Anything else: kInvalidKey.
inline Result<SecretBytes> pem_decode(std::string_view pem, std::string_view label) {
  constexpr std::string_view kWs = " \t\r\n";
  if (pem.size() > kMaxKeyEncodingLen) return make_error(Errc::kInvalidKey, "PEM too long");
  size_t first = pem.find_first_not_of(kWs);
  if (first == std::string_view::npos) return make_error(Errc::kInvalidKey, "empty PEM");
  pem = pem.substr(first, pem.find_last_not_of(kWs) - first + 1);

  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  if (!pem.starts_with(begin) || !pem.ends_with(end) || pem.size() < begin.size() + end.size()) {
    return make_error(Errc::kInvalidKey, "not a single PEM block with the expected label");
  }
  std::string_view body = pem.substr(begin.size(), pem.size() - begin.size() - end.size());
  // RFC 7468 framing: the BEGIN and END lines are lines of their own.
  if (!(body.starts_with('\n') || body.starts_with("\r\n")) || !body.ends_with('\n')) {
    return make_error(Errc::kInvalidKey, "PEM boundary lines not on their own lines");
  }

  // Line breaks are the only separators allowed; everything else must be
  // base64, with '=' only as trailing padding.
  std::string b64;
  b64.reserve(body.size());
  size_t pad = 0;
  for (char c : body) {
    if (c == '\n' || c == '\r') continue;
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/';
    if (c == '=') {
      ++pad;
    } else if (!alpha || pad != 0) {
      return make_error(Errc::kInvalidKey, "PEM body is not base64");
    }
    b64.push_back(c);
  }
  if (b64.empty() || b64.size() % 4 != 0 || pad > 2) {
    return make_error(Errc::kInvalidKey, "PEM body is not base64");
  }
  SecretBytes der(b64.size() / 4 * 3);
  int n = EVP_DecodeBlock(der.mutable_data(), reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  if (n < 0 || static_cast<size_t>(n) != der.size()) {
    return ossl::fail(Errc::kInvalidKey, "PEM body is not base64");
  }
  der.resize(der.size() - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  return der;
}

// decode_spki parses one DER SubjectPublicKeyInfo that must fill |der|
// exactly. Callers still compare a canonical re-encoding (spki_der), since
// OpenSSL's parser tolerates some BER.
inline Result<ossl::Ptr<EVP_PKEY>> decode_spki(ByteView der) {
  if (der.empty() || der.size() > kMaxKeyEncodingLen) {
    return make_error(Errc::kInvalidKey, "bad SPKI length");
  }
  const unsigned char* p = der.data();
  ossl::Ptr<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!pkey) return ossl::fail(Errc::kInvalidKey, "SPKI does not parse");
  if (p != der.data() + der.size()) return ossl::fail(Errc::kInvalidKey, "bytes after SPKI");
  return pkey;
}

// spki_der is OpenSSL's (DER) SubjectPublicKeyInfo encoding of |pkey|.
inline Result<Bytes> spki_der(EVP_PKEY* pkey) {
  int len = i2d_PUBKEY(pkey, nullptr);
  if (len <= 0) return ossl::fail(Errc::kInternal, "i2d_PUBKEY size");
  Bytes out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  if (i2d_PUBKEY(pkey, &p) != len) return ossl::fail(Errc::kInternal, "i2d_PUBKEY");
  return out;
}

enum class PrivateDer { kPkcs8, kSec1 };

// private_der_kind tells PKCS#8 PrivateKeyInfo, SEQUENCE { INTEGER, SEQUENCE,
// ... }, from SEC1 ECPrivateKey, SEQUENCE { INTEGER, OCTET STRING, ... }, by
// the tag after the version. It only routes the input (OpenSSL's decoder
// would take either); parsing and validation are OpenSSL's.
inline std::optional<PrivateDer> private_der_kind(ByteView der) {
  size_t pos = 0;
  auto header = [&](uint8_t want_tag, size_t* len) {
    if (pos + 2 > der.size() || der[pos] != want_tag) return false;
    uint8_t l = der[pos + 1];
    pos += 2;
    if (l < 0x80) {
      *len = l;
      return true;
    }
    size_t n = l & 0x7f;
    if (n == 0 || n > 2 || pos + n > der.size()) return false;
    *len = 0;
    for (size_t i = 0; i < n; ++i) *len = (*len << 8) | der[pos++];
    return true;
  };
  size_t len = 0;
  if (!header(0x30, &len) || !header(0x02, &len) || pos + len >= der.size()) return std::nullopt;
  pos += len;
  if (der[pos] == 0x30) return PrivateDer::kPkcs8;
  if (der[pos] == 0x04) return PrivateDer::kSec1;
  return std::nullopt;
}

// decode_private_der parses a DER private key of OpenSSL type |evp_type|
// (EVP_PKEY_EC, EVP_PKEY_X25519) in container |kind|; it must fill |der|
// exactly. The caller checks what the key is.
inline Result<ossl::Ptr<EVP_PKEY>> decode_private_der(ByteView der, int evp_type,
                                                      PrivateDer kind) {
  if (der.size() > kMaxKeyEncodingLen || private_der_kind(der) != kind) {
    return make_error(Errc::kInvalidKey, "not the expected private key container");
  }
  const unsigned char* p = der.data();
  ossl::Ptr<EVP_PKEY> pkey(
      d2i_PrivateKey_ex(evp_type, nullptr, &p, static_cast<long>(der.size()), nullptr, nullptr));
  if (!pkey) return ossl::fail(Errc::kInvalidKey, "private key does not parse");
  if (p != der.data() + der.size()) return ossl::fail(Errc::kInvalidKey, "bytes after private key");
  return pkey;
}

}  // namespace e2e::crypto::internal
