// arthas message bodies (PROTO-ARTHAS-02), with the documented weaknesses
// written as tests that pass because the weakness is there (B01, B03).
//= type=test
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "crypto/ed25519.h"
#include "protocol/envelope.h"

namespace e2e::proto {
namespace {

Json flip_b64_bit(Json body, const std::string& field, size_t bit) {
  Bytes b = base64url_decode(body.at(field).get<std::string>()).value();
  b[bit / 8] = static_cast<uint8_t>(b[bit / 8] ^ (1u << (bit % 8)));
  body[field] = base64url_encode(b);
  return body;
}

Bytes b64(const Json& body, const std::string& field) {
  return base64url_decode(body.at(field).get<std::string>()).value();
}

class ArthasTest : public ::testing::Test {
 protected:
  DeterministicRng rng_{21, "arthas"};
  SecretBytes room_key_ = rng_.secret(32);
  crypto::Ed25519PrivateKey alice_ = crypto::Ed25519PrivateKey::generate(rng_).value();
  crypto::Ed25519PrivateKey mallory_ = crypto::Ed25519PrivateKey::generate(rng_).value();
  Bytes alice_pub_ = alice_.public_key();
  Bytes mallory_pub_ = mallory_.public_key();

  Json seal(std::string_view text, const crypto::Ed25519PrivateKey* signer) {
    auto b = arthas_seal(rng_, room_key_, text, signer);
    EXPECT_TRUE(b.ok()) << b.error();
    return std::move(b).value();
  }
  // raw_body encrypts arbitrary bytes as a body (for plaintexts seal refuses).
  Json raw_body(ByteView pt) {
    const Bytes iv = rng_.bytes(12);
    auto ct = crypto::AesGcm::create(room_key_.reveal())->seal(iv, {}, pt);
    return Json{{"iv", base64url_encode(iv)}, {"ciphertext", base64url_encode(ct.value())}};
  }
};

TEST_F(ArthasTest, PROTO_ARTHAS_02_UnsignedRoundTrip) {
  const Json body = seal("hello room", nullptr);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 2u);
  EXPECT_TRUE(body.contains("iv"));
  EXPECT_TRUE(body.contains("ciphertext"));
  EXPECT_EQ(b64(body, "iv").size(), 12u);
  auto opened = arthas_open(room_key_, body, std::nullopt);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->text, "hello room");
  EXPECT_FALSE(opened->signed_by_sender);
  // With a key to check against, an absent sig still means unsigned.
  auto with_key = arthas_open(room_key_, body, ByteView(alice_pub_));
  ASSERT_TRUE(with_key.ok());
  EXPECT_FALSE(with_key->signed_by_sender);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_CiphertextIsAeadWithEmptyAad) {
  const Json body = seal("spec check", nullptr);
  auto pt = crypto::AesGcm::create(room_key_.reveal())->open(b64(body, "iv"), {}, b64(body, "ciphertext"));
  ASSERT_TRUE(pt.ok());
  EXPECT_EQ(to_string(pt->reveal()), "spec check");
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_SignedRoundTrip) {
  const Json body = seal("signed hello", &alice_);
  EXPECT_EQ(body.size(), 3u);
  EXPECT_EQ(b64(body, "sig").size(), 64u);
  // sig = Sign(sig_key, iv || ciphertext)
  EXPECT_TRUE(crypto::ed25519_verify(alice_pub_, concat({b64(body, "iv"), b64(body, "ciphertext")}),
                                     b64(body, "sig"))
                  .ok());
  auto opened = arthas_open(room_key_, body, ByteView(alice_pub_));
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->text, "signed hello");
  EXPECT_TRUE(opened->signed_by_sender);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_SignedButNoKeyToCheckIsNotSigned) {
  auto opened = arthas_open(room_key_, seal("x", &alice_), std::nullopt);
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE(opened->signed_by_sender);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_SignatureByAnotherKeyRejected) {
  const Json body = seal("from mallory", &mallory_);
  EXPECT_EQ(arthas_open(room_key_, body, ByteView(alice_pub_)).code(), Errc::kAuthFailed);
  // A signature lifted from another body does not verify either.
  Json spliced = seal("one", &alice_);
  spliced["sig"] = seal("two", &alice_).at("sig");
  EXPECT_EQ(arthas_open(room_key_, spliced, ByteView(alice_pub_)).code(), Errc::kAuthFailed);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_WrongRoomKeyRejected) {
  const Json body = seal("secret", nullptr);
  DeterministicRng other(22, "other");
  EXPECT_EQ(arthas_open(other.secret(32), body, std::nullopt).code(), Errc::kAuthFailed);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_EveryBitFlipInEachFieldRejected) {
  const Json body = seal("flip me", &alice_);
  for (const std::string field : {"iv", "ciphertext", "sig"}) {
    const size_t bits = b64(body, field).size() * 8;
    for (size_t bit = 0; bit < bits; ++bit) {
      // Signature checked: every flip is caught.
      EXPECT_EQ(arthas_open(room_key_, flip_b64_bit(body, field, bit), ByteView(alice_pub_)).code(),
                Errc::kAuthFailed)
          << field << " bit " << bit;
    }
  }
  // Without a signature key, flips of iv or ciphertext are still caught by the AEAD.
  const Json unsigned_body = seal("flip me", nullptr);
  for (const std::string field : {"iv", "ciphertext"}) {
    const size_t bits = b64(unsigned_body, field).size() * 8;
    for (size_t bit = 0; bit < bits; ++bit) {
      EXPECT_EQ(arthas_open(room_key_, flip_b64_bit(unsigned_body, field, bit), std::nullopt).code(),
                Errc::kAuthFailed)
          << field << " bit " << bit;
    }
  }
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_StrictBodyParse) {
  const Json good = seal("x", &alice_);
  auto expect_decode = [&](const Json& j, const std::string& why) {
    EXPECT_EQ(arthas_open(room_key_, j, ByteView(alice_pub_)).code(), Errc::kDecodeError) << why << ": " << j.dump();
  };
  for (const char* f : {"iv", "ciphertext"}) {
    Json j = good;
    j.erase(f);
    expect_decode(j, std::string("missing ") + f);
  }
  for (const char* f : {"iv", "ciphertext", "sig"}) {
    for (const Json& bad : {Json(1), Json(nullptr), Json::array(), Json::object(), Json(true)}) {
      Json j = good;
      j[f] = bad;
      expect_decode(j, std::string(f) + " = " + bad.dump());
    }
    Json j = good;
    j[f] = j[f].get<std::string>() + "=";
    expect_decode(j, std::string(f) + " padded");
  }
  for (const char* extra : {"roomId", "memberId", "nickname", "ts", "Sig"}) {
    Json j = good;
    j[extra] = "x";
    expect_decode(j, std::string("extra ") + extra);
  }
  Json j = good;
  j["iv"] = base64url_encode(Bytes(11, 0));
  expect_decode(j, "iv 11 bytes");
  j = good;
  j["iv"] = base64url_encode(Bytes(13, 0));
  expect_decode(j, "iv 13 bytes");
  j = good;
  j["ciphertext"] = base64url_encode(Bytes(15, 0));
  expect_decode(j, "ciphertext shorter than a tag");
  j = good;
  j["sig"] = base64url_encode(Bytes(63, 0));
  expect_decode(j, "sig 63 bytes");
  j = good;
  j["sig"] = base64url_encode(Bytes(65, 0));
  expect_decode(j, "sig 65 bytes");
  expect_decode(Json::array(), "not an object");
  expect_decode(Json("text"), "a string");
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_NonUtf8PlaintextRejected) {
  const Bytes bad = {'h', 'i', 0xc3, 0x28};
  EXPECT_EQ(arthas_open(room_key_, raw_body(bad), std::nullopt).code(), Errc::kDecodeError);
  EXPECT_EQ(arthas_seal(rng_, room_key_, to_string(bad), nullptr).code(), Errc::kInvalidArgument);
}

