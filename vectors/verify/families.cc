// The checkers of each family: every case runs through the reference
// constructions (reference/protocol, reference/crypto).
#include <algorithm>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/hkdf.h"
#include "crypto/p256.h"
#include "protocol/envelope.h"
#include "protocol/frame.h"
#include "protocol/key_wrap_ecies.h"
#include "protocol/labels.h"
#include "protocol/padding.h"
#include "protocol/roster_op.h"
#include "protocol/share_code.h"
#include "protocol/wire_bytes.h"
#include "verify/construct.h"
#include "verify/vectors.h"

namespace e2e::vectors {

Bytes sender_info(std::string_view chat, std::string_view sender, uint64_t epoch) {
  Bytes b;
  proto::append_raw(b, proto::labels::kHardenedSender);
  proto::append_lp(b, chat);
  proto::append_lp(b, sender);
  proto::append_u64(b, epoch);
  return b;
}

Bytes hardened_wrap_ctx(std::string_view chat, uint64_t epoch, std::string_view recipient) {
  Bytes b;
  proto::append_lp(b, chat);
  proto::append_u64(b, epoch);
  proto::append_lp(b, recipient);
  return b;
}

Result<HardenedKeys> hardened_keys(ByteView epoch_key, std::string_view chat,
                                   std::string_view sender, uint64_t epoch) {
  HardenedKeys k;
  E2E_ASSIGN_OR_RETURN(SecretBytes sk, crypto::hkdf_sha256(epoch_key, {}, sender_info(chat, sender, epoch), 32));
  E2E_ASSIGN_OR_RETURN(SecretBytes enc, crypto::hkdf_sha256(sk.reveal(), {}, as_bytes(proto::labels::kHardenedEnc), 32));
  E2E_ASSIGN_OR_RETURN(SecretBytes ck, crypto::hkdf_sha256(sk.reveal(), {}, as_bytes(proto::labels::kHardenedCommit), 32));
  k.sk.assign(sk.reveal().begin(), sk.reveal().end());
  k.enc.assign(enc.reveal().begin(), enc.reveal().end());
  k.ck.assign(ck.reveal().begin(), ck.reveal().end());
  return k;
}

namespace {

Bytes sb(const SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

Outcome rejected(const Error& e) {
  Outcome o;
  o.error = e.code;
  o.detail = e.detail;
  return o;
}

Outcome rejected_plain(std::string detail) {
  Outcome o;
  o.detail = std::move(detail);
  return o;
}

Outcome accepted(std::string mismatch = {}) {
  Outcome o;
  o.accepted = true;
  o.mismatch = std::move(mismatch);
  return o;
}


void no_group_params(Obj&, Json&) {}

// ---- hkdf_labels --------------------------------------------------------------
void hkdf_group(Obj& g, Json& st) {
  const std::string c = g.str("construction");
  const std::string label = g.str("label");
  using namespace proto::labels;
  bool ok = (c == "hardened_sender" && label == kHardenedSender) ||
            (c == "hardened_enc" && label == kHardenedEnc) ||
            (c == "hardened_commit" && label == kHardenedCommit) ||
            (c == "ecies_kw" && (label == kElevenWrap || label == kHardenedWrap));
  if (!ok) g.fail("construction", "unknown construction/label pair " + c + " / " + label);
  st["construction"] = c;
  st["label"] = label;
}

Outcome hkdf_check(Obj& t, const Json& st, Expected expected) {
  const std::string c = st["construction"].get<std::string>();
  const std::string label = st["label"].get<std::string>();
  const Bytes ikm = t.hex("ikm");
  const Bytes salt = t.hex("salt");
  const Bytes info = t.hex("info");
  const uint64_t size = t.uint("size");
  const Bytes okm = t.hex("okm");
  Bytes want_info = to_bytes(label);
  Bytes want_salt;
  if (c == "hardened_sender") {
    const std::string chat = t.str("chat");
    const std::string sender = t.str("sender");
    want_info = sender_info(chat, sender, t.uint("epoch"));
  } else if (c == "ecies_kw") {
    want_salt = concat({t.hex("eph"), t.hex("recipient")});
  }
  if (info != want_info) return rejected_plain("info is not the construction's info");
  if (salt != want_salt) return rejected_plain("salt is not the construction's salt");
  auto out = crypto::hkdf_sha256(ikm, salt, info, size);
  if (!out.ok()) return rejected(out.error());
  if (sb(out.value()) != okm) {
    if (expected == Expected::kValid) return accepted("okm");
    return rejected_plain("okm is not HKDF(ikm, salt, info)");
  }
  return accepted();
}

// ---- padding ------------------------------------------------------------------
void padding_group(Obj& g, Json& st) {
  const std::string op = g.str("op");
  if (op != "pad" && op != "unpad") g.fail("op", "must be pad or unpad");
  st["op"] = op;
}

Outcome padding_check(Obj& t, const Json& st, Expected expected) {
  const bool valid = expected == Expected::kValid;
  if (st["op"] == "pad") {
    const Bytes msg = t.hex("msg");
    auto p = proto::pad(msg);
    if (!p.ok()) return rejected(p.error());
    if (!valid) return accepted();
    const Bytes padded = t.hex("padded");
    if (sb(p.value()) != padded) return accepted("padded");
    auto u = proto::unpad(padded);
    if (!u.ok() || sb(u.value()) != msg) return accepted("unpad(padded) != msg");
    return accepted();
  }
  const Bytes padded = t.hex("padded");
  auto u = proto::unpad(padded);
  if (!u.ok()) return rejected(u.error());
  if (!valid) return accepted();
  return accepted(sb(u.value()) == t.hex("msg") ? "" : "msg");
}

// ---- share_code ---------------------------------------------------------------
Outcome share_check(Obj& t, const Json&, Expected expected) {
  const std::string code = t.str("code");
  auto p = proto::parse_share_code(code);
  if (!p.ok()) return rejected(p.error());
  if (expected != Expected::kValid) return accepted();
  const std::string room = t.str("room");
  const Bytes key = t.hex("key");
  if (p.value().room != room) return accepted("room");
  if (sb(p.value().key) != key) return accepted("key");
  auto f = proto::format_share_code(room, SecretBytes(ByteView(key)));
  if (!f.ok() || f.value() != code) return accepted("format_share_code(room, key) != code");
  return accepted();
}

// ---- ecies_wrap ---------------------------------------------------------------
void ecies_group(Obj& g, Json& st) {
  const std::string c = g.str("construction");
  const std::string label = g.str("label");
  if (!((c == "eleven" && label == proto::labels::kElevenWrap) ||
        (c == "hardened" && label == proto::labels::kHardenedWrap))) {
    g.fail("construction", "unknown construction/label pair");
  }
  st["label"] = label;
}

Outcome ecies_check(Obj& t, const Json& st, Expected expected) {
  const std::string label = st["label"].get<std::string>();
  auto rpriv = crypto::P256PrivateKey::from_scalar(t.hex("recipientPrivate"));
  if (!rpriv.ok()) t.fail("recipientPrivate", "not a P-256 scalar");
  const Bytes ctx = t.hex("ctx");
  proto::EciesWrap w;
  w.eph = t.hex("eph");
  w.iv = t.hex("iv");
  w.ct = t.hex("ct");
  if (expected == Expected::kValid) {
    const Bytes eph_priv = t.hex("ephPrivate");
    const Bytes key = t.hex("key");
    ReplayRng rng({eph_priv, w.iv});
    auto sealed = proto::ecies_wrap(rng, rpriv.value().public_key(), key, label, ctx);
    if (!sealed.ok()) return rejected(sealed.error());
    if (!rng.exhausted()) return accepted("the construction drew fewer random bytes than recorded");
    if (sealed.value().eph != w.eph) return accepted("eph");
    if (sealed.value().ct != w.ct) return accepted("ct");
    auto opened = proto::ecies_unwrap(rpriv.value(), w, label, ctx);
    if (!opened.ok()) return rejected(opened.error());
    return accepted(sb(opened.value()) == key ? "" : "unwrap(key)");
  }
  auto opened = proto::ecies_unwrap(rpriv.value(), w, label, ctx);
  if (!opened.ok()) return rejected(opened.error());
  return accepted();
}

// ---- envelope_hardened ----------------------------------------------------------
Outcome hardened_check(Obj& t, const Json&, Expected expected) {
  const Bytes ek_bytes = t.hex("epochKey");
  const SecretBytes ek{ByteView(ek_bytes)};
  const std::string chat = t.str("chat");
  const std::string sender = t.str("sender");
  const Json& body = t.object("body");
  if (expected == Expected::kValid) {
    proto::HardenedHeader h;
    h.chat = chat;
    h.sender = sender;
    h.epoch = t.uint("epoch");
    h.ctr = t.uint("ctr");
    h.mid = t.hex("mid");
    const Bytes iv = t.hex("iv");
    const Json& payload = t.object("payload");
    auto signer = crypto::Ed25519PrivateKey::from_seed(t.hex("signerSeed"));
    if (!signer.ok()) t.fail("signerSeed", "not an Ed25519 seed");
    ReplayRng rng({iv});
    auto sealed = proto::hardened_seal(rng, ek, h, payload, signer.value());
    if (!sealed.ok()) return rejected(sealed.error());
    if (!rng.exhausted()) return accepted("the construction drew fewer random bytes than recorded");
    if (sealed.value() != body) return accepted("body");
    auto opened = proto::hardened_open(ek, body, chat, sender, signer.value().public_key());
    if (!opened.ok()) return rejected(opened.error());
    return accepted(opened.value().payload == payload ? "" : "opened payload");
  }
  const Bytes pub = t.hex("senderPublic");
  auto opened = proto::hardened_open(ek, body, chat, sender, pub);
  if (!opened.ok()) return rejected(opened.error());
  return accepted();
}

// ---- roster_op --------------------------------------------------------------------
Outcome roster_check(Obj& t, const Json&, Expected expected) {
  const std::string encoded = t.str("encoded");
  if (expected == Expected::kValid) {
    proto::SignedRosterOp op;
    op.chat = t.str("chat");
    op.seq = t.uint("seq");
    op.prev = t.hex("prev");
    auto kind = proto::roster_op_from_name(t.str("op"));
    if (!kind.ok()) t.fail("op", "not create, add or remove");
    op.op = kind.value();
    op.device = t.str("device");
    op.dh = t.hex("dh");
    op.sig = t.hex("sig");
    op.by = t.str("by");
    auto signer = crypto::Ed25519PrivateKey::from_seed(t.hex("signerSeed"));
    if (!signer.ok()) t.fail("signerSeed", "not an Ed25519 seed");
    const Bytes signed_bytes = t.hex("signedBytes");
    const Bytes s = t.hex("s");
    const Bytes hash = t.hex("hash");
    if (proto::roster_signed_bytes(op) != signed_bytes) return accepted("signedBytes");
    auto r = proto::sign_roster_op(op, signer.value());
    if (!r.ok()) return rejected(r.error());
    if (op.s != s) return accepted("s");
    if (proto::roster_op_hash(op) != hash) return accepted("hash");
    if (to_string(proto::encode_roster_op(op)) != encoded) return accepted("encoded");
    auto back = proto::decode_roster_op(as_bytes(encoded));
    if (!back.ok()) return rejected(back.error());
    auto v = proto::verify_roster_op_signature(back.value(), signer.value().public_key());
    if (!v.ok()) return rejected(v.error());
    return accepted(proto::roster_op_hash(back.value()) == hash ? "" : "hash of the decoded op");
  }
  const Bytes pub = t.hex("signerPublic");
  auto op = proto::decode_roster_op(as_bytes(encoded));
  if (!op.ok()) return rejected(op.error());
  auto v = proto::verify_roster_op_signature(op.value(), pub);
  if (!v.ok()) return rejected(v.error());
  return accepted();
}

// ---- frames -----------------------------------------------------------------------
void frames_group(Obj& g, Json& st) {
  const std::string dir = g.str("direction");
  if (dir != "client" && dir != "relay") g.fail("direction", "must be client or relay");
  st["direction"] = dir;
}

Outcome frames_check(Obj& t, const Json& st, Expected) {
  const std::string frame = t.str("frame");
  std::string again;
  if (st["direction"] == "client") {
    auto f = proto::parse_client_frame(frame);
    if (!f.ok()) return rejected(f.error());
    again = proto::serialize(f.value());
  } else {
    auto f = proto::parse_relay_frame(frame);
    if (!f.ok()) return rejected(f.error());
    again = proto::serialize(f.value());
  }
  return accepted(again == frame ? "" : "re-serialized frame differs: " + again);
}

// ---- envelope_arthas -----------------------------------------------------------------
Outcome arthas_check(Obj& t, const Json&, Expected expected) {
  const Bytes key_bytes = t.hex("roomKey");
  const SecretBytes key{ByteView(key_bytes)};
  const Json& body = t.object("body");
  if (expected == Expected::kValid) {
    const std::string text = t.str("text");
    const Bytes iv = t.hex("iv");
    std::optional<crypto::Ed25519PrivateKey> signer;
    if (t.has("signerSeed")) {
      auto k = crypto::Ed25519PrivateKey::from_seed(t.hex("signerSeed"));
      if (!k.ok()) t.fail("signerSeed", "not an Ed25519 seed");
      signer = std::move(k).value();
    }
    ReplayRng rng({iv});
    auto sealed = proto::arthas_seal(rng, key, text, signer ? &*signer : nullptr);
    if (!sealed.ok()) return rejected(sealed.error());
    if (!rng.exhausted()) return accepted("the construction drew fewer random bytes than recorded");
    if (sealed.value() != body) return accepted("body");
    std::optional<Bytes> pub;
    if (signer) pub = signer->public_key();
    auto opened = proto::arthas_open(key, body, pub ? std::optional<ByteView>(*pub) : std::nullopt);
    if (!opened.ok()) return rejected(opened.error());
    if (opened.value().text != text) return accepted("opened text");
    return accepted(opened.value().signed_by_sender == signer.has_value() ? "" : "signed_by_sender");
  }
  std::optional<Bytes> pub;
  if (t.has("senderPublic")) pub = t.hex("senderPublic");
  auto opened = proto::arthas_open(key, body, pub ? std::optional<ByteView>(*pub) : std::nullopt);
  if (!opened.ok()) return rejected(opened.error());
  return accepted();
}

// ---- envelope_eleven --------------------------------------------------------------------
proto::ElevenPayload eleven_payload(Obj& t) {
  Obj p(t.object("payload"), t.where(), "the payload");
  proto::ElevenPayload out;
  out.name = p.str("name");
  if (p.has("text")) out.text = p.str("text");
  if (p.has("typing")) {
    const Json& v = p.raw("typing");
    if (!v.is_boolean()) p.fail("typing", "not a boolean");
    out.typing = v.get<bool>();
  }
  if (p.has("files")) {
    const Json& files = p.raw("files");
    if (!files.is_array()) p.fail("files", "not an array");
    for (const auto& fj : files) {
      Obj f(fj, t.where(), "a file");
      proto::ElevenFile file;
      file.name = f.str("name");
      file.size = f.uint("size");
      f.done();
      out.files.push_back(std::move(file));
    }
  }
  if (p.has("push")) out.push = p.str("push");
  p.done();
  return out;
}

bool same_payload(const proto::ElevenPayload& a, const proto::ElevenPayload& b) {
  if (a.name != b.name || a.text != b.text || a.typing != b.typing || a.push != b.push ||
      a.files.size() != b.files.size()) {
    return false;
  }
  for (size_t i = 0; i < a.files.size(); ++i) {
    if (a.files[i].name != b.files[i].name || a.files[i].size != b.files[i].size) return false;
  }
  return true;
}

Outcome eleven_check(Obj& t, const Json&, Expected expected) {
  const Bytes key_bytes = t.hex("chatKey");
  const SecretBytes key{ByteView(key_bytes)};
  const Json& body = t.object("body");
  if (expected == Expected::kValid) {
    const Bytes iv = t.hex("iv");
    const proto::ElevenPayload payload = eleven_payload(t);
    ReplayRng rng({iv});
    auto sealed = proto::eleven_seal(rng, key, payload);
    if (!sealed.ok()) return rejected(sealed.error());
    if (!rng.exhausted()) return accepted("the construction drew fewer random bytes than recorded");
    if (sealed.value() != body) return accepted("body");
    auto opened = proto::eleven_open(key, body);
    if (!opened.ok()) return rejected(opened.error());
    return accepted(same_payload(opened.value(), payload) ? "" : "opened payload");
  }
  auto opened = proto::eleven_open(key, body);
  if (!opened.ok()) return rejected(opened.error());
  return accepted();
}

}  // namespace

const std::vector<Family>& families() {
  static const std::vector<Family> kFamilies = {
      {"hkdf_labels", "okm", hkdf_group, hkdf_check},
      {"padding", "padded", padding_group, padding_check},
      {"share_code", "key", no_group_params, share_check},
      {"ecies_wrap", "ct", ecies_group, ecies_check},
      {"envelope_hardened", "body", no_group_params, hardened_check},
      {"roster_op", "signedBytes", no_group_params, roster_check},
      {"frames", "frame", frames_group, frames_check},
      {"envelope_arthas", "body", no_group_params, arthas_check},
      {"envelope_eleven", "body", no_group_params, eleven_check},
  };
  return kFamilies;
}

const Family* find_family(std::string_view name) {
  for (const auto& f : families()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace e2e::vectors
