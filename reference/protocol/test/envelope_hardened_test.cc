// hardened message bodies and epoch-key wraps (PROTO-HARD-01..03, 05, 06),
// including the key-commitment defence against attack C01 demonstrated with a
// real two-key AES-GCM ciphertext ("invisible salamander").
//= type=test
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/hkdf.h"
#include "crypto/hmac.h"
#include "protocol/envelope.h"
#include "protocol/labels.h"
#include "protocol/limits.h"
#include "protocol/padding.h"

namespace e2e::proto {
namespace {

// ---- the construction, written again from §8.3 with independent encoders ----

void put_u64(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_lp(Bytes& out, std::string_view s) {
  const auto n = static_cast<uint32_t>(s.size());
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
  out.insert(out.end(), s.begin(), s.end());
}
void put_raw(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

Bytes spec_aad(const HardenedHeader& h) {
  Bytes a;
  put_raw(a, as_bytes("e2eproof/v1/hardened/msg"));
  put_lp(a, h.chat);
  put_lp(a, h.sender);
  put_u64(a, h.epoch);
  put_u64(a, h.ctr);
  put_raw(a, h.mid);
  return a;
}

struct SpecKeys {
  SecretBytes enc;
  SecretBytes ck;
};

SpecKeys spec_keys(const SecretBytes& ek, const HardenedHeader& h) {
  Bytes info;
  put_raw(info, as_bytes("e2eproof/v1/hardened/sender"));
  put_lp(info, h.chat);
  put_lp(info, h.sender);
  put_u64(info, h.epoch);
  SecretBytes sk = crypto::hkdf_sha256(ek.reveal(), {}, info, 32).value();
  return SpecKeys{crypto::hkdf_sha256(sk.reveal(), {}, as_bytes("e2eproof/v1/hardened/enc"), 32).value(),
                  crypto::hkdf_sha256(sk.reveal(), {}, as_bytes("e2eproof/v1/hardened/commit"), 32).value()};
}

Bytes b64(const Json& j, const std::string& field) {
  return base64url_decode(j.at(field).get<std::string>()).value();
}

// spec_body builds a body from already-encrypted parts, signing what §8.3 says.
Json spec_body(const HardenedHeader& h, ByteView iv, ByteView commit, ByteView ct,
               const crypto::Ed25519PrivateKey& signer) {
  const Bytes s = signer.sign(concat({spec_aad(h), iv, commit, ct})).value();
  return Json{{"epoch", h.epoch}, {"ctr", h.ctr}, {"mid", base64url_encode(h.mid)}, {"iv", base64url_encode(iv)},
              {"commit", base64url_encode(commit)}, {"ciphertext", base64url_encode(ct)}, {"s", base64url_encode(s)}};
}

// spec_seal_bytes encrypts an arbitrary (already padded or deliberately
// mis-padded) plaintext exactly as §8.3 says.
Json spec_seal_bytes(Rng& rng, const SecretBytes& ek, const HardenedHeader& h, ByteView padded,
                     const crypto::Ed25519PrivateKey& signer) {
  const SpecKeys k = spec_keys(ek, h);
  const Bytes aad = spec_aad(h);
  const Bytes iv = rng.bytes(12);
  const Bytes commit = crypto::hmac_sha256(k.ck.reveal(), concat({iv, aad})).value();
  const Bytes ct = crypto::AesGcm::create(k.enc.reveal())->seal(iv, aad, padded).value();
  return spec_body(h, iv, commit, ct, signer);
}

Json flip_b64_bit(Json j, const std::string& field, size_t bit) {
  Bytes b = b64(j, field);
  b[bit / 8] = static_cast<uint8_t>(b[bit / 8] ^ (1u << (bit % 8)));
  j[field] = base64url_encode(b);
  return j;
}

class HardenedTest : public ::testing::Test {
 protected:
  DeterministicRng rng_{41, "hardened"};
  SecretBytes ek_ = rng_.secret(32);
  crypto::Ed25519PrivateKey alice_ = crypto::Ed25519PrivateKey::generate(rng_).value();
  crypto::Ed25519PrivateKey bob_ = crypto::Ed25519PrivateKey::generate(rng_).value();
  crypto::Ed25519PrivateKey mallory_ = crypto::Ed25519PrivateKey::generate(rng_).value();
  Bytes alice_pub_ = alice_.public_key();
  Bytes bob_pub_ = bob_.public_key();
  HardenedHeader header_{"chat-1", "alice", 3, 7, rng_.bytes(16)};
  Json text_ = Json{{"text", "hello hardened"}};

  Json seal(const Json& payload) { return seal(payload, header_); }
  Json seal(const Json& payload, const HardenedHeader& h) {
    auto b = hardened_seal(rng_, ek_, h, payload, alice_);
    EXPECT_TRUE(b.ok()) << b.error();
    return std::move(b).value();
  }
  Result<HardenedOpened> open(const Json& body) { return hardened_open(ek_, body, "chat-1", "alice", alice_pub_); }
};

// ---- PROTO-HARD-02: layout and round trips ----

TEST_F(HardenedTest, PROTO_HARD_02_TextRoundTrip) {
  const Json body = seal(text_);
  EXPECT_EQ(body.size(), 7u);
  for (const char* f : {"epoch", "ctr", "mid", "iv", "commit", "ciphertext", "s"}) EXPECT_TRUE(body.contains(f)) << f;
  EXPECT_EQ(body.at("epoch"), 3);
  EXPECT_EQ(body.at("ctr"), 7);
  EXPECT_EQ(b64(body, "mid"), header_.mid);
  EXPECT_EQ(b64(body, "iv").size(), 12u);
  EXPECT_EQ(b64(body, "commit").size(), 32u);
  EXPECT_EQ(b64(body, "ciphertext").size(), 256u + 16u);  // padded to the first bucket
  EXPECT_EQ(b64(body, "s").size(), 64u);
  auto opened = open(body);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->payload, text_);
  EXPECT_EQ(opened->header.chat, "chat-1");
  EXPECT_EQ(opened->header.sender, "alice");
  EXPECT_EQ(opened->header.epoch, 3u);
  EXPECT_EQ(opened->header.ctr, 7u);
  EXPECT_EQ(opened->header.mid, header_.mid);
}

TEST_F(HardenedTest, PROTO_HARD_02_TypingRoundTrip) {
  for (bool on : {true, false}) {
    auto opened = open(seal(Json{{"typing", on}}));
    ASSERT_TRUE(opened.ok()) << opened.error();
    EXPECT_EQ(opened->payload, Json({{"typing", on}}));
  }
}

TEST_F(HardenedTest, PROTO_HARD_02_AadLayout) {
  EXPECT_EQ(hex_encode(hardened_aad(header_)), hex_encode(spec_aad(header_)));
  // Field boundaries are length-prefixed: moving a character between chat
  // and sender changes the AAD.
  HardenedHeader a = header_, b = header_;
  a.chat = "ab";
  a.sender = "c";
  b.chat = "a";
  b.sender = "bc";
  EXPECT_NE(hardened_aad(a), hardened_aad(b));
}

// The body matches §8.3 computed with the primitives alone: the per-sender key
// schedule, commit = HMAC(ck, iv || aad), ciphertext = AEAD(enc, iv, aad,
// pad(payload)) and s = Sign(sender, aad || iv || commit || ciphertext).
TEST_F(HardenedTest, PROTO_HARD_02_MatchesSpecConstruction) {
  const Json body = seal(text_);
  const SpecKeys k = spec_keys(ek_, header_);
  const Bytes aad = spec_aad(header_);
  const Bytes iv = b64(body, "iv");
  EXPECT_EQ(hex_encode(b64(body, "commit")),
            hex_encode(crypto::hmac_sha256(k.ck.reveal(), concat({iv, aad})).value()));
  auto padded = crypto::AesGcm::create(k.enc.reveal())->open(iv, aad, b64(body, "ciphertext"));
  ASSERT_TRUE(padded.ok());
  const SecretBytes expected = pad(as_bytes(std::string(R"({"text":"hello hardened"})"))).value();
  EXPECT_TRUE(*padded == expected);
  EXPECT_TRUE(crypto::ed25519_verify(alice_pub_,
                                     concat({aad, iv, b64(body, "commit"), b64(body, "ciphertext")}),
                                     b64(body, "s"))
                  .ok());
  // And a body built from the spec alone opens.
  DeterministicRng r(1);
  auto spec_opened = open(spec_seal_bytes(r, ek_, header_, expected.reveal(), alice_));
  ASSERT_TRUE(spec_opened.ok()) << spec_opened.error();
  EXPECT_EQ(spec_opened->payload, text_);
}

TEST_F(HardenedTest, PROTO_HARD_02_PerSenderKeysDiffer) {
  HardenedHeader bob_h = header_;
  bob_h.sender = "bob";
  HardenedHeader next_epoch = header_;
  next_epoch.epoch += 1;
  const SpecKeys a = spec_keys(ek_, header_);
  EXPECT_FALSE(a.enc == spec_keys(ek_, bob_h).enc);
  EXPECT_FALSE(a.enc == spec_keys(ek_, next_epoch).enc);
  EXPECT_FALSE(a.enc == a.ck);
}

TEST_F(HardenedTest, PROTO_HARD_02_SealRefusesBadInputs) {
  for (const Json& bad : {Json{{"text", 1}}, Json{{"text", "a"}, {"typing", true}}, Json::object(),
                          Json{{"typing", "yes"}}, Json{{"body", "x"}}, Json::array(), Json("text")}) {
    EXPECT_EQ(hardened_seal(rng_, ek_, header_, bad, alice_).code(), Errc::kInvalidArgument) << bad.dump();
  }
  EXPECT_EQ(hardened_seal(rng_, ek_, header_, Json{{"text", "\xff"}}, alice_).code(), Errc::kInvalidArgument);
  HardenedHeader h = header_;
  h.mid.pop_back();
  EXPECT_EQ(hardened_seal(rng_, ek_, h, text_, alice_).code(), Errc::kInvalidArgument);
  h = header_;
  h.chat = "bad chat";
  EXPECT_EQ(hardened_seal(rng_, ek_, h, text_, alice_).code(), Errc::kInvalidArgument);
  h = header_;
  h.ctr = kMaxJsonInt + 1;
  EXPECT_EQ(hardened_seal(rng_, ek_, h, text_, alice_).code(), Errc::kInvalidArgument);
  DeterministicRng r(1);
  EXPECT_EQ(hardened_seal(r, r.secret(16), header_, text_, alice_).code(), Errc::kInvalidArgument);
}

// ---- PROTO-HARD-06: padding at the bound ----

TEST_F(HardenedTest, PROTO_HARD_06_PayloadFillingLargestBucketAcceptedOneMoreRefused) {
  // {"text":"..."} adds 11 bytes; 65524 characters make a 65535-byte payload,
  // which with its 0x80 marker fills the 65536 bucket exactly.
  const Json fits = Json{{"text", std::string(65524, 'a')}};
  ASSERT_EQ(fits.dump().size(), 65535u);
  const Json body = seal(fits);
  EXPECT_EQ(b64(body, "ciphertext").size(), 65536u + 16u);
  auto opened = open(body);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->payload, fits);
  const Json too_big = Json{{"text", std::string(65525, 'a')}};
  EXPECT_EQ(hardened_seal(rng_, ek_, header_, too_big, alice_).code(), Errc::kLimitExceeded);
}

TEST_F(HardenedTest, PROTO_HARD_06_CiphertextLengthIsABucket) {
  // 255-byte payload -> 256 bucket; 256-byte payload -> 1024 bucket.
  EXPECT_EQ(b64(seal(Json{{"text", std::string(244, 'a')}}), "ciphertext").size(), 256u + 16u);
  EXPECT_EQ(b64(seal(Json{{"text", std::string(245, 'a')}}), "ciphertext").size(), 1024u + 16u);
  EXPECT_EQ(b64(seal(Json{{"text", ""}}), "ciphertext").size(), 256u + 16u);
}

TEST_F(HardenedTest, PROTO_HARD_06_BadPaddingAfterAuthenticationIsDecodeError) {
  DeterministicRng r(2);
  Bytes no_marker(256, 0);
  const std::string payload = R"({"text":"x"})";
  std::copy(payload.begin(), payload.end(), no_marker.begin());
  const SecretBytes padded = pad(as_bytes(payload)).value();
  Bytes not_bucket(padded.reveal().begin(), padded.reveal().end());
  not_bucket.pop_back();
  Bytes trailing_garbage(padded.reveal().begin(), padded.reveal().end());
  trailing_garbage.back() = 0x01;
  for (const Bytes& pt : {no_marker, not_bucket, trailing_garbage}) {
    EXPECT_EQ(open(spec_seal_bytes(r, ek_, header_, pt, alice_)).code(), Errc::kDecodeError);
  }
}

TEST_F(HardenedTest, PROTO_HARD_02_StrictPayloadAfterAuthentication) {
  DeterministicRng r(3);
  for (const char* payload : {"", "text", R"({"text":1})", R"({"typing":"on"})", R"({"text":"a","typing":true})",
                              R"({"text":"a","ts":1})", R"({"text":"a","text":"b"})", R"(["text"])", "{}",
                              R"({"text":"a"} x)"}) {
    const SecretBytes padded = pad(as_bytes(std::string_view(payload))).value();
    EXPECT_EQ(open(spec_seal_bytes(r, ek_, header_, padded.reveal(), alice_)).code(), Errc::kDecodeError)
        << payload;
  }
}

// ---- PROTO-HARD-03: rejection paths ----

TEST_F(HardenedTest, PROTO_HARD_03_WrongEpochKeyRejected) {
  const Json body = seal(text_);
  DeterministicRng r(4);
  EXPECT_EQ(hardened_open(r.secret(32), body, "chat-1", "alice", alice_pub_).code(), Errc::kAuthFailed);
}

TEST_F(HardenedTest, PROTO_HARD_03_SignatureByAnotherKeyRejected) {
  const Json body = seal(text_);
  // Checked under the wrong member's key.
  EXPECT_EQ(hardened_open(ek_, body, "chat-1", "alice", bob_pub_).code(), Errc::kAuthFailed);
  // A member who holds the epoch key forges a message "from alice", signing it
  // with her own key: everything but the signature is right.
  auto forged = hardened_seal(rng_, ek_, header_, Json{{"text", "forged"}}, mallory_);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(open(*forged).code(), Errc::kAuthFailed);
  // A wrong-length key to check against never verifies.
  EXPECT_EQ(hardened_open(ek_, body, "chat-1", "alice", Bytes(31, 0)).code(), Errc::kAuthFailed);
}

TEST_F(HardenedTest, PROTO_HARD_03_WrongContextRejected) {
  const Json body = seal(text_);
  EXPECT_EQ(hardened_open(ek_, body, "chat-2", "alice", alice_pub_).code(), Errc::kAuthFailed) << "other chat";
  Json j = body;
  j["epoch"] = 4;
  EXPECT_EQ(open(j).code(), Errc::kAuthFailed) << "other epoch";
  j = body;
  j["ctr"] = 8;
  EXPECT_EQ(open(j).code(), Errc::kAuthFailed) << "other ctr";
  j = body;
  j["ctr"] = 6;
  EXPECT_EQ(open(j).code(), Errc::kAuthFailed) << "other ctr";
  j = body;
  j["mid"] = base64url_encode(rng_.bytes(16));
  EXPECT_EQ(open(j).code(), Errc::kAuthFailed) << "other mid";
}

// The context check does not rest on the signature alone: a sender who signs a
// body whose header she edited afterwards still fails the commitment and AEAD.
TEST_F(HardenedTest, PROTO_HARD_03_ContextBoundByAeadEvenWhenResigned) {
  const Json body = seal(text_);
  HardenedHeader moved = header_;
  moved.epoch = 4;
  const Json resigned = spec_body(moved, b64(body, "iv"), b64(body, "commit"), b64(body, "ciphertext"), alice_);
  EXPECT_EQ(open(resigned).code(), Errc::kAuthFailed);
}

TEST_F(HardenedTest, PROTO_HARD_03_EveryBitFlipInEachFieldRejected) {
  const Json body = seal(text_);
  for (const std::string field : {"mid", "iv", "commit", "s"}) {
    const size_t bits = b64(body, field).size() * 8;
    for (size_t bit = 0; bit < bits; ++bit) {
      EXPECT_EQ(open(flip_b64_bit(body, field, bit)).code(), Errc::kAuthFailed) << field << " bit " << bit;
    }
  }
  // The ciphertext is long; every bit of its first and last 32 bytes, plus
  // the property below for the rest.
  const size_t ct_bits = b64(body, "ciphertext").size() * 8;
  for (size_t bit = 0; bit < ct_bits; ++bit) {
    if (bit >= 256 && bit + 256 < ct_bits) continue;
    EXPECT_EQ(open(flip_b64_bit(body, "ciphertext", bit)).code(), Errc::kAuthFailed) << "ciphertext bit " << bit;
  }
  for (uint64_t e : std::initializer_list<uint64_t>{0, 2, 4, kMaxJsonInt}) {
    Json j = body;
    j["epoch"] = e;
    EXPECT_EQ(open(j).code(), Errc::kAuthFailed) << "epoch " << e;
  }
}

RC_GTEST_PROP(HardenedProperty, PROTO_HARD_03_AnySingleBitFlipRejected, (uint64_t seed)) {
  DeterministicRng rng(seed, "hardened-prop");
  static const crypto::Ed25519PrivateKey signer = [] {
    DeterministicRng r(6);
    return crypto::Ed25519PrivateKey::generate(r).value();
  }();
  const SecretBytes ek = rng.secret(32);
  const HardenedHeader h{"c", "s", *rc::gen::inRange<uint64_t>(0, 100), *rc::gen::inRange<uint64_t>(0, 100), rng.bytes(16)};
  auto body = hardened_seal(rng, ek, h, Json{{"text", *rc::gen::arbitrary<std::string>()}}, signer);
  if (!body.ok()) RC_SUCCEED("text not UTF-8");
  const std::string field = *rc::gen::element(std::string("mid"), std::string("iv"), std::string("commit"),
                                             std::string("ciphertext"), std::string("s"));
  const size_t bits = b64(*body, field).size() * 8;
  const size_t bit = *rc::gen::inRange<size_t>(0, bits);
  const Bytes pub = signer.public_key();
  RC_ASSERT(hardened_open(ek, flip_b64_bit(*body, field, bit), "c", "s", pub).code() == Errc::kAuthFailed);
  RC_ASSERT(hardened_open(ek, *body, "c", "s", pub).ok());
}

// ---- PROTO-HARD-05: reflection ----

TEST_F(HardenedTest, PROTO_HARD_05_RedeliveredWithAnotherFromRejected) {
  const Json body = seal(text_);
  // Re-delivered as bob's, checked under bob's pinned key: the AAD names
  // alice, so bob's key cannot verify it.
  EXPECT_EQ(hardened_open(ek_, body, "chat-1", "bob", bob_pub_).code(), Errc::kAuthFailed);
  // Even if the client looked up alice's key, the AAD under the signature
  // names the relay's "from" (bob), not alice.
  EXPECT_EQ(hardened_open(ek_, body, "chat-1", "bob", alice_pub_).code(), Errc::kAuthFailed);
}

// ---- PROTO-HARD-03 order and key commitment (attack C01) ----

// Sanity check that the commitment check exists and runs before the AEAD: only
// the commit is changed (and re-signed so the signature passes), the AEAD
// would open, and the body is still refused.
TEST_F(HardenedTest, PROTO_HARD_03_TamperedCommitRejected) {
  const Json body = seal(text_);
  Bytes bad_commit = b64(body, "commit");
  bad_commit[0] ^= 0x01;
  const Json tampered = spec_body(header_, b64(body, "iv"), bad_commit, b64(body, "ciphertext"), alice_);
  // The signature is fine and the AEAD opens ...
  const SpecKeys k = spec_keys(ek_, header_);
  ASSERT_TRUE(crypto::ed25519_verify(alice_pub_, concat({spec_aad(header_), b64(tampered, "iv"), bad_commit,
                                                         b64(tampered, "ciphertext")}),
                                     b64(tampered, "s"))
                  .ok());
  ASSERT_TRUE(crypto::AesGcm::create(k.enc.reveal())->open(b64(tampered, "iv"), spec_aad(header_),
                                                           b64(tampered, "ciphertext"))
                  .ok());
  // ... and only the commitment refuses it.
  EXPECT_EQ(open(tampered).code(), Errc::kAuthFailed);
  // A commit of the wrong length is malformed, not merely wrong.
  Json short_commit = body;
  short_commit["commit"] = base64url_encode(Bytes(bad_commit.begin(), bad_commit.end() - 1));
  EXPECT_EQ(open(short_commit).code(), Errc::kDecodeError);
}

// The signature comes first: a body with a valid commit and ciphertext under
// the right key but a bad signature is refused even though everything after
// the signature would pass.
TEST_F(HardenedTest, PROTO_HARD_03_SignatureCheckedBeforeCommitAndAead) {
  Json body = seal(text_);
  body["s"] = base64url_encode(mallory_.sign(Bytes{1, 2, 3}).value());
  EXPECT_EQ(open(body).code(), Errc::kAuthFailed);
}

// Order observable through the error code: a body whose padding is bad
// (kDecodeError if reached) but whose commit or signature is also wrong must
// fail with kAuthFailed, so both run before the plaintext is looked at.
// (Commit-before-AEAD cannot be told apart by code alone, both being
// kAuthFailed; TamperedCommitRejected and the C01 test show the commit
// check is what refuses a ciphertext the AEAD accepts.)
TEST_F(HardenedTest, PROTO_HARD_03_AuthenticationBeforePaddingAndPayload) {
  DeterministicRng r(9);
  const Bytes bad_padding(256, 0);
  const Json body = spec_seal_bytes(r, ek_, header_, bad_padding, alice_);
  ASSERT_EQ(open(body).code(), Errc::kDecodeError);
  Bytes bad_commit = b64(body, "commit");
  bad_commit[31] ^= 0x80;
  const Json wrong_commit = spec_body(header_, b64(body, "iv"), bad_commit, b64(body, "ciphertext"), alice_);
  EXPECT_EQ(open(wrong_commit).code(), Errc::kAuthFailed);
  EXPECT_EQ(hardened_open(ek_, body, "chat-1", "alice", bob_pub_).code(), Errc::kAuthFailed);
  DeterministicRng other(10);
  EXPECT_EQ(hardened_open(other.secret(32), body, "chat-1", "alice", alice_pub_).code(), Errc::kAuthFailed);
}

TEST_F(HardenedTest, PROTO_HARD_03_C01_SealedUnderOneEpochKeyRejectedUnderAnother) {
  const Json body = seal(text_);
  DeterministicRng r(5, "ek2");
  const SecretBytes ek2 = r.secret(32);
  EXPECT_EQ(hardened_open(ek2, body, "chat-1", "alice", alice_pub_).code(), Errc::kAuthFailed);
}

// ---- the invisible salamander: one (iv, C||T, aad) that AES-GCM accepts
// under two keys. GF(2^128) in GCM's bit order (SP 800-38D, Algorithm 1). ----

struct Block {
  uint64_t hi = 0, lo = 0;
  Block operator^(const Block& o) const { return {hi ^ o.hi, lo ^ o.lo}; }
  bool operator==(const Block&) const = default;
};

Block load(const uint8_t* p) {
  Block b;
  for (int i = 0; i < 8; ++i) b.hi = (b.hi << 8) | p[i];
  for (int i = 8; i < 16; ++i) b.lo = (b.lo << 8) | p[i];
  return b;
}
void store(const Block& b, uint8_t* p) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(b.hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) p[8 + i] = static_cast<uint8_t>(b.lo >> (56 - 8 * i));
}

Block gf_mul(const Block& x, const Block& y) {
  Block z, v = y;
  for (int i = 0; i < 128; ++i) {
    const uint64_t bit = i < 64 ? (x.hi >> (63 - i)) & 1 : (x.lo >> (127 - i)) & 1;
    if (bit) z = z ^ v;
    const bool lsb = (v.lo & 1) != 0;
    v.lo = (v.lo >> 1) | (v.hi << 63);
    v.hi >>= 1;
    if (lsb) v.hi ^= 0xE100000000000000ull;
  }
  return z;
}
constexpr Block kOne{0x8000000000000000ull, 0};
Block gf_pow(Block a, size_t e) {
  Block r = kOne;
  for (size_t i = 0; i < e; ++i) r = gf_mul(r, a);
  return r;
}
Block gf_inv(const Block& a) {  // a^(2^128 - 2)
  Block r = kOne;
  for (int i = 0; i < 127; ++i) r = gf_mul(gf_mul(r, r), a);
  return gf_mul(r, r);
}

Block aes_block(const SecretBytes& key, const uint8_t in[16]) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  uint8_t out[32];
  int len = 0;
  EXPECT_EQ(EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key.reveal().data(), nullptr), 1);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EXPECT_EQ(EVP_EncryptUpdate(ctx, out, &len, in, 16), 1);
  EVP_CIPHER_CTX_free(ctx);
  return load(out);
}

