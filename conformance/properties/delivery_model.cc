#include "delivery_model.h"

#include <cstdio>
#include <utility>

#include "world/chat_setup.h"

namespace e2e::properties {

const std::vector<Id>& ChatRun::members() {
  static const std::vector<Id> kMembers = {"alice", "bob", "carol"};
  return kMembers;
}

std::string describe(const Cmd& c) {
  static const char* kNames[] = {"send", "deliver", "duplicate", "drop", "restart", "replay", "reflect"};
  return std::string(kNames[static_cast<int>(c.kind)]) + "(" + std::to_string(c.who) + "," +
         std::to_string(c.index) + ")";
}

rc::Gen<std::vector<Cmd>> gen_cmds(bool attacks) {
  using K = Cmd::Kind;
  using W = std::pair<std::size_t, K>;
  // Weights: mostly sends and deliveries (in random pool order = reordering),
  // with duplicates, drops and restarts often enough to meet each other.
  auto kinds = attacks ? rc::gen::weightedElement<K>({W{25, K::kSend}, W{45, K::kDeliver},
                                                      W{10, K::kDuplicate}, W{10, K::kDrop},
                                                      W{4, K::kRestart}, W{6, K::kReplay},
                                                      W{6, K::kReflect}})
                       : rc::gen::weightedElement<K>({W{25, K::kSend}, W{45, K::kDeliver},
                                                      W{10, K::kDuplicate}, W{10, K::kDrop},
                                                      W{4, K::kRestart}});
  auto cmd = rc::gen::apply(
      [](K kind, size_t who, size_t index) { return Cmd{kind, who, index}; },
      std::move(kinds), rc::gen::inRange<size_t>(0, 3), rc::gen::inRange<size_t>(0, 1000));
  return rc::gen::container<std::vector<Cmd>>(cmd);
}

rc::Gen<uint64_t> gen_seed() { return rc::gen::inRange<uint64_t>(1, 1u << 30); }
rc::Gen<size_t> gen_replay_sends() { return rc::gen::inRange<size_t>(1, 6); }
rc::Gen<size_t> gen_replay_which() { return rc::gen::inRange<size_t>(0, 1000); }

std::string describe(const std::vector<Cmd>& cmds) {
  std::string s;
  for (const auto& c : cmds) s += (s.empty() ? "" : " ") + describe(c);
  return "[" + s + "]";
}

namespace {
world::WorldOptions with_factory(driver::DriverFactory factory) {
  world::WorldOptions o;
  o.factory = std::move(factory);
  return o;
}
}  // namespace

ChatRun::ChatRun(const proto::Preset& preset, uint64_t seed, driver::DriverFactory factory)
    : world_(preset, seed, with_factory(std::move(factory))) {}

Result<std::unique_ptr<ChatRun>> ChatRun::start(const std::string& preset, uint64_t seed,
                                                driver::DriverFactory factory) {
  E2E_ASSIGN_OR_RETURN(proto::Preset p, proto::find_preset(preset));
  std::unique_ptr<ChatRun> run(new ChatRun(p, seed, std::move(factory)));
  if (auto s = run->setup(); !s.ok()) {
    E2E_TRY(run->harness());
    run->setup_violation_ = s.error().detail;
  }
  return run;
}

Result<void> ChatRun::setup() {
  for (const auto& m : members()) {
    if (auto added = world_.add_device(m, m); !added.ok()) {
      harness_error_ = added.error();  // a driver that cannot start says nothing about the design
      return added.error();
    }
  }
  // The chat "g" the preset's way, as the attacks and the sanity item make it.
  if (auto s = world::start_chat(world_, "alice", "g", {"bob", "carol"}); !s.ok()) {
    const Error failed = make_error(s.code(), "setup failed: " + s.error().to_string());
    // As in op_failed: a member that cannot even export its state is a broken driver.
    for (const auto& m : members()) {
      if (!harness_error_ && !world_.device(m).export_state().ok()) harness_error_ = failed;
    }
    return failed;
  }
  return ok_result();
}

Error ChatRun::op_failed(const Id& who, const std::string& what, const Error& e) {
  const Error failed = make_error(e.code, who + ": " + what + " failed: " + e.to_string());
  // export_state works on any live client whatever its chats: if it fails
  // too, the driver is what broke.
  if (!world_.device(who).export_state().ok() && !harness_error_) harness_error_ = failed;
  return failed;
}

Result<void> ChatRun::harness() const {
  if (harness_error_) return *harness_error_;
  return world_.health();
}

Result<void> ChatRun::apply(const Cmd& c) {
  const Id& who = members()[c.who % members().size()];
  auto& pool = world_.pool();
  switch (c.kind) {
    case Cmd::Kind::kSend: {
      std::string text = "m" + std::to_string(sent_.size()) + " from " + who;
      if (auto r = world_.run(who, world_.device(who).send_text("g", text)); !r.ok()) {
        return op_failed(who, "send", r.error());
      }
      sent_.emplace_back(who, std::move(text));
      return ok_result();
    }
    case Cmd::Kind::kDeliver:
      if (pool.empty()) return ok_result();
      {
        const size_t i = c.index % pool.size();
        if (auto* d = std::get_if<proto::Deliver>(&pool[i].frame); d && d->kind == proto::DeliverKind::kMsg) {
          if (d->id >= kFirstFakeId) {
            injected_delivered_.insert(d->id);
          } else {
            captured_.emplace_back(pool[i].to, *d);
          }
        }
        world_.deliver(i);
      }
      return ok_result();
    case Cmd::Kind::kDuplicate:
      if (!pool.empty()) world_.duplicate(c.index % pool.size());
      return ok_result();
    case Cmd::Kind::kDrop:
      if (!pool.empty()) world_.drop(c.index % pool.size());
      return ok_result();
    case Cmd::Kind::kRestart:
      world_.restart(who);
      return ok_result();
    case Cmd::Kind::kReplay:
    case Cmd::Kind::kReflect: {
      if (captured_.empty()) return ok_result();
      auto [to, item] = captured_[c.index % captured_.size()];
      item.id = next_fake_id_++;  // a fresh relay id: the relay replays, it does not re-deliver
      if (c.kind == Cmd::Kind::kReplay) {
        world_.inject(to, item);
      } else {
        // Reflect: hand the sender its own message back, as if another member wrote it.
        const Id original_sender = item.from;
        item.from = to;
        world_.inject(original_sender, item);
      }
      return ok_result();
    }
  }
  return ok_result();
}

bool ChatRun::settle() {
  // Delivered through apply() so injected items are counted like the rest.
  auto drain = [this] {
    for (size_t i = 0; i < 1'000'000 && !world_.pool().empty(); ++i) (void)apply(Cmd{Cmd::Kind::kDeliver, 0, 0});
  };
  drain();
  for (const auto& m : members()) {
    if (auto r = world_.run(m, world_.device(m).fetch()); !r.ok()) {
      (void)op_failed(m, "fetch", r.error());
      return false;
    }
  }
  drain();
  return world_.pool().empty() && world_.health().ok();
}

std::string ChatRun::exactly_once_violation() const {
  for (const auto& viewer : members()) {
    std::map<std::pair<Id, std::string>, int> shown;
    for (const auto& m : world_.messages(viewer, "g")) shown[{m.sender, m.text}]++;
    for (const auto& [sender, text] : sent_) {
      if (sender == viewer) continue;
      const int n = shown[{sender, text}];
      if (n != 1) return viewer + " shows \"" + text + "\" from " + sender + " " + std::to_string(n) + " times";
      shown.erase({sender, text});
    }
    for (const auto& [key, n] : shown) {
      if (n > 0) return viewer + " shows unexpected \"" + key.second + "\" from " + key.first;
    }
  }
  return "";
}

size_t ChatRun::rejected_total() const {
  size_t n = 0;
  for (const auto& viewer : members()) {
    for (const auto& e : world_.events(viewer)) n += std::holds_alternative<client::RejectedEvent>(e);
  }
  return n;
}

// ---- the properties' bodies -------------------------------------------------

namespace {

// run_schedule: start, apply |cmds|, settle. nullopt when the case got that
// far; otherwise its outcome (a violation, or the harness error).
std::optional<Outcome> run_schedule(ChatRun& run, const std::vector<Cmd>& cmds) {
  for (const auto& c : cmds) {
    if (auto r = run.apply(c); !r.ok()) {
      if (auto h = run.harness(); !h.ok()) return Outcome(h.error());
      return Outcome(describe(c) + ": " + r.error().detail);
    }
  }
  if (!run.settle()) {
    if (auto h = run.harness(); !h.ok()) return Outcome(h.error());
    return Outcome(std::string("the world did not settle"));
  }
  return std::nullopt;
}

}  // namespace

Outcome exactly_once_case(const std::string& preset, uint64_t seed, const std::vector<Cmd>& cmds,
                          const driver::DriverFactory& factory) {
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<ChatRun> run, ChatRun::start(preset, seed, factory));
  if (!run->setup_violation().empty()) return run->setup_violation();
  if (auto out = run_schedule(*run, cmds)) return std::move(*out);
  return run->exactly_once_violation();
}

