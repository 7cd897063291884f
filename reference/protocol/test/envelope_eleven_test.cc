// eleven message bodies (PROTO-ELEVEN-02) and chat-key wraps (§8.2), with the
// documented weaknesses written as tests that pass because the weakness is
// there (A05, A06, B01, B03).
//= type=test
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"
#include "protocol/envelope.h"
#include "protocol/labels.h"

namespace e2e::proto {
namespace {

Bytes b64(const Json& j, const std::string& field) {
  return base64url_decode(j.at(field).get<std::string>()).value();
}

Json flip_b64_bit(Json j, const std::string& field, size_t bit) {
  Bytes b = b64(j, field);
  b[bit / 8] = static_cast<uint8_t>(b[bit / 8] ^ (1u << (bit % 8)));
  j[field] = base64url_encode(b);
  return j;
}

ElevenPayload text_payload(std::string name, std::string text) {
  ElevenPayload p;
  p.name = std::move(name);
  p.text = std::move(text);
  return p;
}

class ElevenTest : public ::testing::Test {
 protected:
  DeterministicRng rng_{31, "eleven"};
  SecretBytes chat_key_ = rng_.secret(32);
  crypto::P256PrivateKey alice_dh_ = crypto::P256PrivateKey::generate(rng_).value();
  crypto::P256PrivateKey bob_dh_ = crypto::P256PrivateKey::generate(rng_).value();

  Json seal(const ElevenPayload& p) {
    auto b = eleven_seal(rng_, chat_key_, p);
    EXPECT_TRUE(b.ok()) << b.error();
    return std::move(b).value();
  }
  // raw_body encrypts arbitrary plaintext bytes as a body.
  Json raw_body(std::string_view pt) {
    const Bytes iv = rng_.bytes(12);
    auto ct = crypto::AesGcm::create(chat_key_.reveal())->seal(iv, {}, as_bytes(pt));
    return Json{{"iv", base64url_encode(iv)}, {"ciphertext", base64url_encode(ct.value())}};
  }
  Json wrap_for(const crypto::P256PrivateKey& to, const SecretBytes& key) {
    auto b = eleven_wrap_body(rng_, to.public_key(), key);
    EXPECT_TRUE(b.ok()) << b.error();
    return std::move(b).value();
  }
};

TEST_F(ElevenTest, PROTO_ELEVEN_02_TextRoundTripWithFilesAndPush) {
  ElevenPayload p = text_payload("Alice", "see attached");
  p.files = {{"report.pdf", 12345}, {"photo.jpg", 0}};
  p.push = "Alice sent a file";
  const Json body = seal(p);
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(b64(body, "iv").size(), 12u);
  auto opened = eleven_open(chat_key_, body);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->name, "Alice");
  EXPECT_EQ(opened->text, std::optional<std::string>("see attached"));
  EXPECT_FALSE(opened->typing.has_value());
  ASSERT_EQ(opened->files.size(), 2u);
  EXPECT_EQ(opened->files[0].name, "report.pdf");
  EXPECT_EQ(opened->files[0].size, 12345u);
  EXPECT_EQ(opened->files[1].name, "photo.jpg");
  EXPECT_EQ(opened->files[1].size, 0u);
  EXPECT_EQ(opened->push, std::optional<std::string>("Alice sent a file"));
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_TypingRoundTrip) {
  ElevenPayload p;
  p.name = "Bob";
  p.typing = true;
  auto opened = eleven_open(chat_key_, seal(p));
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened->name, "Bob");
  EXPECT_EQ(opened->typing, std::optional<bool>(true));
  EXPECT_FALSE(opened->text.has_value());
  EXPECT_TRUE(opened->files.empty());
  EXPECT_FALSE(opened->push.has_value());
}

