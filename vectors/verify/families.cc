// The checkers of each family. A checker turns a case into vector operations
// (ops.h), asks an implementation for them through an OpRunner and compares
// the answers with the case's recorded outputs: the judging is here, the
// computing is the implementation's (the reference's, or an adapter's).
#include <algorithm>
#include <initializer_list>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/hkdf.h"
#include "protocol/labels.h"
#include "protocol/wire_bytes.h"
#include "verify/construct.h"
#include "verify/ops.h"
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

bool known_hkdf_construction(std::string_view c, std::string_view label) {
  using namespace proto::labels;
  return (c == "hardened_sender" && label == kHardenedSender) || (c == "hardened_enc" && label == kHardenedEnc) ||
         (c == "hardened_commit" && label == kHardenedCommit) ||
         (c == "ecies_kw" && (label == kElevenWrap || label == kHardenedWrap));
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

// The type of every case field, so a malformed file is refused at load with
// its position (exit 2), before any implementation is asked.
enum class Kind { kHex, kStr, kUint, kObject };
Kind kind_of(std::string_view key) {
  static constexpr std::string_view kUints[] = {"size", "epoch", "ctr", "seq"};
  static constexpr std::string_view kObjects[] = {"payload", "body"};
  static constexpr std::string_view kStrs[] = {"construction", "label", "chat", "sender", "code", "room",
                                               "op", "device", "by", "encoded", "frame", "text", "link",
                                               "direction"};
  for (auto k : kUints) if (k == key) return Kind::kUint;
  for (auto k : kObjects) if (k == key) return Kind::kObject;
  for (auto k : kStrs) if (k == key) return Kind::kStr;
  return Kind::kHex;
}

}  // namespace

const Json& read_case_field(Obj& t, std::string_view key) {
  switch (kind_of(key)) {
    case Kind::kHex: t.hex(key); break;
    case Kind::kStr: t.str(key); break;
    case Kind::kUint: t.uint(key); break;
    case Kind::kObject: t.object(key); break;
  }
  return t.raw(key);
}

namespace {

// pick builds an operation's input from the group's parameters and the case's
// fields; a key ending in '?' is taken only when the case has it.
Json pick(Obj& t, const Json& group, std::initializer_list<std::string_view> keys) {
  Json in = Json::object();
  for (std::string_view key : keys) {
    const bool optional = key.ends_with('?');
    if (optional) key.remove_suffix(1);
    const std::string k(key);
    if (group.contains(k)) {
      in[k] = group[k];
    } else if (!optional || t.has(key)) {
      in[k] = read_case_field(t, key);
    }
  }
  return in;
}

// differs names the first recorded output the answer does not reproduce
// ("" when all match).
std::string differs(const Json& answer, Obj& t, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    const Json& want = read_case_field(t, key);
    const std::string k(key);
    if (!answer.is_object() || !answer.contains(k)) return k + " (missing from the answer)";
    if (answer[k] != want) return k;
  }
  return "";
}

std::string public_of_seed(Obj& t, std::string_view key) {
  auto k = crypto::Ed25519PrivateKey::from_seed(t.hex(key));
  if (!k.ok()) t.fail(key, "not an Ed25519 seed");
  return hex_encode(k.value().public_key());
}

// ---- hkdf_labels --------------------------------------------------------------
void hkdf_group(Obj& g, Json& st) {
  const std::string c = g.str("construction");
  const std::string label = g.str("label");
  if (!known_hkdf_construction(c, label)) g.fail("construction", "unknown construction/label pair " + c + " / " + label);
  st["construction"] = c;
  st["label"] = label;
}

// An invalid case records (salt, info, okm) that are not the construction's:
// it is refused when the answer differs from them.
Outcome hkdf_check(Obj& t, const Json& st, Expected expected, const OpRunner& run) {
  const std::string c = st["construction"].get<std::string>();
  Json in = c == "hardened_sender" ? pick(t, st, {"construction", "label", "ikm", "size", "chat", "sender", "epoch"})
            : c == "ecies_kw"      ? pick(t, st, {"construction", "label", "ikm", "size", "eph", "recipient"})
                                   : pick(t, st, {"construction", "label", "ikm", "size"});
  auto r = run("hkdf_label", in);
  if (!r.ok()) return rejected(r.error());
  const std::string d = differs(*r, t, {"salt", "info", "okm"});
  if (expected == Expected::kValid || d.empty()) return accepted(d);
  return rejected_plain(d + " is not the construction's");
}

