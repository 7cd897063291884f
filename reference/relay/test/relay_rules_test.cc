// PROTO-RELAY-01, 02 (messages, typing), 05, 08, 09 and the reply ordering of
// the relay core, each with an accepted and a refused case.
//= type=test
#include <gtest/gtest.h>

#include "relay/test/relay_fixture.h"

namespace e2e::relay::test {
namespace {

using proto::DeliverKind;
using proto::RosterOp;

// ---- PROTO-RELAY-01: registration ------------------------------------------

TEST(Relay, PROTO_RELAY_01_RegisterThenSameAgainIsNoOp) {
  World w;
  EXPECT_NE(reply<proto::Ok>(w.reg("alice", 1)), nullptr);
  EXPECT_NE(reply<proto::Ok>(w.reg("alice", 1)), nullptr);
  EXPECT_EQ(w.store.device_count().value(), 1u);
}

TEST(Relay, PROTO_RELAY_01_ChangedKeysOrNameAreRefused) {
  World w;
  w.reg("alice", 1);
  EXPECT_EQ(error_code(w.reg("alice", 2)), "E2E_ERR_STATE");
  Out renamed = w.h("alice", proto::Register{w.rid(), "mallory", dh_key(1), sig_key(1)});
  EXPECT_EQ(error_code(renamed), "E2E_ERR_STATE");
  Out new_sig = w.h("alice", proto::Register{w.rid(), "name-alice", dh_key(1), sig_key(9)});
  EXPECT_EQ(error_code(new_sig), "E2E_ERR_STATE");
  // The original keys are untouched.
  EXPECT_EQ(w.store.device("alice").value()->dh, dh_key(1));
  EXPECT_EQ(w.store.device("alice").value()->sig, sig_key(1));
}

TEST(Relay, PROTO_RELAY_01_LookupAnswersEntriesAndMissing) {
  World w;
  w.reg("alice", 1);
  w.reg("bob", 2);
  Out out = w.h("carol", proto::Lookup{7, {"bob", "nobody", "alice", "bob"}});
  const auto* keys = reply<proto::Keys>(out);
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->rid, 7u);
  ASSERT_EQ(keys->entries.size(), 2u);
  EXPECT_EQ(keys->entries[0].device, "bob");
  EXPECT_EQ(keys->entries[0].dh, dh_key(2));
  EXPECT_EQ(keys->entries[1].device, "alice");
  EXPECT_EQ(keys->missing, std::vector<Id>{"nobody"});
}

TEST(Relay, PROTO_RELAY_01_DirectoryIsBounded) {
  RelayPolicy p;
  p.max_devices = 2;
  World w(p);
  EXPECT_NE(reply<proto::Ok>(w.reg("a")), nullptr);
  EXPECT_NE(reply<proto::Ok>(w.reg("b")), nullptr);
  EXPECT_EQ(error_code(w.reg("c")), "E2E_ERR_LIMIT");
  EXPECT_NE(reply<proto::Ok>(w.reg("a")), nullptr);  // re-registering still works
}

TEST(Relay, TransportDeviceIdMustBeValid) {
  World w;
  Out out = w.h("not valid!", proto::Fetch{3});
  EXPECT_EQ(error_code(out), "E2E_ERR_INVALID_ARGUMENT");
  EXPECT_EQ(reply<proto::ErrorFrame>(out)->rid, std::optional<uint64_t>(3));
}

// ---- PROTO-RELAY-02: membership ---------------------------------------------

TEST(Relay, PROTO_RELAY_02_MemberMaySendNonMemberMayNot) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  Out ok = w.send("alice", "c", "m1");
  ASSERT_NE(reply<proto::Sent>(ok), nullptr);
  Out refused = w.send("eve", "c", "m1");
  EXPECT_EQ(error_code(refused), "E2E_ERR_UNKNOWN_SENDER");
  EXPECT_EQ(refused.size(), 1u);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  EXPECT_EQ(error_code(w.send("eve", "nochat", "m1")), "E2E_ERR_UNKNOWN_SENDER");
}

