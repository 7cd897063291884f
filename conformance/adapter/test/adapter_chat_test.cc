// A tiny engine in the test: adapters (through handle_line only) around one
// relay core. Transmit events go to the relay; the relay's frames come back as
// `deliver` requests. Each preset's two-device chat must reach the other side,
// and a device restarted from export_state into a fresh Adapter still reads.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>

#include "adapter_test_util.h"
#include "common/encoding.h"
#include "relay/memory_store.h"
#include "relay/relay.h"

namespace e2e::adapter {
namespace {
using namespace testing;

constexpr UnixMillis kStart = 1'700'000'000'000;

class MiniEngine {
 public:
  explicit MiniEngine(std::string preset) : preset_(std::move(preset)), clock_(kStart), relay_(store_, clock_) {}

  // start: a new process for |device| (hello + set_clock), no device yet.
  void start(const std::string& device, uint64_t seed) {
    auto& a = adapters_[device];
    a = std::make_unique<Adapter>();
    ASSERT_TRUE(call(device, "hello", hello_params(device, std::to_string(seed))).ok());
    ASSERT_TRUE(call(device, "set_clock", {{"now_ms", clock_.now_ms()}}).ok());
  }

  void add(const std::string& device, const std::string& name, uint64_t seed) {
    start(device, seed);
    ASSERT_TRUE(call(device, "create_device", {{"device", device}, {"name", name}, {"preset", preset_}}).ok());
    ASSERT_TRUE(call(device, "register").ok());
    pump();
  }

  // call sends one request, moves its transmits into the relay (queuing the
  // relay's answers) and records its other events.
  Answer call(const std::string& device, const std::string& method, const json& params = json::object()) {
    Answer a = testing::call(*adapters_.at(device), next_id_++, method, params);
    for (const auto& e : a.events) {
      if (e["event"] == "transmit") {
        auto bytes = base64url_decode(e["data"]["bytes_b64"].get<std::string>());
        EXPECT_TRUE(bytes.ok());
        for (auto& o : relay_.handle_text(device, to_string(*bytes))) queue_.push_back(std::move(o));
      } else {
        EXPECT_TRUE(event_from_json(e).ok()) << e;  // the engine can read every event
        events_[device].push_back(e);
      }
    }
    return a;
  }

  // pump delivers everything the relay has sent until it is quiet.
  void pump() {
    for (int steps = 0; !queue_.empty(); ++steps) {
      ASSERT_LT(steps, 10000) << "relay and clients did not settle";
      relay::Outbound o = std::move(queue_.front());
      queue_.pop_front();
      if (!adapters_.count(o.to)) continue;
      const Answer a = call(o.to, "deliver", {{"bytes_b64", base64url_encode(as_bytes(proto::serialize(o.frame)))}});
      EXPECT_TRUE(a.ok()) << a.response;
    }
  }

  // restart: export, end the process, start a new one with another seed, import.
  void restart(const std::string& device, uint64_t new_seed) {
    const Answer exported = call(device, "export_state");
    ASSERT_TRUE(exported.ok());
    ASSERT_TRUE(call(device, "shutdown").ok());
    ASSERT_TRUE(adapters_.at(device)->done());
    start(device, new_seed);
    ASSERT_TRUE(call(device, "import_state", {{"state_b64", exported.result()["state_b64"]}}).ok());
  }

  std::vector<std::string> texts(const std::string& device, const std::string& chat) const {
    std::vector<std::string> out;
    auto it = events_.find(device);
    if (it == events_.end()) return out;
    for (const auto& e : of_kind(it->second, "message")) {
      if (e["data"]["chat"] != chat) continue;
      auto text = base64url_decode(e["data"]["plaintext_b64"].get<std::string>());
      out.push_back(e["data"]["sender"].get<std::string>() + ": " + to_string(*text));
    }
    return out;
  }

  static json send(const std::string& chat, std::string_view text) {
    return {{"chat", chat}, {"plaintext_b64", base64url_encode(as_bytes(text))}};
  }

