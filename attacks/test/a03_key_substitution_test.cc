// A03 on the reference presets; a mutant of the documented-limit table.
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(A03KeySubstitution, ElevenFirstContactIsTheDocumentedLimit) {
  auto os = outcomes(run_a03_key_substitution, preset("eleven"));
  ASSERT_EQ(os.size(), 3u);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "DOCUMENTED") << dump(os);
  const auto& a = os[0];
  EXPECT_EQ(a.evidence["documented_by"]["claim"], "ELEVEN-16");
  // Proven by real decryption of what the peers sent, not by assumption.
  EXPECT_GE(a.evidence["attacker"]["decrypted"].size(), 3u) << dump(os);
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
  EXPECT_EQ(verdict_of(os, "c-with-verification"), "N/A");
}

TEST(A03KeySubstitution, ArthasSigningKeySubstitutionForgesSignedItems) {
  auto os = outcomes(run_a03_key_substitution, preset("arthas"));
  ASSERT_EQ(os.size(), 3u);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "BREAKS") << dump(os);
  EXPECT_TRUE(os[0].evidence["attacker"]["decrypted"].empty());
  EXPECT_TRUE(os[0].evidence["attacker"]["forged_shown_as_signed"].get<bool>());
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
}

TEST(A03KeySubstitution, HardenedKnownKeyIsNoticed) {
  auto os = outcomes(run_a03_key_substitution, preset("hardened"));
  ASSERT_EQ(os.size(), 3u);
  // No verification feature: first contact is not caught (see README).
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "BREAKS") << dump(os);
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
}

// Mutant: the same design without its document's admission. The silent
// success must then be reported as BREAKS.
TEST(A03KeySubstitution, MutantWithoutTheAdmissionBreaks) {
  auto p = preset("eleven");
  p.claims_prefix = "UNDOCUMENTED";
  auto os = outcomes(run_a03_key_substitution, p);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "BREAKS") << dump(os);
}

}  // namespace
}  // namespace e2e::attacks
