// hardened message bodies and epoch-key wraps (PROTO-HARD-01..03, 05, 06):
// per-sender keys, context in the AAD, key commitment checked before the AEAD,
// the sender's signature checked before anything else, bucketed padding, and
// wraps bound to (chat, epoch, recipient) under the admin's signature.
// Replay windows, roster membership and epoch bookkeeping are the client's.
#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/hkdf.h"
#include "crypto/hmac.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/labels.h"
#include "protocol/limits.h"
#include "protocol/padding.h"
#include "protocol/strict_json.h"
#include "protocol/wire_bytes.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kWhat = "hardened body";
constexpr std::string_view kWhatPayload = "hardened payload";
constexpr std::string_view kWhatWrap = "hardened wrap body";
constexpr internal::FieldSpec kBodyFields[] = {{"epoch"}, {"ctr"},        {"mid"}, {"iv"},
                                               {"commit"}, {"ciphertext"}, {"s"}};
constexpr internal::FieldSpec kWrapBodyFields[] = {{"wrap"}, {"epoch"}, {"s"}};
constexpr size_t kEpochKeyLen = 32;
constexpr size_t kMidLen = 16;
constexpr size_t kKeyLen = 32;
constexpr size_t kWrappedKeyCtLen = kEpochKeyLen + crypto::AesGcm::kTagLen;

Error auth_failed(std::string_view why) { return make_error(Errc::kAuthFailed, std::string("hardened: ") + std::string(why)); }

struct MessageKeys {
  SecretBytes enc;
  SecretBytes ck;
};

//= docs/PROTOCOL.md#8.3
//# SK = HKDF(EK[epoch], salt = "", info = "e2eproof/v1/hardened/sender" || lp(chat) ||
//# lp(sender) || u64(epoch), 32), enc = HKDF(SK, "", "e2eproof/v1/hardened/enc", 32),
//# ck = HKDF(SK, "", "e2eproof/v1/hardened/commit", 32).
Result<MessageKeys> derive_keys(const SecretBytes& epoch_key, const HardenedHeader& h) {
  Bytes info;
  append_raw(info, labels::kHardenedSender);
  append_lp(info, h.chat);
  append_lp(info, h.sender);
  append_u64(info, h.epoch);
  E2E_ASSIGN_OR_RETURN(SecretBytes sk, crypto::hkdf_sha256(epoch_key.reveal(), {}, info, kKeyLen));
  MessageKeys k;
  E2E_ASSIGN_OR_RETURN(k.enc, crypto::hkdf_sha256(sk.reveal(), {}, as_bytes(labels::kHardenedEnc), kKeyLen));
  E2E_ASSIGN_OR_RETURN(k.ck, crypto::hkdf_sha256(sk.reveal(), {}, as_bytes(labels::kHardenedCommit), kKeyLen));
  return k;
}

// The payload is {"text": str} or {"typing": bool}, nothing else.
bool payload_ok(const Json& p) {
  if (!p.is_object() || p.size() != 1) return false;
  if (p.contains("text")) return p.at("text").is_string();
  if (p.contains("typing")) return p.at("typing").is_boolean();
  return false;
}

// signed_message: aad || iv || commit || ciphertext, what the sender signs.
Bytes signed_message(ByteView aad, ByteView iv, ByteView commit, ByteView ct) {
  return concat({aad, iv, commit, ct});
}

struct ParsedBody {
  HardenedHeader header;
  Bytes iv;
  Bytes commit;
  Bytes ct;
  Bytes s;
};

//= docs/PROTOCOL.md#8.3
//# {"epoch": int, "ctr": int, "mid": b64(16), "iv": b64(12), "commit": b64(32),
//#  "ciphertext": b64, "s": b64(64)}
Result<ParsedBody> parse_body(const Json& body, const Id& chat, const Id& from) {
  if (!valid_id(chat) || !valid_id(from)) return make_error(Errc::kInvalidArgument, "hardened: chat or sender is not an identifier");
  const internal::Fields f(body, std::string(kWhat));
  E2E_TRY(f.check(kBodyFields));
  ParsedBody p;
  p.header.chat = chat;
  p.header.sender = from;
  E2E_ASSIGN_OR_RETURN(p.header.epoch, f.u64("epoch"));
  E2E_ASSIGN_OR_RETURN(p.header.ctr, f.u64("ctr"));
  E2E_ASSIGN_OR_RETURN(p.header.mid, f.b64("mid", kMidLen));
  E2E_ASSIGN_OR_RETURN(p.iv, f.b64("iv", crypto::AesGcm::kProtocolIvLen));
  E2E_ASSIGN_OR_RETURN(p.commit, f.b64("commit", crypto::kHmacSha256Len));
  E2E_ASSIGN_OR_RETURN(p.ct, f.b64_range("ciphertext", crypto::AesGcm::kTagLen, kMaxFrameBytes));
  E2E_ASSIGN_OR_RETURN(p.s, f.b64("s", crypto::kEd25519SignatureLen));
  return p;
}

