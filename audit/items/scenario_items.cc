#include "items/scenario_items.h"

namespace e2e::items {

std::string ScenarioItem::id(const std::string& preset) const {
  if (kind == "event") return kind + "/" + name + "/" + preset;
  return kind + "/" + preset + "/" + name;
}

const std::vector<ScenarioItem>& scenario_items() {
  static const std::vector<ScenarioItem> kAll = [] {
    std::vector<ScenarioItem> all;
    for (auto kind : {interop_items, tamper_items, event_items, state_items}) {
      for (auto& item : kind()) all.push_back(std::move(item));
    }
    return all;
  }();
  return kAll;
}

}  // namespace e2e::items
