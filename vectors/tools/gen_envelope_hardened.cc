// e2e_vectors_gen, family envelope_hardened: writes envelope_hardened/envelope_hardened-new.json (see gen_common.h).
#include <filesystem>
#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/ed25519.h"
#include "crypto/hmac.h"
#include "protocol/envelope.h"
#include "protocol/padding.h"
#include "verify/construct.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

namespace {

// build_body builds a body by hand from the construction (for negatives that
// need a well-signed but otherwise broken body).
Json build_body(ByteView ek, const proto::HardenedHeader& h, ByteView iv, ByteView plaintext,
                const crypto::Ed25519PrivateKey& signer, bool tamper_commit, bool tamper_ct) {
  const HardenedKeys k = must(hardened_keys(ek, h.chat, h.sender, h.epoch), "keys");
  const Bytes aad = proto::hardened_aad(h);
  Bytes commit = must(crypto::hmac_sha256(k.ck, concat({iv, aad})), "hmac");
  if (tamper_commit) commit[5] ^= 0x20;
  auto aead = must(crypto::AesGcm::create(k.enc), "gcm");
  Bytes ct = must(aead.seal(iv, aad, plaintext), "seal");
  if (tamper_ct) ct[3] ^= 0x04;
  const Bytes s = must(signer.sign(concat({aad, iv, commit, ct})), "sign");
  return proto::hardened_body(h, iv, commit, ct, s);
}

}  // namespace