//= docs/PROTOCOL.md#8.3
//# ctx = lp(chat) || u64(epoch) || lp(recipient)
Bytes wrap_ctx(const Id& chat, uint64_t epoch, const Id& recipient) {
  Bytes ctx;
  append_lp(ctx, chat);
  append_u64(ctx, epoch);
  append_lp(ctx, recipient);
  return ctx;
}

//# s = Sign(admin, "e2eproof/v1/hardened/wrap" || ctx || eph || iv || ct)
Bytes wrap_signed_message(ByteView ctx, const EciesWrap& w) {
  Bytes m;
  append_raw(m, labels::kHardenedWrap);
  append_raw(m, ctx);
  append_raw(m, w.eph);
  append_raw(m, w.iv);
  append_raw(m, w.ct);
  return m;
}

}  // namespace

//= docs/PROTOCOL.md#8.3
//# aad = "e2eproof/v1/hardened/msg" || lp(chat) || lp(sender) || u64(epoch) || u64(ctr) || mid
Bytes hardened_aad(const HardenedHeader& h) {
  Bytes aad;
  append_raw(aad, labels::kHardenedMsg);
  append_lp(aad, h.chat);
  append_lp(aad, h.sender);
  append_u64(aad, h.epoch);
  append_u64(aad, h.ctr);
  append_raw(aad, h.mid);
  return aad;
}

//= docs/PROTOCOL.md#8.3
//# commit = HMAC-SHA256(ck, iv || aad), ciphertext = AEAD(enc, iv, aad, pad(payload)),
//# s = Sign(sender, aad || iv || commit || ciphertext)
Result<Json> hardened_seal(Rng& rng, const SecretBytes& epoch_key, const HardenedHeader& header,
                           const Json& payload, const crypto::Ed25519PrivateKey& signer) {
  if (epoch_key.size() != kEpochKeyLen) return make_error(Errc::kInvalidArgument, "hardened: epoch key must be 32 bytes");
  if (!valid_id(header.chat) || !valid_id(header.sender) || header.epoch > kMaxJsonInt ||
      header.ctr > kMaxJsonInt || header.mid.size() != kMidLen) {
    return make_error(Errc::kInvalidArgument, "hardened: malformed header");
  }
  if (!payload_ok(payload)) return make_error(Errc::kInvalidArgument, "hardened: payload must be {text} or {typing}");
  E2E_ASSIGN_OR_RETURN(const SecretBytes raw, internal::dump_plaintext(payload, kWhatPayload));
  E2E_ASSIGN_OR_RETURN(SecretBytes padded, pad(raw.reveal()));  // kLimitExceeded at send time

  E2E_ASSIGN_OR_RETURN(MessageKeys keys, derive_keys(epoch_key, header));
  const Bytes aad = hardened_aad(header);
  const Bytes iv = rng.bytes(crypto::AesGcm::kProtocolIvLen);
  E2E_ASSIGN_OR_RETURN(Bytes commit, crypto::hmac_sha256(keys.ck.reveal(), concat({iv, aad})));
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(keys.enc.reveal()));
  E2E_ASSIGN_OR_RETURN(Bytes ct, aead.seal(iv, aad, padded.reveal()));
  E2E_ASSIGN_OR_RETURN(Bytes s, signer.sign(signed_message(aad, iv, commit, ct)));

  return hardened_body(header, iv, commit, ct, s);
}

Json hardened_body(const HardenedHeader& header, ByteView iv, ByteView commit, ByteView ciphertext, ByteView s) {
  Json body = Json::object();
  body["epoch"] = header.epoch;
  body["ctr"] = header.ctr;
  body["mid"] = base64url_encode(header.mid);
  body["iv"] = base64url_encode(iv);
  body["commit"] = base64url_encode(commit);
  body["ciphertext"] = base64url_encode(ciphertext);
  body["s"] = base64url_encode(s);
  return body;
}

Result<HardenedHeader> hardened_peek(const Json& body, const Id& chat, const Id& from) {
  E2E_ASSIGN_OR_RETURN(ParsedBody p, parse_body(body, chat, from));
  return std::move(p.header);
}

