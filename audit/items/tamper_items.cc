// tamper/<preset>/<case>: the engine, as the relay, hands the
// implementation's client (bob) a frame from a reference sender (alice) with
// one thing changed: a flipped ciphertext, tag, IV or AAD bit, a truncated
// tag, a wrong key id, a foreign sender, room or epoch, a body signed by
// someone else, or a flipped bit in a key wrap. Bob must show nothing of it,
// raise the `rejected` event with the reason the reference raises in the
// control run (docs/PROTOCOL.md gives the check order that decides it), ack
// it, and go on reading the next honest message.
#include <algorithm>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "items/mixed_world.h"
#include "items/scenario_items.h"
#include "protocol/envelope.h"
#include "world/chat_setup.h"

namespace e2e::items {
namespace {

using proto::Json;
using proto::KeySource;

constexpr const char* kMain = "main";
constexpr const char* kOther = "other";
constexpr const char* kWarmUp = "tamper warm-up Hs4p";
constexpr const char* kTarget = "tamper target Zq81Vd";
constexpr const char* kAfter = "tamper after Wm2c";

using Mutation = std::function<Result<void>(world::World& w, proto::Deliver& d)>;

struct Case {
  std::string name;
  std::vector<KeySource> schemes;  // the key sources whose wire format has the tampered part
  std::string title;
  bool wrap = false;               // tampers alice's key wrap to bob instead of a message
  Mutation mutate;
};

Result<Bytes> field(const Json& body, const std::string& name) {
  if (!body.contains(name) || !body[name].is_string()) {
    return make_error(Errc::kInternal, "tamper: the body has no " + name + " field");
  }
  return base64url_decode(body[name].get<std::string>());
}

// flip: one bit of base64url field |name| of |body|, at byte |pos| (negative:
// from the end).
Result<void> flip(Json& body, const std::string& name, int pos) {
  E2E_ASSIGN_OR_RETURN(Bytes b, field(body, name));
  if (b.empty()) return make_error(Errc::kInternal, "tamper: the body's " + name + " is empty");
  const size_t at = pos >= 0 ? static_cast<size_t>(pos) : b.size() - static_cast<size_t>(-pos);
  b[at] ^= 0x01;
  body[name] = base64url_encode(b);
  return ok_result();
}

Mutation flip_body(std::string name, int pos) {
  return [name, pos](world::World&, proto::Deliver& d) { return flip(*d.body, name, pos); };
}

// flip_unsigned: the signature removed, then one bit flipped. Where unsigned
// bodies are still accepted (arthas, flagged "unsigned"), the AEAD is then
// the only check left, so a client that skips the tag check shows it.
Mutation flip_unsigned(std::string name, int pos) {
  return [name, pos](world::World&, proto::Deliver& d) -> Result<void> {
    if (!d.body->contains("sig")) return make_error(Errc::kInternal, "tamper: the body carries no sig to strip");
    d.body->erase("sig");
    return flip(*d.body, name, pos);
  };
}

Result<crypto::Ed25519PrivateKey> carol_signer(world::World& w) {
  const client::Client* carol = w.device("carol").in_process();
  if (carol == nullptr) return make_error(Errc::kInternal, "tamper: carol must be a reference device");
  return crypto::Ed25519PrivateKey::from_seed(carol->state().sig_seed.reveal());
}

// signed_by_carol: the body's signature replaced by carol's over the same
// bytes (PROTO-ARTHAS-02 signs iv || ciphertext; PROTO-HARD-02 signs
// aad || iv || commit || ciphertext).
Result<void> signed_by_carol(world::World& w, proto::Deliver& d) {
  E2E_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey carol, carol_signer(w));
  Json& body = *d.body;
  E2E_ASSIGN_OR_RETURN(Bytes iv, field(body, "iv"));
  E2E_ASSIGN_OR_RETURN(Bytes ct, field(body, "ciphertext"));
  if (body.contains("sig")) {
    E2E_ASSIGN_OR_RETURN(Bytes s, carol.sign(concat({iv, ct})));
    body["sig"] = base64url_encode(s);
    return ok_result();
  }
  E2E_ASSIGN_OR_RETURN(Bytes mid, field(body, "mid"));
  E2E_ASSIGN_OR_RETURN(Bytes commit, field(body, "commit"));
  proto::HardenedHeader h{d.chat, d.from, body.at("epoch").get<uint64_t>(), body.at("ctr").get<uint64_t>(), mid};
  E2E_ASSIGN_OR_RETURN(Bytes s, carol.sign(concat({proto::hardened_aad(h), iv, commit, ct})));
  body["s"] = base64url_encode(s);
  return ok_result();
}

Result<void> add_to_epoch(proto::Deliver& d, int64_t delta) {
  Json& body = *d.body;
  if (!body.contains("epoch") || !body["epoch"].is_number_unsigned()) {
    return make_error(Errc::kInternal, "tamper: the body has no epoch");
  }
  const int64_t epoch = static_cast<int64_t>(body["epoch"].get<uint64_t>()) + delta;
  if (epoch < 0) return make_error(Errc::kInternal, "tamper: no earlier epoch to move the body to");
  body["epoch"] = static_cast<uint64_t>(epoch);
  return ok_result();
}

const std::vector<Case>& cases() {
  const std::vector<KeySource> all = {KeySource::kShareCode, KeySource::kChatKey, KeySource::kEpochKey};
  const std::vector<KeySource> signing = {KeySource::kShareCode, KeySource::kEpochKey};
  const std::vector<KeySource> epochs = {KeySource::kEpochKey};
  const std::vector<KeySource> wraps = {KeySource::kChatKey, KeySource::kEpochKey};
  // Share-code bodies are signed, but unsigned ones are accepted (8.1).
  const std::vector<KeySource> optional_sig = {KeySource::kShareCode};
  static const std::vector<Case> kCases = {
      {"ciphertext-bit", all, "a flipped bit in the ciphertext", false, flip_body("ciphertext", 0)},
      {"tag-bit", all, "a flipped bit in the AEAD tag", false, flip_body("ciphertext", -1)},
      {"iv-bit", all, "a flipped bit in the IV", false, flip_body("iv", 0)},
      {"unsigned-tag-bit", optional_sig, "the signature stripped and a flipped bit in the AEAD tag", false,
       flip_unsigned("ciphertext", -1)},
      {"unsigned-ciphertext-bit", optional_sig, "the signature stripped and a flipped bit in the ciphertext", false,
       flip_unsigned("ciphertext", 0)},
      {"aad-bit", epochs, "a flipped bit in an AAD-bound header field (mid)", false, flip_body("mid", 0)},
      {"truncated-tag", all, "the AEAD tag cut short by 4 bytes", false,
       [](world::World&, proto::Deliver& d) -> Result<void> {
         E2E_ASSIGN_OR_RETURN(Bytes ct, field(*d.body, "ciphertext"));
         ct.resize(ct.size() - 4);
         (*d.body)["ciphertext"] = base64url_encode(ct);
         return ok_result();
       }},
      {"wrong-key-id", epochs, "an epoch (key id) the recipient holds no key for", false,
       [](world::World&, proto::Deliver& d) { return add_to_epoch(d, 7); }},
      {"foreign-sender", signing, "the relay names another member as the sender", false,
       [](world::World&, proto::Deliver& d) -> Result<void> {
         d.from = "carol";
         return ok_result();
       }},
      {"foreign-room", all, "the item moved into another chat the recipient is in", false,
       [](world::World&, proto::Deliver& d) -> Result<void> {
         d.chat = kOther;
         return ok_result();
       }},
      {"foreign-epoch", epochs, "the body moved to an earlier epoch the recipient holds", false,
       [](world::World&, proto::Deliver& d) { return add_to_epoch(d, -1); }},
      {"signed-by-other", signing, "the body re-signed by another member, sender unchanged", false,
       signed_by_carol},
      {"wrap-bit", wraps, "a flipped bit in the key wrap the admin sends the recipient", true,
       [](world::World&, proto::Deliver& d) -> Result<void> {
         if (!d.body->contains("wrap") || !(*d.body)["wrap"].is_object()) {
           return make_error(Errc::kInternal, "tamper: the direct item carries no wrap");
         }
         return flip((*d.body)["wrap"], "ct", 0);
       }},
  };
  return kCases;
}

Result<void> tamper(Run& run, Findings& f, const Case& c, const ControlReason& expected) {
  world::World& w = run.w;
  E2E_TRY(add_cast(w));
  bool armed = false, done = false;
  std::optional<Error> failed;
  w.set_relay_tap([&](world::InFlight in) -> std::vector<world::InFlight> {
    auto* d = std::get_if<proto::Deliver>(&in.frame);
    if (!armed || done || in.to != "bob" || d == nullptr || d->from != "alice" || d->chat != kMain || !d->body) {
      return {std::move(in)};
    }
    const bool match = c.wrap ? d->kind == proto::DeliverKind::kDirect && d->body->contains("wrap")
                              : d->kind == proto::DeliverKind::kMsg;
    if (!match) return {std::move(in)};
    done = true;
    if (auto r = c.mutate(w, *d); !r.ok()) failed = r.error();
    return {std::move(in)};
  });
  const size_t mark = w.events("bob").size();
  if (c.wrap) {
    // The tampered wrap is the key of the epoch the target is sent in.
    armed = true;
    E2E_TRY(world::start_chat(w, "alice", kMain, {"bob"}));
  } else {
    // Both chats go through the same roster history, so a moved item names
    // an epoch the recipient holds in either.
    E2E_TRY(world::start_chat(w, "alice", kMain, {"bob", "carol"}));
    E2E_TRY(world::start_chat(w, "alice", kOther, {"bob", "carol"}));
    E2E_TRY(world::send(w, "alice", kMain, kWarmUp));
    expect_shown_once(f, w, "bob", kMain, "alice", kWarmUp);
    armed = true;
  }
  E2E_TRY(world::send(w, "alice", kMain, kTarget));
  if (failed) return *failed;
  if (!done) return make_error(Errc::kInternal, "tamper: the relay never carried the item to tamper with");
  for (const auto& m : events_of<client::MessageEvent>(w, "bob", mark)) {
    if (m.text == kWarmUp) continue;
    f.problems.push_back("bob showed \"" + m.text + "\" from " + m.sender + " in " + m.chat + " after " + c.title +
                         " (" + c.name + ")");
  }
  // The reference either refuses the item (its reason is then required) or
  // holds it for a key that may still come (a client may then hold it too,
  // or refuse it); both show nothing.
  expect_control_reason(run, f, expected, first_rejected(w, "bob", mark), "bob answered " + c.title);
  if (!c.wrap) {
    E2E_TRY(world::send(w, "alice", kMain, kAfter));
    expect_shown_once(f, w, "bob", kMain, "alice", kAfter);
  }
  if (!w.quiesce()) return make_error(Errc::kInternal, "the world did not settle");
  return expect_mailboxes_drained(f, w);
}

}  // namespace

std::vector<ScenarioItem> tamper_items() {
  std::vector<ScenarioItem> out;
  for (const Case& c : cases()) {
    ScenarioRun run = on_devices_with_reason(
        {"bob"}, [&c](Run& r, Findings& f, const ControlReason& expected) { return tamper(r, f, c, expected); });
    const auto has_part = [&c](const proto::Preset& p) {
      return std::find(c.schemes.begin(), c.schemes.end(), p.key_source) != c.schemes.end();
    };
    out.push_back({"tamper", c.name, presets_where(has_part),
                   c.title + " on the way to the implementation: nothing shown, the reference's rejected "
                             "reason, the item acked",
                   {}, std::move(run)});
  }
  return out;
}

}  // namespace e2e::items
