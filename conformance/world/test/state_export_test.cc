// Client state export/import (docs/PROTOCOL.md §9): what restart, compromise
// and rollback tests rely on.
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

void hardened_chat(World& w) {
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
  ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", "bob")).ok());
  ASSERT_TRUE(w.deliver_all());
  ASSERT_TRUE(w.run("bob", w.device("bob").send_text("g", "one")).ok());
  ASSERT_TRUE(w.deliver_all());
}

TEST(StateExport, RoundTripIsExact) {
  for (const char* preset : {"arthas", "eleven", "hardened"}) {
    World w(proto::find_preset(preset).value(), 31);
    ASSERT_TRUE(w.add_device("alice", "Alice").ok());
    ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
    ASSERT_TRUE(w.deliver_all());
    SecretBytes first = w.client("alice").export_state();
    DeterministicRng rng(1);
    auto back = client::Client::import_state(first.reveal(), rng, w.clock());
    ASSERT_TRUE(back.ok()) << preset << ": " << back.error();
    EXPECT_TRUE(back->export_state() == first) << preset;
  }
}

TEST(StateExport, HardenedRoundTripKeepsChainKeysAndWindows) {
  World w(proto::find_preset("hardened").value(), 32);
  hardened_chat(w);
  SecretBytes doc = w.client("alice").export_state();
  DeterministicRng rng(2);
  auto back = client::Client::import_state(doc.reveal(), rng, w.clock());
  ASSERT_TRUE(back.ok()) << back.error();
  const auto& h = std::get<client::EpochKeyChat>(back->state().chats.at("g").scheme);
  EXPECT_EQ(h.chain.size(), 2u);
  EXPECT_EQ(h.epoch_keys.size(), 2u);
  ASSERT_EQ(h.windows.size(), 1u);
  EXPECT_EQ(h.windows.begin()->second.check(0).code(), Errc::kReplay);  // bob's ctr 0 was seen
  EXPECT_TRUE(back->export_state() == doc);
}

TEST(StateExport, ExportNeverPrintsSecrets) {
  World w(proto::find_preset("eleven").value(), 33);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  std::ostringstream os;
  os << w.client("alice").export_state();
  EXPECT_EQ(os.str().find("dh"), std::string::npos);
  EXPECT_NE(os.str().find("SecretBytes(len="), std::string::npos);
}

TEST(StateExport, BadDocumentsAreRefusedWholly) {
  World w(proto::find_preset("hardened").value(), 34);
  hardened_chat(w);
  const std::string good = to_string(w.client("alice").export_state().reveal());
  DeterministicRng rng(3);
  auto refused = [&](const std::string& doc) {
    auto r = client::Client::import_state(as_bytes(doc), rng, w.clock());
    return !r.ok() && r.code() == Errc::kDecodeError;
  };
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("[]"));
  EXPECT_TRUE(refused(good.substr(0, good.size() / 2)));  // truncated
  auto with = [&](const std::string& from, const std::string& to) {
    std::string doc = good;
    const size_t at = doc.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    doc.replace(at, from.size(), to);
    return doc;
  };
  EXPECT_TRUE(refused(with("e2eproof-client-state/1", "e2eproof-client-state/2")));
  EXPECT_TRUE(refused(with("\"preset\":\"hardened\"", "\"preset\":\"nosuch\"")));
  EXPECT_TRUE(refused(with("\"next_rid\":", "\"next_rid\":-")));
  EXPECT_TRUE(refused(with("\"send_ctr\":", "\"send_ctr\":\"x\",\"y\":")));
}

// Rollback: restoring an older snapshot brings back an older replay window.
// That is the client's own storage being rolled back (attack F03 territory):
// documented here as a known property of client-side state, not hidden.
TEST(StateExport, RestoringAnOldSnapshotForgetsLaterCounters) {
  World w(proto::find_preset("hardened").value(), 35);
  hardened_chat(w);
  SecretBytes old = w.client("alice").export_state();
  ASSERT_TRUE(w.run("bob", w.device("bob").send_text("g", "two")).ok());
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(std::get<client::EpochKeyChat>(w.client("alice").state().chats.at("g").scheme).windows.begin()->second.check(1).code(),
            Errc::kReplay);
  DeterministicRng rng(4);
  auto rolled = client::Client::import_state(old.reveal(), rng, w.clock());
  ASSERT_TRUE(rolled.ok());
  EXPECT_TRUE(std::get<client::EpochKeyChat>(rolled->state().chats.at("g").scheme).windows.begin()->second.check(1).ok());
}

}  // namespace
}  // namespace e2e::world
