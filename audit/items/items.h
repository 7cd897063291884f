// The conformance engine's test items: what `e2eproof conformance list|run`
// and the pytest front door see. Each item runs against any DriverFactory (the
// in-process reference, or an adapter process per device) with the honest
// relay core as the server, or the adversary around it for attack cells.
//
// Item ids are stable and hierarchical so expectation globs stay simple:
//   sanity/<preset>                 a two-device chat delivers one message
//   property/<property-id>/<preset> one delivery property over seeded schedules
//   attack/<attack-id>/<preset>     one attack cell; the verdict must be at least
//                                   as good as the reference's (the attack's
//                                   registration, attacks/attack_spec.h)
//   vectors/<family>                every committed vector file of one family
//                                   (vectors/README.md), through the
//                                   implementation's vector operations
//   contract/<case>                 one rule of the adapter contract
//                                   (docs/ADAPTER.md §1-4), raw JSON lines to
//                                   one adapter process (contract_items.h)
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "driver/driver.h"
#include "verify/ops.h"

namespace e2e::items {

struct Item {
  std::string id;
  std::string kind;    // "sanity", "property", "attack", "vectors", "contract"
  std::string preset;  // empty for vectors and contract items
  std::string title;
  std::vector<std::string> claims;
  std::string skip;    // non-empty: why this implementation cannot run it
  // hooks: the adapter hooks (docs/ADAPTER.md §4) the item needs: anything
  // that restarts a device needs state_export and state_import, anything
  // that moves the clock needs clock.
  std::vector<std::string> hooks = {};
};

struct ItemResult {
  std::string id;
  std::string status;   // "pass", "fail", "skip"
  std::string message;  // one line: why
  std::optional<std::string> verdict;   // attack items
  std::optional<std::string> expected;  // attack items: the reference's verdict
  std::vector<std::string> claims;
  nlohmann::json evidence = nlohmann::json::object();
};

struct EngineOptions {
  uint64_t seed = 20261123;
  size_t cases = 25;  // schedules per property item
};

// Implementation: the implementation under test, as the items use it.
struct Implementation {
  driver::DriverFactory drivers;  // one client per device
  // vectors starts what answers vector operations, once per vectors item.
  std::function<Result<vectors::Implementation>()> vectors;
  // peer: who runs the other devices of the scenario items (interop, tamper,
  // event, state); empty: the in-process reference. Another implementation
  // here gives the implementation x implementation interop matrix.
  driver::DriverFactory peer;
  // adapter: the adapter command line, for the contract items' raw sessions.
  // The in-process reference sets this binary's own `e2eproof adapter`.
  std::optional<driver::AdapterOptions> adapter = std::nullopt;
};
// in_process_implementation: the reference in this process; its adapter
// (for the contract items) is the running executable's `adapter` command
// (/proc/self/exe), right when that executable is e2eproof.
Implementation in_process_implementation();

// Declared: what the implementation says it can run (its hello).
struct Declared {
  std::vector<std::string> presets;
  std::vector<std::string> vector_families;
  std::vector<std::string> hooks;    // capabilities.hooks
  std::vector<std::string> methods;  // capabilities.methods
};
// reference_declared: what the reference declares (every preset, family and
// hook, every method of docs/ADAPTER.md).
Declared reference_declared();

// list_items: every item, with `skip` set on those needing a preset, a vector
// family or a hook the implementation does not declare ("needs hook clock,
// not declared by the implementation"), and each item's claims read from the
// shipped claims registry. Error: the registry does not load.
Result<std::vector<Item>> list_items(const Declared& declared);

// run_item runs one item. kNotFound for an unknown id; other errors mean the
// harness failed (an adapter died), which callers report as an error, not a
// failed item. A declared hook answered with an error (driver::kHookRefused)
// is a failed item, and nothing the implementation writes escapes as an
// exception.
Result<ItemResult> run_item(const std::string& id, const Implementation& impl, const EngineOptions& options);

nlohmann::json to_json(const Item& item);
nlohmann::json to_json(const ItemResult& result);

}  // namespace e2e::items
