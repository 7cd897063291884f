// eleven message bodies (PROTO-ELEVEN-02) and chat-key wraps (§8.2), including
// the documented weaknesses: the body is bound to no chat, sender or epoch,
// the encrypted "name" is not checked against anything, and the wrap has an
// empty context, so a wrap for one chat opens in any other (A05, A06, B03).
#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/labels.h"
#include "protocol/limits.h"
#include "protocol/strict_json.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kWhat = "eleven body";
constexpr std::string_view kWhatPayload = "eleven payload";
constexpr std::string_view kWhatWrap = "eleven wrap body";
constexpr size_t kChatKeyLen = 32;
constexpr internal::FieldSpec kBodyFields[] = {{"iv"}, {"ciphertext"}};
constexpr internal::FieldSpec kPayloadFields[] = {
    {"name"}, {"text", false}, {"typing", false}, {"files", false}, {"push", false}};
constexpr internal::FieldSpec kFileFields[] = {{"name"}, {"size"}};
constexpr internal::FieldSpec kWrapBodyFields[] = {{"wrap"}};
// An ECIES ct holding a 32-byte key: the key and the AEAD tag.
constexpr size_t kWrappedKeyCtLen = kChatKeyLen + crypto::AesGcm::kTagLen;

// check_payload: the rules both seal (kInvalidArgument) and open (kDecodeError)
// enforce, so we never send what we would refuse.
bool payload_ok(const ElevenPayload& p) {
  if (!valid_name(p.name)) return false;
  if (p.text.has_value() == p.typing.has_value()) return false;
  if (p.text.has_value() && !valid_utf8(*p.text)) return false;
  if (p.push.has_value() && !valid_utf8(*p.push)) return false;
  for (const ElevenFile& f : p.files) {
    if (!valid_utf8(f.name) || f.size > kMaxJsonInt) return false;
  }
  return true;
}

}  // namespace

Json eleven_payload_to_json(const ElevenPayload& p) {
  Json j = Json::object();
  j["name"] = p.name;
  if (p.text.has_value()) j["text"] = *p.text;
  if (p.typing.has_value()) j["typing"] = *p.typing;
  if (!p.files.empty()) {
    Json files = Json::array();
    for (const ElevenFile& f : p.files) files.push_back(Json{{"name", f.name}, {"size", f.size}});
    j["files"] = std::move(files);
  }
  if (p.push.has_value()) j["push"] = *p.push;
  return j;
}

Result<ElevenPayload> eleven_payload_from_json(const Json& j) {
  // The payload is the sender's plaintext: no key of it is quoted in an error.
  const internal::Fields f(j, std::string(kWhatPayload), internal::Disclosure::kPlaintext);
  E2E_TRY(f.check(kPayloadFields));
  ElevenPayload p;
  E2E_ASSIGN_OR_RETURN(p.name, f.str("name"));
  E2E_ASSIGN_OR_RETURN(p.text, f.opt_str("text"));
  if (f.has("typing")) {
    E2E_ASSIGN_OR_RETURN(p.typing, f.boolean("typing"));
  }
  if (f.has("files")) {
    E2E_ASSIGN_OR_RETURN(const Json* files, f.array("files", internal::Fields::kAnyLength));
    for (size_t i = 0; i < files->size(); ++i) {
      const internal::Fields ff((*files)[i], std::string(kWhatPayload) + ".files[" + std::to_string(i) + "]",
                                internal::Disclosure::kPlaintext);
      E2E_TRY(ff.check(kFileFields));
      ElevenFile file;
      E2E_ASSIGN_OR_RETURN(file.name, ff.str("name"));
      E2E_ASSIGN_OR_RETURN(file.size, ff.u64("size"));
      p.files.push_back(std::move(file));
    }
  }
  E2E_ASSIGN_OR_RETURN(p.push, f.opt_str("push"));
  if (!payload_ok(p)) return make_error(Errc::kDecodeError, "eleven payload: invalid name, text/typing or string");
  return p;
}

//= docs/PROTOCOL.md#8.2
//# Message body PROTO-ELEVEN-02: {"iv": b64(12), "ciphertext": b64} with plaintext
//# the UTF-8 JSON {"name": sender display name, "text": str, "files"?: [{"name": str,
//# "size": int}], "push"?: str} under AEAD(K, iv, "", ...)
Result<Json> eleven_seal(Rng& rng, const SecretBytes& chat_key, const ElevenPayload& payload) {
  if (chat_key.size() != kChatKeyLen) return make_error(Errc::kInvalidArgument, "eleven: chat key must be 32 bytes");
  if (!payload_ok(payload)) return make_error(Errc::kInvalidArgument, "eleven: invalid payload");
  E2E_ASSIGN_OR_RETURN(const SecretBytes pt, internal::dump_plaintext(eleven_payload_to_json(payload), kWhatPayload));
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(chat_key.reveal()));
  const Bytes iv = rng.bytes(crypto::AesGcm::kProtocolIvLen);
  E2E_ASSIGN_OR_RETURN(Bytes ct, aead.seal(iv, {}, pt.reveal()));
  Json body = Json::object();
  body["iv"] = base64url_encode(iv);
  body["ciphertext"] = base64url_encode(ct);
  return body;
}

Result<ElevenPayload> eleven_open(const SecretBytes& chat_key, const Json& body) {
  if (chat_key.size() != kChatKeyLen) return make_error(Errc::kInvalidArgument, "eleven: chat key must be 32 bytes");
  const internal::Fields f(body, std::string(kWhat));
  E2E_TRY(f.check(kBodyFields));
  E2E_ASSIGN_OR_RETURN(Bytes iv, f.b64("iv", crypto::AesGcm::kProtocolIvLen));
  E2E_ASSIGN_OR_RETURN(Bytes ct, f.b64_range("ciphertext", crypto::AesGcm::kTagLen, kMaxFrameBytes));
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(chat_key.reveal()));
  auto pt = aead.open(iv, {}, ct);
  if (!pt.ok()) return make_error(Errc::kAuthFailed, "eleven: ciphertext does not open");
  E2E_ASSIGN_OR_RETURN(Json j, internal::parse_strict_payload(pt.value().reveal(), kWhatPayload));
  return eleven_payload_from_json(j);
}

//= docs/PROTOCOL.md#8.2
//# sends it as direct with body {"wrap": {eph, iv, ct}}, label "e2eproof/v1/eleven/wrap",
//# ctx = "" (no binding to chat or epoch: attack A06 checks this).
Result<Json> eleven_wrap_body(Rng& rng, const crypto::P256PublicKey& recipient,
                              const SecretBytes& chat_key) {
  if (chat_key.size() != kChatKeyLen) return make_error(Errc::kInvalidArgument, "eleven: chat key must be 32 bytes");
  E2E_ASSIGN_OR_RETURN(EciesWrap w, ecies_wrap(rng, recipient, chat_key.reveal(), labels::kElevenWrap, {}));
  Json body = Json::object();
  body["wrap"] = ecies_wrap_to_json(w);
  return body;
}

Result<SecretBytes> eleven_unwrap_body(const crypto::P256PrivateKey& me, const Json& body) {
  const internal::Fields f(body, std::string(kWhatWrap));
  E2E_TRY(f.check(kWrapBodyFields));
  E2E_ASSIGN_OR_RETURN(EciesWrap w, ecies_wrap_from_json(body.at("wrap")));
  if (w.ct.size() != kWrappedKeyCtLen) return f.bad("wrap.ct", "expected " + std::to_string(kWrappedKeyCtLen) + " bytes");
  return ecies_unwrap(me, w, labels::kElevenWrap, {});
}

}  // namespace e2e::proto
