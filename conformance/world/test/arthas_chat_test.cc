// arthas end to end: a room shared by code, three members, one leaves.
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

proto::Preset arthas() { return proto::find_preset("arthas").value(); }

TEST(ArthasChat, ThreeMembersJoinWithShareCodeTalkAndOneLeaves) {
  World w(arthas(), 7);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(w.add_device("carol", "Carol").ok());
  E2E_RUN_OK(w, "alice", w.device("alice").create_chat("room1"));
  ASSERT_TRUE(w.deliver_all());
  auto code = w.device("alice").share_code("room1");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->size(), std::string("room1:").size() + 43);  // ARTHAS-02
  E2E_RUN_OK(w, "bob", w.device("bob").join_with_share_code(*code));
  E2E_RUN_OK(w, "carol", w.device("carol").join_with_share_code(*code));
  ASSERT_TRUE(w.deliver_all());

  E2E_RUN_OK(w, "alice", w.device("alice").send_text("room1", "hello from alice"));
  E2E_RUN_OK(w, "bob", w.device("bob").send_text("room1", "hi, bob here"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "room1"), std::vector<std::string>{"alice: hello from alice"});
  EXPECT_EQ(texts(w, "carol", "room1"),
            (std::vector<std::string>{"alice: hello from alice", "bob: hi, bob here"}));
  // Signed with the key the relay's directory announced for the sender.
  for (const auto& m : w.messages("carol", "room1")) EXPECT_TRUE(m.flags.empty()) << m.text;

  // Carol leaves; the relay stops delivering to her (there is no kick, and the
  // room key is not rotated: ARTHAS-11).
  E2E_RUN_OK(w, "carol", w.device("carol").leave("room1"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_FALSE(holds_member(w.device("alice").members("room1").value(), "carol"));
  E2E_RUN_OK(w, "alice", w.device("alice").send_text("room1", "after carol left"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "carol", "room1").size(), 2u);
  EXPECT_EQ(texts(w, "bob", "room1").back(), "alice: after carol left");
}

TEST(ArthasChat, TypingTravelsInTheClear) {
  World w(arthas(), 8);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  E2E_RUN_OK(w, "alice", w.device("alice").create_chat("r"));
  ASSERT_TRUE(w.deliver_all());
  E2E_RUN_OK(w, "bob", w.device("bob").join_with_share_code(*w.device("alice").share_code("r")));
  ASSERT_TRUE(w.deliver_all());
  auto step = w.device("alice").set_typing("r", true);
  ASSERT_TRUE(step.ok());
  ASSERT_EQ(step->out.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<proto::Typing>(step->out[0]));  // ARTHAS-13
  w.run("alice", std::move(step).value());
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(events_of<client::TypingEvent>(w, "bob").size(), 1u);
}

TEST(ArthasChat, BadShareCodesAreRefused) {
  World w(arthas(), 9);
  auto added = w.add_device("bob", "Bob");
  ASSERT_TRUE(added.ok()) << added.error();
  driver::Driver& bob = *added;
  for (const char* bad : {"room", "room:", "room:short", ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                          "ro om:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    EXPECT_EQ(bob.join_with_share_code(bad).code(), Errc::kDecodeError) << bad;
  }
}

}  // namespace
}  // namespace e2e::world
