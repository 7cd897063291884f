#include "world/world.h"

#include "relay/memory_store.h"

#include <cstdio>
#include <cstdlib>

namespace e2e::world {
namespace {
[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "world: %s\n", what.c_str());
  std::abort();
}
}  // namespace

World::World(proto::Preset preset, uint64_t seed, std::optional<relay::RelayPolicy> policy)
    : World(std::move(preset), seed, WorldOptions{std::move(policy), {}, {}}) {}

World::World(proto::Preset preset, uint64_t seed, WorldOptions options)
    : preset_(std::move(preset)),
      seed_(seed),
      factory_(options.factory ? std::move(options.factory) : driver::in_process_factory()),
      store_(options.store ? std::move(options.store) : std::make_unique<relay::MemoryStore>()),
      relay_(std::make_unique<relay::Relay>(*store_, clock_,
                                            options.policy.value_or(relay::policy_for(preset_.relay)))) {}

Result<std::reference_wrapper<driver::Driver>> World::add_device(const Id& id, const std::string& name) {
  if (devices_.count(id)) return make_error(Errc::kState, "device exists: " + id);
  auto made = factory_(driver::DeviceSpec{id, name, preset_, seed_, &clock_});
  if (!made.ok()) return make_error(made.code(), "driver for " + id + " failed to start: " + made.error().detail);
  if (*made == nullptr) return make_error(Errc::kInternal, "driver factory made no driver for " + id);
  Device d;
  d.driver = std::move(made).value();
  auto& dev = devices_.emplace(id, std::move(d)).first->second;
  // A failed step sends nothing (run), so forgetting the device undoes it all.
  if (auto r = run(id, dev.driver->register_device()); !r.ok()) {
    devices_.erase(id);
    return make_error(r.code(), "register " + id + " failed: " + r.error().detail);
  }
  return std::ref(*dev.driver);
}

driver::Driver& World::device(const Id& id) {
  auto it = devices_.find(id);
  if (it == devices_.end()) die("unknown device: " + id);
  return *it->second.driver;
}

client::Client& World::client(const Id& id) {
  client::Client* c = device(id).in_process();
  if (c == nullptr) die("device " + id + " has no in-process client");
  return *c;
}

std::vector<Id> World::devices() const {
  std::vector<Id> ids;
  for (const auto& [id, d] : devices_) ids.push_back(id);
  return ids;
}

Result<void> World::run(const Id& who, Result<client::Step> step) {
  if (!step.ok()) return step.error();
  run(who, std::move(step).value());
  return ok_result();
}

void World::run(const Id& who, client::Step step) {
  auto& dev = devices_.at(who);
  for (auto& e : step.events) dev.events.push_back(std::move(e));
  to_relay(who, step.out);
}

Result<void> World::health() const {
  if (driver_errors_.empty()) return ok_result();
  return driver_errors_.front();
}

// note_driver records a driver failure during delivery: the world carries on
// (other devices still run) and health() reports it.
void World::note_driver(const Id& who, Result<client::Step> step) {
  if (!step.ok()) {
    driver_errors_.push_back(make_error(step.code(), who + ": " + step.error().detail));
    return;
  }
  run(who, std::move(step).value());
}

void World::to_relay(const Id& from, const std::vector<proto::ClientFrame>& frames) {
  for (const auto& f : frames) {
    if (!client_tap_) {
      push(relay_->handle(from, f));
      continue;
    }
    for (const auto& g : client_tap_(from, f)) push(relay_->handle(from, g));
  }
}

void World::push(std::vector<relay::Outbound> out) {
  for (auto& o : out) {
    InFlight f{next_seq_++, std::move(o.to), std::move(o.frame)};
    if (!relay_tap_) {
      pool_.push_back(std::move(f));
      continue;
    }
    for (auto& g : relay_tap_(std::move(f))) pool_.push_back(std::move(g));
  }
}

void World::inject(const Id& to, proto::RelayFrame frame) {
  pool_.push_back(InFlight{next_seq_++, to, std::move(frame)});
}

void World::deliver(size_t index) {
  if (index >= pool_.size()) die("deliver: no such pool entry");
  InFlight f = std::move(pool_[index]);
  pool_.erase(pool_.begin() + static_cast<std::ptrdiff_t>(index));
  auto it = devices_.find(f.to);
  if (it == devices_.end()) return;  // a device the world does not run
  note_driver(f.to, it->second.driver->receive(f.frame));
}

void World::drop(size_t index) {
  if (index >= pool_.size()) die("drop: no such pool entry");
  pool_.erase(pool_.begin() + static_cast<std::ptrdiff_t>(index));
}

void World::duplicate(size_t index) {
  if (index >= pool_.size()) die("duplicate: no such pool entry");
  InFlight copy = pool_[index];
  copy.seq = next_seq_++;
  pool_.push_back(std::move(copy));
}

bool World::deliver_all(size_t max_steps) {
  for (size_t i = 0; i < max_steps; ++i) {
    if (pool_.empty()) return true;
    deliver(0);
  }
  return pool_.empty();
}

void World::restart(const Id& id) {
  auto& dev = devices_.at(id);
  std::erase_if(pool_, [&](const InFlight& f) { return f.to == id; });
  note_driver(id, dev.driver->restart());
  note_driver(id, dev.driver->fetch());
}

bool World::quiesce() {
  if (!deliver_all()) return false;
  for (auto& [id, dev] : devices_) note_driver(id, dev.driver->fetch());
  return deliver_all();
}

const std::vector<client::Event>& World::events(const Id& id) const { return devices_.at(id).events; }

std::vector<client::MessageEvent> World::messages(const Id& id, const Id& chat) const {
  std::vector<client::MessageEvent> out;
  for (const auto& e : devices_.at(id).events) {
    if (auto* m = std::get_if<client::MessageEvent>(&e); m && m->chat == chat) out.push_back(*m);
  }
  return out;
}

}  // namespace e2e::world