Block ghash(const Block& h, ByteView aad, ByteView ct) {
  Block y;
  auto absorb = [&](ByteView data) {
    for (size_t off = 0; off < data.size(); off += 16) {
      uint8_t blk[16] = {0};
      std::copy(data.begin() + static_cast<std::ptrdiff_t>(off),
                data.begin() + static_cast<std::ptrdiff_t>(std::min(off + 16, data.size())), blk);
      y = gf_mul(y ^ load(blk), h);
    }
  };
  absorb(aad);
  absorb(ct);
  const Block lengths{uint64_t{aad.size()} * 8, uint64_t{ct.size()} * 8};
  return gf_mul(y ^ lengths, h);
}

struct GcmKey {
  Block h, s;                  // H = E(0), S = E(J0)
  std::vector<Block> stream;   // keystream blocks for the ciphertext
};

GcmKey gcm_key(const SecretBytes& key, ByteView iv, size_t blocks) {
  GcmKey g;
  const uint8_t zero[16] = {0};
  g.h = aes_block(key, zero);
  uint8_t ctr[16] = {0};
  std::copy(iv.begin(), iv.end(), ctr);
  auto set_counter = [&](uint32_t c) {
    for (int i = 0; i < 4; ++i) ctr[12 + i] = static_cast<uint8_t>(c >> (24 - 8 * i));
  };
  set_counter(1);
  g.s = aes_block(key, ctr);
  for (size_t j = 0; j < blocks; ++j) {
    set_counter(static_cast<uint32_t>(j + 2));
    g.stream.push_back(aes_block(key, ctr));
  }
  return g;
}

