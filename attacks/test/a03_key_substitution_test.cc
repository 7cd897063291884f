// A03 on the reference presets: verdicts and observations; a mutant without
// the document's admission.
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(A03KeySubstitution, ElevenFirstContactIsTheDocumentedLimit) {
  auto os = outcomes("A03", preset("eleven"));
  ASSERT_EQ(os.size(), 3u);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "DOCUMENTED") << dump(os);
  const auto& a = os[0];
  EXPECT_EQ(a.evidence["documented_by"]["claim"], "ELEVEN-16");
  // Proven by real decryption of what the peers sent, not by assumption.
  EXPECT_GE(a.evidence["attacker"]["decrypted"].size(), 3u) << dump(os);
  EXPECT_GE(count_of(os, "a-first-contact", "attacker.decrypted"), 3);
  EXPECT_EQ(count_of(os, "a-first-contact", "attacker.held_key"), 1);
  EXPECT_EQ(warned_total(os, "a-first-contact"), 0);
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
  EXPECT_GT(count_of(os, "b-known-key", "client.warned", "key_changed"), 0) << dump(os);
  EXPECT_EQ(verdict_of(os, "c-with-verification"), "N/A");
  EXPECT_TRUE(os[2].observations.empty());
}

TEST(A03KeySubstitution, ArthasSigningKeySubstitutionForgesSignedItems) {
  auto os = outcomes("A03", preset("arthas"));
  ASSERT_EQ(os.size(), 3u);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "BREAKS") << dump(os);
  EXPECT_TRUE(os[0].evidence["attacker"]["decrypted"].empty());
  EXPECT_TRUE(os[0].evidence["attacker"]["forged_shown_as_signed"].get<bool>());
  EXPECT_EQ(count_of(os, "a-first-contact", "client.accepted_forged"), 1);
  EXPECT_EQ(count_of(os, "a-first-contact", "attacker.decrypted"), 0);
  EXPECT_EQ(count_of(os, "a-first-contact", "attacker.held_key"), 0);
  EXPECT_EQ(warned_total(os, "a-first-contact"), 0);
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
  EXPECT_GT(count_of(os, "b-known-key", "client.warned", "key_changed"), 0) << dump(os);
}

TEST(A03KeySubstitution, HardenedKnownKeyIsNoticed) {
  auto os = outcomes("A03", preset("hardened"));
  ASSERT_EQ(os.size(), 3u);
  // No verification feature: first contact is not caught, which the patterns
  // document admits (PATTERNS-20), so the silent success is DOCUMENTED.
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "DOCUMENTED") << dump(os);
  EXPECT_GT(count_of(os, "a-first-contact", "attacker.decrypted"), 0);
  // The content-key form forges nothing, so it does not record accepted_forged.
  EXPECT_EQ(count_of(os, "a-first-contact", "client.accepted_forged"), -1);
  EXPECT_EQ(verdict_of(os, "b-known-key"), "NOTICED") << dump(os);
}

// Mutant: the same design without its document's admission. The silent
// success must then be reported as BREAKS.
TEST(A03KeySubstitution, MutantWithoutTheAdmissionBreaks) {
  auto p = preset("eleven");
  p.claims_prefix = "UNDOCUMENTED";
  auto os = outcomes("A03", p);
  EXPECT_EQ(verdict_of(os, "a-first-contact"), "BREAKS") << dump(os);
}

// A limit binds only to the document whose claim ids it names: the prefix
// must be followed by "-" (ELEVEN does not admit for ELEVENTH).
TEST(A03KeySubstitution, LimitsBindByClaimPrefix) {
  const AttackSpec& spec = *find_attack("A03");
  EXPECT_NE(find_limit(spec, "first-contact-substitution", "ELEVEN"), nullptr);
  EXPECT_EQ(find_limit(spec, "first-contact-substitution", "ELEVE"), nullptr);
  EXPECT_EQ(find_limit(spec, "first-contact-substitution", "ARTHAS"), nullptr);
  EXPECT_EQ(find_limit(spec, "first-contact-substitution", ""), nullptr);
}

}  // namespace
}  // namespace e2e::attacks
