#include "common/encoding.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace e2e {
namespace {

TEST(Hex, EncodesLowercase) { EXPECT_EQ(hex_encode(Bytes{0x00, 0xab, 0xff}), "00abff"); }

TEST(Hex, DecodesBothCases) {
  auto r = hex_decode("00AbfF");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (Bytes{0x00, 0xab, 0xff}));
}

TEST(Hex, EmptyIsEmpty) {
  auto r = hex_decode("");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(Hex, RejectsOddLengthAndForeignDigits) {
  EXPECT_EQ(hex_decode("abc").code(), Errc::kDecodeError);
  EXPECT_EQ(hex_decode("zz").code(), Errc::kDecodeError);
  EXPECT_EQ(hex_decode("0g").code(), Errc::kDecodeError);
  EXPECT_EQ(hex_decode(" 00").code(), Errc::kDecodeError);
}

RC_GTEST_PROP(Hex, RoundTrips, (const Bytes& b)) {
  auto r = hex_decode(hex_encode(b));
  RC_ASSERT(r.ok());
  RC_ASSERT(*r == b);
}

// RFC 4648 §10 vectors, translated to the unpadded url alphabet.
TEST(Base64Url, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},          {"f", "Zg"},         {"fo", "Zm8"},       {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, enc] : cases) {
    EXPECT_EQ(base64url_encode(as_bytes(plain)), enc);
    auto r = base64url_decode(enc);
    ASSERT_TRUE(r.ok()) << enc;
    EXPECT_EQ(to_string(*r), plain);
  }
}

TEST(Base64Url, UsesUrlAlphabet) {
  EXPECT_EQ(base64url_encode(Bytes{0xfb, 0xff}), "-_8");
  auto r = base64url_decode("-_8");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (Bytes{0xfb, 0xff}));
}

TEST(Base64Url, RejectsPaddingAndForeignCharacters) {
  for (const char* bad : {"Zg==", "Zm8=", "Zm9v\n", "Zm 9v", "Zm+v", "Zm/v", "Zm9v.", "é"}) {
    EXPECT_EQ(base64url_decode(bad).code(), Errc::kDecodeError) << bad;
  }
}

TEST(Base64Url, RejectsImpossibleLength) {
  EXPECT_EQ(base64url_decode("Z").code(), Errc::kDecodeError);
  EXPECT_EQ(base64url_decode("Zm9vY").code(), Errc::kDecodeError);
}

TEST(Base64Url, RejectsNonCanonicalTrailingBits) {
  // "Zg" is canonical for "f"; "Zh".."Zv" set unused low bits and must fail.
  EXPECT_TRUE(base64url_decode("Zg").ok());
  EXPECT_EQ(base64url_decode("Zh").code(), Errc::kDecodeError);
  EXPECT_EQ(base64url_decode("Zv").code(), Errc::kDecodeError);
  EXPECT_TRUE(base64url_decode("Zm8").ok());
  EXPECT_EQ(base64url_decode("Zm9").code(), Errc::kDecodeError);
}

RC_GTEST_PROP(Base64Url, RoundTripsCanonically, (const Bytes& b)) {
  const std::string enc = base64url_encode(b);
  RC_ASSERT(enc.find('=') == std::string::npos);
  auto r = base64url_decode(enc);
  RC_ASSERT(r.ok());
  RC_ASSERT(*r == b);
}

// Whatever string decodes must re-encode to itself: one spelling per value.
RC_GTEST_PROP(Base64Url, AcceptedStringsAreCanonical, ()) {
  const auto s = *rc::gen::container<std::string>(
      rc::gen::element('A', 'Q', 'g', 'z', '0', '9', '-', '_', 'h', 'B', '=', '+'));
  auto r = base64url_decode(s);
  if (r.ok()) RC_ASSERT(base64url_encode(*r) == s);
}

}  // namespace
}  // namespace e2e
