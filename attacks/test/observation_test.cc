// The observation vocabulary: lookups, keys, and what every registered
// variant may record is in it.
#include <gtest/gtest.h>

#include "attacks/attack_spec.h"

namespace e2e::attacks {
namespace {

TEST(Observation, VocabularyLookupsAndKeys) {
  ASSERT_NE(find_observation_name("client.warned"), nullptr);
  EXPECT_TRUE(find_observation_name("client.warned")->qualified);
  EXPECT_FALSE(find_observation_name("attacker.decrypted")->qualified);
  EXPECT_EQ(find_observation_name("attacker.guessed"), nullptr);
  EXPECT_EQ(observation_key("metadata", "chat-id"), "metadata{chat-id}");
  EXPECT_EQ(observation_key("attacker.held_key", ""), "attacker.held_key");
  EXPECT_EQ(warning_kinds().size(), 5u);
  EXPECT_EQ(metadata_categories().size(), 8u);
}

TEST(Observation, FindAndJson) {
  const std::vector<Observation> list = {{"client.warned", "gap", 0, "none"}, {"client.warned", "duplicate", 2, ""}};
  ASSERT_TRUE(find_observation(list, "client.warned", "duplicate").has_value());
  EXPECT_TRUE(find_observation(list, "client.warned", "duplicate")->present());
  EXPECT_FALSE(find_observation(list, "client.warned", "gap")->present());
  EXPECT_FALSE(find_observation(list, "client.warned").has_value());
  const auto j = to_json(list[1]);
  EXPECT_EQ(j["key"], "client.warned{duplicate}");
  EXPECT_EQ(j["count"], 2);
  EXPECT_FALSE(j.contains("detail"));
}

// A qualified record names a qualifier the vocabulary knows: a warning kind
// or a metadata category.
TEST(Observation, RegisteredQualifiersAreKnown) {
  for (const AttackSpec* s : registered_attacks()) {
    for (const auto& v : s->variants) {
      for (const auto& r : v.records) {
        const size_t brace = r.find('{');
        if (brace == std::string::npos) continue;
        const std::string name = r.substr(0, brace), q = r.substr(brace + 1, r.size() - brace - 2);
        bool known = false;
        if (name == "client.warned") {
          for (const auto& k : warning_kinds()) known = known || k == q;
        } else if (name == "metadata" || name == "sweep.looked_for") {
          for (const auto& c : metadata_categories()) known = known || c.name == q;
        } else {
          known = true;  // attacker.got_secret{kind}: kinds are open
        }
        EXPECT_TRUE(known) << s->id << " " << v.name << " records " << r;
      }
    }
  }
}

}  // namespace
}  // namespace e2e::attacks
