// The client's receive rules (PROTO-CLIENT-01..03), observed through the world.
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

proto::Preset preset(const char* name) { return proto::find_preset(name).value(); }

void two_member_chat(World& w) {
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
  ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", "bob")).ok());
  ASSERT_TRUE(w.deliver_all());
}

// A malformed item is acked like any other, so it cannot wedge the mailbox.
TEST(ClientRules, PROTO_CLIENT_01_MalformedItemIsAckedAndLeavesTheMailbox) {
  World w(preset("eleven"), 41);
  two_member_chat(w);
  proto::Deliver junk{0, "g", "alice", 0, proto::DeliverKind::kMsg, proto::Json{{"nonsense", 1}},
                      std::nullopt, std::nullopt, std::nullopt};
  auto posted = w.relay().post(junk, {"bob"});
  ASSERT_TRUE(posted.ok());
  for (auto& o : posted->pushes) w.inject(o.to, o.frame);
  ASSERT_EQ(w.store().mailbox_size("bob").value(), 1u);
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(w.store().mailbox_size("bob").value(), 0u);
  auto rejected = events_of<client::RejectedEvent>(w, "bob");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].reason, "E2E_ERR_DECODE");
}

// The same mailbox item delivered twice is shown once; the copy is reported.
TEST(ClientRules, PROTO_CLIENT_02_DuplicateItemIsShownOnce) {
  for (const char* p : {"arthas", "eleven", "hardened"}) {
    World w(preset(p), 42);
    ASSERT_TRUE(w.add_device("alice", "Alice").ok());
    ASSERT_TRUE(w.add_device("bob", "Bob").ok());
    ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
    ASSERT_TRUE(w.deliver_all());
    if (std::string(p) == "arthas") {
      ASSERT_TRUE(w.run("bob", w.device("bob").join_with_share_code(*w.device("alice").share_code("g"))).ok());
    } else {
      ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", "bob")).ok());
    }
    ASSERT_TRUE(w.deliver_all());
    ASSERT_TRUE(w.run("alice", w.device("alice").send_text("g", "once")).ok());
    for (size_t i = 0; i < w.pool().size(); ++i) {
      if (std::holds_alternative<proto::Deliver>(w.pool()[i].frame)) {
        w.duplicate(i);
        break;
      }
    }
    ASSERT_TRUE(w.deliver_all());
    EXPECT_EQ(texts(w, "bob", "g"), std::vector<std::string>{"alice: once"}) << p;
    EXPECT_EQ(events_of<client::DuplicateEvent>(w, "bob").size(), 1u) << p;
  }
}

// A refused frame changes nothing: a forged message claiming counter 7 does
// not move bob's replay window, so the genuine counter 0 is still accepted
// afterwards, without a gap.
TEST(ClientRules, PROTO_CLIENT_03_RejectedFrameChangesNoState) {
  World w(preset("hardened"), 43);
  two_member_chat(w);
  ASSERT_TRUE(w.run("alice", w.device("alice").send_text("g", "genuine")).ok());
  size_t at = w.pool().size();
  for (size_t i = 0; i < w.pool().size(); ++i) {
    if (std::holds_alternative<proto::Deliver>(w.pool()[i].frame) && w.pool()[i].to == "bob") at = i;
  }
  ASSERT_LT(at, w.pool().size());
  proto::Deliver forged = std::get<proto::Deliver>(w.pool()[at].frame);
  forged.id = 555555;
  (*forged.body)["ctr"] = 7;  // breaks the signature over the AAD
  w.inject("bob", forged);
  w.deliver(w.pool().size() - 1);
  auto rejected = events_of<client::RejectedEvent>(w, "bob");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].reason, "E2E_ERR_AUTH_FAILED");
  // Only the processed-id set (and the ack's rid) moved; chats are untouched.
  const auto& chat = w.client("bob").state().chats.at("g");
  EXPECT_TRUE(std::get<client::EpochKeyChat>(chat.scheme).windows.empty());
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "g"), std::vector<std::string>{"alice: genuine"});
  EXPECT_TRUE(events_of<client::GapEvent>(w, "bob").empty());
}

}  // namespace
}  // namespace e2e::world
