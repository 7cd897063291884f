// B01 replay (attacks.md §1 B01). The relay logs every item it carries and
// later hands a captured one back: verbatim, with a fresh id and timestamp,
// after the recipient restarts, to a member who joined later, into another
// chat under the same key, and for non-text items (typing, roster). Judged by
// the recipient's events only: the item shown again with no warning is
// BREAKS, shown with a duplicate/warning event NOTICED, refused BLOCKED.
#include <algorithm>

#include "attacks/adversary.h"
#include "world/chat_setup.h"
#include "attacks/evidence.h"

namespace e2e::attacks {

const AttackSpec& spec_b01_replay();

namespace {

using nlohmann::json;

constexpr const char* kAttack = "B01";
constexpr const char* kChat = "room";
constexpr const char* kPayment = "approve payment #1";
constexpr int64_t kFiveMinutes = 5 * 60 * 1000;

// The relay frames |to| was sent from transcript position |since| on.
std::vector<proto::RelayFrame> frames_to(const Adversary& adv, const Id& to, size_t since) {
  std::vector<proto::RelayFrame> out;
  const auto& t = adv.transcript();
  for (size_t i = since; i < t.size(); ++i) {
    if (t[i].dir != Direction::kDown || t[i].device != to || !t[i].note.empty()) continue;
    if (const auto* f = std::get_if<proto::RelayFrame>(&t[i].frame)) out.push_back(*f);
  }
  return out;
}

Result<proto::Deliver> last_item(const std::vector<proto::Deliver>& items, proto::DeliverKind kind, const Id& from,
                                 const char* what) {
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (it->kind == kind && it->from == from) return *it;
  }
  return make_error(Errc::kInternal, std::string("B01: the relay carried no ") + what);
}

json item_json(const proto::Deliver& d) {
  json j{{"id", d.id}, {"chat", d.chat}, {"from", d.from}, {"ts", d.ts}};
  j["kind"] = d.kind == proto::DeliverKind::kRoster ? "roster" : d.kind == proto::DeliverKind::kMsg ? "msg" : "direct";
  if (d.op) j["op"] = std::string(proto::roster_op_name(*d.op));
  if (d.device) j["device"] = *d.device;
  return j;
}

std::vector<std::string> warning_names(const std::vector<client::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (!is_warning(e)) continue;
    std::string s(client::event_name(e));
    if (const auto* r = std::get_if<client::RejectedEvent>(&e)) s += " " + r->reason;
    if (const auto* r = std::get_if<client::RosterRejectedEvent>(&e)) s += " " + r->reason;
    out.push_back(std::move(s));
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// One replay's outcome from |to|'s events after |mark|. |shown| counts how
// often the replayed item took effect (message or typing shown, roster
// changed). Warnings are the recipient's: the replay went to it alone.
Outcome outcome(const proto::Preset& preset, const std::string& variant, const world::World& w,
                const EventMark& mark, const Id& to, uint64_t shown, json attacker, json steps) {
  const auto events = events_since(w, mark, to);
  const auto warnings = warning_names(events);
  Outcome o;
  o.attack = kAttack;
  o.variant = variant;
  o.preset = preset.name;
  o.observations.push_back(observation("client.accepted_replay", "", shown,
                                       "times " + to + " took the replayed item again"));
  for (auto& w_obs : warned_observations(w, mark, {to})) o.observations.push_back(std::move(w_obs));
  if (shown && warnings.empty()) {
    o.summary = to + " took the replayed item again with no warning";
  } else if (shown) {
    o.summary = to + " took the replayed item again but warned (" + joined(warnings) + ")";
  } else if (!warnings.empty()) {
    o.summary = to + " refused the replay (" + joined(warnings) + ")";
  } else {
    o.summary = to + " ignored the replay: nothing shown, nothing changed";
  }
  o.evidence = json{{"attacker", std::move(attacker)}, {"clients", clients_json(w, mark, {to})},
                    {"steps", std::move(steps)}};
  judge_outcome(o, spec_b01_replay(), preset, shown > 0);
  return o;
}

// message_shown: how often |to| showed |text| in |chat| after |mark|.
uint64_t message_shown(const world::World& w, const EventMark& mark, const Id& to, const Id& chat,
                       const std::string& text) {
  uint64_t n = 0;
  for (const auto& e : events_since(w, mark, to)) {
    const auto* m = std::get_if<client::MessageEvent>(&e);
    n += m && m->chat == chat && m->text == text;
  }
  return n;
}

// Replays |item| to |to| with |edits| and judges whether the payment text
// shows up again in |shown_in|.
Result<Outcome> replay_message(world::World& w, Adversary& adv, const std::string& variant, const Id& to,
                               const proto::Deliver& item, const ReplayEdits& edits, const Id& shown_in,
                               json steps) {
  const EventMark mark = mark_events(w);
  E2E_ASSIGN_OR_RETURN(uint64_t id, adv.replay(to, item, edits));
  E2E_TRY(settle(w));
  json replayed{{"id", id}, {"chat", edits.chat.value_or(item.chat)}, {"fresh_id", edits.fresh_id},
                {"fresh_ts", edits.fresh_ts}};
  steps.push_back("relay re-delivered the captured item to " + to);
  return outcome(w.preset(), variant, w, mark, to, message_shown(w, mark, to, shown_in, kPayment),
                 json{{"captured", item_json(item)}, {"replayed", std::move(replayed)}}, std::move(steps));
}

// v5: a second chat that uses the same content key. Only a preset whose key
// is user-held text (a share code) lets two chats share one; elsewhere every
// chat gets a fresh key from its creator and the variant does not apply.
Result<Outcome> replay_into_other_chat(world::World& w, Adversary& adv, const proto::Deliver& f1) {
  const std::string variant = "v5-other-chat";
  if (!world::has_share_codes(w.preset())) {
    return not_applicable(kAttack, variant, w.preset(),
                          "every chat gets its own fresh key from its creator; no user action makes two chats "
                          "share a key");
  }
  E2E_ASSIGN_OR_RETURN(std::string code, w.device("alice").share_code(kChat));
  const std::string reused = "room2" + code.substr(code.find(':'));
  E2E_TRY(run_op(w, "carol", w.device("carol").join_with_share_code(reused)));
  E2E_TRY(run_op(w, "bob", w.device("bob").join_with_share_code(reused)));
  ReplayEdits edits;
  edits.chat = "room2";
  return replay_message(w, adv, variant, "bob", f1, edits, "room2",
                        json::array({"carol opened room2 reusing room's share-code key; bob joined it",
                                     "relay moved alice's captured room item into room2"}));
}

// v6 typing: the captured typing frame (a relay-level notice without any id
// when typing travels in the clear, an ordinary item when it is encrypted).
Result<Outcome> replay_typing(world::World& w, Adversary& adv, const proto::RelayFrame& typing) {
  const EventMark mark = mark_events(w);
  json attacker;
  if (const auto* d = std::get_if<proto::Deliver>(&typing)) {
    E2E_ASSIGN_OR_RETURN(uint64_t id, adv.replay("bob", *d, ReplayEdits{}));
    attacker = json{{"captured", item_json(*d)}, {"replayed", {{"id", id}, {"fresh_id", true}}}};
  } else {
    adv.inject("bob", typing);
    attacker = json{{"captured", "relay-level typing notice (no id, not encrypted)"}, {"replayed", "verbatim"}};
  }
  E2E_TRY(settle(w));
  uint64_t shown = 0;
  for (const auto& e : events_since(w, mark, "bob")) {
    const auto* t = std::get_if<client::TypingEvent>(&e);
    shown += t && t->from == "alice";
  }
  return outcome(w.preset(), "v6-typing", w, mark, "bob", shown, std::move(attacker),
                 json::array({"alice started typing; the relay kept the frame", "relay re-sent it to bob later"}));
}

// v6 roster: carol leaves (or is removed) and comes back; the relay then
// replays the old "carol removed" item to bob.
Result<Outcome> replay_roster(world::World& w, Adversary& adv) {
  const size_t m = adv.mark();
  E2E_TRY(leave_chat(w, "alice", kChat, "carol"));
  std::optional<proto::Deliver> removal;
  for (const auto& d : adv.deliveries("bob", m)) {
    if (d.kind == proto::DeliverKind::kRoster && d.op == proto::RosterOp::kRemove && d.device == Id("carol")) {
      removal = d;
    }
  }
  if (!removal) return make_error(Errc::kInternal, "B01: the relay carried no roster removal to bob");
  E2E_TRY(join_chat(w, "alice", kChat, "carol"));
  E2E_ASSIGN_OR_RETURN(std::vector<Id> before, w.device("bob").members(kChat));
  w.clock().advance_ms(kFiveMinutes);
  const EventMark mark = mark_events(w);
  E2E_ASSIGN_OR_RETURN(uint64_t id, adv.replay("bob", *removal, ReplayEdits{}));
  E2E_TRY(settle(w));
  E2E_ASSIGN_OR_RETURN(std::vector<Id> after, w.device("bob").members(kChat));
  uint64_t lines = 0;
  for (const auto& e : events_since(w, mark, "bob")) {
    const auto* r = std::get_if<client::RosterChangedEvent>(&e);
    lines += r && r->device == "carol" && r->op == proto::RosterOp::kRemove;
  }
  // Taken again: the removal shows as a line, or bob's member list changed.
  const uint64_t shown = std::max<uint64_t>(lines, before != after ? 1 : 0);
  json attacker{{"captured", item_json(*removal)}, {"replayed", {{"id", id}, {"fresh_id", true}}},
                {"bob_members_before", before}, {"bob_members_after", after}};
  return outcome(w.preset(), "v6-roster", w, mark, "bob", shown, std::move(attacker),
                 json::array({"carol left (or was removed) and rejoined", "relay replayed the old removal item to bob"}));
}

Result<std::vector<Outcome>> run(const proto::Preset& preset, const driver::DriverFactory& factory, uint64_t seed) {
  world::World w(preset, seed, world::WorldOptions{{}, factory, {}});
  Adversary adv(w);
  for (const char* who : {"alice", "bob", "carol"}) {
    std::string name(who);
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    E2E_TRY(w.add_device(who, name));
  }
  E2E_TRY(start_chat(w, "alice", kChat, {"bob", "carol"}));

  size_t m = adv.mark();
  E2E_TRY(send(w, "alice", kChat, kPayment));
  E2E_ASSIGN_OR_RETURN(proto::Deliver f1,
                       last_item(adv.deliveries("bob", m), proto::DeliverKind::kMsg, "alice", "message"));
  if (message_shown(w, {}, "bob", kChat, kPayment) == 0) {
    return make_error(Errc::kInternal, "B01: bob never showed the original message");
  }
  m = adv.mark();
  E2E_TRY(run_op(w, "alice", w.device("alice").set_typing(kChat, true)));
  const auto typing_frames = frames_to(adv, "bob", m);
  auto typing = std::find_if(typing_frames.begin(), typing_frames.end(), [](const proto::RelayFrame& f) {
    return std::holds_alternative<proto::TypingNotice>(f) || std::holds_alternative<proto::Deliver>(f);
  });
  if (typing == typing_frames.end()) return make_error(Errc::kInternal, "B01: no typing frame reached bob");
  const proto::RelayFrame typing_frame = *typing;

  // "Five minutes later": everything below happens after the original.
  w.clock().advance_ms(kFiveMinutes);
  const json captured_step = json::array({"alice sent \"approve payment #1\"; the relay logged bob's copy",
                                          "five minutes passed"});

  ReplayEdits verbatim;
  verbatim.fresh_id = false;
  verbatim.fresh_ts = false;
  E2E_ASSIGN_OR_RETURN(Outcome v1, replay_message(w, adv, "v1-verbatim", "bob", f1, verbatim, kChat, captured_step));
  E2E_ASSIGN_OR_RETURN(Outcome v2,
                       replay_message(w, adv, "v2-fresh-envelope", "bob", f1, ReplayEdits{}, kChat, captured_step));
  w.restart("bob");
  E2E_TRY(settle(w));
  json restart_steps = captured_step;
  restart_steps.push_back("bob restarted from its exported state");
  E2E_ASSIGN_OR_RETURN(Outcome v3,
                       replay_message(w, adv, "v3-after-restart", "bob", f1, ReplayEdits{}, kChat, restart_steps));
  E2E_ASSIGN_OR_RETURN(Outcome v6t, replay_typing(w, adv, typing_frame));
  E2E_ASSIGN_OR_RETURN(Outcome v6r, replay_roster(w, adv));

  E2E_TRY(w.add_device("dave", "Dave"));
  E2E_TRY(settle(w));
  E2E_TRY(join_chat(w, "alice", kChat, "dave"));
  json dave_steps = captured_step;
  dave_steps.push_back("dave joined the chat after the original was sent");
  E2E_ASSIGN_OR_RETURN(Outcome v4,
                       replay_message(w, adv, "v4-late-joiner", "dave", f1, ReplayEdits{}, kChat, dave_steps));
  E2E_ASSIGN_OR_RETURN(Outcome v5, replay_into_other_chat(w, adv, f1));
  E2E_TRY(w.health());
  return std::vector<Outcome>{std::move(v1), std::move(v2), std::move(v3), std::move(v4),
                              std::move(v5), std::move(v6t), std::move(v6r)};
}

}  // namespace

const AttackSpec& spec_b01_replay() {
  static const std::vector<std::string> kRecords = [] {
    std::vector<std::string> r = {"client.accepted_replay"};
    for (const auto& k : warning_kinds()) r.push_back(observation_key("client.warned", k));
    return r;
  }();
  static const AttackSpec kSpec{
      "B01",
      {{"v1-verbatim", "the captured item re-delivered as it was (same id, same time)", kRecords},
       {"v2-fresh-envelope", "the captured item stored again under a fresh id and timestamp", kRecords},
       {"v3-after-restart", "a fresh-id copy after the recipient restarted from its saved state", kRecords},
       {"v4-late-joiner", "a fresh-id copy to a member who joined after the original was sent", kRecords},
       {"v5-other-chat", "the item moved into a second chat that uses the same content key", kRecords},
       {"v6-typing", "a captured typing indication re-sent later", kRecords},
       {"v6-roster", "an old 'member removed' item re-sent after the member came back", kRecords}},
      "nothing beyond a relay that stores and forwards items (v5: two chats under one key, i.e. share codes)",
      {{"arthas", Verdict::kBreaks}, {"eleven", Verdict::kBreaks}, {"hardened", Verdict::kBlocked}},
      {},
      &run,
      {"clock", "state_export", "state_import"},
  };
  return kSpec;
}

}  // namespace e2e::attacks
