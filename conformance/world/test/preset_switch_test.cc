// Every feature switch of a preset (docs/PROTOCOL.md §8), flipped: each test
// runs a World end to end with the switch on and off and checks that what a
// user or the relay sees differs. A switch the code ignored would fail here.
#include "client/client.h"
#include "common/rng.h"
#include "protocol/envelope.h"
#include "world_test_util.h"

namespace e2e::world {
namespace {
using namespace testing;

proto::Preset preset(const char* name) { return proto::find_preset(name).value(); }

// add registers a device (one place for the World's add_device signature).
void add(World& w, const Id& id, const std::string& name) { ASSERT_TRUE(w.add_device(id, name).ok()) << id; }

// arthas room "r" with alice (creator) and bob, everything delivered.
void arthas_room(World& w) {
  add(w, "alice", "Alice");
  add(w, "bob", "Bob");
  ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("r")).ok());
  ASSERT_TRUE(w.deliver_all());
  auto code = w.device("alice").share_code("r");
  ASSERT_TRUE(code.ok());
  ASSERT_TRUE(w.run("bob", w.device("bob").join_with_share_code(*code)).ok());
  ASSERT_TRUE(w.deliver_all());
}

// An admin chat "g" (eleven or hardened) with alice as admin and |members| added.
void admin_chat(World& w, const std::vector<Id>& members) {
  add(w, "alice", "Alice");
  for (const Id& m : members) add(w, m, m);
  ASSERT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
  ASSERT_TRUE(w.deliver_all());
  for (const Id& m : members) {
    ASSERT_TRUE(w.run("alice", w.device("alice").add_member("g", m)).ok());
    ASSERT_TRUE(w.deliver_all());
  }
}

// ---- sign_messages (arthas) ---------------------------------------------

std::vector<std::string> flags_bob_sees(bool sign) {
  proto::Preset p = preset("arthas");
  p.sign_messages = sign;
  World w(p, 41);
  arthas_room(w);
  EXPECT_TRUE(w.run("alice", w.device("alice").send_text("r", "hello")).ok());
  EXPECT_TRUE(w.deliver_all());
  auto got = w.messages("bob", "r");
  EXPECT_EQ(got.size(), 1u);
  return got.empty() ? std::vector<std::string>{"<none>"} : got[0].flags;
}

TEST(PresetSwitch, SignMessagesOffShowsTheUnsignedFlag) {
  EXPECT_TRUE(flags_bob_sees(true).empty());
  EXPECT_EQ(flags_bob_sees(false), std::vector<std::string>{"unsigned"});
}

// ---- typing (eleven) ----------------------------------------------------

TEST(PresetSwitch, TypingClearIsARelayFrameEncryptedIsAMessageItem) {
  for (proto::TypingMode mode : {proto::TypingMode::kClear, proto::TypingMode::kEncrypted}) {
    proto::Preset p = preset("eleven");
    p.typing = mode;
    World w(p, 42);
    admin_chat(w, {"bob"});
    auto step = w.device("alice").set_typing("g", true);
    ASSERT_TRUE(step.ok()) << step.error();
    ASSERT_EQ(step->out.size(), 1u);
    if (mode == proto::TypingMode::kClear) {
      EXPECT_TRUE(std::holds_alternative<proto::Typing>(step->out[0]));
    } else {
      EXPECT_TRUE(std::holds_alternative<proto::Send>(step->out[0]));  // sealed under the chat key
    }
    w.run("alice", std::move(step).value());
    ASSERT_TRUE(w.deliver_all());
    EXPECT_EQ(events_of<client::TypingEvent>(w, "bob").size(), 1u);  // bob sees it either way
  }
}

// ---- invites (eleven) ---------------------------------------------------

TEST(PresetSwitch, InvitesOffMakesCreateInviteUnsupported) {
  for (bool invites : {true, false}) {
    proto::Preset p = preset("eleven");
    p.invites = invites;
    World w(p, 43);
    admin_chat(w, {});
    auto made = w.device("alice").create_invite("g");
    if (invites) {
      EXPECT_TRUE(made.ok()) << made.error();
    } else {
      ASSERT_FALSE(made.ok());
      EXPECT_EQ(made.code(), Errc::kUnsupported);
    }
    add(w, "bob", "Bob");
    auto accepted = w.device("bob").accept_invite("g#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    if (invites) {
      EXPECT_TRUE(accepted.ok()) << accepted.error();
    } else {
      ASSERT_FALSE(accepted.ok());
      EXPECT_EQ(accepted.code(), Errc::kUnsupported);
    }
  }
}

// ---- replay_window (hardened) -------------------------------------------

// texts_after_replay: what alice shows after bob's message is delivered and
// then replayed under a fresh relay id (attack B01).
std::vector<std::string> texts_after_replay(bool window) {
  proto::Preset p = preset("hardened");
  p.replay_window = window;
  World w(p, 44);
  admin_chat(w, {"bob"});
  EXPECT_TRUE(w.run("bob", w.device("bob").send_text("g", "pay #1")).ok());
  std::optional<proto::Deliver> copy;
  for (const auto& f : w.pool()) {
    if (auto* d = std::get_if<proto::Deliver>(&f.frame); d && f.to == "alice" && d->kind == proto::DeliverKind::kMsg) {
      copy = *d;
    }
  }
  EXPECT_TRUE(copy);
  if (!copy) return {};
  EXPECT_TRUE(w.deliver_all());
  copy->id = 777777;
  w.inject("alice", *copy);
  EXPECT_TRUE(w.deliver_all());
  return texts(w, "alice", "g");
}

