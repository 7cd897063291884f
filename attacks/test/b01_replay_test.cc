// B01 on the reference presets, and a mutant that must flip the verdict.
#include "attack_test_util.h"
#include "mutants.h"

namespace e2e::attacks {
namespace {
using namespace testing;

TEST(B01Replay, ArthasBreaks) {
  auto os = outcomes(run_b01_replay, preset("arthas"));
  ASSERT_EQ(os.size(), 7u);
  // The relay's item id is deduplicated (PROTO-CLIENT-02): a verbatim copy is
  // refused, but nothing inside the ciphertext is, so a fresh id gets through.
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BLOCKED") << dump(os);
  for (const char* v : {"v2-fresh-envelope", "v3-after-restart", "v4-late-joiner", "v5-other-chat", "v6-typing",
                        "v6-roster"}) {
    EXPECT_EQ(verdict_of(os, v), "BREAKS") << v << "\n" << dump(os);
  }
  EXPECT_EQ(combine(os), Verdict::kBreaks);
}

TEST(B01Replay, ElevenBreaks) {
  auto os = outcomes(run_b01_replay, preset("eleven"));
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BLOCKED") << dump(os);
  for (const char* v : {"v2-fresh-envelope", "v3-after-restart", "v4-late-joiner", "v6-typing", "v6-roster"}) {
    EXPECT_EQ(verdict_of(os, v), "BREAKS") << v << "\n" << dump(os);
  }
  EXPECT_EQ(verdict_of(os, "v5-other-chat"), "N/A");
  EXPECT_EQ(combine(os), Verdict::kBreaks);
}

TEST(B01Replay, HardenedBlocksEveryVariant) {
  auto os = outcomes(run_b01_replay, preset("hardened"));
  for (const auto& o : os) {
    if (o.variant == "v5-other-chat") {
      EXPECT_EQ(o.verdict, Verdict::kNotApplicable);
    } else {
      EXPECT_EQ(o.verdict, Verdict::kBlocked) << o.variant << "\n" << dump(os);
    }
  }
  EXPECT_EQ(combine(os), Verdict::kBlocked);
}

// Mutant: the hardened client without persisted processed ids and replay
// windows. The test must no longer see BLOCKED.
TEST(B01Replay, MutantWithoutReplayStateIsNotBlocked) {
  auto os = outcomes(run_b01_replay, preset("hardened"), 1, amnesiac_factory());
  EXPECT_EQ(verdict_of(os, "v1-verbatim"), "BREAKS") << dump(os);
  EXPECT_EQ(verdict_of(os, "v2-fresh-envelope"), "BREAKS") << dump(os);
  EXPECT_NE(combine(os), Verdict::kBlocked);
}

}  // namespace
}  // namespace e2e::attacks
