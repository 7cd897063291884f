// event/<kind>/<preset>: each event kind of docs/ADAPTER.md §5 that a client
// raises on its own, produced by a scenario with the implementation as the
// recipient (bob) of a reference sender (alice): `duplicate` (an item
// delivered twice), `gap` (a message overtaken by a later one), `typing`
// (both directions), `roster_rejected` (an unsigned roster change) and
// `request_failed` (the relay refuses a send). Message, transmit,
// roster_changed and rejected events are exercised by interop/ and tamper/.
#include "items/mixed_world.h"
#include "items/scenario_items.h"
#include "world/chat_setup.h"

namespace e2e::items {
namespace {

constexpr const char* kChat = "events";

Result<void> add_three(world::World& w) {
  E2E_TRY(add_cast(w));
  return world::start_chat(w, "alice", kChat, {"bob", "carol"});
}

// duplicate: the relay pushes alice's item to bob twice with the same id.
Result<void> duplicate(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w));
  bool armed = true;
  w.set_relay_tap([&](world::InFlight in) -> std::vector<world::InFlight> {
    const auto* d = std::get_if<proto::Deliver>(&in.frame);
    if (!armed || in.to != "bob" || d == nullptr || d->kind != proto::DeliverKind::kMsg) return {std::move(in)};
    armed = false;
    return {in, in};
  });
  const size_t mark = w.events("bob").size();
  const std::string text = "sent once, delivered twice Kd3w";
  E2E_TRY(world::send(w, "alice", kChat, text));
  expect_shown_once(f, w, "bob", kChat, "alice", text);
  f.expect(events_of<client::DuplicateEvent>(w, "bob", mark).size() == 1,
           "bob raised " + std::to_string(events_of<client::DuplicateEvent>(w, "bob", mark).size()) +
               " duplicate events for one item delivered twice, not 1 (PROTO-CLIENT-02)");
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

// gap: alice's second message to bob is held back until her third arrived.
Result<void> gap(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w));
  int seen = 0;
  std::vector<world::InFlight> held;
  w.set_relay_tap([&](world::InFlight in) -> std::vector<world::InFlight> {
    const auto* d = std::get_if<proto::Deliver>(&in.frame);
    if (in.to != "bob" || d == nullptr || d->kind != proto::DeliverKind::kMsg) return {std::move(in)};
    if (++seen == 2) {
      held.push_back(std::move(in));
      return {};
    }
    return {std::move(in)};
  });
  const size_t mark = w.events("bob").size();
  for (int i = 1; i <= 3; ++i) E2E_TRY(world::send(w, "alice", kChat, "gap message " + std::to_string(i) + " Tb5"));
  w.set_relay_tap({});
  for (auto& h : held) w.inject(h.to, std::move(h.frame));
  E2E_TRY(world::settle(w));
  for (int i = 1; i <= 3; ++i) expect_shown_once(f, w, "bob", kChat, "alice", "gap message " + std::to_string(i) + " Tb5");
  const auto gaps = events_of<client::GapEvent>(w, "bob", mark);
  f.expect(gaps.size() == 1 && gaps[0].sender == "alice" && gaps[0].chat == kChat,
           "bob raised " + std::to_string(gaps.size()) + " gap events when alice's second message came after her "
           "third, not one naming alice (PROTO-HARD-04)");
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

// typing: alice starts typing and bob sees it; then bob, and alice sees it.
Result<void> typing(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w));
  for (const auto& [from, to] : {std::pair{"alice", "bob"}, {"bob", "alice"}}) {
    const size_t mark = w.events(to).size();
    E2E_TRY(world::run_op(w, from, w.device(from).set_typing(kChat, true)));
    const auto shown = events_of<client::TypingEvent>(w, to, mark);
    f.expect(shown.size() == 1 && shown[0].from == from && shown[0].on && shown[0].chat == kChat,
             std::string(to) + " showed " + std::to_string(shown.size()) + " typing events when " + from +
                 " started typing, not one");
  }
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

