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
  std::string kind;    // "sanity", "property", "attack", "vectors"
  std::string preset;  // empty for vectors items
  std::string title;
  std::vector<std::string> claims;
  std::string skip;    // non-empty: why this implementation cannot run it
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
};
// in_process_implementation: the reference in this process.
Implementation in_process_implementation();

// Declared: what the implementation says it can run (its hello).
struct Declared {
  std::vector<std::string> presets;
  std::vector<std::string> vector_families;
};

// list_items: every item, with `skip` set on those needing a preset or a
// vector family the implementation does not declare, and each item's claims
// read from the shipped claims registry. Error: the registry does not load.
Result<std::vector<Item>> list_items(const Declared& declared);

// run_item runs one item. kNotFound for an unknown id; other errors mean the
// harness failed (an adapter died), which callers report as an error, not a
// failed item.
Result<ItemResult> run_item(const std::string& id, const Implementation& impl, const EngineOptions& options);

nlohmann::json to_json(const Item& item);
nlohmann::json to_json(const ItemResult& result);

}  // namespace e2e::items
