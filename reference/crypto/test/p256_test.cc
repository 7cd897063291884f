#include "crypto/p256.h"

#include <gtest/gtest.h>

#include "key_fixtures.h"
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <string>

#include "common/encoding.h"

namespace e2e::crypto {
namespace {
using namespace testing;


// The curve order n, big-endian.
const char kOrderHex[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
// 04||G: the public key of the scalar 1.
const char kGeneratorHex[] =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
const char kSpkiPrefixHex[] = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

// Wycheproof ecdh_secp256r1_test.json tcId 1 ("normal case").
const char kTc1Public[] =
    "0462d5bd3372af75fe85a040715d0f502428e07046868b0bfdfa61d731afe44f26"
    "ac333a93a9e70a81cd5a95b5bf8d13990eb741c8c38872b4a07d275a014e30cf";
const char kTc1Private[] = "0612465c89a023ab17855b0a6bcebfd3febb53aef84138647b5352e02c10c346";
const char kTc1Shared[] = "53020d908b0219328b658b525f26780e3ae12bcd952bb25a93bc0895e1714285";

// ---- OpenSSL-side fixtures: containers written by OpenSSL's own encoders ----

ossl::Ptr<EVP_PKEY> openssl_ec_key(const char* curve) {
  ossl::Ptr<EVP_PKEY> k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
  EXPECT_TRUE(k);
  return k;
}

Bytes sec1_of(EVP_PKEY* k) {
  int len = i2d_PrivateKey(k, nullptr);  // "type-specific" = SEC1 ECPrivateKey for EC
  Bytes out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  EXPECT_EQ(i2d_PrivateKey(k, &p), len);
  return out;
}

std::string pem_public_of(EVP_PKEY* k) {
  ossl::Ptr<BIO> b(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PUBKEY(b.get(), k), 1);
  return to_string(bio_bytes(b.get()));
}

std::string pem_private_of(EVP_PKEY* k, bool traditional) {
  ossl::Ptr<BIO> b(BIO_new(BIO_s_mem()));
  int rc = traditional
               ? PEM_write_bio_PrivateKey_traditional(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr)
               : PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr);
  EXPECT_EQ(rc, 1);
  return to_string(bio_bytes(b.get()));
}

Bytes openssl_scalar(EVP_PKEY* k) {
  BIGNUM* d = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &d), 1);
  ossl::Ptr<BIGNUM> owned(d);
  Bytes out(32);
  EXPECT_EQ(BN_bn2binpad(d, out.data(), 32), 32);
  return out;
}

Jwk public_jwk(const Bytes& point) {
  Jwk j;
  j.kty = "EC";
  j.crv = "P-256";
  j.x = base64url_encode(ByteView(point).subspan(1, 32));
  j.y = base64url_encode(ByteView(point).subspan(33, 32));
  return j;
}

Jwk private_jwk(const P256PrivateKey& k) {
  Jwk j = public_jwk(k.public_key().to_uncompressed());
  j.d = base64url_encode(k.scalar().reveal());
  return j;
}

P256PrivateKey key_from_seed(uint64_t seed, std::string_view label = "p256") {
  DeterministicRng rng(seed, label);
  return P256PrivateKey::generate(rng).value();
}

// ---- public key import ----------------------------------------------------

TEST(P256PublicKey, UncompressedRoundTrip) {
  auto k = P256PublicKey::from_uncompressed(H(kTc1Public));
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(k->to_uncompressed(), H(kTc1Public));
}

