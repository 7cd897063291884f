#include "crypto/key_wrap.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/ct.h"
#include "common/encoding.h"

namespace e2e::crypto {
namespace {

Bytes hex(std::string_view s) { return hex_decode(s).value(); }

const char* const kKek128 = "000102030405060708090a0b0c0d0e0f";
const char* const kKek192 = "000102030405060708090a0b0c0d0e0f1011121314151617";
const char* const kKek256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const char* const kData128 = "00112233445566778899aabbccddeeff";
const char* const kData192 = "00112233445566778899aabbccddeeff0001020304050607";
const char* const kData256 = "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f";

struct WrapKat {
  const char* name;
  const char* kek;
  const char* data;
  const char* wrapped;
};

// RFC 3394 §4.1-4.6.
const WrapKat kRfc3394[] = {
    {"4.1", kKek128, kData128, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"},
    {"4.2", kKek192, kData128, "96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d"},
    {"4.3", kKek256, kData128, "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7"},
    {"4.4", kKek192, kData192, "031d33264e15d33268f24ec260743edce1c6c7ddee725a936ba814915c6762d2"},
    {"4.5", kKek256, kData192, "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1"},
    {"4.6", kKek256, kData256,
     "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"},
};

// RFC 5649 §6: a 20-byte and a 7-byte key under one 192-bit KEK.
const char* const kKek5649 = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";
const WrapKat kRfc5649[] = {
    {"20 bytes", kKek5649, "c37b7e6492584340bed12207808941155068f738",
     "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
    {"7 bytes", kKek5649, "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"},
};

TEST(KeyWrap, Rfc3394KnownAnswers) {
  for (const WrapKat& k : kRfc3394) {
    SCOPED_TRACE(k.name);
    auto wrapped = aes_kw_wrap(hex(k.kek), hex(k.data));
    ASSERT_TRUE(wrapped.ok()) << wrapped.error();
    EXPECT_EQ(hex_encode(*wrapped), k.wrapped);
    auto data = aes_kw_unwrap(hex(k.kek), hex(k.wrapped));
    ASSERT_TRUE(data.ok()) << data.error();
    EXPECT_EQ(hex_encode(data->reveal()), k.data);
  }
}

TEST(KeyWrap, Rfc5649KnownAnswers) {
  for (const WrapKat& k : kRfc5649) {
    SCOPED_TRACE(k.name);
    auto wrapped = aes_kwp_wrap(hex(k.kek), hex(k.data));
    ASSERT_TRUE(wrapped.ok()) << wrapped.error();
    EXPECT_EQ(hex_encode(*wrapped), k.wrapped);
    auto data = aes_kwp_unwrap(hex(k.kek), hex(k.wrapped));
    ASSERT_TRUE(data.ok()) << data.error();
    EXPECT_EQ(hex_encode(data->reveal()), k.data);
  }
}

TEST(KeyWrap, KekSizes) {
  const Bytes data(16, 1);
  for (size_t n : {0u, 8u, 15u, 17u, 20u, 31u, 33u, 64u}) {
    const Bytes kek(n, 2);
    EXPECT_EQ(aes_kw_wrap(kek, data).code(), Errc::kInvalidArgument) << n;
    EXPECT_EQ(aes_kw_unwrap(kek, Bytes(24, 0)).code(), Errc::kInvalidArgument) << n;
    EXPECT_EQ(aes_kwp_wrap(kek, data).code(), Errc::kInvalidArgument) << n;
    EXPECT_EQ(aes_kwp_unwrap(kek, Bytes(24, 0)).code(), Errc::kInvalidArgument) << n;
  }
}

// RFC 3394 wraps n >= 2 semiblocks only; EVP itself "succeeds" on empty input.
TEST(KeyWrap, KwWrapLengths) {
  const Bytes kek = hex(kKek128);
  for (size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 17u, 23u, 31u}) {
    EXPECT_EQ(aes_kw_wrap(kek, Bytes(n, 1)).code(), Errc::kInvalidArgument) << n;
  }
  for (size_t n : {16u, 24u, 32u, 64u, 4096u}) {
    auto w = aes_kw_wrap(kek, Bytes(n, 1));
    ASSERT_TRUE(w.ok()) << n;
    EXPECT_EQ(w->size(), n + 8);
  }
}

TEST(KeyWrap, KwpWrapLengths) {
  const Bytes kek = hex(kKek256);
  EXPECT_EQ(aes_kwp_wrap(kek, {}).code(), Errc::kInvalidArgument);
  for (size_t n : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u}) {
    auto w = aes_kwp_wrap(kek, Bytes(n, 1));
    ASSERT_TRUE(w.ok()) << n;
    EXPECT_EQ(w->size(), (n + 7) / 8 * 8 + 8) << n;
    EXPECT_TRUE(ct::equal(aes_kwp_unwrap(kek, *w).value().reveal(), Bytes(n, 1)));
  }
}

// Impossible lengths on unwrap are integrity failures, not usage errors.
TEST(KeyWrap, UnwrapLengths) {
  const Bytes kek = hex(kKek128);
  for (size_t n : {0u, 1u, 8u, 16u, 23u, 25u, 31u}) {
    EXPECT_EQ(aes_kw_unwrap(kek, Bytes(n, 0xa6)).code(), Errc::kAuthFailed) << n;
  }
  for (size_t n : {0u, 1u, 8u, 15u, 17u, 23u}) {
    EXPECT_EQ(aes_kwp_unwrap(kek, Bytes(n, 0xa6)).code(), Errc::kAuthFailed) << n;
  }
}

// Every single-bit change to a wrapped key, a wrong KEK, truncation and an
// extra semiblock are all kAuthFailed.
void expect_tamper_rejected(bool pad, const Bytes& kek, const Bytes& data) {
  auto unwrap = pad ? aes_kwp_unwrap : aes_kw_unwrap;
  const Bytes wrapped = (pad ? aes_kwp_wrap : aes_kw_wrap)(kek, data).value();
  ASSERT_TRUE(unwrap(kek, wrapped).ok());
  for (size_t bit = 0; bit < wrapped.size() * 8; ++bit) {
    Bytes bad = wrapped;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_EQ(unwrap(kek, bad).code(), Errc::kAuthFailed) << "pad " << pad << " bit " << bit;
  }
  Bytes other_kek = kek;
  other_kek[0] ^= 0x80;
  EXPECT_EQ(unwrap(other_kek, wrapped).code(), Errc::kAuthFailed);
  EXPECT_EQ(unwrap(kek, Bytes(wrapped.begin(), wrapped.end() - 8)).code(), Errc::kAuthFailed);
  EXPECT_EQ(unwrap(kek, concat({wrapped, Bytes(8, 0)})).code(), Errc::kAuthFailed);
}

TEST(KeyWrap, TamperingRejected) {
  expect_tamper_rejected(false, hex(kKek128), hex(kData128));
  expect_tamper_rejected(false, hex(kKek256), hex(kData256));
  expect_tamper_rejected(true, hex(kKek5649), hex("466f7250617369"));  // one-block path
  expect_tamper_rejected(true, hex(kKek5649), hex("c37b7e6492584340bed12207808941155068f738"));
}

// KW and KWP use different integrity values, so neither unwraps the other.
TEST(KeyWrap, KwAndKwpDoNotCrossUnwrap) {
  const Bytes kek = hex(kKek256), data = hex(kData256);
  EXPECT_EQ(aes_kwp_unwrap(kek, aes_kw_wrap(kek, data).value()).code(), Errc::kAuthFailed);
  EXPECT_EQ(aes_kw_unwrap(kek, aes_kwp_wrap(kek, data).value()).code(), Errc::kAuthFailed);
}

Bytes gen_bytes(size_t n) { return *rc::gen::container<Bytes>(n, rc::gen::arbitrary<uint8_t>()); }

RC_GTEST_PROP(KeyWrapProp, KwRoundTrip, ()) {
  const Bytes kek = gen_bytes(*rc::gen::element<size_t>(16, 24, 32));
  const Bytes data = gen_bytes(8 * *rc::gen::inRange<size_t>(2, 64));
  auto wrapped = aes_kw_wrap(kek, data);
  RC_ASSERT(wrapped.ok());
  RC_ASSERT(wrapped->size() == data.size() + 8);
  auto back = aes_kw_unwrap(kek, *wrapped);
  RC_ASSERT(back.ok());
  RC_ASSERT(ct::equal(back->reveal(), data));
}

RC_GTEST_PROP(KeyWrapProp, KwpRoundTrip, ()) {
  const Bytes kek = gen_bytes(*rc::gen::element<size_t>(16, 24, 32));
  const Bytes data = gen_bytes(*rc::gen::inRange<size_t>(1, 512));
  auto wrapped = aes_kwp_wrap(kek, data);
  RC_ASSERT(wrapped.ok());
  RC_ASSERT(wrapped->size() == (data.size() + 7) / 8 * 8 + 8);
  auto back = aes_kwp_unwrap(kek, *wrapped);
  RC_ASSERT(back.ok());
  RC_ASSERT(ct::equal(back->reveal(), data));
}

}  // namespace
}  // namespace e2e::crypto
