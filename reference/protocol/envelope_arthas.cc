// arthas message bodies (PROTO-ARTHAS-02), including the documented
// weaknesses: nothing but iv || ciphertext is authenticated, so the body is not
// bound to a room, a sender or a time, and replays open forever (B01, B03).
#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/limits.h"
#include "protocol/strict_json.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kWhat = "arthas body";
constexpr size_t kRoomKeyLen = 32;
constexpr internal::FieldSpec kBodyFields[] = {{"iv"}, {"ciphertext"}, {"sig", false}};

}  // namespace

//= docs/PROTOCOL.md#8.1
//# {"iv": b64(12), "ciphertext": b64, "sig"?: b64(64)} with
//# ciphertext = AEAD(room_key, iv, aad = "", utf8(text)); sig = Sign(sig_key, iv || ciphertext)
Result<Json> arthas_seal(Rng& rng, const SecretBytes& room_key, std::string_view text,
                         const crypto::Ed25519PrivateKey* signer) {
  if (room_key.size() != kRoomKeyLen) return make_error(Errc::kInvalidArgument, "arthas: room key must be 32 bytes");
  if (!valid_utf8(text)) return make_error(Errc::kInvalidArgument, "arthas: text is not UTF-8");
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(room_key.reveal()));
  const Bytes iv = rng.bytes(crypto::AesGcm::kProtocolIvLen);
  E2E_ASSIGN_OR_RETURN(Bytes ct, aead.seal(iv, {}, as_bytes(text)));
  Json body = Json::object();
  body["iv"] = base64url_encode(iv);
  body["ciphertext"] = base64url_encode(ct);
  if (signer != nullptr) {
    E2E_ASSIGN_OR_RETURN(Bytes sig, signer->sign(concat({iv, ct})));
    body["sig"] = base64url_encode(sig);
  }
  return body;
}

Result<ArthasOpened> arthas_open(const SecretBytes& room_key, const Json& body,
                                 std::optional<ByteView> sender_sig_public) {
  if (room_key.size() != kRoomKeyLen) return make_error(Errc::kInvalidArgument, "arthas: room key must be 32 bytes");
  const internal::Fields f(body, std::string(kWhat));
  E2E_TRY(f.check(kBodyFields));
  E2E_ASSIGN_OR_RETURN(Bytes iv, f.b64("iv", crypto::AesGcm::kProtocolIvLen));
  E2E_ASSIGN_OR_RETURN(Bytes ct, f.b64_range("ciphertext", crypto::AesGcm::kTagLen, kMaxFrameBytes));
  E2E_ASSIGN_OR_RETURN(std::optional<Bytes> sig, f.opt_b64("sig", crypto::kEd25519SignatureLen));

  ArthasOpened out;
  // The signature is checked before decryption. It binds only iv || ciphertext
  // to a key the relay's directory vouches for (B03).
  if (sig.has_value() && sender_sig_public.has_value()) {
    if (!crypto::ed25519_verify(*sender_sig_public, concat({iv, ct}), *sig).ok()) {
      return make_error(Errc::kAuthFailed, "arthas: signature does not verify");
    }
    out.signed_by_sender = true;
  }

  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(room_key.reveal()));
  auto pt = aead.open(iv, {}, ct);
  if (!pt.ok()) return make_error(Errc::kAuthFailed, "arthas: ciphertext does not open");
  const ByteView text = pt.value().reveal();
  const std::string_view text_sv(reinterpret_cast<const char*>(text.data()), text.size());
  if (!valid_utf8(text_sv)) return make_error(Errc::kDecodeError, "arthas: text is not UTF-8");
  out.text = std::string(text_sv);
  return out;
}

}  // namespace e2e::proto
