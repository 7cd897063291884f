// The conformance engine's test items: what `e2eproof conformance list|run`
// and the pytest front door see. Each item runs against any DriverFactory (the
// in-process reference, or an adapter process per device) with the honest
// relay core as the server, or the adversary around it for attack cells.
//
// Item ids are stable and hierarchical so expectation globs stay simple:
//   sanity/<preset>                 a two-device chat delivers one message
//   property/<property-id>/<preset> one delivery property over seeded schedules
//   attack/<attack-id>/<preset>     one attack cell; the verdict must be at least
//                                   as good as the reference's (expected_verdicts.h)
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "driver/driver.h"

namespace e2e::items {

struct Item {
  std::string id;
  std::string kind;    // "sanity", "property", "attack"
  std::string preset;
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

// list_items: every item, with `skip` set on those needing a preset the
// implementation does not declare (|declared_presets| from its hello).
std::vector<Item> list_items(const std::vector<std::string>& declared_presets);

// run_item runs one item. kNotFound for an unknown id; other errors mean the
// harness failed (an adapter died), which callers report as an error, not a
// failed item.
Result<ItemResult> run_item(const std::string& id, const driver::DriverFactory& factory,
                            const EngineOptions& options);

nlohmann::json to_json(const Item& item);
nlohmann::json to_json(const ItemResult& result);

}  // namespace e2e::items
