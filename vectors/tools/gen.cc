// e2e_vectors_gen [OUT_DIR]: writes every family's <name>-new.json under
// OUT_DIR (default: the source tree's vectors/). Deterministic: the same build
// writes the same bytes. Random values a construction draws are recorded with
// RecordingRng and stored in the case as inputs (the verifier replays them).
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/ed25519.h"
#include "crypto/hkdf.h"
#include "crypto/hmac.h"
#include "crypto/p256.h"
#include "protocol/envelope.h"
#include "protocol/invite_link.h"
#include "protocol/key_wrap_ecies.h"
#include "protocol/labels.h"
#include "protocol/padding.h"
#include "protocol/roster_op.h"
#include "protocol/share_code.h"
#include "protocol/wire_bytes.h"
#include "verify/construct.h"
#include "verify/vectors.h"

namespace e2e::vectors {
namespace {

constexpr uint64_t kSeed = 20261123;

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "e2e_vectors_gen: %s: %s\n", what, r.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

bool must_ok(const Result<void>& r) {
  if (!r.ok()) std::fprintf(stderr, "e2e_vectors_gen: %s\n", r.error().to_string().c_str());
  return r.ok();
}

std::string hx(ByteView b) { return hex_encode(b); }
Bytes sb(const SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

// Doc accumulates groups and numbers the tests.
class Doc {
 public:
  Doc(std::string family, Json notes) : family_(std::move(family)), notes_(std::move(notes)) {}
  Json& group(Json params) {
    params["tests"] = Json::array();
    groups_.push_back(std::move(params));
    return groups_.back();
  }
  void add(Json& group, std::string comment, std::vector<std::string> flags, const char* result,
           Json fields, std::string error = {}) {
    Json t = Json::object();
    t["tcId"] = ++n_;
    t["comment"] = std::move(comment);
    t["flags"] = std::move(flags);
    t["result"] = result;
    for (auto it = fields.begin(); it != fields.end(); ++it) t[it.key()] = it.value();
    if (!error.empty()) t["error"] = error;
    group["tests"].push_back(std::move(t));
  }
  void write(const std::filesystem::path& out_dir, const std::string& name) const {
    Json doc = Json::object();
    doc["schema"] = "e2eproof-vectors/" + family_ + "@1";
    doc["generator"] = "vectors/tools/gen.cc (e2e_vectors_gen, seed " + std::to_string(kSeed) + ")";
    doc["source"] = "docs/PROTOCOL.md v1";
    doc["numberOfTests"] = n_;
    doc["notes"] = notes_;
    doc["testGroups"] = Json::array();
    for (const auto& g : groups_) doc["testGroups"].push_back(g);
    const auto dir = out_dir / family_;
    std::filesystem::create_directories(dir);
    const auto path = dir / (name + "-new.json");
    std::ofstream out(path, std::ios::binary);
    out << doc.dump(1) << '\n';
    if (!out) {
      std::fprintf(stderr, "e2e_vectors_gen: cannot write %s\n", path.string().c_str());
      std::exit(1);
    }
    std::cout << "wrote " << path.string() << " (" << n_ << " tests)\n";
  }

 private:
  std::string family_;
  Json notes_;
  std::deque<Json> groups_;  // references to groups stay valid as groups are added
  uint64_t n_ = 0;
};

Bytes flip(Bytes b, size_t i) {
  b.at(i) ^= 0x01;
  return b;
}

// ---- hkdf_labels ----------------------------------------------------------------
void gen_hkdf(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "hkdf_labels");
  Doc d("hkdf_labels",
        {{"Schedule", "The hardened per-sender key schedule of PROTOCOL.md 8.3."},
         {"EciesKw", "The ECIES key-wrap key kw = HKDF(Z, E || R, label, 32) of PROTOCOL.md 5."},
         {"WrongLabel", "The okm was derived with another protocol label: the construction's okm differs."},
         {"NoLengthPrefix", "The info omits the lp() prefixes: an ambiguous encoding the spec rules out."},
         {"SaltOrder", "The ECIES salt is R || E instead of E || R."},
         {"ModifiedOutput", "One byte of the okm differs."}});
  using namespace proto::labels;
  struct Sch { std::string chat, sender; uint64_t epoch; };
  const Sch sch[] = {{"chat-1", "alice", 0}, {"team_X", "bob-phone", 7}, {"c", "d", (1ULL << 53) - 1}};
  Json& gs = d.group({{"construction", "hardened_sender"}, {"label", kHardenedSender}});
  Json& ge = d.group({{"construction", "hardened_enc"}, {"label", kHardenedEnc}});
  Json& gc = d.group({{"construction", "hardened_commit"}, {"label", kHardenedCommit}});
  for (const auto& s : sch) {
    const Bytes ek = rng.bytes(32);
    const Bytes info = sender_info(s.chat, s.sender, s.epoch);
    const HardenedKeys k = must(hardened_keys(ek, s.chat, s.sender, s.epoch), "keys");
    const Json base = {{"ikm", hx(ek)}, {"salt", ""}, {"chat", s.chat}, {"sender", s.sender}, {"epoch", s.epoch}, {"size", 32}};
    Json f = base;
    f["info"] = hx(info);
    f["okm"] = hx(k.sk);
    d.add(gs, "SK for " + s.sender + " in " + s.chat + " epoch " + std::to_string(s.epoch), {"Schedule"}, "valid", f);
    d.add(ge, "enc from the SK of " + s.sender, {"Schedule"}, "valid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedEnc))}, {"size", 32}, {"okm", hx(k.enc)}});
    d.add(gc, "ck from the SK of " + s.sender, {"Schedule"}, "valid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedCommit))}, {"size", 32}, {"okm", hx(k.ck)}});
  }
  {
    const Bytes ek = rng.bytes(32);
    // info without lp(): label || chat || sender || u64(epoch)
    Bytes bad;
    proto::append_raw(bad, kHardenedSender);
    proto::append_raw(bad, std::string_view("ab"));
    proto::append_raw(bad, std::string_view("c"));
    proto::append_u64(bad, 1);
    Json f = {{"ikm", hx(ek)}, {"salt", ""}, {"chat", "ab"}, {"sender", "c"}, {"epoch", 1}, {"size", 32},
              {"info", hx(bad)}, {"okm", hx(sb(must(crypto::hkdf_sha256(ek, {}, bad, 32), "hkdf")))}};
    d.add(gs, "info without length prefixes", {"NoLengthPrefix"}, "invalid", f);
    Bytes wrong = to_bytes(kHardenedEnc);
    Bytes tail = sender_info("ab", "c", 1);
    wrong.insert(wrong.end(), tail.begin() + static_cast<long>(kHardenedSender.size()), tail.end());
    f["info"] = hx(wrong);
    f["okm"] = hx(sb(must(crypto::hkdf_sha256(ek, {}, wrong, 32), "hkdf")));
    d.add(gs, "enc label in place of the sender label", {"WrongLabel"}, "invalid", f);
    const HardenedKeys k = must(hardened_keys(ek, "ab", "c", 1), "keys");
    d.add(ge, "okm is the commit key, not the enc key", {"WrongLabel"}, "invalid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedEnc))}, {"size", 32}, {"okm", hx(k.ck)}});
    d.add(gc, "one byte of ck changed", {"ModifiedOutput"}, "invalid",
          {{"ikm", hx(k.sk)}, {"salt", ""}, {"info", hx(to_bytes(kHardenedCommit))}, {"size", 32}, {"okm", hx(flip(k.ck, 31))}});
  }
  for (std::string_view label : {kElevenWrap, kHardenedWrap}) {
    Json& g = d.group({{"construction", "ecies_kw"}, {"label", label}});
    for (int i = 0; i < 2; ++i) {
      auto e = must(crypto::P256PrivateKey::generate(rng), "p256");
      auto r = must(crypto::P256PrivateKey::generate(rng), "p256");
      const Bytes E = e.public_key().to_uncompressed();
      const Bytes R = r.public_key().to_uncompressed();
      const Bytes z = sb(must(crypto::ecdh_p256(e, r.public_key()), "ecdh"));
      const Bytes salt = concat({E, R});
      const Bytes kw = sb(must(crypto::hkdf_sha256(z, salt, as_bytes(label), 32), "hkdf"));
      Json f = {{"ikm", hx(z)}, {"eph", hx(E)}, {"recipient", hx(R)}, {"salt", hx(salt)},
                {"info", hx(as_bytes(label))}, {"size", 32}, {"okm", hx(kw)}};
      if (i == 0) {
        d.add(g, "kw for " + std::string(label), {"EciesKw"}, "valid", f);
      } else {
        const Bytes swapped = concat({R, E});
        f["salt"] = hx(swapped);
        f["okm"] = hx(sb(must(crypto::hkdf_sha256(z, swapped, as_bytes(label), 32), "hkdf")));
        d.add(g, "salt R || E", {"SaltOrder"}, "invalid", f);
        const std::string_view other = label == kElevenWrap ? kHardenedWrap : kElevenWrap;
        f["salt"] = hx(salt);
        f["info"] = hx(as_bytes(other));
        f["okm"] = hx(sb(must(crypto::hkdf_sha256(z, salt, as_bytes(other), 32), "hkdf")));
        d.add(g, "kw derived under the other preset's label", {"WrongLabel"}, "invalid", f);
      }
    }
  }
  d.write(out, "hkdf_labels");
}

// ---- padding --------------------------------------------------------------------
void gen_padding(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "padding");
  Doc d("padding", {{"Bucket", "pad() to the smallest bucket holding len(x) + 1 (PROTO-HARD-06)."},
                    {"BucketEdge", "len(x) + 1 equals a bucket size, or exceeds it by one."},
                    {"BadPadding", "unpad() must refuse it with E2E_ERR_DECODE."}});
  Json& gp = d.group({{"op", "pad"}});
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{255}, size_t{256}, size_t{1023}}) {
    const Bytes m = rng.bytes(n);
    const Bytes p = sb(must(proto::pad(m), "pad"));
    const bool edge = n == 255 || n == 256 || n == 1023;
    d.add(gp, std::to_string(n) + " bytes into " + std::to_string(p.size()), {edge ? "BucketEdge" : "Bucket"},
          "valid", {{"msg", hx(m)}, {"padded", hx(p)}});
  }
  Json& gu = d.group({{"op", "unpad"}});
  const Bytes m = rng.bytes(10);
  const Bytes p = sb(must(proto::pad(m), "pad"));
  d.add(gu, "10 bytes from a 256-byte bucket", {"Bucket"}, "valid", {{"padded", hx(p)}, {"msg", hx(m)}});
  const auto bad = [&](std::string comment, const Bytes& b) {
    d.add(gu, std::move(comment), {"BadPadding"}, "invalid", {{"padded", hx(b)}}, "E2E_ERR_DECODE");
  };
  bad("all zeros, no 0x80 marker", Bytes(256, 0));
  Bytes b = p;
  b.back() = 0x01;
  bad("last byte 0x01", b);
  b = p;
  b[m.size() + 2] = 0x01;
  bad("a non-zero byte after the 0x80 marker", b);
  bad("255 bytes: not a bucket size", Bytes(p.begin(), p.end() - 1));
  b = p;
  b.push_back(0);
  bad("257 bytes: not a bucket size", b);
  bad("empty", Bytes{});
  b = Bytes(512, 0);
  b[0] = 0x80;
  bad("512 bytes: not a bucket size", b);
  b = Bytes(256, 0);
  b.back() = 0x80;
  b[0] = 0x80;
  d.add(gu, "marker in the last byte: the payload keeps its own 0x80", {"Bucket"}, "valid",
        {{"padded", hx(b)}, {"msg", hx(Bytes(b.begin(), b.end() - 1))}});
  d.write(out, "padding");
}

// ---- share_code -----------------------------------------------------------------
void gen_share(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "share_code");
  Doc d("share_code", {{"Canonical", "A well-formed code (PROTO-ARTHAS-01)."},
                       {"NonCanonical", "The key part is not the one canonical base64url spelling."},
                       {"WrongLength", "The key part is not 43 characters / 32 bytes."},
                       {"BadRoom", "The room part is not an identifier."},
                       {"BadSeparator", "Not exactly one ':'."}});
  Json& g = d.group(Json::object());
  const auto good = [&](const std::string& room) {
    const Bytes k = rng.bytes(32);
    const std::string code = must(proto::format_share_code(room, SecretBytes(ByteView(k))), "fmt");
    d.add(g, "room " + room, {"Canonical"}, "valid", {{"code", code}, {"room", room}, {"key", hx(k)}});
    return code;
  };
  const std::string c1 = good("room1");
  good(std::string(64, 'z'));
  good("A-b_9");
  const Bytes zero(32, 0);
  d.add(g, "all-zero key", {"Canonical"}, "valid",
        {{"code", "r:" + base64url_encode(zero)}, {"room", "r"}, {"key", hx(zero)}});
  const std::string key = c1.substr(c1.find(':') + 1);
  const auto bad = [&](std::string comment, const char* flag, const std::string& code) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"code", code}}, "E2E_ERR_DECODE");
  };
  // The last of 43 characters carries 4 bits: 2 unused bits must be zero.
  std::string nc = "r:" + base64url_encode(zero);
  nc.back() = 'B';
  bad("last character has non-zero unused bits", "NonCanonical", nc);
  bad("padded with '='", "NonCanonical", "room1:" + key + "=");
  bad("standard base64 alphabet '+'", "NonCanonical", "room1:+" + key.substr(1));
  bad("standard base64 alphabet '/'", "NonCanonical", "room1:/" + key.substr(1));
  bad("42 characters", "WrongLength", "room1:" + key.substr(0, 42));
  bad("44 characters (33 bytes)", "WrongLength", "room1:" + base64url_encode(Bytes(33, 7)));
  bad("31-byte key", "WrongLength", "room1:" + base64url_encode(Bytes(31, 7)));
  bad("empty key", "WrongLength", "room1:");
  bad("empty room", "BadRoom", ":" + key);
  bad("room with '.'", "BadRoom", "room.1:" + key);
  bad("room of 65 characters", "BadRoom", std::string(65, 'z') + ":" + key);
  bad("no ':'", "BadSeparator", "room1" + key);
  bad("two ':'", "BadSeparator", "room1:x:" + key);
  bad("whitespace after the key", "NonCanonical", "room1:" + key + " ");
  d.write(out, "share_code");
}

