#include "crypto/ed25519.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/encoding.h"

namespace e2e::crypto {
namespace {

Bytes H(std::string_view hex) { return hex_decode(hex).value(); }

struct Rfc8032Case {
  const char* name;
  const char* seed;
  const char* pub;
  const char* msg;
  const char* sig;
};

// RFC 8032 §7.1, TEST 1-3.
const Rfc8032Case kRfc8032[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
     "b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f1"
     "1d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984d"
     "c6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST(Ed25519, Rfc8032KnownAnswers) {
  for (const auto& c : kRfc8032) {
    SCOPED_TRACE(c.name);
    auto k = Ed25519PrivateKey::from_seed(H(c.seed));
    ASSERT_TRUE(k.ok()) << k.error();
    EXPECT_EQ(k->public_key(), H(c.pub));
    SecretBytes seed = k->seed();
    EXPECT_EQ(Bytes(seed.reveal().begin(), seed.reveal().end()), H(c.seed));
    auto sig = k->sign(H(c.msg));
    ASSERT_TRUE(sig.ok()) << sig.error();
    EXPECT_EQ(*sig, H(c.sig));
    EXPECT_TRUE(ed25519_verify(H(c.pub), H(c.msg), H(c.sig)).ok());
  }
}

TEST(Ed25519, SeedMustBe32Bytes) {
  for (size_t n : {0u, 31u, 33u, 64u}) {
    auto k = Ed25519PrivateKey::from_seed(Bytes(n, 1));
    ASSERT_FALSE(k.ok()) << n;
    EXPECT_EQ(k.code(), Errc::kInvalidKey);
  }
}

TEST(Ed25519, DeterministicGenerate) {
  DeterministicRng a(5, "ed"), b(5, "ed"), c(6, "ed");
  auto ka = Ed25519PrivateKey::generate(a);
  auto kb = Ed25519PrivateKey::generate(b);
  auto kc = Ed25519PrivateKey::generate(c);
  ASSERT_TRUE(ka.ok() && kb.ok() && kc.ok());
  EXPECT_EQ(ka->public_key(), kb->public_key());
  EXPECT_NE(ka->public_key(), kc->public_key());
  DeterministicRng again(5, "ed");
  SecretBytes seed = ka->seed();
  EXPECT_EQ(Bytes(seed.reveal().begin(), seed.reveal().end()), again.bytes(32));
}

TEST(Ed25519, VerifyRejections) {
  const auto& c = kRfc8032[2];
  Bytes pub = H(c.pub), msg = H(c.msg), sig = H(c.sig);

  for (size_t n : {0u, 31u, 33u}) {
    auto r = ed25519_verify(Bytes(n, 0x11), msg, sig);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }

  // S + L: the same signature, malleated (RFC 8032 §5.1.7 requires S < L).
  const Bytes kL = H("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  Bytes s_plus_l = sig;
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    unsigned v = s_plus_l[32 + i] + kL[i] + carry;
    s_plus_l[32 + i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
  Bytes flipped_r = sig;
  flipped_r[0] ^= 1;
  Bytes flipped_s = sig;
  flipped_s[40] ^= 1;
  Bytes longer = sig;
  longer.push_back(0);
  std::vector<std::pair<Bytes, Bytes>> bad = {
      {msg, Bytes{}},
      {msg, Bytes(sig.begin(), sig.end() - 1)},
      {msg, longer},
      {msg, Bytes(sig.begin(), sig.begin() + 32)},
      {msg, s_plus_l},
      {msg, flipped_r},
      {msg, flipped_s},
      {msg, Bytes(64, 0)},
      {Bytes{0xaf}, sig},
      {concat({msg, Bytes{0}}), sig},
  };
  for (const auto& [m, s] : bad) {
    auto r = ed25519_verify(pub, m, s);
    ASSERT_FALSE(r.ok()) << hex_encode(m) << " " << hex_encode(s);
    EXPECT_EQ(r.code(), Errc::kAuthFailed);
  }

  // A key of the right length that is not a valid encoding (y >= p) or
  // belongs to someone else is a verification failure, not a key error.
  Bytes non_canonical(32, 0xff);
  non_canonical[31] = 0x7f;
  for (const Bytes& other : {non_canonical, H(kRfc8032[0].pub)}) {
    EXPECT_EQ(ed25519_verify(other, msg, sig).code(), Errc::kAuthFailed);
  }
}

RC_GTEST_PROP(Ed25519, SignVerifyAndTamper, (uint64_t seed, const Bytes& msg)) {
  DeterministicRng rng(seed, "ed25519-prop");
  auto k = Ed25519PrivateKey::generate(rng).value();
  Bytes pub = k.public_key();
  Bytes sig = k.sign(msg).value();
  RC_ASSERT(sig.size() == kEd25519SignatureLen);
  RC_ASSERT(ed25519_verify(pub, msg, sig).ok());
  // Deterministic: signing again gives the same bytes.
  RC_ASSERT(k.sign(msg).value() == sig);

  Bytes bad_sig = sig;
  bad_sig[*rc::gen::inRange<size_t>(0, 64)] ^= static_cast<uint8_t>(1u << *rc::gen::inRange(0, 8));
  RC_ASSERT(ed25519_verify(pub, msg, bad_sig).code() == Errc::kAuthFailed);

  Bytes bad_msg = msg;
  if (bad_msg.empty()) {
    bad_msg.push_back(0);
  } else {
    bad_msg[*rc::gen::inRange<size_t>(0, bad_msg.size())] ^=
        static_cast<uint8_t>(1u << *rc::gen::inRange(0, 8));
  }
  RC_ASSERT(ed25519_verify(pub, bad_msg, sig).code() == Errc::kAuthFailed);
}

}  // namespace
}  // namespace e2e::crypto
