// World: an in-process messenger. N reference clients talk to one relay core
// through a delivery pool the test controls: frames from the relay wait in the
// pool until the test delivers, drops, duplicates or reorders them, and a
// client can be restarted from its exported state. Client-to-relay frames are
// handed over at once, in order (the pool models the downstream path, which is
// where the protocol's delivery guarantees are tested).
//
// Everything is deterministic for a given seed: the clients' randomness comes
// from one DeterministicRng per client and time from one ManualClock.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/client.h"
#include "common/clock.h"
#include "common/rng.h"
#include "protocol/preset.h"
#include "relay/memory_store.h"
#include "relay/relay.h"

namespace e2e::world {

using proto::Id;

// One frame on its way from the relay to a device.
struct InFlight {
  uint64_t seq;  // order in which the relay produced it
  Id to;
  proto::RelayFrame frame;
};

class World {
 public:
  explicit World(proto::Preset preset, uint64_t seed = 1, relay::RelayPolicy policy = {});
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // add_device creates a client and registers it with the relay (the reply is
  // left in the pool like any other frame).
  client::Client& add_device(const Id& id, const std::string& name);
  client::Client& device(const Id& id);
  std::vector<Id> devices() const;

  // run hands an operation's frames to the relay and records its events.
  // Returns the operation's error, if it failed (nothing is sent then).
  Result<void> run(const Id& who, Result<client::Step> step);
  void run(const Id& who, client::Step step);

  // ---- delivery control --------------------------------------------------
  const std::vector<InFlight>& pool() const { return pool_; }
  // deliver takes pool entry |index| to its device (and the device's answers
  // to the relay).
  void deliver(size_t index);
  // drop forgets pool entry |index| (a lost frame).
  void drop(size_t index);
  // duplicate puts a second copy of pool entry |index| at the end of the pool.
  void duplicate(size_t index);
  // deliver_all delivers in pool order until the pool is empty (bounded;
  // returns false if it did not settle within |max_steps| deliveries).
  bool deliver_all(size_t max_steps = 1'000'000);
  // restart exports |id|'s state, drops every frame in flight to it, imports
  // the state into a fresh client and lets it fetch its mailbox.
  void restart(const Id& id);
  // quiesce: every device fetches, then everything is delivered.
  bool quiesce();

  // ---- observation -------------------------------------------------------
  const std::vector<client::Event>& events(const Id& id) const;
  std::vector<client::MessageEvent> messages(const Id& id, const Id& chat) const;
  relay::Relay& relay() { return *relay_; }
  relay::MemoryStore& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  const proto::Preset& preset() const { return preset_; }

  // inject puts a frame into the pool as if the relay had sent it to |to|.
  void inject(const Id& to, proto::RelayFrame frame);

 private:
  struct Device {
    std::unique_ptr<DeterministicRng> rng;
    std::unique_ptr<client::Client> client;
    std::vector<client::Event> events;
  };
  void to_relay(const Id& from, const std::vector<proto::ClientFrame>& frames);
  void push(std::vector<relay::Outbound> out);

  proto::Preset preset_;
  uint64_t seed_;
  ManualClock clock_;
  std::unique_ptr<relay::MemoryStore> store_;
  std::unique_ptr<relay::Relay> relay_;
  std::map<Id, Device> devices_;
  std::vector<InFlight> pool_;
  uint64_t next_seq_ = 0;
};

}  // namespace e2e::world
