// arthas share codes (PROTO-ARTHAS-01).
#include "protocol/share_code.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "common/encoding.h"
#include "protocol/limits.h"

namespace e2e::proto {
namespace {

SecretBytes key_of(uint8_t fill) {
  SecretBytes k(kRoomKeyLen);
  for (size_t i = 0; i < k.size(); ++i) k.mutable_data()[i] = static_cast<uint8_t>(fill + i);
  return k;
}

std::string key_text(const SecretBytes& k) { return base64url_encode(k.reveal()); }

TEST(ShareCode, PROTO_ARTHAS_01_ParsesRoomAndKey) {
  const SecretBytes key = key_of(7);
  const std::string text = "V1StGXR8_Z5jdHi6B-myT:" + key_text(key);
  ASSERT_EQ(key_text(key).size(), kRoomKeyB64Len);
  auto code = parse_share_code(text);
  ASSERT_TRUE(code.ok()) << code.error();
  EXPECT_EQ(code->room, "V1StGXR8_Z5jdHi6B-myT");
  EXPECT_TRUE(code->key == key);
}

TEST(ShareCode, PROTO_ARTHAS_01_FormatIsTheInverse) {
  const SecretBytes key = key_of(200);
  auto text = format_share_code("room-1", key);
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(*text, "room-1:" + key_text(key));
  auto back = parse_share_code(*text);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->room, "room-1");
  EXPECT_TRUE(back->key == key);
}

RC_GTEST_PROP(ShareCode, PROTO_ARTHAS_01_RoundTripsEveryKey, ()) {
  const auto raw = *rc::gen::container<Bytes>(kRoomKeyLen, rc::gen::arbitrary<uint8_t>());
  const auto room_len = *rc::gen::inRange<size_t>(1, kMaxIdLen + 1);
  const std::string room = *rc::gen::container<std::string>(
      room_len, rc::gen::elementOf(std::string("abcXYZ0189_-")));
  const SecretBytes key(raw);
  auto text = format_share_code(room, key);
  RC_ASSERT(text.ok());
  auto back = parse_share_code(*text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back->room == room);
  RC_ASSERT(back->key == key);
}

TEST(ShareCode, PROTO_ARTHAS_01_ExactlyOneColon) {
  const std::string k = key_text(key_of(1));
  for (const std::string& bad :
       std::vector<std::string>{"room" + k, "room::" + k, "a:b:" + k, "room:" + k + ":", ":" + k,
                                "room:", ":", ""}) {
    auto r = parse_share_code(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), Errc::kDecodeError);
  }
}

TEST(ShareCode, PROTO_ARTHAS_01_RoomMustBeAnIdentifier) {
  const std::string k = key_text(key_of(1));
  EXPECT_TRUE(parse_share_code(std::string(kMaxIdLen, 'r') + ":" + k).ok());
  for (const std::string& room : std::vector<std::string>{
           "", std::string(kMaxIdLen + 1, 'r'), "a b", "a/b", "é", "a#b", "a\nb"}) {
    EXPECT_EQ(parse_share_code(room + ":" + k).code(), Errc::kDecodeError) << room;
  }
}

TEST(ShareCode, PROTO_ARTHAS_01_KeyPartIsExactly43CanonicalCharacters) {
  const std::string k = key_text(key_of(9));
  // Length: 42 and 44 characters, padding, the 16- and 64-byte encodings.
  for (const std::string& bad :
       std::vector<std::string>{k.substr(0, 42), k + "A", k + "=", base64url_encode(Bytes(16, 1)),
                                base64url_encode(Bytes(64, 1)), ""}) {
    EXPECT_EQ(parse_share_code("room:" + bad).code(), Errc::kDecodeError) << bad;
  }
  // Right length, wrong characters.
  std::string plus = k;
  plus[3] = '+';
  std::string slash = k;
  slash[3] = '/';
  std::string space = k;
  space[3] = ' ';
  for (const std::string& bad : {plus, slash, space}) {
    EXPECT_EQ(parse_share_code("room:" + bad).code(), Errc::kDecodeError) << bad;
  }
  // Right length, non-canonical: the last character's 2 unused bits set.
  const std::string zero_key = base64url_encode(Bytes(kRoomKeyLen, 0));
  ASSERT_EQ(zero_key.back(), 'A');
  std::string noncanonical = zero_key;
  noncanonical.back() = 'B';
  EXPECT_TRUE(parse_share_code("room:" + zero_key).ok());
  EXPECT_EQ(parse_share_code("room:" + noncanonical).code(), Errc::kDecodeError);
}

TEST(ShareCode, PROTO_ARTHAS_01_ErrorsNeverRepeatTheKey) {
  const std::string k = key_text(key_of(42));
  const std::vector<std::string> bad = {
      "Qx9room" + k,                  // no colon: everything may be key material
      "bad Qx9room:" + k,             // bad room, good key
      "Qx9room:" + k.substr(0, 42),   // short key
      "Qx9room:" + k.substr(0, 42) + "+",
      "Qx9room:" + k + ":" + k,
  };
  for (const std::string& text : bad) {
    auto r = parse_share_code(text);
    ASSERT_FALSE(r.ok());
    // No run of 8 key characters appears in the detail.
    for (size_t i = 0; i + 8 <= k.size(); ++i) {
      EXPECT_EQ(r.error().detail.find(k.substr(i, 8)), std::string::npos) << r.error();
    }
    EXPECT_EQ(r.error().detail.find("Qx9"), std::string::npos)
        << "the room part is not echoed either: " << r.error();
  }
}

TEST(ShareCode, FormatRefusesBadInput) {
  EXPECT_EQ(format_share_code("room", SecretBytes(31)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_share_code("room", SecretBytes(33)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_share_code("", key_of(1)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_share_code("a:b", key_of(1)).code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace e2e::proto
