// ECIES over P-256 (docs/PROTOCOL.md §5, PROTO-WRAP-01).
//= type=test
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/hkdf.h"
#include "protocol/key_wrap_ecies.h"

namespace e2e::proto {
namespace {

constexpr std::string_view kLabel = "e2eproof/v1/test/wrap";

struct Keys {
  crypto::P256PrivateKey recipient;
  crypto::P256PrivateKey other;
};

Keys make_keys(uint64_t seed) {
  DeterministicRng rng(seed, "ecies-keys");
  auto a = crypto::P256PrivateKey::generate(rng);
  auto b = crypto::P256PrivateKey::generate(rng);
  return Keys{std::move(a).value(), std::move(b).value()};
}

Bytes flip(Bytes b, size_t bit) {
  b[bit / 8] = static_cast<uint8_t>(b[bit / 8] ^ (1u << (bit % 8)));
  return b;
}

class EciesTest : public ::testing::Test {
 protected:
  Keys keys_ = make_keys(1);
  DeterministicRng rng_{7, "ecies"};
  Bytes key_ = Bytes(32, 0x42);
  Bytes ctx_ = to_bytes("context bytes");

  EciesWrap wrap() {
    auto w = ecies_wrap(rng_, keys_.recipient.public_key(), key_, kLabel, ctx_);
    EXPECT_TRUE(w.ok()) << w.error();
    return std::move(w).value();
  }
};

TEST_F(EciesTest, PROTO_WRAP_01_RoundTrip) {
  const EciesWrap w = wrap();
  EXPECT_EQ(w.eph.size(), 65u);
  EXPECT_EQ(w.eph[0], 0x04);
  EXPECT_EQ(w.iv.size(), 12u);
  EXPECT_EQ(w.ct.size(), key_.size() + 16);
  auto k = ecies_unwrap(keys_.recipient, w, kLabel, ctx_);
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(to_string(k->reveal()), to_string(key_));
}

TEST_F(EciesTest, PROTO_WRAP_01_DeterministicUnderSeededRng) {
  DeterministicRng r1(99, "same"), r2(99, "same");
  auto a = ecies_wrap(r1, keys_.recipient.public_key(), key_, kLabel, ctx_);
  auto b = ecies_wrap(r2, keys_.recipient.public_key(), key_, kLabel, ctx_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->eph, b->eph);
  EXPECT_EQ(a->iv, b->iv);
  EXPECT_EQ(a->ct, b->ct);
  // And two wraps from one stream differ (fresh ephemeral key and IV).
  auto c = ecies_wrap(r1, keys_.recipient.public_key(), key_, kLabel, ctx_);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->eph, c->eph);
  EXPECT_NE(a->iv, c->iv);
}

// The construction, recomputed from §5 on the recipient side with the
// primitives alone: Z = ECDH(r, E), kw = HKDF(Z, salt = E || R, info = label),
// K = AEAD-open(kw, iv, aad = ctx, ct).
TEST_F(EciesTest, PROTO_WRAP_01_MatchesSpecFormula) {
  const EciesWrap w = wrap();
  auto eph = crypto::P256PublicKey::from_uncompressed(w.eph);
  ASSERT_TRUE(eph.ok());
  auto z = crypto::ecdh_p256(keys_.recipient, *eph);
  ASSERT_TRUE(z.ok());
  const Bytes salt = concat({w.eph, keys_.recipient.public_key().to_uncompressed()});
  auto kw = crypto::hkdf_sha256(z->reveal(), salt, as_bytes(kLabel), 32);
  ASSERT_TRUE(kw.ok());
  auto aead = crypto::AesGcm::create(kw->reveal());
  ASSERT_TRUE(aead.ok());
  auto k = aead->open(w.iv, ctx_, w.ct);
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(to_string(k->reveal()), to_string(key_));
  // The salt order matters: R || E gives another kw.
  const Bytes swapped = concat({keys_.recipient.public_key().to_uncompressed(), w.eph});
  auto kw2 = crypto::hkdf_sha256(z->reveal(), swapped, as_bytes(kLabel), 32);
  ASSERT_TRUE(kw2.ok());
  EXPECT_FALSE(crypto::AesGcm::create(kw2->reveal())->open(w.iv, ctx_, w.ct).ok());
}

TEST_F(EciesTest, PROTO_WRAP_01_WrongRecipientKeyRejected) {
  auto k = ecies_unwrap(keys_.other, wrap(), kLabel, ctx_);
  EXPECT_EQ(k.code(), Errc::kAuthFailed);
}

TEST_F(EciesTest, PROTO_WRAP_01_WrongLabelRejected) {
  auto k = ecies_unwrap(keys_.recipient, wrap(), "e2eproof/v1/test/other", ctx_);
  EXPECT_EQ(k.code(), Errc::kAuthFailed);
}

TEST_F(EciesTest, PROTO_WRAP_01_WrongContextRejected) {
  const EciesWrap w = wrap();
  EXPECT_EQ(ecies_unwrap(keys_.recipient, w, kLabel, to_bytes("context byteS")).code(), Errc::kAuthFailed);
  EXPECT_EQ(ecies_unwrap(keys_.recipient, w, kLabel, {}).code(), Errc::kAuthFailed);
}

TEST_F(EciesTest, PROTO_WRAP_01_EveryEphBitFlipIsInvalidKey) {
  const EciesWrap w = wrap();
  for (size_t bit = 0; bit < w.eph.size() * 8; ++bit) {
    EciesWrap t = w;
    t.eph = flip(w.eph, bit);
    EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kInvalidKey) << "bit " << bit;
  }
}

