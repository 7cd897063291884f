// Signed, hash-chained roster operations (docs/PROTOCOL.md §6).
#include "protocol/roster_op.h"

#include "common/encoding.h"
#include "crypto/p256.h"
#include "crypto/sha256.h"
#include "protocol/ids.h"
#include "protocol/labels.h"
#include "protocol/limits.h"
#include "protocol/strict_json.h"
#include "protocol/wire_bytes.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kWhat = "roster op";
constexpr internal::FieldSpec kOpFields[] = {{"chat"}, {"seq"}, {"prev"}, {"op"}, {"device"},
                                             {"dh"},   {"sig"}, {"by"},   {"s"}};

// well_formed: the fixed-length fields have their lengths and the identifiers
// are identifiers, so the signed bytes are unambiguous.
bool well_formed(const SignedRosterOp& op) {
  return valid_id(op.chat) && valid_id(op.device) && valid_id(op.by) && op.seq <= kMaxJsonInt &&
         op.prev.size() == kRosterHashLen && op.dh.size() == crypto::P256PublicKey::kUncompressedLen &&
         op.sig.size() == crypto::kEd25519PublicLen;
}

}  // namespace

//= docs/PROTOCOL.md#6
//# The signed bytes are "e2eproof/v1/roster" || lp(chat) || u64(seq) || prev ||
//# lp(op) || lp(device) || dh || sig || lp(by)
Bytes roster_signed_bytes(const SignedRosterOp& op) {
  Bytes out;
  append_raw(out, labels::kRoster);
  append_lp(out, op.chat);
  append_u64(out, op.seq);
  append_raw(out, op.prev);
  append_lp(out, roster_op_name(op.op));
  append_lp(out, op.device);
  append_raw(out, op.dh);
  append_raw(out, op.sig);
  append_lp(out, op.by);
  return out;
}

//= docs/PROTOCOL.md#6
//# The operation hash is H(signed bytes || s).
Bytes roster_op_hash(const SignedRosterOp& op) {
  Bytes data = roster_signed_bytes(op);
  append_raw(data, op.s);
  return crypto::sha256(data);
}

Result<void> sign_roster_op(SignedRosterOp& op, const crypto::Ed25519PrivateKey& signer) {
  if (!well_formed(op)) return make_error(Errc::kInvalidArgument, "roster op: malformed field");
  E2E_ASSIGN_OR_RETURN(op.s, signer.sign(roster_signed_bytes(op)));
  return ok_result();
}

Result<void> verify_roster_op_signature(const SignedRosterOp& op, ByteView signer_public) {
  if (!well_formed(op) || op.s.size() != crypto::kEd25519SignatureLen) {
    return make_error(Errc::kAuthFailed, "roster op: malformed");
  }
  if (!crypto::ed25519_verify(signer_public, roster_signed_bytes(op), op.s).ok()) {
    return make_error(Errc::kAuthFailed, "roster op: signature does not verify");
  }
  return ok_result();
}

// encode_roster_op writes the fields in the order of §6 (ordered_json keeps
// insertion order), compact.
Bytes encode_roster_op(const SignedRosterOp& op) {
  nlohmann::ordered_json j;
  j["chat"] = op.chat;
  j["seq"] = op.seq;
  j["prev"] = base64url_encode(op.prev);
  j["op"] = std::string(roster_op_name(op.op));
  j["device"] = op.device;
  j["dh"] = base64url_encode(op.dh);
  j["sig"] = base64url_encode(op.sig);
  j["by"] = op.by;
  j["s"] = base64url_encode(op.s);
  // Identifiers are ASCII and the rest is base64url, so strict dumping cannot
  // meet invalid UTF-8 unless a caller put it in an Id; replace keeps this total.
  return to_bytes(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

//= docs/PROTOCOL.md#6
//# {"chat": id, "seq": int, "prev": b64(32), "op": "create"|"add"|"remove",
//#  "device": id, "dh": b64(65), "sig": b64(32), "by": id, "s": b64(64)}
Result<SignedRosterOp> decode_roster_op(ByteView encoded) {
  // Every refusal is kDecodeError, an over-deep text included (§7).
  E2E_ASSIGN_OR_RETURN(Json j, internal::parse_strict_payload(encoded, kWhat));
  const internal::Fields f(j, std::string(kWhat));
  E2E_TRY(f.check(kOpFields));
  SignedRosterOp op;
  E2E_ASSIGN_OR_RETURN(op.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(op.seq, f.u64("seq"));
  E2E_ASSIGN_OR_RETURN(op.prev, f.b64("prev", kRosterHashLen));
  E2E_ASSIGN_OR_RETURN(std::string name, f.str("op"));
  auto kind = roster_op_from_name(name);
  if (!kind.ok()) return f.bad("op", "expected create, add or remove");
  op.op = kind.value();
  E2E_ASSIGN_OR_RETURN(op.device, f.id("device"));
  E2E_ASSIGN_OR_RETURN(op.dh, f.b64("dh", crypto::P256PublicKey::kUncompressedLen));
  E2E_ASSIGN_OR_RETURN(op.sig, f.b64("sig", crypto::kEd25519PublicLen));
  E2E_ASSIGN_OR_RETURN(op.by, f.id("by"));
  E2E_ASSIGN_OR_RETURN(op.s, f.b64("s", crypto::kEd25519SignatureLen));
  return op;
}

}  // namespace e2e::proto
