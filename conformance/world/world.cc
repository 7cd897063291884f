#include "world/world.h"

#include <cstdio>
#include <cstdlib>

namespace e2e::world {
namespace {
[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "world: %s\n", what.c_str());
  std::abort();
}
}  // namespace

World::World(proto::Preset preset, uint64_t seed, relay::RelayPolicy policy)
    : preset_(std::move(preset)),
      seed_(seed),
      store_(std::make_unique<relay::MemoryStore>()),
      relay_(std::make_unique<relay::Relay>(*store_, clock_, policy)) {}

client::Client& World::add_device(const Id& id, const std::string& name) {
  if (devices_.count(id)) die("device exists: " + id);
  Device d;
  d.rng = std::make_unique<DeterministicRng>(seed_, "world/" + id);
  auto c = client::Client::create(id, name, preset_, *d.rng, clock_);
  if (!c.ok()) die("client create failed: " + c.error().to_string());
  d.client = std::make_unique<client::Client>(std::move(c).value());
  auto& dev = devices_.emplace(id, std::move(d)).first->second;
  run(id, dev.client->register_device());
  return *dev.client;
}

client::Client& World::device(const Id& id) {
  auto it = devices_.find(id);
  if (it == devices_.end()) die("unknown device: " + id);
  return *it->second.client;
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

void World::to_relay(const Id& from, const std::vector<proto::ClientFrame>& frames) {
  for (const auto& f : frames) push(relay_->handle(from, f));
}

void World::push(std::vector<relay::Outbound> out) {
  for (auto& o : out) pool_.push_back(InFlight{next_seq_++, std::move(o.to), std::move(o.frame)});
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
  run(f.to, it->second.client->receive(f.frame));
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
  SecretBytes saved = dev.client->export_state();
  std::erase_if(pool_, [&](const InFlight& f) { return f.to == id; });
  auto fresh = client::Client::import_state(saved.reveal(), *dev.rng, clock_);
  if (!fresh.ok()) die("restart: import failed: " + fresh.error().to_string());
  dev.client = std::make_unique<client::Client>(std::move(fresh).value());
  run(id, dev.client->fetch());
}

bool World::quiesce() {
  if (!deliver_all()) return false;
  for (auto& [id, dev] : devices_) run(id, dev.client->fetch());
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
