// eleven end to end: admin chat, one member added, one invited, one removed.
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

proto::Preset eleven() { return proto::find_preset("eleven").value(); }

TEST(ElevenChat, AddInviteTalkRemove) {
  World w(eleven(), 11);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(w.add_device("carol", "Carol").ok());
  E2E_RUN_OK(w, "alice", w.device("alice").create_chat("g"));
  E2E_RUN_OK(w, "alice", w.device("alice").add_member("g", "bob"));
  ASSERT_TRUE(w.deliver_all());

  auto invite = w.device("alice").create_invite("g");
  ASSERT_TRUE(invite.ok());
  auto [link, step] = std::move(invite).value();
  // The relay learns only the secret's hash (ELEVEN-08, PROTO-ELEVEN-01).
  const std::string secret = link.substr(link.find('#') + 1);
  for (const auto& f : step.out) EXPECT_EQ(proto::serialize(f).find(secret), std::string::npos);
  w.run("alice", std::move(step));
  ASSERT_TRUE(w.deliver_all());
  E2E_RUN_OK(w, "carol", w.device("carol").accept_invite(link));
  ASSERT_TRUE(w.deliver_all());
  // Spent: redeeming again fails at the relay.
  E2E_RUN_OK(w, "carol", w.device("carol").accept_invite(link));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(events_of<client::RequestFailedEvent>(w, "carol").size(), 1u);

  E2E_RUN_OK(w, "alice", w.device("alice").send_text("g", "welcome both"));
  E2E_RUN_OK(w, "carol", w.device("carol").send_text("g", "thanks"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "g"), (std::vector<std::string>{"alice: welcome both", "carol: thanks"}));
  EXPECT_EQ(texts(w, "carol", "g"), std::vector<std::string>{"alice: welcome both"});

  // Removal: the relay stops delivering, but the key is not rotated
  // (ELEVEN-14, a documented limit): carol still holds the chat key.
  E2E_RUN_OK(w, "alice", w.device("alice").remove_member("g", "carol"));
  ASSERT_TRUE(w.deliver_all());
  E2E_RUN_OK(w, "alice", w.device("alice").send_text("g", "carol is gone"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "carol", "g").size(), 1u);
  EXPECT_EQ(texts(w, "bob", "g").back(), "alice: carol is gone");
  const auto& carol_chat = std::get<client::ChatKeyChat>(w.client("carol").state().chats.at("g").scheme);
  const auto& alice_chat = std::get<client::ChatKeyChat>(w.client("alice").state().chats.at("g").scheme);
  ASSERT_TRUE(carol_chat.key && alice_chat.key);
  EXPECT_TRUE(*carol_chat.key == *alice_chat.key);
  EXPECT_FALSE(w.client("carol").state().chats.at("g").active);
}

TEST(ElevenChat, OnlyTheAdminChangesTheRoster) {
  World w(eleven(), 12);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  E2E_RUN_OK(w, "alice", w.device("alice").create_chat("g"));
  E2E_RUN_OK(w, "alice", w.device("alice").add_member("g", "bob"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(w.device("bob").add_member("g", "mallory").code(), Errc::kState);
}

}  // namespace
}  // namespace e2e::world