// ---- padding ------------------------------------------------------------------
void padding_group(Obj& g, Json& st) {
  const std::string op = g.str("op");
  if (op != "pad" && op != "unpad") g.fail("op", "must be pad or unpad");
  st["padOp"] = op;
}

Outcome padding_check(Obj& t, const Json& st, Expected expected, const OpRunner& run) {
  const bool valid = expected == Expected::kValid;
  if (st["padOp"] == "pad") {
    auto p = run("pad", pick(t, {}, {"msg"}));
    if (!p.ok()) return rejected(p.error());
    if (!valid) return accepted();
    if (auto d = differs(*p, t, {"padded"}); !d.empty()) return accepted(d);
  }
  auto u = run("unpad", pick(t, {}, {"padded"}));
  if (!u.ok()) return rejected(u.error());
  if (!valid) return accepted();
  return accepted(differs(*u, t, {"msg"}));
}

// ---- share_code and invites: parse, then format back ----------------------------
Outcome parse_format_check(Obj& t, Expected expected, const OpRunner& run, const char* parse_op,
                           const char* format_op, std::initializer_list<std::string_view> text,
                           std::initializer_list<std::string_view> parts,
                           std::initializer_list<std::string_view> format_in) {
  auto p = run(parse_op, pick(t, {}, text));
  if (!p.ok()) return rejected(p.error());
  if (expected != Expected::kValid) return accepted();
  if (auto d = differs(*p, t, parts); !d.empty()) return accepted(d);
  auto f = run(format_op, pick(t, {}, format_in));
  if (!f.ok()) return rejected(f.error());
  return accepted(differs(*f, t, text));
}

Outcome share_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  return parse_format_check(t, expected, run, "parse_share_code", "format_share_code", {"code"},
                            {"room", "key"}, {"room", "key"});
}

Outcome invites_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  return parse_format_check(t, expected, run, "parse_invite_link", "format_invite_link", {"link"},
                            {"chat", "secret", "hash"}, {"chat", "secret"});
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

Outcome ecies_check(Obj& t, const Json& st, Expected expected, const OpRunner& run) {
  if (expected == Expected::kValid) {
    auto w = run("ecies_wrap", pick(t, st, {"label", "recipientPrivate", "ctx", "key", "ephPrivate", "iv"}));
    if (!w.ok()) return rejected(w.error());
    if (auto d = differs(*w, t, {"eph", "ct"}); !d.empty()) return accepted(d);
  }
  auto u = run("ecies_unwrap", pick(t, st, {"label", "recipientPrivate", "ctx", "eph", "iv", "ct"}));
  if (!u.ok()) return rejected(u.error());
  if (expected != Expected::kValid) return accepted();
  return accepted(differs(*u, t, {"key"}));
}

// ---- envelope_hardened ----------------------------------------------------------
Outcome hardened_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  Json open_in = pick(t, {}, {"epochKey", "chat", "sender", "body"});
  if (expected == Expected::kValid) {
    auto s = run("hardened_seal",
                 pick(t, {}, {"epochKey", "chat", "sender", "epoch", "ctr", "mid", "iv", "payload", "signerSeed"}));
    if (!s.ok()) return rejected(s.error());
    if (auto d = differs(*s, t, {"body"}); !d.empty()) return accepted(d);
    open_in["senderPublic"] = public_of_seed(t, "signerSeed");
  } else {
    open_in["senderPublic"] = read_case_field(t, "senderPublic");
  }
  auto o = run("hardened_open", open_in);
  if (!o.ok()) return rejected(o.error());
  if (expected != Expected::kValid) return accepted();
  return accepted(differs(*o, t, {"payload"}));
}

// ---- roster_op --------------------------------------------------------------------
Outcome roster_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  Json verify_in = pick(t, {}, {"encoded"});
  if (expected == Expected::kValid) {
    auto s = run("roster_sign", pick(t, {}, {"chat", "seq", "prev", "op", "device", "dh", "sig", "by", "signerSeed"}));
    if (!s.ok()) return rejected(s.error());
    if (auto d = differs(*s, t, {"signedBytes", "s", "hash", "encoded"}); !d.empty()) return accepted(d);
    verify_in["signerPublic"] = public_of_seed(t, "signerSeed");
  } else {
    verify_in["signerPublic"] = read_case_field(t, "signerPublic");
  }
  auto v = run("roster_verify", verify_in);
  if (!v.ok()) return rejected(v.error());
  if (expected != Expected::kValid) return accepted();
  return accepted(differs(*v, t, {"hash"}));
}