// ELEVEN-06/07: sender name, file names and push text are inside the
// ciphertext, as the UTF-8 JSON of PROTO-ELEVEN-02 under AEAD(K, iv, "", ...).
TEST_F(ElevenTest, PROTO_ELEVEN_02_PlaintextIsJsonInsideAeadWithEmptyAad) {
  ElevenPayload p = text_payload("Alice", "hi");
  p.files = {{"secret-plan.txt", 7}};
  p.push = "push text";
  const Json body = seal(p);
  const std::string wire = body.dump();
  for (const char* hidden : {"Alice", "secret-plan", "push text"}) {
    EXPECT_EQ(wire.find(hidden), std::string::npos) << hidden;
  }
  auto pt = crypto::AesGcm::create(chat_key_.reveal())->open(b64(body, "iv"), {}, b64(body, "ciphertext"));
  ASSERT_TRUE(pt.ok());
  const Json inner = Json::parse(to_string(pt->reveal()));
  EXPECT_EQ(inner, Json::parse(R"({"name":"Alice","text":"hi","files":[{"name":"secret-plan.txt","size":7}],"push":"push text"})"));
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_WrongKeyRejected) {
  DeterministicRng other(32, "other");
  EXPECT_EQ(eleven_open(other.secret(32), seal(text_payload("A", "x"))).code(), Errc::kAuthFailed);
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_EveryBitFlipRejected) {
  const Json body = seal(text_payload("Alice", "flip"));
  for (const std::string field : {"iv", "ciphertext"}) {
    const size_t bits = b64(body, field).size() * 8;
    for (size_t bit = 0; bit < bits; ++bit) {
      EXPECT_EQ(eleven_open(chat_key_, flip_b64_bit(body, field, bit)).code(), Errc::kAuthFailed)
          << field << " bit " << bit;
    }
  }
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_StrictBodyParse) {
  const Json good = seal(text_payload("Alice", "x"));
  auto expect_decode = [&](const Json& j, const std::string& why) {
    EXPECT_EQ(eleven_open(chat_key_, j).code(), Errc::kDecodeError) << why << ": " << j.dump();
  };
  for (const char* f : {"iv", "ciphertext"}) {
    Json j = good;
    j.erase(f);
    expect_decode(j, std::string("missing ") + f);
    for (const Json& bad : {Json(1), Json(nullptr), Json::array(), Json(false)}) {
      j = good;
      j[f] = bad;
      expect_decode(j, std::string(f) + " = " + bad.dump());
    }
    j = good;
    j[f] = j[f].get<std::string>() + "=";
    expect_decode(j, std::string(f) + " padded");
  }
  for (const char* extra : {"sig", "name", "chat", "epoch"}) {
    Json j = good;
    j[extra] = "x";
    expect_decode(j, std::string("extra ") + extra);
  }
  Json j = good;
  j["iv"] = base64url_encode(Bytes(16, 0));
  expect_decode(j, "iv 16 bytes");
  j = good;
  j["ciphertext"] = "";
  expect_decode(j, "empty ciphertext");
  expect_decode(Json::array(), "not an object");
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_StrictPlaintextParse) {
  ASSERT_TRUE(eleven_open(chat_key_, raw_body(R"({"name":"A","text":"ok"})")).ok());
  const char* bad[] = {
      "",                                                          // empty
      "not json",                                                  // not JSON
      R"(["name","text"])",                                        // not an object
      R"({"text":"no name"})",                                     // name missing
      R"({"name":"A"})",                                           // neither text nor typing
      R"({"name":"A","text":"t","typing":true})",                  // both
      R"({"name":"A","text":"t","sender":"B"})",                   // unknown field
      R"({"name":"A","text":1})",                                  // text not a string
      R"({"name":"A","typing":"yes"})",                            // typing not a bool
      R"({"name":1,"text":"t"})",                                  // name not a string
      R"({"name":"","text":"t"})",                                 // empty name
      R"({"name":"A\u0001","text":"t"})",                          // control character in name
      R"({"name":"A","text":"t","files":{}})",                     // files not a list
      R"({"name":"A","text":"t","files":[{"name":"f"}]})",         // file without size
      R"({"name":"A","text":"t","files":[{"name":"f","size":1,"mime":"x"}]})",  // extra file field
      R"({"name":"A","text":"t","files":[{"name":"f","size":-1}]})",            // negative size
      R"({"name":"A","text":"t","files":[{"name":"f","size":1.5}]})",           // float size
      R"({"name":"A","text":"t","files":[{"name":"f","size":9007199254740992}]})",  // 2^53
      R"({"name":"A","text":"t","files":["f"]})",                  // file not an object
      R"({"name":"A","text":"t","push":false})",                   // push not a string
      R"({"name":"A","text":"t","text":"u"})",                     // repeated key
      R"({"name":"A","text":"t"} trailing)",                       // trailing garbage
      "{\"name\":\"A\",\"text\":\"\xc3\x28\"}",                    // invalid UTF-8
  };
  for (const char* pt : bad) {
    EXPECT_EQ(eleven_open(chat_key_, raw_body(pt)).code(), Errc::kDecodeError) << pt;
  }
  const std::string long_name = R"({"name":")" + std::string(65, 'n') + R"(","text":"t"})";
  EXPECT_EQ(eleven_open(chat_key_, raw_body(long_name)).code(), Errc::kDecodeError) << "65-byte name";
  const std::string max_name = R"({"name":")" + std::string(64, 'n') + R"(","text":"t"})";
  EXPECT_TRUE(eleven_open(chat_key_, raw_body(max_name)).ok()) << "64-byte name";
}

