// Signed, hash-chained roster operations of hardened chats (docs/PROTOCOL.md §6).
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/result.h"
#include "crypto/ed25519.h"
#include "protocol/frame.h"

namespace e2e::proto {

inline constexpr size_t kRosterHashLen = 32;

struct SignedRosterOp {
  Id chat;
  uint64_t seq = 0;
  Bytes prev;  // 32 bytes: hash of the previous op, zeros for seq 0
  RosterOp op = RosterOp::kCreate;
  Id device;
  Bytes dh;    // 65 bytes, the device's P-256 key as the signer saw it
  Bytes sig;   // 32 bytes, the device's Ed25519 key as the signer saw it
  Id by;
  Bytes s;     // 64-byte Ed25519 signature of |by| over signed_bytes()
};

// roster_signed_bytes: the exact bytes |s| signs (§6).
Bytes roster_signed_bytes(const SignedRosterOp& op);
// roster_op_hash: H(signed bytes || s), what the next op's |prev| must be.
Bytes roster_op_hash(const SignedRosterOp& op);
// sign_roster_op fills op.s with |signer|'s signature; an op with a wrong
// field length, a bad identifier or seq above 2^53-1: kInvalidArgument.
Result<void> sign_roster_op(SignedRosterOp& op, const crypto::Ed25519PrivateKey& signer);
// verify_roster_op_signature checks op.s under |signer_public|; a malformed op
// or key, or a signature that does not verify: kAuthFailed.
Result<void> verify_roster_op_signature(const SignedRosterOp& op, ByteView signer_public);

// encode_roster_op gives the bytes carried base64url-encoded as "signed": the
// compact JSON object of §6. decode_roster_op parses it strictly (kDecodeError).
Bytes encode_roster_op(const SignedRosterOp& op);
Result<SignedRosterOp> decode_roster_op(ByteView encoded);

}  // namespace e2e::proto
