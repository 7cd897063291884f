// End-to-end verdicts through reference/crypto on cases cut from the vendored
// files: a correct case passes, and each kind of wrong answer is a failure.
#include "wycheproof/runner.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_files.h"

namespace e2e::wycheproof {
namespace {

using nlohmann::json;
using testing::single_case;
using testing::vendored;

json& test0(json& doc) { return doc["testGroups"][0]["tests"][0]; }

// flip_last_hex_digit changes one byte of a hex string.
std::string flip_last_hex_digit(std::string hex) {
  hex.back() = hex.back() == '0' ? '1' : '0';
  return hex;
}

FileReport run_ok(const json& doc) {
  auto r = testing::run(doc);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? r.value() : FileReport{};
}

TEST(Runner, RealAesGcmCasePasses) {
  FileReport r = run_ok(single_case(vendored("aes_gcm_test.json"), 1));
  EXPECT_EQ(r.tests, 1u);
  EXPECT_EQ(r.passed, 1u) << (r.failures.empty() ? "" : r.failures[0].reason);
  EXPECT_EQ(r.valid_passed, 1u);
}

TEST(Runner, ValidCaseWithWrongExpectedCiphertextFails) {
  json doc = single_case(vendored("aes_gcm_test.json"), 1);
  test0(doc)["ct"] = flip_last_hex_digit(test0(doc)["ct"].get<std::string>());
  FileReport r = run_ok(doc);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.valid_failed, 1u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].tc_id, 1);
  EXPECT_EQ(r.failures[0].flags, std::vector<std::string>{"Ktv"});
  EXPECT_NE(r.failures[0].reason.find("seal output differs"), std::string::npos)
      << r.failures[0].reason;
}

TEST(Runner, InvalidCaseThatIsAcceptedFails) {
  // A genuine ciphertext relabelled "invalid": open accepts it, so the
  // verdict must be a failure.
  json doc = single_case(vendored("aes_gcm_test.json"), 1);
  test0(doc)["result"] = "invalid";
  FileReport r = run_ok(doc);
  EXPECT_EQ(r.invalid_failed, 1u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].reason.find("open accepted an invalid input"), std::string::npos)
      << r.failures[0].reason;
}

TEST(Runner, AcceptableCaseAcceptedWithWrongOutputFails) {
  json doc = single_case(vendored("aes_gcm_test.json"), 1);
  test0(doc)["result"] = "acceptable";
  test0(doc)["ct"] = flip_last_hex_digit(test0(doc)["ct"].get<std::string>());
  FileReport r = run_ok(doc);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.acceptable_failed, 1u);
  EXPECT_EQ(r.acceptable_accepted, 1u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].reason.find("accepted with a wrong output"), std::string::npos)
      << r.failures[0].reason;
}

TEST(Runner, AcceptableX25519WithWrongSharedFails) {
  // The first acceptable X25519 case (a twist point): the API accepts twist
  // points, so a wrong `shared` must be reported.
  json file = vendored("x25519_test.json");
  int64_t tc_id = -1;
  for (const auto& t : file["testGroups"][0]["tests"]) {
    if (t["result"] == "acceptable") {
      tc_id = t["tcId"].get<int64_t>();
      break;
    }
  }
  ASSERT_GE(tc_id, 0);
  json doc = single_case(file, tc_id);
  FileReport good = run_ok(doc);
  ASSERT_EQ(good.passed, 1u) << (good.failures.empty() ? "" : good.failures[0].reason);
  ASSERT_EQ(good.acceptable_accepted, 1u) << "the twist point was rejected; pick another case";
  test0(doc)["shared"] = flip_last_hex_digit(test0(doc)["shared"].get<std::string>());
  FileReport bad = run_ok(doc);
  EXPECT_EQ(bad.acceptable_failed, 1u);
}