// A refused payload is the sender's plaintext: its key names are the
// sender's words and must not reach an error detail (which may be logged),
// whether the key is unknown, repeated, or inside a file entry.
TEST_F(ElevenTest, PROTO_ELEVEN_02_RefusalDetailsQuoteNoPlaintextKey) {
  const char* bad[] = {
      R"({"name":"A","text":"t","meetatdawn":1})",
      R"({"name":"A","text":"t","meetatdawn":1,"meetatdawn":2})",
      R"({"name":"A","text":"t","files":[{"name":"f","size":1,"meetatdawn":0}]})",
  };
  for (const char* pt : bad) {
    auto r = eleven_open(chat_key_, raw_body(pt));
    ASSERT_EQ(r.code(), Errc::kDecodeError) << pt;
    EXPECT_EQ(r.error().detail.find("meetatdawn"), std::string::npos) << r.error().detail;
    EXPECT_NE(r.error().detail.find("eleven payload"), std::string::npos) << r.error().detail;
  }
  // Nesting past the frame's depth limit inside a payload is a decode error
  // like any other unparsable body (PROTOCOL.md §7), not a limit error.
  const std::string deep = R"({"name":"A","text":"t","files":)" + std::string(100, '[') +
                           std::string(100, ']') + "}";
  EXPECT_EQ(eleven_open(chat_key_, raw_body(deep)).code(), Errc::kDecodeError);
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_SealRefusesInvalidPayload) {
  ElevenPayload both = text_payload("A", "t");
  both.typing = false;
  ElevenPayload neither;
  neither.name = "A";
  ElevenPayload no_name = text_payload("", "t");
  ElevenPayload bad_text = text_payload("A", "\xff");
  ElevenPayload bad_file = text_payload("A", "t");
  bad_file.files = {{"\xc3", 1}};
  for (const ElevenPayload* p : {&both, &neither, &no_name, &bad_text, &bad_file}) {
    EXPECT_EQ(eleven_seal(rng_, chat_key_, *p).code(), Errc::kInvalidArgument);
  }
  DeterministicRng r(1);
  EXPECT_EQ(eleven_seal(r, r.secret(16), text_payload("A", "t")).code(), Errc::kInvalidArgument);
}

// ---- chat-key wraps ----

