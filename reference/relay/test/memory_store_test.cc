// MemoryStore: the Store contract (total ops, id counter, order, expiry, dedup bound).
//= type=test
#include "relay/memory_store.h"

#include <gtest/gtest.h>

namespace e2e::relay {
namespace {

proto::Deliver msg(UnixMillis ts) {
  proto::Deliver d{};
  d.chat = "c";
  d.from = "a";
  d.ts = ts;
  d.kind = proto::DeliverKind::kMsg;
  d.body = proto::Json{{"k", ts}};
  return d;
}

std::vector<uint64_t> ids_of(const MemoryStore& s, const proto::Id& dev) {
  std::vector<uint64_t> ids;
  const std::vector<proto::Deliver> items = s.mailbox(dev).value();
  for (const auto& d : items) ids.push_back(d.id);
  return ids;
}

TEST(MemoryStore, ChatOpsAreTotal) {
  MemoryStore s;
  ASSERT_TRUE(s.apply({CreateChat{"c", std::nullopt, "a"}, AddMember{"c", "b"}, AddMember{"c", "b"},
                       RemoveMember{"c", "zed"}, AddMember{"nochat", "b"}, AddInvite{"c", Bytes(32, 1)},
                       AddInvite{"c", Bytes(32, 1)}, SpendInvite{"c", Bytes(32, 2)}})
                  .ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"a", "b"}));
  EXPECT_EQ(s.invites("c").value().size(), 1u);
  EXPECT_EQ(s.chat("c").value()->member_count, 2u);
  EXPECT_FALSE(s.chat("nochat").value().has_value());
  EXPECT_TRUE(s.is_member("c", "b").value());
  EXPECT_FALSE(s.is_member("nochat", "b").value());
  ASSERT_TRUE(s.apply({RemoveMember{"c", "a"}, AddMember{"c", "a"}}).ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"b", "a"}));  // join order
  ASSERT_TRUE(s.apply({DeleteChat{"c"}}).ok());
  EXPECT_EQ(s.chat_count().value(), 0u);
  EXPECT_TRUE(s.members("c").value().empty());
}

TEST(MemoryStore, MailboxOrderIdsAndRemoval) {
  MemoryStore s;
  EXPECT_EQ(s.next_item_id().value(), 1u);
  ASSERT_TRUE(s.apply({Post{msg(10), {{"b", 1}, {"c", 2}}}, Post{msg(11), {{"b", 3}}}}).ok());
  EXPECT_EQ(s.next_item_id().value(), 4u);
  EXPECT_EQ(ids_of(s, "b"), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(s.mailbox("b").value()[1].ts, 11);
  EXPECT_EQ(s.mailbox("c").value()[0].body, (proto::Json{{"k", 10}}));
  // Removing another device's id does nothing.
  ASSERT_TRUE(s.apply({RemoveItems{"b", {2, 1, 77}}}).ok());
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{3});
  EXPECT_EQ(ids_of(s, "c"), std::vector<uint64_t>{2});
  ASSERT_TRUE(s.apply({RemoveItems{"b", {3}}, RemoveItems{"c", {2}}}).ok());
  EXPECT_EQ(s.total_items(), 0u);
  EXPECT_EQ(s.next_item_id().value(), 4u);  // never reused
}

TEST(MemoryStore, ExpireRemovesItemsUpToTheCutoff) {
  MemoryStore s;
  ASSERT_TRUE(s.apply({Post{msg(10), {{"b", 1}, {"c", 2}}}, Post{msg(20), {{"b", 3}}}}).ok());
  EXPECT_EQ(s.expire_items(9).value(), 0u);
  EXPECT_EQ(s.expire_items(10).value(), 2u);
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{3});
  EXPECT_EQ(s.mailbox_size("c").value(), 0u);
  EXPECT_EQ(s.expire_items(100).value(), 1u);
  EXPECT_EQ(s.total_items(), 0u);
}

TEST(MemoryStore, DedupKeepsTheNewestRecordsPerSender) {
  MemoryStore s;
  for (uint64_t i = 0; i < 5; ++i) {
    ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m" + std::to_string(i), i * 10, 2}, 3}}).ok());
  }
  EXPECT_EQ(s.dedup_count("a"), 3u);
  EXPECT_FALSE(s.dedup("a", "m1").value().has_value());
  EXPECT_EQ(s.dedup("a", "m4").value(), (DedupRecord{"m4", 40, 2}));
  EXPECT_FALSE(s.dedup("b", "m4").value().has_value());
}

TEST(MemoryStore, CopyIsASnapshot) {
  MemoryStore s;
  ASSERT_TRUE(s.apply({PutDevice{DeviceRecord{"a", "A", Bytes(65, 4), Bytes(32, 1)}},
                       Post{msg(1), {{"a", 1}}}}).ok());
  MemoryStore snap = s;
  ASSERT_TRUE(s.apply({RemoveItems{"a", {1}}}).ok());
  EXPECT_EQ(snap.mailbox_size("a").value(), 1u);
  EXPECT_EQ(snap.device("a").value()->name, "A");
  EXPECT_EQ(s.mailbox_size("a").value(), 0u);
}

}  // namespace
}  // namespace e2e::relay
