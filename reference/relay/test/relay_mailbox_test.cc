// Mailboxes: ids, push, ack, fetch, TTL (PROTO-RELAY-06), the mailbox cap
// without partial fan-out (PROTO-RELAY-07), on_connect, post() and stats.
//= type=test
#include <gtest/gtest.h>

#include <set>

#include "relay/test/relay_fixture.h"

namespace e2e::relay::test {
namespace {

using proto::DeliverKind;

TEST(Relay, PROTO_RELAY_06_FanOutToThreeMembers) {
  World w;
  w.open_chat("c", {"alice", "bob", "carol", "dave"});
  const UnixMillis t = w.clock.now_ms();
  Out out = w.h("alice", proto::Send{42, "c", "m1", body(7)});
  EXPECT_EQ(deliver_targets(out), (std::vector<Id>{"bob", "carol", "dave"}));
  const auto* sent = reply<proto::Sent>(out);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->rid, 42u);
  EXPECT_EQ(sent->cmid, "m1");
  ASSERT_EQ(sent->ids.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto& d = std::get<proto::Deliver>(out[i].frame);
    EXPECT_EQ(d.id, sent->ids[i]);
    EXPECT_EQ(d.chat, "c");
    EXPECT_EQ(d.from, "alice");
    EXPECT_EQ(d.ts, t);
    EXPECT_EQ(d.kind, DeliverKind::kMsg);
    EXPECT_EQ(d.body, body(7));
    EXPECT_FALSE(d.op.has_value());
    EXPECT_FALSE(d.device.has_value());
  }
  for (const char* d : {"bob", "carol", "dave"}) EXPECT_EQ(w.mailbox_size(d), 1u);
  EXPECT_EQ(w.mailbox_size("alice"), 0u);
}

TEST(Relay, PROTO_RELAY_06_IdsIncreaseRelayWide) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  w.open_chat("d", {"carol", "dave"});
  uint64_t last = 0;
  for (int i = 0; i < 5; ++i) {
    for (auto [from, chat] : {std::pair{"alice", "c"}, std::pair{"dave", "d"}}) {
      Out out = w.send(from, chat, "m" + std::to_string(i));
      for (uint64_t id : reply<proto::Sent>(out)->ids) {
        EXPECT_GT(id, last);
        last = id;
      }
    }
  }
}

TEST(Relay, PROTO_RELAY_06_AckDeletesAndUnknownIdsAreIgnored) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  const uint64_t a = reply<proto::Sent>(w.send("alice", "c", "m1"))->ids.at(0);
  const uint64_t b = reply<proto::Sent>(w.send("alice", "c", "m2"))->ids.at(0);
  ASSERT_EQ(w.mailbox_size("bob"), 2u);
  const uint64_t acked_before = w.relay.stats().items_acked;
  Out out = w.ack("bob", {a});
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  // Again, an id never issued, and someone else's id: all ignored.
  EXPECT_NE(reply<proto::Ok>(w.ack("bob", {a, 999'999})), nullptr);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  const uint64_t c = reply<proto::Sent>(w.send("bob", "c", "x"))->ids.at(0);
  EXPECT_NE(reply<proto::Ok>(w.ack("bob", {c})), nullptr);
  EXPECT_EQ(w.mailbox_ids("alice"), std::vector<uint64_t>{c});
  EXPECT_EQ(w.mailbox_ids("bob"), std::vector<uint64_t>{b});
  EXPECT_EQ(w.relay.stats().items_acked - acked_before, 1u);  // a only: c is alice's
}

TEST(Relay, PROTO_RELAY_06_FetchRedeliversExactlyTheUnackedItemsInOrder) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  std::vector<uint64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(reply<proto::Sent>(w.send("alice", "c", "m" + std::to_string(i), i))->ids.at(0));
  w.ack("bob", {ids[1], ids[3]});
  Out out = w.fetch("bob");
  ASSERT_NE(reply<proto::Ok>(out), nullptr);
  auto got = delivers(out, "bob");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].id, ids[0]);
  EXPECT_EQ(got[1].id, ids[2]);
  EXPECT_EQ(got[2].id, ids[4]);
  EXPECT_EQ(got[1].body, body(2));
  EXPECT_EQ(deliver_targets(out).size() + 1, out.size());  // only bob's items, then ok
  // fetch does not consume.
  EXPECT_EQ(delivers(w.fetch("bob"), "bob").size(), 3u);
  // An empty mailbox: just ok.
  Out empty = w.fetch("nobody");
  EXPECT_EQ(empty.size(), 1u);
  EXPECT_NE(reply<proto::Ok>(empty), nullptr);
}