TEST(Relay, PROTO_RELAY_02_DirectNeedsMemberSenderAndMemberRecipient) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  Out ok = w.direct("alice", "c", "d1", "bob");
  ASSERT_NE(reply<proto::Sent>(ok), nullptr);
  auto got = delivers(ok, "bob");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, DeliverKind::kDirect);
  EXPECT_EQ(error_code(w.direct("eve", "c", "d2", "bob")), "E2E_ERR_UNKNOWN_SENDER");
  EXPECT_EQ(error_code(w.direct("alice", "c", "d3", "eve")), "E2E_ERR_UNKNOWN_SENDER");
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  EXPECT_EQ(w.mailbox_size("eve"), 0u);
}

TEST(Relay, PROTO_RELAY_02_DirectToSelfIsAllowed) {
  World w;
  w.open_chat("c", {"alice"});
  Out out = w.direct("alice", "c", "self", "alice");
  ASSERT_NE(reply<proto::Sent>(out), nullptr);
  EXPECT_EQ(delivers(out, "alice").size(), 1u);
}

TEST(Relay, PROTO_RELAY_02_TypingIsForwardedToOthersAndNeverStored) {
  World w;
  w.open_chat("c", {"alice", "bob", "carol"});
  Out out = w.h("alice", proto::Typing{"c", true});
  ASSERT_EQ(out.size(), 2u);
  for (const Outbound& o : out) {
    const auto* t = std::get_if<proto::TypingNotice>(&o.frame);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->from, "alice");
    EXPECT_TRUE(t->on);
    EXPECT_NE(o.to, "alice");
  }
  EXPECT_EQ(w.mailbox_size("bob"), 0u);
  EXPECT_EQ(w.mailbox_size("carol"), 0u);
}

TEST(Relay, PROTO_RELAY_02_TypingFromNonMemberIsAnErrorWithoutRid) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  Out out = w.h("eve", proto::Typing{"c", true});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, "eve");
  const auto* e = reply<proto::ErrorFrame>(out);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, "E2E_ERR_UNKNOWN_SENDER");
  EXPECT_FALSE(e->rid.has_value());
}

// ---- PROTO-RELAY-05: dedup -------------------------------------------------------

TEST(Relay, PROTO_RELAY_05_RetryIsNotFannedOutTwice) {
  World w;
  w.open_chat("c", {"alice", "bob", "carol"});
  Out first = w.h("alice", proto::Send{10, "c", "m1", body(1)});
  const auto* s1 = reply<proto::Sent>(first);
  ASSERT_NE(s1, nullptr);
  ASSERT_EQ(s1->ids.size(), 2u);
  Out retry = w.h("alice", proto::Send{11, "c", "m1", body(1)});
  ASSERT_EQ(retry.size(), 1u);  // no deliveries
  const auto* s2 = reply<proto::Sent>(retry);
  ASSERT_NE(s2, nullptr);
  EXPECT_EQ(s2->rid, 11u);
  EXPECT_EQ(s2->cmid, "m1");
  EXPECT_EQ(s2->ids, s1->ids);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  EXPECT_EQ(w.mailbox_size("carol"), 1u);
  EXPECT_EQ(w.relay.stats().dedup_hits, 1u);
  // A direct retried is answered the same way.
  Out d1 = w.direct("bob", "c", "d1", "carol");
  Out d2 = w.direct("bob", "c", "d1", "carol");
  EXPECT_EQ(reply<proto::Sent>(d2)->ids, reply<proto::Sent>(d1)->ids);
  EXPECT_EQ(w.mailbox_size("carol"), 2u);
}

TEST(Relay, PROTO_RELAY_05_NewCmidOrOtherSenderIsFannedOut) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "m1");
  Out other = w.send("alice", "c", "m2");
  EXPECT_EQ(delivers(other, "bob").size(), 1u);
  Out bob = w.send("bob", "c", "m1");  // same cmid, other sender
  EXPECT_EQ(delivers(bob, "alice").size(), 1u);
  EXPECT_EQ(w.mailbox_size("bob"), 2u);
}