// ---- ecies_wrap -----------------------------------------------------------------
void gen_ecies(const std::filesystem::path& out) {
  DeterministicRng base(kSeed, "ecies_wrap");
  RecordingRng rng(base);
  Doc d("ecies_wrap",
        {{"Wrap", "A wrap computed by the construction of PROTOCOL.md 5 (PROTO-WRAP-01)."},
         {"Tampered", "One byte of ct or iv changed: E2E_ERR_AUTH_FAILED."},
         {"OtherEph", "eph replaced by another valid point: E2E_ERR_AUTH_FAILED."},
         {"InvalidPoint", "eph is not a valid uncompressed P-256 point: E2E_ERR_INVALID_KEY."},
         {"WrongContext", "The wrap is opened with another ctx: E2E_ERR_AUTH_FAILED."},
         {"WrongLabel", "The wrap was made under the other preset's label: E2E_ERR_AUTH_FAILED."},
         {"WrongRecipient", "Opened with another recipient key: E2E_ERR_AUTH_FAILED."}});
  for (const char* c : {"eleven", "hardened"}) {
    const bool hard = std::string(c) == "hardened";
    const std::string_view label = hard ? proto::labels::kHardenedWrap : proto::labels::kElevenWrap;
    const std::string_view other = hard ? proto::labels::kElevenWrap : proto::labels::kHardenedWrap;
    Json& g = d.group({{"construction", c}, {"label", label}});
    auto r = must(crypto::P256PrivateKey::generate(rng), "p256");
    (void)rng.take();
    const Bytes rs = sb(r.scalar());
    const Bytes ctx = hard ? hardened_wrap_ctx("chat-7", 3, "bob") : Bytes{};
    Json last;
    for (int i = 0; i < 2; ++i) {
      const Bytes key = rng.bytes(32);
      (void)rng.take();
      const Bytes c2 = hard && i == 1 ? hardened_wrap_ctx("c", 0, "d") : ctx;
      auto w = must(proto::ecies_wrap(rng, r.public_key(), key, label, c2), "wrap");
      const auto draws = rng.take();
      if (draws.size() != 2) std::exit(1);
      last = {{"recipientPrivate", hx(rs)}, {"ctx", hx(c2)}, {"eph", hx(w.eph)}, {"iv", hx(w.iv)}, {"ct", hx(w.ct)}};
      Json f = last;
      f["ephPrivate"] = hx(draws[0]);
      f["key"] = hx(key);
      d.add(g, std::string(c) + " wrap " + std::to_string(i), {"Wrap"}, "valid", f);
    }
    const auto bad = [&](std::string comment, const char* flag, Json f, const char* err) {
      d.add(g, std::move(comment), {flag}, "invalid", std::move(f), err);
    };
    Json f = last;
    f["ct"] = hx(flip(must(hex_decode(last["ct"].get<std::string>()), "hex"), 0));
    bad("ct byte 0 changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    f["ct"] = hx(flip(must(hex_decode(last["ct"].get<std::string>()), "hex"), 47));
    bad("tag byte changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    f["iv"] = hx(flip(must(hex_decode(last["iv"].get<std::string>()), "hex"), 11));
    bad("iv changed", "Tampered", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    auto o = must(crypto::P256PrivateKey::generate(rng), "p256");
    f["eph"] = hx(o.public_key().to_uncompressed());
    bad("eph replaced by another point", "OtherEph", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    Bytes eph = must(hex_decode(last["eph"].get<std::string>()), "hex");
    eph[64] ^= 0x01;
    f["eph"] = hx(eph);
    bad("eph y changed: off the curve", "InvalidPoint", f, "E2E_ERR_INVALID_KEY");
    f = last;
    eph = must(hex_decode(last["eph"].get<std::string>()), "hex");
    eph[0] = 0x02;
    eph.resize(33);
    f["eph"] = hx(eph);
    bad("eph in compressed form", "InvalidPoint", f, "E2E_ERR_INVALID_KEY");
    f = last;
    f["ctx"] = hx(hard ? hardened_wrap_ctx("c", 1, "d") : to_bytes("x"));
    bad(hard ? "ctx of another epoch" : "non-empty ctx", "WrongContext", f, "E2E_ERR_AUTH_FAILED");
    f = last;
    auto o2 = must(crypto::P256PrivateKey::generate(rng), "p256");
    f["recipientPrivate"] = hx(sb(o2.scalar()));
    bad("another recipient's private key", "WrongRecipient", f, "E2E_ERR_AUTH_FAILED");
    {
      const Bytes key = rng.bytes(32);
      auto w = must(proto::ecies_wrap(rng, r.public_key(), key, other, ctx), "wrap");
      bad("wrapped under the other preset's label", "WrongLabel",
          {{"recipientPrivate", hx(rs)}, {"ctx", hx(ctx)}, {"eph", hx(w.eph)}, {"iv", hx(w.iv)}, {"ct", hx(w.ct)}},
          "E2E_ERR_AUTH_FAILED");
    }
    (void)rng.take();
  }
  d.write(out, "ecies_wrap");
}

// ---- envelope_hardened -----------------------------------------------------------
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
  Json body = Json::object();
  body["epoch"] = h.epoch;
  body["ctr"] = h.ctr;
  body["mid"] = base64url_encode(h.mid);
  body["iv"] = base64url_encode(iv);
  body["commit"] = base64url_encode(commit);
  body["ciphertext"] = base64url_encode(ct);
  body["s"] = base64url_encode(s);
  return body;
}

void gen_hardened(const std::filesystem::path& out) {
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

// ---- roster_op ------------------------------------------------------------------
void gen_roster(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "roster_op");
  Doc d("roster_op",
        {{"Signed", "A roster operation signed as in PROTOCOL.md 6: signed bytes, s, hash, encoding."},
         {"Tampered", "A field changed after signing: the signature fails, E2E_ERR_AUTH_FAILED."},
         {"OtherSigner", "Signed by another key than the expected signer's: E2E_ERR_AUTH_FAILED."},
         {"StrictEncoding", "Unknown, missing or wrongly sized field: E2E_ERR_DECODE."}});
  Json& g = d.group(Json::object());
  auto admin = must(crypto::Ed25519PrivateKey::generate(rng), "ed");
  const Bytes admin_seed = sb(admin.seed());
  const Bytes admin_pub = admin.public_key();
  Bytes prev(32, 0);
  proto::SignedRosterOp last;
  const struct { proto::RosterOp op; const char* name; const char* device; } steps[] = {
      {proto::RosterOp::kCreate, "create", "admin-1"},
      {proto::RosterOp::kAdd, "add", "bob"},
      {proto::RosterOp::kRemove, "remove", "bob"}};
  uint64_t seq = 0;
  for (const auto& st : steps) {
    proto::SignedRosterOp op;
    op.chat = "chat-9";
    op.seq = seq++;
    op.prev = prev;
    op.op = st.op;
    op.device = st.device;
    op.dh = must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed();
    op.sig = must(crypto::Ed25519PrivateKey::generate(rng), "ed").public_key();
    if (st.op == proto::RosterOp::kCreate) op.sig = admin_pub;
    op.by = "admin-1";
    const Bytes signed_bytes = proto::roster_signed_bytes(op);
    if (!must_ok(proto::sign_roster_op(op, admin))) std::exit(1);
    const Bytes hash = proto::roster_op_hash(op);
    d.add(g, std::string(st.name) + " seq " + std::to_string(op.seq), {"Signed"}, "valid",
          {{"chat", op.chat}, {"seq", op.seq}, {"prev", hx(op.prev)}, {"op", st.name}, {"device", op.device},
           {"dh", hx(op.dh)}, {"sig", hx(op.sig)}, {"by", op.by}, {"signerSeed", hx(admin_seed)},
           {"signedBytes", hx(signed_bytes)}, {"s", hx(op.s)}, {"hash", hx(hash)},
           {"encoded", to_string(proto::encode_roster_op(op))}});
    prev = hash;
    last = op;
  }
  const auto bad = [&](std::string comment, const char* flag, const std::string& encoded, const char* err) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"encoded", encoded}, {"signerPublic", hx(admin_pub)}}, err);
  };
  const auto tamper = [&](const char* field, Json value, std::string comment) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
    j[field] = std::move(value);
    bad(std::move(comment), "Tampered", j.dump(), "E2E_ERR_AUTH_FAILED");
  };
  tamper("chat", "chat-8", "chat changed");
  tamper("seq", 3, "seq changed");
  tamper("prev", base64url_encode(Bytes(32, 0)), "prev changed");
  tamper("op", "add", "op changed");
  tamper("device", "carol", "device changed");
  tamper("dh", base64url_encode(must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed()),
         "dh changed");
  tamper("sig", base64url_encode(must(crypto::Ed25519PrivateKey::generate(rng), "ed").public_key()), "sig changed");
  tamper("by", "bob", "by changed");
  {
    proto::SignedRosterOp op = last;
    auto other = must(crypto::Ed25519PrivateKey::generate(rng), "ed");
    if (!must_ok(proto::sign_roster_op(op, other))) std::exit(1);
    bad("signed by another key", "OtherSigner", to_string(proto::encode_roster_op(op)), "E2E_ERR_AUTH_FAILED");
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["x"] = 1;
  bad("unknown field", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j.erase("by");
  bad("by missing", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["prev"] = base64url_encode(Bytes(31, 0));
  bad("prev of 31 bytes", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  j = nlohmann::ordered_json::parse(to_string(proto::encode_roster_op(last)));
  j["op"] = "promote";
  bad("unknown op", "StrictEncoding", j.dump(), "E2E_ERR_DECODE");
  d.write(out, "roster_op");
}

// ---- frames ---------------------------------------------------------------------
void gen_frames(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "frames");
  Doc d("frames", {{"RoundTrip", "Parses, and serializing the parsed frame gives the same text (PROTO-FRAME-08)."},
                   {"Version", "Another \"v\": E2E_ERR_UNSUPPORTED (PROTO-FRAME-02)."},
                   {"UnknownType", "Unknown \"t\": E2E_ERR_DECODE (PROTO-FRAME-02)."},
                   {"StrictFields", "Missing, unknown or wrongly typed field: E2E_ERR_DECODE (PROTO-FRAME-03)."},
                   {"Base64url", "Padded, non-canonical or wrongly sized binary field: E2E_ERR_DECODE (PROTO-FRAME-04)."},
                   {"Limits", "Integer out of 0..2^53-1 or identifier not [A-Za-z0-9_-]{1,64}: E2E_ERR_DECODE (PROTO-FRAME-05/06)."},
                   {"NotAnObject", "Not JSON or not an object: E2E_ERR_DECODE (PROTO-FRAME-01)."}});
  const std::string dh = base64url_encode(must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed());
  const std::string sig = base64url_encode(rng.bytes(32));
  const std::string h32 = base64url_encode(rng.bytes(32));
  const std::string sgn = base64url_encode(rng.bytes(40));
  const std::string body = R"({"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AQID"})";
  const auto valid_group = [&](const char* dir, const std::vector<std::string>& texts, bool client) {
    Json& g = d.group({{"direction", dir}});
    for (const auto& text : texts) {
      std::string again;
      if (client) {
        again = proto::serialize(must(proto::parse_client_frame(text), text.c_str()));
      } else {
        again = proto::serialize(must(proto::parse_relay_frame(text), text.c_str()));
      }
      const Json j = Json::parse(again);
      d.add(g, j["t"].get<std::string>(), {"RoundTrip"}, "valid", {{"frame", again}});
    }
    return &g;
  };
  Json* gc = valid_group("client", {
      R"({"v":1,"t":"register","rid":1,"name":"Alice","dh":")" + dh + R"(","sig":")" + sig + R"("})",
      R"({"v":1,"t":"lookup","rid":2,"devices":["alice","bob"]})",
      R"({"v":1,"t":"create_chat","rid":3,"chat":"chat-1"})",
      R"({"v":1,"t":"create_chat","rid":3,"chat":"chat-1","admin":")" + h32 + R"("})",
      R"({"v":1,"t":"join","rid":4,"chat":"room_1"})",
      R"({"v":1,"t":"leave","rid":5,"chat":"room_1"})",
      R"({"v":1,"t":"member","rid":6,"chat":"chat-1","op":"add","device":"bob","cred":")" + h32 + R"(","signed":")" + sgn + R"("})",
      R"({"v":1,"t":"member","rid":6,"chat":"chat-1","op":"remove","device":"bob"})",
      R"({"v":1,"t":"invite","rid":7,"chat":"chat-1","hash":")" + h32 + R"(","cred":")" + h32 + R"("})",
      R"({"v":1,"t":"redeem","rid":8,"chat":"chat-1","hash":")" + h32 + R"("})",
      R"({"v":1,"t":"send","rid":9,"chat":"chat-1","cmid":"m1","body":)" + body + "}",
      R"({"v":1,"t":"direct","rid":10,"chat":"chat-1","cmid":"m2","to":"bob","body":)" + body + "}",
      R"({"v":1,"t":"ack","rid":9007199254740991,"ids":[1,2,3]})",
      R"({"v":1,"t":"fetch","rid":0})",
      R"({"v":1,"t":"typing","chat":"chat-1","on":true})"}, true);
  Json* gr = valid_group("relay", {
      R"({"v":1,"t":"ok","rid":1})",
      R"({"v":1,"t":"error","rid":2,"code":"E2E_ERR_STATE","detail":"taken"})",
      R"({"v":1,"t":"error","code":"E2E_ERR_DECODE","detail":"bad frame"})",
      R"({"v":1,"t":"keys","rid":3,"entries":[{"device":"bob","name":"Bob","dh":")" + dh + R"(","sig":")" + sig + R"("}],"missing":["carol"]})",
      R"({"v":1,"t":"sent","rid":4,"cmid":"m1","ids":[7,8]})",
      R"({"v":1,"t":"deliver","id":7,"chat":"chat-1","from":"alice","ts":1700000000000,"kind":"msg","body":)" + body + "}",
      R"({"v":1,"t":"deliver","id":8,"chat":"chat-1","from":"alice","ts":1700000000001,"kind":"roster","op":"add","device":"bob","signed":")" + sgn + R"("})",
      R"({"v":1,"t":"typing","chat":"chat-1","from":"alice","on":false})"}, false);
  const auto bad = [&](Json* g, std::string comment, const char* flag, const std::string& text, const char* err) {
    d.add(*g, std::move(comment), {flag}, "invalid", {{"frame", text}}, err);
  };
  bad(gc, "v 2", "Version", R"({"v":2,"t":"fetch","rid":0})", "E2E_ERR_UNSUPPORTED");
  bad(gc, "v missing", "StrictFields", R"({"t":"fetch","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "unknown t", "UnknownType", R"({"v":1,"t":"shout","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "relay type sent by a client", "UnknownType", R"({"v":1,"t":"ok","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "register without sig", "StrictFields", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"("})", "E2E_ERR_DECODE");
  bad(gc, "unknown field", "StrictFields", R"({"v":1,"t":"fetch","rid":0,"x":1})", "E2E_ERR_DECODE");
  bad(gc, "rid as a string", "StrictFields", R"({"v":1,"t":"fetch","rid":"0"})", "E2E_ERR_DECODE");
  bad(gc, "typing on as 1", "StrictFields", R"({"v":1,"t":"typing","chat":"c","on":1})", "E2E_ERR_DECODE");
  bad(gc, "body not an object", "StrictFields", R"({"v":1,"t":"send","rid":9,"chat":"c","cmid":"m1","body":"x"})", "E2E_ERR_DECODE");
  bad(gc, "chat of 65 characters", "Limits", R"({"v":1,"t":"join","rid":4,"chat":")" + std::string(65, 'c') + R"("})", "E2E_ERR_DECODE");
  bad(gc, "chat with '.'", "Limits", R"({"v":1,"t":"join","rid":4,"chat":"a.b"})", "E2E_ERR_DECODE");
  bad(gc, "rid 2^53", "Limits", R"({"v":1,"t":"fetch","rid":9007199254740992})", "E2E_ERR_DECODE");
  bad(gc, "rid -1", "Limits", R"({"v":1,"t":"fetch","rid":-1})", "E2E_ERR_DECODE");
  bad(gc, "dh padded with '='", "Base64url", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"(=","sig":")" + sig + R"("})", "E2E_ERR_DECODE");
  {
    std::string nc = sig;  // 43 characters for 32 bytes: 2 unused bits
    nc.back() = nc.back() == 'B' ? 'C' : 'B';
    bad(gc, "sig with non-zero unused bits", "Base64url", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"(","sig":")" + nc + R"("})", "E2E_ERR_DECODE");
  }
  bad(gc, "hash of 31 bytes", "Base64url", R"({"v":1,"t":"redeem","rid":8,"chat":"c","hash":")" + base64url_encode(Bytes(31, 1)) + R"("})", "E2E_ERR_DECODE");
  bad(gc, "not JSON", "NotAnObject", R"({"v":1,"t":)", "E2E_ERR_DECODE");
  bad(gc, "a JSON array", "NotAnObject", R"([1])", "E2E_ERR_DECODE");
  bad(gr, "deliver msg without body", "StrictFields", R"({"v":1,"t":"deliver","id":7,"chat":"c","from":"a","ts":1,"kind":"msg"})", "E2E_ERR_DECODE");
  bad(gr, "deliver with unknown kind", "StrictFields", R"({"v":1,"t":"deliver","id":7,"chat":"c","from":"a","ts":1,"kind":"note","body":{}})", "E2E_ERR_DECODE");
  bad(gr, "client type sent by the relay", "UnknownType", R"({"v":1,"t":"fetch","rid":0})", "E2E_ERR_DECODE");
  bad(gr, "v 0", "Version", R"({"v":0,"t":"ok","rid":1})", "E2E_ERR_UNSUPPORTED");
  bad(gr, "ok without rid", "StrictFields", R"({"v":1,"t":"ok"})", "E2E_ERR_DECODE");
  d.write(out, "frames");
}