// ---- frames -----------------------------------------------------------------------
void frames_group(Obj& g, Json& st) {
  const std::string dir = g.str("direction");
  if (dir != "client" && dir != "relay") g.fail("direction", "must be client or relay");
  st["direction"] = dir;
}

// A frame must re-serialize to exactly its own text (PROTO-FRAME-08).
Outcome frames_check(Obj& t, const Json& st, Expected, const OpRunner& run) {
  auto r = run("parse_frame", pick(t, st, {"direction", "frame"}));
  if (!r.ok()) return rejected(r.error());
  return accepted(differs(*r, t, {"frame"}));
}

// ---- envelope_arthas -----------------------------------------------------------------
Outcome arthas_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  Json open_in = pick(t, {}, {"roomKey", "body"});
  const bool signed_case = t.has("signerSeed");
  if (expected == Expected::kValid) {
    auto s = run("arthas_seal", pick(t, {}, {"roomKey", "text", "iv", "signerSeed?"}));
    if (!s.ok()) return rejected(s.error());
    if (auto d = differs(*s, t, {"body"}); !d.empty()) return accepted(d);
    if (signed_case) open_in["senderPublic"] = public_of_seed(t, "signerSeed");
  } else if (t.has("senderPublic")) {
    open_in["senderPublic"] = read_case_field(t, "senderPublic");
  }
  auto o = run("arthas_open", open_in);
  if (!o.ok()) return rejected(o.error());
  if (expected != Expected::kValid) return accepted();
  if (auto d = differs(*o, t, {"text"}); !d.empty()) return accepted(d);
  // A signed body opened with its signer's key shows as signed, and only then.
  const Json want_signed = signed_case;
  return accepted(o->value("signed", Json()) == want_signed ? "" : "signed");
}

// ---- envelope_eleven --------------------------------------------------------------------
Outcome eleven_check(Obj& t, const Json&, Expected expected, const OpRunner& run) {
  if (expected == Expected::kValid) {
    auto s = run("eleven_seal", pick(t, {}, {"chatKey", "iv", "payload"}));
    if (!s.ok()) return rejected(s.error());
    if (auto d = differs(*s, t, {"body"}); !d.empty()) return accepted(d);
  }
  auto o = run("eleven_open", pick(t, {}, {"chatKey", "body"}));
  if (!o.ok()) return rejected(o.error());
  if (expected != Expected::kValid) return accepted();
  return accepted(differs(*o, t, {"payload"}));
}

}  // namespace

const std::vector<Family>& families() {
  static const std::vector<Family> kFamilies = {
      {"hkdf_labels", {"salt", "info", "okm"},
       {"ikm", "salt", "info", "size", "okm", "chat", "sender", "epoch", "eph", "recipient"}, hkdf_group, hkdf_check},
      {"padding", {"padded", "msg"}, {"msg", "padded"}, padding_group, padding_check},
      {"share_code", {"code", "room", "key"}, {"code", "room", "key"}, no_group_params, share_check},
      {"ecies_wrap", {"eph", "ct"}, {"recipientPrivate", "ephPrivate", "iv", "key", "ctx", "eph", "ct"},
       ecies_group, ecies_check},
      {"envelope_hardened", {"body"},
       {"epochKey", "chat", "sender", "epoch", "ctr", "mid", "iv", "payload", "signerSeed", "body", "senderPublic"},
       no_group_params, hardened_check},
      {"roster_op", {"signedBytes", "s", "hash", "encoded"},
       {"chat", "seq", "prev", "op", "device", "dh", "sig", "by", "signerSeed", "signedBytes", "s", "hash",
        "encoded", "signerPublic"},
       no_group_params, roster_check},
      {"frames", {"frame"}, {"frame"}, frames_group, frames_check},
      {"envelope_arthas", {"body"}, {"roomKey", "text", "iv", "signerSeed", "body", "senderPublic"},
       no_group_params, arthas_check},
      {"envelope_eleven", {"body"}, {"chatKey", "iv", "payload", "body"}, no_group_params, eleven_check},
      {"invites", {"link", "chat", "secret", "hash"}, {"link", "chat", "secret", "hash"}, no_group_params,
       invites_check},
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
