// The verdicts the evidence model exists to get right, on the real run: the
// registered attacks played on the in-process reference, the shipped claims
// registry, the audit's rules. Each case is one the cell-based model got
// wrong (the issue that introduced observations lists them).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "claims/claims.h"
#include "plan/plan.h"
#include "protocol/preset.h"

namespace e2e::plan {
namespace {

class ReferenceRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto reg = load_registry(shipped_claims_dir());
    ASSERT_TRUE(reg.ok()) << reg.error();
    registry_ = new audit::Registry(std::move(reg).value());
    audit::AuditInputs in;
    in.attacks = run_attacks(driver::in_process_factory(), proto::preset_names(), 20261123);
    ASSERT_TRUE(in.attacks->errors.empty()) << in.attacks->errors.front().message;
    for (const auto& r : audit::compute_claims(*registry_, in)) labels_[r.claim->id] = r.label();
    for (const auto& c : in.attacks->cells) cells_[c.attack + "/" + c.preset] = attacks::verdict_name(c.verdict);
  }
  static void TearDownTestSuite() { delete registry_; }

  static std::string label(const std::string& id) { return labels_.at(id); }
  static std::string cell(const std::string& key) { return cells_.at(key); }

  static inline audit::Registry* registry_ = nullptr;
  static inline std::map<std::string, std::string> labels_;
  static inline std::map<std::string, std::string> cells_;
};

// A roster line naming the ghost is not a warning: eleven's admin wrapped the
// key to her and she read the history, with nothing shown as a warning.
TEST_F(ReferenceRun, GhostMemberBreaksElevenAndRefutesItsMembershipClaims) {
  EXPECT_EQ(cell("A01/eleven"), "BREAKS");
  EXPECT_EQ(label("ELEVEN-05"), "refuted");  // was not-testable although A01 is a counterexample
  EXPECT_EQ(label("ELEVEN-09"), "refuted");  // was holds-with-conditions: the attacker decrypted everything
}

// The list of what the server sees is judged against every category: the
// stolen database shows timestamps and sizes the list leaves out.
TEST_F(ReferenceRun, ElevenMetadataListIsAConsistencyFinding) {
  EXPECT_EQ(label("ELEVEN-17"), "consistency-finding");  // was holds: nobody had looked
}

// A variant in which nobody compares safety numbers cannot refute a claim
// about comparing them; the comparison does not exist yet.
TEST_F(ReferenceRun, SafetyNumbersAreNotJudgedByAVariantWithoutThem) {
  EXPECT_EQ(label("PATTERNS-10"), "not-testable");  // was refuted
}

// G03's metadata findings do not put conditions on content claims.
TEST_F(ReferenceRun, MetadataFindingsLeaveContentClaimsAlone) {
  EXPECT_EQ(label("ARTHAS-05"), "holds");  // was holds-with-conditions
  EXPECT_EQ(label("ELEVEN-13"), "holds");
}

// Limits admitted by claim id: eleven's and the patterns document's
// first-contact substitution, and nothing more.
TEST_F(ReferenceRun, AdmittedSubstitutionIsDocumentedWhereADocumentAdmitsIt) {
  EXPECT_EQ(cell("A03/eleven"), "DOCUMENTED");
  EXPECT_EQ(cell("A03/hardened"), "DOCUMENTED");
  EXPECT_EQ(cell("A03/arthas"), "BREAKS");
  EXPECT_EQ(label("ELEVEN-16"), "documented-limit");
  EXPECT_EQ(label("PATTERNS-20"), "documented-limit");
}

// A property's "evidence for" list is the registry's: the replay property on
// arthas is what ARTHAS-07 cites, the exactly-once property what PATTERNS-15 cites.
TEST_F(ReferenceRun, PropertyClaimsComeFromTheRegistry) {
  const auto arthas = claims_citing(*registry_, "delivery/replay-shown-again", "arthas");
  EXPECT_NE(std::find(arthas.begin(), arthas.end(), "ARTHAS-07"), arthas.end());
  const auto hardened = claims_citing(*registry_, "delivery/exactly-once", "hardened");
  EXPECT_NE(std::find(hardened.begin(), hardened.end(), "PATTERNS-15"), hardened.end());
  EXPECT_TRUE(claims_citing(*registry_, "delivery/replay-shown-again", "eleven").empty() ||
              claims_citing(*registry_, "delivery/replay-shown-again", "eleven").front().rfind("ELEVEN-", 0) == 0);
}

}  // namespace
}  // namespace e2e::plan
