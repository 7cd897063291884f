// The scenario items pass on the reference and fail on mutants of it, each
// weakened in one way an implementation could be; a stricter-than-reference
// client passes the weakness property.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "attacks/test/mutants.h"
#include "items/items.h"
#include "items/scenario_items.h"

namespace e2e::items {
namespace {

using attacks::testing::Forwarding;
using attacks::testing::wrapping_factory;

// AsForeign: a mutant looks like an adapter from outside (no in-process
// client to read keys from).
class AsForeign : public Forwarding {
 public:
  using Forwarding::Forwarding;
  client::Client* in_process() override { return nullptr; }
};

template <class Mutant>
Implementation mutant() {
  Implementation impl = in_process_implementation();
  impl.drivers = wrapping_factory([](std::unique_ptr<driver::Driver> d, const driver::DeviceSpec&)
                                      -> Result<std::unique_ptr<driver::Driver>> {
    return std::unique_ptr<driver::Driver>(std::make_unique<Mutant>(std::move(d)));
  });
  return impl;
}

ItemResult run(const std::string& id, const Implementation& impl) {
  auto r = run_item(id, impl, EngineOptions{20261123, 5});
  EXPECT_TRUE(r.ok()) << id << ": " << r.error().to_string();
  return r.ok() ? *r : ItemResult{};
}

// NeverAcks: every ack the client wants to send is lost.
class NeverAcks : public AsForeign {
 public:
  using AsForeign::AsForeign;
  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    E2E_ASSIGN_OR_RETURN(driver::Step s, inner_->receive(f));
    std::erase_if(s.out, [](const proto::ClientFrame& c) { return std::holds_alternative<proto::Ack>(c); });
    return s;
  }
};

// SilentRefusals: refuses like the reference, but tells nobody.
class SilentRefusals : public AsForeign {
 public:
  using AsForeign::AsForeign;
  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    E2E_ASSIGN_OR_RETURN(driver::Step s, inner_->receive(f));
    std::erase_if(s.events, [](const client::Event& e) { return std::holds_alternative<client::RejectedEvent>(e); });
    return s;
  }
};

// LeaksText: a "preview" of every text rides in the clear beside the
// ciphertext of its body (a notification feature done wrong).
class LeaksText : public AsForeign {
 public:
  using AsForeign::AsForeign;
  Result<driver::Step> send_text(const proto::Id& chat, std::string_view text) override {
    E2E_ASSIGN_OR_RETURN(driver::Step s, inner_->send_text(chat, text));
    for (auto& f : s.out) {
      if (auto* send = std::get_if<proto::Send>(&f)) send->body["preview"] = std::string(text);
    }
    return s;
  }
};

// NoDuplicateEvents: processes each id once, but never says it saw one again.
class NoDuplicateEvents : public AsForeign {
 public:
  using AsForeign::AsForeign;
  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    E2E_ASSIGN_OR_RETURN(driver::Step s, inner_->receive(f));
    std::erase_if(s.events, [](const client::Event& e) { return std::holds_alternative<client::DuplicateEvent>(e); });
    return s;
  }
};

// RefusesReplays: an arthas client stricter than its document: a body it has
// shown before (same iv and ciphertext in the same chat) is refused as a replay.
class RefusesReplays : public AsForeign {
 public:
  using AsForeign::AsForeign;
  Result<driver::Step> receive(const proto::RelayFrame& f) override {
    const auto* d = std::get_if<proto::Deliver>(&f);
    std::string key;
    if (d != nullptr && d->kind == proto::DeliverKind::kMsg && d->body) key = d->chat + "|" + d->body->dump();
    E2E_ASSIGN_OR_RETURN(driver::Step s, inner_->receive(f));
    if (key.empty()) return s;
    // Recorded at delivery: a signed body may be shown only later, once the
    // sender's key arrived.
    const auto [it, fresh] = seen_.emplace(key, d->id);
    if (!fresh && it->second != d->id) {
      std::erase_if(s.events, [](const client::Event& e) { return std::holds_alternative<client::MessageEvent>(e); });
      s.events.emplace_back(client::RejectedEvent{d->chat, d->from, d->id, "E2E_ERR_REPLAY"});
    }
    return s;
  }

 private:
  std::map<std::string, uint64_t> seen_;  // (chat, body) -> the item id that first carried it
};

TEST(ScenarioItems, EveryOnePassesOnTheReference) {
  const Implementation ref = in_process_implementation();
  size_t n = 0;
  for (const ScenarioItem& s : scenario_items()) {
    for (const auto& preset : s.presets) {
      const ItemResult r = run(s.id(preset), ref);
      EXPECT_EQ(r.status, "pass") << r.id << ": " << r.message;
      ++n;
    }
  }
  EXPECT_GE(n, 45u);
}

TEST(ScenarioItems, AClientThatNeverAcksFailsInterop) {
  const ItemResult r = run("interop/arthas/impl-joins", mutant<NeverAcks>());
  EXPECT_EQ(r.status, "fail");
  EXPECT_NE(r.message.find("unacknowledged"), std::string::npos) << r.message;
}

TEST(ScenarioItems, AClientThatRefusesSilentlyFailsEveryTamperCase) {
  for (const char* id : {"tamper/arthas/tag-bit", "tamper/eleven/iv-bit", "tamper/hardened/signed-by-other"}) {
    const ItemResult r = run(id, mutant<SilentRefusals>());
    EXPECT_EQ(r.status, "fail") << id;
    EXPECT_NE(r.message.find("no rejected event"), std::string::npos) << id << ": " << r.message;
  }
}

TEST(ScenarioItems, PlaintextInAFrameIsCaughtByTheCanary) {
  const ItemResult r = run("interop/hardened/impl-creates", mutant<LeaksText>());
  EXPECT_EQ(r.status, "fail");
  // The reference peers also refuse the unknown body field; the canary is
  // among the problems, not necessarily the first.
  EXPECT_NE(r.evidence.dump().find("reached the relay"), std::string::npos) << r.evidence.dump();
}

TEST(ScenarioItems, NoDuplicateEventFailsTheDuplicateItem) {
  const ItemResult r = run("event/duplicate/eleven", mutant<NoDuplicateEvents>());
  EXPECT_EQ(r.status, "fail");
  EXPECT_NE(r.message.find("duplicate events"), std::string::npos) << r.message;
}

TEST(ScenarioItems, AStricterArthasPassesTheWeaknessPropertyAsStronger) {
  const ItemResult weak = run("property/delivery/replay-shown-again/arthas", in_process_implementation());
  EXPECT_EQ(weak.status, "pass");
  EXPECT_EQ(weak.message.find("stronger"), std::string::npos) << weak.message;
  const ItemResult strong = run("property/delivery/replay-shown-again/arthas", mutant<RefusesReplays>());
  EXPECT_EQ(strong.status, "pass") << strong.message;
  EXPECT_NE(strong.message.find("stronger than the document"), std::string::npos) << strong.message;
  EXPECT_EQ(run("interop/arthas/impl-creates", mutant<RefusesReplays>()).status, "pass");
}

}  // namespace
}  // namespace e2e::items
