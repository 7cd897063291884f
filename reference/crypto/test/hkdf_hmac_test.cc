#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/ct.h"
#include "common/encoding.h"
#include "crypto/hkdf.h"
#include "crypto/hmac.h"

namespace e2e::crypto {
namespace {

Bytes hex(std::string_view s) { return hex_decode(s).value(); }

Bytes range(uint8_t first, size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(first + i);
  return b;
}

// ---- HKDF: RFC 5869 appendix A.1-A.3 (SHA-256) ----

struct HkdfKat {
  const char* name;
  Bytes ikm, salt, info;
  size_t len;
  const char* prk;
  const char* okm;
};

std::vector<HkdfKat> rfc5869() {
  return {
      {"A.1", Bytes(22, 0x0b), range(0x00, 13), range(0xf0, 10), 42,
       "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
      {"A.2", range(0x00, 80), range(0x60, 80), range(0xb0, 80), 82,
       "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
       "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
       "cc30c58179ec3e87c14c01d5c1f3434f1d87"},
      {"A.3", Bytes(22, 0x0b), {}, {}, 42,
       "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
  };
}

TEST(Hkdf, Rfc5869KnownAnswers) {
  for (const HkdfKat& k : rfc5869()) {
    SCOPED_TRACE(k.name);
    auto okm = hkdf_sha256(k.ikm, k.salt, k.info, k.len);
    ASSERT_TRUE(okm.ok()) << okm.error();
    EXPECT_EQ(hex_encode(okm->reveal()), k.okm);
    auto prk = hkdf_sha256_extract(k.ikm, k.salt);
    ASSERT_TRUE(prk.ok()) << prk.error();
    EXPECT_EQ(hex_encode(prk->reveal()), k.prk);
    auto okm2 = hkdf_sha256_expand(prk->reveal(), k.info, k.len);
    ASSERT_TRUE(okm2.ok()) << okm2.error();
    EXPECT_EQ(hex_encode(okm2->reveal()), k.okm);
  }
}

// RFC 5869 §2.2: an absent salt is HashLen zero bytes.
TEST(Hkdf, EmptySaltEqualsZeroSalt) {
  const Bytes ikm(22, 0x0b), zeros(32, 0);
  EXPECT_EQ(hkdf_sha256(ikm, {}, to_bytes("info"), 64).value(),
            hkdf_sha256(ikm, zeros, to_bytes("info"), 64).value());
  EXPECT_EQ(hkdf_sha256_extract(ikm, {}).value(), hkdf_sha256_extract(ikm, zeros).value());
  // HMAC zero-pads its key, so any all-zero salt up to 64 bytes is that same
  // key; a salt with a non-zero byte is not.
  EXPECT_EQ(hkdf_sha256_extract(ikm, Bytes(1, 0)).value(), hkdf_sha256_extract(ikm, {}).value());
  EXPECT_FALSE(hkdf_sha256_extract(ikm, Bytes(1, 1)).value() ==
               hkdf_sha256_extract(ikm, {}).value());
}

TEST(Hkdf, OutputLengthBounds) {
  const Bytes ikm(32, 1);
  const SecretBytes prk_secret = hkdf_sha256_extract(ikm, {}).value();
  const ByteView prk = prk_secret.reveal();
  for (size_t n : {size_t{0}, kHkdfSha256MaxOutput + 1, size_t{100000}}) {
    EXPECT_EQ(hkdf_sha256(ikm, {}, {}, n).code(), Errc::kInvalidArgument) << n;
    EXPECT_EQ(hkdf_sha256_expand(prk, {}, n).code(), Errc::kInvalidArgument) << n;
  }
  for (size_t n : {size_t{1}, size_t{32}, size_t{33}, kHkdfSha256MaxOutput}) {
    auto okm = hkdf_sha256(ikm, {}, {}, n);
    ASSERT_TRUE(okm.ok()) << n << okm.error();
    EXPECT_EQ(okm->size(), n);
    auto okm2 = hkdf_sha256_expand(prk, {}, n);
    ASSERT_TRUE(okm2.ok()) << n;
    EXPECT_TRUE(*okm == *okm2);
  }
  EXPECT_EQ(kHkdfSha256MaxOutput, 8160u);
}

TEST(Hkdf, ExpandNeedsAFullPrk) {
  EXPECT_EQ(hkdf_sha256_expand(Bytes(31, 1), {}, 32).code(), Errc::kInvalidArgument);
  EXPECT_EQ(hkdf_sha256_expand({}, {}, 32).code(), Errc::kInvalidArgument);
  EXPECT_TRUE(hkdf_sha256_expand(Bytes(64, 1), {}, 32).ok());
}

// HKDF rebuilt from HMAC as RFC 5869 §2.2-2.3 defines it, for checking the
// EVP_KDF path on arbitrary (including empty) inputs.
Bytes hkdf_from_hmac(const Bytes& ikm, const Bytes& salt, const Bytes& info, size_t len) {
  const Bytes prk = hmac_sha256(salt.empty() ? Bytes(32, 0) : salt, ikm).value();
  Bytes okm, t;
  for (uint8_t i = 1; okm.size() < len; ++i) {
    t = hmac_sha256(prk, concat({t, info, Bytes{i}})).value();
    okm.insert(okm.end(), t.begin(), t.end());
  }
  okm.resize(len);
  return okm;
}

RC_GTEST_PROP(HkdfProp, MatchesTheRfcConstruction, ()) {
  const auto ikm = *rc::gen::arbitrary<Bytes>();
  const auto salt = *rc::gen::arbitrary<Bytes>();
  const auto info = *rc::gen::arbitrary<Bytes>();
  const size_t len = *rc::gen::inRange<size_t>(1, 300);
  auto okm = hkdf_sha256(ikm, salt, info, len);
  RC_ASSERT(okm.ok());
  RC_ASSERT(ct::equal(okm->reveal(), hkdf_from_hmac(ikm, salt, info, len)));
}

// ---- HMAC-SHA256: RFC 4231 §4.2-4.8 ----

struct HmacKat {
  const char* name;
  Bytes key;
  Bytes msg;
  const char* tag;  // case 5 is truncated to 128 bits
};

std::vector<HmacKat> rfc4231() {
  const Bytes big_key(131, 0xaa);
  return {
      {"4.2", Bytes(20, 0x0b), to_bytes("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"4.3", to_bytes("Jefe"), to_bytes("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"4.4", Bytes(20, 0xaa), Bytes(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"4.5", range(0x01, 25), Bytes(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"4.6", Bytes(20, 0x0c), to_bytes("Test With Truncation"),
       "a3b6167473100ee06e0c796c2955552b"},
      {"4.7", big_key, to_bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"4.8", big_key,
       to_bytes("This is a test using a larger than block-size key and a larger than "
                "block-size data. The key needs to be hashed before being used by the HMAC "
                "algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(Hmac, Rfc4231KnownAnswers) {
  for (const HmacKat& k : rfc4231()) {
    SCOPED_TRACE(k.name);
    const Bytes expected = hex(k.tag);
    auto tag = hmac_sha256(k.key, k.msg);
    ASSERT_TRUE(tag.ok()) << tag.error();
    ASSERT_EQ(tag->size(), kHmacSha256Len);
    EXPECT_EQ(Bytes(tag->begin(), tag->begin() + static_cast<long>(expected.size())), expected);
    EXPECT_TRUE(hmac_sha256_verify(k.key, k.msg, expected, expected.size()).ok());
  }
}

TEST(Hmac, EmptyKeyAndMessage) {
  EXPECT_EQ(hex_encode(hmac_sha256({}, {}).value()),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Hmac, VerifyRejectsTamperedTags) {
  const Bytes key = to_bytes("key"), msg = to_bytes("message");
  const Bytes tag = hmac_sha256(key, msg).value();
  EXPECT_TRUE(hmac_sha256_verify(key, msg, tag).ok());
  for (size_t bit = 0; bit < tag.size() * 8; ++bit) {
    Bytes bad = tag;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_EQ(hmac_sha256_verify(key, msg, bad).code(), Errc::kAuthFailed) << bit;
  }
  EXPECT_EQ(hmac_sha256_verify(key, to_bytes("messagf"), tag).code(), Errc::kAuthFailed);
  EXPECT_EQ(hmac_sha256_verify(to_bytes("kez"), msg, tag).code(), Errc::kAuthFailed);
}

// A tag shorter or longer than tag_len is refused even when its bytes are a
// correct prefix: that is the truncated-tag forgery.
TEST(Hmac, VerifyRequiresExactTagLength) {
  const Bytes key = to_bytes("key"), msg = to_bytes("message");
  const Bytes tag = hmac_sha256(key, msg).value();
  for (size_t n : {0u, 1u, 4u, 16u, 31u}) {
    const Bytes prefix(tag.begin(), tag.begin() + static_cast<long>(n));
    EXPECT_EQ(hmac_sha256_verify(key, msg, prefix).code(), Errc::kAuthFailed) << n;
  }
  EXPECT_EQ(hmac_sha256_verify(key, msg, concat({tag, Bytes{0}})).code(), Errc::kAuthFailed);
  // Truncated verification works at the length asked for, and only there.
  const Bytes t16(tag.begin(), tag.begin() + 16);
  EXPECT_TRUE(hmac_sha256_verify(key, msg, t16, 16).ok());
  EXPECT_EQ(hmac_sha256_verify(key, msg, t16, 17).code(), Errc::kAuthFailed);
  EXPECT_EQ(hmac_sha256_verify(key, msg, tag, 16).code(), Errc::kAuthFailed);
  EXPECT_TRUE(hmac_sha256_verify(key, msg, Bytes(tag.begin(), tag.begin() + 1), 1).ok());
}

TEST(Hmac, VerifyTagLenBounds) {
  const Bytes tag = hmac_sha256({}, {}).value();
  EXPECT_EQ(hmac_sha256_verify({}, {}, {}, 0).code(), Errc::kInvalidArgument);
  EXPECT_EQ(hmac_sha256_verify({}, {}, concat({tag, Bytes{0}}), 33).code(),
            Errc::kInvalidArgument);
}

RC_GTEST_PROP(HmacProp, VerifyAcceptsItsOwnTagsAtEveryLength, ()) {
  const auto key = *rc::gen::arbitrary<Bytes>();
  const auto msg = *rc::gen::arbitrary<Bytes>();
  const size_t n = *rc::gen::inRange<size_t>(1, kHmacSha256Len + 1);
  const Bytes tag = hmac_sha256(key, msg).value();
  RC_ASSERT(hmac_sha256_verify(key, msg, Bytes(tag.begin(), tag.begin() + static_cast<long>(n)), n)
                .ok());
}

}  // namespace
}  // namespace e2e::crypto
