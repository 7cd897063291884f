// The schema table: one row per Wycheproof v1 schema the runner understands.
#include <algorithm>
#include <array>

#include "wycheproof/adapters.h"
#include "wycheproof/family.h"

namespace e2e::wycheproof {
namespace {

bool contains(std::string_view s, std::string_view part) { return s.find(part) != s.npos; }

// The `belongs` predicates only choose the wording of the exit-2 message
// ("unsupported algorithm" vs "does not match the schema"); both stop the run.
bool aead_belongs(std::string_view a) {
  for (std::string_view p :
       {"GCM", "CCM", "EAX", "POLY1305", "AEGIS", "MORUS", "ASCON", "OCB", "SIV"}) {
    if (contains(a, p)) return true;
  }
  return false;
}
bool mac_belongs(std::string_view a) {
  return a.starts_with("HMAC") || contains(a, "CMAC") || a.starts_with("SipHash") ||
         a.starts_with("KMAC") || contains(a, "GMAC") || a.starts_with("VMAC");
}
bool hkdf_belongs(std::string_view a) { return a.starts_with("HKDF-"); }
bool keywrap_belongs(std::string_view a) { return a.ends_with("-WRAP") || a.ends_with("-KWP"); }
bool only_supported(std::string_view) { return false; }

constexpr std::string_view kAesGcm[] = {"AES-GCM"};
constexpr std::string_view kEcdh[] = {"ECDH"};
constexpr std::string_view kEcdsa[] = {"ECDSA"};
constexpr std::string_view kEddsa[] = {"EDDSA"};
constexpr std::string_view kXdh[] = {"XDH"};
constexpr std::string_view kHkdf[] = {"HKDF-SHA-256"};
constexpr std::string_view kHmac[] = {"HMACSHA256"};
constexpr std::string_view kKeywrap[] = {"AES-WRAP", "AES-KWP"};

template <ecdh::Encoding E>
FileStatus ecdh_group(std::string_view, const Fields& g) {
  return ecdh::check_group(E, g);
}
template <ecdh::Encoding E>
FileResult<CaseRunner> ecdh_case(std::string_view, const Fields&, const Fields& t) {
  return ecdh::prepare(E, t);
}
template <ecdsa::SigFormat F>
FileResult<CaseRunner> ecdsa_case(std::string_view, const Fields& g, const Fields& t) {
  return ecdsa::prepare(F, g, t);
}
template <xdh::KeyForm K>
FileResult<CaseRunner> xdh_case(std::string_view, const Fields&, const Fields& t) {
  return xdh::prepare(K, t);
}

const std::array<Family, 15> kFamilies = {{
    {"aead_test_schema_v1.json", "AeadTest", kAesGcm,
     "keySize 128/192/256, tagSize 128, any ivSize", aead_belongs, aead::check_group,
     aead::prepare, aead::policy},
    {"ecdh_test_schema_v1.json", "EcdhTest", kEcdh,
     "secp256r1; SPKI DER peer keys, BigInt private keys", only_supported,
     ecdh_group<ecdh::Encoding::kAsn>, ecdh_case<ecdh::Encoding::kAsn>, nullptr},
    {"ecdh_ecpoint_test_schema_v1.json", "EcdhEcpointTest", kEcdh,
     "secp256r1; X9.62 point peer keys, BigInt private keys", only_supported,
     ecdh_group<ecdh::Encoding::kEcpoint>, ecdh_case<ecdh::Encoding::kEcpoint>, nullptr},
    {"ecdh_webcrypto_test_schema_v1.json", "EcdhWebcryptoTest", kEcdh, "P-256; JWK keys",
     only_supported, ecdh_group<ecdh::Encoding::kWebcrypto>, ecdh_case<ecdh::Encoding::kWebcrypto>, nullptr},
    {"ecdh_pem_test_schema_v1.json", "EcdhPemTest", kEcdh, "secp256r1; PEM keys", only_supported,
     ecdh_group<ecdh::Encoding::kPem>, ecdh_case<ecdh::Encoding::kPem>, nullptr},
    {"ecdsa_verify_schema_v1.json", "EcdsaVerify", kEcdsa, "secp256r1 with SHA-256; DER signatures",
     only_supported, [](std::string_view, const Fields& g) { return ecdsa::check_group(g); },
     ecdsa_case<ecdsa::SigFormat::kDer>, nullptr},
    {"ecdsa_p1363_verify_schema_v1.json", "EcdsaP1363Verify", kEcdsa,
     "secp256r1 with SHA-256; r||s signatures", only_supported,
     [](std::string_view, const Fields& g) { return ecdsa::check_group(g); },
     ecdsa_case<ecdsa::SigFormat::kP1363>, nullptr},
    {"eddsa_verify_schema_v1.json", "EddsaVerify", kEddsa, "edwards25519 (Ed25519) verification",
     only_supported, [](std::string_view, const Fields& g) { return eddsa::check_group(g); },
     [](std::string_view, const Fields& g, const Fields& t) { return eddsa::prepare(g, t); }, nullptr},
    {"xdh_comp_schema_v1.json", "XdhComp", kXdh, "curve25519; raw keys", only_supported,
     [](std::string_view, const Fields& g) { return xdh::check_group(g); },
     xdh_case<xdh::KeyForm::kRaw>, nullptr},
    {"xdh_asn_comp_schema_v1.json", "XdhAsnComp", kXdh, "curve25519; PKCS#8 / SPKI DER keys",
     only_supported, [](std::string_view, const Fields& g) { return xdh::check_group(g); },
     xdh_case<xdh::KeyForm::kAsn>, nullptr},
    {"xdh_pem_comp_schema_v1.json", "XdhPemComp", kXdh, "curve25519; PEM keys", only_supported,
     [](std::string_view, const Fields& g) { return xdh::check_group(g); },
     xdh_case<xdh::KeyForm::kPem>, nullptr},
    {"xdh_jwk_comp_schema_v1.json", "XdhJwkComp", kXdh, "curve25519; JWK keys", only_supported,
     [](std::string_view, const Fields& g) { return xdh::check_group(g); },
     xdh_case<xdh::KeyForm::kJwk>, nullptr},
    {"hkdf_test_schema_v1.json", "HkdfTest", kHkdf, "any IKM size, output up to 255*32 bytes",
     hkdf_belongs, [](std::string_view, const Fields& g) { return hkdf::check_group(g); },
     [](std::string_view, const Fields&, const Fields& t) { return hkdf::prepare(t); }, nullptr},
    {"mac_test_schema_v1.json", "MacTest", kHmac,
     "any key size, tagSize 8..256 bits in whole bytes", mac_belongs,
     [](std::string_view, const Fields& g) { return mac::check_group(g); },
     [](std::string_view, const Fields& g, const Fields& t) { return mac::prepare(g, t); }, nullptr},
    {"keywrap_test_schema_v1.json", "KeywrapTest", kKeywrap, "keySize 128/192/256", keywrap_belongs,
     [](std::string_view, const Fields& g) { return keywrap::check_group(g); },
     [](std::string_view a, const Fields&, const Fields& t) { return keywrap::prepare(a, t); }, nullptr},
}};

}  // namespace

bool Family::supports(std::string_view algorithm) const {
  return std::find(algorithms.begin(), algorithms.end(), algorithm) != algorithms.end();
}

const Family* find_family(std::string_view schema) {
  for (const Family& f : kFamilies) {
    if (f.schema == schema) return &f;
  }
  return nullptr;
}

std::span<const Family> all_families() { return kFamilies; }

FileStatus check_aes_key_size(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(int64_t bits, group.integer("keySize"));
  if (bits != 128 && bits != 192 && bits != 256) {
    return group.error(
        Problem::kUnsupported, "keySize",
        "unsupported keySize " + std::to_string(bits) + " (AES takes 128, 192 or 256)");
  }
  return {};
}

}  // namespace e2e::wycheproof
