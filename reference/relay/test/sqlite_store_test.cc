// SqliteStore: the Store contract suite over a real database file, plus what
// only a durable backend has to show: state survives close/reopen (the id
// counter included), the relay core gives byte-identical answers over SQLite
// and over memory, a batch failing at any statement leaves nothing, acked or
// expired bodies leave no bytes in the database or WAL file, and bad files are
// kIo errors, never crashes.
//= type=test
#include "relay/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "relay/memory_store.h"
#include "relay/relay.h"
#include "relay/test/relay_fixture.h"
#include "relay/test/store_contract.h"

namespace e2e::relay::test {
namespace {

std::unique_ptr<SqliteStore> open_ok(const std::string& path) {
  auto r = SqliteStore::open(path);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r).value() : nullptr;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::vector<proto::Id> kDevs = {"a", "b", "c", "d"};
const std::vector<proto::Id> kChats = {"c", "c1", "c2", "g", "o"};
const std::vector<std::pair<proto::Id, proto::Id>> kDedups = {{"a", "m1"}, {"a", "m2"}, {"b", "m1"}};

// The contract suite itself runs over SqliteStore from store_contract.cc (gtest
// wants a suite's instantiations next to its registration).

TEST(SqliteStore, StateAndCounterSurviveReopen) {
  TempDir dir;
  const std::string path = dir.file("relay.db");
  std::string before;
  {
    auto s = open_ok(path);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->apply({PutDevice{DeviceRecord{"a", "A", Bytes(65, 4), Bytes(32, 1)}},
                          CreateChat{"c", Bytes(32, 9), "a"}, AddMember{"c", "b"},
                          AddInvite{"c", Bytes(32, 2)}, Post{msg_item(10), {{"a", 1}, {"b", 2}}},
                          Post{roster_item(11, proto::RosterOp::kAdd, "b", Bytes{5}), {{"b", 3}}},
                          PutDedup{"a", DedupRecord{"m1", 1, 2}, 8}})
                    .ok());
    ASSERT_TRUE(s->apply({RemoveItems{"b", {3}}}).ok());  // the highest id is gone
    before = describe_store(*s, kDevs, kChats, kDedups);
    EXPECT_EQ(s->next_item_id().value(), 4u);
  }
  auto s = open_ok(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(describe_store(*s, kDevs, kChats, kDedups), before);
  EXPECT_EQ(s->next_item_id().value(), 4u);  // persisted: id 3 is never handed out again
  ASSERT_TRUE(s->apply({Post{msg_item(12), {{"a", 4}}}}).ok());
  EXPECT_EQ(s->next_item_id().value(), 5u);
}

TEST(SqliteStore, PostContentIsStoredOnceAndReleasedWithTheLastCopy) {
  TempDir dir;
  auto s = open_ok(dir.file("relay.db"));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->apply({Post{msg_item(1), {{"a", 1}, {"b", 2}, {"c", 3}}}}).ok());
  EXPECT_EQ(s->total_items().value(), 3u);
  EXPECT_EQ(s->content_count().value(), 1u);
  ASSERT_TRUE(s->apply({RemoveItems{"a", {1}}, RemoveItems{"b", {2}}}).ok());
  EXPECT_EQ(s->content_count().value(), 1u);
  ASSERT_TRUE(s->apply({RemoveItems{"c", {3}}}).ok());
  EXPECT_EQ(s->content_count().value(), 0u);
  ASSERT_TRUE(s->apply({Post{msg_item(2), {{"a", 4}, {"b", 5}}}}).ok());
  EXPECT_EQ(s->expire_items(2).value(), 2u);
  EXPECT_EQ(s->content_count().value(), 0u);
}

// ---- the relay core over SQLite -------------------------------------------

// run_script drives a Relay over |store| through a fixed request sequence and
// returns every output frame serialized, one line per step.
std::vector<std::string> run_script(Store& store) {
  ManualClock clock;
  RelayPolicy policy;
  policy.ttl_ms = 60'000;
  Relay relay(store, clock, policy);
  std::vector<std::string> log;
  uint64_t rid = 1;
  auto record = [&log](const std::vector<Outbound>& out) {
    std::string line;
    for (const Outbound& o : out) line += o.to + " <- " + proto::serialize(o.frame) + "\n";
    log.push_back(line);
  };
  auto h = [&](const proto::Id& d, proto::ClientFrame f) { record(relay.handle(d, f)); };
  auto ids = [&store](const proto::Id& d) {
    std::vector<uint64_t> v;
    const std::vector<proto::Deliver> items = store.mailbox(d).value();  // not a temporary in for()
    for (const auto& item : items) v.push_back(item.id);
    return v;
  };
  for (uint8_t i = 0; i < 3; ++i) {
    const proto::Id d = kDevs[i];
    h(d, proto::Register{rid++, "name-" + d, dh_key(i), sig_key(i)});
  }
  h("a", proto::Lookup{rid++, {"b", "zz", "a"}});
  h("a", proto::CreateChat{rid++, "g", hash_of(cred(7))});
  h("a", proto::Member{rid++, "g", proto::RosterOp::kAdd, "b", cred(7), Bytes{1, 2}});
  h("b", proto::Join{rid++, "o"});
  h("c", proto::Join{rid++, "o"});
  h("a", proto::Send{rid++, "g", "m1", body(1)});
  h("a", proto::Send{rid++, "g", "m1", body(1)});  // retry: answered from the dedup record
  clock.advance_ms(1000);
  h("b", proto::Direct{rid++, "o", "m1", "c", proto::Json{{"ct", "secret-ish"}, {"x", {1, 2.5}}}});
  h("b", proto::Fetch{rid++});
  h("b", proto::Ack{rid++, ids("b")});
  record(relay.on_connect("c"));
  h("a", proto::Invite{rid++, "g", hash_of(cred(8)), cred(7)});
  h("c", proto::Redeem{rid++, "g", hash_of(cred(8))});
  h("c", proto::Redeem{rid++, "g", hash_of(cred(8))});  // spent
  h("c", proto::Send{rid++, "g", "m2", body(2)});
  h("b", proto::Typing{"g", true});
  h("b", proto::Leave{rid++, "o"});
  h("c", proto::Leave{rid++, "o"});
  h("a", proto::Member{rid++, "g", proto::RosterOp::kRemove, "c", cred(7), std::nullopt});
  clock.advance_ms(60'000);
  log.push_back("expired " + std::to_string(relay.expire()));
  h("a", proto::Fetch{rid++});
  h("c", proto::Fetch{rid++});
  h("a", proto::Ack{rid++, {1, 2, 3, 999}});
  log.push_back(describe_store(store, kDevs, kChats, kDedups));
  log.push_back("failures " + std::to_string(relay.stats().store_failures));
  return log;
}

TEST(SqliteStore, RelayCoreAnswersExactlyAsOverMemory) {
  MemoryStore mem;
  const std::vector<std::string> want = run_script(mem);
  TempDir dir;
  auto sql = open_ok(dir.file("relay.db"));
  ASSERT_NE(sql, nullptr);
  const std::vector<std::string> got = run_script(*sql);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "step " << i;
  EXPECT_EQ(want.back(), "failures 0");
}

// A storage failure anywhere in a request (read or write) is an E2E_ERR_IO
// reply, counted in stats, and leaves nothing of the request behind.
TEST(SqliteStore, RelayTurnsAStoreFailureIntoAnErrorReplyAndNoChange) {
  TempDir dir;
  auto s = open_ok(dir.file("relay.db"));
  ASSERT_NE(s, nullptr);
  ManualClock clock;
  Relay relay(*s, clock);
  uint64_t rid = 1;
  ASSERT_NE(reply<proto::Ok>(relay.handle("a", proto::Join{rid++, "o"})), nullptr);
  ASSERT_NE(reply<proto::Ok>(relay.handle("b", proto::Join{rid++, "o"})), nullptr);
  const std::string before = describe_store(*s, kDevs, {"o"}, {{"a", "m1"}});
  uint64_t failures = 0;
  for (uint64_t n = 1;; ++n) {
    ASSERT_LT(n, 100u);
    s->fail_nth_step_for_testing(n);
    const Out out = relay.handle("a", proto::Send{rid++, "o", "m1", body(1)});
    s->fail_nth_step_for_testing(0);
    if (reply<proto::Sent>(out) != nullptr) break;
    ++failures;
    EXPECT_EQ(error_code(out), "E2E_ERR_IO") << "step " << n;
    EXPECT_EQ(out.size(), 1u) << "step " << n;  // no pushes for a failed request
    EXPECT_EQ(describe_store(*s, kDevs, {"o"}, {{"a", "m1"}}), before) << "step " << n;
  }
  EXPECT_GT(failures, 3u);
  EXPECT_EQ(relay.stats().store_failures, failures);
  EXPECT_EQ(s->mailbox_size("b").value(), 2u);  // its join notice + the message
}

// ---- all or nothing ----------------------------------------------------------

Batch big_batch() {
  return {PutDevice{DeviceRecord{"d", "D", Bytes(65, 1), Bytes(32, 2)}},
          CreateChat{"c2", Bytes(32, 3), "d"},
          AddMember{"c", "d"},
          RemoveMember{"c", "a"},
          AddInvite{"c", Bytes(32, 4)},
          SpendInvite{"c", Bytes(32, 2)},
          Post{msg_item(20), {{"a", 5}, {"d", 6}}},
          RemoveItems{"b", {2}},
          PutDedup{"b", DedupRecord{"m1", 5, 2}, 1},
          PutDedup{"a", DedupRecord{"m2", 5, 2}, 1},
          DeleteChat{"c1"}};
}

void seed(SqliteStore& s) {
  ASSERT_TRUE(s.apply({PutDevice{DeviceRecord{"a", "A", Bytes(65, 4), Bytes(32, 1)}},
                       CreateChat{"c", Bytes(32, 9), "a"}, CreateChat{"c1", std::nullopt, "b"},
                       AddMember{"c", "b"}, AddInvite{"c", Bytes(32, 2)},
                       Post{msg_item(10), {{"a", 1}, {"b", 2}}},
                       PutDedup{"a", DedupRecord{"m1", 1, 2}, 8}})
                  .ok());
}

TEST(SqliteStore, ABatchFailingAtAnyStatementLeavesNothing) {
  TempDir dir;
  const std::string path = dir.file("relay.db");
  auto s = open_ok(path);
  ASSERT_NE(s, nullptr);
  seed(*s);
  const std::string before = describe_store(*s, kDevs, kChats, kDedups);
  const uint64_t next = s->next_item_id().value();
  size_t failures = 0;
  for (uint64_t n = 1;; ++n) {
    ASSERT_LT(n, 200u) << "the batch never completed";
    s->fail_nth_step_for_testing(n);
    Result<void> r = s->apply(big_batch());
    s->fail_nth_step_for_testing(0);
    if (r.ok()) break;  // n is past the batch's last statement (COMMIT)
    ++failures;
    EXPECT_EQ(r.code(), Errc::kIo);
    EXPECT_EQ(describe_store(*s, kDevs, kChats, kDedups), before) << "failed at step " << n;
    EXPECT_EQ(s->next_item_id().value(), next);
  }
  EXPECT_GT(failures, 20u);  // BEGIN, every op's statements, COMMIT
  const std::string after = describe_store(*s, kDevs, kChats, kDedups);
  EXPECT_NE(after, before);
  // The same batch on memory gives the same state: the failed attempts left no trace.
  MemoryStore mem;
  ASSERT_TRUE(mem.apply({PutDevice{DeviceRecord{"a", "A", Bytes(65, 4), Bytes(32, 1)}},
                         CreateChat{"c", Bytes(32, 9), "a"}, CreateChat{"c1", std::nullopt, "b"},
                         AddMember{"c", "b"}, AddInvite{"c", Bytes(32, 2)},
                         Post{msg_item(10), {{"a", 1}, {"b", 2}}},
                         PutDedup{"a", DedupRecord{"m1", 1, 2}, 8}})
                  .ok());
  ASSERT_TRUE(mem.apply(big_batch()).ok());
  EXPECT_EQ(after, describe_store(mem, kDevs, kChats, kDedups));
  // And after a reopen, only committed state is there.
  s.reset();
  s = open_ok(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(describe_store(*s, kDevs, kChats, kDedups), after);
}

TEST(SqliteStore, AnUnstorableIdRefusesTheWholeBatch) {
  TempDir dir;
  auto s = open_ok(dir.file("relay.db"));
  ASSERT_NE(s, nullptr);
  seed(*s);
  const std::string before = describe_store(*s, kDevs, kChats, kDedups);
  Result<void> r = s->apply({PutDevice{DeviceRecord{"d", "D", Bytes(65, 1), Bytes(32, 2)}},
                             Post{msg_item(20), {{"a", 5}}},
                             Post{msg_item(21), {{"a", uint64_t{1} << 63}}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kInvalidArgument);
  EXPECT_EQ(describe_store(*s, kDevs, kChats, kDedups), before);
  // Acking an id SQLite could never have stored is the usual no-op.
  EXPECT_TRUE(s->apply({RemoveItems{"a", {~uint64_t{0}}}}).ok());
}

// ---- no bytes of acked bodies left behind ------------------------------------

// With WAL, a deleted row's old page images stay in the -wal file until a
// checkpoint copies the newest image of each page into the database file, and
// in the database file the deleted cell's bytes stay in the page's free space
// unless secure_delete overwrites them. SqliteStore runs with
// secure_delete=ON and checkpoints with TRUNCATE after every batch or sweep
// that deleted items, so once an ack returns, neither file holds the body.
TEST(SqliteStore, AckedAndExpiredBodiesLeaveNoBytesOnDisk) {
  TempDir dir;
  const std::string path = dir.file("relay.db");
  auto s = open_ok(path);
  ASSERT_NE(s, nullptr);
  const std::string canary = "CANARY-4f1c9e2a";
  auto item = [&](UnixMillis ts, size_t pad) {
    proto::Deliver d = msg_item(ts);
    d.body = proto::Json{{"ct", canary + std::string(pad, 'x') + canary}};
    return d;
  };
  // Small bodies and bodies that need overflow pages; enough rows to split pages.
  uint64_t id = 1;
  std::vector<uint64_t> b_ids;
  for (int i = 0; i < 60; ++i) {
    const size_t pad = (i % 10 == 0) ? 9000 : 40;
    ASSERT_TRUE(s->apply({Post{item(i, pad), {{"b", id}, {"c", id + 1}}}}).ok());
    b_ids.push_back(id);
    id += 2;
  }
  ASSERT_TRUE(s->apply({Post{msg_item(1000), {{"b", id}}}}).ok());  // unrelated, stays
  ASSERT_TRUE(s->checkpoint().ok());
  ASSERT_NE(read_file(path).find(canary), std::string::npos);  // the scan can see it
  ASSERT_TRUE(s->apply({RemoveItems{"b", b_ids}}).ok());     // b acks everything
  EXPECT_EQ(s->expire_items(999).value(), 60u);              // c's copies expire
  EXPECT_EQ(s->content_count().value(), 1u);
  EXPECT_EQ(read_file(path).find(canary), std::string::npos);
  EXPECT_EQ(read_file(path + "-wal").find(canary), std::string::npos);
  s.reset();  // closing must not bring anything back either
  EXPECT_EQ(read_file(path).find(canary), std::string::npos);
  EXPECT_EQ(read_file(path + "-wal").find(canary), std::string::npos);
  auto again = open_ok(path);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->mailbox_size("b").value(), 1u);
}

// ---- files that are not ours ---------------------------------------------------

TEST(SqliteStore, AnUnopenablePathIsAnIoError) {
  TempDir dir;
  auto r = SqliteStore::open(dir.file("no/such/dir/relay.db"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
  EXPECT_NE(r.error().detail.find("unable to open"), std::string::npos) << r.error();
  EXPECT_NE(r.error().detail.find("relay.db"), std::string::npos) << r.error();
  auto d = SqliteStore::open(dir.file(""));  // a directory
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.code(), Errc::kIo);
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsAnIoError) {
  TempDir dir;
  const std::string path = dir.file("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 8192; ++i) out.put(static_cast<char>((i * 131 + 7) & 0xff));
  }
  auto r = SqliteStore::open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
  EXPECT_NE(r.error().detail.find("not a database"), std::string::npos) << r.error();
}

TEST(SqliteStore, ACorruptedRelayDatabaseIsAnIoError) {
  TempDir dir;
  const std::string path = dir.file("relay.db");
  {
    auto s = open_ok(path);
    ASSERT_NE(s, nullptr);
    seed(*s);
  }
  std::string bytes = read_file(path);
  ASSERT_GT(bytes.size(), 100u);
  for (size_t i = 0; i < 16; ++i) bytes[i] = 'Z';  // the "SQLite format 3" magic
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto r = SqliteStore::open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
}

TEST(SqliteStore, AnotherApplicationsDatabaseIsAnIoError) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite::Db db(raw);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr),
            SQLITE_OK);
  db.reset();
  auto r = SqliteStore::open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kIo);
  EXPECT_NE(r.error().detail.find("not an e2eproof relay database"), std::string::npos) << r.error();
}

TEST(SqliteStore, ASecondStoreOnTheSameFileIsRefused) {
  TempDir dir;
  const std::string path = dir.file("relay.db");
  auto first = open_ok(path);
  ASSERT_NE(first, nullptr);
  auto second = SqliteStore::open(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.code(), Errc::kIo);
  EXPECT_NE(second.error().detail.find("locked"), std::string::npos) << second.error();
  first.reset();
  EXPECT_NE(open_ok(path), nullptr);
}

}  // namespace
}  // namespace e2e::relay::test
