// The Store contract suite (see store_contract.h): every read, every Batch op
// with its no-op cases, ordering, id counter, expiry bounds and dedup eviction.
// Instantiated here for MemoryStore, and in sqlite_store_test.cc for SqliteStore.
//= type=test
#include "relay/test/store_contract.h"

#include <sstream>

#include "relay/memory_store.h"
#include "relay/sqlite_store.h"

namespace e2e::relay::test {

std::string describe_store(const Store& s, const std::vector<proto::Id>& devices,
                           const std::vector<proto::Id>& chats,
                           const std::vector<std::pair<proto::Id, proto::Id>>& dedups) {
  std::ostringstream o;
  auto hex = [&o](const Bytes& b) {
    static const char* kHex = "0123456789abcdef";
    for (uint8_t x : b) o << kHex[x >> 4] << kHex[x & 15];
    o << ' ';
  };
  auto fail = [&o](const char* what, const Error& e) { o << "ERR " << what << ' ' << e << '\n'; };
  if (auto n = s.device_count(); n.ok()) o << "devices " << *n << '\n'; else fail("devices", n.error());
  if (auto n = s.chat_count(); n.ok()) o << "chats " << *n << '\n'; else fail("chats", n.error());
  if (auto n = s.next_item_id(); n.ok()) o << "next " << *n << '\n'; else fail("next", n.error());
  for (const auto& d : devices) {
    auto r = s.device(d);
    if (!r.ok()) { fail("device", r.error()); continue; }
    o << "device " << d << ':';
    if (*r) { o << (*r)->name << ' '; hex((*r)->dh); hex((*r)->sig); }
    o << '\n';
    auto box = s.mailbox(d);
    auto size = s.mailbox_size(d);
    if (!box.ok() || !size.ok()) { o << "ERR mailbox\n"; continue; }
    o << "mailbox " << d << ' ' << *size << ':';
    for (const auto& item : *box) o << proto::serialize(proto::RelayFrame(item)) << ';';
    o << '\n';
  }
  for (const auto& c : chats) {
    auto r = s.chat(c);
    if (!r.ok()) { fail("chat", r.error()); continue; }
    o << "chat " << c << ':';
    if (*r) {
      o << (*r)->member_count << ' ' << (*r)->invite_count << ' ';
      if ((*r)->admin_hash) hex(*(*r)->admin_hash); else o << "open ";
    }
    auto m = s.members(c);
    auto inv = s.invites(c);
    if (!m.ok() || !inv.ok()) { o << "ERR roster\n"; continue; }
    for (const auto& d : *m) {
      auto im = s.is_member(c, d);
      o << d << (im.ok() && *im ? "+" : "?") << ' ';
    }
    for (const auto& h : *inv) hex(h);
    o << '\n';
  }
  for (const auto& [sender, cmid] : dedups) {
    auto r = s.dedup(sender, cmid);
    if (!r.ok()) { fail("dedup", r.error()); continue; }
    o << "dedup " << sender << '/' << cmid << ':';
    if (*r) o << (*r)->cmid << ' ' << (*r)->first_id << ' ' << (*r)->count;
    o << '\n';
  }
  return o.str();
}

proto::Deliver msg_item(UnixMillis ts, const proto::Id& chat, const proto::Id& from) {
  proto::Deliver d{};
  d.chat = chat;
  d.from = from;
  d.ts = ts;
  d.kind = proto::DeliverKind::kMsg;
  d.body = proto::Json{{"k", ts}, {"ct", "opaque-" + std::to_string(ts)}};
  return d;
}

proto::Deliver roster_item(UnixMillis ts, proto::RosterOp op, const proto::Id& device,
                           std::optional<Bytes> signed_op) {
  proto::Deliver d{};
  d.chat = "c";
  d.from = "admin";
  d.ts = ts;
  d.kind = proto::DeliverKind::kRoster;
  d.op = op;
  d.device = device;
  d.signed_op = std::move(signed_op);
  return d;
}

namespace {

std::vector<uint64_t> ids_of(const Store& s, const proto::Id& dev) {
  std::vector<uint64_t> ids;
  const std::vector<proto::Deliver> items = s.mailbox(dev).value();
  for (const auto& d : items) ids.push_back(d.id);
  return ids;
}

proto::Deliver with_id(proto::Deliver d, uint64_t id) {
  d.id = id;
  return d;
}

bool same(const proto::Deliver& a, const proto::Deliver& b) {
  return proto::RelayFrame(a) == proto::RelayFrame(b) &&
         proto::serialize(proto::RelayFrame(a)) == proto::serialize(proto::RelayFrame(b));
}

DeviceRecord dev(const proto::Id& id, uint8_t seed) {
  return DeviceRecord{id, "name-" + id, Bytes(65, seed), Bytes(32, static_cast<uint8_t>(seed + 1))};
}

}  // namespace

TYPED_TEST_P(StoreContract, EmptyStoreAnswersEveryRead) {
  Store& s = this->s();
  EXPECT_EQ(s.device_count().value(), 0u);
  EXPECT_EQ(s.chat_count().value(), 0u);
  EXPECT_EQ(s.next_item_id().value(), 1u);  // ids start at 1
  EXPECT_FALSE(s.device("a").value().has_value());
  EXPECT_FALSE(s.chat("c").value().has_value());
  EXPECT_FALSE(s.is_member("c", "a").value());
  EXPECT_TRUE(s.members("c").value().empty());
  EXPECT_TRUE(s.invites("c").value().empty());
  EXPECT_EQ(s.mailbox_size("a").value(), 0u);
  EXPECT_TRUE(s.mailbox("a").value().empty());
  EXPECT_FALSE(s.dedup("a", "m").value().has_value());
  EXPECT_EQ(s.expire_items(INT64_MAX).value(), 0u);
  EXPECT_TRUE(s.apply({}).ok());
  EXPECT_EQ(s.next_item_id().value(), 1u);
}

TYPED_TEST_P(StoreContract, PutDeviceInsertsAndOverwrites) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({PutDevice{dev("a", 1)}, PutDevice{dev("b", 2)}}).ok());
  EXPECT_EQ(s.device_count().value(), 2u);
  EXPECT_EQ(s.device("a").value(), dev("a", 1));
  EXPECT_EQ(s.device("b").value(), dev("b", 2));
  DeviceRecord changed = dev("a", 9);
  changed.name = "";  // empty values round-trip as empty, not as absent
  changed.sig = Bytes();
  ASSERT_TRUE(s.apply({PutDevice{changed}}).ok());
  EXPECT_EQ(s.device_count().value(), 2u);
  EXPECT_EQ(s.device("a").value(), changed);
}

