#include "delivery_model.h"

#include <cstdio>

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

ChatRun::ChatRun(const std::string& preset, uint64_t seed) : world_(proto::find_preset(preset).value(), seed) {
  for (const auto& m : members()) world_.add_device(m, m);
  auto& alice = world_.device("alice");
  auto fail = [](const Error& e) {
    std::fprintf(stderr, "setup failed: %s\n", e.to_string().c_str());
    std::abort();
  };
  if (world_.preset().key_source == proto::KeySource::kShareCode) {
    if (auto r = world_.run("alice", alice.create_chat("g")); !r.ok()) fail(r.error());
    world_.deliver_all();
    const std::string code = alice.share_code("g").value();
    for (const char* m : {"bob", "carol"}) {
      if (auto r = world_.run(m, world_.device(m).join_with_share_code(code)); !r.ok()) fail(r.error());
      world_.deliver_all();
    }
  } else {
    if (auto r = world_.run("alice", alice.create_chat("g")); !r.ok()) fail(r.error());
    world_.deliver_all();
    for (const char* m : {"bob", "carol"}) {
      if (auto r = world_.run("alice", alice.add_member("g", m)); !r.ok()) fail(r.error());
      world_.deliver_all();
    }
  }
}

void ChatRun::apply(const Cmd& c) {
  const Id& who = members()[c.who % members().size()];
  auto& pool = world_.pool();
  switch (c.kind) {
    case Cmd::Kind::kSend: {
      std::string text = "m" + std::to_string(sent_.size()) + " from " + who;
      auto r = world_.run(who, world_.device(who).send_text("g", text));
      RC_ASSERT(r.ok());
      sent_.emplace_back(who, std::move(text));
      return;
    }
    case Cmd::Kind::kDeliver:
      if (pool.empty()) return;
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
      return;
    case Cmd::Kind::kDuplicate:
      if (!pool.empty()) world_.duplicate(c.index % pool.size());
      return;
    case Cmd::Kind::kDrop:
      if (!pool.empty()) world_.drop(c.index % pool.size());
      return;
    case Cmd::Kind::kRestart:
      world_.restart(who);
      return;
    case Cmd::Kind::kReplay:
    case Cmd::Kind::kReflect: {
      if (captured_.empty()) return;
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
      return;
    }
  }
}

bool ChatRun::settle() {
  // Delivered through apply() so injected items are counted like the rest.
  auto drain = [this] {
    for (size_t i = 0; i < 1'000'000 && !world_.pool().empty(); ++i) apply(Cmd{Cmd::Kind::kDeliver, 0, 0});
  };
  drain();
  for (const auto& m : members()) {
    if (!world_.run(m, world_.device(m).fetch()).ok()) return false;
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

}  // namespace e2e::properties