TEST_F(ElevenTest, PROTO_ELEVEN_02_WrapRoundTrip) {
  const Json body = wrap_for(bob_dh_, chat_key_);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 1u);
  ASSERT_TRUE(body.contains("wrap"));
  EXPECT_EQ(body.at("wrap").size(), 3u);
  auto k = eleven_unwrap_body(bob_dh_, body);
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_TRUE(*k == chat_key_);
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_WrapUsesElevenLabelAndEmptyContext) {
  const Json body = wrap_for(bob_dh_, chat_key_);
  auto w = ecies_wrap_from_json(body.at("wrap"));
  ASSERT_TRUE(w.ok());
  auto k = ecies_unwrap(bob_dh_, *w, labels::kElevenWrap, {});
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(*k == chat_key_);
  EXPECT_EQ(ecies_unwrap(bob_dh_, *w, labels::kHardenedWrap, {}).code(), Errc::kAuthFailed);
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_WrapForAnotherDeviceRejected) {
  EXPECT_EQ(eleven_unwrap_body(alice_dh_, wrap_for(bob_dh_, chat_key_)).code(), Errc::kAuthFailed);
}

TEST_F(ElevenTest, PROTO_WRAP_01_ElevenWrapBitFlipsRejected) {
  const Json body = wrap_for(bob_dh_, chat_key_);
  auto with_flip = [&](const std::string& field, size_t bit) {
    Json b = body;
    b["wrap"] = flip_b64_bit(body.at("wrap"), field, bit);
    return eleven_unwrap_body(bob_dh_, b).code();
  };
  for (size_t bit = 0; bit < 65 * 8; ++bit) EXPECT_EQ(with_flip("eph", bit), Errc::kInvalidKey) << bit;
  for (size_t bit = 0; bit < 12 * 8; ++bit) EXPECT_EQ(with_flip("iv", bit), Errc::kAuthFailed) << bit;
  for (size_t bit = 0; bit < 48 * 8; ++bit) EXPECT_EQ(with_flip("ct", bit), Errc::kAuthFailed) << bit;
}

TEST_F(ElevenTest, PROTO_ELEVEN_02_WrapStrictParse) {
  const Json good = wrap_for(bob_dh_, chat_key_);
  auto expect_decode = [&](const Json& j, const std::string& why) {
    EXPECT_EQ(eleven_unwrap_body(bob_dh_, j).code(), Errc::kDecodeError) << why << ": " << j.dump();
  };
  expect_decode(Json::object(), "missing wrap");
  Json j = good;
  j["epoch"] = 1;
  expect_decode(j, "extra field");
  j = good;
  j["wrap"] = "x";
  expect_decode(j, "wrap not an object");
  j = good;
  j["wrap"].erase("iv");
  expect_decode(j, "wrap without iv");
  j = good;
  j["wrap"]["x"] = 1;
  expect_decode(j, "wrap with an extra field");
  // A wrap of a 16-byte key is well-formed ECIES but not a chat key.
  DeterministicRng r(3);
  auto short_wrap = ecies_wrap(r, bob_dh_.public_key(), Bytes(16, 1), labels::kElevenWrap, {});
  ASSERT_TRUE(short_wrap.ok());
  expect_decode(Json{{"wrap", ecies_wrap_to_json(*short_wrap)}}, "ct of 32 bytes");
}

// ---- documented weaknesses (PROTOCOL.md §8.2): these pass BECAUSE eleven is weak ----

// A06: the wrap's context is empty, so the relay can hand alice her genuine
// wrap of chat X's key as the key of chat Y. She accepts it (nothing to check
// it against), and what she then sends in Y is readable by X's members.
TEST_F(ElevenTest, ElevenWrap_NotBoundToChat_AcceptedInOtherChat) {
  DeterministicRng r(33, "a06");
  const SecretBytes key_x = r.secret(32);
  const Json wrap_x_for_alice = wrap_for(alice_dh_, key_x);
  // Delivered as chat Y's key distribution: the unwrap takes no chat at all.
  auto key_y = eleven_unwrap_body(alice_dh_, wrap_x_for_alice);
  ASSERT_TRUE(key_y.ok());
  EXPECT_TRUE(*key_y == key_x);
  auto body_in_y = eleven_seal(r, *key_y, text_payload("Alice", "for Y only"));
  ASSERT_TRUE(body_in_y.ok());
  auto mallory_in_x_reads = eleven_open(key_x, *body_in_y);
  ASSERT_TRUE(mallory_in_x_reads.ok());
  EXPECT_EQ(mallory_in_x_reads->text, std::optional<std::string>("for Y only"));
}