TEST_F(EciesTest, PROTO_WRAP_01_InvalidEphEncodingsAreInvalidKey) {
  const EciesWrap w = wrap();
  Bytes compressed(w.eph.begin(), w.eph.begin() + 33);
  compressed[0] = static_cast<uint8_t>(0x02 | (w.eph[64] & 1));
  Bytes hybrid = w.eph;
  hybrid[0] = static_cast<uint8_t>(0x06 | (w.eph[64] & 1));
  for (const Bytes& bad : {Bytes{}, Bytes{0x00}, Bytes(65, 0x00), compressed, hybrid,
                           Bytes(w.eph.begin(), w.eph.end() - 1), concat({w.eph, Bytes{0}})}) {
    EciesWrap t = w;
    t.eph = bad;
    EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kInvalidKey) << hex_encode(bad);
  }
}

TEST_F(EciesTest, PROTO_WRAP_01_AnotherValidEphRejected) {
  EciesWrap w = wrap();
  w.eph = keys_.other.public_key().to_uncompressed();
  EXPECT_EQ(ecies_unwrap(keys_.recipient, w, kLabel, ctx_).code(), Errc::kAuthFailed);
}

TEST_F(EciesTest, PROTO_WRAP_01_EveryIvAndCtBitFlipRejected) {
  const EciesWrap w = wrap();
  for (size_t bit = 0; bit < w.iv.size() * 8; ++bit) {
    EciesWrap t = w;
    t.iv = flip(w.iv, bit);
    EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed) << "iv bit " << bit;
  }
  for (size_t bit = 0; bit < w.ct.size() * 8; ++bit) {
    EciesWrap t = w;
    t.ct = flip(w.ct, bit);
    EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed) << "ct bit " << bit;
  }
}

TEST_F(EciesTest, PROTO_WRAP_01_TruncatedOrExtendedRejected) {
  const EciesWrap w = wrap();
  EciesWrap t = w;
  t.ct.pop_back();
  EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed);
  t = w;
  t.ct.push_back(0);
  EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed);
  t = w;
  t.ct.clear();
  EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed);
  t = w;
  t.iv.pop_back();
  EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed);
  t = w;
  t.iv.push_back(0);
  EXPECT_EQ(ecies_unwrap(keys_.recipient, t, kLabel, ctx_).code(), Errc::kAuthFailed);
}

TEST_F(EciesTest, PROTO_WRAP_01_ErrorsCarryNoKeyMaterial) {
  const EciesWrap w = wrap();
  auto bad = ecies_unwrap(keys_.other, w, kLabel, ctx_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().detail.find(hex_encode(key_)), std::string::npos);
  EXPECT_EQ(bad.error().detail.find(base64url_encode(key_)), std::string::npos);
}

// ---- JSON form ----

