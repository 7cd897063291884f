// ECDSA P-256 / SHA-256 verification (ecdsa_verify_schema_v1.json for DER,
// ecdsa_p1363_verify_schema_v1.json for r||s) through crypto::P256PublicKey.
// The group key is publicKey.uncompressed; each test imports it afresh so one
// test's outcome never depends on another's.
#include "crypto/p256.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::ecdsa {
namespace {

struct Case {
  Bytes public_point, msg, sig;
};

std::vector<OpOutcome> run(SigFormat format, const Case& c) {
  auto pub = crypto::P256PublicKey::from_uncompressed(c.public_point);
  if (!pub.ok()) return {OpOutcome::rejected("public key import", pub.error())};
  auto verified = format == SigFormat::kDer ? crypto::ecdsa_p256_verify_der(*pub, c.msg, c.sig)
                                            : crypto::ecdsa_p256_verify_p1363(*pub, c.msg, c.sig);
  const char* op = format == SigFormat::kDer ? "ecdsa_p256_verify_der" : "ecdsa_p256_verify_p1363";
  if (!verified.ok()) return {OpOutcome::rejected(op, verified.error())};
  return {OpOutcome::accepted_unchecked(op)};
}

}  // namespace

FileStatus check_group(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(std::string sha, group.string("sha"));
  if (sha != "SHA-256") {
    return group.error(Problem::kUnsupported, "sha",
                       "unsupported sha \"" + sha + "\" (only SHA-256)");
  }
  E2E_ASSIGN_OR_RETURN(Fields key, group.nested("publicKey"));
  E2E_ASSIGN_OR_RETURN(std::string curve, key.string("curve"));
  if (curve != "secp256r1") {
    return key.error(Problem::kUnsupported, "curve",
                     "unsupported curve \"" + curve + "\" (only secp256r1)");
  }
  E2E_ASSIGN_OR_RETURN(Bytes point, key.hex("uncompressed"));
  (void)point;
  return {};
}

FileResult<CaseRunner> prepare(SigFormat format, const Fields& group, const Fields& test) {
  Case c;
  E2E_ASSIGN_OR_RETURN(Fields key, group.nested("publicKey"));
  E2E_ASSIGN_OR_RETURN(c.public_point, key.hex("uncompressed"));
  E2E_ASSIGN_OR_RETURN(c.msg, test.hex("msg"));
  E2E_ASSIGN_OR_RETURN(c.sig, test.hex("sig"));
  return CaseRunner([format, c = std::move(c)](Expected) { return run(format, c); });
}

}  // namespace e2e::wycheproof::ecdsa
