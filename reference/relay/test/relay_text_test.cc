// handle_text: the relay behind the strict codec. Garbage gets an error frame
// and changes nothing; the relay keeps serving; what it sends parses back.
//= type=test
#include <gtest/gtest.h>

#include <string>

#include "common/encoding.h"
#include "relay/test/relay_fixture.h"

namespace e2e::relay::test {
namespace {

std::string join_text(uint64_t rid, const std::string& chat) {
  return R"({"v":1,"t":"join","rid":)" + std::to_string(rid) + R"(,"chat":")" + chat + R"("})";
}

TEST(RelayText, GarbageGetsAnErrorAndTheNextValidFrameIsServed) {
  World w;
  for (std::string_view junk : {std::string_view("not json"), std::string_view("[1,2]"),
                                std::string_view(R"({"v":1,"t":"nope","rid":1})"),
                                std::string_view(R"({"v":1,"t":"join","rid":1,"chat":"c","x":1})"),
                                std::string_view(R"({"v":1,"t":"join","rid":1,"chat":"bad id!"})"),
                                std::string_view("")}) {
    Out out = w.relay.handle_text("alice", junk);
    ASSERT_EQ(out.size(), 1u) << junk;
    EXPECT_EQ(out[0].to, "alice");
    const auto* e = reply<proto::ErrorFrame>(out);
    ASSERT_NE(e, nullptr) << junk;
    EXPECT_EQ(e->code, "E2E_ERR_DECODE") << junk;
    EXPECT_FALSE(e->rid.has_value());
  }
  EXPECT_EQ(w.store.chat_count().value(), 0u);
  Out ok = w.relay.handle_text("alice", join_text(5, "c"));
  const auto* r = reply<proto::Ok>(ok);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->rid, 5u);
  EXPECT_EQ(w.members("c"), std::vector<Id>{"alice"});
  EXPECT_EQ(w.relay.stats().frames_in.at("invalid"), 6u);
  EXPECT_EQ(w.relay.stats().frames_in.at("join"), 1u);
}

TEST(RelayText, OversizedAndOtherVersionAreRefusedWithTheirCodes) {
  World w;
  std::string big = R"({"v":1,"t":"join","rid":1,"chat":"c","pad":")" +
                    std::string(proto::kMaxFrameBytes, 'a') + R"("})";
  EXPECT_EQ(error_code(w.relay.handle_text("alice", big)), "E2E_ERR_LIMIT");
  EXPECT_EQ(error_code(w.relay.handle_text("alice", R"({"v":2,"t":"join","rid":1,"chat":"c"})")),
            "E2E_ERR_UNSUPPORTED");
  EXPECT_EQ(w.store.chat_count().value(), 0u);
}

TEST(RelayText, IdInsideAFrameNeverDecidesWhoSpeaks) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  // eve names bob as the recipient; the relay still sees eve as the speaker.
  Out out = w.relay.handle_text(
      "eve", R"({"v":1,"t":"direct","rid":3,"chat":"c","cmid":"x","to":"bob","body":{}})");
  EXPECT_EQ(error_code(out), "E2E_ERR_UNKNOWN_SENDER");
  EXPECT_EQ(w.mailbox_size("bob"), 0u);
}

TEST(RelayText, EverythingTheRelaySendsParsesBack) {
  World w;
  const std::string dh = base64url_encode(dh_key(1));
  const std::string sig = base64url_encode(sig_key(1));
  std::vector<Out> outs;
  outs.push_back(w.relay.handle_text(
      "alice", R"({"v":1,"t":"register","rid":1,"name":"Alice","dh":")" + dh + R"(","sig":")" + sig + R"("})"));
  outs.push_back(w.relay.handle_text("bob", R"({"v":1,"t":"lookup","rid":2,"devices":["alice","zed"]})"));
  outs.push_back(w.relay.handle_text("alice", join_text(3, "c")));
  outs.push_back(w.relay.handle_text("bob", join_text(4, "c")));
  outs.push_back(w.relay.handle_text(
      "alice", R"({"v":1,"t":"send","rid":5,"chat":"c","cmid":"m1","body":{"iv":"AAAA","ciphertext":"AA"}})"));
  outs.push_back(w.relay.handle_text("alice", R"({"v":1,"t":"typing","chat":"c","on":true})"));
  outs.push_back(w.relay.handle_text("bob", R"({"v":1,"t":"fetch","rid":6})"));
  outs.push_back(w.relay.handle_text("bob", R"({"v":1,"t":"ack","rid":7,"ids":[1,2,99]})"));
  outs.push_back(w.relay.handle_text("bob", "{"));
  Out member = w.add("alice", "c", "bob", cred(1));  // error frame with rid
  outs.push_back(member);
  size_t frames = 0;
  for (const Out& out : outs) {
    for (const Outbound& o : out) {
      const std::string text = proto::serialize(o.frame);
      Result<proto::RelayFrame> back = proto::parse_relay_frame(text);
      ASSERT_TRUE(back.ok()) << text << ": " << back.error();
      EXPECT_TRUE(*back == o.frame) << text;
      ++frames;
    }
  }
  EXPECT_GE(frames, 15u);
}

}  // namespace
}  // namespace e2e::relay::test
