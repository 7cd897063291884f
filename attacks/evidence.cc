#include "attacks/evidence.h"

#include <algorithm>

#include "adapter/event_json.h"

namespace e2e::attacks {
namespace {

using nlohmann::json;

}  // namespace

json event_json(const client::Event& e) { return adapter::event_to_json(e, adapter::EventForm::kReadable); }

bool is_warning(const client::Event& e) {
  return std::holds_alternative<client::KeyChangedEvent>(e) || std::holds_alternative<client::DuplicateEvent>(e) ||
         std::holds_alternative<client::GapEvent>(e) || std::holds_alternative<client::RejectedEvent>(e) ||
         std::holds_alternative<client::RosterRejectedEvent>(e);
}

EventMark mark_events(const world::World& w) {
  EventMark m;
  for (const auto& id : w.devices()) m[id] = w.events(id).size();
  return m;
}

std::vector<client::Event> events_since(const world::World& w, const EventMark& mark, const proto::Id& who) {
  const auto& all = w.events(who);
  auto it = mark.find(who);
  const size_t from = it == mark.end() ? 0 : std::min(it->second, all.size());
  return std::vector<client::Event>(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
}

json clients_json(const world::World& w, const EventMark& mark, const std::vector<proto::Id>& who) {
  json out = json::object();
  for (const auto& id : who) {
    json list = json::array();
    for (const auto& e : events_since(w, mark, id)) list.push_back(event_json(e));
    out[id] = std::move(list);
  }
  return out;
}

Verdict judge(bool succeeded, bool warned) {
  if (!succeeded) return Verdict::kBlocked;
  return warned ? Verdict::kNoticed : Verdict::kBreaks;
}

Outcome not_applicable(const std::string& attack, const std::string& variant, const proto::Preset& preset,
                       const std::string& reason) {
  Outcome o;
  o.attack = attack;
  o.variant = variant;
  o.preset = preset.name;
  o.verdict = Verdict::kNotApplicable;
  o.summary = reason;
  o.evidence = json{{"not_applicable", reason}};
  return o;
}

}  // namespace e2e::attacks