TEST_F(ArthasTest, PROTO_ARTHAS_02_RoomKeyMustBe32Bytes) {
  DeterministicRng r(1);
  EXPECT_EQ(arthas_seal(r, r.secret(16), "x", nullptr).code(), Errc::kInvalidArgument);
  EXPECT_EQ(arthas_open(r.secret(31), seal("x", nullptr), std::nullopt).code(), Errc::kInvalidArgument);
}

// ---- documented weaknesses (PROTOCOL.md §8.1): these pass BECAUSE arthas is weak ----

// B01: nothing in the body is fresh; the same frame opens forever.
TEST_F(ArthasTest, PROTO_ARTHAS_02_Weakness_B01_ReplayedVerbatimAcceptedAgain) {
  const Json body = seal("approve payment #1", &alice_);
  for (int i = 0; i < 3; ++i) {
    auto opened = arthas_open(room_key_, body, ByteView(alice_pub_));
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->text, "approve payment #1");
    EXPECT_TRUE(opened->signed_by_sender);
  }
}

// B01 v5 / B03: no room is authenticated, so a body moves to any room that
// shares the key (a reused share code) and opens there unchanged.
TEST_F(ArthasTest, PROTO_ARTHAS_02_Weakness_NotBoundToRoom_AcceptedInOtherRoom) {
  const Json body_in_room_a = seal("meant for room A", &alice_);
  const SecretBytes room_b_key = room_key_.clone();  // room B reuses the share code
  auto opened = arthas_open(room_b_key, body_in_room_a, ByteView(alice_pub_));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->text, "meant for room A");
}

