// A01 on the reference presets, and a downgraded hardened preset.
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(A01GhostMember, HardenedBlocks) {
  auto os = outcomes(run_a01_ghost_member, preset("hardened"));
  ASSERT_EQ(os.size(), 2u);
  for (const auto& o : os) {
    EXPECT_EQ(o.verdict, Verdict::kBlocked) << dump(os);
    EXPECT_EQ(o.evidence["attacker"]["wraps_received"], 0) << dump(os);
    EXPECT_TRUE(o.evidence["attacker"]["decrypted"].empty());
    // The forged change was refused visibly by every member.
    for (const char* who : {"alice", "bob", "carol"}) {
      bool rejected = false;
      for (const auto& e : o.evidence["clients"][who]) rejected = rejected || e["event"] == "roster_rejected";
      EXPECT_TRUE(rejected) << who << " " << o.variant;
    }
  }
}

TEST(A01GhostMember, ElevenHandsMalloryTheChatKeyAndHistory) {
  auto os = outcomes(run_a01_ghost_member, preset("eleven"));
  ASSERT_EQ(os.size(), 2u);
  const auto& o = os[0];
  EXPECT_EQ(o.variant, "unsigned-notice");
  EXPECT_NE(o.verdict, Verdict::kBlocked) << dump(os);
  EXPECT_TRUE(o.evidence["attacker"]["held_chat_key"].get<bool>());
  // m1..m5 (history logged by the relay) and m6, m7.
  EXPECT_EQ(o.evidence["attacker"]["decrypted"].size(), 7u) << dump(os);
  EXPECT_EQ(verdict_of(os, "forged-signed-op"), "N/A");
}

TEST(A01GhostMember, ArthasNotApplicable) {
  auto os = outcomes(run_a01_ghost_member, preset("arthas"));
  EXPECT_EQ(combine(os), Verdict::kNotApplicable) << dump(os);
}

// Mutant: hardened with its roster policy and key distribution downgraded to
// the admin-credential design. The test must no longer see BLOCKED.
TEST(A01GhostMember, MutantDowngradedRosterIsNotBlocked) {
  auto p = preset("hardened");
  p.roster_policy = proto::RosterPolicy::kAdminCredential;
  p.key_source = proto::KeySource::kChatKey;
  p.sign_messages = p.replay_window = p.rotate_on_change = false;  // what the chat_key scheme honours
  auto os = outcomes(run_a01_ghost_member, p);
  EXPECT_NE(combine(os), Verdict::kBlocked) << dump(os);
  EXPECT_FALSE(os.at(0).evidence["attacker"]["decrypted"].empty()) << dump(os);
}

}  // namespace
}  // namespace e2e::attacks
