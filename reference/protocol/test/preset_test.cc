// Presets as data (docs/PROTOCOL.md §8): the switch table, row by row.
#include "protocol/preset.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace e2e::proto {
namespace {

Preset get(std::string_view name) {
  auto p = find_preset(name);
  if (!p.ok()) ADD_FAILURE() << p.error();
  return p.ok() ? *p : Preset{};
}

TEST(Preset, NamesAreStableAndAllFindable) {
  EXPECT_EQ(preset_names(), (std::vector<std::string>{"arthas", "eleven", "hardened"}));
  for (const std::string& name : preset_names()) {
    auto p = find_preset(name);
    ASSERT_TRUE(p.ok()) << name;
    EXPECT_EQ(p->name, name);
  }
}

TEST(Preset, UnknownNameIsNotFoundAndListsTheKnownOnes) {
  for (const char* bad : {"", "Arthas", "securemsg", "hardened ", "eleven\n"}) {
    auto p = find_preset(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.code(), Errc::kNotFound);
    for (const std::string& name : preset_names()) {
      EXPECT_NE(p.error().detail.find(name), std::string::npos) << p.error();
    }
  }
}

// §8 table, column "arthas".
TEST(Preset, ArthasMatchesTheSwitchTable) {
  const Preset p = get("arthas");
  EXPECT_EQ(p.claims_prefix, "ARTHAS");
  EXPECT_NE(p.source.find("001"), std::string::npos);
  EXPECT_EQ(p.key_source, KeySource::kShareCode);
  EXPECT_EQ(p.roster_policy, RosterPolicy::kOpen);
  EXPECT_TRUE(p.sign_messages);  // signs; receivers accept unsigned, flagged (see assumptions)
  EXPECT_FALSE(p.replay_window);
  EXPECT_FALSE(p.rotate_on_change);
  EXPECT_FALSE(p.invites);
  EXPECT_EQ(p.typing, TypingMode::kClear);
  EXPECT_FALSE(p.relay.ttl_ms);
  EXPECT_FALSE(p.relay.rate_limit);
}

// §8 table, column "eleven".
TEST(Preset, ElevenMatchesTheSwitchTable) {
  const Preset p = get("eleven");
  EXPECT_EQ(p.claims_prefix, "ELEVEN");
  EXPECT_NE(p.source.find("000"), std::string::npos);
  EXPECT_EQ(p.key_source, KeySource::kChatKey);
  EXPECT_EQ(p.roster_policy, RosterPolicy::kAdminCredential);
  EXPECT_FALSE(p.sign_messages);
  EXPECT_FALSE(p.replay_window);
  EXPECT_FALSE(p.rotate_on_change);
  EXPECT_TRUE(p.invites);
  EXPECT_EQ(p.typing, TypingMode::kEncrypted);
  EXPECT_FALSE(p.relay.ttl_ms);
  EXPECT_FALSE(p.relay.rate_limit);
}

// §8 table, column "hardened": every protection on.
TEST(Preset, HardenedMatchesTheSwitchTable) {
  const Preset p = get("hardened");
  EXPECT_EQ(p.claims_prefix, "PATTERNS");
  EXPECT_NE(p.source.find("003"), std::string::npos);
  EXPECT_EQ(p.key_source, KeySource::kEpochKey);
  EXPECT_EQ(p.roster_policy, RosterPolicy::kSignedOps);
  EXPECT_TRUE(p.sign_messages);
  EXPECT_TRUE(p.replay_window);
  EXPECT_TRUE(p.rotate_on_change);
  EXPECT_FALSE(p.invites);  // members join only through signed add operations
  EXPECT_EQ(p.typing, TypingMode::kEncrypted);
  EXPECT_FALSE(p.relay.ttl_ms);
  EXPECT_FALSE(p.relay.rate_limit);
}

// Assumptions are shown to auditors one per line: each is one plain sentence.
TEST(Preset, AssumptionsAreSingleSentences) {
  for (const std::string& name : preset_names()) {
    const Preset p = get(name);
    EXPECT_GE(p.assumptions.size(), 5u) << name;
    std::set<std::string> seen;
    for (const std::string& a : p.assumptions) {
      EXPECT_TRUE(seen.insert(a).second) << name << " repeats: " << a;
      ASSERT_FALSE(a.empty()) << name;
      EXPECT_EQ(a.back(), '.') << a;
      EXPECT_TRUE(a.front() >= 'A' && a.front() <= 'Z') << a;
      EXPECT_EQ(a.find('\n'), std::string::npos) << a;
      EXPECT_EQ(a.find(". "), std::string::npos) << "more than one sentence: " << a;
      EXPECT_LE(a.size(), 300u) << a;
    }
  }
}

// The assumptions §8 writes down explicitly are all there.
bool mentions(const Preset& p, std::string_view needle) {
  for (const std::string& a : p.assumptions) {
    if (a.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(Preset, AssumptionsCoverWhatSection8Assumes) {
  const Preset arthas = get("arthas");
  EXPECT_TRUE(mentions(arthas, "signing key"));  // how signature keys are bound
  EXPECT_TRUE(mentions(arthas, "\"unsigned\""));  // unsigned bodies are flagged
  EXPECT_TRUE(mentions(arthas, "acknowledges"));  // persistence
  EXPECT_TRUE(mentions(arthas, "replay"));
  const Preset eleven = get("eleven");
  EXPECT_TRUE(mentions(eleven, "never leaves the creator's device"));  // admin credential
  EXPECT_TRUE(mentions(eleven, "empty context"));                      // unbound wraps
  EXPECT_TRUE(mentions(eleven, "does not rotate"));
  const Preset hardened = get("hardened");
  EXPECT_TRUE(mentions(hardened, "trust on first use"));
  EXPECT_TRUE(mentions(hardened, "pinned"));
  EXPECT_TRUE(mentions(hardened, "invite"));
  for (const std::string& name : preset_names()) {
    EXPECT_TRUE(mentions(get(name), "names no such limit")) << name;  // the relay rules
  }
}

}  // namespace
}  // namespace e2e::proto
