// eleven invite links (PROTO-ELEVEN-01/03).
#include "protocol/invite_link.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "common/encoding.h"
#include "crypto/sha256.h"
#include "protocol/limits.h"

namespace e2e::proto {
namespace {

SecretBytes secret_of(uint8_t fill) {
  SecretBytes s(kInviteSecretLen);
  for (size_t i = 0; i < s.size(); ++i) s.mutable_data()[i] = static_cast<uint8_t>(fill + 3 * i);
  return s;
}

std::string secret_text(const SecretBytes& s) { return base64url_encode(s.reveal()); }

void expect_decode_error(const std::string& link) {
  auto r = parse_invite_link(link);
  ASSERT_FALSE(r.ok()) << link;
  EXPECT_EQ(r.code(), Errc::kDecodeError) << link;
}

TEST(InviteLink, PROTO_ELEVEN_03_ParsesChatAndSecret) {
  const SecretBytes s = secret_of(5);
  ASSERT_EQ(secret_text(s).size(), kInviteSecretB64Len);
  auto link = parse_invite_link("chat-1#" + secret_text(s));
  ASSERT_TRUE(link.ok()) << link.error();
  EXPECT_EQ(link->chat, "chat-1");
  EXPECT_TRUE(link->secret == s);
}

TEST(InviteLink, PROTO_ELEVEN_03_FormatIsTheInverse) {
  const SecretBytes s = secret_of(190);
  auto text = format_invite_link("c", s);
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(*text, "c#" + secret_text(s));
  auto back = parse_invite_link(*text);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->chat, "c");
  EXPECT_TRUE(back->secret == s);
}

RC_GTEST_PROP(InviteLink, PROTO_ELEVEN_03_RoundTripsEverySecret, ()) {
  const auto raw = *rc::gen::container<Bytes>(kInviteSecretLen, rc::gen::arbitrary<uint8_t>());
  const auto chat_len = *rc::gen::inRange<size_t>(1, kMaxIdLen + 1);
  const std::string chat = *rc::gen::container<std::string>(
      chat_len, rc::gen::elementOf(std::string("abcXYZ0189_-")));
  const SecretBytes s(raw);
  auto text = format_invite_link(chat, s);
  RC_ASSERT(text.ok());
  auto back = parse_invite_link(*text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back->chat == chat);
  RC_ASSERT(back->secret == s);
}

TEST(InviteLink, PROTO_ELEVEN_03_HashIsSha256OfTheSecret) {
  const SecretBytes s = secret_of(0);
  EXPECT_EQ(invite_hash(s), crypto::sha256(s.reveal()));
  EXPECT_EQ(invite_hash(s).size(), 32u);
  // The relay's hash is of the 32 raw bytes, not of their text.
  EXPECT_NE(invite_hash(s), crypto::sha256(as_bytes(std::string_view(secret_text(s)))));
}

TEST(InviteLink, PROTO_ELEVEN_03_ExactlyOneHash) {
  const std::string s = secret_text(secret_of(1));
  for (const std::string& bad :
       std::vector<std::string>{"chat" + s, "chat##" + s, "a#b#" + s, "chat#" + s + "#", "#" + s + "#",
                                "chat%23" + s, "chat#", "#", ""}) {
    expect_decode_error(bad);
  }
}

TEST(InviteLink, PROTO_ELEVEN_03_ChatMustBeAnIdentifier) {
  const std::string s = secret_text(secret_of(1));
  EXPECT_TRUE(parse_invite_link(std::string(kMaxIdLen, 'c') + "#" + s).ok());
  for (const std::string& chat :
       std::vector<std::string>{"", std::string(kMaxIdLen + 1, 'c'), "a b", "a.b", "é", "a:b",
                                "a\nb", "https://host/join/c1"}) {
    expect_decode_error(chat + "#" + s);
  }
}

TEST(InviteLink, PROTO_ELEVEN_03_SecretIsExactly43CanonicalCharacters) {
  const std::string s = secret_text(secret_of(9));
  // Length: 31 and 33 bytes, 42 and 44 characters, padding, empty.
  for (const std::string& bad :
       std::vector<std::string>{base64url_encode(Bytes(31, 1)), base64url_encode(Bytes(33, 1)),
                                s.substr(0, 42), s + "A", s + "=", s + "\n", " " + s, ""}) {
    expect_decode_error("chat#" + bad);
  }
  // Right length, characters outside base64url (standard alphabet, space, %).
  for (char c : {'+', '/', ' ', '%', '='}) {
    std::string bad = s;
    bad[3] = c;
    expect_decode_error("chat#" + bad);
  }
  // A %-escaped character is not decoded: the link is taken literally.
  expect_decode_error("chat#%41" + s.substr(1));
  // Right length, non-canonical: the last character's 2 unused bits set.
  const std::string zero = base64url_encode(Bytes(kInviteSecretLen, 0));
  ASSERT_EQ(zero.back(), 'A');
  std::string noncanonical = zero;
  noncanonical.back() = 'B';
  EXPECT_TRUE(parse_invite_link("chat#" + zero).ok());
  expect_decode_error("chat#" + noncanonical);
}

TEST(InviteLink, PROTO_ELEVEN_03_ErrorsNeverRepeatTheLink) {
  const std::string s = secret_text(secret_of(42));
  const std::vector<std::string> bad = {
      "Qx9chat" + s,                  // no '#': everything may be secret material
      "bad Qx9chat#" + s,             // bad chat, good secret
      "Qx9chat#" + s.substr(0, 42),   // short secret
      "Qx9chat#" + s.substr(0, 42) + "+",
      "Qx9chat#" + s + "#" + s,
  };
  for (const std::string& text : bad) {
    auto r = parse_invite_link(text);
    ASSERT_FALSE(r.ok());
    // No run of 8 secret characters appears in the detail.
    for (size_t i = 0; i + 8 <= s.size(); ++i) {
      EXPECT_EQ(r.error().detail.find(s.substr(i, 8)), std::string::npos) << r.error();
    }
    EXPECT_EQ(r.error().detail.find("Qx9"), std::string::npos)
        << "the chat part is not echoed either: " << r.error();
  }
}

TEST(InviteLink, FormatRefusesBadInput) {
  EXPECT_EQ(format_invite_link("chat", SecretBytes(31)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_invite_link("chat", SecretBytes(33)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_invite_link("chat", SecretBytes()).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_invite_link("", secret_of(1)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_invite_link("a#b", secret_of(1)).code(), Errc::kInvalidArgument);
  EXPECT_EQ(format_invite_link(std::string(kMaxIdLen + 1, 'c'), secret_of(1)).code(),
            Errc::kInvalidArgument);
}

}  // namespace
}  // namespace e2e::proto
