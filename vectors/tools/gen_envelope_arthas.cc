// e2e_vectors_gen, family envelope_arthas: writes envelope_arthas/envelope_arthas-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "protocol/envelope.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_envelope_arthas(const std::filesystem::path& out) {
  DeterministicRng base(kSeed, "envelope_arthas");
  RecordingRng rng(base);
  Doc d("envelope_arthas",
        {{"Seal", "A body sealed as in PROTO-ARTHAS-02 (with sig when a signer is given)."},
         {"Tampered", "ciphertext or iv changed: E2E_ERR_AUTH_FAILED."},
         {"Truncated", "ciphertext shorter than a tag: E2E_ERR_DECODE; shortened but longer: E2E_ERR_AUTH_FAILED."},
         {"BadSignature", "sig does not verify under the sender's key: E2E_ERR_AUTH_FAILED."},
         {"StrictBody", "Unknown field or non-canonical base64url: E2E_ERR_DECODE."},
         {"WrongKey", "Another room key: E2E_ERR_AUTH_FAILED."},
         {"NotUtf8", "The plaintext is not UTF-8: E2E_ERR_DECODE."}});
  Json& g = d.group(Json::object());
  const Bytes seed = base.bytes(32);
  auto signer = must(crypto::Ed25519PrivateKey::from_seed(seed), "ed");
  const Bytes pub = signer.public_key();
  Json last;
  Bytes key;
  for (int i = 0; i < 4; ++i) {
    key = base.bytes(32);
    const std::string text = i == 0 ? "hello" : i == 1 ? "" : i == 2 ? "gr\u00fc\u00dfe \u2603" : "signed";
    const bool sign = i >= 2;
    (void)rng.take();
    Json body = must(proto::arthas_seal(rng, SecretBytes(ByteView(key)), text, sign ? &signer : nullptr), "seal");
    const auto draws = rng.take();
    Json f = {{"roomKey", hx(key)}, {"text", text}, {"iv", hx(draws.at(0))}, {"body", body}};
    if (sign) f["signerSeed"] = hx(seed);
    d.add(g, sign ? "signed body" : "unsigned body", {"Seal"}, "valid", f);
    last = body;
  }
  const auto bad = [&](std::string comment, const char* flag, const Json& body, const char* err, bool with_pub = true,
                       const Bytes* k = nullptr) {
    Json f = {{"roomKey", hx(k ? *k : key)}, {"body", body}};
    if (with_pub) f["senderPublic"] = hx(pub);
    d.add(g, std::move(comment), {flag}, "invalid", f, err);
  };
  const Bytes iv = must(base64url_decode(last["iv"].get<std::string>()), "b64");
  const Bytes ct = must(base64url_decode(last["ciphertext"].get<std::string>()), "b64");
  Json b = last;
  b.erase("sig");
  b["ciphertext"] = base64url_encode(flip(ct, 0));
  bad("ciphertext changed (unsigned)", "Tampered", b, "E2E_ERR_AUTH_FAILED", false);
  b = last;
  b.erase("sig");
  b["iv"] = base64url_encode(flip(iv, 0));
  bad("iv changed (unsigned)", "Tampered", b, "E2E_ERR_AUTH_FAILED", false);
  b = last;
  b.erase("sig");
  b["ciphertext"] = base64url_encode(Bytes(ct.begin(), ct.end() - 1));
  bad("ciphertext one byte short", "Truncated", b, "E2E_ERR_AUTH_FAILED", false);
  b["ciphertext"] = base64url_encode(Bytes(ct.begin(), ct.begin() + 15));
  bad("ciphertext of 15 bytes", "Truncated", b, "E2E_ERR_DECODE", false);
  b = last;
  b["ciphertext"] = base64url_encode(flip(ct, 0));
  bad("ciphertext changed under a valid-looking sig", "BadSignature", b, "E2E_ERR_AUTH_FAILED");
  b = last;
  b["sig"] = base64url_encode(must(must(crypto::Ed25519PrivateKey::generate(base), "ed").sign(concat({iv, ct})), "sign"));
  bad("signed by another key", "BadSignature", b, "E2E_ERR_AUTH_FAILED");
  b = last;
  b["x"] = 1;
  bad("unknown field", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  b["iv"] = b["iv"].get<std::string>() + "=";
  bad("iv padded with '='", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  {
    std::string cts = last["ciphertext"].get<std::string>();
    if (cts.size() % 4 == 0) std::exit(1);
    cts.back() = static_cast<char>(cts.back() == 'z' ? 'y' : cts.back() + 1);
    b["ciphertext"] = cts;
  }
  bad("ciphertext with non-zero unused bits", "StrictBody", b, "E2E_ERR_DECODE");
  const Bytes k2 = base.bytes(32);
  b = last;
  b.erase("sig");
  bad("another room key", "WrongKey", b, "E2E_ERR_AUTH_FAILED", false, &k2);
  const Bytes not_utf8 = {0x66, 0xff, 0xfe};
  bad("plaintext is not UTF-8", "NotUtf8", aead_body(key, iv, not_utf8, false), "E2E_ERR_DECODE", false);
  d.write(out, "envelope_arthas");
}

}  // namespace e2e::vectors::gen