TYPED_TEST_P(StoreContract, CreateChatAndItsSummary) {
  Store& s = this->s();
  const Bytes admin(32, 0xAA);
  ASSERT_TRUE(s.apply({CreateChat{"open", std::nullopt, "a"}, CreateChat{"adm", admin, "b"}}).ok());
  EXPECT_EQ(s.chat_count().value(), 2u);
  auto open = s.chat("open").value();
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->chat, "open");
  EXPECT_FALSE(open->admin_hash.has_value());
  EXPECT_EQ(open->member_count, 1u);
  EXPECT_EQ(open->invite_count, 0u);
  auto adm = s.chat("adm").value();
  ASSERT_TRUE(adm.has_value());
  EXPECT_EQ(adm->admin_hash, admin);
  EXPECT_EQ(s.members("adm").value(), std::vector<proto::Id>{"b"});
  EXPECT_TRUE(s.is_member("adm", "b").value());
  EXPECT_FALSE(s.is_member("adm", "a").value());
  // Creating an existing chat again replaces it: new roster, no invites
  // (MemoryStore's insert_or_assign; the core refuses it before the store).
  ASSERT_TRUE(s.apply({AddMember{"adm", "x"}, AddInvite{"adm", Bytes(32, 1)},
                       CreateChat{"adm", std::nullopt, "z"}}).ok());
  EXPECT_EQ(s.members("adm").value(), std::vector<proto::Id>{"z"});
  EXPECT_TRUE(s.invites("adm").value().empty());
  EXPECT_FALSE(s.chat("adm").value()->admin_hash.has_value());
  EXPECT_EQ(s.chat_count().value(), 2u);
}

