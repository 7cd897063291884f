// Shared machinery of the scenario items (interop/, tamper/, event/, state/):
// a World whose devices are split between the implementation under test and
// the reference client, a control run with the reference everywhere, the
// checks every scenario ends with (mailboxes drained, nothing secret in the
// implementation's frames, fresh content keys), and small readers of what a
// device showed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/events.h"
#include "common/secret_bytes.h"
#include "common/result.h"
#include "driver/driver.h"
#include "items/items.h"
#include "items/scenario_items.h"
#include "world/world.h"

namespace e2e::items {

using proto::Id;

// mixed_factory: devices in |impl_devices| run on |impl|, the others on |reference|.
driver::DriverFactory mixed_factory(driver::DriverFactory impl, driver::DriverFactory reference,
                                    std::set<Id> impl_devices);

// FrameLog: every frame the watched devices sent to the relay, as the wire
// text of docs/PROTOCOL.md, passed through unchanged. Installs the world's
// client tap (replacing any other) for the world's lifetime.
class FrameLog {
 public:
  FrameLog(world::World& w, std::set<Id> watched);
  const std::vector<std::string>& frames() const { return frames_; }

 private:
  std::vector<std::string> frames_;
};

// Findings: what one run of a scenario got wrong, in the order found.
struct Findings {
  std::vector<std::string> problems;
  void expect(bool ok, std::string what) {
    if (!ok) problems.push_back(std::move(what));
  }
  bool ok() const { return problems.empty(); }
  std::string summary() const;  // the first few problems, one line
};

// Run: one scenario run, with the devices it runs on the implementation.
struct Run {
  world::World& w;
  const std::set<Id>& impl_devices;
  bool control = false;  // the reference-only run, which comes first
  bool is_impl(const Id& d) const { return impl_devices.count(d) != 0; }
};

// A scenario: drives the world and records what went wrong in |findings|.
// An error is a harness failure (a driver died, the world did not settle).
using Scenario = std::function<Result<void>(Run& run, Findings& findings)>;

// ScenarioOptions: how run_mixed builds the worlds.
struct ScenarioOptions {
  std::set<Id> impl_devices;                   // devices the implementation runs
  std::optional<relay::RelayPolicy> policy;    // empty: the preset's own
};

// run_mixed: runs |scenario| once with the reference on every device (the
// control), then with options.impl_devices on the implementation and the
// others on impl.peer (the reference when empty). A control
// that finds a problem is a harness error naming it (the scenario is wrong,
// not the implementation); otherwise the item passes when the second run
// finds nothing. The evidence names both runs' problems.
Result<ItemResult> run_mixed(const std::string& id, const proto::Preset& preset, const Implementation& impl,
                             const EngineOptions& options, const ScenarioOptions& so, const Scenario& scenario);

// on_devices: the ScenarioRun of |scenario| with |impl_devices| on the
// implementation (run_mixed with the preset's own relay policy).
ScenarioRun on_devices(std::set<Id> impl_devices, Scenario scenario);

// ControlReason: the `rejected` reason the control run saw, shared by the two
// runs of one item (a fresh one per item run).
using ControlReason = std::shared_ptr<std::optional<std::string>>;
using ReasonScenario = std::function<Result<void>(Run& run, Findings& findings, const ControlReason& expected)>;
// on_devices_with_reason: on_devices for a scenario that compares its
// implementation's reason with the control's.
ScenarioRun on_devices_with_reason(std::set<Id> impl_devices, ReasonScenario scenario);
// expect_control_reason: in the control run records |got|; in the mixed run,
// when the control saw a reason, |got| must be it ("<what> with <got>, the
// reference with rejected <reason><why>").
void expect_control_reason(const Run& run, Findings& f, const ControlReason& expected,
                           const std::optional<std::string>& got, const std::string& what, const std::string& why = "");

// presets_where: the names of the presets |pred| holds for, in preset order.
std::vector<std::string> presets_where(const std::function<bool(const proto::Preset&)>& pred);

// add_cast: alice, bob and carol join the world (the cast of every scenario).
Result<void> add_cast(world::World& w);

// ---- reading what devices showed --------------------------------------

// times_shown: how often |who| showed |text| from |sender| in |chat|.
size_t times_shown(const world::World& w, const Id& who, const Id& chat, const Id& sender, const std::string& text);
// expect_shown_once / expect_not_shown: the usual message checks.
void expect_shown_once(Findings& f, const world::World& w, const Id& who, const Id& chat, const Id& sender,
                       const std::string& text);
void expect_not_shown(Findings& f, const world::World& w, const Id& who, const Id& chat, const std::string& text);
// events_of: |who|'s events of kind E from position |from| of its event list on.
template <typename E>
std::vector<E> events_of(const world::World& w, const Id& who, size_t from = 0) {
  std::vector<E> out;
  const auto& all = w.events(who);
  for (size_t i = from; i < all.size(); ++i) {
    if (const auto* e = std::get_if<E>(&all[i])) out.push_back(*e);
  }
  return out;
}
// first_rejected: the reason of |who|'s first `rejected` event from |from| on.
std::optional<std::string> first_rejected(const world::World& w, const Id& who, size_t from);
// describe: one event as a short line ("rejected chat=g from=alice reason=E2E_ERR_REPLAY").
std::string describe(const client::Event& e);

// ---- the end-of-scenario checks -----------------------------------------

// expect_mailboxes_drained: every device's relay mailbox is empty once the
// world settled (PROTO-CLIENT-01: every processed item is acked).
Result<void> expect_mailboxes_drained(Findings& f, world::World& w);
// expect_absent: |secret| appears (raw, hex, base64, base64url) in no frame
// of |log|; a hit is a problem naming |what|.
void expect_absent(Findings& f, const FrameLog& log, ByteView secret, const std::string& what);
// expect_no_leaks: none of |texts| and none of the content keys the reference
// devices hold for |chats| appears (raw, hex, base64, base64url) in |log|.
void expect_no_leaks(Findings& f, world::World& w, const FrameLog& log, const std::vector<std::string>& texts,
                     const std::vector<Id>& chats);
// keys_by_epoch: (chat, epoch) -> content key (room key, chat key, epoch
// keys; epoch 0 for a lifetime key) as the reference devices of |w| hold them.
std::map<std::pair<Id, uint64_t>, SecretBytes> keys_by_epoch(world::World& w, const std::vector<Id>& chats);

}  // namespace e2e::items
