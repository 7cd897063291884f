// The reference's answers to the vector operations (ops.h). Each one reads its
// inputs strictly, runs the construction of reference/protocol and writes the
// outputs in the vector files' spelling. Values a construction draws at random
// come from the inputs through a ReplayRng.
#include "verify/ops.h"

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/hkdf.h"
#include "crypto/p256.h"
#include "protocol/envelope.h"
#include "protocol/frame.h"
#include "protocol/invite_link.h"
#include "protocol/key_wrap_ecies.h"
#include "protocol/padding.h"
#include "protocol/roster_op.h"
#include "protocol/share_code.h"
#include "verify/construct.h"
#include "verify/vectors.h"

namespace e2e::vectors {
namespace {

using Json = nlohmann::json;

Error bad(std::string_view key, std::string_view why) {
  return make_error(Errc::kInvalidArgument, "input '" + std::string(key) + "': " + std::string(why));
}

// In reads an operation's input object; only() refuses fields the operation
// does not take, so a misspelt input is an error, never a silent default.
class In {
 public:
  explicit In(const Json& j) : j_(j) {}
  Result<void> only(std::initializer_list<std::string_view> keys) const {
    if (!j_.is_object()) return make_error(Errc::kInvalidArgument, "input is not a JSON object");
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) return bad(it.key(), "not an input of this operation");
    }
    return ok_result();
  }
  bool has(std::string_view key) const { return j_.contains(std::string(key)); }
  Result<const Json*> raw(std::string_view key) const {
    auto it = j_.find(std::string(key));
    if (it == j_.end()) return bad(key, "missing");
    return &*it;
  }
  Result<std::string> str(std::string_view key) const {
    E2E_ASSIGN_OR_RETURN(const Json* v, raw(key));
    if (!v->is_string()) return bad(key, "not a string");
    return v->get<std::string>();
  }
  Result<Bytes> hex(std::string_view key) const {
    E2E_ASSIGN_OR_RETURN(std::string s, str(key));
    if (std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'F'; })) return bad(key, "hex must be lowercase");
    auto b = hex_decode(s);
    if (!b.ok()) return bad(key, "not hex");
    return std::move(b).value();
  }
  Result<SecretBytes> secret(std::string_view key) const {
    E2E_ASSIGN_OR_RETURN(Bytes b, hex(key));
    SecretBytes s{ByteView(b)};
    std::fill(b.begin(), b.end(), uint8_t{0});
    return s;
  }
  Result<uint64_t> uint(std::string_view key) const {
    E2E_ASSIGN_OR_RETURN(const Json* v, raw(key));
    if (!v->is_number_unsigned()) return bad(key, "not a non-negative integer");
    return v->get<uint64_t>();
  }
  Result<const Json*> object(std::string_view key) const {
    E2E_ASSIGN_OR_RETURN(const Json* v, raw(key));
    if (!v->is_object()) return bad(key, "not a JSON object");
    return v;
  }

 private:
  const Json& j_;
};

std::string hx(ByteView b) { return hex_encode(b); }
std::string hx(const SecretBytes& s) { return hex_encode(s.reveal()); }

// replayed checks that a construction drew exactly the recorded values.
Result<void> replayed(const ReplayRng& rng) {
  if (!rng.ok()) return make_error(Errc::kInvalidArgument, "the construction drew other random values than the inputs give");
  return ok_result();
}

Result<crypto::Ed25519PrivateKey> signer_from(const In& in, std::string_view key) {
  E2E_ASSIGN_OR_RETURN(Bytes seed, in.hex(key));
  auto k = crypto::Ed25519PrivateKey::from_seed(seed);
  if (!k.ok()) return bad(key, "not a 32-byte Ed25519 seed");
  return k;
}

Result<crypto::P256PrivateKey> p256_from(const In& in, std::string_view key) {
  E2E_ASSIGN_OR_RETURN(Bytes scalar, in.hex(key));
  auto k = crypto::P256PrivateKey::from_scalar(scalar);
  if (!k.ok()) return bad(key, "not a P-256 scalar");
  return k;
}

