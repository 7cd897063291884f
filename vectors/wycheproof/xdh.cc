// X25519 (xdh_{,asn_,pem_,jwk_}comp_schema_v1.json) through crypto::x25519.
// raw: 32-byte hex keys; asn: PKCS#8 private / SPKI public (hex DER);
// pem: PEM strings; jwk: JWK objects. The peer key is reduced to its raw 32
// bytes by the crypto layer's importers, then x25519() derives. `shared` is
// compared for valid and acceptable tests only.
#include "crypto/x25519.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::xdh {
namespace {

struct Case {
  Bytes private_bytes, public_bytes;  // raw or DER
  std::string private_pem, public_pem;
  crypto::Jwk private_jwk, public_jwk;
  Bytes shared;
};

Result<crypto::X25519PrivateKey> import_private(KeyForm form, const Case& c) {
  switch (form) {
    case KeyForm::kRaw: return crypto::X25519PrivateKey::from_raw(c.private_bytes);
    case KeyForm::kAsn: return crypto::X25519PrivateKey::from_pkcs8_der(c.private_bytes);
    case KeyForm::kPem: return crypto::X25519PrivateKey::from_pem(c.private_pem);
    case KeyForm::kJwk: return crypto::X25519PrivateKey::from_jwk(c.private_jwk);
  }
  return make_error(Errc::kInternal, "unknown key form");
}

Result<Bytes> import_public(KeyForm form, const Case& c) {
  switch (form) {
    case KeyForm::kRaw: return c.public_bytes;
    case KeyForm::kAsn: return crypto::x25519_public_from_spki_der(c.public_bytes);
    case KeyForm::kPem: return crypto::x25519_public_from_pem(c.public_pem);
    case KeyForm::kJwk: return crypto::x25519_public_from_jwk(c.public_jwk);
  }
  return make_error(Errc::kInternal, "unknown key form");
}

std::vector<OpOutcome> run(KeyForm form, const Case& c, Expected expected) {
  auto priv = import_private(form, c);
  if (!priv.ok()) return {OpOutcome::rejected("private key import", priv.error())};
  auto pub = import_public(form, c);
  if (!pub.ok()) return {OpOutcome::rejected("public key import", pub.error())};
  auto shared = crypto::x25519(*priv, *pub);
  if (!shared.ok()) return {OpOutcome::rejected("x25519", shared.error())};
  if (expected == Expected::kInvalid) return {OpOutcome::accepted_unchecked("x25519")};
  return {OpOutcome::produced("x25519", shared->reveal(), c.shared)};
}

}  // namespace

FileStatus check_group(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(std::string curve, group.string("curve"));
  if (curve != "curve25519") {
    return group.error(Problem::kUnsupported, "curve",
                       "unsupported curve \"" + curve + "\" (only curve25519)");
  }
  return {};
}

FileResult<CaseRunner> prepare(KeyForm form, const Fields& test) {
  Case c;
  switch (form) {
    case KeyForm::kRaw:
    case KeyForm::kAsn: {
      E2E_ASSIGN_OR_RETURN(c.public_bytes, test.hex("public"));
      E2E_ASSIGN_OR_RETURN(c.private_bytes, test.hex("private"));
      break;
    }
    case KeyForm::kPem: {
      E2E_ASSIGN_OR_RETURN(c.public_pem, test.string("public"));
      E2E_ASSIGN_OR_RETURN(c.private_pem, test.string("private"));
      break;
    }
    case KeyForm::kJwk: {
      E2E_ASSIGN_OR_RETURN(c.public_jwk, test.jwk("public"));
      E2E_ASSIGN_OR_RETURN(c.private_jwk, test.jwk("private"));
      break;
    }
  }
  E2E_ASSIGN_OR_RETURN(c.shared, test.hex("shared"));
  return CaseRunner([form, c = std::move(c)](Expected e) { return run(form, c, e); });
}

}  // namespace e2e::wycheproof::xdh