Outcome replay_refused_case(const std::string& preset, uint64_t seed, const std::vector<Cmd>& cmds,
                            const driver::DriverFactory& factory) {
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<ChatRun> run, ChatRun::start(preset, seed, factory));
  if (!run->setup_violation().empty()) return run->setup_violation();
  ChatRun& r = *run;
  if (auto out = run_schedule(r, cmds)) return std::move(*out);
  if (std::string v = r.exactly_once_violation(); !v.empty()) return v;
  if (r.rejected_total() < r.injected()) {
    return std::to_string(r.injected()) + " injected items reached clients but only " +
           std::to_string(r.rejected_total()) + " were refused visibly";
  }
  return std::string();
}

Outcome replay_shown_again_case(const std::string& preset, uint64_t seed, size_t sends, size_t which,
                                const driver::DriverFactory& factory) {
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<ChatRun> run, ChatRun::start(preset, seed, factory));
  if (!run->setup_violation().empty()) return run->setup_violation();
  ChatRun& r = *run;
  std::vector<Cmd> cmds;
  for (size_t i = 0; i < sends; ++i) cmds.push_back(Cmd{Cmd::Kind::kSend, i % 3, 0});
  for (auto& c : cmds) {
    if (auto a = r.apply(c); !a.ok()) {
      if (auto h = r.harness(); !h.ok()) return h.error();
      return describe(c) + ": " + a.error().detail;
    }
  }
  while (!r.world().pool().empty()) (void)r.apply(Cmd{Cmd::Kind::kDeliver, 0, 0});
  if (auto out = run_schedule(r, {Cmd{Cmd::Kind::kReplay, 0, which}})) return std::move(*out);
  if (r.injected() != 1u) return "the replay reached " + std::to_string(r.injected()) + " clients, not 1";
  if (r.exactly_once_violation().empty()) return std::string("the replayed message was not shown again");
  if (r.rejected_total() != 0u) {
    return "the replay was noticed: " + std::to_string(r.rejected_total()) + " items refused";
  }
  return std::string();
}

}  // namespace e2e::properties