TEST(Runner, InvalidEcdhSharedIsNeverCompared) {
  // An invalid test whose `shared` is garbage still passes when rejected.
  json file = vendored("ecdh_secp256r1_ecpoint_test.json");
  int64_t tc_id = -1;
  for (const auto& t : file["testGroups"][0]["tests"]) {
    if (t["result"] == "invalid") {
      tc_id = t["tcId"].get<int64_t>();
      break;
    }
  }
  ASSERT_GE(tc_id, 0);
  json doc = single_case(file, tc_id);
  test0(doc)["shared"] = "00";
  FileReport r = run_ok(doc);
  EXPECT_EQ(r.invalid_passed, 1u) << (r.failures.empty() ? "" : r.failures[0].reason);
}

TEST(Runner, AcceptableCountsPerFlag) {
  json file = vendored("aes_wrap_test.json");
  int64_t tc_id = -1;
  for (const auto& g : file["testGroups"]) {
    for (const auto& t : g["tests"]) {
      if (t["result"] == "acceptable" && tc_id < 0) tc_id = t["tcId"].get<int64_t>();
    }
  }
  ASSERT_GE(tc_id, 0);
  FileReport r = run_ok(single_case(file, tc_id));
  ASSERT_EQ(r.acceptable_accepted + r.acceptable_rejected, 1u);
  ASSERT_EQ(r.acceptable_by_flag.size(), 1u);
  const auto& [flag, count] = *r.acceptable_by_flag.begin();
  EXPECT_EQ(flag, "ShortKey");
  EXPECT_EQ(count.accepted + count.rejected, 1u);
}

TEST(Runner, MalformedFileRunsNothing) {
  json doc = testing::minimal_aead();
  doc["testGroups"][0]["tests"][1]["iv"] = "nothex";
  auto r = testing::run(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kBadEncoding);
}

TEST(Runner, RunFilesKeepsGoingAndClassifies) {
  testing::TempFile good(single_case(vendored("hkdf_sha256_test.json"), 1).dump());
  testing::TempFile bad("not json");
  std::vector<std::string> lines;
  RunReport run = run_files({good.path(), bad.path(), good.path()},
                            [&lines](std::string_view l) { lines.emplace_back(l); });
  EXPECT_EQ(run.files.size(), 2u);
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_EQ(run.errors[0].problem, Problem::kNotJson);
  EXPECT_EQ(run.exit_code(), 2);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("error"), std::string::npos);
}

}  // namespace
}  // namespace e2e::wycheproof

namespace e2e::wycheproof {
namespace {

// The vendored 257-byte-IV cases (flag LongIv) are valid upstream but outside
// crypto::AesGcm (OpenSSL's GCM takes at most 128-byte IVs): the policy
// reclassifies them as must-refuse, counts and lists them.
TEST(Runner, LongIvBeyondOpenSslLimitIsReclassifiedAndRefused) {
  json doc = vendored("aes_gcm_test.json");
  int64_t long_iv_tc = -1;
  for (const auto& g : doc["testGroups"]) {
    for (const auto& t : g["tests"]) {
      if (t["iv"].get<std::string>().size() / 2 > 128) long_iv_tc = t["tcId"].get<int64_t>();
    }
  }
  ASSERT_GE(long_iv_tc, 0) << "the vendored file should hold an IV longer than 128 bytes";
  FileReport r = run_ok(single_case(doc, long_iv_tc));
  EXPECT_EQ(r.tests, 1u);
  EXPECT_EQ(r.passed, 1u);
  EXPECT_EQ(r.valid_passed + r.valid_failed, 0u);  // counted as reclassified, not as valid
  EXPECT_EQ(r.reclassified_passed, 1u);
  ASSERT_EQ(r.reclassified.size(), 1u);
  EXPECT_TRUE(r.reclassified[0].passed);
  EXPECT_EQ(r.reclassified[0].result, Expected::kValid);
  EXPECT_NE(r.reclassified[0].reason.find("128"), std::string::npos);
}

// A 128-byte IV is inside the primitive's parameters: not reclassified.
TEST(Runner, IvOfExactly128BytesIsNotReclassified) {
  json doc = single_case(vendored("aes_gcm_test.json"), 1);
  test0(doc)["iv"] = std::string(256, 'a');
  FileReport r = run_ok(doc);
  EXPECT_TRUE(r.reclassified.empty());
  EXPECT_EQ(r.valid_failed, 1u);  // the expected ct belongs to another IV
}

}  // namespace
}  // namespace e2e::wycheproof