// salamander returns C || T of |pt1|'s length (a multiple of 16) that opens
// under both enc keys with this iv and aad: pt1 under key 1 except for the
// free block |f|, and garbage under key 2.
Bytes salamander(const SecretBytes& enc1, const SecretBytes& enc2, ByteView iv, ByteView aad, ByteView pt1,
                 size_t f) {
  const size_t n_ct = pt1.size() / 16;
  const GcmKey k1 = gcm_key(enc1, iv, n_ct), k2 = gcm_key(enc2, iv, n_ct);
  Bytes c(pt1.size());
  for (size_t j = 0; j < n_ct; ++j) {
    const Block cj = j == f ? Block{} : load(pt1.data() + 16 * j) ^ k1.stream[j];
    store(cj, c.data() + 16 * j);
  }
  const Block g1 = ghash(k1.h, aad, c), g2 = ghash(k2.h, aad, c);
  const size_t n = (aad.size() + 15) / 16 + n_ct + 1;  // blocks hashed, lengths included
  const size_t p = (aad.size() + 15) / 16 + f + 1;     // 1-based position of the free block
  const size_t e = n - p + 1;                          // its power of H
  const Block h1e = gf_pow(k1.h, e), h2e = gf_pow(k2.h, e);
  const Block cf = gf_mul(g1 ^ g2 ^ k1.s ^ k2.s, gf_inv(h1e ^ h2e));
  store(cf, c.data() + 16 * f);
  const Block tag = g1 ^ gf_mul(cf, h1e) ^ k1.s;
  EXPECT_EQ(tag, g2 ^ gf_mul(cf, h2e) ^ k2.s);
  Bytes out = c;
  out.resize(c.size() + 16);
  store(tag, out.data() + c.size());
  return out;
}