TEST(P256PublicKey, RejectsEveryOtherPointForm) {
  Bytes good = H(kTc1Public);
  Bytes compressed(good.begin(), good.begin() + 33);
  compressed[0] = static_cast<uint8_t>(0x02 | (good[64] & 1));
  Bytes hybrid = good;
  hybrid[0] = 0x06;
  Bytes off_curve = good;
  off_curve[64] ^= 1;
  Bytes x_ge_p = H(std::string("04") + std::string(64, 'f') + std::string(64, '0'));
  Bytes zeros(65, 0);
  zeros[0] = 0x04;
  Bytes longer = good;
  longer.push_back(0);
  for (const Bytes& bad : {Bytes{}, Bytes{0x00}, compressed, hybrid, off_curve, x_ge_p, zeros,
                           Bytes(good.begin(), good.end() - 1), longer}) {
    auto k = P256PublicKey::from_uncompressed(bad);
    ASSERT_FALSE(k.ok()) << hex_encode(bad);
    EXPECT_EQ(k.code(), Errc::kInvalidKey);
  }
}

TEST(P256PublicKey, SpkiRoundTripAndCanonicalForm) {
  Bytes spki = concat({H(kSpkiPrefixHex), H(kTc1Public)});
  auto k = P256PublicKey::from_spki_der(spki);
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(k->to_uncompressed(), H(kTc1Public));
  // Our encoding and OpenSSL's agree, so the canonical check is not ours alone.
  EXPECT_EQ(spki_of(k->pkey()), spki);
}

TEST(P256PublicKey, SpkiFromOpenSsl) {
  auto k = openssl_ec_key("P-256");
  auto ours = P256PublicKey::from_spki_der(spki_of(k.get()));
  ASSERT_TRUE(ours.ok()) << ours.error();
  EXPECT_EQ(EVP_PKEY_eq(ours->pkey(), k.get()), 1);
}

TEST(P256PublicKey, SpkiRejections) {
  Bytes spki = concat({H(kSpkiPrefixHex), H(kTc1Public)});
  Bytes trailing = spki;
  trailing.push_back(0x00);
  // Wycheproof tcId 391 (InvalidAsn): the outer SEQUENCE length in long form.
  Bytes long_form = concat({Bytes{0x30, 0x81}, ByteView(spki).subspan(1)});
  // Wycheproof tcId 348 (InvalidEncoding): an empty BIT STRING.
  Bytes empty_bits = H("3018301306072a8648ce3d020106082a8648ce3d030107030100");
  // Wycheproof tcId 349 (WrongCurve): a secp256k1 key.
  Bytes secp256k1 = H(
      "3056301006072a8648ce3d020106052b8104000a03420004ffffffffffffffffffffffffffffffffffffffffff"
      "fffffffffffffffefffffc2f3d9df6defaca30298506113d7501978507d339fe0547962cac4cd6dfc56c9769");

  auto explicit_key = openssl_ec_key("P-256");
  ASSERT_EQ(EVP_PKEY_set_utf8_string_param(explicit_key.get(), OSSL_PKEY_PARAM_EC_ENCODING,
                                           OSSL_PKEY_EC_ENCODING_EXPLICIT),
            1);
  Bytes explicit_spki = spki_of(explicit_key.get());
  ASSERT_GT(explicit_spki.size(), 91u);  // the fixture really carries the curve parameters

  auto compressed_key = openssl_ec_key("P-256");
  ASSERT_EQ(EVP_PKEY_set_utf8_string_param(compressed_key.get(),
                                           OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                           OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED),
            1);
  Bytes compressed_spki = spki_of(compressed_key.get());
  ASSERT_EQ(compressed_spki.size(), 59u);

  ossl::Ptr<EVP_PKEY> ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  ossl::Ptr<EVP_PKEY> x25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));

  for (const Bytes& bad :
       {Bytes{}, trailing, Bytes(spki.begin(), spki.end() - 1), long_form, empty_bits, secp256k1,
        explicit_spki, compressed_spki, spki_of(openssl_ec_key("P-384").get()),
        spki_of(ed.get()), spki_of(x25519.get()), H(kTc1Public)}) {
    auto k = P256PublicKey::from_spki_der(bad);
    ASSERT_FALSE(k.ok()) << hex_encode(bad);
    EXPECT_EQ(k.code(), Errc::kInvalidKey);
  }
}