// B03: no sender is authenticated in an unsigned body, so the relay's "from"
// decides who said it; any member can author it.
TEST_F(ArthasTest, PROTO_ARTHAS_02_Weakness_UnsignedBodyNotBoundToSender) {
  const Json body_by_mallory = seal("I am alice", nullptr);
  // The open call has no notion of a sender; the client shows the relay's from.
  auto opened = arthas_open(room_key_, body_by_mallory, std::nullopt);
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE(opened->signed_by_sender);
}

// B03: the signature is optional, so stripping it downgrades a signed body to
// an unsigned one that still opens (shown with the "unsigned" flag only).
TEST_F(ArthasTest, PROTO_ARTHAS_02_Weakness_SignatureStrippedAcceptedAsUnsigned) {
  Json body = seal("signed by alice", &alice_);
  body.erase("sig");
  auto opened = arthas_open(room_key_, body, ByteView(alice_pub_));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->text, "signed by alice");
  EXPECT_FALSE(opened->signed_by_sender);
}

// B03: the signature covers only iv || ciphertext, nothing about its author.
// A member who captured alice's body re-signs it with her own key, and the
// client shows alice's words as a valid message signed by mallory.
TEST_F(ArthasTest, PROTO_ARTHAS_02_Weakness_CapturedBodyResignedByAnotherMember) {
  Json body = seal("alice's words", &alice_);
  const Bytes msg = concat({b64(body, "iv"), b64(body, "ciphertext")});
  body["sig"] = base64url_encode(mallory_.sign(msg).value());
  auto opened = arthas_open(room_key_, body, ByteView(mallory_pub_));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->text, "alice's words");
  EXPECT_TRUE(opened->signed_by_sender);  // "signed by mallory"
}

RC_GTEST_PROP(ArthasProperty, PROTO_ARTHAS_02_RoundTripsAnyText, (uint64_t seed, const std::string& text, bool sign)) {
  DeterministicRng rng(seed, "arthas-prop");
  const SecretBytes key = rng.secret(32);
  static const crypto::Ed25519PrivateKey signer = [] {
    DeterministicRng r(5);
    return crypto::Ed25519PrivateKey::generate(r).value();
  }();
  auto body = arthas_seal(rng, key, text, sign ? &signer : nullptr);
  if (!body.ok()) {
    // Only text that is not UTF-8 is refused.
    RC_ASSERT(body.code() == Errc::kInvalidArgument);
    return;
  }
  const Bytes pub = signer.public_key();
  auto opened = arthas_open(key, *body, ByteView(pub));
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->text == text);
  RC_ASSERT(opened->signed_by_sender == sign);
}

}  // namespace
}  // namespace e2e::proto
