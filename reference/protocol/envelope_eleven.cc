// eleven message bodies (PROTO-ELEVEN-02) and chat-key wraps (§8.2), including
// the documented weaknesses: the body is bound to no chat, sender or epoch,
// the encrypted "name" is not checked against anything, and the wrap has an
// empty context, so a wrap for one chat opens in any other (A05, A06, B03).
#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "protocol/body_fields.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/labels.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kWhat = "eleven body";
constexpr std::string_view kWhatPayload = "eleven payload";
constexpr std::string_view kWhatWrap = "eleven wrap body";
constexpr size_t kChatKeyLen = 32;
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
  E2E_TRY(fields::check_fields(j, {"name"}, {"text", "typing", "files", "push"}, kWhatPayload));
  ElevenPayload p;
  E2E_ASSIGN_OR_RETURN(p.name, fields::read_string(j, "name", kWhatPayload));
  if (j.contains("text")) {
    E2E_ASSIGN_OR_RETURN(p.text, fields::read_string(j, "text", kWhatPayload));
  }
  if (j.contains("typing")) {
    E2E_ASSIGN_OR_RETURN(p.typing, fields::read_bool(j, "typing", kWhatPayload));
  }
  if (j.contains("files")) {
    const Json& files = j.at("files");
    if (!files.is_array()) return fields::decode_error(kWhatPayload, "files", "is not a list");
    for (const Json& f : files) {
      E2E_TRY(fields::check_fields(f, {"name", "size"}, {}, "eleven file"));
      ElevenFile file;
      E2E_ASSIGN_OR_RETURN(file.name, fields::read_string(f, "name", "eleven file"));
      E2E_ASSIGN_OR_RETURN(file.size, fields::read_uint(f, "size", "eleven file"));
      p.files.push_back(std::move(file));
    }
  }
  if (j.contains("push")) {
    E2E_ASSIGN_OR_RETURN(p.push, fields::read_string(j, "push", kWhatPayload));
  }
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
  E2E_ASSIGN_OR_RETURN(std::string text, fields::dump_compact(eleven_payload_to_json(payload), kWhatPayload));
  const SecretBytes pt = fields::to_secret(text);
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
  E2E_TRY(fields::check_fields(body, {"iv", "ciphertext"}, {}, kWhat));
  E2E_ASSIGN_OR_RETURN(Bytes iv, fields::read_b64_exact(body, "iv", crypto::AesGcm::kProtocolIvLen, kWhat));
  E2E_ASSIGN_OR_RETURN(Bytes ct, fields::read_b64(body, "ciphertext", crypto::AesGcm::kTagLen, kMaxFrameBytes, kWhat));
  E2E_ASSIGN_OR_RETURN(crypto::AesGcm aead, crypto::AesGcm::create(chat_key.reveal()));
  auto pt = aead.open(iv, {}, ct);
  if (!pt.ok()) return make_error(Errc::kAuthFailed, "eleven: ciphertext does not open");
  E2E_ASSIGN_OR_RETURN(Json j, fields::parse_json_strict(pt.value().reveal(), kWhatPayload));
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
  E2E_TRY(fields::check_fields(body, {"wrap"}, {}, kWhatWrap));
  E2E_ASSIGN_OR_RETURN(EciesWrap w, ecies_wrap_from_json(body.at("wrap")));
  if (w.ct.size() != kWrappedKeyCtLen) return fields::decode_error(kWhatWrap, "ct", "has the wrong length");
  return ecies_unwrap(me, w, labels::kElevenWrap, {});
}

}  // namespace e2e::proto