TEST(P256PublicKey, Pem) {
  auto k = openssl_ec_key("P-256");
  std::string pem = pem_public_of(k.get());
  auto ours = P256PublicKey::from_pem(pem);
  ASSERT_TRUE(ours.ok()) << ours.error();
  EXPECT_EQ(EVP_PKEY_eq(ours->pkey(), k.get()), 1);

  // CRLF line ends and surrounding whitespace are still one block.
  std::string crlf;
  for (char c : pem) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_TRUE(P256PublicKey::from_pem("\n  " + crlf + "\n").ok());

  std::string body = pem.substr(pem.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  std::vector<std::string> bad = {
      "",
      pem + pem,                                                     // two blocks
      "junk\n" + pem,                                                // text before
      pem + "junk\n",                                                // text after
      "-----BEGIN EC PUBLIC KEY-----\n" + body + "-----END EC PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\n" + body + "-----END PRIVATE KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\n" + body + "-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\n" + body.substr(0, 10) + "*" + body.substr(11) +
          "-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----" + body + "-----END PUBLIC KEY-----\n",  // no line break
      pem_private_of(k.get(), false),
  };
  for (const std::string& p : bad) {
    auto r = P256PublicKey::from_pem(p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

TEST(P256PublicKey, Jwk) {
  Bytes point = H(kTc1Public);
  auto k = P256PublicKey::from_jwk(public_jwk(point));
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(k->to_uncompressed(), point);

  auto with = [&](auto edit) {
    Jwk j = public_jwk(point);
    edit(j);
    return j;
  };
  Bytes off_curve = point;
  off_curve[64] ^= 1;
  std::vector<Jwk> bad = {
      with([](Jwk& j) { j.kty = "OKP"; }),
      with([](Jwk& j) { j.kty = ""; }),
      with([](Jwk& j) { j.crv = "P-384"; }),
      with([](Jwk& j) { j.crv = "secp256r1"; }),
      with([](Jwk& j) { j.y = ""; }),
      with([](Jwk& j) { j.x += "="; }),                                  // padding
      with([](Jwk& j) { j.x = base64url_encode(Bytes(31, 1)); }),        // short
      with([&](Jwk& j) { j.x = base64url_encode(concat({Bytes{0}, ByteView(point).subspan(1, 32)})); }),
      with([](Jwk& j) { j.x[5] = '+'; }),                                // base64, not base64url
      public_jwk(off_curve),
  };
  for (const Jwk& j : bad) {
    auto r = P256PublicKey::from_jwk(j);
    ASSERT_FALSE(r.ok()) << j.kty << " " << j.crv << " " << j.x << " " << j.y;
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

TEST(P256PublicKey, FailuresLeaveNoOpenSslError) {
  // A stale queue entry would be misread by the next, unrelated OpenSSL call.
  ERR_clear_error();
  Bytes off_curve = H(kTc1Public);
  off_curve[64] ^= 1;
  EXPECT_FALSE(P256PublicKey::from_uncompressed(off_curve).ok());
  EXPECT_FALSE(P256PublicKey::from_spki_der(concat({Bytes{0x30, 0x81}, H(kSpkiPrefixHex)})).ok());
  EXPECT_FALSE(P256PrivateKey::from_pkcs8_der(Bytes{0x30, 0x03, 0x02, 0x01, 0x00}).ok());
  auto pub = P256PublicKey::from_uncompressed(H(kTc1Public)).value();
  EXPECT_FALSE(ecdsa_p256_verify_der(pub, {}, Bytes{0x30, 0x00}).ok());
  EXPECT_FALSE(ecdsa_p256_verify_p1363(pub, {}, Bytes(64, 1)).ok());
  EXPECT_EQ(ERR_peek_error(), 0u);
}

// ---- private keys ---------------------------------------------------------

TEST(P256PrivateKey, ScalarBounds) {
  Bytes n = H(kOrderHex);
  Bytes n_minus_1 = n;
  n_minus_1[31] -= 1;
  Bytes n_plus_1 = n;
  n_plus_1[31] += 1;

  auto one = P256PrivateKey::from_scalar(Bytes{0x01});
  ASSERT_TRUE(one.ok()) << one.error();
  EXPECT_EQ(one->public_key().to_uncompressed(), H(kGeneratorHex));
  EXPECT_TRUE(P256PrivateKey::from_scalar(n_minus_1).ok());

  for (const Bytes& bad : {Bytes{}, Bytes{0}, Bytes(32, 0), Bytes(33, 0), n, n_plus_1,
                           Bytes(32, 0xff), concat({Bytes{1}, Bytes(32, 0)})}) {
    auto k = P256PrivateKey::from_scalar(bad);
    ASSERT_FALSE(k.ok()) << hex_encode(bad);
    EXPECT_EQ(k.code(), Errc::kInvalidKey);
  }
}

TEST(P256PrivateKey, ScalarLengthsAreLeftPadded) {
  // Wycheproof BigInt forms: 33 bytes with a leading 00, 29 bytes, 1 byte.
  auto padded = P256PrivateKey::from_scalar(concat({Bytes{0}, H(kTc1Private)}));
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(reveal(padded->scalar()), H(kTc1Private));

  Bytes short29 = H("00ffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  auto k29 = P256PrivateKey::from_scalar(short29);
  ASSERT_TRUE(k29.ok());
  EXPECT_EQ(reveal(k29->scalar()), concat({Bytes(3, 0), short29}));

  auto k1 = P256PrivateKey::from_scalar(Bytes{0x03});
  ASSERT_TRUE(k1.ok());
  Bytes three(32, 0);
  three[31] = 3;
  EXPECT_EQ(reveal(k1->scalar()), three);
  EXPECT_EQ(k1->scalar().size(), 32u);
}

TEST(P256PrivateKey, DeterministicGenerate) {
  EXPECT_EQ(reveal(key_from_seed(1).scalar()), reveal(key_from_seed(1).scalar()));
  EXPECT_NE(reveal(key_from_seed(1).scalar()), reveal(key_from_seed(2).scalar()));
  EXPECT_NE(reveal(key_from_seed(1).scalar()), reveal(key_from_seed(1, "other").scalar()));
  // The scalar is the Rng's first 32 bytes when they are in range.
  DeterministicRng rng(1, "p256");
  EXPECT_EQ(reveal(key_from_seed(1).scalar()), rng.bytes(32));
}

// QueueRng hands out queued blocks, then zeros.
class QueueRng final : public Rng {
 public:
  explicit QueueRng(std::deque<Bytes> blocks) : blocks_(std::move(blocks)) {}
  void fill(std::span<uint8_t> out) override {
    Bytes next = blocks_.empty() ? Bytes(out.size(), 0) : blocks_.front();
    if (!blocks_.empty()) blocks_.pop_front();
    ASSERT_EQ(next.size(), out.size());
    std::copy(next.begin(), next.end(), out.begin());
  }

 private:
  std::deque<Bytes> blocks_;
};

TEST(P256PrivateKey, GenerateRejectsOutOfRangeDraws) {
  Bytes two(32, 0);
  two[31] = 2;
  QueueRng rng({Bytes(32, 0xff), H(kOrderHex), Bytes(32, 0), two});
  auto k = P256PrivateKey::generate(rng);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(reveal(k->scalar()), two);

  QueueRng broken({});  // only zeros: never in range
  auto none = P256PrivateKey::generate(broken);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.code(), Errc::kInternal);
}

TEST(P256PrivateKey, ExportImportRoundTrips) {
  P256PrivateKey k = key_from_seed(7);
  Bytes scalar = reveal(k.scalar());
  Bytes point = k.public_key().to_uncompressed();
  auto check = [&](const Result<P256PrivateKey>& r, const char* form) {
    ASSERT_TRUE(r.ok()) << form << ": " << r.error();
    EXPECT_EQ(reveal(r->scalar()), scalar) << form;
    EXPECT_EQ(r->public_key().to_uncompressed(), point) << form;
  };
  check(P256PrivateKey::from_scalar(scalar), "scalar");
  check(P256PrivateKey::from_pkcs8_der(pkcs8_of(k.pkey())), "pkcs8");
  check(P256PrivateKey::from_pem(pem_private_of(k.pkey(), false)), "pkcs8 pem");
  check(P256PrivateKey::from_pem(pem_private_of(k.pkey(), true)), "sec1 pem");
  check(P256PrivateKey::from_jwk(private_jwk(k)), "jwk");

  auto pub = k.public_key();
  EXPECT_EQ(P256PublicKey::from_spki_der(spki_of(pub.pkey()))->to_uncompressed(), point);
  EXPECT_EQ(P256PublicKey::from_pem(pem_public_of(pub.pkey()))->to_uncompressed(), point);
  EXPECT_EQ(P256PublicKey::from_jwk(public_jwk(point))->to_uncompressed(), point);
}

TEST(P256PrivateKey, PublicKeyCarriesNoScalar) {
  P256PrivateKey k = key_from_seed(8);
  BIGNUM* d = nullptr;
  EXPECT_NE(EVP_PKEY_get_bn_param(k.public_key().pkey(), OSSL_PKEY_PARAM_PRIV_KEY, &d), 1);
  ossl::Ptr<BIGNUM> owned(d);
  ERR_clear_error();
}

TEST(P256PrivateKey, FromOpenSslContainers) {
  auto k = openssl_ec_key("P-256");
  Bytes scalar = openssl_scalar(k.get());
  auto from_der = P256PrivateKey::from_pkcs8_der(pkcs8_of(k.get()));
  ASSERT_TRUE(from_der.ok()) << from_der.error();
  EXPECT_EQ(reveal(from_der->scalar()), scalar);
  EXPECT_EQ(EVP_PKEY_eq(from_der->public_key().pkey(), k.get()), 1);

  // Wycheproof ecdh_secp256r1_pem_test.json tcId 1: PKCS#8 without the public key.
  auto wp = P256PrivateKey::from_pem(
      "-----BEGIN PRIVATE KEY-----\n"
      "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCAGEkZciaAjqxeFWwpr\n"
      "zr/T/rtTrvhBOGR7U1LgLBDDRg==\n"
      "-----END PRIVATE KEY-----\n");
  ASSERT_TRUE(wp.ok()) << wp.error();
  EXPECT_EQ(reveal(wp->scalar()), H(kTc1Private));
}

TEST(P256PrivateKey, ContainerRejections) {
  auto k = openssl_ec_key("P-256");
  Bytes pkcs8 = pkcs8_of(k.get());
  Bytes trailing = pkcs8;
  trailing.push_back(0);

  // The container's public key belongs to another scalar.
  auto other = openssl_ec_key("P-256");
  Bytes other_spki = spki_of(other.get());
  Bytes mismatched = pkcs8;
  Bytes own_spki = spki_of(k.get());
  // OpenSSL's PKCS#8 ends with the SEC1 publicKey field: 04||x||y.
  ASSERT_EQ(Bytes(mismatched.end() - 65, mismatched.end()), Bytes(own_spki.end() - 65, own_spki.end()));
  std::copy(other_spki.end() - 64, other_spki.end(), mismatched.end() - 64);

  auto explicit_key = openssl_ec_key("P-256");
  ASSERT_EQ(EVP_PKEY_set_utf8_string_param(explicit_key.get(), OSSL_PKEY_PARAM_EC_ENCODING,
                                           OSSL_PKEY_EC_ENCODING_EXPLICIT),
            1);
  ossl::Ptr<EVP_PKEY> ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  ossl::Ptr<EVP_PKEY> x25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));

  for (const Bytes& bad : {Bytes{}, trailing, Bytes(pkcs8.begin(), pkcs8.end() - 1), mismatched,
                           sec1_of(k.get()),  // SEC1 is not PKCS#8
                           pkcs8_of(explicit_key.get()), pkcs8_of(openssl_ec_key("P-384").get()),
                           pkcs8_of(ed.get()), pkcs8_of(x25519.get()), spki_of(k.get())}) {
    auto r = P256PrivateKey::from_pkcs8_der(bad);
    ASSERT_FALSE(r.ok()) << hex_encode(bad);
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }

  // PEM: the label must match the container inside it.
  std::string sec1_pem = pem_private_of(k.get(), true);
  std::string pkcs8_pem = pem_private_of(k.get(), false);
  auto relabel = [](std::string pem, const std::string& from, const std::string& to) {
    for (size_t at = 0; (at = pem.find(from, at)) != std::string::npos; at += to.size()) {
      pem.replace(at, from.size(), to);
    }
    return pem;
  };
  for (const std::string& bad :
       {relabel(sec1_pem, "EC PRIVATE KEY", "PRIVATE KEY"),
        relabel(pkcs8_pem, "PRIVATE KEY", "EC PRIVATE KEY"), pem_public_of(k.get()),
        pem_private_of(explicit_key.get(), false), pem_private_of(explicit_key.get(), true),
        pkcs8_pem + pkcs8_pem}) {
    auto r = P256PrivateKey::from_pem(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

TEST(P256PrivateKey, JwkRejections) {
  P256PrivateKey k = key_from_seed(9);
  P256PrivateKey other = key_from_seed(10);
  auto with = [&](auto edit) {
    Jwk j = private_jwk(k);
    edit(j);
    return j;
  };
  Bytes n = H(kOrderHex);
  std::vector<Jwk> bad = {
      with([&](Jwk& j) { j.x = private_jwk(other).x; j.y = private_jwk(other).y; }),
      with([](Jwk& j) { j.d = ""; }),
      with([](Jwk& j) { j.x = ""; j.y = ""; }),
      with([&](Jwk& j) { j.d = base64url_encode(ByteView(reveal(k.scalar())).subspan(1)); }),
      with([&](Jwk& j) { j.d = base64url_encode(n); }),
      with([](Jwk& j) { j.d += "="; }),
      with([](Jwk& j) { j.crv = "P-384"; }),
  };
  for (const Jwk& j : bad) {
    auto r = P256PrivateKey::from_jwk(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), Errc::kInvalidKey);
  }
}

// ---- ECDH -----------------------------------------------------------------

TEST(EcdhP256, KnownAnswers) {
  auto priv = P256PrivateKey::from_scalar(H(kTc1Private));
  auto pub = P256PublicKey::from_uncompressed(H(kTc1Public));
  ASSERT_TRUE(priv.ok() && pub.ok());
  auto s = ecdh_p256(*priv, *pub);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(reveal(*s), H(kTc1Shared));

  // Wycheproof tcId 3: the shared x-coordinate is 0. Valid for P-256, and
  // still 32 bytes.
  auto p3 = P256PrivateKey::from_scalar(
      H("0a0d622a47e48f6bc1038ace438c6f528aa00ad2bd1da5f13ee46bf5f633d71a"));
  auto q3 = P256PublicKey::from_spki_der(
      H("3059301306072a8648ce3d020106082a8648ce3d0301070342000458fd4168a87795603e2b04390285bdca6e"
        "57de6027fe211dd9d25e2212d29e62080d36bd224d7405509295eed02a17150e03b314f96da37445b0d1d2937"
        "7d12c"));
  ASSERT_TRUE(p3.ok() && q3.ok());
  auto s3 = ecdh_p256(*p3, *q3);
  ASSERT_TRUE(s3.ok()) << s3.error();
  EXPECT_EQ(reveal(*s3), Bytes(32, 0));
}

RC_GTEST_PROP(EcdhP256, AgreementIsSymmetric, (uint64_t seed)) {
  P256PrivateKey a = key_from_seed(seed, "alice");
  P256PrivateKey b = key_from_seed(seed, "bob");
  auto ab = ecdh_p256(a, b.public_key());
  auto ba = ecdh_p256(b, a.public_key());
  RC_ASSERT(ab.ok() && ba.ok());
  RC_ASSERT(ab->size() == 32u);
  RC_ASSERT(*ab == *ba);
}

// ---- ECDSA ----------------------------------------------------------------

struct RS {
  Bytes r, s;
};

RS split(const Bytes& p1363) {
  return {Bytes(p1363.begin(), p1363.begin() + 32), Bytes(p1363.begin() + 32, p1363.end())};
}

// n - s, big-endian, via OpenSSL's BIGNUM (test-side arithmetic only).
Bytes negate_mod_n(const Bytes& s) {
  ossl::Ptr<BIGNUM> n(BN_bin2bn(H(kOrderHex).data(), 32, nullptr));
  ossl::Ptr<BIGNUM> v(BN_bin2bn(s.data(), 32, nullptr));
  ossl::Ptr<BIGNUM> out(BN_new());
  EXPECT_EQ(BN_sub(out.get(), n.get(), v.get()), 1);
  Bytes b(32);
  EXPECT_EQ(BN_bn2binpad(out.get(), b.data(), 32), 32);
  return b;
}

Bytes der_from_p1363(const Bytes& p1363) {
  ossl::Ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
  EXPECT_EQ(ECDSA_SIG_set0(sig.get(), BN_bin2bn(p1363.data(), 32, nullptr),
                           BN_bin2bn(p1363.data() + 32, 32, nullptr)),
            1);
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  Bytes out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return out;
}

TEST(EcdsaP256, WycheproofHighSIsValid) {
  // ecdsa_secp256r1_sha256_p1363_test.json tcId 1: "signature malleability", valid.
  auto pub = P256PublicKey::from_uncompressed(
      H("042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1"
        "498a60f4606766b3d9685001558d1a974e7341513e"));
  ASSERT_TRUE(pub.ok());
  Bytes msg = H("313233343030");
  Bytes sig = H(
      "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e184cd60b855d442f5b3c7b11eb6c4e"
      "0ae7525fe710fab9aa7c77a67f79e6fadd76");
  EXPECT_TRUE(ecdsa_p256_verify_p1363(*pub, msg, sig).ok());
  EXPECT_TRUE(ecdsa_p256_verify_der(*pub, msg, der_from_p1363(sig)).ok());
  // ... and so is its low-S twin.
  RS rs = split(sig);
  Bytes twin = concat({rs.r, negate_mod_n(rs.s)});
  EXPECT_TRUE(ecdsa_p256_verify_p1363(*pub, msg, twin).ok());
}

TEST(EcdsaP256, SignedFormsAgree) {
  P256PrivateKey k = key_from_seed(11);
  Bytes msg = to_bytes("hello");
  auto der = ecdsa_p256_sign_der(k, msg);
  auto p1363 = ecdsa_p256_sign_p1363(k, msg);
  ASSERT_TRUE(der.ok() && p1363.ok());
  EXPECT_EQ(p1363->size(), 64u);
  EXPECT_TRUE(ecdsa_p256_verify_der(k.public_key(), msg, *der).ok());
  EXPECT_TRUE(ecdsa_p256_verify_p1363(k.public_key(), msg, *p1363).ok());
  EXPECT_TRUE(ecdsa_p256_verify_der(k.public_key(), msg, der_from_p1363(*p1363)).ok());
  // Empty messages are messages too.
  auto empty = ecdsa_p256_sign_p1363(k, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(ecdsa_p256_verify_p1363(k.public_key(), {}, *empty).ok());
}

TEST(EcdsaP256, RejectsNonCanonicalAndOutOfRange) {
  P256PrivateKey k = key_from_seed(12);
  P256PublicKey pub = k.public_key();
  Bytes msg = to_bytes("message");
  Bytes der = ecdsa_p256_sign_der(k, msg).value();
  Bytes p1363 = ecdsa_p256_sign_p1363(k, msg).value();
  RS rs = split(p1363);

  Bytes trailing = der;
  trailing.push_back(0);
  Bytes long_form = concat({Bytes{0x30, 0x81}, ByteView(der).subspan(1)});
  Bytes indefinite = concat({Bytes{0x30, 0x80}, ByteView(der).subspan(2), Bytes{0, 0}});
  for (const Bytes& bad : {Bytes{}, trailing, long_form, indefinite,
                           Bytes(der.begin(), der.end() - 1), p1363}) {
    auto r = ecdsa_p256_verify_der(pub, msg, bad);
    ASSERT_FALSE(r.ok()) << hex_encode(bad);
    EXPECT_EQ(r.code(), Errc::kAuthFailed);
  }

  Bytes zero(32, 0);
  Bytes n = H(kOrderHex);
  Bytes longer = p1363;
  longer.push_back(0);
  for (const Bytes& bad :
       {Bytes{}, Bytes(p1363.begin(), p1363.end() - 1), longer, concat({Bytes{0}, p1363}), der,
        concat({zero, rs.s}), concat({rs.r, zero}), concat({zero, zero}), concat({n, rs.s}),
        concat({rs.r, n}), Bytes(64, 0xff)}) {
    auto r = ecdsa_p256_verify_p1363(pub, msg, bad);
    ASSERT_FALSE(r.ok()) << hex_encode(bad);
    EXPECT_EQ(r.code(), Errc::kAuthFailed);
    if (bad.size() == 64) {
      EXPECT_EQ(ecdsa_p256_verify_der(pub, msg, der_from_p1363(bad)).code(), Errc::kAuthFailed);
    }
  }

  // A signature is bound to its key.
  P256PrivateKey other = key_from_seed(13);
  EXPECT_EQ(ecdsa_p256_verify_der(other.public_key(), msg, der).code(), Errc::kAuthFailed);
}

RC_GTEST_PROP(EcdsaP256, SignVerifyAndTamper, (uint64_t seed, const Bytes& msg)) {
  P256PrivateKey k = key_from_seed(seed);
  P256PublicKey pub = k.public_key();
  Bytes der = ecdsa_p256_sign_der(k, msg).value();
  Bytes p1363 = ecdsa_p256_sign_p1363(k, msg).value();
  RC_ASSERT(p1363.size() == 64u);
  RC_ASSERT(ecdsa_p256_verify_der(pub, msg, der).ok());
  RC_ASSERT(ecdsa_p256_verify_p1363(pub, msg, p1363).ok());

  Bytes bad_msg = msg;
  if (bad_msg.empty()) {
    bad_msg.push_back(0);
  } else {
    size_t i = *rc::gen::inRange<size_t>(0, bad_msg.size());
    bad_msg[i] ^= static_cast<uint8_t>(1u << *rc::gen::inRange(0, 8));
  }
  RC_ASSERT(ecdsa_p256_verify_der(pub, bad_msg, der).code() == Errc::kAuthFailed);
  RC_ASSERT(ecdsa_p256_verify_p1363(pub, bad_msg, p1363).code() == Errc::kAuthFailed);

  size_t j = *rc::gen::inRange<size_t>(0, 64);
  Bytes bad_sig = p1363;
  bad_sig[j] ^= static_cast<uint8_t>(1u << *rc::gen::inRange(0, 8));
  RC_ASSERT(ecdsa_p256_verify_p1363(pub, msg, bad_sig).code() == Errc::kAuthFailed);
  size_t m = *rc::gen::inRange<size_t>(0, der.size());
  Bytes bad_der = der;
  bad_der[m] ^= static_cast<uint8_t>(1u << *rc::gen::inRange(0, 8));
  RC_ASSERT(ecdsa_p256_verify_der(pub, msg, bad_der).code() == Errc::kAuthFailed);
}

}  // namespace
}  // namespace e2e::crypto
