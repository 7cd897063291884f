// state/<preset>/<case>: what export_state / import_state must carry across
// a restart, seen from outside. processed-ids: an item processed but not yet
// acked when the device stopped comes back from the relay and must raise
// `duplicate`, not show again (PROTO-CLIENT-02). replay-window: a message
// captured before the restart and replayed under a fresh id afterwards is
// refused as the reference refuses it (PROTO-HARD-04). keys: after a restart
// of both ends the implementation still reads, sends and administers.
#include "items/mixed_world.h"
#include "items/scenario_items.h"
#include "world/chat_setup.h"

namespace e2e::items {
namespace {

constexpr const char* kChat = "state";

Result<void> add_three(world::World& w, const std::vector<Id>& members) {
  E2E_TRY(add_cast(w));
  return world::start_chat(w, "alice", kChat, members);
}

// processed_ids: bob's acks are lost on the way; bob restarts and the relay
// delivers the same items again.
Result<void> processed_ids(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w, {"bob", "carol"}));
  bool lose_acks = true;
  w.set_client_tap([&](const Id& from, const proto::ClientFrame& frame) -> std::vector<proto::ClientFrame> {
    if (lose_acks && from == "bob" && std::holds_alternative<proto::Ack>(frame)) return {};
    return {frame};
  });
  const std::string text = "processed before the restart Hq7";
  E2E_TRY(world::send(w, "alice", kChat, text));
  expect_shown_once(f, w, "bob", kChat, "alice", text);
  E2E_ASSIGN_OR_RETURN(size_t pending, w.store().mailbox_size("bob"));
  if (pending == 0) return make_error(Errc::kInternal, "state: bob's mailbox is empty although its acks were lost");
  lose_acks = false;
  const size_t mark = w.events("bob").size();
  w.restart("bob");
  E2E_TRY(world::settle(w));
  expect_shown_once(f, w, "bob", kChat, "alice", text);
  f.expect(!events_of<client::DuplicateEvent>(w, "bob", mark).empty(), "bob restarted and met items it had processed without raising duplicate: its "
                            "processed ids did not survive the restart (PROTO-CLIENT-02)");
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

// replay_window: the relay keeps a copy of alice's message to bob and hands
// it back under a fresh id after bob restarted.
Result<void> replay_window(Run& run, Findings& f, const ControlReason& expected) {
  world::World& w = run.w;
  E2E_TRY(add_three(w, {"bob", "carol"}));
  std::optional<proto::Deliver> captured;
  w.set_relay_tap([&](world::InFlight in) -> std::vector<world::InFlight> {
    const auto* d = std::get_if<proto::Deliver>(&in.frame);
    if (!captured && in.to == "bob" && d != nullptr && d->kind == proto::DeliverKind::kMsg) captured = *d;
    return {std::move(in)};
  });
  const std::string text = "captured before the restart Ln4";
  E2E_TRY(world::send(w, "alice", kChat, text));
  if (!captured) return make_error(Errc::kInternal, "state: the relay carried no message to bob");
  w.restart("bob");
  E2E_TRY(world::settle(w));
  const size_t mark = w.events("bob").size();
  E2E_ASSIGN_OR_RETURN(const uint64_t next, w.store().next_item_id());
  proto::Deliver replayed = *captured;
  replayed.id = next + 1000;
  w.inject("bob", proto::RelayFrame{replayed});
  E2E_TRY(world::settle(w));
  expect_shown_once(f, w, "bob", kChat, "alice", text);
  const std::optional<std::string> reason = first_rejected(w, "bob", mark);
  if (run.control && !reason) f.problems.push_back("the reference did not refuse the replay after its restart");
  expect_control_reason(run, f, expected, reason, "bob answered a replay after its restart",
                        ": the replay window did not survive the restart (PROTO-HARD-04)");
  return ok_result();
}

// keys: alice (admin) and bob restart; then they talk, and alice adds carol.
Result<void> keys(Run& run, Findings& f) {
  world::World& w = run.w;
  E2E_TRY(add_three(w, {"bob"}));
  w.restart("alice");
  w.restart("bob");
  E2E_TRY(world::settle(w));
  const std::string one = "after both restarts, from alice Rf5", two = "after both restarts, from bob Rf6";
  const std::string three = "to the member added after the restart Rf7";
  E2E_TRY(world::send(w, "alice", kChat, one));
  E2E_TRY(world::send(w, "bob", kChat, two));
  E2E_TRY(world::join_chat(w, "alice", kChat, "carol"));
  E2E_TRY(world::send(w, "alice", kChat, three));
  expect_shown_once(f, w, "bob", kChat, "alice", one);
  expect_shown_once(f, w, "alice", kChat, "bob", two);
  expect_shown_once(f, w, "carol", kChat, "alice", three);
  expect_shown_once(f, w, "bob", kChat, "alice", three);
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

}  // namespace

std::vector<ScenarioItem> state_items() {
  const auto all = proto::preset_names();
  const std::vector<std::string> hooks = {"state_export", "state_import"};
  return {
      {"state", "processed-ids", all, "processed item ids survive a restart: a re-delivered item raises duplicate",
       hooks, on_devices({"bob"}, processed_ids)},
      {"state", "replay-window", presets_where([](const proto::Preset& p) { return p.replay_window; }),
       "the replay window survives a restart: a replay afterwards is refused",
       hooks, on_devices_with_reason({"bob"}, replay_window)},
      {"state", "keys", all, "keys and roster survive a restart of admin and member: they talk and add a member",
       hooks, on_devices({"alice", "bob"}, keys)},
  };
}

}  // namespace e2e::items