TEST(Relay, PROTO_RELAY_05_FailedSendIsNotRecordedSoARetryIsFannedOut) {
  RelayPolicy p;
  p.rate_limit = RateLimit{1, 10'000};
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "m1");
  EXPECT_EQ(error_code(w.send("alice", "c", "m2")), "E2E_ERR_RATE_LIMITED");
  w.clock.advance_ms(10'000);
  Out retry = w.send("alice", "c", "m2");
  EXPECT_EQ(delivers(retry, "bob").size(), 1u);
}

TEST(Relay, PROTO_RELAY_05_DedupRecordsAreBoundedPerSender) {
  RelayPolicy p;
  p.dedup_window = 3;
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  for (int i = 0; i < 5; ++i) w.send("alice", "c", "m" + std::to_string(i));
  EXPECT_EQ(w.store.dedup_count("alice"), 3u);
  // m4 (recent) is a retry, m0 (evicted) is new again.
  EXPECT_EQ(w.send("alice", "c", "m4").size(), 1u);
  EXPECT_EQ(delivers(w.send("alice", "c", "m0"), "bob").size(), 1u);
  EXPECT_EQ(w.store.dedup_count("alice"), 3u);
}

TEST(Relay, PROTO_RELAY_05_RetryAfterLeavingIsRefused) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "m1");
  w.leave("alice", "c");
  EXPECT_EQ(error_code(w.send("alice", "c", "m1")), "E2E_ERR_UNKNOWN_SENDER");
}

// ---- PROTO-RELAY-08: member cap ------------------------------------------------------

TEST(Relay, PROTO_RELAY_08_DefaultCapIsTheProtocolLimitAndCannotBeRaised) {
  RelayPolicy p;
  EXPECT_EQ(p.max_chat_members, proto::kMaxChatMembers);
  p.max_chat_members = proto::kMaxChatMembers + 1;
  p.max_mailbox_items = proto::kMaxMailboxItems + 1;
  World w(p);
  EXPECT_EQ(w.relay.policy().max_chat_members, proto::kMaxChatMembers);
  EXPECT_EQ(w.relay.policy().max_mailbox_items, proto::kMaxMailboxItems);
}

TEST(Relay, PROTO_RELAY_08_JoinAtTheCapAndOnePast) {
  RelayPolicy p;
  p.max_chat_members = 3;
  World w(p);
  for (const char* d : {"a", "b", "c"}) EXPECT_NE(reply<proto::Ok>(w.join(d, "room")), nullptr);
  Out past = w.join("d", "room");
  EXPECT_EQ(error_code(past), "E2E_ERR_LIMIT");
  EXPECT_EQ(past.size(), 1u);
  EXPECT_EQ(w.members("room").size(), 3u);
}

TEST(Relay, PROTO_RELAY_08_MemberAddAndRedeemAtTheCap) {
  RelayPolicy p;
  p.max_chat_members = 2;
  World w(p);
  w.create_admin("a", "c", cred(1));
  EXPECT_NE(reply<proto::Ok>(w.add("a", "c", "b", cred(1))), nullptr);
  EXPECT_EQ(error_code(w.add("a", "c", "x", cred(1))), "E2E_ERR_LIMIT");
  const Bytes h = Bytes(32, 3);
  w.h("a", proto::Invite{w.rid(), "c", h, cred(1)});
  EXPECT_EQ(error_code(w.h("x", proto::Redeem{w.rid(), "c", h})), "E2E_ERR_LIMIT");
  EXPECT_EQ(w.store.invites("c").value().size(), 1u);  // not spent
  w.remove("a", "c", "b", cred(1));
  EXPECT_NE(reply<proto::Ok>(w.h("x", proto::Redeem{w.rid(), "c", h})), nullptr);
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"a", "x"}));
}

// ---- PROTO-RELAY-09: rate limit --------------------------------------------------------

