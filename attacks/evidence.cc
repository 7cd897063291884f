#include "attacks/evidence.h"

#include <algorithm>

#include "adapter/event_json.h"

namespace e2e::attacks {
namespace {

using nlohmann::json;

}  // namespace

json event_json(const client::Event& e) { return adapter::event_to_json(e, adapter::EventForm::kReadable); }

std::string_view warning_kind(const client::Event& e) {
  if (std::holds_alternative<client::KeyChangedEvent>(e)) return "key_changed";
  if (std::holds_alternative<client::DuplicateEvent>(e)) return "duplicate";
  if (std::holds_alternative<client::GapEvent>(e)) return "gap";
  if (std::holds_alternative<client::RejectedEvent>(e)) return "rejected";
  if (std::holds_alternative<client::RosterRejectedEvent>(e)) return "roster_rejected";
  return {};
}

bool is_warning(const client::Event& e) { return !warning_kind(e).empty(); }

std::vector<Observation> warned_observations(const world::World& w, const EventMark& mark,
                                             const std::vector<proto::Id>& who) {
  std::vector<Observation> out;
  for (const auto& kind : warning_kinds()) {
    Observation o{"client.warned", kind, 0, {}};
    std::string by;
    for (const auto& id : who) {
      uint64_t n = 0;
      for (const auto& e : events_since(w, mark, id)) n += warning_kind(e) == kind;
      if (n > 0) by += (by.empty() ? "" : ", ") + id + " " + std::to_string(n);
      o.count += n;
    }
    o.detail = o.count == 0 ? "no " + kind + " warning on any honest client" : kind + " warnings: " + by;
    out.push_back(std::move(o));
  }
  return out;
}

Observation observation(std::string name, std::string qualifier, uint64_t count, std::string detail) {
  return Observation{std::move(name), std::move(qualifier), count, std::move(detail)};
}

bool any_warned(const std::vector<Observation>& observations) {
  return std::any_of(observations.begin(), observations.end(),
                     [](const Observation& o) { return o.name == "client.warned" && o.present(); });
}

void judge_outcome(Outcome& o, const AttackSpec& spec, const proto::Preset& preset, bool succeeded,
                   std::string_view finding) {
  o.verdict = judge(succeeded, any_warned(o.observations));
  if (o.verdict != Verdict::kBreaks || finding.empty()) return;
  if (const DocumentedLimit* d = find_limit(spec, finding, preset.claims_prefix)) {
    o.verdict = Verdict::kDocumented;
    o.evidence["documented_by"] = json{{"claim", d->claim}, {"admits", d->admits}};
    o.summary += "; the document admits it (" + d->claim + ")";
  }
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