// roster_rejected: the relay pushes bob a roster change nobody signed.
Result<void> roster_rejected(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w));
  const size_t mark = w.events("bob").size();
  E2E_ASSIGN_OR_RETURN(const uint64_t id, w.store().next_item_id());
  proto::Deliver forged{id + 1000, kChat, "alice", 0, proto::DeliverKind::kRoster, {}, proto::RosterOp::kRemove,
                        std::string("carol"), {}};
  w.inject("bob", proto::RelayFrame{forged});
  E2E_TRY(world::settle(w));
  const auto rejected = events_of<client::RosterRejectedEvent>(w, "bob", mark);
  f.expect(rejected.size() == 1, "bob raised " + std::to_string(rejected.size()) +
                                     " roster_rejected events for an unsigned removal of carol, not 1 (PROTO-ROSTER-03)");
  E2E_ASSIGN_OR_RETURN(std::vector<Id> members, w.device("bob").members(kChat));
  f.expect(std::find(members.begin(), members.end(), "carol") != members.end(),
           "bob dropped carol from the roster on an unsigned removal");
  const std::string text = "still a member Uy6";
  E2E_TRY(world::send(w, "carol", kChat, text));
  expect_shown_once(f, w, "bob", kChat, "carol", text);
  return ok_result();
}

// request_failed: the engine, as the relay, refuses bob's second send with
// E2E_ERR_RATE_LIMITED (as a relay with a rate limit does, PROTO-RELAY-09)
// instead of fanning it out; bob must say so with the relay's code.
Result<void> request_failed(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w));
  int sends = 0;
  w.set_client_tap([&](const Id& from, const proto::ClientFrame& frame) -> std::vector<proto::ClientFrame> {
    const auto* send = std::get_if<proto::Send>(&frame);
    if (from != "bob" || send == nullptr || ++sends != 2) return {frame};
    w.inject("bob", proto::RelayFrame{proto::ErrorFrame{send->rid, "E2E_ERR_RATE_LIMITED", "too many messages"}});
    return {};
  });
  const size_t mark = w.events("bob").size();
  E2E_TRY(world::send(w, "bob", kChat, "first within the limit Pj2"));
  E2E_TRY(world::send(w, "bob", kChat, "second over the limit Pj3"));
  w.set_client_tap({});
  const auto failed = events_of<client::RequestFailedEvent>(w, "bob", mark);
  f.expect(failed.size() == 1 && failed[0].code == "E2E_ERR_RATE_LIMITED",
           "bob raised " + std::to_string(failed.size()) +
               " request_failed events (want one with code E2E_ERR_RATE_LIMITED) when the relay refused its send");
  expect_shown_once(f, w, "alice", kChat, "bob", "first within the limit Pj2");
  expect_not_shown(f, w, "alice", kChat, "second over the limit Pj3");
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  expect_not_shown(f, w, "alice", kChat, "second over the limit Pj3");
  return expect_mailboxes_drained(f, w);
}

}  // namespace

std::vector<ScenarioItem> event_items() {
  const auto all = proto::preset_names();
  return {
      {"event", "duplicate", all, "an item delivered twice is shown once and raises duplicate", {},
       on_devices({"bob"}, duplicate)},
      {"event", "gap", presets_where([](const proto::Preset& p) { return p.replay_window; }),
       "a message overtaken by a later one raises gap and is still shown", {}, on_devices({"bob"}, gap)},
      {"event", "typing", all, "typing notices travel both ways between the implementation and the reference", {},
       on_devices({"bob"}, typing)},
      {"event", "roster_rejected",
       presets_where([](const proto::Preset& p) { return p.roster_policy == proto::RosterPolicy::kSignedOps; }),
       "an unsigned roster change is ignored and raises roster_rejected", {}, on_devices({"bob"}, roster_rejected)},
      {"event", "request_failed", all, "a send the relay refuses raises request_failed with the relay's code", {},
       on_devices({"bob"}, request_failed)},
  };
}

}  // namespace e2e::items
