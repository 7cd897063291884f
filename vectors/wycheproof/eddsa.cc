// Ed25519 verification (eddsa_verify_schema_v1.json) through
// crypto::ed25519_verify with the group's raw publicKey.pk.
#include "crypto/ed25519.h"
#include "wycheproof/adapters.h"

namespace e2e::wycheproof::eddsa {
namespace {

struct Case {
  Bytes public_key, msg, sig;
};

std::vector<OpOutcome> run(const Case& c) {
  auto verified = crypto::ed25519_verify(c.public_key, c.msg, c.sig);
  if (!verified.ok()) return {OpOutcome::rejected("ed25519_verify", verified.error())};
  return {OpOutcome::accepted_unchecked("ed25519_verify")};
}

}  // namespace

FileStatus check_group(const Fields& group) {
  E2E_ASSIGN_OR_RETURN(Fields key, group.nested("publicKey"));
  E2E_ASSIGN_OR_RETURN(std::string curve, key.string("curve"));
  if (curve != "edwards25519") {
    return key.error(Problem::kUnsupported, "curve",
                     "unsupported curve \"" + curve + "\" (only edwards25519)");
  }
  E2E_ASSIGN_OR_RETURN(Bytes pk, key.hex("pk"));
  (void)pk;
  return {};
}

FileResult<CaseRunner> prepare(const Fields& group, const Fields& test) {
  Case c;
  E2E_ASSIGN_OR_RETURN(Fields key, group.nested("publicKey"));
  E2E_ASSIGN_OR_RETURN(c.public_key, key.hex("pk"));
  E2E_ASSIGN_OR_RETURN(c.msg, test.hex("msg"));
  E2E_ASSIGN_OR_RETURN(c.sig, test.hex("sig"));
  return CaseRunner([c = std::move(c)](Expected) { return run(c); });
}

}  // namespace e2e::wycheproof::eddsa