TEST(Relay, PROTO_RELAY_09_SecureMsgOnePerTenSeconds) {
  RelayPolicy p;
  p.rate_limit = RateLimit{1, 10'000};
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  ASSERT_NE(reply<proto::Sent>(w.send("alice", "c", "m1")), nullptr);
  w.clock.advance_ms(9'999);
  Out refused = w.send("alice", "c", "m2");
  EXPECT_EQ(error_code(refused), "E2E_ERR_RATE_LIMITED");
  EXPECT_EQ(refused.size(), 1u);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  // Another sender has its own budget.
  EXPECT_NE(reply<proto::Sent>(w.send("bob", "c", "b1")), nullptr);
  w.clock.advance_ms(1);
  EXPECT_NE(reply<proto::Sent>(w.send("alice", "c", "m2")), nullptr);
  EXPECT_EQ(w.relay.stats().errors.at("E2E_ERR_RATE_LIMITED"), 1u);
}

// ---- PROTO-RELAY-10: the deliver frame must fit ----------------------------------------

// A send that fits in a frame can still make a deliver frame that does not
// (deliver adds the sender, the timestamp and the item id). Found by the frame
// fuzz target: such an item would be re-delivered forever, never acked.
TEST(Relay, PROTO_RELAY_10_AnItemWhoseDeliverWouldNotFitIsRefused) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  auto send_with_pad = [&](size_t pad) {
    return proto::Send{w.rid(), "c", "big", proto::Json{{"pad", std::string(pad, 'x')}}};
  };
  // The largest pad whose send frame still fits.
  size_t pad = proto::kMaxFrameBytes - proto::serialize(proto::ClientFrame{send_with_pad(0)}).size();
  ASSERT_LE(proto::serialize(proto::ClientFrame{send_with_pad(pad)}).size(), proto::kMaxFrameBytes);
  Out refused = w.h("alice", send_with_pad(pad));
  EXPECT_EQ(error_code(refused), "E2E_ERR_LIMIT");
  EXPECT_EQ(w.mailbox_size("bob"), 0u);
  // With room for the deliver envelope it goes through, and its deliver fits.
  Out sent = w.h("alice", send_with_pad(pad - 200));
  ASSERT_NE(reply<proto::Sent>(sent), nullptr);
  for (const auto& o : sent) {
    EXPECT_LE(proto::serialize(o.frame).size(), proto::kMaxFrameBytes);
  }
}

TEST(Relay, PROTO_RELAY_09_AtTheBoundAndOnePast) {
  RelayPolicy p;
  p.rate_limit = RateLimit{3, 60'000};
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  for (int i = 0; i < 3; ++i) {
    w.clock.advance_ms(1'000);
    EXPECT_NE(reply<proto::Sent>(w.direct("alice", "c", "m" + std::to_string(i), "bob")), nullptr);
  }
  EXPECT_EQ(error_code(w.send("alice", "c", "m3")), "E2E_ERR_RATE_LIMITED");
  EXPECT_EQ(error_code(w.direct("alice", "c", "m4", "bob")), "E2E_ERR_RATE_LIMITED");
  // A retry of an accepted message is answered, not limited.
  EXPECT_NE(reply<proto::Sent>(w.direct("alice", "c", "m0", "bob")), nullptr);
  // Typing and acks are not messages.
  EXPECT_TRUE(error_code(w.h("alice", proto::Typing{"c", true})).empty());
  // The first slot frees 60 s after it was used, not a millisecond earlier.
  w.clock.advance_ms(57'999);
  EXPECT_EQ(error_code(w.send("alice", "c", "m3")), "E2E_ERR_RATE_LIMITED");
  w.clock.advance_ms(1);
  EXPECT_NE(reply<proto::Sent>(w.send("alice", "c", "m3")), nullptr);
  EXPECT_EQ(error_code(w.send("alice", "c", "m5")), "E2E_ERR_RATE_LIMITED");
}

TEST(Relay, PROTO_RELAY_09_NoPolicyNoLimit) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  for (int i = 0; i < 100; ++i) {
    ASSERT_NE(reply<proto::Sent>(w.send("alice", "c", "m" + std::to_string(i))), nullptr);
  }
}

// ---- reply ordering --------------------------------------------------------------------

TEST(Relay, ReplyComesLastAfterTheDeliveriesItCaused) {
  World w;
  w.create_admin("alice", "c", cred(1));
  w.add("alice", "c", "bob", cred(1));
  Out out = w.add("alice", "c", "carol", cred(1));
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out.back().to, "alice");
  EXPECT_NE(reply<proto::Ok>(out), nullptr);
  size_t replies = 0;
  for (const Outbound& o : out) {
    replies += std::holds_alternative<proto::Ok>(o.frame) || std::holds_alternative<proto::ErrorFrame>(o.frame);
  }
  EXPECT_EQ(replies, 1u);
}

}  // namespace
}  // namespace e2e::relay::test