// ---- envelope_arthas / envelope_eleven ------------------------------------------------
Json aead_body(ByteView key, ByteView iv, ByteView pt, bool tamper) {
  auto aead = must(crypto::AesGcm::create(key), "gcm");
  Bytes ct = must(aead.seal(iv, {}, pt), "seal");
  if (tamper) ct[0] ^= 0x01;
  Json b = Json::object();
  b["iv"] = base64url_encode(iv);
  b["ciphertext"] = base64url_encode(ct);
  return b;
}

void gen_arthas(const std::filesystem::path& out) {
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

void gen_eleven(const std::filesystem::path& out) {
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

// ---- invites --------------------------------------------------------------------
void gen_invites(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "invites");
  Doc d("invites", {{"Valid", "A well-formed eleven invite link; hash = SHA-256(secret) (PROTO-ELEVEN-03)."},
                    {"NonCanonical", "The secret is not the one canonical base64url spelling."},
                    {"WrongLength", "The secret is not 43 characters / 32 bytes."},
                    {"BadChat", "The chat part is not an identifier."},
                    {"Structure", "Not a bare {chat}#{secret}: no '#', two '#', an escaped '#' or a URL."}});
  Json& g = d.group(Json::object());
  const auto good = [&](std::string comment, const std::string& chat, const Bytes& s) {
    const SecretBytes secret{ByteView(s)};
    const std::string link = must(proto::format_invite_link(chat, secret), "fmt");
    d.add(g, std::move(comment), {"Valid"}, "valid",
          {{"link", link}, {"chat", chat}, {"secret", hx(s)}, {"hash", hx(proto::invite_hash(secret))}});
    return link;
  };
  const std::string l1 = good("chat chat-1", "chat-1", rng.bytes(32));
  good("64-character chat", std::string(64, 'q'), rng.bytes(32));
  good("1-character chat", "c", rng.bytes(32));
  good("chat with every identifier character class", "A-b_9", rng.bytes(32));
  const Bytes zero(32, 0);
  good("all-zero secret", "z", zero);
  good("all-0xff secret", "g", Bytes(32, 0xff));
  const std::string s = l1.substr(l1.find('#') + 1);
  const auto bad = [&](std::string comment, const char* flag, const std::string& link) {
    d.add(g, std::move(comment), {flag}, "invalid", {{"link", link}}, "E2E_ERR_DECODE");
  };
  bad("no '#'", "Structure", "chat-1" + s);
  bad("two '#'", "Structure", "chat-1#" + s + "#");
  bad("'#' twice in a row", "Structure", "chat-1##" + s);
  bad("'#' %-escaped as %23", "Structure", "chat-1%23" + s);  // a URL-decoder would accept it
  bad("URL form https://host/join/c1#...", "Structure", "https://host/join/c1#" + s);
  bad("empty chat", "BadChat", "#" + s);
  bad("chat with '.'", "BadChat", "chat.1#" + s);
  bad("chat of 65 characters", "BadChat", std::string(65, 'q') + "#" + s);
  bad("31-byte secret", "WrongLength", "chat-1#" + base64url_encode(Bytes(31, 7)));
  bad("33-byte secret", "WrongLength", "chat-1#" + base64url_encode(Bytes(33, 7)));
  bad("42 characters", "WrongLength", "chat-1#" + s.substr(0, 42));
  bad("empty secret", "WrongLength", "chat-1#");
  // The last of 43 characters carries 4 bits: 2 unused bits must be zero.
  std::string nc = base64url_encode(zero);
  nc.back() = 'B';
  bad("last character has non-zero unused bits", "NonCanonical", "z#" + nc);
  bad("padded with '='", "NonCanonical", "chat-1#" + s + "=");
  bad("standard base64 alphabet '+'", "NonCanonical", "chat-1#+" + s.substr(1));
  bad("standard base64 alphabet '/'", "NonCanonical", "chat-1#/" + s.substr(1));
  bad("trailing line break", "NonCanonical", "chat-1#" + s + "\n");
  bad("a space inside the secret", "NonCanonical", "chat-1#" + s.substr(0, 20) + " " + s.substr(21));
  {
    // URL-decoding would give back the valid link: the parser must not decode.
    char esc[4];
    std::snprintf(esc, sizeof esc, "%%%02X", static_cast<unsigned>(static_cast<unsigned char>(s[0])));
    bad("first secret character %-escaped", "NonCanonical", "chat-1#" + std::string(esc) + s.substr(1));
  }
  d.write(out, "invites");
}

}  // namespace
}  // namespace e2e::vectors

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(E2E_VECTORS_DIR);
  e2e::vectors::gen_hkdf(out);
  e2e::vectors::gen_padding(out);
  e2e::vectors::gen_share(out);
  e2e::vectors::gen_ecies(out);
  e2e::vectors::gen_hardened(out);
  e2e::vectors::gen_roster(out);
  e2e::vectors::gen_frames(out);
  e2e::vectors::gen_arthas(out);
  e2e::vectors::gen_eleven(out);
  e2e::vectors::gen_invites(out);
  return 0;
}