TEST_F(EciesTest, PROTO_WRAP_01_JsonRoundTrip) {
  const EciesWrap w = wrap();
  const Json j = ecies_wrap_to_json(w);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.at("eph"), base64url_encode(w.eph));
  EXPECT_EQ(j.at("iv"), base64url_encode(w.iv));
  EXPECT_EQ(j.at("ct"), base64url_encode(w.ct));
  auto back = ecies_wrap_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->eph, w.eph);
  EXPECT_EQ(back->iv, w.iv);
  EXPECT_EQ(back->ct, w.ct);
  // Parse from text as well, as the relay would deliver it.
  auto reparsed = ecies_wrap_from_json(Json::parse(j.dump()));
  ASSERT_TRUE(reparsed.ok());
  EXPECT_TRUE(ecies_unwrap(keys_.recipient, *reparsed, kLabel, ctx_).ok());
}

TEST_F(EciesTest, PROTO_WRAP_01_JsonStrictParse) {
  const Json good = ecies_wrap_to_json(wrap());
  auto expect_decode = [](const Json& j, const char* why) {
    EXPECT_EQ(ecies_wrap_from_json(j).code(), Errc::kDecodeError) << why << ": " << j.dump();
  };
  for (const char* f : {"eph", "iv", "ct"}) {
    Json j = good;
    j.erase(f);
    expect_decode(j, "missing field");
    j = good;
    j[f] = 1;
    expect_decode(j, "number instead of string");
    j = good;
    j[f] = Json::array();
    expect_decode(j, "array instead of string");
    j = good;
    j[f] = j[f].get<std::string>() + "=";
    expect_decode(j, "padded base64");
    j = good;
    j[f] = j[f].get<std::string>() + "+";
    expect_decode(j, "non-base64url character");
  }
  Json j = good;
  j["extra"] = "x";
  expect_decode(j, "unknown field");
  expect_decode(Json::array(), "not an object");
  expect_decode(Json("eph"), "string");
  expect_decode(Json(nullptr), "null");

  const Bytes eph = base64url_decode(good.at("eph").get<std::string>()).value();
  j = good;
  j["eph"] = base64url_encode(Bytes(eph.begin(), eph.end() - 1));
  expect_decode(j, "eph 64 bytes");
  j = good;
  j["iv"] = base64url_encode(Bytes(11, 1));
  expect_decode(j, "iv 11 bytes");
  j = good;
  j["iv"] = base64url_encode(Bytes(13, 1));
  expect_decode(j, "iv 13 bytes");
  j = good;
  j["ct"] = base64url_encode(Bytes(15, 1));
  expect_decode(j, "ct shorter than a tag");
  j = good;
  j["ct"] = "";
  expect_decode(j, "empty ct");
}

// A well-formed-length eph that is not on the curve passes the JSON parser and
// is refused by unwrap with kInvalidKey (PROTO-WRAP-01).
TEST_F(EciesTest, PROTO_WRAP_01_OffCurveEphFromJsonIsInvalidKey) {
  Json j = ecies_wrap_to_json(wrap());
  Bytes off(65, 0x01);
  off[0] = 0x04;
  j["eph"] = base64url_encode(off);
  auto w = ecies_wrap_from_json(j);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(ecies_unwrap(keys_.recipient, *w, kLabel, ctx_).code(), Errc::kInvalidKey);
}

RC_GTEST_PROP(EciesProperty, PROTO_WRAP_01_RoundTripsAnyKeyAndContext,
              (uint64_t seed, const Bytes& key, const Bytes& ctx)) {
  static const Keys keys = make_keys(3);
  DeterministicRng rng(seed, "ecies-prop");
  auto w = ecies_wrap(rng, keys.recipient.public_key(), key, kLabel, ctx);
  RC_ASSERT(w.ok());
  auto k = ecies_unwrap(keys.recipient, *w, kLabel, ctx);
  RC_ASSERT(k.ok());
  RC_ASSERT(to_string(k->reveal()) == to_string(key));
  // Any other context is refused.
  Bytes other = ctx;
  other.push_back(0);
  RC_ASSERT(ecies_unwrap(keys.recipient, *w, kLabel, other).code() == Errc::kAuthFailed);
}

}  // namespace
}  // namespace e2e::proto
