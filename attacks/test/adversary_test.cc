// The adversary's knobs on a plain world: transcript, split directory view,
// drop, delay and reordered release, duplicate, replay, storage snapshot.
#include <gtest/gtest.h>

#include <filesystem>

#include "attacks/adversary.h"
#include "attacks/attacker.h"
#include "world/chat_setup.h"

namespace e2e::attacks {
namespace {

proto::Preset arthas() { return proto::find_preset("arthas").value(); }

// alice's room with bob; returns bob's messages' texts.
std::vector<std::string> texts(const world::World& w, const Id& who) {
  std::vector<std::string> out;
  for (const auto& m : w.messages(who, "r")) out.push_back(m.text);
  return out;
}

void room(world::World& w) {
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(start_chat(w, "alice", "r", {"bob"}).ok());
}

bool is_msg_to_bob(const world::InFlight& f) {
  const auto* d = std::get_if<proto::Deliver>(&f.frame);
  return f.to == "bob" && d && d->kind == proto::DeliverKind::kMsg;
}

TEST(Adversary, RecordsBothDirections) {
  world::World w(arthas(), 3);
  Adversary adv(w);
  room(w);
  ASSERT_TRUE(send(w, "alice", "r", "hi").ok());
  EXPECT_EQ(adv.deliveries("bob").back().from, "alice");
  bool saw_send = false;
  for (const auto& f : adv.sent_by("alice")) saw_send = saw_send || std::holds_alternative<proto::Send>(f);
  EXPECT_TRUE(saw_send);
  EXPECT_FALSE(adv.transcript_summary().empty());
}

TEST(Adversary, SplitDirectoryViewReachesOnlyTheChosenRequester) {
  world::World w(arthas(), 4);
  Adversary adv(w);
  auto mallory = make_attacker("mallory", "Mallory", 4);
  ASSERT_TRUE(mallory.ok());
  adv.knobs().directory[{"bob", "alice"}] = mallory->entry("alice", "Alice");
  room(w);
  ASSERT_TRUE(w.add_device("carol", "Carol").ok());
  ASSERT_TRUE(join_chat(w, "alice", "r", "carol").ok());
  ASSERT_TRUE(send(w, "alice", "r", "hi").ok());
  // bob checks alice's signature with mallory's key and refuses it; carol,
  // asking the same directory, got the real key and shows it.
  EXPECT_TRUE(texts(w, "bob").empty());
  EXPECT_EQ(w.messages("carol", "r").size(), 1u);
  EXPECT_EQ(w.client("bob").state().directory.at("alice").sig, mallory->sig_public());
  EXPECT_NE(w.client("carol").state().directory.at("alice").sig, mallory->sig_public());
}

TEST(Adversary, DropDelayReorderDuplicate) {
  world::World w(arthas(), 5);
  Adversary adv(w);
  room(w);
  adv.knobs().drop = is_msg_to_bob;
  ASSERT_TRUE(send(w, "alice", "r", "lost").ok());
  adv.knobs().drop = nullptr;
  adv.knobs().delay = is_msg_to_bob;
  ASSERT_TRUE(send(w, "alice", "r", "one").ok());
  ASSERT_TRUE(send(w, "alice", "r", "two").ok());
  EXPECT_EQ(adv.held(), 2u);
  adv.knobs().delay = nullptr;
  adv.release_held(Release::kReversed);
  ASSERT_TRUE(settle(w).ok());
  EXPECT_EQ(texts(w, "bob"), (std::vector<std::string>{"two", "one"}));
  adv.knobs().duplicate = is_msg_to_bob;
  ASSERT_TRUE(send(w, "alice", "r", "twice").ok());
  // The copy has the same item id: the client flags it and shows it once.
  EXPECT_EQ(texts(w, "bob").back(), "twice");
  EXPECT_EQ(texts(w, "bob").size(), 3u);
  EXPECT_TRUE(std::holds_alternative<client::DuplicateEvent>(w.events("bob").back()) ||
              std::holds_alternative<client::MessageEvent>(w.events("bob").back()));
}

TEST(Adversary, ReplayWithFreshIdIsStoredLikeAnHonestItem) {
  world::World w(arthas(), 6);
  Adversary adv(w);
  room(w);
  ASSERT_TRUE(send(w, "alice", "r", "pay").ok());
  const auto captured = adv.deliveries("bob").back();
  w.clock().advance_ms(1000);
  auto id = adv.replay("bob", captured, ReplayEdits{});
  ASSERT_TRUE(id.ok());
  EXPECT_NE(*id, captured.id);
  EXPECT_EQ(w.store().mailbox_size("bob").value(), 1u);
  ASSERT_TRUE(settle(w).ok());
  EXPECT_EQ(texts(w, "bob"), (std::vector<std::string>{"pay", "pay"}));
}

TEST(Adversary, SnapshotCopiesFiles) {
  world::World w(arthas(), 7);
  Adversary adv(w);
  const auto path = std::filesystem::temp_directory_path() / "e2e-adversary-snapshot-test.bin";
  {
    std::FILE* f = std::fopen(path.string().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("stolen", f);
    std::fclose(f);
  }
  auto snap = adv.snapshot_files("now", {path.string(), path.string() + "-absent"});
  std::filesystem::remove(path);
  ASSERT_EQ(snap.files.size(), 2u);
  EXPECT_TRUE(snap.files[0].present);
  EXPECT_EQ(to_string(snap.files[0].bytes), "stolen");
  EXPECT_FALSE(snap.files[1].present);
}

}  // namespace
}  // namespace e2e::attacks
