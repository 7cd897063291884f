#include "common/secret_bytes.h"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

namespace e2e {
namespace {

TEST(SecretBytes, NoImplicitConversionOrCopy) {
  static_assert(!std::is_convertible_v<SecretBytes, Bytes>);
  static_assert(!std::is_convertible_v<SecretBytes, ByteView>);
  static_assert(!std::is_copy_constructible_v<SecretBytes>);
  static_assert(!std::is_copy_assignable_v<SecretBytes>);
  static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
  SUCCEED();
}

TEST(SecretBytes, PrintsRedacted) {
  Bytes raw{'k', 'e', 'y', '!'};
  SecretBytes s{ByteView(raw)};
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "SecretBytes(len=4)");
  EXPECT_EQ(os.str().find("key"), std::string::npos);
}

TEST(SecretBytes, CloneAndCompare) {
  Bytes raw(32, 7);
  SecretBytes a{ByteView(raw)};
  SecretBytes b = a.clone();
  EXPECT_TRUE(a == b);
  b.mutable_data()[31] ^= 1;
  EXPECT_FALSE(a == b);
  SecretBytes shorter{ByteView(raw).first(31)};
  EXPECT_FALSE(a == shorter);
}

TEST(SecretBytes, GrowthKeepsContents) {
  SecretBytes s;
  for (int i = 0; i < 1000; ++i) {
    uint8_t b = static_cast<uint8_t>(i);
    s.append(ByteView(&b, 1));  // forces several reallocations, each wiped
  }
  ASSERT_EQ(s.size(), 1000u);
  for (size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.reveal()[i], static_cast<uint8_t>(i));
}

TEST(SecretBytes, ClearEmpties) {
  SecretBytes s(16);
  s.clear();
  EXPECT_TRUE(s.empty());
}

TEST(SecretBytes, MoveLeavesSourceEmpty) {
  SecretBytes a(8);
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.size(), 8u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state
}

}  // namespace
}  // namespace e2e