TEST(PresetSwitch, ReplayWindowOffShowsAReplayedMessageAgain) {
  EXPECT_EQ(texts_after_replay(true), std::vector<std::string>{"bob: pay #1"});
  EXPECT_EQ(texts_after_replay(false), (std::vector<std::string>{"bob: pay #1", "bob: pay #1"}));
}

// ---- rotate_on_change (hardened) ----------------------------------------

// removed_member_opens: carol is removed, alice writes; can any key carol kept
// open alice's new message?
bool removed_member_opens(bool rotate) {
  proto::Preset p = preset("hardened");
  p.rotate_on_change = rotate;
  World w(p, 45);
  admin_chat(w, {"bob", "carol"});
  EXPECT_TRUE(w.run("alice", w.device("alice").remove_member("g", "carol")).ok());
  EXPECT_TRUE(w.deliver_all());
  auto after = w.device("alice").send_text("g", "carol is gone");
  EXPECT_TRUE(after.ok());
  if (!after.ok()) return false;
  const proto::Json body = std::get<proto::Send>(after->out.at(0)).body;
  w.run("alice", std::move(after).value());
  EXPECT_TRUE(w.deliver_all());
  EXPECT_EQ(texts(w, "bob", "g"), std::vector<std::string>{"alice: carol is gone"});  // bob reads either way
  const auto& kept = std::get<client::EpochKeyChat>(w.client("carol").state().chats.at("g").scheme).epoch_keys;
  EXPECT_FALSE(kept.empty());
  const Bytes alice_sig = w.client("alice").sig_public();
  for (const auto& [epoch, key] : kept) {
    if (proto::hardened_open(key, body, "g", "alice", alice_sig).ok()) return true;
  }
  return false;
}

TEST(PresetSwitch, RotateOnChangeOffLetsARemovedMemberReadOn) {
  EXPECT_FALSE(removed_member_opens(true));
  EXPECT_TRUE(removed_member_opens(false));
}

// ---- relay rules: TTL and rate limit (World takes them from the preset) ----

// offline_catches_up: bob is offline (his pushes are lost) for |offline_ms|,
// then restarts and fetches his mailbox.
bool offline_catches_up(std::optional<int64_t> ttl_ms, int64_t offline_ms) {
  proto::Preset p = preset("eleven");
  p.relay.ttl_ms = ttl_ms;
  World w(p, 46);  // no policy given: the preset's
  admin_chat(w, {"bob"});
  EXPECT_TRUE(w.run("alice", w.device("alice").send_text("g", "while you were away")).ok());
  for (size_t i = w.pool().size(); i-- > 0;) {
    if (w.pool()[i].to == "bob") w.drop(i);
  }
  EXPECT_TRUE(w.deliver_all());
  w.clock().advance_ms(offline_ms);
  w.relay().expire();
  w.restart("bob");
  EXPECT_TRUE(w.deliver_all());
  return texts(w, "bob", "g") == std::vector<std::string>{"alice: while you were away"};
}

TEST(PresetSwitch, RelayTtlDecidesWhetherAnOfflineDeviceCatchesUp) {
  const int64_t day = int64_t{24} * 3600 * 1000;
  EXPECT_TRUE(offline_catches_up(std::nullopt, 30 * day));  // kept until acknowledged
  EXPECT_TRUE(offline_catches_up(2 * day, day));            // back before the TTL
  EXPECT_FALSE(offline_catches_up(day, 2 * day));           // expired while offline
}

TEST(PresetSwitch, RelayRateLimitRefusesTheSecondMessage) {
  for (bool limited : {false, true}) {
    proto::Preset p = preset("arthas");
    if (limited) p.relay.rate_limit = proto::RelayRules::Rate{1, 10'000};
    World w(p, 47);
    arthas_room(w);
    ASSERT_TRUE(w.run("alice", w.device("alice").send_text("r", "one")).ok());
    ASSERT_TRUE(w.run("alice", w.device("alice").send_text("r", "two")).ok());
    ASSERT_TRUE(w.deliver_all());
    EXPECT_EQ(texts(w, "bob", "r").size(), limited ? 1u : 2u);
    bool refused = false;
    for (const auto& e : events_of<client::RequestFailedEvent>(w, "alice")) refused |= e.code == "E2E_ERR_RATE_LIMITED";
    EXPECT_EQ(refused, limited);
  }
}

// ---- a switch a scheme cannot honour is refused, never ignored ----------

TEST(PresetSwitch, ASchemeRefusesASwitchItCannotHonour) {
  struct Case {
    const char* base;
    void (*flip)(proto::Preset&);
  };
  const Case cases[] = {
      {"arthas", [](proto::Preset& p) { p.typing = proto::TypingMode::kEncrypted; }},
      {"arthas", [](proto::Preset& p) { p.replay_window = true; }},
      {"arthas", [](proto::Preset& p) { p.invites = true; }},
      {"eleven", [](proto::Preset& p) { p.sign_messages = true; }},
      {"eleven", [](proto::Preset& p) { p.rotate_on_change = true; }},
      {"hardened", [](proto::Preset& p) { p.sign_messages = false; }},
      {"hardened", [](proto::Preset& p) { p.invites = true; }},
      {"hardened", [](proto::Preset& p) { p.roster_policy = proto::RosterPolicy::kOpen; }},
  };
  ManualClock clock;
  for (const Case& c : cases) {
    proto::Preset p = preset(c.base);
    DeterministicRng rng(1, "switch");
    ASSERT_TRUE(client::Client::create("dev", "Dev", p, rng, clock).ok()) << c.base;
    c.flip(p);
    auto refused = client::Client::create("dev", "Dev", p, rng, clock);
    ASSERT_FALSE(refused.ok()) << c.base;
    EXPECT_EQ(refused.code(), Errc::kUnsupported) << c.base;
  }
}

}  // namespace
}  // namespace e2e::world