 private:
  std::string preset_;
  ManualClock clock_;
  relay::MemoryStore store_;
  relay::Relay relay_;
  std::map<std::string, std::unique_ptr<Adapter>> adapters_;
  std::map<std::string, std::vector<json>> events_;
  std::deque<relay::Outbound> queue_;
  uint64_t next_id_ = 1;
};

// Sets up "g" with alice and bob in |preset|'s own way.
void open_chat(MiniEngine& w, const std::string& preset) {
  ASSERT_TRUE(w.call("alice", "create_chat", {{"chat", "g"}}).ok());
  w.pump();
  if (preset == "arthas") {
    const Answer code = w.call("alice", "share_code", {{"chat", "g"}});
    ASSERT_TRUE(code.ok()) << code.response;
    ASSERT_TRUE(w.call("bob", "join_with_share_code", {{"code", code.result()["code"]}}).ok());
  } else {
    ASSERT_TRUE(w.call("alice", "add_member", {{"chat", "g"}, {"device", "bob"}}).ok());
  }
  w.pump();
}

class AdapterChat : public ::testing::TestWithParam<std::string> {};

TEST_P(AdapterChat, TwoDevicesTalkThroughTheRelay) {
  MiniEngine w(GetParam());
  w.add("alice", "Alice", 101);
  w.add("bob", "Bob", 202);
  open_chat(w, GetParam());
  ASSERT_TRUE(w.call("alice", "send", MiniEngine::send("g", "hello bob")).ok());
  w.pump();
  ASSERT_TRUE(w.call("bob", "send", MiniEngine::send("g", "hi alice")).ok());
  w.pump();
  EXPECT_EQ(w.texts("bob", "g"), std::vector<std::string>{"alice: hello bob"});
  EXPECT_EQ(w.texts("alice", "g"), std::vector<std::string>{"bob: hi alice"});
  const Answer members = w.call("alice", "members", {{"chat", "g"}});
  ASSERT_TRUE(members.ok());
  EXPECT_NE(std::find(members.result()["members"].begin(), members.result()["members"].end(), "bob"),
            members.result()["members"].end());
}

TEST_P(AdapterChat, ARestartedDeviceStillDecrypts) {
  MiniEngine w(GetParam());
  w.add("alice", "Alice", 101);
  w.add("bob", "Bob", 202);
  open_chat(w, GetParam());
  ASSERT_TRUE(w.call("alice", "send", MiniEngine::send("g", "before")).ok());
  w.pump();
  w.restart("bob", 203);
  ASSERT_TRUE(w.call("alice", "send", MiniEngine::send("g", "after")).ok());
  w.pump();
  ASSERT_TRUE(w.call("bob", "fetch").ok());
  w.pump();
  EXPECT_EQ(w.texts("bob", "g"), (std::vector<std::string>{"alice: before", "alice: after"}));
  // And it can still write.
  ASSERT_TRUE(w.call("bob", "send", MiniEngine::send("g", "back")).ok());
  w.pump();
  EXPECT_EQ(w.texts("alice", "g"), std::vector<std::string>{"bob: back"});
}

INSTANTIATE_TEST_SUITE_P(EveryPreset, AdapterChat, ::testing::Values("arthas", "eleven", "hardened"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(AdapterChatEleven, InvitesAndTypingTravelAsEvents) {
  MiniEngine w("eleven");
  w.add("alice", "Alice", 1);
  w.add("carol", "Carol", 3);
  ASSERT_TRUE(w.call("alice", "create_chat", {{"chat", "g"}}).ok());
  w.pump();
  const Answer invite = w.call("alice", "create_invite", {{"chat", "g"}});
  ASSERT_TRUE(invite.ok()) << invite.response;
  EXPECT_EQ(of_kind(invite.events, "transmit").size(), 1u);  // the hash goes to the relay
  const std::string link = invite.result()["link"];
  w.pump();
  ASSERT_TRUE(w.call("carol", "accept_invite", {{"link", link}}).ok());
  w.pump();
  ASSERT_TRUE(w.call("alice", "send", MiniEngine::send("g", "welcome")).ok());
  w.pump();
  EXPECT_EQ(w.texts("carol", "g"), std::vector<std::string>{"alice: welcome"});
}

}  // namespace
}  // namespace e2e::adapter
