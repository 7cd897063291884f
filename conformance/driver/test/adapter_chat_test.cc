// The world's chat scenarios through real adapter processes (`e2eproof
// adapter`): each must behave exactly as the in-process run of the same seed,
// down to the event stream of every device (compared as event JSON).
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "adapter/event_json.h"
#include "driver/driver.h"
#include "world/world.h"

namespace e2e::driver {
namespace {

using world::World;
using nlohmann::json;

AdapterOptions reference_adapter() {
  AdapterOptions o;
  o.argv = {E2EPROOF_BIN, "adapter"};
  return o;
}

world::WorldOptions with(DriverFactory f) {
  world::WorldOptions o;
  o.factory = std::move(f);
  return o;
}

std::vector<std::string> texts(const World& w, const Id& who, const Id& chat) {
  std::vector<std::string> out;
  for (const auto& m : w.messages(who, chat)) out.push_back(m.sender + ": " + m.text);
  return out;
}

// Every device's events, in order, as the adapter protocol writes them.
json event_streams(const World& w) {
  json all = json::object();
  for (const auto& id : w.devices()) {
    json list = json::array();
    for (const auto& e : w.events(id)) list.push_back(adapter::event_to_json(e));
    all[id] = std::move(list);
  }
  return all;
}

#define RUN_OK(w, who, op)                               \
  do {                                                   \
    auto run_result_ = (w).run((who), (op));             \
    ASSERT_TRUE(run_result_.ok()) << run_result_.error(); \
  } while (0)

#define ADD_OK(w, id)                                    \
  do {                                                   \
    auto add_result_ = (w).add_device((id), (id));       \
    ASSERT_TRUE(add_result_.ok()) << add_result_.error(); \
  } while (0)

void arthas_scenario(World& w) {
  for (const char* d : {"alice", "bob", "carol"}) ADD_OK(w, d);
  RUN_OK(w, "alice", w.device("alice").create_chat("room1"));
  ASSERT_TRUE(w.deliver_all());
  auto code = w.device("alice").share_code("room1");
  ASSERT_TRUE(code.ok()) << code.error();
  RUN_OK(w, "bob", w.device("bob").join_with_share_code(*code));
  RUN_OK(w, "carol", w.device("carol").join_with_share_code(*code));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "alice", w.device("alice").send_text("room1", "hello from alice"));
  RUN_OK(w, "bob", w.device("bob").send_text("room1", "hi, bob here"));
  RUN_OK(w, "bob", w.device("bob").set_typing("room1", true));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "carol", "room1"),
            (std::vector<std::string>{"alice: hello from alice", "bob: hi, bob here"}));
  RUN_OK(w, "carol", w.device("carol").leave("room1"));
  ASSERT_TRUE(w.deliver_all());
  auto members = w.device("alice").members("room1");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(*members, (std::vector<Id>{"alice", "bob"}));
  RUN_OK(w, "alice", w.device("alice").send_text("room1", "after carol left"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "bob", "room1").back(), "alice: after carol left");
  EXPECT_EQ(texts(w, "carol", "room1").size(), 2u);
}

void eleven_scenario(World& w) {
  for (const char* d : {"alice", "bob", "carol"}) ADD_OK(w, d);
  RUN_OK(w, "alice", w.device("alice").create_chat("g"));
  RUN_OK(w, "alice", w.device("alice").add_member("g", "bob"));
  ASSERT_TRUE(w.deliver_all());
  auto invite = w.device("alice").create_invite("g");
  ASSERT_TRUE(invite.ok()) << invite.error();
  auto [link, step] = std::move(invite).value();
  EXPECT_FALSE(step.out.empty());
  w.run("alice", std::move(step));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "carol", w.device("carol").accept_invite(link));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "carol", w.device("carol").accept_invite(link));  // spent: the relay refuses
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "alice", w.device("alice").send_text("g", "welcome both"));
  RUN_OK(w, "carol", w.device("carol").send_text("g", "thanks"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "g"), (std::vector<std::string>{"alice: welcome both", "carol: thanks"}));
  // bob is no admin: refused by the client, as an error response.
  auto refused = w.device("bob").remove_member("g", "carol");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), Errc::kState) << refused.error();
  RUN_OK(w, "alice", w.device("alice").remove_member("g", "carol"));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "alice", w.device("alice").send_text("g", "carol is gone"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "carol", "g").size(), 1u);
  EXPECT_EQ(texts(w, "bob", "g").back(), "alice: carol is gone");
}

void hardened_three(World& w) {
  for (const char* d : {"alice", "bob", "carol"}) ADD_OK(w, d);
  RUN_OK(w, "alice", w.device("alice").create_chat("g"));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "alice", w.device("alice").add_member("g", "bob"));
  ASSERT_TRUE(w.deliver_all());
  RUN_OK(w, "alice", w.device("alice").add_member("g", "carol"));
  ASSERT_TRUE(w.deliver_all());
}