TYPED_TEST_P(StoreContract, RosterOpsAreTotalAndKeepJoinOrder) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({CreateChat{"c", std::nullopt, "a"}, AddMember{"c", "b"}, AddMember{"c", "b"},
                       AddMember{"c", "d"}, RemoveMember{"c", "zed"}, AddMember{"nochat", "b"},
                       RemoveMember{"nochat", "b"}})
                  .ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"a", "b", "d"}));
  EXPECT_EQ(s.chat("c").value()->member_count, 3u);
  EXPECT_FALSE(s.chat("nochat").value().has_value());  // AddMember never creates a chat
  EXPECT_EQ(s.chat_count().value(), 1u);
  EXPECT_FALSE(s.is_member("nochat", "b").value());
  // A member who leaves and comes back goes to the end.
  ASSERT_TRUE(s.apply({RemoveMember{"c", "a"}, AddMember{"c", "a"}, RemoveMember{"c", "b"}}).ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"d", "a"}));
  EXPECT_FALSE(s.is_member("c", "b").value());
  // Emptying a roster keeps the chat (deleting it is DeleteChat's job).
  ASSERT_TRUE(s.apply({RemoveMember{"c", "a"}, RemoveMember{"c", "d"}}).ok());
  EXPECT_TRUE(s.members("c").value().empty());
  ASSERT_TRUE(s.chat("c").value().has_value());
  EXPECT_EQ(s.chat("c").value()->member_count, 0u);
  ASSERT_TRUE(s.apply({AddMember{"c", "e"}}).ok());
  EXPECT_EQ(s.members("c").value(), std::vector<proto::Id>{"e"});
}

TYPED_TEST_P(StoreContract, InviteOpsAreTotalAndOrdered) {
  Store& s = this->s();
  const Bytes h1(32, 1), h2(32, 2), h3(32, 3);
  ASSERT_TRUE(s.apply({CreateChat{"c", Bytes(32, 9), "a"}, AddInvite{"c", h2}, AddInvite{"c", h1},
                       AddInvite{"c", h2}, SpendInvite{"c", h3}, AddInvite{"nochat", h1},
                       SpendInvite{"nochat", h1}})
                  .ok());
  EXPECT_EQ(s.invites("c").value(), (std::vector<Bytes>{h2, h1}));
  EXPECT_EQ(s.chat("c").value()->invite_count, 2u);
  EXPECT_FALSE(s.chat("nochat").value().has_value());
  EXPECT_TRUE(s.invites("nochat").value().empty());
  ASSERT_TRUE(s.apply({SpendInvite{"c", h2}, AddInvite{"c", h3}, AddInvite{"c", h2}}).ok());
  EXPECT_EQ(s.invites("c").value(), (std::vector<Bytes>{h1, h3, h2}));
  ASSERT_TRUE(s.apply({SpendInvite{"c", h1}, SpendInvite{"c", h1}}).ok());
  EXPECT_EQ(s.invites("c").value(), (std::vector<Bytes>{h3, h2}));
  EXPECT_EQ(s.chat("c").value()->invite_count, 2u);
  // The same hash in two chats is two invites.
  ASSERT_TRUE(s.apply({CreateChat{"c2", Bytes(32, 8), "a"}, AddInvite{"c2", h3}, SpendInvite{"c", h3}}).ok());
  EXPECT_EQ(s.invites("c2").value(), std::vector<Bytes>{h3});
  EXPECT_EQ(s.invites("c").value(), std::vector<Bytes>{h2});
}

