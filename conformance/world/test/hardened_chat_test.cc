// hardened end to end: signed roster chain, key rotation on add and remove.
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

proto::Preset hardened() { return proto::find_preset("hardened").value(); }

// Builds alice (admin), bob and carol in chat "g", everything delivered.
void three_member_chat(World& w) {
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(w.add_device("carol", "Carol").ok());
  ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
  ASSERT_TRUE(w.deliver_all());
  ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", "bob")).ok());
  ASSERT_TRUE(w.deliver_all());
  ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", "carol")).ok());
  ASSERT_TRUE(w.deliver_all());
}

TEST(HardenedChat, AddTalkRemoveRotatesKeys) {
  World w(hardened(), 21);
  three_member_chat(w);
  for (const char* who : {"alice", "bob", "carol"}) {
    EXPECT_EQ(w.device(who).members("g").value(), (std::vector<Id>{"alice", "bob", "carol"})) << who;
    EXPECT_TRUE(events_of<client::RosterRejectedEvent>(w, who).empty()) << who;
  }
  E2E_RUN_OK(w, "bob", w.device("bob").send_text("g", "hi all"));
  E2E_RUN_OK(w, "carol", w.device("carol").send_text("g", "hello"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "alice", "g"), (std::vector<std::string>{"bob: hi all", "carol: hello"}));
  EXPECT_EQ(texts(w, "carol", "g"), std::vector<std::string>{"bob: hi all"});

  // Epochs: create (0), add bob (1), add carol (2). Carol never got the keys of
  // the epochs before she joined (PATTERNS-07).
  const auto& carol_keys = std::get<client::EpochKeyChat>(w.client("carol").state().chats.at("g").scheme).epoch_keys;
  EXPECT_EQ(carol_keys.count(0), 0u);
  EXPECT_EQ(carol_keys.count(1), 0u);
  EXPECT_EQ(carol_keys.count(2), 1u);

  E2E_RUN_OK(w, "alice", w.device("alice").remove_member("g", "carol"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(w.device("bob").members("g").value(), (std::vector<Id>{"alice", "bob"}));
  // Removal rotates: epoch 3 exists for alice and bob, not for carol (PATTERNS-08).
  EXPECT_EQ(std::get<client::EpochKeyChat>(w.client("bob").state().chats.at("g").scheme).epoch_keys.count(3), 1u);
  EXPECT_EQ(std::get<client::EpochKeyChat>(w.client("carol").state().chats.at("g").scheme).epoch_keys.count(3), 0u);
  EXPECT_FALSE(w.client("carol").state().chats.at("g").active);

  auto after = w.device("alice").send_text("g", "carol is gone");
  ASSERT_TRUE(after.ok());
  // Even handed the ciphertext directly, carol cannot read the new epoch.
  const auto& send = std::get<proto::Send>(after->out.at(0));
  w.inject("carol", proto::Deliver{999999, "g", "alice", 0, proto::DeliverKind::kMsg, send.body,
                                   std::nullopt, std::nullopt, std::nullopt});
  w.run("alice", std::move(after).value());
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "bob", "g").back(), "alice: carol is gone");
  EXPECT_EQ(texts(w, "carol", "g").size(), 1u);
  auto rejected = events_of<client::RejectedEvent>(w, "carol");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].reason, "E2E_ERR_STALE_EPOCH");
}

TEST(HardenedChat, PROTO_ROSTER_03_UnsignedRosterNoticeIsRejected) {
  World w(hardened(), 22);
  three_member_chat(w);
  // The relay claims mallory joined: no signed operation, so nothing changes (A01).
  w.inject("bob", proto::Deliver{888888, "g", "alice", 0, proto::DeliverKind::kRoster, std::nullopt,
                                 proto::RosterOp::kAdd, Id("mallory"), std::nullopt});
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(w.device("bob").members("g").value(), (std::vector<Id>{"alice", "bob", "carol"}));
  EXPECT_EQ(events_of<client::RosterRejectedEvent>(w, "bob").size(), 1u);
}

TEST(HardenedChat, ReplayedMessageIsRejected) {
  World w(hardened(), 23);
  three_member_chat(w);
  E2E_RUN_OK(w, "bob", w.device("bob").send_text("g", "pay #1"));
  // Keep the delivered copy and replay it under a fresh relay id (B01).
  std::optional<proto::Deliver> copy;
  for (const auto& f : w.pool()) {
    if (auto* d = std::get_if<proto::Deliver>(&f.frame); d && f.to == "alice") copy = *d;
  }
  ASSERT_TRUE(copy);
  ASSERT_TRUE(w.deliver_all());
  copy->id = 777777;
  w.inject("alice", *copy);
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "alice", "g"), std::vector<std::string>{"bob: pay #1"});
  auto rejected = events_of<client::RejectedEvent>(w, "alice");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].reason, "E2E_ERR_REPLAY");
}

TEST(HardenedChat, StateSurvivesRestart) {
  World w(hardened(), 24);
  three_member_chat(w);
  w.restart("bob");
  ASSERT_TRUE(w.deliver_all());
  E2E_RUN_OK(w, "carol", w.device("carol").send_text("g", "after restart"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "g"), std::vector<std::string>{"carol: after restart"});
}

}  // namespace
}  // namespace e2e::world
