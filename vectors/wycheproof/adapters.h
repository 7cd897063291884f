// The per-family adapters behind families.cc: each turns one schema's test
// fields into calls of the reference/crypto API. Group checks return
// kUnsupported for parameters the crypto layer does not implement; prepare
// decodes every field up front, so a malformed file fails before any test runs.
#pragma once

#include <string_view>

#include "wycheproof/family.h"

namespace e2e::wycheproof {

namespace aead {  // aead_test_schema_v1.json, AES-GCM only
FileStatus check_group(std::string_view algorithm, const Fields& group);
FileResult<CaseRunner> prepare(std::string_view algorithm, const Fields& group, const Fields& test);
// policy: IVs longer than crypto::AesGcm::kMaxIvLen (OpenSSL's GCM limit) are
// outside the primitive and must be refused.
FileResult<std::optional<std::string>> policy(const Fields& group, const Fields& test);
}  // namespace aead

namespace ecdh {  // ecdh_{,ecpoint_,webcrypto_,pem_}test_schema_v1.json, P-256
enum class Encoding { kAsn, kEcpoint, kWebcrypto, kPem };
FileStatus check_group(Encoding encoding, const Fields& group);
FileResult<CaseRunner> prepare(Encoding encoding, const Fields& test);
}  // namespace ecdh

namespace ecdsa {  // ecdsa_verify_schema_v1.json (DER), ecdsa_p1363_verify_schema_v1.json
enum class SigFormat { kDer, kP1363 };
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(SigFormat format, const Fields& group, const Fields& test);
}  // namespace ecdsa

namespace eddsa {  // eddsa_verify_schema_v1.json, Ed25519
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(const Fields& group, const Fields& test);
}  // namespace eddsa

namespace xdh {  // xdh_{,asn_,pem_,jwk_}comp_schema_v1.json, X25519
enum class KeyForm { kRaw, kAsn, kPem, kJwk };
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(KeyForm form, const Fields& test);
}  // namespace xdh

namespace hkdf {  // hkdf_test_schema_v1.json, HKDF-SHA-256
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(const Fields& test);
}  // namespace hkdf

namespace mac {  // mac_test_schema_v1.json, HMACSHA256 (full and truncated tags)
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(const Fields& group, const Fields& test);
}  // namespace mac

namespace keywrap {  // keywrap_test_schema_v1.json, AES-WRAP (RFC 3394) and AES-KWP (RFC 5649)
FileStatus check_group(const Fields& group);
FileResult<CaseRunner> prepare(std::string_view algorithm, const Fields& test);
}  // namespace keywrap

// check_aes_key_size accepts a group `keySize` of 128, 192 or 256 bits.
FileStatus check_aes_key_size(const Fields& group);

}  // namespace e2e::wycheproof
