// Identifiers, display names and UTF-8 (PROTO-FRAME-06).
#include "protocol/ids.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "protocol/limits.h"

namespace e2e::proto {
namespace {

TEST(Ids, PROTO_FRAME_06_ValidIdAlphabetAndLength) {
  EXPECT_TRUE(valid_id("a"));
  EXPECT_TRUE(valid_id("ABCxyz019_-"));
  EXPECT_TRUE(valid_id("V1StGXR8_Z5jdHi6B-myT"));  // a NanoID
  EXPECT_TRUE(valid_id("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(valid_id(std::string(kMaxIdLen, 'x')));
  EXPECT_FALSE(valid_id(std::string(kMaxIdLen + 1, 'x')));
  EXPECT_FALSE(valid_id(""));
  for (const char* bad : {"a b", "a.b", "a:b", "a/b", "a+b", "a=b", "a\tb", "é", "a\n", "#x", "~"}) {
    EXPECT_FALSE(valid_id(bad)) << bad;
  }
  EXPECT_FALSE(valid_id(std::string("a\0b", 3)));
}

RC_GTEST_PROP(Ids, PROTO_FRAME_06_ValidIdMatchesTheGrammar, (const std::string& s)) {
  bool expected = !s.empty() && s.size() <= kMaxIdLen;
  for (char c : s) {
    expected = expected && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-');
  }
  RC_ASSERT(valid_id(s) == expected);
}

TEST(Ids, PROTO_FRAME_06_ValidNameLengthInBytes) {
  EXPECT_TRUE(valid_name("A"));
  EXPECT_TRUE(valid_name("Zoë"));
  EXPECT_TRUE(valid_name("名前 😀"));
  EXPECT_TRUE(valid_name(std::string(kMaxNameBytes, 'n')));
  EXPECT_FALSE(valid_name(std::string(kMaxNameBytes + 1, 'n')));
  EXPECT_FALSE(valid_name(""));
  std::string four_byte;
  for (size_t i = 0; i < kMaxNameBytes / 4; ++i) four_byte += "😀";
  EXPECT_TRUE(valid_name(four_byte));
  EXPECT_FALSE(valid_name(four_byte + "a"));
}

TEST(Ids, PROTO_FRAME_06_ValidNameRefusesControlCharacters) {
  for (int c = 0; c < 0x20; ++c) {
    EXPECT_FALSE(valid_name("a" + std::string(1, static_cast<char>(c)) + "b")) << c;
  }
  EXPECT_FALSE(valid_name("a\x7f"));  // DEL
  for (int c = 0x80; c <= 0x9F; ++c) {  // C1, encoded as C2 80..C2 9F
    EXPECT_FALSE(valid_name(std::string("a\xc2") + static_cast<char>(c))) << c;
  }
  EXPECT_TRUE(valid_name("a\xc2\xa0"));  // U+00A0 is not a control character
  EXPECT_TRUE(valid_name("a b"));
  EXPECT_FALSE(valid_name("a\xff"));  // not UTF-8 at all
}

TEST(Ids, ValidUtf8AcceptsWellFormedText) {
  for (const char* good : {"", "ascii", "\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80",
                           "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
                           "\xf4\x8f\xbf\xbf", "κόσμε", "😀"}) {
    EXPECT_TRUE(valid_utf8(good)) << good;
  }
  EXPECT_TRUE(valid_utf8(std::string("\0", 1)));  // U+0000 is well-formed (names refuse it)
}

TEST(Ids, ValidUtf8RefusesIllFormedText) {
  const std::vector<std::string> bad = {
      "\x80",              // lone continuation
      "\xbf",              // lone continuation
      "\xc0\x80",          // overlong NUL
      "\xc1\xbf",          // overlong
      "\xe0\x80\x80",      // overlong 3-byte
      "\xe0\x9f\xbf",      // overlong 3-byte
      "\xf0\x80\x80\x80",  // overlong 4-byte
      "\xf0\x8f\xbf\xbf",  // overlong 4-byte
      "\xed\xa0\x80",      // U+D800 (surrogate)
      "\xed\xbf\xbf",      // U+DFFF (surrogate)
      "\xf4\x90\x80\x80",  // U+110000
      "\xf5\x80\x80\x80",  // lead byte past U+10FFFF
      "\xff",              "\xfe",
      "\xc2",              // truncated 2-byte
      "\xe2\x82",          // truncated 3-byte
      "\xf0\x9f\x98",      // truncated 4-byte
      "\xc2\x41",          // continuation expected
      "\xe2\x28\xa1",      // bad second byte
      "\xe2\x82\x28",      // bad third byte
      "\xf0\x9f\x98\x28",  // bad fourth byte
      "ok\xc3",            // truncated at the end
  };
  for (const std::string& s : bad) {
    EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
  }
}

// An independent, slower reference: decode each sequence to a code point and
// check the value is in range, is not a surrogate and uses the shortest form.
bool reference_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

RC_GTEST_PROP(Ids, ValidUtf8AgreesWithReferenceOnBytes, (const std::vector<uint8_t>& bytes)) {
  const std::string s(bytes.begin(), bytes.end());
  RC_ASSERT(valid_utf8(s) == reference_utf8(s));
}

std::string encode_utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Random bytes are rarely valid UTF-8; encoded code points always are, and
// the encoding of a surrogate never is.
RC_GTEST_PROP(Ids, ValidUtf8AcceptsEveryScalarValue, ()) {
  const auto cps = *rc::gen::container<std::vector<uint32_t>>(rc::gen::inRange<uint32_t>(0, 0x110000));
  std::string s;
  bool has_surrogate = false;
  for (uint32_t cp : cps) {
    has_surrogate = has_surrogate || (cp >= 0xD800 && cp <= 0xDFFF);
    s += encode_utf8(cp);
  }
  RC_ASSERT(valid_utf8(s) == !has_surrogate);
  RC_ASSERT(reference_utf8(s) == !has_surrogate);
}

}  // namespace
}  // namespace e2e::proto