TEST(GcmArithmetic, InverseAndOne) {
  const Block a{0x0123456789abcdefull, 0xfedcba9876543210ull};
  EXPECT_EQ(gf_mul(a, kOne), a);
  EXPECT_EQ(gf_mul(a, gf_inv(a)), kOne);
}

// C01: two different epoch keys, one ciphertext that AES-GCM accepts under
// both. Without the commitment, a malicious admin (or member) could show two
// recipients two different messages. hardened refuses it under the second
// key at the commitment step: the AEAD alone would have accepted it.
TEST_F(HardenedTest, PROTO_HARD_03_C01_TwoKeysOneCiphertextRejectedAtCommitment) {
  DeterministicRng r(6, "salamander");
  const SecretBytes ek1 = ek_.clone();
  const SecretBytes ek2 = r.secret(32);
  const SpecKeys k1 = spec_keys(ek1, header_), k2 = spec_keys(ek2, header_);
  const Bytes aad = spec_aad(header_);
  const Bytes iv = r.bytes(12);
  const SecretBytes pt1 = pad(as_bytes(std::string(R"({"text":"pay bob 10"})"))).value();
  const Bytes ct = salamander(k1.enc, k2.enc, iv, aad, pt1.reveal(), /*free block=*/15);

  // The construction works: both keys open it, to different plaintexts.
  auto open1 = crypto::AesGcm::create(k1.enc.reveal())->open(iv, aad, ct);
  auto open2 = crypto::AesGcm::create(k2.enc.reveal())->open(iv, aad, ct);
  ASSERT_TRUE(open1.ok()) << "salamander does not open under key 1";
  ASSERT_TRUE(open2.ok()) << "salamander does not open under key 2";
  EXPECT_FALSE(*open1 == *open2);
  // Key 1 sees its message in every block but the free one.
  EXPECT_EQ(to_string(open1->reveal().first(16 * 15)), to_string(pt1.reveal().first(16 * 15)));

  // Committed to key 1 and correctly signed by the sender.
  const Bytes commit = crypto::hmac_sha256(k1.ck.reveal(), concat({iv, aad})).value();
  const Json body = spec_body(header_, iv, commit, ct, alice_);

  // Under key 2: refused, although signature and AEAD would both pass.
  EXPECT_EQ(hardened_open(ek2, body, "chat-1", "alice", alice_pub_).code(), Errc::kAuthFailed);
  // Under key 1 every authentication step passes; what fails is only the
  // plaintext format (the free block is garbage inside the padding region).
  EXPECT_EQ(hardened_open(ek1, body, "chat-1", "alice", alice_pub_).code(), Errc::kDecodeError);
}