TYPED_TEST_P(StoreContract, DeleteChatRemovesRosterAndInvitesButNotItems) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({CreateChat{"c", Bytes(32, 9), "a"}, AddMember{"c", "b"},
                       AddInvite{"c", Bytes(32, 1)}, CreateChat{"other", std::nullopt, "b"},
                       Post{msg_item(5), {{"a", 1}, {"b", 2}}}})
                  .ok());
  ASSERT_TRUE(s.apply({DeleteChat{"c"}, DeleteChat{"never"}}).ok());
  EXPECT_FALSE(s.chat("c").value().has_value());
  EXPECT_EQ(s.chat_count().value(), 1u);
  EXPECT_TRUE(s.members("c").value().empty());
  EXPECT_TRUE(s.invites("c").value().empty());
  EXPECT_FALSE(s.is_member("c", "a").value());
  EXPECT_EQ(s.members("other").value(), std::vector<proto::Id>{"b"});
  EXPECT_EQ(ids_of(s, "a"), std::vector<uint64_t>{1});
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{2});
  // Re-creating the chat starts from nothing.
  ASSERT_TRUE(s.apply({CreateChat{"c", std::nullopt, "z"}, AddMember{"c", "a"}}).ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"z", "a"}));
  EXPECT_EQ(s.chat("c").value()->invite_count, 0u);
}

TYPED_TEST_P(StoreContract, PostStoresEveryFieldForEveryCopy) {
  Store& s = this->s();
  proto::Deliver m = msg_item(1000);
  m.body = proto::Json{{"s", "h\u00e9llo \xf0\x9f\x94\x92 \"q\" \\ \n"},
                       {"n", -42},
                       {"u", 18446744073709551615ull},
                       {"f", 0.1},
                       {"a", proto::Json::array({1, proto::Json::object(), nullptr, true})},
                       {"e", proto::Json::object()}};
  proto::Deliver dir = msg_item(1001, "c2", "b");
  dir.kind = proto::DeliverKind::kDirect;
  dir.body = proto::Json::object();
  const proto::Deliver add = roster_item(1002, proto::RosterOp::kAdd, "d", Bytes{1, 2, 3});
  const proto::Deliver rm = roster_item(1003, proto::RosterOp::kRemove, "d", std::nullopt);
  const proto::Deliver mk = roster_item(1004, proto::RosterOp::kCreate, "a", Bytes());
  proto::Deliver ignored_id = m;
  ignored_id.id = 999;  // the content's id field is ignored
  ASSERT_TRUE(s.apply({Post{ignored_id, {{"x", 1}, {"y", 2}, {"z", 3}}}, Post{dir, {{"y", 4}}},
                       Post{add, {{"x", 5}}}, Post{rm, {{"x", 6}}}, Post{mk, {{"x", 7}}}})
                  .ok());
  const auto x = s.mailbox("x").value();
  ASSERT_EQ(x.size(), 4u);
  EXPECT_TRUE(same(x[0], with_id(m, 1)));
  EXPECT_TRUE(same(x[1], with_id(add, 5)));
  EXPECT_TRUE(same(x[2], with_id(rm, 6)));
  EXPECT_TRUE(same(x[3], with_id(mk, 7)));
  EXPECT_TRUE(x[3].signed_op.has_value());  // present-but-empty is not absent
  EXPECT_FALSE(x[2].signed_op.has_value());
  const auto y = s.mailbox("y").value();
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], with_id(m, 2)));
  EXPECT_TRUE(same(y[1], with_id(dir, 4)));
  EXPECT_EQ(ids_of(s, "z"), std::vector<uint64_t>{3});
  EXPECT_EQ(s.mailbox_size("x").value(), 4u);
  EXPECT_EQ(s.mailbox_size("y").value(), 2u);
  EXPECT_EQ(s.next_item_id().value(), 8u);
}

