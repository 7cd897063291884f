#include "crypto/x25519.h"

#include <gtest/gtest.h>

#include "key_fixtures.h"
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/encoding.h"

namespace e2e::crypto {
namespace {
using namespace testing;


// RFC 8410 §4/§7 prefixes for raw X25519 keys.
const char kSpkiPrefix[] = "302a300506032b656e032100";
const char kPkcs8Prefix[] = "302e020100300506032b656e04220420";

// RFC 7748 §6.1.
const char kAlicePriv[] = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const char kAlicePub[] = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const char kBobPriv[] = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const char kBobPub[] = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const char kShared[] = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

Bytes x(std::string_view scalar_hex, ByteView u) {
  auto k = X25519PrivateKey::from_raw(H(scalar_hex));
  EXPECT_TRUE(k.ok());
  auto s = x25519(*k, u);
  EXPECT_TRUE(s.ok()) << s.error();
  return s.ok() ? reveal(*s) : Bytes{};
}

ossl::Ptr<EVP_PKEY> keygen(const char* type) {
  ossl::Ptr<EVP_PKEY> k(EVP_PKEY_Q_keygen(nullptr, nullptr, type));
  EXPECT_TRUE(k);
  return k;
}

// ---- known answers ----------------------------------------------------------

TEST(X25519, Rfc7748Section52) {
  EXPECT_EQ(x("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
              H("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")),
            H("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"));
  // The u-coordinate has bit 255 set, which X25519 masks.
  EXPECT_EQ(x("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
              H("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")),
            H("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"));
}

TEST(X25519, Rfc7748Section52Iterated) {
  Bytes k = H("0900000000000000000000000000000000000000000000000000000000000000");
  Bytes u = k;
  for (int i = 1; i <= 1000; ++i) {
    Bytes next = x(hex_encode(k), u);
    u = k;
    k = next;
    if (i == 1) {
      EXPECT_EQ(k, H("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
    }
  }
  EXPECT_EQ(k, H("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
}

TEST(X25519, Rfc7748Section61) {
  auto alice = X25519PrivateKey::from_raw(H(kAlicePriv));
  auto bob = X25519PrivateKey::from_raw(H(kBobPriv));
  ASSERT_TRUE(alice.ok() && bob.ok());
  EXPECT_EQ(alice->public_key(), H(kAlicePub));
  EXPECT_EQ(bob->public_key(), H(kBobPub));
  EXPECT_EQ(reveal(x25519(*alice, H(kBobPub)).value()), H(kShared));
  EXPECT_EQ(reveal(x25519(*bob, H(kAlicePub)).value()), H(kShared));
  // raw() gives back the bytes as imported, unclamped.
  EXPECT_EQ(reveal(alice->raw()), H(kAlicePriv));
}

// ---- peer values ------------------------------------------------------------

TEST(X25519, LowOrderPeersAreRefused) {
  // u-coordinates whose multiples are all the point at infinity (or 0): the
  // shared secret is all zeros whatever the private key (RFC 7748 §6.1).
  const char* low_order[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",  // 0
      "0100000000000000000000000000000000000000000000000000000000000000",  // 1
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p (= 0)
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1 (= 1)
      "0000000000000000000000000000000000000000000000000000000000000080",  // 0, bit 255 set
  };
  auto k = X25519PrivateKey::from_raw(H(kAlicePriv)).value();
  for (const char* u : low_order) {
    auto s = x25519(k, H(u));
    ASSERT_FALSE(s.ok()) << u;
    EXPECT_EQ(s.code(), Errc::kInvalidKey);
  }
}

TEST(X25519, NonCanonicalAndTwistPeersAreComputed) {
  auto k = X25519PrivateKey::from_raw(H(kAlicePriv)).value();
  Bytes pub = k.public_key();  // X25519(k, 9)
  // 9 + p and 9 with bit 255 set both mean u = 9.
  Bytes nine_plus_p = H("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  Bytes nine_high = H("0900000000000000000000000000000000000000000000000000000000000080");
  EXPECT_EQ(reveal(x25519(k, nine_plus_p).value()), pub);
  EXPECT_EQ(reveal(x25519(k, nine_high).value()), pub);

  // Wycheproof x25519_test.json (both acceptable, with a required output):
  // tcId 2, a point on the twist; tcId 87, u = p + 2 (non-canonical, twist).
  EXPECT_EQ(x("d85d8c061a50804ac488ad774ac716c3f5ba714b2712e048491379a500211958",
              H("63aa40c6e38346c5caf23a6df0a5e6c80889a08647e551b3563449befcfc9733")),
            H("279df67a7c4611db4708a0e8282b195e5ac0ed6f4b2f292c6fbd0acac30d1332"));
  EXPECT_EQ(x("0016b62af5cabde8c40938ebf2108e05d27fa0533ed85d70015ad4ad39762d54",
              H("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")),
            H("b4d10e832714972f96bd3382e4d082a21a8333a16315b3ffb536061d2482360d"));
}

TEST(X25519, LengthChecks) {
  auto k = X25519PrivateKey::from_raw(H(kAlicePriv)).value();
  for (size_t n : {0u, 31u, 33u}) {
    auto s = x25519(k, Bytes(n, 9));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), Errc::kInvalidKey);
    auto r = X25519PrivateKey::from_raw(Bytes(n, 9));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

TEST(X25519, DeterministicGenerate) {
  DeterministicRng a(3, "x"), b(3, "x"), c(4, "x");
  auto ka = X25519PrivateKey::generate(a).value();
  auto kb = X25519PrivateKey::generate(b).value();
  auto kc = X25519PrivateKey::generate(c).value();
  EXPECT_EQ(reveal(ka.raw()), reveal(kb.raw()));
  EXPECT_NE(reveal(ka.raw()), reveal(kc.raw()));
  DeterministicRng again(3, "x");
  EXPECT_EQ(reveal(ka.raw()), again.bytes(32));
}

RC_GTEST_PROP(X25519, AgreementIsSymmetric, (uint64_t seed)) {
  DeterministicRng ra(seed, "alice"), rb(seed, "bob");
  auto a = X25519PrivateKey::generate(ra).value();
  auto b = X25519PrivateKey::generate(rb).value();
  auto ab = x25519(a, b.public_key());
  auto ba = x25519(b, a.public_key());
  RC_ASSERT(ab.ok() && ba.ok());
  RC_ASSERT(*ab == *ba);
}

// ---- containers -------------------------------------------------------------

TEST(X25519, SpkiAndPemRoundTrip) {
  DeterministicRng rng(21, "x");
  auto k = X25519PrivateKey::generate(rng).value();
  Bytes pub = k.public_key();
  Bytes spki = concat({H(kSpkiPrefix), pub});
  EXPECT_EQ(x25519_public_from_spki_der(spki).value(), pub);

  ossl::Ptr<EVP_PKEY> ossl_pub(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, pub.data(), pub.size()));
  ASSERT_TRUE(ossl_pub);
  EXPECT_EQ(spki_of(ossl_pub.get()), spki);
  ossl::Ptr<BIO> b(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_PUBKEY(b.get(), ossl_pub.get()), 1);
  std::string pem = to_string(bio_bytes(b.get()));
  EXPECT_EQ(x25519_public_from_pem(pem).value(), pub);

  Bytes trailing = spki;
  trailing.push_back(0);
  Bytes long_form = concat({Bytes{0x30, 0x81}, ByteView(spki).subspan(1)});
  Bytes ed_spki = spki;
  ed_spki[8] = 0x70;  // 1.3.101.112 = Ed25519
  ASSERT_EQ(spki_of(keygen("ED25519").get()).size(), spki.size());
  for (const Bytes& bad : {Bytes{}, trailing, Bytes(spki.begin(), spki.end() - 1), long_form,
                           ed_spki, spki_of(keygen("X448").get()), spki_of(keygen("ED448").get()),
                           pub}) {
    auto r = x25519_public_from_spki_der(bad);
    ASSERT_FALSE(r.ok()) << hex_encode(bad);
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
  ossl::Ptr<EVP_PKEY> p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  EXPECT_EQ(x25519_public_from_spki_der(spki_of(p256.get())).code(), Errc::kInvalidKey);
  for (const std::string& bad : {pem + pem, std::string("x") + pem, std::string()}) {
    EXPECT_EQ(x25519_public_from_pem(bad).code(), Errc::kInvalidKey);
  }
}

TEST(X25519, Pkcs8AndPem) {
  Bytes raw = H(kAlicePriv);
  Bytes pkcs8 = concat({H(kPkcs8Prefix), raw});
  auto k = X25519PrivateKey::from_pkcs8_der(pkcs8);
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(reveal(k->raw()), raw);
  EXPECT_EQ(k->public_key(), H(kAlicePub));

  // OpenSSL's own encoder gives the same bytes, and its PEM imports.
  ossl::Ptr<EVP_PKEY> ossl_priv(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, raw.data(), raw.size()));
  ASSERT_TRUE(ossl_priv);
  EXPECT_EQ(pkcs8_of(ossl_priv.get()), pkcs8);
  ossl::Ptr<BIO> b(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_PrivateKey(b.get(), ossl_priv.get(), nullptr, nullptr, 0, nullptr, nullptr),
            1);
  std::string pem = to_string(bio_bytes(b.get()));
  auto from_pem = X25519PrivateKey::from_pem(pem);
  ASSERT_TRUE(from_pem.ok()) << from_pem.error();
  EXPECT_EQ(reveal(from_pem->raw()), raw);

  Bytes trailing = pkcs8;
  trailing.push_back(0);
  Bytes ed_pkcs8 = pkcs8;
  ed_pkcs8[13] = 0x70;  // Ed25519 OID
  ASSERT_EQ(pkcs8_of(keygen("ED25519").get()).size(), pkcs8.size());
  // Wycheproof x25519_asn_test.json tcId 537 (MissingOctetString).
  Bytes missing_octet_string = H(
      "302c020100300506032b656e042020290a17cd5f2db79e4541573ee23f776fa67d7d6c84a3feeca25a9dd30ae273");
  ossl::Ptr<EVP_PKEY> p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  for (const Bytes& bad :
       {Bytes{}, trailing, Bytes(pkcs8.begin(), pkcs8.end() - 1), ed_pkcs8, missing_octet_string,
        pkcs8_of(keygen("X448").get()), pkcs8_of(p256.get()), concat({H(kSpkiPrefix), raw}), raw}) {
    auto r = X25519PrivateKey::from_pkcs8_der(bad);
    ASSERT_FALSE(r.ok()) << hex_encode(bad);
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
  std::string relabelled = pem;
  for (size_t at = 0; (at = relabelled.find("PRIVATE KEY", at)) != std::string::npos; at += 10) {
    relabelled.replace(at, 11, "PUBLIC KEY");
  }
  EXPECT_EQ(X25519PrivateKey::from_pem(relabelled).code(), Errc::kInvalidKey);
  EXPECT_EQ(X25519PrivateKey::from_pem(pem + pem).code(), Errc::kInvalidKey);
}

Jwk okp(std::string_view x_hex, std::string_view d_hex = {}) {
  Jwk j;
  j.kty = "OKP";
  j.crv = "X25519";
  j.x = base64url_encode(H(x_hex));
  if (!d_hex.empty()) j.d = base64url_encode(H(d_hex));
  return j;
}

TEST(X25519, Jwk) {
  EXPECT_EQ(x25519_public_from_jwk(okp(kBobPub)).value(), H(kBobPub));
  auto k = X25519PrivateKey::from_jwk(okp(kAlicePub, kAlicePriv));
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(reveal(k->raw()), H(kAlicePriv));

  auto with = [](Jwk j, auto edit) {
    edit(j);
    return j;
  };
  Jwk pub = okp(kBobPub);
  std::vector<Jwk> bad_pub = {
      with(pub, [](Jwk& j) { j.kty = "EC"; }),
      with(pub, [](Jwk& j) { j.kty = ""; }),
      with(pub, [](Jwk& j) { j.crv = "Ed25519"; }),
      with(pub, [](Jwk& j) { j.crv = "X448"; }),
      with(pub, [](Jwk& j) { j.x = ""; }),
      with(pub, [](Jwk& j) { j.x += "="; }),
      with(pub, [](Jwk& j) { j.x = base64url_encode(Bytes(31, 9)); }),
      with(pub, [](Jwk& j) { j.x = base64url_encode(Bytes(56, 9)); }),
  };
  for (const Jwk& j : bad_pub) {
    auto r = x25519_public_from_jwk(j);
    ASSERT_FALSE(r.ok()) << j.kty << " " << j.crv << " " << j.x;
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }

  Jwk priv = okp(kAlicePub, kAlicePriv);
  std::vector<Jwk> bad_priv = {
      with(priv, [](Jwk& j) { j.x = base64url_encode(H(kBobPub)); }),  // x not d's
      with(priv, [](Jwk& j) { j.x = ""; }),
      with(priv, [](Jwk& j) { j.d = ""; }),
      with(priv, [](Jwk& j) { j.d = base64url_encode(Bytes(31, 1)); }),
      with(priv, [](Jwk& j) { j.crv = "Ed25519"; }),
  };
  for (const Jwk& j : bad_priv) {
    auto r = X25519PrivateKey::from_jwk(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

}  // namespace
}  // namespace e2e::crypto