// ---- strict parsing and peek ----

TEST_F(HardenedTest, PROTO_HARD_02_StrictBodyParse) {
  const Json good = seal(text_);
  auto expect_decode = [&](const Json& j, const std::string& why) {
    EXPECT_EQ(open(j).code(), Errc::kDecodeError) << why << ": " << j.dump();
    EXPECT_EQ(hardened_peek(j, "chat-1", "alice").code(), Errc::kDecodeError) << why;
  };
  for (const char* f : {"epoch", "ctr", "mid", "iv", "commit", "ciphertext", "s"}) {
    Json j = good;
    j.erase(f);
    expect_decode(j, std::string("missing ") + f);
    for (const Json& bad : {Json(nullptr), Json::array(), Json::object(), Json(true)}) {
      j = good;
      j[f] = bad;
      expect_decode(j, std::string(f) + " = " + bad.dump());
    }
  }
  for (const char* f : {"epoch", "ctr"}) {
    for (const Json& bad : {Json("3"), Json(3.0), Json(-1), Json(kMaxJsonInt + 1)}) {
      Json j = good;
      j[f] = bad;
      expect_decode(j, std::string(f) + " = " + bad.dump());
    }
  }
  const std::vector<std::pair<const char*, size_t>> lengths = {{"mid", 16}, {"iv", 12}, {"commit", 32}, {"s", 64}};
  for (const auto& [f, len] : lengths) {
    for (size_t bad : {len - 1, len + 1}) {
      Json j = good;
      j[f] = base64url_encode(Bytes(bad, 0));
      expect_decode(j, std::string(f) + " of " + std::to_string(bad));
    }
  }
  Json j = good;
  j["ciphertext"] = base64url_encode(Bytes(15, 0));
  expect_decode(j, "ciphertext shorter than a tag");
  for (const char* f : {"mid", "iv", "commit", "ciphertext", "s"}) {
    j = good;
    j[f] = j[f].get<std::string>() + "=";
    expect_decode(j, std::string(f) + " padded");
    j = good;
    j[f] = 1;
    expect_decode(j, std::string(f) + " a number");
  }
  for (const char* extra : {"from", "chat", "sig", "wrap", "typing"}) {
    j = good;
    j[extra] = "x";
    expect_decode(j, std::string("extra ") + extra);
  }
  expect_decode(Json::array(), "not an object");
}

