// Every valid Wycheproof AES-GCM case, run through AesGcm, and five negative
// cases derived from each (conventions C8): a flipped ciphertext bit, a
// flipped tag bit, a changed AAD, an appended byte and a truncated tag must
// all be kAuthFailed with no plaintext.
//
// Policy reclassification (wycheproof-notes §4.4): AesGcm accepts IVs of
// 1..kMaxIvLen bytes, as OpenSSL's GCM does. Valid cases with longer IVs (the
// 2056-bit LongIv ones) must be refused with kInvalidArgument; they are
// counted separately and the counts printed, never skipped silently.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "common/encoding.h"
#include "crypto/aes_gcm.h"

namespace e2e::crypto {
namespace {

using nlohmann::json;

const char* const kFile = E2E_VECTORS_DIR "/third_party/wycheproof/aes_gcm_test.json";

struct Case {
  int id;
  std::string flags;
  Bytes key, iv, aad, msg, ct, tag;
  std::string result;
};

Bytes hex(const json& v) { return hex_decode(v.get<std::string>()).value(); }

// load reads the file and checks it against its own header, failing loudly.
std::vector<Case> load() {
  std::ifstream in(kFile);
  EXPECT_TRUE(in.good()) << "cannot open " << kFile;
  if (!in.good()) return {};
  const json doc = json::parse(in);
  EXPECT_EQ(doc.at("algorithm"), "AES-GCM");
  EXPECT_EQ(doc.at("schema"), "aead_test_schema_v1.json");
  std::vector<Case> cases;
  std::set<int> ids;
  for (const json& group : doc.at("testGroups")) {
    EXPECT_EQ(group.at("tagSize").get<int>(), 128);
    for (const json& t : group.at("tests")) {
      Case c{t.at("tcId").get<int>(), t.at("flags").dump(), hex(t.at("key")), hex(t.at("iv")),
             hex(t.at("aad")), hex(t.at("msg")), hex(t.at("ct")), hex(t.at("tag")),
             t.at("result").get<std::string>()};
      EXPECT_TRUE(ids.insert(c.id).second) << "duplicate tcId " << c.id;
      EXPECT_TRUE(c.result == "valid" || c.result == "invalid" || c.result == "acceptable")
          << "tcId " << c.id << ": unknown result " << c.result;
      cases.push_back(std::move(c));
    }
  }
  EXPECT_EQ(doc.at("numberOfTests").get<size_t>(), cases.size());
  return cases;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = load();
  return all;
}

// rejected: open fails with kAuthFailed and so releases no plaintext.
::testing::AssertionResult rejected(const AesGcm& gcm, const Case& c, const Bytes& aad,
                                    const Bytes& sealed, const char* what) {
  auto pt = gcm.open(c.iv, aad, sealed);
  if (pt.ok()) return ::testing::AssertionFailure() << what << ": plaintext released";
  if (pt.code() != Errc::kAuthFailed) {
    return ::testing::AssertionFailure() << what << ": " << pt.error();
  }
  return ::testing::AssertionSuccess();
}

void flip(Bytes& b, size_t bit) { b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8)); }

void check_valid_case(const Case& c) {
  SCOPED_TRACE("tcId " + std::to_string(c.id) + " " + c.flags);
  auto gcm_or = AesGcm::create(c.key);
  ASSERT_TRUE(gcm_or.ok()) << gcm_or.error();
  const AesGcm& gcm = *gcm_or;
  const Bytes sealed = concat({c.ct, c.tag});

  auto ct = gcm.seal(c.iv, c.aad, c.msg);
  ASSERT_TRUE(ct.ok()) << ct.error();
  EXPECT_EQ(hex_encode(*ct), hex_encode(sealed));
  auto pt = gcm.open(c.iv, c.aad, sealed);
  ASSERT_TRUE(pt.ok()) << pt.error();
  EXPECT_EQ(hex_encode(pt->reveal()), hex_encode(c.msg));

  // One bit in every ciphertext byte (the bit position moves along).
  for (size_t i = 0; i < c.ct.size(); ++i) {
    Bytes bad = sealed;
    flip(bad, i * 8 + (i % 8));
    EXPECT_TRUE(rejected(gcm, c, c.aad, bad, "ciphertext bit"));
  }
  // Every bit of the tag.
  for (size_t bit = 0; bit < AesGcm::kTagLen * 8; ++bit) {
    Bytes bad = sealed;
    flip(bad, c.ct.size() * 8 + bit);
    EXPECT_TRUE(rejected(gcm, c, c.aad, bad, "tag bit"));
  }
  // A changed AAD: one byte longer, and (when there is one) a flipped bit.
  EXPECT_TRUE(rejected(gcm, c, concat({c.aad, Bytes{0}}), sealed, "AAD + byte"));
  if (!c.aad.empty()) {
    Bytes aad = c.aad;
    flip(aad, aad.size() * 8 - 1);
    EXPECT_TRUE(rejected(gcm, c, aad, sealed, "AAD bit"));
  }
  EXPECT_TRUE(rejected(gcm, c, c.aad, concat({sealed, Bytes{0}}), "appended byte"));
  EXPECT_TRUE(
      rejected(gcm, c, c.aad, Bytes(sealed.begin(), sealed.end() - 1), "truncated tag"));
}

// A valid case whose IV the wrapper does not support must be refused as a
// usage error in both directions, before any cryptography.
void check_unsupported_iv_case(const Case& c) {
  SCOPED_TRACE("tcId " + std::to_string(c.id));
  const AesGcm gcm = AesGcm::create(c.key).value();
  EXPECT_EQ(gcm.seal(c.iv, c.aad, c.msg).code(), Errc::kInvalidArgument);
  EXPECT_EQ(gcm.open(c.iv, c.aad, concat({c.ct, c.tag})).code(), Errc::kInvalidArgument);
}

TEST(AesGcmWycheproof, EveryValidCaseAndItsNegatives) {
  size_t valid = 0, covered = 0, reclassified = 0;
  for (const Case& c : cases()) {
    if (c.result != "valid") continue;
    ++valid;
    if (c.iv.size() > AesGcm::kMaxIvLen) {
      check_unsupported_iv_case(c);
      ++reclassified;
    } else {
      check_valid_case(c);
      ++covered;
    }
  }
  std::cout << "[ wycheproof ] aes_gcm_test.json: " << valid << " valid cases, " << covered
            << " checked with 5 negative variants each, " << reclassified
            << " reclassified (IV > " << AesGcm::kMaxIvLen << " bytes: kInvalidArgument)\n";
  EXPECT_GT(valid, 0u);
  EXPECT_EQ(covered + reclassified, valid);
  EXPECT_GT(covered, 0u);
}

// The invalid cases (ModifiedTag, ZeroLengthIv) never release plaintext.
TEST(AesGcmWycheproof, EveryInvalidCaseIsRefused) {
  size_t invalid = 0;
  for (const Case& c : cases()) {
    if (c.result != "invalid") continue;
    ++invalid;
    SCOPED_TRACE("tcId " + std::to_string(c.id) + " " + c.flags);
    const AesGcm gcm = AesGcm::create(c.key).value();
    auto pt = gcm.open(c.iv, c.aad, concat({c.ct, c.tag}));
    ASSERT_FALSE(pt.ok());
    EXPECT_EQ(pt.code(), c.iv.empty() ? Errc::kInvalidArgument : Errc::kAuthFailed);
  }
  std::cout << "[ wycheproof ] aes_gcm_test.json: " << invalid << " invalid cases refused\n";
  EXPECT_GT(invalid, 0u);
}

}  // namespace
}  // namespace e2e::crypto
