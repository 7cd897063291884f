// interop/<preset>/<scenario>: one chat whose devices are split between the
// implementation and the reference, over the preset's whole life: create,
// join (or invite), send both ways, add a member, remove one (which rotates
// the key where the preset rotates), restart every device, send again, and a
// second chat by the same creator. Every honest member must read every
// message meant for it exactly once, whoever implemented either end; a removed
// member must read nothing after its removal; every relay mailbox must drain;
// no plaintext or content key may appear in a frame the implementation sent;
// and the content keys an implementation makes must be fresh.
#include <algorithm>
#include <map>

#include "common/encoding.h"
#include "items/mixed_world.h"
#include "items/scenario_items.h"
#include "protocol/envelope.h"
#include "world/chat_setup.h"

namespace e2e::items {
namespace {

constexpr const char* kChat = "interop";
constexpr const char* kChat2 = "interop2";

// text: message |n| of the scenario; the tag makes each a canary that cannot
// occur in a frame by chance.
std::string text(int n) { return "interop message " + std::to_string(n) + " tag Qv7rLx" + std::to_string(n * 37); }

std::vector<std::string> texts(int last) {
  std::vector<std::string> out;
  for (int i = 1; i <= last; ++i) out.push_back(text(i));
  return out;
}

// expect_fresh_keys: every content key of |chats| a reference device learned
// is not all zero, and no two (chat, epoch) share one.
void expect_fresh_keys(Findings& f, world::World& w, const std::vector<Id>& chats) {
  const auto keys = keys_by_epoch(w, chats);
  for (auto a = keys.begin(); a != keys.end(); ++a) {
    const auto label = [](const std::pair<Id, uint64_t>& k) {
      return k.first + " epoch " + std::to_string(k.second);
    };
    const ByteView k = a->second.reveal();
    f.expect(std::any_of(k.begin(), k.end(), [](uint8_t byte) { return byte != 0; }),
             "the content key of " + label(a->first) + " is all zero");
    for (auto b = std::next(a); b != keys.end(); ++b) {
      f.expect(!(a->second == b->second),
               "the content keys of " + label(a->first) + " and " + label(b->first) + " are the same");
    }
  }
}

// expect_removed_cannot_read: for a preset that rotates on roster changes,
// none of |sender|'s send frames after |from_frame| opens under a key the
// removed reference member |removed| holds.
Result<void> expect_removed_cannot_read(Findings& f, world::World& w, const FrameLog& log, size_t from_frame,
                                        const Id& sender, const Id& removed) {
  if (!w.preset().rotate_on_change) return ok_result();
  const client::Client* c = w.device(removed).in_process();
  if (c == nullptr) return ok_result();
  auto it = c->state().chats.find(kChat);
  if (it == c->state().chats.end()) return ok_result();
  const auto* h = std::get_if<client::EpochKeyChat>(&it->second.scheme);
  if (h == nullptr) return ok_result();
  E2E_ASSIGN_OR_RETURN(auto record, w.store().device(sender));
  if (!record) return make_error(Errc::kInternal, "interop: " + sender + " is not in the relay's directory");
  for (size_t i = from_frame; i < log.frames().size(); ++i) {
    auto frame = proto::parse_client_frame(log.frames()[i]);
    if (!frame.ok()) continue;
    const auto* send = std::get_if<proto::Send>(&*frame);
    if (send == nullptr || send->chat != kChat) continue;
    for (const auto& [epoch, key] : h->epoch_keys) {
      if (proto::hardened_open(key, send->body, kChat, sender, record->sig).ok()) {
        f.problems.push_back("the removed member " + removed + " can read " + sender +
                             "'s message sent after the removal with its epoch-" + std::to_string(epoch) +
                             " key: the key was not rotated");
        return ok_result();
      }
    }
  }
  return ok_result();
}

// lifecycle: alice creates and administers, bob joins and is removed later,
// carol joins in between; |Run::impl_devices| says who runs the implementation.
Result<void> lifecycle(Run& run, Findings& f) {
  world::World& w = run.w;
  FrameLog log(w, run.impl_devices);
  E2E_TRY(add_cast(w));
  E2E_TRY(world::start_chat(w, "alice", kChat, {"bob"}));
  E2E_TRY(world::send(w, "alice", kChat, text(1)));
  E2E_TRY(world::send(w, "bob", kChat, text(2)));
  E2E_TRY(world::join_chat(w, "alice", kChat, "carol"));
  E2E_TRY(world::send(w, "carol", kChat, text(3)));
  E2E_TRY(world::leave_chat(w, "alice", kChat, "bob"));
  const size_t after_removal = log.frames().size();
  E2E_TRY(world::send(w, "alice", kChat, text(4)));
  for (const char* d : {"alice", "bob", "carol"}) w.restart(d);
  E2E_TRY(world::settle(w));
  E2E_TRY(world::send(w, "carol", kChat, text(5)));
  E2E_TRY(world::send(w, "alice", kChat, text(6)));
  E2E_TRY(world::start_chat(w, "alice", kChat2, {"bob", "carol"}));
  E2E_TRY(world::send(w, "bob", kChat2, text(7)));
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  E2E_TRY(w.health());

  expect_shown_once(f, w, "bob", kChat, "alice", text(1));
  expect_shown_once(f, w, "alice", kChat, "bob", text(2));
  expect_shown_once(f, w, "alice", kChat, "carol", text(3));
  expect_shown_once(f, w, "bob", kChat, "carol", text(3));
  expect_shown_once(f, w, "carol", kChat, "alice", text(4));
  expect_shown_once(f, w, "alice", kChat, "carol", text(5));
  expect_shown_once(f, w, "carol", kChat, "alice", text(6));
  expect_shown_once(f, w, "alice", kChat2, "bob", text(7));
  expect_shown_once(f, w, "carol", kChat2, "bob", text(7));
  for (int n : {4, 5, 6}) expect_not_shown(f, w, "bob", kChat, text(n));
  for (const char* d : {"alice", "bob", "carol"}) {
    for (const char* chat : {kChat, kChat2}) {
      for (const auto& m : w.messages(d, chat)) {
        f.expect(m.sender != d, std::string(d) + " showed its own message \"" + m.text + "\" as received");
      }
    }
  }
  // Only the creator has seen every roster change: a joiner's list starts at
  // its own join (docs/PROTOCOL.md §7, members).
  for (const char* d : {"alice"}) {
    E2E_ASSIGN_OR_RETURN(std::vector<Id> members, w.device(d).members(kChat));
    std::sort(members.begin(), members.end());
    std::string listed;
    for (const auto& m : members) listed += (listed.empty() ? "" : ",") + m;
    f.expect(members == std::vector<Id>{"alice", "carol"},
             std::string(d) + "'s members of " + kChat + " after bob's removal are [" + listed +
                 "], not [alice,carol]");
  }
  E2E_TRY(expect_mailboxes_drained(f, w));
  expect_no_leaks(f, w, log, texts(7), {kChat, kChat2});
  expect_fresh_keys(f, w, {kChat, kChat2});
  return expect_removed_cannot_read(f, w, log, after_removal, "alice", "bob");
}

// invites (eleven): alice invites bob into one chat, bob invites alice into
// another; carol then tries bob's spent link and must be refused.
Result<void> invites(Run& run, Findings& f) {
  world::World& w = run.w;
  FrameLog log(w, run.impl_devices);
  E2E_TRY(add_cast(w));
  std::vector<std::string> links;
  int n = 0;
  for (const auto& [admin, guest, chat] : {std::tuple{"alice", "bob", kChat}, {"bob", "alice", kChat2}}) {
    E2E_TRY(world::run_op(w, admin, w.device(admin).create_chat(chat)));
    E2E_ASSIGN_OR_RETURN(auto invite, w.device(admin).create_invite(chat));
    links.push_back(invite.first);
    w.run(admin, std::move(invite.second));
    E2E_TRY(world::settle(w));
    E2E_TRY(world::run_op(w, guest, w.device(guest).accept_invite(invite.first)));
    E2E_TRY(world::send(w, admin, chat, text(++n)));
    expect_shown_once(f, w, guest, chat, admin, text(n));
    E2E_TRY(world::send(w, guest, chat, text(++n)));
    expect_shown_once(f, w, admin, chat, guest, text(n));
  }
  // The relay answers a spent invite with an error; carol's client shows
  // request_failed and never gets the key.
  const size_t before = w.events("carol").size();
  E2E_TRY(world::run_op(w, "carol", w.device("carol").accept_invite(links[1])));
  E2E_TRY(world::send(w, "bob", kChat2, text(++n)));
  expect_not_shown(f, w, "carol", kChat2, text(n));
  f.expect(!events_of<client::RequestFailedEvent>(w, "carol", before).empty(), "carol redeemed bob's spent invite without a request_failed event");
  for (const auto& link : links) {
    // The secret, however spelled, never reaches the relay (PROTO-ELEVEN-01).
    E2E_ASSIGN_OR_RETURN(Bytes secret, base64url_decode(link.substr(link.find('#') + 1)));
    expect_absent(f, log, secret, "an invite secret (PROTO-ELEVEN-01)");
  }
  E2E_TRY(expect_mailboxes_drained(f, w));
  expect_no_leaks(f, w, log, texts(n), {kChat, kChat2});
  return ok_result();
}

}  // namespace

std::vector<ScenarioItem> interop_items() {
  const std::vector<std::string> all = proto::preset_names();
  const std::vector<std::string> restart_hooks = {"state_export", "state_import"};
  return {
      {"interop", "impl-creates", all,
       "the implementation creates and administers a chat with a reference member (and one of its own), "
       "over create, join, send, add, remove, restart and a second chat",
       restart_hooks, on_devices({"alice", "carol"}, lifecycle)},
      {"interop", "impl-joins", all,
       "the implementation joins a reference admin's chat, sends and receives, is removed, and restarts",
       restart_hooks, on_devices({"bob"}, lifecycle)},
      {"interop", "invites", {"eleven"},
       "invites both ways between the implementation and the reference; a spent invite is refused",
       {}, on_devices({"alice"}, invites)},
  };
}

}  // namespace e2e::items