TEST_F(HardenedTest, PROTO_HARD_03_PeekReadsHeaderWithoutCrypto) {
  Json body = seal(text_);
  body["s"] = base64url_encode(Bytes(64, 0));  // peek does no crypto
  auto h = hardened_peek(body, "chat-1", "alice");
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_EQ(h->chat, "chat-1");
  EXPECT_EQ(h->sender, "alice");
  EXPECT_EQ(h->epoch, 3u);
  EXPECT_EQ(h->ctr, 7u);
  EXPECT_EQ(h->mid, header_.mid);
  EXPECT_EQ(hardened_peek(body, "not an id", "alice").code(), Errc::kInvalidArgument);
}

TEST_F(HardenedTest, PROTO_HARD_03_EpochAndCtrAtJsonIntBound) {
  HardenedHeader h = header_;
  h.epoch = kMaxJsonInt;
  h.ctr = kMaxJsonInt;
  auto opened = open(seal(text_, h));
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->header.epoch, kMaxJsonInt);
  EXPECT_EQ(opened->header.ctr, kMaxJsonInt);
}

// ---- PROTO-HARD-01: epoch-key wraps ----

class HardenedWrapTest : public HardenedTest {
 protected:
  crypto::P256PrivateKey bob_dh_ = crypto::P256PrivateKey::generate(rng_).value();
  crypto::P256PrivateKey carol_dh_ = crypto::P256PrivateKey::generate(rng_).value();
  // alice_ is the chat's admin.
  Json wrap_for_bob(uint64_t epoch = 5, const std::string& chat = "chat-1") {
    auto b = hardened_wrap_body(rng_, bob_dh_.public_key(), ek_, chat, epoch, "bob", alice_);
    EXPECT_TRUE(b.ok()) << b.error();
    return std::move(b).value();
  }
  Result<HardenedUnwrapped> bob_unwraps(const Json& body, const std::string& chat = "chat-1") {
    return hardened_unwrap_body(bob_dh_, body, chat, "bob", alice_pub_);
  }
};