TYPED_TEST_P(StoreContract, MailboxIsInIdOrderWhateverThePostOrder) {
  Store& s = this->s();
  // Copies listed out of id order; a later posting with an older ts.
  ASSERT_TRUE(s.apply({Post{msg_item(1), {{"b", 12}, {"c", 10}, {"b", 11}}},
                       Post{msg_item(0), {{"b", 20}}}})
                  .ok());
  EXPECT_EQ(ids_of(s, "b"), (std::vector<uint64_t>{11, 12, 20}));
  EXPECT_EQ(s.mailbox("b").value()[0].ts, 1);
  EXPECT_EQ(s.mailbox("b").value()[2].ts, 0);
  EXPECT_EQ(s.next_item_id().value(), 21u);
}

TYPED_TEST_P(StoreContract, PostWithoutCopiesStoresNothing) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({Post{msg_item(1), {}}}).ok());
  EXPECT_EQ(s.next_item_id().value(), 1u);
  EXPECT_EQ(s.expire_items(INT64_MAX).value(), 0u);
}

TYPED_TEST_P(StoreContract, ItemIdsAreNeverReused) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({Post{msg_item(10), {{"b", 1}, {"c", 2}}}}).ok());
  ASSERT_TRUE(s.apply({RemoveItems{"b", {1}}, RemoveItems{"c", {2}}}).ok());
  EXPECT_EQ(s.next_item_id().value(), 3u);  // acked: counter stays
  ASSERT_TRUE(s.apply({Post{msg_item(11), {{"b", 3}}}}).ok());
  EXPECT_EQ(s.expire_items(100).value(), 1u);
  EXPECT_EQ(s.next_item_id().value(), 4u);  // expired: counter stays
  // A gap: the counter moves past the largest id, never back.
  ASSERT_TRUE(s.apply({Post{msg_item(12), {{"b", 40}, {"c", 7}}}}).ok());
  EXPECT_EQ(s.next_item_id().value(), 41u);
  ASSERT_TRUE(s.apply({RemoveItems{"b", {40}}}).ok());
  EXPECT_EQ(s.next_item_id().value(), 41u);
}

TYPED_TEST_P(StoreContract, RemoveItemsTouchesOnlyTheDevicesOwnItems) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({Post{msg_item(10), {{"b", 1}, {"c", 2}}}, Post{msg_item(11), {{"b", 3}}}}).ok());
  ASSERT_TRUE(s.apply({RemoveItems{"b", {2, 1, 77, 1}}, RemoveItems{"nobody", {3}},
                       RemoveItems{"c", {}}}).ok());
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{3});
  EXPECT_EQ(ids_of(s, "c"), std::vector<uint64_t>{2});
  // The shared content survives its first copy's removal.
  EXPECT_TRUE(same(s.mailbox("c").value()[0], with_id(msg_item(10), 2)));
  ASSERT_TRUE(s.apply({RemoveItems{"b", {3}}, RemoveItems{"c", {2}}}).ok());
  EXPECT_EQ(s.mailbox_size("b").value(), 0u);
  EXPECT_EQ(s.mailbox_size("c").value(), 0u);
  EXPECT_EQ(s.expire_items(INT64_MAX).value(), 0u);  // nothing left anywhere
}

TYPED_TEST_P(StoreContract, ExpireItemsDeletesUpToAndIncludingTheCutoff) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({Post{msg_item(-5), {{"a", 1}}}, Post{msg_item(10), {{"b", 2}, {"c", 3}}},
                       Post{msg_item(11), {{"b", 4}}}, Post{msg_item(20), {{"b", 5}}}})
                  .ok());
  EXPECT_EQ(s.expire_items(-6).value(), 0u);
  EXPECT_EQ(s.expire_items(-5).value(), 1u);   // ts == cutoff goes
  EXPECT_EQ(s.expire_items(9).value(), 0u);
  EXPECT_EQ(s.expire_items(10).value(), 2u);   // each copy counts
  EXPECT_EQ(ids_of(s, "b"), (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(s.mailbox_size("c").value(), 0u);
  EXPECT_EQ(s.expire_items(10).value(), 0u);   // idempotent
  EXPECT_EQ(s.expire_items(19).value(), 1u);
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{5});
  EXPECT_EQ(s.expire_items(INT64_MAX).value(), 1u);
  EXPECT_EQ(s.mailbox_size("b").value(), 0u);
  EXPECT_EQ(s.next_item_id().value(), 6u);
}