// ---- hkdf_labels ------------------------------------------------------------
Result<Json> hkdf_label(const In& in) {
  E2E_TRY(in.only({"construction", "label", "ikm", "size", "chat", "sender", "epoch", "eph", "recipient"}));
  E2E_ASSIGN_OR_RETURN(std::string c, in.str("construction"));
  E2E_ASSIGN_OR_RETURN(std::string label, in.str("label"));
  E2E_ASSIGN_OR_RETURN(Bytes ikm, in.hex("ikm"));
  E2E_ASSIGN_OR_RETURN(uint64_t size, in.uint("size"));
  if (!known_hkdf_construction(c, label)) return bad("construction", "unknown construction/label pair");
  Bytes info = to_bytes(label);
  Bytes salt;
  if (c == "hardened_sender") {
    E2E_ASSIGN_OR_RETURN(std::string chat, in.str("chat"));
    E2E_ASSIGN_OR_RETURN(std::string sender, in.str("sender"));
    E2E_ASSIGN_OR_RETURN(uint64_t epoch, in.uint("epoch"));
    info = sender_info(chat, sender, epoch);
  } else if (c == "ecies_kw") {
    E2E_ASSIGN_OR_RETURN(Bytes eph, in.hex("eph"));
    E2E_ASSIGN_OR_RETURN(Bytes recipient, in.hex("recipient"));
    salt = concat({eph, recipient});
  }
  E2E_ASSIGN_OR_RETURN(SecretBytes okm, crypto::hkdf_sha256(ikm, salt, info, size));
  return Json{{"salt", hx(salt)}, {"info", hx(info)}, {"okm", hx(okm)}};
}

// ---- padding ----------------------------------------------------------------
Result<Json> pad(const In& in) {
  E2E_TRY(in.only({"msg"}));
  E2E_ASSIGN_OR_RETURN(Bytes msg, in.hex("msg"));
  E2E_ASSIGN_OR_RETURN(SecretBytes p, proto::pad(msg));
  return Json{{"padded", hx(p)}};
}

Result<Json> unpad(const In& in) {
  E2E_TRY(in.only({"padded"}));
  E2E_ASSIGN_OR_RETURN(Bytes padded, in.hex("padded"));
  E2E_ASSIGN_OR_RETURN(SecretBytes m, proto::unpad(padded));
  return Json{{"msg", hx(m)}};
}

// ---- share_code and invites ---------------------------------------------------
Result<Json> parse_share_code(const In& in) {
  E2E_TRY(in.only({"code"}));
  E2E_ASSIGN_OR_RETURN(std::string code, in.str("code"));
  E2E_ASSIGN_OR_RETURN(proto::ShareCode sc, proto::parse_share_code(code));
  return Json{{"room", sc.room}, {"key", hx(sc.key)}};
}

Result<Json> format_share_code(const In& in) {
  E2E_TRY(in.only({"room", "key"}));
  E2E_ASSIGN_OR_RETURN(std::string room, in.str("room"));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("key"));
  E2E_ASSIGN_OR_RETURN(std::string code, proto::format_share_code(room, key));
  return Json{{"code", code}};
}

Result<Json> parse_invite_link(const In& in) {
  E2E_TRY(in.only({"link"}));
  E2E_ASSIGN_OR_RETURN(std::string link, in.str("link"));
  E2E_ASSIGN_OR_RETURN(proto::InviteLink l, proto::parse_invite_link(link));
  return Json{{"chat", l.chat}, {"secret", hx(l.secret)}, {"hash", hx(proto::invite_hash(l.secret))}};
}

Result<Json> format_invite_link(const In& in) {
  E2E_TRY(in.only({"chat", "secret"}));
  E2E_ASSIGN_OR_RETURN(std::string chat, in.str("chat"));
  E2E_ASSIGN_OR_RETURN(SecretBytes secret, in.secret("secret"));
  E2E_ASSIGN_OR_RETURN(std::string link, proto::format_invite_link(chat, secret));
  return Json{{"link", link}};
}

