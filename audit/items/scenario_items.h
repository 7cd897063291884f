// The scenario items: chats in which the reference client and the
// implementation under test meet (interop/), frames tampered on their way to
// the implementation (tamper/), every event kind of docs/ADAPTER.md §5
// produced by a scenario (event/), and exported state carried across a
// restart (state/). Each runs twice, reference-only first as the control
// (items/mixed_world.h).
//
// Ids: interop/<preset>/<scenario>, tamper/<preset>/<case>,
//      state/<preset>/<case>, event/<event-kind>/<preset>.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "items/items.h"
#include "protocol/preset.h"

namespace e2e::items {

using ScenarioRun = std::function<Result<ItemResult>(const std::string& id, const proto::Preset& preset,
                                                     const Implementation& impl, const EngineOptions& options)>;

struct ScenarioItem {
  std::string kind;   // "interop", "tamper", "event", "state"
  std::string name;   // the scenario, case or event kind
  std::vector<std::string> presets;
  std::string title;
  std::vector<std::string> hooks;  // adapter hooks it needs (docs/ADAPTER.md §4)
  ScenarioRun run;
  // id: the item id on |preset| (event items put the preset last, like
  // property and attack items; the others put it in the middle, after kind).
  std::string id(const std::string& preset) const;
};

// Each kind's items, in listing order.
std::vector<ScenarioItem> interop_items();
std::vector<ScenarioItem> tamper_items();
std::vector<ScenarioItem> event_items();
std::vector<ScenarioItem> state_items();

// scenario_items: all four kinds, in that order.
const std::vector<ScenarioItem>& scenario_items();

}  // namespace e2e::items