TEST(Relay, PROTO_RELAY_06_ItemsStayWithoutTtl) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "m1");
  w.clock.advance_ms(int64_t{365} * 24 * 3600 * 1000);
  EXPECT_EQ(w.relay.expire(), 0u);
  EXPECT_EQ(delivers(w.fetch("bob"), "bob").size(), 1u);
}

TEST(Relay, PROTO_RELAY_06_TtlExpiryWithManualClock) {
  RelayPolicy p;
  p.ttl_ms = 30 * 1000;
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  const uint64_t old_id = reply<proto::Sent>(w.send("alice", "c", "old"))->ids.at(0);
  w.clock.advance_ms(10'000);
  const uint64_t new_id = reply<proto::Sent>(w.send("alice", "c", "new"))->ids.at(0);
  w.clock.advance_ms(19'999);  // old is 29.999 s old
  EXPECT_EQ(w.relay.expire(), 0u);
  EXPECT_EQ(w.mailbox_ids("bob"), (std::vector<uint64_t>{old_id, new_id}));
  w.clock.advance_ms(1);  // old is exactly 30 s old
  EXPECT_EQ(w.relay.expire(), 1u);
  EXPECT_EQ(w.mailbox_ids("bob"), std::vector<uint64_t>{new_id});
  w.clock.advance_ms(10'000);
  EXPECT_EQ(w.relay.expire(), 1u);
  EXPECT_EQ(w.mailbox_size("bob"), 0u);
  EXPECT_EQ(w.relay.stats().items_expired, 2u);
}

TEST(Relay, PROTO_RELAY_06_FetchNeverRedeliversAnExpiredItem) {
  RelayPolicy p;
  p.ttl_ms = 1000;
  World w(p);
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "old");
  w.clock.advance_ms(500);
  const uint64_t fresh = reply<proto::Sent>(w.send("alice", "c", "fresh"))->ids.at(0);
  w.clock.advance_ms(500);  // no expire() sweep in between
  auto got = delivers(w.fetch("bob"), "bob");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, fresh);
  EXPECT_EQ(w.mailbox_size("bob"), 1u);  // the expired one is gone
}

// Fill one recipient's mailbox to the cap with directs, then a send to the chat
// must fail for the sender and store nothing for anyone.
TEST(Relay, PROTO_RELAY_07_MailboxCapNoPartialFanOut) {
  World w;
  w.open_chat("c", {"alice", "bob", "carol"});
  for (size_t i = 0; i + 1 < proto::kMaxMailboxItems; ++i) {
    ASSERT_NE(reply<proto::Sent>(w.direct("alice", "c", "d" + std::to_string(i), "bob")), nullptr);
  }
  // At the cap minus one, a send still fits: bob reaches exactly the cap.
  ASSERT_NE(reply<proto::Sent>(w.send("carol", "c", "fits")), nullptr);
  ASSERT_EQ(w.mailbox_size("bob"), proto::kMaxMailboxItems);
  const auto bob_before = w.mailbox_ids("bob");
  const auto alice_before = w.mailbox_ids("alice");
  const auto carol_before = w.mailbox_ids("carol");
  const uint64_t next_before = w.store.next_item_id().value();

  Out out = w.send("alice", "c", "one-too-many");
  EXPECT_EQ(error_code(out), "E2E_ERR_LIMIT");
  ASSERT_EQ(out.size(), 1u);  // nobody got a push
  EXPECT_EQ(out[0].to, "alice");
  EXPECT_EQ(w.mailbox_ids("bob"), bob_before);
  EXPECT_EQ(w.mailbox_ids("alice"), alice_before);
  EXPECT_EQ(w.mailbox_ids("carol"), carol_before);
  EXPECT_EQ(w.store.next_item_id().value(), next_before);
  // The failed cmid was not recorded: after bob acks one, the retry goes out.
  w.ack("bob", {bob_before.front()});
  Out retry = w.send("alice", "c", "one-too-many");
  EXPECT_EQ(deliver_targets(retry), (std::vector<Id>{"bob", "carol"}));
}

TEST(Relay, PROTO_RELAY_07_CapAppliesToRosterNoticesButNotToTheRemovedDevice) {
  RelayPolicy p;
  p.max_mailbox_items = 3;
  World w(p);
  w.create_admin("alice", "c", cred(1));
  w.add("alice", "c", "bob", cred(1));
  w.ack("alice", w.mailbox_ids("alice"));
  // bob: two notices (his add) + one direct = full.
  w.direct("alice", "c", "d1", "bob");
  ASSERT_EQ(w.mailbox_size("bob"), 1u + 1u);
  w.direct("alice", "c", "d2", "bob");
  ASSERT_EQ(w.mailbox_size("bob"), 3u);
  // Adding carol would notify bob: refused, nothing changes.
  Out add = w.add("alice", "c", "carol", cred(1));
  EXPECT_EQ(error_code(add), "E2E_ERR_LIMIT");
  EXPECT_EQ(w.members("c"), (std::vector<Id>{"alice", "bob"}));
  EXPECT_EQ(w.mailbox_size("alice"), 0u);
  // Removing bob works although his own mailbox is full; he just gets no notice.
  Out rm = w.remove("alice", "c", "bob", cred(1));
  ASSERT_NE(reply<proto::Ok>(rm), nullptr);
  EXPECT_EQ(deliver_targets(rm), std::vector<Id>{"alice"});
  EXPECT_EQ(w.mailbox_size("bob"), 3u);
}

TEST(Relay, OnConnectPushesPendingItemsWithoutReply) {
  World w;
  w.open_chat("c", {"alice", "bob"});
  w.send("alice", "c", "m1");
  w.send("alice", "c", "m2");
  Out out = w.relay.on_connect("bob");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(deliver_targets(out), (std::vector<Id>{"bob", "bob"}));
  EXPECT_TRUE(w.relay.on_connect("nobody").empty());
}

TEST(Relay, PostInjectsWithRelayIdsAndCaps) {
  RelayPolicy p;
  p.max_mailbox_items = 1;
  World w(p);
  proto::Deliver forged{};
  forged.chat = "c";
  forged.from = "alice";
  forged.ts = 5;
  forged.kind = DeliverKind::kMsg;
  forged.body = body(1);
  Result<Posted> posted = w.relay.post(forged, {"bob", "carol"});
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->ids.size(), 2u);
  EXPECT_EQ(posted->ids[1], posted->ids[0] + 1);
  EXPECT_EQ(deliver_targets(posted->pushes), (std::vector<Id>{"bob", "carol"}));
  EXPECT_EQ(w.mailbox_size("bob"), 1u);
  Result<Posted> full = w.relay.post(forged, {"dave", "bob"});
  EXPECT_EQ(full.code(), Errc::kLimitExceeded);
  EXPECT_EQ(w.mailbox_size("dave"), 0u);
}

TEST(Relay, StatsCountFramesErrorsAndItems) {
  World w;
  w.open_chat("c", {"alice", "bob", "carol"});
  w.send("alice", "c", "m1");
  w.send("eve", "c", "m1");
  const RelayStats& s = w.relay.stats();
  EXPECT_EQ(s.frames_in.at("send"), 2u);
  EXPECT_EQ(s.frames_in.at("join"), 3u);
  EXPECT_EQ(s.errors.at("E2E_ERR_UNKNOWN_SENDER"), 1u);
  EXPECT_EQ(s.frames_out.at("sent"), 1u);
  EXPECT_EQ(s.frames_out.at("error"), 1u);
  // Roster notices: 1 (create) + 2 (bob joins) + 3 (carol joins); messages: 2.
  EXPECT_EQ(s.items_stored, 8u);
  EXPECT_EQ(s.frames_out.at("deliver"), 8u);
}

}  // namespace
}  // namespace e2e::relay::test