// A05: anyone with alice's public key (the relay has it) can wrap a key of its
// choice to her; the wrap carries no sender authentication and is accepted.
TEST_F(ElevenTest, ElevenWrap_ServerChosenKey_Accepted) {
  DeterministicRng relay(34, "relay");
  const SecretBytes relay_key = relay.secret(32);
  auto forged = eleven_wrap_body(relay, alice_dh_.public_key(), relay_key);
  ASSERT_TRUE(forged.ok());
  auto k = eleven_unwrap_body(alice_dh_, *forged);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(*k == relay_key);
}

// B01: nothing in the body is fresh; the same body opens again and again.
TEST_F(ElevenTest, ElevenBody_ReplayedVerbatim_AcceptedAgain) {
  const Json body = seal(text_payload("Alice", "approve payment #1"));
  for (int i = 0; i < 3; ++i) {
    auto opened = eleven_open(chat_key_, body);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->text, std::optional<std::string>("approve payment #1"));
  }
}

// B01 v5 / A06: no chat id is authenticated: a body moves to any chat whose
// key is the same (e.g. after the A06 swap) and opens there.
TEST_F(ElevenTest, ElevenBody_NotBoundToChat_AcceptedInOtherChat) {
  const Json body_in_x = seal(text_payload("Alice", "in X"));
  const SecretBytes key_of_y = chat_key_.clone();
  auto opened = eleven_open(key_of_y, body_in_x);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->text, std::optional<std::string>("in X"));
}

// B03: the encrypted name is not authenticated as its author's: any holder of
// the chat key writes "Alice" inside its own message.
TEST_F(ElevenTest, ElevenBody_EncryptedNameNotBoundToSender) {
  const Json by_mallory = seal(text_payload("Alice", "I'm Alice, trust me"));
  auto opened = eleven_open(chat_key_, by_mallory);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->name, "Alice");
}

RC_GTEST_PROP(ElevenProperty, PROTO_ELEVEN_02_RoundTripsAnyValidPayload,
              (uint64_t seed, const std::string& text, bool typing, const std::string& push)) {
  DeterministicRng rng(seed, "eleven-prop");
  const SecretBytes key = rng.secret(32);
  ElevenPayload p;
  p.name = *rc::gen::element(std::string("Alice"), std::string("Bob"), std::string("\xc3\xa9lodie"));
  if (typing) {
    p.typing = *rc::gen::arbitrary<bool>();
  } else {
    p.text = text;
  }
  if (*rc::gen::arbitrary<bool>()) p.push = push;
  const auto nfiles = *rc::gen::inRange<size_t>(0, 3);
  for (size_t i = 0; i < nfiles; ++i) p.files.push_back({"f" + std::to_string(i), *rc::gen::inRange<uint64_t>(0, 1u << 30)});
  auto body = eleven_seal(rng, key, p);
  if (!body.ok()) {
    RC_ASSERT(body.code() == Errc::kInvalidArgument);  // text or push not UTF-8
    return;
  }
  auto opened = eleven_open(key, *body);
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->name == p.name);
  RC_ASSERT(opened->text == p.text);
  RC_ASSERT(opened->typing == p.typing);
  RC_ASSERT(opened->push == p.push);
  RC_ASSERT(opened->files.size() == p.files.size());
  for (size_t i = 0; i < p.files.size(); ++i) {
    RC_ASSERT(opened->files[i].name == p.files[i].name);
    RC_ASSERT(opened->files[i].size == p.files[i].size);
  }
}

}  // namespace
}  // namespace e2e::proto
