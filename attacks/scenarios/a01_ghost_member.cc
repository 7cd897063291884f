// A01 ghost member (attacks.md §1 A01). The relay registers an attacker
// device, `mallory`, with real key pairs, writes her into a chat's roster in
// its own store (skipping the admin check it would make for anyone else) and
// fabricates the "member added" item, attributed to the admin for the members
// and to bob for the admin. Variants: the plain (unsigned) roster item, and,
// where the preset has signed roster operations, an operation the relay signs
// itself in the admin's name. Then alice and bob talk on.
//
// Judged by what honest clients did and what mallory can read: did any client
// wrap a chat or epoch key to her, can she decrypt the history (m1..m5, which
// the relay logged) and the messages after (m6, m7)? Only the five warning
// kinds make a success NOTICED. An ordinary roster line naming her is recorded
// (client.showed_roster_change) but is not a warning: the eleven document
// treats roster lines as nothing special, and no user is told to check them.
#include "attacks/adversary.h"
#include "attacks/attacker.h"
#include "attacks/attacker_crypto.h"
#include "world/chat_setup.h"
#include "attacks/evidence.h"
#include "protocol/roster_op.h"

namespace e2e::attacks {

const AttackSpec& spec_a01_ghost_member();

namespace {

using nlohmann::json;

constexpr const char* kAttack = "A01";
constexpr const char* kChat = "g";
const std::vector<Id> kHonest = {"alice", "bob", "carol"};

// The newest signed roster operation the relay carried for |chat| (the chain
// tip a forged operation must extend).
std::optional<proto::SignedRosterOp> chain_tip(const Adversary& adv, const Id& chat) {
  std::optional<proto::SignedRosterOp> tip;
  for (const auto& e : adv.transcript()) {
    const auto* cf = std::get_if<proto::ClientFrame>(&e.frame);
    const auto* m = cf ? std::get_if<proto::Member>(cf) : nullptr;
    if (!m || m->chat != chat || !m->signed_op) continue;
    auto op = proto::decode_roster_op(*m->signed_op);
    if (op.ok() && (!tip || op->seq > tip->seq)) tip = std::move(op).value();
  }
  return tip;
}

Result<Outcome> ghost(const proto::Preset& preset, const driver::DriverFactory& factory, uint64_t seed,
                      bool forged_signature) {
  world::World w(preset, seed, world::WorldOptions{{}, factory, {}});
  Adversary adv(w);
  E2E_ASSIGN_OR_RETURN(AttackerKeys mallory, make_attacker("mallory", "Mallory", seed));
  E2E_TRY(w.add_device("alice", "Alice"));
  E2E_TRY(w.add_device("bob", "Bob"));
  E2E_TRY(w.add_device("carol", "Carol"));
  E2E_TRY(start_chat(w, "alice", kChat, {"bob", "carol"}));
  const Id senders[] = {"alice", "bob", "carol", "alice", "bob"};
  for (int i = 0; i < 5; ++i) {
    E2E_TRY(send(w, senders[i], kChat, "a01: m" + std::to_string(i + 1)));
  }
  json steps = json::array({"alice (admin), bob and carol share chat g; m1..m5 sent and logged by the relay"});
  const EventMark mark = mark_events(w);
  const size_t since = adv.mark();

  // The relay's own moves: mallory in the directory and on the roster.
  adv.speak_as("mallory", mallory.register_frame());
  E2E_TRY(adv.edit_store({relay::AddMember{kChat, "mallory"}}));
  steps.push_back("relay registered mallory (attacker keys) and wrote her into g's roster, with no credential");

  proto::Deliver notice{0, kChat, "alice", w.clock().now_ms(), proto::DeliverKind::kRoster, std::nullopt,
                        proto::RosterOp::kAdd, Id("mallory"), std::nullopt};
  if (forged_signature) {
    auto tip = chain_tip(adv, kChat);
    if (!tip) return make_error(Errc::kInternal, "A01: no signed roster operation was ever carried");
    proto::SignedRosterOp op;
    op.chat = kChat;
    op.seq = tip->seq + 1;
    op.prev = proto::roster_op_hash(*tip);
    op.op = proto::RosterOp::kAdd;
    op.device = "mallory";
    op.dh = mallory.dh_public();
    op.sig = mallory.sig_public();
    op.by = tip->by;  // the admin's name; the relay can only sign with mallory's key
    E2E_TRY(proto::sign_roster_op(op, *mallory.sig));
    notice.signed_op = proto::encode_roster_op(op);
    steps.push_back("relay signed an add operation for mallory in the admin's name with mallory's key");
  }
  if (auto r = adv.post(notice, {"bob", "carol"}); !r.ok()) return r.error();
  notice.from = "bob";
  if (auto r = adv.post(notice, {"alice"}); !r.ok()) return r.error();
  E2E_TRY(settle(w));
  steps.push_back("relay showed 'mallory added' to bob and carol as alice's doing, and to alice as bob's");

  E2E_TRY(send(w, "alice", kChat, "a01: m6"));
  E2E_TRY(send(w, "bob", kChat, "a01: m7"));
  steps.push_back("alice sent m6, bob sent m7");

  // What reached mallory: key wraps (opened with her real key), then every
  // message of g the relay logged, opened with whatever she holds.
  StolenKeys stolen;
  E2E_ASSIGN_OR_RETURN(std::optional<relay::DeviceRecord> admin, w.store().device("alice"));
  const Bytes admin_sig = admin ? admin->sig : Bytes{};
  const auto wraps = wraps_to(adv, "mallory", kChat);
  for (const auto& body : wraps) {
    auto opened = open_wrap(preset, *mallory.dh, body, kChat, "mallory", admin_sig);
    if (opened.ok()) stolen.insert_or_assign(opened->epoch, std::move(opened->key));
  }
  const auto decrypted = decrypt_chat(preset, adv, kChat, stolen);
  size_t items_to_mallory = 0;
  for (const auto& d : adv.deliveries("mallory", since)) items_to_mallory += d.kind == proto::DeliverKind::kMsg;

  json roster_lines = json::object();
  uint64_t roster_shown = 0;
  for (const Id& who : kHonest) {
    json lines = json::array();
    for (const auto& e : events_since(w, mark, who)) {
      const auto* r = std::get_if<client::RosterChangedEvent>(&e);
      if (r && r->device == "mallory") {
        ++roster_shown;
        lines.push_back("mallory " + std::string(proto::roster_op_name(r->op)) + " by " + r->by);
      }
    }
    roster_lines[who] = std::move(lines);
  }
  E2E_ASSIGN_OR_RETURN(std::vector<Id> bob_members, w.device("bob").members(kChat));

  Outcome o;
  o.attack = kAttack;
  o.variant = forged_signature ? "forged-signed-op" : "unsigned-notice";
  o.preset = preset.name;
  o.observations = {
      observation("attacker.decrypted", "", decrypted.size(),
                  "messages of g mallory opened, m1..m5 logged before she was added"),
      observation("attacker.held_key", "", stolen.size(),
                  "chat or epoch keys mallory opened from wraps addressed to her"),
      observation("client.wrapped_key_to_attacker", "", wraps.size(), "key wraps honest clients addressed to mallory"),
      observation("client.showed_roster_change", "", roster_shown, "roster lines naming mallory on honest clients"),
  };
  for (auto& w_obs : warned_observations(w, mark, kHonest)) o.observations.push_back(std::move(w_obs));
  const bool succeeded = !decrypted.empty();
  const bool warned = any_warned(o.observations);
  if (succeeded) {
    o.summary = "an honest client wrapped the chat key to mallory; she decrypted " + std::to_string(decrypted.size()) +
                " messages including the logged history";
    o.summary += roster_shown > 0 ? "; an ordinary roster line named her" : "; no roster line named her";
    o.summary += warned ? "; an honest client warned" : "; no honest client warned";
  } else {
    o.summary = "no key reached mallory (" + std::to_string(wraps.size()) + " wraps); she decrypted nothing";
    o.summary += warned ? "; the forged roster change was rejected" : "";
  }
  o.evidence = json{{"attacker",
                     {{"registered", "mallory"},
                      {"wraps_received", wraps.size()},
                      {"held_chat_key", !stolen.empty()},
                      {"message_items_fanned_out_to_mallory", items_to_mallory},
                      {"decrypted", decrypted}}},
                    {"roster_lines", roster_lines},
                    {"bob_members_after", bob_members},
                    {"clients", clients_json(w, mark, kHonest)},
                    {"steps", steps}};
  judge_outcome(o, spec_a01_ghost_member(), preset, succeeded);
  E2E_TRY(w.health());
  return o;
}

Result<std::vector<Outcome>> run(const proto::Preset& preset, const driver::DriverFactory& factory, uint64_t seed) {
  if (preset.roster_policy == proto::RosterPolicy::kOpen) {
    const std::string why =
        "membership is holding the content key, which travels out of band; the relay's open roster releases no "
        "key, so there is no membership to forge";
    return std::vector<Outcome>{not_applicable(kAttack, "unsigned-notice", preset, why),
                                not_applicable(kAttack, "forged-signed-op", preset, why)};
  }
  std::vector<Outcome> out;
  E2E_ASSIGN_OR_RETURN(Outcome plain, ghost(preset, factory, seed, false));
  out.push_back(std::move(plain));
  if (preset.roster_policy == proto::RosterPolicy::kSignedOps) {
    E2E_ASSIGN_OR_RETURN(Outcome forged, ghost(preset, factory, seed, true));
    out.push_back(std::move(forged));
  } else {
    out.push_back(not_applicable(kAttack, "forged-signed-op", preset,
                                 "the preset has no signed roster operations; the unsigned item is its whole roster "
                                 "protocol"));
  }
  return out;
}

}  // namespace

const AttackSpec& spec_a01_ghost_member() {
  static const std::vector<std::string> kRecords = [] {
    std::vector<std::string> r = {"attacker.decrypted", "attacker.held_key", "client.wrapped_key_to_attacker",
                                  "client.showed_roster_change"};
    for (const auto& k : warning_kinds()) r.push_back(observation_key("client.warned", k));
    return r;
  }();
  static const AttackSpec kSpec{
      "A01",
      {{"unsigned-notice", "the relay writes mallory into the roster and fans out an unsigned 'member added' item",
        kRecords},
       {"forged-signed-op", "the same, with an add operation the relay signs in the admin's name with mallory's key",
        kRecords}},
      "a roster the relay keeps (not open membership); signed roster operations for the second variant",
      {{"arthas", Verdict::kNotApplicable}, {"eleven", Verdict::kBreaks}, {"hardened", Verdict::kBlocked}},
      {},
      &run,
  };
  return kSpec;
}

}  // namespace e2e::attacks
