#include "crypto/aes_gcm.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thread>
#include <vector>

#include "common/ct.h"
#include "common/encoding.h"
#include "common/rng.h"

namespace e2e::crypto {
namespace {

Bytes hex(std::string_view s) { return hex_decode(s).value(); }

AesGcm make(ByteView key) { return AesGcm::create(key).value(); }

const Bytes kKey256 = Bytes(32, 0x42);
const Bytes kIv12 = Bytes(12, 0x24);

// The GCM specification's test cases 2, 4, 6 and 16 (McGrew & Viega, as used
// by NIST's GCM validation): 128- and 256-bit keys, with and without AAD, and
// a 60-byte IV that goes through GHASH.
struct Kat {
  const char* name;
  const char* key;
  const char* iv;
  const char* aad;
  const char* pt;
  const char* ct_tag;
};
constexpr const char* kTc4Pt =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr const char* kTc4Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const Kat kKats[] = {
    {"tc2", "00000000000000000000000000000000", "000000000000000000000000", "",
     "00000000000000000000000000000000",
     "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"},
    {"tc4", "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", kTc4Aad, kTc4Pt,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"tc6", "feffe9928665731c6d6a8f9467308308",
     "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
     "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
     kTc4Aad, kTc4Pt,
     "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7"
     "01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5"
     "619cc5aefffe0bfa462af43c1699d050"},
    {"tc13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"tc16", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", kTc4Aad, kTc4Pt,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

TEST(AesGcm, KnownAnswers) {
  for (const Kat& k : kKats) {
    SCOPED_TRACE(k.name);
    AesGcm gcm = make(hex(k.key));
    auto ct = gcm.seal(hex(k.iv), hex(k.aad), hex(k.pt));
    ASSERT_TRUE(ct.ok()) << ct.error();
    EXPECT_EQ(hex_encode(*ct), k.ct_tag);
    auto pt = gcm.open(hex(k.iv), hex(k.aad), hex(k.ct_tag));
    ASSERT_TRUE(pt.ok()) << pt.error();
    EXPECT_EQ(hex_encode(pt->reveal()), k.pt);
  }
}

TEST(AesGcm, KeySizes) {
  for (size_t n : {16u, 24u, 32u}) {
    auto gcm = AesGcm::create(Bytes(n, 1));
    ASSERT_TRUE(gcm.ok());
    EXPECT_EQ(gcm->key_len(), n);
  }
  for (size_t n : {0u, 1u, 8u, 15u, 17u, 20u, 23u, 25u, 31u, 33u, 48u, 64u}) {
    auto gcm = AesGcm::create(Bytes(n, 1));
    ASSERT_FALSE(gcm.ok()) << n;
    EXPECT_EQ(gcm.code(), Errc::kInvalidArgument) << n;
  }
}

TEST(AesGcm, IvLengthBounds) {
  AesGcm gcm = make(kKey256);
  for (size_t n : {size_t{0}, AesGcm::kMaxIvLen + 1, size_t{1000}}) {
    auto ct = gcm.seal(Bytes(n, 7), {}, to_bytes("x"));
    ASSERT_FALSE(ct.ok());
    EXPECT_EQ(ct.code(), Errc::kInvalidArgument) << n;
    auto pt = gcm.open(Bytes(n, 7), {}, Bytes(32, 0));
    ASSERT_FALSE(pt.ok());
    EXPECT_EQ(pt.code(), Errc::kInvalidArgument) << n;
  }
  for (size_t n : {size_t{1}, size_t{8}, size_t{12}, size_t{16}, AesGcm::kMaxIvLen}) {
    Bytes iv(n, 7);
    auto ct = gcm.seal(iv, {}, to_bytes("hello"));
    ASSERT_TRUE(ct.ok()) << n;
    auto pt = gcm.open(iv, {}, *ct);
    ASSERT_TRUE(pt.ok()) << n;
    EXPECT_EQ(to_string(pt->reveal()), "hello");
  }
}

// OpenSSL reads only the default 12 bytes of a longer IV unless told its
// length first: every byte of a long IV must count.
TEST(AesGcm, EveryIvByteCounts) {
  AesGcm gcm = make(kKey256);
  Bytes iv(AesGcm::kMaxIvLen, 3);
  Bytes base = gcm.seal(iv, {}, to_bytes("m")).value();
  for (size_t i : {size_t{0}, size_t{11}, size_t{12}, size_t{15}, AesGcm::kMaxIvLen - 1}) {
    Bytes other = iv;
    other[i] ^= 1;
    EXPECT_NE(gcm.seal(other, {}, to_bytes("m")).value(), base) << i;
  }
  // And a prefix of an IV is a different IV.
  EXPECT_NE(gcm.seal(Bytes(16, 3), {}, to_bytes("m")).value(),
            gcm.seal(Bytes(12, 3), {}, to_bytes("m")).value());
}

// Pooled contexts remember their IV length; alternating lengths on one object
// must give what a fresh object gives.
TEST(AesGcm, ReusedObjectMatchesFreshObject) {
  AesGcm shared = make(kKey256);
  for (size_t n : {12u, 1u, 12u, 60u, 128u, 12u, 13u, 12u}) {
    Bytes iv(n, static_cast<uint8_t>(n));
    Bytes ct = shared.seal(iv, to_bytes("aad"), to_bytes("payload")).value();
    EXPECT_EQ(ct, make(kKey256).seal(iv, to_bytes("aad"), to_bytes("payload")).value()) << n;
    EXPECT_TRUE(shared.open(iv, to_bytes("aad"), ct).ok()) << n;
    ct[0] ^= 1;
    EXPECT_EQ(shared.open(iv, to_bytes("aad"), ct).code(), Errc::kAuthFailed) << n;
  }
}

TEST(AesGcm, EmptyPlaintextAndAadWithNullData) {
  AesGcm gcm = make(kKey256);
  ByteView none;  // data() == nullptr
  auto ct = gcm.seal(kIv12, none, none);
  ASSERT_TRUE(ct.ok()) << ct.error();
  EXPECT_EQ(ct->size(), AesGcm::kTagLen);
  auto pt = gcm.open(kIv12, none, *ct);
  ASSERT_TRUE(pt.ok()) << pt.error();
  EXPECT_TRUE(pt->empty());
  // An empty AAD and a one-byte AAD authenticate differently.
  EXPECT_EQ(gcm.open(kIv12, Bytes(1, 0), *ct).code(), Errc::kAuthFailed);
}

// Any input shorter than a tag is an authentication failure, not a usage error.
TEST(AesGcm, InputShorterThanTag) {
  AesGcm gcm = make(kKey256);
  for (size_t n = 0; n < AesGcm::kTagLen; ++n) {
    auto pt = gcm.open(kIv12, {}, Bytes(n, 0));
    ASSERT_FALSE(pt.ok());
    EXPECT_EQ(pt.code(), Errc::kAuthFailed) << n;
  }
}

// The tag is exactly 16 bytes: a truncated (0, 1, 4, 8, 12, 15) or overlong
// (17) tag after the ciphertext never verifies.
TEST(AesGcm, WrongTagLengthsRejected) {
  AesGcm gcm = make(kKey256);
  for (const Bytes& msg : {Bytes{}, to_bytes("some plaintext of a few blocks, 40 bytes")}) {
    Bytes sealed = gcm.seal(kIv12, to_bytes("ad"), msg).value();
    const Bytes ct(sealed.begin(), sealed.end() - AesGcm::kTagLen);
    const Bytes tag(sealed.end() - AesGcm::kTagLen, sealed.end());
    for (size_t tag_len : {0u, 1u, 4u, 8u, 12u, 15u, 17u}) {
      Bytes t = tag;
      t.resize(tag_len, 0);
      auto pt = gcm.open(kIv12, to_bytes("ad"), concat({ct, t}));
      ASSERT_FALSE(pt.ok()) << tag_len;
      EXPECT_EQ(pt.code(), Errc::kAuthFailed) << "msg " << msg.size() << " tag " << tag_len;
    }
  }
}

TEST(AesGcm, WrongKeyIvOrAadRejected) {
  AesGcm gcm = make(kKey256);
  Bytes ct = gcm.seal(kIv12, to_bytes("ad"), to_bytes("secret")).value();
  EXPECT_EQ(make(Bytes(32, 0x43)).open(kIv12, to_bytes("ad"), ct).code(), Errc::kAuthFailed);
  EXPECT_EQ(make(Bytes(16, 0x42)).open(kIv12, to_bytes("ad"), ct).code(), Errc::kAuthFailed);
  EXPECT_EQ(gcm.open(Bytes(12, 0x25), to_bytes("ad"), ct).code(), Errc::kAuthFailed);
  EXPECT_EQ(gcm.open(Bytes(13, 0x24), to_bytes("ad"), ct).code(), Errc::kAuthFailed);
  EXPECT_EQ(gcm.open(kIv12, to_bytes("ae"), ct).code(), Errc::kAuthFailed);
  EXPECT_EQ(gcm.open(kIv12, {}, ct).code(), Errc::kAuthFailed);
}

TEST(AesGcm, SealIntoMatchesSeal) {
  AesGcm gcm = make(kKey256);
  for (size_t n : {0u, 1u, 16u, 100u}) {
    const Bytes pt(n, 0x5a);
    const Bytes expected = gcm.seal(kIv12, to_bytes("ad"), pt).value();
    Bytes out(n + AesGcm::kTagLen, 0xff);
    ASSERT_TRUE(gcm.seal_into(kIv12, to_bytes("ad"), pt, out).ok()) << n;
    EXPECT_EQ(out, expected) << n;
    // In place: the plaintext is the head of the output buffer.
    Bytes buf = pt;
    buf.resize(n + AesGcm::kTagLen);
    ASSERT_TRUE(gcm.seal_into(kIv12, to_bytes("ad"), ByteView(buf).first(n), buf).ok()) << n;
    EXPECT_EQ(buf, expected) << n;
  }
}

TEST(AesGcm, SealIntoRejectsBadBuffers) {
  AesGcm gcm = make(kKey256);
  const Bytes pt(32, 1);
  for (size_t n : {size_t{0}, size_t{32}, size_t{47}, size_t{49}}) {
    Bytes out(n, 0xee);
    EXPECT_EQ(gcm.seal_into(kIv12, {}, pt, out).code(), Errc::kInvalidArgument) << n;
    EXPECT_EQ(out, Bytes(n, 0xee)) << "untouched on a usage error";
  }
  // Output shifted against the plaintext by one byte either way.
  Bytes buf(64, 2);
  EXPECT_EQ(gcm.seal_into(kIv12, {}, ByteView(buf).subspan(1, 32), std::span(buf).first(48)).code(),
            Errc::kInvalidArgument);
  EXPECT_EQ(gcm.seal_into(kIv12, {}, ByteView(buf).first(32), std::span(buf).subspan(1, 48)).code(),
            Errc::kInvalidArgument);
  Bytes out(48);
  EXPECT_EQ(gcm.seal_into({}, {}, pt, out).code(), Errc::kInvalidArgument);
  EXPECT_EQ(gcm.seal_into(Bytes(129, 0), {}, pt, out).code(), Errc::kInvalidArgument);
}

TEST(AesGcm, MovedObjectKeepsWorking) {
  AesGcm a = make(kKey256);
  Bytes ct = a.seal(kIv12, {}, to_bytes("x")).value();
  AesGcm b = std::move(a);
  EXPECT_EQ(to_string(b.open(kIv12, {}, ct).value().reveal()), "x");
}

// One AesGcm used from several threads at once gives the same answers as used
// from one (run under TSan to check the pool's locking).
TEST(AesGcm, ConcurrentUse) {
  const AesGcm gcm = make(kKey256);
  DeterministicRng rng(5);
  constexpr int kJobs = 64;
  std::vector<Bytes> ivs, pts, expected;
  for (int i = 0; i < kJobs; ++i) {
    ivs.push_back(rng.bytes(i % 3 == 0 ? 16 : 12));
    pts.push_back(rng.bytes(static_cast<size_t>(i) * 37));
    expected.push_back(gcm.seal(ivs.back(), {}, pts.back()).value());
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < kJobs; ++i) {
          auto ct = gcm.seal(ivs[i], {}, pts[i]);
          auto pt = gcm.open(ivs[i], {}, expected[i]);
          if (!ct.ok() || *ct != expected[i] || !pt.ok() || !ct::equal(pt->reveal(), pts[i])) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

Bytes gen_bytes(size_t n) { return *rc::gen::container<Bytes>(n, rc::gen::arbitrary<uint8_t>()); }

RC_GTEST_PROP(AesGcmProp, SealOpenRoundTrip, ()) {
  const size_t key_len = *rc::gen::element<size_t>(16, 24, 32);
  const Bytes key = gen_bytes(key_len);
  const Bytes iv = gen_bytes(*rc::gen::inRange<size_t>(1, AesGcm::kMaxIvLen + 1));
  const auto aad = *rc::gen::arbitrary<Bytes>();
  const auto pt = *rc::gen::arbitrary<Bytes>();
  AesGcm gcm = make(key);
  auto ct = gcm.seal(iv, aad, pt);
  RC_ASSERT(ct.ok());
  RC_ASSERT(ct->size() == pt.size() + AesGcm::kTagLen);
  auto back = gcm.open(iv, aad, *ct);
  RC_ASSERT(back.ok());
  RC_ASSERT(ct::equal(back->reveal(), pt));
}

// A failed open never yields plaintext: flip any one bit of the ciphertext,
// tag or AAD and the result is kAuthFailed with no value.
RC_GTEST_PROP(AesGcmProp, AnyBitFlipFailsWithoutPlaintext, ()) {
  const Bytes key = gen_bytes(32);
  const Bytes iv = gen_bytes(AesGcm::kProtocolIvLen);
  auto aad = *rc::gen::arbitrary<Bytes>();
  const auto pt = *rc::gen::arbitrary<Bytes>();
  AesGcm gcm = make(key);
  Bytes ct = gcm.seal(iv, aad, pt).value();
  const bool in_aad = !aad.empty() && *rc::gen::arbitrary<bool>();
  Bytes& target = in_aad ? aad : ct;
  const size_t bit = *rc::gen::inRange<size_t>(0, target.size() * 8);
  target[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  auto out = gcm.open(iv, aad, ct);
  RC_ASSERT(!out.ok());
  RC_ASSERT(out.code() == Errc::kAuthFailed);
}

}  // namespace
}  // namespace e2e::crypto