TYPED_TEST_P(StoreContract, DedupKeepsTheNewestRecordsPerSender) {
  Store& s = this->s();
  for (uint64_t i = 0; i < 5; ++i) {
    ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m" + std::to_string(i), i * 10, 2}, 3}}).ok());
  }
  EXPECT_FALSE(s.dedup("a", "m0").value().has_value());  // oldest evicted first
  EXPECT_FALSE(s.dedup("a", "m1").value().has_value());
  EXPECT_EQ(s.dedup("a", "m2").value(), (DedupRecord{"m2", 20, 2}));
  EXPECT_EQ(s.dedup("a", "m4").value(), (DedupRecord{"m4", 40, 2}));
  EXPECT_FALSE(s.dedup("b", "m4").value().has_value());  // per sender
  // Another sender's records are independent of a's window.
  ASSERT_TRUE(s.apply({PutDedup{"b", DedupRecord{"m4", 7, 1}, 1}}).ok());
  EXPECT_EQ(s.dedup("b", "m4").value(), (DedupRecord{"m4", 7, 1}));
  EXPECT_EQ(s.dedup("a", "m4").value(), (DedupRecord{"m4", 40, 2}));
  // Re-recording a known cmid updates it in place: it keeps its eviction slot.
  ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m2", 99, 5}, 3}}).ok());
  EXPECT_EQ(s.dedup("a", "m2").value(), (DedupRecord{"m2", 99, 5}));
  ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m5", 50, 1}, 3}}).ok());
  EXPECT_FALSE(s.dedup("a", "m2").value().has_value());
  EXPECT_TRUE(s.dedup("a", "m3").value().has_value());
  // A smaller window evicts down to it; zero evicts everything.
  ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m6", 60, 1}, 1}}).ok());
  EXPECT_FALSE(s.dedup("a", "m5").value().has_value());
  EXPECT_TRUE(s.dedup("a", "m6").value().has_value());
  ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m7", 70, 1}, 0}}).ok());
  EXPECT_FALSE(s.dedup("a", "m6").value().has_value());
  EXPECT_FALSE(s.dedup("a", "m7").value().has_value());
  // And the sender starts over afterwards.
  ASSERT_TRUE(s.apply({PutDedup{"a", DedupRecord{"m8", 80, 1}, 2}}).ok());
  EXPECT_EQ(s.dedup("a", "m8").value(), (DedupRecord{"m8", 80, 1}));
}

TYPED_TEST_P(StoreContract, BatchOpsApplyInOrder) {
  Store& s = this->s();
  ASSERT_TRUE(s.apply({CreateChat{"c", Bytes(32, 9), "a"}, AddMember{"c", "b"}, RemoveMember{"c", "a"},
                       AddMember{"c", "a"}, SpendInvite{"c", Bytes(32, 1)},
                       AddInvite{"c", Bytes(32, 1)}, Post{msg_item(1), {{"a", 1}, {"b", 2}}},
                       RemoveItems{"a", {1}}, PutDevice{dev("a", 1)}, PutDevice{dev("a", 2)},
                       DeleteChat{"gone"}, CreateChat{"gone", std::nullopt, "a"},
                       DeleteChat{"gone"}})
                  .ok());
  EXPECT_EQ(s.members("c").value(), (std::vector<proto::Id>{"b", "a"}));
  EXPECT_EQ(s.invites("c").value(), std::vector<Bytes>{Bytes(32, 1)});
  EXPECT_EQ(s.mailbox_size("a").value(), 0u);
  EXPECT_EQ(ids_of(s, "b"), std::vector<uint64_t>{2});
  EXPECT_EQ(s.device("a").value(), dev("a", 2));
  EXPECT_FALSE(s.chat("gone").value().has_value());
  EXPECT_EQ(s.next_item_id().value(), 3u);
}