void hardened_scenario(World& w) {
  hardened_three(w);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  RUN_OK(w, "bob", w.device("bob").send_text("g", "hi all"));
  w.clock().advance_ms(5'000);  // the adapters hear of it through set_clock
  RUN_OK(w, "carol", w.device("carol").send_text("g", "hi bob"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "alice", "g"), (std::vector<std::string>{"bob: hi all", "carol: hi bob"}));
  RUN_OK(w, "alice", w.device("alice").remove_member("g", "carol"));
  ASSERT_TRUE(w.deliver_all());
  EXPECT_EQ(w.device("bob").members("g").value(), (std::vector<Id>{"alice", "bob"}));
  RUN_OK(w, "alice", w.device("alice").send_text("g", "carol is gone"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "bob", "g").back(), "alice: carol is gone");
  EXPECT_EQ(texts(w, "carol", "g"), std::vector<std::string>{"bob: hi all"});
}

// restart: bob's process is replaced by a new one importing his state; he
// keeps decrypting, and a replayed item is still refused after the restart.
void hardened_restart_scenario(World& w) {
  hardened_three(w);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  RUN_OK(w, "carol", w.device("carol").send_text("g", "before restart"));
  ASSERT_TRUE(w.deliver_all());
  w.restart("bob");
  ASSERT_TRUE(w.deliver_all());
  ASSERT_TRUE(w.health().ok()) << w.health().error();
  RUN_OK(w, "carol", w.device("carol").send_text("g", "after restart"));
  RUN_OK(w, "bob", w.device("bob").send_text("g", "still here"));
  ASSERT_TRUE(w.deliver_all());
  w.restart("bob");
  RUN_OK(w, "alice", w.device("alice").send_text("g", "after the second restart"));
  ASSERT_TRUE(w.quiesce());
  EXPECT_EQ(texts(w, "bob", "g"), (std::vector<std::string>{"carol: before restart", "carol: after restart",
                                                             "alice: after the second restart"}));
  EXPECT_EQ(texts(w, "carol", "g").back(), "alice: after the second restart");
}

// run_both runs |scenario| in-process and through adapters on one seed.
void run_both(const char* preset, uint64_t seed, void (*scenario)(World&)) {
  World in(proto::find_preset(preset).value(), seed, with(in_process_factory()));
  scenario(in);
  ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "in-process run";
  const auto t0 = std::chrono::steady_clock::now();
  World ad(proto::find_preset(preset).value(), seed, with(adapter_factory(reference_adapter())));
  scenario(ad);
  ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "adapter run";
  ASSERT_TRUE(ad.health().ok()) << ad.health().error();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  ::testing::Test::RecordProperty("adapter_ms", std::to_string(ms.count()));
  EXPECT_EQ(event_streams(in), event_streams(ad)) << "in-process: " << event_streams(in).dump()
                                                  << "\nadapter: " << event_streams(ad).dump();
  EXPECT_GT(event_streams(ad).dump().size(), 100u);
}

TEST(AdapterChat, ArthasMatchesInProcess) { run_both("arthas", 7, arthas_scenario); }
TEST(AdapterChat, ElevenMatchesInProcess) { run_both("eleven", 11, eleven_scenario); }
TEST(AdapterChat, HardenedMatchesInProcess) { run_both("hardened", 21, hardened_scenario); }
TEST(AdapterChat, HardenedRestartKeepsDecrypting) { run_both("hardened", 24, hardened_restart_scenario); }

// Each process life is a real process: a wrapper logs each adapter's pid
// before exec'ing it. 3 devices + 2 restarts of bob = 5 processes, all gone
// once the world is.
TEST(AdapterChat, RestartIsANewProcess) {
  const std::string log = ::testing::TempDir() + "adapter_pids_" + std::to_string(::getpid());
  std::remove(log.c_str());
  AdapterOptions o;
  o.argv = {"/bin/sh", "-c", "echo $$ >> \"$0\"; exec \"$1\" adapter", log, E2EPROOF_BIN};
  {
    World w(proto::find_preset("hardened").value(), 24, with(adapter_factory(o)));
    hardened_restart_scenario(w);
    ASSERT_FALSE(HasFatalFailure());
  }
  std::ifstream in(log);
  std::set<long> pids;
  for (long pid; in >> pid;) pids.insert(pid);
  EXPECT_EQ(pids.size(), 5u);
  for (long pid : pids) {
    EXPECT_EQ(::kill(static_cast<pid_t>(pid), 0), -1) << pid << " still runs";
  }
  std::remove(log.c_str());
}

}  // namespace
}  // namespace e2e::driver
