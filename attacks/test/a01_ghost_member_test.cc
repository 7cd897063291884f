// A01 on the reference presets: verdicts, observations, and a downgraded
// hardened preset as the mutant.
#include "attack_test_util.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(A01GhostMember, HardenedBlocks) {
  auto os = outcomes("A01", preset("hardened"));
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
    EXPECT_EQ(count_of(os, o.variant, "attacker.decrypted"), 0) << o.variant;
    EXPECT_EQ(count_of(os, o.variant, "attacker.held_key"), 0) << o.variant;
    EXPECT_EQ(count_of(os, o.variant, "client.wrapped_key_to_attacker"), 0) << o.variant;
    EXPECT_EQ(count_of(os, o.variant, "client.warned", "roster_rejected"), 3) << o.variant << "\n" << dump(os);
  }
}

// The admin's client wraps the key to the ghost and she reads everything; the
// members see only an ordinary roster line, which is not a warning: BREAKS.
TEST(A01GhostMember, ElevenHandsMalloryTheChatKeyAndHistory) {
  auto os = outcomes("A01", preset("eleven"));
  ASSERT_EQ(os.size(), 2u);
  const auto& o = os[0];
  EXPECT_EQ(o.variant, "unsigned-notice");
  EXPECT_EQ(o.verdict, Verdict::kBreaks) << dump(os);
  EXPECT_TRUE(o.evidence["attacker"]["held_chat_key"].get<bool>());
  // m1..m5 (history logged by the relay) and m6, m7.
  EXPECT_EQ(o.evidence["attacker"]["decrypted"].size(), 7u) << dump(os);
  EXPECT_EQ(count_of(os, "unsigned-notice", "attacker.decrypted"), 7);
  EXPECT_EQ(count_of(os, "unsigned-notice", "attacker.held_key"), 1);
  EXPECT_GE(count_of(os, "unsigned-notice", "client.wrapped_key_to_attacker"), 1);
  // alice, bob and carol each showed one line naming mallory.
  EXPECT_EQ(count_of(os, "unsigned-notice", "client.showed_roster_change"), 3) << dump(os);
  EXPECT_EQ(warned_total(os, "unsigned-notice"), 0) << dump(os);
  EXPECT_EQ(verdict_of(os, "forged-signed-op"), "N/A");
  EXPECT_TRUE(os[1].observations.empty());
}

TEST(A01GhostMember, ArthasNotApplicable) {
  auto os = outcomes("A01", preset("arthas"));
  EXPECT_EQ(combine(os), Verdict::kNotApplicable) << dump(os);
  for (const auto& o : os) EXPECT_TRUE(o.observations.empty()) << o.variant;
}

// Mutant: hardened with its roster policy and key distribution downgraded to
// the admin-credential design. The test must no longer see BLOCKED.
TEST(A01GhostMember, MutantDowngradedRosterIsNotBlocked) {
  auto p = preset("hardened");
  p.roster_policy = proto::RosterPolicy::kAdminCredential;
  p.key_source = proto::KeySource::kChatKey;
  p.sign_messages = p.replay_window = p.rotate_on_change = false;  // what the chat_key scheme honours
  auto os = outcomes("A01", p);
  EXPECT_NE(combine(os), Verdict::kBlocked) << dump(os);
  EXPECT_FALSE(os.at(0).evidence["attacker"]["decrypted"].empty()) << dump(os);
  EXPECT_GT(count_of(os, "unsigned-notice", "attacker.decrypted"), 0);
}

}  // namespace
}  // namespace e2e::attacks