// ---- ecies_wrap -------------------------------------------------------------
Result<Json> ecies_wrap(const In& in) {
  E2E_TRY(in.only({"label", "recipientPrivate", "ctx", "key", "ephPrivate", "iv"}));
  E2E_ASSIGN_OR_RETURN(std::string label, in.str("label"));
  E2E_ASSIGN_OR_RETURN(crypto::P256PrivateKey recipient, p256_from(in, "recipientPrivate"));
  E2E_ASSIGN_OR_RETURN(Bytes ctx, in.hex("ctx"));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("key"));
  E2E_ASSIGN_OR_RETURN(Bytes eph_private, in.hex("ephPrivate"));
  E2E_ASSIGN_OR_RETURN(Bytes iv, in.hex("iv"));
  ReplayRng rng({eph_private, iv});
  E2E_ASSIGN_OR_RETURN(proto::EciesWrap w, proto::ecies_wrap(rng, recipient.public_key(), key.reveal(), label, ctx));
  E2E_TRY(replayed(rng));
  return Json{{"eph", hx(w.eph)}, {"ct", hx(w.ct)}};
}

Result<Json> ecies_unwrap(const In& in) {
  E2E_TRY(in.only({"label", "recipientPrivate", "ctx", "eph", "iv", "ct"}));
  E2E_ASSIGN_OR_RETURN(std::string label, in.str("label"));
  E2E_ASSIGN_OR_RETURN(crypto::P256PrivateKey recipient, p256_from(in, "recipientPrivate"));
  E2E_ASSIGN_OR_RETURN(Bytes ctx, in.hex("ctx"));
  proto::EciesWrap w;
  E2E_ASSIGN_OR_RETURN(w.eph, in.hex("eph"));
  E2E_ASSIGN_OR_RETURN(w.iv, in.hex("iv"));
  E2E_ASSIGN_OR_RETURN(w.ct, in.hex("ct"));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, proto::ecies_unwrap(recipient, w, label, ctx));
  return Json{{"key", hx(key)}};
}