Bytes spec_wrap_ctx(std::string_view chat, uint64_t epoch, std::string_view recipient) {
  Bytes ctx;
  put_lp(ctx, chat);
  put_u64(ctx, epoch);
  put_lp(ctx, recipient);
  return ctx;
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapRoundTrip) {
  const Json body = wrap_for_bob();
  EXPECT_EQ(body.size(), 3u);
  EXPECT_EQ(body.at("epoch"), 5);
  EXPECT_EQ(body.at("wrap").size(), 3u);
  EXPECT_EQ(b64(body, "s").size(), 64u);
  auto u = bob_unwraps(body);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->epoch, 5u);
  EXPECT_TRUE(u->epoch_key == ek_);
}

// §8.3: label "e2eproof/v1/hardened/wrap", ctx = lp(chat) || u64(epoch) ||
// lp(recipient), s = Sign(admin, label || ctx || eph || iv || ct).
TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapMatchesSpecConstruction) {
  const Json body = wrap_for_bob();
  const Bytes ctx = spec_wrap_ctx("chat-1", 5, "bob");
  auto w = ecies_wrap_from_json(body.at("wrap"));
  ASSERT_TRUE(w.ok());
  auto k = ecies_unwrap(bob_dh_, *w, "e2eproof/v1/hardened/wrap", ctx);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(*k == ek_);
  const Bytes signed_msg = concat({as_bytes("e2eproof/v1/hardened/wrap"), ctx, w->eph, w->iv, w->ct});
  EXPECT_TRUE(crypto::ed25519_verify(alice_pub_, signed_msg, b64(body, "s")).ok());
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapForAnotherChatRejected) {
  // A06: alice's genuine wrap for chat-1 handed to her as chat-2's key.
  EXPECT_EQ(bob_unwraps(wrap_for_bob(5, "chat-1"), "chat-2").code(), Errc::kAuthFailed);
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapForAnotherEpochRejected) {
  Json body = wrap_for_bob(5);
  body["epoch"] = 6;
  EXPECT_EQ(bob_unwraps(body).code(), Errc::kAuthFailed);
  // Even re-signed by the admin for epoch 6, the ECIES AAD still says epoch 5.
  auto w = ecies_wrap_from_json(body.at("wrap")).value();
  const Bytes ctx6 = spec_wrap_ctx("chat-1", 6, "bob");
  body["s"] = base64url_encode(alice_.sign(concat({as_bytes("e2eproof/v1/hardened/wrap"), ctx6, w.eph, w.iv, w.ct})).value());
  EXPECT_EQ(bob_unwraps(body).code(), Errc::kAuthFailed);
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapForAnotherRecipientRejected) {
  const Json body = wrap_for_bob();
  // Bob's wrap, opened by bob claiming another recipient id: the ctx differs.
  EXPECT_EQ(hardened_unwrap_body(bob_dh_, body, "chat-1", "bob2", alice_pub_).code(), Errc::kAuthFailed);
  // Carol cannot open bob's wrap (neither the id nor the key is hers).
  EXPECT_EQ(hardened_unwrap_body(carol_dh_, body, "chat-1", "carol", alice_pub_).code(), Errc::kAuthFailed);
  // A wrap made for "carol" but to bob's key (a relay mix-up) is not bob's.
  auto to_bob_for_carol = hardened_wrap_body(rng_, bob_dh_.public_key(), ek_, "chat-1", 5, "carol", alice_);
  ASSERT_TRUE(to_bob_for_carol.ok());
  EXPECT_EQ(bob_unwraps(*to_bob_for_carol).code(), Errc::kAuthFailed);
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapNotSignedByAdminRejected) {
  // A05: the relay (or mallory) wraps a key of its choice with the right
  // context; it cannot sign as the pinned admin.
  DeterministicRng relay(7, "relay");
  const SecretBytes relay_key = relay.secret(32);
  auto forged = hardened_wrap_body(relay, bob_dh_.public_key(), relay_key, "chat-1", 5, "bob", mallory_);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(bob_unwraps(*forged).code(), Errc::kAuthFailed);
  // The admin's signature lifted from another wrap does not transfer.
  Json spliced = *forged;
  spliced["s"] = wrap_for_bob().at("s");
  EXPECT_EQ(bob_unwraps(spliced).code(), Errc::kAuthFailed);
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_EveryBitFlipRejected) {
  const Json body = wrap_for_bob();
  for (const std::string field : {"eph", "iv", "ct"}) {
    const size_t bits = b64(body.at("wrap"), field).size() * 8;
    for (size_t bit = 0; bit < bits; ++bit) {
      Json j = body;
      j["wrap"] = flip_b64_bit(body.at("wrap"), field, bit);
      // The admin's signature is checked first, so even a broken eph point
      // is an authentication failure here.
      EXPECT_EQ(bob_unwraps(j).code(), Errc::kAuthFailed) << field << " bit " << bit;
    }
  }
  for (size_t bit = 0; bit < 64 * 8; ++bit) {
    EXPECT_EQ(bob_unwraps(flip_b64_bit(body, "s", bit)).code(), Errc::kAuthFailed) << "s bit " << bit;
  }
}

