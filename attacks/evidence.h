// Evidence helpers shared by the scenarios: client events as data, marks to
// look only at what an attack step caused, and the verdict rule of
// attacks.md §0.2 in one place.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attacks/attack_spec.h"
#include "client/events.h"
#include "world/world.h"

namespace e2e::attacks {

// event_json: one client event as data (texts are test messages only): the
// adapter codec's readable form (adapter/event_json.h), so evidence names the
// same fields an adapter's output does. Never fails.
nlohmann::json event_json(const client::Event& e);

// warning_kind: the kind of warning_kinds() |e| is (key_changed, duplicate,
// gap, rejected, roster_rejected), or "" when it is not a warning. An ordinary
// roster line is not one, whoever it names (client.showed_roster_change).
std::string_view warning_kind(const client::Event& e);

// is_warning: an event an honest user could take as "something is wrong":
// one of the five warning kinds.
bool is_warning(const client::Event& e);

// EventMark: how many events each device had at a moment.
using EventMark = std::map<proto::Id, size_t>;
EventMark mark_events(const world::World& w);
// events_since: |who|'s events after |mark|.
std::vector<client::Event> events_since(const world::World& w, const EventMark& mark, const proto::Id& who);
// clients_json: {"bob": [events since mark], ...} for |who|.
nlohmann::json clients_json(const world::World& w, const EventMark& mark, const std::vector<proto::Id>& who);

// warned_observations: client.warned{kind} for every kind of warning_kinds(),
// counting |who|'s warnings after |mark| (0 included). Never fails.
std::vector<Observation> warned_observations(const world::World& w, const EventMark& mark,
                                             const std::vector<proto::Id>& who);

// observation: one Observation (a shorthand for the scenarios).
Observation observation(std::string name, std::string qualifier, uint64_t count, std::string detail = {});

// any_warned: some client.warned{*} of |observations| is present.
bool any_warned(const std::vector<Observation>& observations);

// judge_outcome sets |o|.verdict by docs/EVIDENCE.md §4 from |succeeded| and
// the warnings already in |o|.observations: BLOCKED when the attack did not
// succeed, NOTICED when it did and a client warned, BREAKS when no client
// warned, unless |finding| is admitted by a limit of |spec| in |preset|'s
// document (find_limit): then DOCUMENTED, with the claim in evidence and
// summary. A client that warns stays NOTICED: it does better than its document.
void judge_outcome(Outcome& o, const AttackSpec& spec, const proto::Preset& preset, bool succeeded,
                   std::string_view finding = {});

// judge: the verdict of one variant from what happened. |succeeded|: the
// attacker obtained what it wanted (a decryption, a forged or replayed item
// shown); |warned|: an honest client showed a warning for it.
Verdict judge(bool succeeded, bool warned);

// not_applicable: an N/A outcome with the reason in summary and evidence.
Outcome not_applicable(const std::string& attack, const std::string& variant, const proto::Preset& preset,
                       const std::string& reason);

}  // namespace e2e::attacks