// ---- envelope_hardened --------------------------------------------------------
Result<Json> hardened_seal(const In& in) {
  E2E_TRY(in.only({"epochKey", "chat", "sender", "epoch", "ctr", "mid", "iv", "payload", "signerSeed"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes ek, in.secret("epochKey"));
  proto::HardenedHeader h;
  E2E_ASSIGN_OR_RETURN(h.chat, in.str("chat"));
  E2E_ASSIGN_OR_RETURN(h.sender, in.str("sender"));
  E2E_ASSIGN_OR_RETURN(h.epoch, in.uint("epoch"));
  E2E_ASSIGN_OR_RETURN(h.ctr, in.uint("ctr"));
  E2E_ASSIGN_OR_RETURN(h.mid, in.hex("mid"));
  E2E_ASSIGN_OR_RETURN(Bytes iv, in.hex("iv"));
  E2E_ASSIGN_OR_RETURN(const Json* payload, in.object("payload"));
  E2E_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey signer, signer_from(in, "signerSeed"));
  ReplayRng rng({iv});
  E2E_ASSIGN_OR_RETURN(Json body, proto::hardened_seal(rng, ek, h, *payload, signer));
  E2E_TRY(replayed(rng));
  return Json{{"body", std::move(body)}};
}

Result<Json> hardened_open(const In& in) {
  E2E_TRY(in.only({"epochKey", "chat", "sender", "senderPublic", "body"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes ek, in.secret("epochKey"));
  E2E_ASSIGN_OR_RETURN(std::string chat, in.str("chat"));
  E2E_ASSIGN_OR_RETURN(std::string sender, in.str("sender"));
  E2E_ASSIGN_OR_RETURN(Bytes pub, in.hex("senderPublic"));
  E2E_ASSIGN_OR_RETURN(const Json* body, in.object("body"));
  E2E_ASSIGN_OR_RETURN(proto::HardenedOpened opened, proto::hardened_open(ek, *body, chat, sender, pub));
  return Json{{"payload", std::move(opened.payload)}};
}

// ---- roster_op ----------------------------------------------------------------
Result<Json> roster_sign(const In& in) {
  E2E_TRY(in.only({"chat", "seq", "prev", "op", "device", "dh", "sig", "by", "signerSeed"}));
  proto::SignedRosterOp op;
  E2E_ASSIGN_OR_RETURN(op.chat, in.str("chat"));
  E2E_ASSIGN_OR_RETURN(op.seq, in.uint("seq"));
  E2E_ASSIGN_OR_RETURN(op.prev, in.hex("prev"));
  E2E_ASSIGN_OR_RETURN(std::string kind, in.str("op"));
  auto k = proto::roster_op_from_name(kind);
  if (!k.ok()) return bad("op", "not create, add or remove");
  op.op = *k;
  E2E_ASSIGN_OR_RETURN(op.device, in.str("device"));
  E2E_ASSIGN_OR_RETURN(op.dh, in.hex("dh"));
  E2E_ASSIGN_OR_RETURN(op.sig, in.hex("sig"));
  E2E_ASSIGN_OR_RETURN(op.by, in.str("by"));
  E2E_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey signer, signer_from(in, "signerSeed"));
  const Bytes signed_bytes = proto::roster_signed_bytes(op);
  E2E_TRY(proto::sign_roster_op(op, signer));
  return Json{{"signedBytes", hx(signed_bytes)}, {"s", hx(op.s)}, {"hash", hx(proto::roster_op_hash(op))},
              {"encoded", to_string(proto::encode_roster_op(op))}};
}

Result<Json> roster_verify(const In& in) {
  E2E_TRY(in.only({"encoded", "signerPublic"}));
  E2E_ASSIGN_OR_RETURN(std::string encoded, in.str("encoded"));
  E2E_ASSIGN_OR_RETURN(Bytes pub, in.hex("signerPublic"));
  E2E_ASSIGN_OR_RETURN(proto::SignedRosterOp op, proto::decode_roster_op(as_bytes(encoded)));
  E2E_TRY(proto::verify_roster_op_signature(op, pub));
  return Json{{"hash", hx(proto::roster_op_hash(op))}};
}

// ---- frames -------------------------------------------------------------------
Result<Json> parse_frame(const In& in) {
  E2E_TRY(in.only({"direction", "frame"}));
  E2E_ASSIGN_OR_RETURN(std::string dir, in.str("direction"));
  E2E_ASSIGN_OR_RETURN(std::string frame, in.str("frame"));
  if (dir == "client") {
    E2E_ASSIGN_OR_RETURN(proto::ClientFrame f, proto::parse_client_frame(frame));
    return Json{{"frame", proto::serialize(f)}};
  }
  if (dir == "relay") {
    E2E_ASSIGN_OR_RETURN(proto::RelayFrame f, proto::parse_relay_frame(frame));
    return Json{{"frame", proto::serialize(f)}};
  }
  return bad("direction", "must be client or relay");
}

// ---- envelope_arthas ------------------------------------------------------------
Result<Json> arthas_seal(const In& in) {
  E2E_TRY(in.only({"roomKey", "text", "iv", "signerSeed"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("roomKey"));
  E2E_ASSIGN_OR_RETURN(std::string text, in.str("text"));
  E2E_ASSIGN_OR_RETURN(Bytes iv, in.hex("iv"));
  std::optional<crypto::Ed25519PrivateKey> signer;
  if (in.has("signerSeed")) {
    E2E_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey k, signer_from(in, "signerSeed"));
    signer = std::move(k);
  }
  ReplayRng rng({iv});
  E2E_ASSIGN_OR_RETURN(Json body, proto::arthas_seal(rng, key, text, signer ? &*signer : nullptr));
  E2E_TRY(replayed(rng));
  return Json{{"body", std::move(body)}};
}

Result<Json> arthas_open(const In& in) {
  E2E_TRY(in.only({"roomKey", "body", "senderPublic"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("roomKey"));
  E2E_ASSIGN_OR_RETURN(const Json* body, in.object("body"));
  std::optional<Bytes> pub;
  if (in.has("senderPublic")) {
    E2E_ASSIGN_OR_RETURN(Bytes p, in.hex("senderPublic"));
    pub = std::move(p);
  }
  E2E_ASSIGN_OR_RETURN(proto::ArthasOpened opened,
                       proto::arthas_open(key, *body, pub ? std::optional<ByteView>(*pub) : std::nullopt));
  return Json{{"text", opened.text}, {"signed", opened.signed_by_sender}};
}

// ---- envelope_eleven --------------------------------------------------------------
Result<Json> eleven_seal(const In& in) {
  E2E_TRY(in.only({"chatKey", "iv", "payload"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("chatKey"));
  E2E_ASSIGN_OR_RETURN(Bytes iv, in.hex("iv"));
  E2E_ASSIGN_OR_RETURN(const Json* pj, in.object("payload"));
  auto payload = proto::eleven_payload_from_json(*pj);
  if (!payload.ok()) return bad("payload", payload.error().detail);
  ReplayRng rng({iv});
  E2E_ASSIGN_OR_RETURN(Json body, proto::eleven_seal(rng, key, *payload));
  E2E_TRY(replayed(rng));
  return Json{{"body", std::move(body)}};
}

Result<Json> eleven_open(const In& in) {
  E2E_TRY(in.only({"chatKey", "body"}));
  E2E_ASSIGN_OR_RETURN(SecretBytes key, in.secret("chatKey"));
  E2E_ASSIGN_OR_RETURN(const Json* body, in.object("body"));
  E2E_ASSIGN_OR_RETURN(proto::ElevenPayload payload, proto::eleven_open(key, *body));
  return Json{{"payload", proto::eleven_payload_to_json(payload)}};
}

struct Op {
  OpInfo info;
  Result<Json> (*run)(const In&);
};

const std::vector<Op>& ops() {
  static const std::vector<Op> kOps = {
      {{"hkdf_label", "hkdf_labels", "construction, label, ikm, size, chat?, sender?, epoch?, eph?, recipient? -> salt, info, okm"}, hkdf_label},
      {{"pad", "padding", "msg -> padded"}, pad},
      {{"unpad", "padding", "padded -> msg"}, unpad},
      {{"parse_share_code", "share_code", "code -> room, key"}, parse_share_code},
      {{"format_share_code", "share_code", "room, key -> code"}, format_share_code},
      {{"ecies_wrap", "ecies_wrap", "label, recipientPrivate, ctx, key, ephPrivate, iv -> eph, ct"}, ecies_wrap},
      {{"ecies_unwrap", "ecies_wrap", "label, recipientPrivate, ctx, eph, iv, ct -> key"}, ecies_unwrap},
      {{"hardened_seal", "envelope_hardened", "epochKey, chat, sender, epoch, ctr, mid, iv, payload, signerSeed -> body"}, hardened_seal},
      {{"hardened_open", "envelope_hardened", "epochKey, chat, sender, senderPublic, body -> payload"}, hardened_open},
      {{"roster_sign", "roster_op", "chat, seq, prev, op, device, dh, sig, by, signerSeed -> signedBytes, s, hash, encoded"}, roster_sign},
      {{"roster_verify", "roster_op", "encoded, signerPublic -> hash"}, roster_verify},
      {{"parse_frame", "frames", "direction, frame -> frame (re-serialized)"}, parse_frame},
      {{"arthas_seal", "envelope_arthas", "roomKey, text, iv, signerSeed? -> body"}, arthas_seal},
      {{"arthas_open", "envelope_arthas", "roomKey, body, senderPublic? -> text, signed"}, arthas_open},
      {{"eleven_seal", "envelope_eleven", "chatKey, iv, payload -> body"}, eleven_seal},
      {{"eleven_open", "envelope_eleven", "chatKey, body -> payload"}, eleven_open},
      {{"parse_invite_link", "invites", "link -> chat, secret, hash"}, parse_invite_link},
      {{"format_invite_link", "invites", "chat, secret -> link"}, format_invite_link},
  };
  return kOps;
}

}  // namespace

const std::vector<OpInfo>& op_catalog() {
  static const std::vector<OpInfo> kInfo = [] {
    std::vector<OpInfo> v;
    for (const auto& op : ops()) v.push_back(op.info);
    return v;
  }();
  return kInfo;
}

std::vector<std::string> op_families() {
  std::vector<std::string> out;
  for (const auto& op : op_catalog()) {
    // The catalog lists each family's operations together.
    if (out.empty() || out.back() != op.family) out.emplace_back(op.family);
  }
  return out;
}

Result<Json> run_reference_op(std::string_view name, const Json& input) {
  for (const auto& op : ops()) {
    if (op.info.name == name) return op.run(In(input));
  }
  return make_error(Errc::kUnsupported, "unknown vector operation");
}

Implementation reference_implementation() {
  return {run_reference_op, [](Errc got, Errc want) { return got == want; }};
}

}  // namespace e2e::vectors
