// The canary search finds every spelling at every base64 alignment.
#include <gtest/gtest.h>

#include "attacks/canary.h"
#include "common/encoding.h"

namespace e2e::attacks {
namespace {

bool found(const std::string& haystack, const std::string& canary, const std::string& encoding) {
  for (const auto& h : find_canary(as_bytes(haystack), canary)) {
    if (h.encoding == encoding) return true;
  }
  return false;
}

TEST(Canary, FindsRawWithOffset) {
  const auto hits = find_canary(as_bytes("xxCanaryText42yy"), "CanaryText42");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].encoding, "raw");
  EXPECT_EQ(hits[0].offset, 2u);
}

TEST(Canary, FindsBase64AtEveryAlignmentInsideLongerValues) {
  const std::string canary = "CanaryText42?>~";
  for (size_t lead = 0; lead < 6; ++lead) {
    const std::string plain = std::string(lead, 'q') + "{\"text\":\"" + canary + "\"}";
    const std::string url = base64url_encode(as_bytes(plain));
    EXPECT_TRUE(found("[" + url + "]", canary, "base64url") || found("[" + url + "]", canary, "base64")) << lead;
    std::string standard = url;
    for (char& c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
    EXPECT_TRUE(found(standard, canary, "base64")) << lead;
  }
}

TEST(Canary, FindsHexBothCases) {
  EXPECT_TRUE(found(".." + hex_encode(as_bytes("CanaryX1")) + "..", "CanaryX1", "hex"));
  EXPECT_TRUE(found("..43414E41525958..", "CANARYX", "HEX"));
  EXPECT_TRUE(find_canary(as_bytes("nothing here"), "CanaryX1").empty());
}

// A timestamp is found as decimal text and as 8-byte big- and little-endian
// and SQLite's 6-byte big-endian integers; other numbers are not.
TEST(Canary, FindsIntegersInEverySpelling) {
  const uint64_t ts = 1'700'000'001'234;
  auto spelled = [](const Bytes& b) { return std::string(b.begin(), b.end()); };
  const std::string be8 = spelled({0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x6c, 0xd2});
  std::string le8(be8.rbegin(), be8.rend());
  const std::string be6 = be8.substr(2);
  for (const auto& [encoding, text] : std::vector<std::pair<std::string, std::string>>{
           {"decimal", "ts=1700000001234;"}, {"be64", "x" + be8 + "y"}, {"le64", "x" + le8 + "y"},
           {"be48", "x" + be6 + "y"}}) {
    bool found_it = false;
    for (const auto& h : find_integer(as_bytes(text), ts)) found_it = found_it || h.encoding == encoding;
    EXPECT_TRUE(found_it) << encoding;
  }
  EXPECT_TRUE(find_integer(as_bytes("ts=1700000001235;"), ts).empty());
}

}  // namespace
}  // namespace e2e::attacks