TYPED_TEST_P(StoreContract, BehavesLikeMemoryStoreOnAMixedSequence) {
  // The same batches on a MemoryStore and on the store under test: every read
  // answers the same after each batch.
  Store& s = this->s();
  MemoryStore ref;
  const std::vector<proto::Id> devs = {"a", "b", "c", "d"};
  const std::vector<proto::Id> chats = {"c1", "c2"};
  const std::vector<std::pair<proto::Id, proto::Id>> dd = {{"a", "m1"}, {"a", "m2"}, {"a", "m3"},
                                                            {"b", "m1"}};
  const std::vector<Batch> script = {
      {PutDevice{dev("a", 1)}, PutDevice{dev("b", 2)}, CreateChat{"c1", std::nullopt, "a"}},
      {AddMember{"c1", "b"}, Post{roster_item(5, proto::RosterOp::kAdd, "b", Bytes{7}), {{"a", 1}, {"b", 2}}}},
      {CreateChat{"c2", Bytes(32, 3), "c"}, AddInvite{"c2", Bytes(32, 4)}, AddInvite{"c2", Bytes(32, 5)}},
      {Post{msg_item(6, "c1", "a"), {{"a", 3}, {"b", 4}}}, PutDedup{"a", DedupRecord{"m1", 3, 2}, 2}},
      {Post{msg_item(7, "c1", "b"), {{"a", 5}, {"b", 6}}}, PutDedup{"b", DedupRecord{"m1", 5, 2}, 2}},
      {RemoveItems{"a", {1, 3, 6}}, SpendInvite{"c2", Bytes(32, 4)}, AddMember{"c2", "d"}},
      {Post{msg_item(8, "c1", "a"), {{"b", 7}}}, PutDedup{"a", DedupRecord{"m2", 7, 1}, 2},
       PutDedup{"a", DedupRecord{"m3", 8, 1}, 2}},
      {RemoveMember{"c1", "a"}, RemoveMember{"c1", "b"}, DeleteChat{"c1"}, PutDevice{dev("d", 4)}},
  };
  for (size_t i = 0; i < script.size(); ++i) {
    ASSERT_TRUE(ref.apply(script[i]).ok());
    ASSERT_TRUE(s.apply(script[i]).ok()) << "batch " << i;
    EXPECT_EQ(describe_store(s, devs, chats, dd), describe_store(ref, devs, chats, dd)) << "batch " << i;
  }
  EXPECT_EQ(s.expire_items(6).value(), ref.expire_items(6).value());
  EXPECT_EQ(describe_store(s, devs, chats, dd), describe_store(ref, devs, chats, dd));
}

REGISTER_TYPED_TEST_SUITE_P(StoreContract, EmptyStoreAnswersEveryRead, PutDeviceInsertsAndOverwrites,
                            CreateChatAndItsSummary, RosterOpsAreTotalAndKeepJoinOrder,
                            InviteOpsAreTotalAndOrdered,
                            DeleteChatRemovesRosterAndInvitesButNotItems,
                            PostStoresEveryFieldForEveryCopy, MailboxIsInIdOrderWhateverThePostOrder,
                            PostWithoutCopiesStoresNothing, ItemIdsAreNeverReused,
                            RemoveItemsTouchesOnlyTheDevicesOwnItems,
                            ExpireItemsDeletesUpToAndIncludingTheCutoff,
                            DedupKeepsTheNewestRecordsPerSender, BatchOpsApplyInOrder,
                            BehavesLikeMemoryStoreOnAMixedSequence);

namespace {
struct MemoryStoreFactory {
  std::unique_ptr<Store> make() { return std::make_unique<MemoryStore>(); }
};
// A fresh database file per test, deleted (with its -wal) afterwards.
struct SqliteStoreFactory {
  TempDir dir;
  std::unique_ptr<Store> make() {
    auto r = SqliteStore::open(dir.file("relay.db"));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
    if (!r.ok()) return nullptr;
    return std::move(r).value();
  }
};
}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, StoreContract, MemoryStoreFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreContract, SqliteStoreFactory);

}  // namespace e2e::relay::test
