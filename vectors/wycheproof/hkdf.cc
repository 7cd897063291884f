// HKDF-SHA-256 (hkdf_test_schema_v1.json) through crypto::hkdf_sha256.
// `size` above 255*32 (SizeTooLarge) must be rejected by the API.
#include "crypto/hkdf.h"

#include "wycheproof/adapters.h"

namespace e2e::wycheproof::hkdf {
namespace {

struct Case {
  Bytes ikm, salt, info, okm;
  size_t size = 0;
};

std::vector<OpOutcome> run(const Case& c, Expected expected) {
  auto okm = crypto::hkdf_sha256(c.ikm, c.salt, c.info, c.size);
  if (!okm.ok()) return {OpOutcome::rejected("hkdf_sha256", okm.error())};
  if (expected == Expected::kInvalid) return {OpOutcome::accepted_unchecked("hkdf_sha256")};
  return {OpOutcome::produced("hkdf_sha256", okm->reveal(), c.okm)};
}

}  // namespace

// keySize is the IKM length in bits: informational, any value runs.
FileStatus check_group(const Fields&) { return {}; }

FileResult<CaseRunner> prepare(const Fields& test) {
  Case c;
  E2E_ASSIGN_OR_RETURN(c.ikm, test.hex("ikm"));
  E2E_ASSIGN_OR_RETURN(c.salt, test.hex("salt"));
  E2E_ASSIGN_OR_RETURN(c.info, test.hex("info"));
  E2E_ASSIGN_OR_RETURN(int64_t size, test.integer("size"));
  if (size < 0) return test.error(Problem::kBadValue, "size", "negative size");
  c.size = static_cast<size_t>(size);
  E2E_ASSIGN_OR_RETURN(c.okm, test.hex("okm"));
  return CaseRunner([c = std::move(c)](Expected e) { return run(c, e); });
}

}  // namespace e2e::wycheproof::hkdf
