// Driver: one client under test, as the conformance engine and the attacks see
// it. The operations mirror client::Client's; each returns the frames the
// client wants sent to the relay and the events it showed (a client::Step).
// Two implementations: the in-process reference client, and an adapter
// process spoken to in JSON lines (docs/ADAPTER.md). Everything above this
// interface (World, properties, attacks, audit) runs unchanged on either.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/client.h"
#include "common/clock.h"
#include "common/result.h"
#include "protocol/preset.h"

namespace e2e::driver {

using client::Step;
using proto::Id;

class Driver {
 public:
  virtual ~Driver() = default;

  virtual const Id& device() const = 0;

  virtual Result<Step> register_device() = 0;
  virtual Result<Step> create_chat(const Id& chat) = 0;
  virtual Result<std::string> share_code(const Id& chat) = 0;
  virtual Result<Step> join_with_share_code(std::string_view code) = 0;
  virtual Result<Step> leave(const Id& chat) = 0;
  virtual Result<Step> add_member(const Id& chat, const Id& device) = 0;
  virtual Result<Step> remove_member(const Id& chat, const Id& device) = 0;
  virtual Result<std::pair<std::string, Step>> create_invite(const Id& chat) = 0;
  virtual Result<Step> accept_invite(std::string_view link) = 0;
  virtual Result<Step> send_text(const Id& chat, std::string_view text) = 0;
  virtual Result<Step> set_typing(const Id& chat, bool on) = 0;
  virtual Result<Step> fetch() = 0;
  // receive hands over one frame from the relay. An implementation that
  // refuses the frame shows that as events (rejected, ...), not as an error;
  // an error here means the driver itself failed (say, the process died).
  virtual Result<Step> receive(const proto::RelayFrame& frame) = 0;

  virtual Result<std::vector<Id>> members(const Id& chat) = 0;
  virtual Result<SecretBytes> export_state() = 0;
  // restart: the device stops and comes back from its exported state. For an
  // adapter this is a new process (a crash-and-restart); frames in flight are
  // the caller's business. The events of the restart itself (none, normally)
  // are returned like any other step.
  virtual Result<Step> restart() = 0;

  // The in-process client, for tests that inspect internal state; nullptr for
  // drivers that have none (adapters).
  virtual client::Client* in_process() { return nullptr; }
};

// What a factory needs to make one device.
struct DeviceSpec {
  Id device;
  std::string name;
  proto::Preset preset;
  uint64_t seed = 1;            // the world's seed; drivers derive per-device streams from it
  const Clock* clock = nullptr; // the world's clock (an adapter is told it with set_clock)
};

using DriverFactory = std::function<Result<std::unique_ptr<Driver>>(const DeviceSpec&)>;

// in_process_factory: the reference client in this process.
DriverFactory in_process_factory();

// AdapterOptions: how to run an adapter process (docs/ADAPTER.md).
struct AdapterOptions {
  std::vector<std::string> argv;   // the adapter command line (argv[0] searched in PATH)
  int startup_timeout_ms = 30'000; // until the hello response
  int request_timeout_ms = 10'000; // per request
  std::string stderr_prefix;       // each adapter stderr line is copied to ours with this prefix; empty: discarded
};

// adapter_factory: one adapter process per device. A device's driver sends a
// hook's request only when its hello declared the hook: `set_clock` only with
// `clock` (otherwise world time does not reach the device), `export_state`
// only with `state_export`, and restart() only with both `state_export` and
// `state_import` (kUnsupported otherwise, before anything is sent); the old
// process is then killed without a shutdown when it declared `kill_restart`.
DriverFactory adapter_factory(AdapterOptions options);

// kHookRefused starts the detail of the error a driver returns when a hook the
// adapter declared answered with an error: the implementation broke a promise
// of its hello, which an item reports as failed, not as a harness error.
inline constexpr std::string_view kHookRefused = "declared hook refused: ";
// hook_refusal: whether |detail| (possibly wrapped in context) carries
// kHookRefused. Never fails.
bool hook_refusal(std::string_view detail);

// rng_label: the DeterministicRng label of a device's |incarnation|-th life
// (0 at creation, +1 per restart), so a restarted device never replays the
// random stream of its earlier life. The in-process driver seeds from it
// directly; the adapter driver hashes it into each process's hello seed. The
// two therefore draw different bytes (keys, IVs), but show identical events,
// which carry no random bytes: that is what the engine compares.
std::string rng_label(const Id& device, uint32_t incarnation);

}  // namespace e2e::driver
