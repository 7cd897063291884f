// e2e_vectors_gen, family envelope_eleven: writes envelope_eleven/envelope_eleven-new.json (see gen_common.h).
#include <filesystem>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "protocol/envelope.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_envelope_eleven(const std::filesystem::path& out) {
  DeterministicRng base(kSeed, "envelope_eleven");
  RecordingRng rng(base);
  Doc d("envelope_eleven",
        {{"Seal", "A body sealed as in PROTO-ELEVEN-02: name, text/typing, files and push inside the ciphertext."},
         {"Tampered", "ciphertext or iv changed: E2E_ERR_AUTH_FAILED."},
         {"WrongKey", "Another chat key: E2E_ERR_AUTH_FAILED."},
         {"StrictBody", "Unknown field, a sig, or non-canonical base64url: E2E_ERR_DECODE."},
         {"BadPayload", "A well-encrypted plaintext that is not a valid payload: E2E_ERR_DECODE."}});
  Json& g = d.group(Json::object());
  std::vector<proto::ElevenPayload> ps(4);
  ps[0].name = "Alice";
  ps[0].text = "hello";
  ps[1].name = "Bob";
  ps[1].typing = true;
  ps[2].name = "Carol";
  ps[2].text = "see attached";
  ps[2].files = {{"report.pdf", 12345}, {"a.png", 0}};
  ps[2].push = "Carol: see attached";
  ps[3].name = "D";
  ps[3].text = "";
  Json last;
  Bytes key;
  for (const auto& p : ps) {
    key = base.bytes(32);
    (void)rng.take();
    Json body = must(proto::eleven_seal(rng, SecretBytes(ByteView(key)), p), "seal");
    const auto draws = rng.take();
    d.add(g, "from " + p.name, {"Seal"}, "valid",
          {{"chatKey", hx(key)}, {"iv", hx(draws.at(0))}, {"payload", proto::eleven_payload_to_json(p)}, {"body", body}});
    last = body;
  }
  const auto bad = [&](std::string comment, const char* flag, const Json& body, const char* err, const Bytes* k = nullptr) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"chatKey", hx(k ? *k : key)}, {"body", body}}, err);
  };
  const Bytes iv = must(base64url_decode(last["iv"].get<std::string>()), "b64");
  const Bytes ct = must(base64url_decode(last["ciphertext"].get<std::string>()), "b64");
  Json b = last;
  b["ciphertext"] = base64url_encode(flip(ct, 2));
  bad("ciphertext changed", "Tampered", b, "E2E_ERR_AUTH_FAILED");
  b = last;
  b["iv"] = base64url_encode(flip(iv, 3));
  bad("iv changed", "Tampered", b, "E2E_ERR_AUTH_FAILED");
  const Bytes k2 = base.bytes(32);
  bad("another chat key", "WrongKey", last, "E2E_ERR_AUTH_FAILED", &k2);
  b = last;
  b["sig"] = base64url_encode(Bytes(64, 0));
  bad("a sig field (eleven has none)", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  b["iv"] = b["iv"].get<std::string>() + "=";
  bad("iv padded with '='", "StrictBody", b, "E2E_ERR_DECODE");
  bad("payload without name", "BadPayload", aead_body(key, iv, as_bytes(std::string_view(R"({"text":"x"})")), false), "E2E_ERR_DECODE");
  bad("payload with text and typing", "BadPayload",
      aead_body(key, iv, as_bytes(std::string_view(R"({"name":"A","text":"x","typing":true})")), false), "E2E_ERR_DECODE");
  bad("payload with an unknown field", "BadPayload",
      aead_body(key, iv, as_bytes(std::string_view(R"({"name":"A","text":"x","to":"b"})")), false), "E2E_ERR_DECODE");
  bad("plaintext not JSON", "BadPayload", aead_body(key, iv, as_bytes(std::string_view("hello")), false), "E2E_ERR_DECODE");
  d.write(out, "envelope_eleven");
}

}  // namespace e2e::vectors::gen