// An admin-signed wrap whose eph is not a point: PROTO-WRAP-01's kInvalidKey.
TEST_F(HardenedWrapTest, PROTO_WRAP_01_AdminSignedInvalidEphIsInvalidKey) {
  Json body = wrap_for_bob();
  auto w = ecies_wrap_from_json(body.at("wrap")).value();
  w.eph[64] ^= 1;
  body["wrap"] = ecies_wrap_to_json(w);
  const Bytes ctx = spec_wrap_ctx("chat-1", 5, "bob");
  body["s"] = base64url_encode(alice_.sign(concat({as_bytes("e2eproof/v1/hardened/wrap"), ctx, w.eph, w.iv, w.ct})).value());
  EXPECT_EQ(bob_unwraps(body).code(), Errc::kInvalidKey);
}

TEST_F(HardenedWrapTest, PROTO_HARD_01_WrapStrictParse) {
  const Json good = wrap_for_bob();
  auto expect_decode = [&](const Json& j, const std::string& why) {
    EXPECT_EQ(bob_unwraps(j).code(), Errc::kDecodeError) << why << ": " << j.dump();
  };
  for (const char* f : {"wrap", "epoch", "s"}) {
    Json j = good;
    j.erase(f);
    expect_decode(j, std::string("missing ") + f);
  }
  Json j = good;
  j["chat"] = "chat-1";
  expect_decode(j, "extra field");
  for (const Json& bad : {Json("5"), Json(5.0), Json(-1), Json(kMaxJsonInt + 1), Json(nullptr)}) {
    j = good;
    j["epoch"] = bad;
    expect_decode(j, "epoch = " + bad.dump());
  }
  j = good;
  j["s"] = base64url_encode(Bytes(63, 0));
  expect_decode(j, "s of 63 bytes");
  j = good;
  j["wrap"]["extra"] = 1;
  expect_decode(j, "wrap with extra field");
  j = good;
  j["wrap"] = Json::array();
  expect_decode(j, "wrap not an object");
  DeterministicRng r(8);
  auto short_wrap = ecies_wrap(r, bob_dh_.public_key(), Bytes(16, 1), labels::kHardenedWrap,
                               spec_wrap_ctx("chat-1", 5, "bob"));
  ASSERT_TRUE(short_wrap.ok());
  j = good;
  j["wrap"] = ecies_wrap_to_json(*short_wrap);
  expect_decode(j, "wrapped key of 16 bytes");
}

}  // namespace
}  // namespace e2e::proto