//= docs/PROTOCOL.md#8.3
//# the signature verifies under `from`'s pinned key (`E2E_ERR_AUTH_FAILED`); `commit`
//# matches in constant time (`E2E_ERR_AUTH_FAILED`); the AEAD opens
//# (`E2E_ERR_AUTH_FAILED`); the padding is valid (`E2E_ERR_DECODE`)
Result<HardenedOpened> hardened_open(const SecretBytes& epoch_key, const Json& body,
                                     const Id& chat, const Id& from, ByteView sender_sig_public) {
  if (epoch_key.size() != kEpochKeyLen) return make_error(Errc::kInvalidArgument, "hardened: epoch key must be 32 bytes");
  E2E_ASSIGN_OR_RETURN(ParsedBody p, parse_body(body, chat, from));
  const Bytes aad = hardened_aad(p.header);

  // 1. The sender's signature, over the AAD (so over chat, sender, epoch, ctr
  //    and mid: PROTO-HARD-05) and everything else in the body.
  if (!crypto::ed25519_verify(sender_sig_public, signed_message(aad, p.iv, p.commit, p.ct), p.s).ok()) {
    return auth_failed("signature does not verify");
  }
  // 2. The key commitment, before the AEAD sees the ciphertext (C01).
  auto keys = derive_keys(epoch_key, p.header);
  if (!keys.ok()) return keys.error();
  if (!crypto::hmac_sha256_verify(keys.value().ck.reveal(), concat({p.iv, aad}), p.commit).ok()) {
    return auth_failed("key commitment does not match");
  }
  // 3. The AEAD.
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(keys.value().enc.reveal()));
  auto padded = aead.open(p.iv, aad, p.ct);
  if (!padded.ok()) return auth_failed("ciphertext does not open");
  // 4. Padding, then the payload schema.
  E2E_ASSIGN_OR_RETURN(SecretBytes raw, unpad(padded.value().reveal()));
  E2E_ASSIGN_OR_RETURN(Json payload, internal::parse_strict_payload(raw.reveal(), kWhatPayload));
  if (!payload_ok(payload)) return make_error(Errc::kDecodeError, "hardened payload: not {text} or {typing}");

  HardenedOpened out;
  out.header = std::move(p.header);
  out.payload = std::move(payload);
  return out;
}

//= docs/PROTOCOL.md#8.3
//# Body {"wrap": {eph, iv, ct}, "epoch": int, "s": b64(64)}, label
//# "e2eproof/v1/hardened/wrap", ctx = lp(chat) || u64(epoch) || lp(recipient)
Result<Json> hardened_wrap_body(Rng& rng, const crypto::P256PublicKey& recipient,
                                const SecretBytes& epoch_key, const Id& chat, uint64_t epoch,
                                const Id& recipient_id, const crypto::Ed25519PrivateKey& admin) {
  if (epoch_key.size() != kEpochKeyLen) return make_error(Errc::kInvalidArgument, "hardened: epoch key must be 32 bytes");
  if (!valid_id(chat) || !valid_id(recipient_id) || epoch > kMaxJsonInt) {
    return make_error(Errc::kInvalidArgument, "hardened: malformed wrap context");
  }
  const Bytes ctx = wrap_ctx(chat, epoch, recipient_id);
  E2E_ASSIGN_OR_RETURN(EciesWrap w, ecies_wrap(rng, recipient, epoch_key.reveal(), labels::kHardenedWrap, ctx));
  E2E_ASSIGN_OR_RETURN(Bytes s, admin.sign(wrap_signed_message(ctx, w)));
  Json body = Json::object();
  body["wrap"] = ecies_wrap_to_json(w);
  body["epoch"] = epoch;
  body["s"] = base64url_encode(s);
  return body;
}

//= docs/PROTOCOL.md#8.3
//# PROTO-HARD-01: a wrap not signed by the pinned admin, for another chat, epoch
//# or recipient [...] is rejected.
Result<HardenedUnwrapped> hardened_unwrap_body(const crypto::P256PrivateKey& me, const Json& body,
                                               const Id& chat, const Id& me_id,
                                               ByteView admin_sig_public) {
  if (!valid_id(chat) || !valid_id(me_id)) return make_error(Errc::kInvalidArgument, "hardened: chat or recipient is not an identifier");
  const internal::Fields f(body, std::string(kWhatWrap));
  E2E_TRY(f.check(kWrapBodyFields));
  E2E_ASSIGN_OR_RETURN(EciesWrap w, ecies_wrap_from_json(body.at("wrap")));
  if (w.ct.size() != kWrappedKeyCtLen) return f.bad("wrap.ct", "expected " + std::to_string(kWrappedKeyCtLen) + " bytes");
  E2E_ASSIGN_OR_RETURN(uint64_t epoch, f.u64("epoch"));
  E2E_ASSIGN_OR_RETURN(Bytes s, f.b64("s", crypto::kEd25519SignatureLen));

  // The context is rebuilt from what this client knows (its chat, its own id)
  // and the claimed epoch; the admin's signature and the AEAD both cover it.
  const Bytes ctx = wrap_ctx(chat, epoch, me_id);
  if (!crypto::ed25519_verify(admin_sig_public, wrap_signed_message(ctx, w), s).ok()) {
    return auth_failed("wrap not signed by the admin");
  }
  E2E_ASSIGN_OR_RETURN(SecretBytes key, ecies_unwrap(me, w, labels::kHardenedWrap, ctx));
  HardenedUnwrapped out;
  out.epoch = epoch;
  out.epoch_key = std::move(key);
  return out;
}

}  // namespace e2e::proto
