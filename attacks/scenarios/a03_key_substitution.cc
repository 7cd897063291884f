// A03 directory key substitution (attacks.md §1 A03). The relay answers one
// requester's directory lookups for a victim with an attacker-held key (split
// view: every other requester still sees the real key), (a) at first contact,
// (b) after the requester already holds the victim's real key, (c) with key
// verification. What the substitution buys depends on what the client takes
// from the directory, read from the preset's switches:
//   - a content key wrapped to the directory's P-256 key (key_source chat or
//     epoch key): the attacker opens the wrap and decrypts the chat;
//   - only the signing key used to check message signatures (share-code key,
//     sign_messages): the attacker cannot decrypt, but can make the victim's
//     client accept an item re-attributed to someone and re-signed by it.
// BREAKS when it works with no warning, NOTICED with one (key_changed, ...),
// BLOCKED when refused, DOCUMENTED when a silent success is a limit the
// preset's document admits (the limits of spec_a03_key_substitution()).
#include "attacks/adversary.h"
#include "attacks/attacker.h"
#include "attacks/attacker_crypto.h"
#include "world/chat_setup.h"
#include "attacks/evidence.h"
#include "common/encoding.h"
#include "common/rng.h"
#include "protocol/envelope.h"

namespace e2e::attacks {

const AttackSpec& spec_a03_key_substitution();

namespace {

using nlohmann::json;

constexpr const char* kAttack = "A03";
const std::vector<Id> kHonest = {"alice", "bob", "carol"};

Result<void> add_people(world::World& w) {
  E2E_TRY(w.add_device("alice", "Alice"));
  E2E_TRY(w.add_device("bob", "Bob"));
  E2E_TRY(w.add_device("carol", "Carol"));
  return ok_result();
}

Result<Bytes> real_key(world::World& w, const Id& device, bool signing) {
  E2E_ASSIGN_OR_RETURN(std::optional<relay::DeviceRecord> rec, w.store().device(device));
  if (!rec) return make_error(Errc::kInternal, "A03: " + device + " is not in the directory");
  return signing ? rec->sig : rec->dh;
}

// The observations every run variant records: what the attacker decrypted and
// held, and the honest clients' warnings.
void record_common(Outcome& o, const world::World& w, const EventMark& mark, size_t decrypted, size_t held) {
  o.observations.push_back(observation("attacker.decrypted", "", decrypted, "messages the attacker opened"));
  o.observations.push_back(observation("attacker.held_key", "", held, "content keys opened from wraps to its key"));
  for (auto& w_obs : warned_observations(w, mark, kHonest)) o.observations.push_back(std::move(w_obs));
}

// (a)/(b) where the content key is wrapped to the key the directory returns.
Result<Outcome> content_key_substitution(const proto::Preset& preset, const driver::DriverFactory& factory,
                                         uint64_t seed, bool known_key) {
  world::World w(preset, seed, world::WorldOptions{{}, factory, {}});
  Adversary adv(w);
  E2E_ASSIGN_OR_RETURN(AttackerKeys mallory, make_attacker("mallory", "Mallory", seed));
  E2E_TRY(add_people(w));
  E2E_TRY(settle(w));
  json steps = json::array();
  if (known_key) {
    E2E_TRY(start_chat(w, "alice", "g1", {"bob"}));
    E2E_TRY(send(w, "alice", "g1", "a03: earlier chat"));
    steps.push_back("alice and bob already share chat g1: alice holds bob's real key");
  }
  const Id chat = known_key ? "g2" : "g";
  const EventMark mark = mark_events(w);

  // Split view: only alice is told that bob's key is mallory's.
  adv.knobs().directory[{"alice", "bob"}] = mallory.entry("bob", "Bob");
  E2E_ASSIGN_OR_RETURN(Bytes alice_sig, real_key(w, "alice", true));
  E2E_ASSIGN_OR_RETURN(Bytes bob_dh, real_key(w, "bob", false));
  E2E_ASSIGN_OR_RETURN(crypto::P256PublicKey bob_pub, crypto::P256PublicKey::from_uncompressed(bob_dh));
  DeterministicRng rewrap_rng(seed, "attacker/rewrap");
  StolenKeys stolen;
  size_t withheld = 0, rewrapped = 0;
  adv.knobs().rewrite = [&](world::InFlight f) -> std::vector<world::InFlight> {
    auto* d = std::get_if<proto::Deliver>(&f.frame);
    if (d == nullptr || f.to != "bob" || d->chat != chat || d->kind != proto::DeliverKind::kDirect || !d->body ||
        !d->body->contains("wrap")) {
      return {std::move(f)};
    }
    auto opened = open_wrap(preset, *mallory.dh, *d->body, chat, "bob", alice_sig);
    if (!opened.ok()) return {std::move(f)};  // made for bob's real key: not ours
    stolen.insert_or_assign(opened->epoch, opened->key.clone());
    if (preset.key_source == proto::KeySource::kChatKey) {
      // An anonymous wrap: make a fresh one for bob's real key, so bob holds
      // the same key and notices nothing.
      auto body = proto::eleven_wrap_body(rewrap_rng, bob_pub, opened->key);
      if (body.ok()) {
        d->body = std::move(body).value();
        ++rewrapped;
        return {std::move(f)};
      }
    }
    // A wrap signed by the admin cannot be re-made for bob's real key; the
    // quiet choice is to withhold it (bob would only fail to open it).
    ++withheld;
    return {};
  };

  E2E_TRY(start_chat(w, "alice", chat, {"bob", "carol"}));
  steps.push_back("alice started chat " + chat + " and added bob (directory answer to alice: mallory's key) and carol");
  E2E_TRY(send(w, "alice", chat, "a03: alice's secret"));
  E2E_TRY(send(w, "carol", chat, "a03: carol's secret"));
  json bob_send = "sent";
  if (auto r = w.run("bob", w.device("bob").send_text(chat, "a03: bob's secret")); !r.ok()) {
    bob_send = "failed: " + r.error().to_string();
  }
  E2E_TRY(settle(w));
  steps.push_back("alice, carol and bob each sent one message");

  const auto decrypted = decrypt_chat(preset, adv, chat, stolen);
  Outcome o;
  o.attack = kAttack;
  o.variant = known_key ? "b-known-key" : "a-first-contact";
  o.preset = preset.name;
  record_common(o, w, mark, decrypted.size(), stolen.size());
  const bool warned = any_warned(o.observations);
  o.summary = decrypted.empty() ? "the attacker decrypted nothing"
                                : "the attacker opened the chat key wrapped to its substituted key and decrypted " +
                                      std::to_string(decrypted.size()) + " messages";
  o.summary += warned ? "; an honest client warned" : "; no honest client warned";
  o.evidence = json{
      {"attacker",
       {{"substituted", "bob's directory entry, in answers to alice only"},
        {"held_chat_key", !stolen.empty()},
        {"epochs_held", [&] {
           json e = json::array();
           for (const auto& [epoch, k] : stolen) e.push_back(epoch);
           return e;
         }()},
        {"wraps_rewrapped_for_bob", rewrapped},
        {"wraps_withheld_from_bob", withheld},
        {"decrypted", decrypted}}},
      {"clients", clients_json(w, mark, kHonest)},
      {"bob_send", bob_send},
      {"steps", steps}};
  judge_outcome(o, spec_a03_key_substitution(), preset, !decrypted.empty(),
                known_key ? "" : "first-contact-substitution");
  return o;
}

// Signature of an arthas-style body {"iv","ciphertext","sig"} by |signer|.
Result<void> resign(proto::Json& body, const crypto::Ed25519PrivateKey& signer) {
  E2E_ASSIGN_OR_RETURN(Bytes iv, base64url_decode(body.at("iv").get<std::string>()));
  E2E_ASSIGN_OR_RETURN(Bytes ct, base64url_decode(body.at("ciphertext").get<std::string>()));
  E2E_ASSIGN_OR_RETURN(Bytes sig, signer.sign(concat({iv, ct})));
  body["sig"] = base64url_encode(sig);
  return ok_result();
}

// (a)/(b) where the directory provides only the key that checks signatures.
Result<Outcome> signing_key_substitution(const proto::Preset& preset, const driver::DriverFactory& factory,
                                         uint64_t seed, bool known_key) {
  world::World w(preset, seed, world::WorldOptions{{}, factory, {}});
  Adversary adv(w);
  E2E_ASSIGN_OR_RETURN(AttackerKeys mallory, make_attacker("mallory", "Mallory", seed));
  E2E_TRY(add_people(w));
  const Id chat = "room";
  json steps = json::array();
  if (!known_key) adv.knobs().directory[{"bob", "alice"}] = mallory.entry("alice", "Alice");
  // Bob now checks "alice" against mallory's key: re-sign alice's genuine
  // items so bob sees nothing unusual.
  adv.knobs().rewrite = [&](world::InFlight f) -> std::vector<world::InFlight> {
    auto* d = std::get_if<proto::Deliver>(&f.frame);
    const bool substituted = !adv.knobs().directory.empty();
    if (substituted && d && f.to == "bob" && d->from == "alice" && d->kind == proto::DeliverKind::kMsg && d->body &&
        d->body->contains("sig")) {
      (void)resign(*d->body, *mallory.sig);
    }
    return {std::move(f)};
  };
  E2E_TRY(start_chat(w, "alice", chat, {"bob", "carol"}));
  E2E_TRY(send(w, "alice", chat, "a03: hello from alice"));
  EventMark mark = mark_events(w);
  if (known_key) {
    steps.push_back("bob already checked alice's messages against her real signing key");
    // Bob never asks again, so the relay answers a question nobody asked.
    adv.knobs().directory[{"bob", "alice"}] = mallory.entry("alice", "Alice");
    adv.inject("bob", proto::Keys{0, {mallory.entry("alice", "Alice")}, {}});
    E2E_TRY(settle(w));
    steps.push_back("the relay pushed an unrequested directory answer: alice's signing key = mallory's");
  } else {
    steps.push_back("bob's first lookup of alice returned mallory's signing key");
  }
  const size_t m = adv.mark();
  E2E_TRY(send(w, "carol", chat, "a03: carol's words"));
  proto::Deliver forged;
  bool captured = false;
  for (const auto& d : adv.deliveries("bob", m)) {
    if (d.kind == proto::DeliverKind::kMsg && d.from == "carol") {
      forged = d;
      captured = true;
    }
  }
  if (!captured) return make_error(Errc::kInternal, "A03: carol's message never reached bob");
  E2E_TRY(resign(*forged.body, *mallory.sig));
  ReplayEdits edits;
  edits.from = "alice";
  E2E_ASSIGN_OR_RETURN(uint64_t id, adv.replay("bob", forged, edits));
  E2E_TRY(settle(w));
  steps.push_back("the relay re-sent carol's ciphertext to bob as alice's, signed with mallory's key");

  bool forged_shown = false;
  json shown_as;
  for (const auto& e : events_since(w, mark, "bob")) {
    const auto* msg = std::get_if<client::MessageEvent>(&e);
    if (msg && msg->sender == "alice" && msg->text == "a03: carol's words" && msg->flags.empty()) {
      forged_shown = true;
      shown_as = event_json(e);
    }
  }
  Outcome o;
  o.attack = kAttack;
  o.variant = known_key ? "b-known-key" : "a-first-contact";
  o.preset = preset.name;
  record_common(o, w, mark, 0, 0);
  o.observations.push_back(observation("client.accepted_forged", "", forged_shown ? 1 : 0,
                                       "carol's words shown by bob as a signed message from alice"));
  const bool warned = any_warned(o.observations);
  o.summary = forged_shown ? "bob showed carol's words as a signed message from alice"
                           : "bob did not accept the re-attributed message as alice's";
  o.summary += warned ? "; an honest client warned" : "; no honest client warned";
  o.summary += " (the content key is in the share code, so there is nothing to decrypt)";
  o.evidence = json{{"attacker",
                     {{"substituted", "alice's signing key, in directory answers to bob only"},
                      {"held_chat_key", false},
                      {"decrypted", json::array()},
                      {"forged_item_id", id},
                      {"forged_shown_as_signed", forged_shown},
                      {"shown", shown_as}}},
                    {"clients", clients_json(w, mark, kHonest)},
                    {"steps", steps}};
  judge_outcome(o, spec_a03_key_substitution(), preset, forged_shown, known_key ? "" : "first-contact-substitution");
  return o;
}

Result<std::vector<Outcome>> run(const proto::Preset& preset, const driver::DriverFactory& factory, uint64_t seed) {
  std::vector<Outcome> out;
  const bool content_from_directory = preset.key_source != proto::KeySource::kShareCode;
  if (content_from_directory) {
    for (bool known : {false, true}) {
      E2E_ASSIGN_OR_RETURN(Outcome o, content_key_substitution(preset, factory, seed, known));
      out.push_back(std::move(o));
    }
  } else if (preset.sign_messages) {
    for (bool known : {false, true}) {
      E2E_ASSIGN_OR_RETURN(Outcome o, signing_key_substitution(preset, factory, seed, known));
      out.push_back(std::move(o));
    }
  } else {
    for (const char* v : {"a-first-contact", "b-known-key"}) {
      out.push_back(not_applicable(kAttack, v, preset,
                                   "the client takes no key from the directory: the content key is out of band "
                                   "and messages are not signed"));
    }
  }
  // No preset switch (and no Driver operation) compares fingerprints, safety
  // numbers or QR codes, so "with verification" cannot be run.
  out.push_back(not_applicable(kAttack, "c-with-verification", preset,
                               "no key-verification feature: the preset has no fingerprint, safety-number or QR "
                               "comparison to run"));
  return out;
}

}  // namespace

const AttackSpec& spec_a03_key_substitution() {
  // The signing-key form (a preset whose content key is out of band) also
  // records client.accepted_forged; the content-key form forges nothing.
  static const std::vector<std::string> kRecords = [] {
    std::vector<std::string> r = {"attacker.decrypted", "attacker.held_key", "client.accepted_forged"};
    for (const auto& k : warning_kinds()) r.push_back(observation_key("client.warned", k));
    return r;
  }();
  static const AttackSpec kSpec{
      "A03",
      {{"a-first-contact", "the directory answers one requester's first lookup of a peer with the attacker's key",
        kRecords},
       {"b-known-key", "the same after the requester already holds the peer's real key (pushed if never asked)",
        kRecords},
       {"c-with-verification", "the same with fingerprint or safety-number verification (no preset has it)", {}}},
      "keys taken from the relay's directory: a content key wrapped to them, or signed messages checked with them",
      {{"arthas", Verdict::kBreaks}, {"eleven", Verdict::kDocumented}, {"hardened", Verdict::kDocumented}},
      {{"first-contact-substitution", "ELEVEN-16",
        "keys come from the server unverified, so an active malicious server can swap a key for a new "
        "conversation"},
       {"first-contact-substitution", "PATTERNS-20",
        "only users who compare safety numbers can see a key the server swapped in; without that comparison "
        "the swap goes unnoticed"}},
      &run,
  };
  return kSpec;
}

}  // namespace e2e::attacks
