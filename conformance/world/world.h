// World: a messenger under test. N clients, each behind a driver::Driver (the
// in-process reference client, or an adapter process), talk to one honest
// relay core through a delivery pool the test controls: frames from the relay
// wait in the pool until the test delivers, drops, duplicates or reorders
// them, and a client can be restarted from its exported state. Client-to-relay
// frames are handed over at once, in order (the pool models the downstream
// path, which is where the protocol's delivery guarantees are tested).
//
// An adversary sits on both paths through two taps (attacks/ uses them): the
// client tap sees every frame a device sends before the relay does, the relay
// tap every frame the relay emits before it enters the pool.
//
// Everything is deterministic for a given seed: each device's randomness
// comes from its driver's seeded stream and time from one ManualClock.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/client.h"
#include "common/clock.h"
#include "driver/driver.h"
#include "protocol/preset.h"
#include "relay/relay.h"
#include "relay/store.h"

namespace e2e::world {

using proto::Id;

// One frame on its way from the relay to a device.
struct InFlight {
  uint64_t seq;  // order in which the relay produced it
  Id to;
  proto::RelayFrame frame;
};

// ClientTap: what the relay gets instead of |frame| from |from| (empty: dropped).
using ClientTap =
    std::function<std::vector<proto::ClientFrame>(const Id& from, const proto::ClientFrame& frame)>;
// RelayTap: what enters the pool instead of |f| (empty: dropped).
using RelayTap = std::function<std::vector<InFlight>(InFlight f)>;

struct WorldOptions {
  std::optional<relay::RelayPolicy> policy;  // empty: relay::policy_for(preset.relay)
  driver::DriverFactory factory;         // empty: the in-process reference client
  std::unique_ptr<relay::Store> store;   // empty: a MemoryStore
};

class World {
 public:
  // The relay runs |policy|, by default the preset's own rules (preset.relay).
  explicit World(proto::Preset preset, uint64_t seed = 1, std::optional<relay::RelayPolicy> policy = {});
  World(proto::Preset preset, uint64_t seed, WorldOptions options);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // add_device creates a client and registers it with the relay (the reply is
  // left in the pool like any other frame). A driver that cannot start or
  // fails to register returns that error (kState for an id already taken);
  // the world is then as before the call (no device |id|) and stays usable.
  Result<std::reference_wrapper<driver::Driver>> add_device(const Id& id, const std::string& name);
  // device: |id|'s driver; fatal for an id the world does not run (a caller bug).
  driver::Driver& device(const Id& id);
  // client: the in-process client of |id| (fatal for adapter-driven devices).
  client::Client& client(const Id& id);
  std::vector<Id> devices() const;

  // run hands an operation's frames to the relay and records its events.
  // Returns the operation's error, if it failed (nothing is sent then).
  Result<void> run(const Id& who, Result<client::Step> step);
  void run(const Id& who, client::Step step);

  // Drivers that failed (an adapter died, timed out or broke the protocol)
  // while the world delivered to them; the first failure, if any.
  Result<void> health() const;

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
  // restart drops every frame in flight to |id|, restarts its driver from its
  // exported state and lets it fetch its mailbox.
  void restart(const Id& id);
  // quiesce: every device fetches, then everything is delivered.
  bool quiesce();

  // ---- observation -------------------------------------------------------
  const std::vector<client::Event>& events(const Id& id) const;
  std::vector<client::MessageEvent> messages(const Id& id, const Id& chat) const;
  relay::Relay& relay() { return *relay_; }
  relay::Store& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  const proto::Preset& preset() const { return preset_; }

  // inject puts a frame into the pool as if the relay had sent it to |to|.
  void inject(const Id& to, proto::RelayFrame frame);

  // ---- adversary -------------------------------------------------------
  void set_client_tap(ClientTap tap) { client_tap_ = std::move(tap); }
  void set_relay_tap(RelayTap tap) { relay_tap_ = std::move(tap); }

 private:
  struct Device {
    std::unique_ptr<driver::Driver> driver;
    std::vector<client::Event> events;
  };
  void to_relay(const Id& from, const std::vector<proto::ClientFrame>& frames);
  void note_driver(const Id& who, Result<client::Step> step);
  void push(std::vector<relay::Outbound> out);

  proto::Preset preset_;
  uint64_t seed_;
  driver::DriverFactory factory_;
  ManualClock clock_;
  std::unique_ptr<relay::Store> store_;
  std::unique_ptr<relay::Relay> relay_;
  std::map<Id, Device> devices_;
  std::vector<InFlight> pool_;
  uint64_t next_seq_ = 0;
  ClientTap client_tap_;
  RelayTap relay_tap_;
  std::vector<Error> driver_errors_;
};

}  // namespace e2e::world