void gen_envelope_hardened(const std::filesystem::path& out) {
  DeterministicRng base(kSeed, "envelope_hardened");
  RecordingRng rng(base);
  Doc d("envelope_hardened",
        {{"Seal", "A body sealed by the construction of PROTO-HARD-02, padding included."},
         {"WrongContext", "Opened as another chat, sender, epoch or counter than it was sealed for: E2E_ERR_AUTH_FAILED."},
         {"TamperedCommit", "commit changed and the body re-signed: the commitment check fails, E2E_ERR_AUTH_FAILED."},
         {"TamperedCiphertext", "ciphertext changed and re-signed: the AEAD fails, E2E_ERR_AUTH_FAILED."},
         {"BadPadding", "A correctly committed, encrypted and signed plaintext whose padding is invalid: E2E_ERR_DECODE."},
         {"BadPayload", "Valid padding around a payload that is not {text} or {typing}: E2E_ERR_DECODE."},
         {"OtherSigner", "Signed by another key than the sender's: E2E_ERR_AUTH_FAILED."},
         {"WrongKey", "Opened with another epoch key: E2E_ERR_AUTH_FAILED."},
         {"StrictBody", "Unknown, missing or non-canonical field: E2E_ERR_DECODE."}});
  Json& g = d.group(Json::object());
  struct In { std::string chat, sender; uint64_t epoch, ctr; Json payload; };
  const In ins[] = {{"chat-1", "alice", 0, 0, {{"text", "hello"}}},
                    {"chat-1", "alice", 3, 41, {{"typing", true}}},
                    {"team_X", "bob-phone", 9007199254740991ULL, 9007199254740991ULL, {{"text", ""}}},
                    {"c", "d", 1, 2, {{"text", std::string(300, 'a')}}}};
  Json last;
  Bytes last_ek, last_pub, last_iv;
  proto::HardenedHeader last_h;
  const auto signer_seed = base.bytes(32);
  auto signer = must(crypto::Ed25519PrivateKey::from_seed(signer_seed), "ed");
  for (const auto& in : ins) {
    const Bytes ek = base.bytes(32);
    proto::HardenedHeader h{in.chat, in.sender, in.epoch, in.ctr, base.bytes(16)};
    (void)rng.take();
    Json body = must(proto::hardened_seal(rng, SecretBytes(ByteView(ek)), h, in.payload, signer), "seal");
    const auto draws = rng.take();
    if (draws.size() != 1) std::exit(1);
    // The hand-built body must equal the construction's (the negatives rely on it).
    const std::string text = in.payload.dump();
    const Bytes padded = sb(must(proto::pad(as_bytes(text)), "pad"));
    if (build_body(ek, h, draws[0], padded, signer, false, false) != body) {
      std::fprintf(stderr, "e2e_vectors_gen: hand-built hardened body differs\n");
      std::exit(1);
    }
    d.add(g, "epoch " + std::to_string(in.epoch) + " ctr " + std::to_string(in.ctr) + " " + in.payload.dump().substr(0, 20),
          {"Seal"}, "valid",
          {{"epochKey", hx(ek)}, {"chat", in.chat}, {"sender", in.sender}, {"epoch", in.epoch}, {"ctr", in.ctr},
           {"mid", hx(h.mid)}, {"iv", hx(draws[0])}, {"payload", in.payload}, {"signerSeed", hx(signer_seed)},
           {"body", body}});
    last = body;
    last_ek = ek;
    last_iv = draws[0];
    last_h = h;
  }
  last_pub = signer.public_key();
  const auto bad = [&](std::string comment, const char* flag, const Json& body, const char* err,
                       std::string chat = "c", std::string sender = "d", const Bytes* ek = nullptr,
                       const Bytes* pub = nullptr) {
    d.add(g, std::move(comment), {flag}, "invalid",
          {{"epochKey", hx(ek ? *ek : last_ek)}, {"chat", chat}, {"sender", sender},
           {"senderPublic", hx(pub ? *pub : last_pub)}, {"body", body}}, err);
  };
  bad("opened as another chat", "WrongContext", last, "E2E_ERR_AUTH_FAILED", "e");
  bad("opened as from another sender", "WrongContext", last, "E2E_ERR_AUTH_FAILED", "c", "e");
  Json b = last;
  b["epoch"] = 2;
  bad("epoch changed", "WrongContext", b, "E2E_ERR_AUTH_FAILED");
  b = last;
  b["ctr"] = 3;
  bad("ctr changed", "WrongContext", b, "E2E_ERR_AUTH_FAILED");
  b = last;
  b["mid"] = base64url_encode(flip(last_h.mid, 0));
  bad("mid changed", "WrongContext", b, "E2E_ERR_AUTH_FAILED");
  const Bytes text = to_bytes(std::string(R"({"text":"hi"})"));
  const Bytes padded = sb(must(proto::pad(text), "pad"));
  bad("commit changed, re-signed", "TamperedCommit", build_body(last_ek, last_h, last_iv, padded, signer, true, false),
      "E2E_ERR_AUTH_FAILED");
  bad("ciphertext changed, re-signed", "TamperedCiphertext",
      build_body(last_ek, last_h, last_iv, padded, signer, false, true), "E2E_ERR_AUTH_FAILED");
  Bytes bp = padded;
  bp.back() = 0x01;
  bad("padding ends in 0x01", "BadPadding", build_body(last_ek, last_h, last_iv, bp, signer, false, false), "E2E_ERR_DECODE");
  bad("no padding (13 bytes)", "BadPadding", build_body(last_ek, last_h, last_iv, text, signer, false, false), "E2E_ERR_DECODE");
  bad("payload {\"text\":1}", "BadPayload",
      build_body(last_ek, last_h, last_iv, sb(must(proto::pad(to_bytes(std::string(R"({"text":1})"))), "pad")), signer, false, false),
      "E2E_ERR_DECODE");
  auto other = must(crypto::Ed25519PrivateKey::from_seed(base.bytes(32)), "ed");
  bad("signed by another key", "OtherSigner", build_body(last_ek, last_h, last_iv, padded, other, false, false),
      "E2E_ERR_AUTH_FAILED");
  const Bytes ek2 = base.bytes(32);
  bad("another epoch key", "WrongKey", last, "E2E_ERR_AUTH_FAILED", "c", "d", &ek2);
  b = last;
  b["x"] = 1;
  bad("unknown field", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  b.erase("commit");
  bad("commit missing", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  b["mid"] = b["mid"].get<std::string>() + "=";
  bad("mid padded with '='", "StrictBody", b, "E2E_ERR_DECODE");
  b = last;
  b["ctr"] = "2";
  bad("ctr as a string", "StrictBody", b, "E2E_ERR_DECODE");
  d.write(out, "envelope_hardened");
}

}  // namespace e2e::vectors::gen
