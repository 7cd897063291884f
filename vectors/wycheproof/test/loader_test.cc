// Malformed, unknown and unsupported files: each must stop with the right
// Problem and name the file / group / tcId / field, never crash or throw.
#include "wycheproof/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_files.h"
#include "wycheproof/runner.h"

namespace e2e::wycheproof {
namespace {

using nlohmann::json;
using testing::load;
using testing::load_text;
using testing::minimal_aead;
using testing::single_case;
using testing::vendored;

json& test0(json& doc) { return doc["testGroups"][0]["tests"][0]; }
json& test1(json& doc) { return doc["testGroups"][0]["tests"][1]; }
json& group0(json& doc) { return doc["testGroups"][0]; }

// expect_problem loads |doc| and checks the problem, and the location when given.
void expect_problem(const FileResult<VectorFile>& r, Problem p, std::string_view field = {},
                    std::optional<int64_t> tc_id = {}, std::optional<size_t> group = {}) {
  ASSERT_FALSE(r.ok()) << "file was accepted";
  const FileError& e = r.error();
  EXPECT_EQ(e.problem, p) << e.to_string();
  if (!field.empty()) {
    EXPECT_EQ(e.field, field) << e.to_string();
  }
  if (tc_id) {
    EXPECT_EQ(e.tc_id, tc_id) << e.to_string();
  }
  if (group) {
    EXPECT_EQ(e.group, group) << e.to_string();
  }
  EXPECT_FALSE(e.file.empty());
  EXPECT_NE(e.to_string().find(e.file), std::string::npos);
}

TEST(Loader, MinimalFileLoads) {
  auto r = load(minimal_aead());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->algorithm, "AES-GCM");
  EXPECT_EQ(r->test_count(), 2u);
  EXPECT_EQ(r->sha256.size(), 64u);
}

TEST(Loader, NotJson) {
  expect_problem(load_text("{\"schema\": \"aead_test_schema_v1.json\","), Problem::kNotJson);
  expect_problem(load_text("this is not json"), Problem::kNotJson);
  expect_problem(load_text(""), Problem::kNotJson);
}

TEST(Loader, TopLevelNotAnObject) { expect_problem(load_text("[1, 2]"), Problem::kWrongType); }

TEST(Loader, MissingFileIsIo) {
  auto r = load_vector_file("/nonexistent/dir/aes_gcm_test.json");
  expect_problem(r, Problem::kIo);
}

TEST(Loader, UnknownSchema) {
  json doc = minimal_aead();
  doc["schema"] = "daead_test_schema_v1.json";
  expect_problem(load(doc), Problem::kUnknownSchema, "schema");
}

TEST(Loader, AlgorithmSchemaMismatch) {
  json doc = minimal_aead();
  doc["algorithm"] = "ECDSA";
  expect_problem(load(doc), Problem::kAlgorithmMismatch, "algorithm");
}

TEST(Loader, OtherAeadAlgorithmIsUnsupported) {
  json doc = minimal_aead();
  doc["algorithm"] = "CHACHA20-POLY1305";
  auto r = load(doc);
  expect_problem(r, Problem::kUnsupported, "algorithm");
  EXPECT_NE(r.error().message.find("CHACHA20-POLY1305"), std::string::npos);
  EXPECT_EQ(r.error().code(), Errc::kUnsupported);
}

TEST(Loader, OtherHmacIsUnsupported) {
  json doc = single_case(vendored("hmac_sha256_test.json"), 1);
  doc["algorithm"] = "HMACSHA512";
  expect_problem(load(doc), Problem::kUnsupported, "algorithm");
}

TEST(Loader, NumberOfTestsMismatch) {
  json doc = minimal_aead();
  doc["numberOfTests"] = 3;
  expect_problem(load(doc), Problem::kCountMismatch, "numberOfTests");
}

TEST(Loader, DuplicateTcId) {
  json doc = minimal_aead();
  test1(doc)["tcId"] = 1;
  expect_problem(load(doc), Problem::kDuplicateTcId, "tcId", 1, 0);
}

TEST(Loader, DuplicateTcIdAcrossGroups) {
  json doc = minimal_aead();
  json g = group0(doc);
  g["tests"] = json::array({test1(doc)});  // tcId 2 again, now in group 1
  doc["testGroups"].push_back(g);
  doc["numberOfTests"] = 3;
  auto r = load(doc);
  expect_problem(r, Problem::kDuplicateTcId, "tcId", 2, 1);
}

TEST(Loader, UnknownResult) {
  json doc = minimal_aead();
  test1(doc)["result"] = "maybe";
  expect_problem(load(doc), Problem::kUnknownResult, "result", 2, 0);
}

TEST(Loader, FlagMissingFromNotes) {
  json doc = minimal_aead();
  test1(doc)["flags"] = json::array({"Ktv", "NoSuchFlag"});
  auto r = load(doc);
  expect_problem(r, Problem::kUnknownFlag, "flags[1]", 2, 0);
  EXPECT_NE(r.error().message.find("NoSuchFlag"), std::string::npos);
}

TEST(Loader, RequiredTopLevelFieldMissing) {
  for (const char* key : {"algorithm", "schema", "numberOfTests", "notes", "testGroups"}) {
    json doc = minimal_aead();
    doc.erase(key);
    expect_problem(load(doc), Problem::kMissingField, key);
  }
}

TEST(Loader, RequiredTestFieldMissing) {
  for (const char* key : {"comment", "flags", "result"}) {
    json doc = minimal_aead();
    test1(doc).erase(key);
    expect_problem(load(doc), Problem::kMissingField, key, 2, 0);
  }
  json doc = minimal_aead();
  test1(doc).erase("tcId");
  expect_problem(load(doc), Problem::kMissingField, "tcId", std::nullopt, 0);
}

TEST(Loader, RequiredAdapterFieldMissing) {
  // Adapter fields are checked when the file is run, before any test runs.
  json doc = minimal_aead();
  test1(doc).erase("tag");
  auto r = testing::run(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kMissingField);
  EXPECT_EQ(r.error().field, "tag");
  EXPECT_EQ(r.error().tc_id, 2);
  EXPECT_EQ(r.error().group, 0u);
}

TEST(Loader, RequiredGroupFieldMissing) {
  json doc = minimal_aead();
  group0(doc).erase("tagSize");
  expect_problem(load(doc), Problem::kMissingField, "tagSize", std::nullopt, 0);
}

TEST(Loader, WrongTypes) {
  {
    json doc = minimal_aead();
    test1(doc)["tcId"] = "2";
    expect_problem(load(doc), Problem::kWrongType, "tcId");
  }
  {
    json doc = minimal_aead();
    test1(doc)["flags"] = "Ktv";
    expect_problem(load(doc), Problem::kWrongType, "flags", 2);
  }
  {
    json doc = minimal_aead();
    test1(doc)["flags"] = json::array({7});
    expect_problem(load(doc), Problem::kWrongType, "flags[0]", 2);
  }
  {
    json doc = minimal_aead();
    doc["numberOfTests"] = 2.0;
    expect_problem(load(doc), Problem::kWrongType, "numberOfTests");
  }
  {
    json doc = minimal_aead();
    group0(doc)["keySize"] = "128";
    expect_problem(load(doc), Problem::kWrongType, "keySize", std::nullopt, 0);
  }
  {
    json doc = minimal_aead();
    doc["testGroups"] = json::object();
    expect_problem(load(doc), Problem::kWrongType, "testGroups");
  }
  {
    json doc = minimal_aead();
    test1(doc)["iv"] = 12;
    auto r = testing::run(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem, Problem::kWrongType);
    EXPECT_EQ(r.error().field, "iv");
    EXPECT_EQ(r.error().tc_id, 2);
  }
}

TEST(Loader, BadHexIsMalformed) {
  for (const char* bad : {"zz", "abc", "0x00", "00 11"}) {
    json doc = minimal_aead();
    test1(doc)["iv"] = bad;
    auto r = testing::run(doc);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().problem, Problem::kBadEncoding) << bad;
    EXPECT_EQ(r.error().field, "iv");
    EXPECT_EQ(r.error().tc_id, 2);
    EXPECT_EQ(r.error().code(), Errc::kDecodeError);
  }
}

TEST(Loader, BadHexInPossiblyInvalidDerIsStillMalformed) {
  // ECDH asn `public` may hold invalid DER, but it is always valid hex.
  json doc = single_case(vendored("ecdh_secp256r1_test.json"), 1);
  test0(doc)["public"] = "30xx";
  auto r = testing::run(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kBadEncoding);
  EXPECT_EQ(r.error().field, "public");
}

TEST(Loader, BadHexInGroupKey) {
  json doc = single_case(vendored("ecdsa_secp256r1_sha256_test.json"), 1);
  group0(doc)["publicKey"]["uncompressed"] = "04zz";
  expect_problem(load(doc), Problem::kBadEncoding, "publicKey.uncompressed", std::nullopt, 0);
}

TEST(Loader, UnsupportedCurves) {
  {
    json doc = single_case(vendored("ecdh_secp256r1_test.json"), 1);
    group0(doc)["curve"] = "secp384r1";
    auto r = load(doc);
    expect_problem(r, Problem::kUnsupported, "curve", std::nullopt, 0);
    EXPECT_NE(r.error().message.find("secp384r1"), std::string::npos);
  }
  {
    json doc = single_case(vendored("ecdsa_secp256r1_sha256_test.json"), 1);
    group0(doc)["publicKey"]["curve"] = "secp521r1";
    expect_problem(load(doc), Problem::kUnsupported, "publicKey.curve");
  }
  {
    json doc = single_case(vendored("ecdsa_secp256r1_sha256_p1363_test.json"), 1);
    group0(doc)["sha"] = "SHA-512";
    expect_problem(load(doc), Problem::kUnsupported, "sha");
  }
  {
    json doc = single_case(vendored("ed25519_test.json"), 1);
    group0(doc)["publicKey"]["curve"] = "edwards448";
    expect_problem(load(doc), Problem::kUnsupported, "publicKey.curve");
  }
  {
    json doc = single_case(vendored("x25519_test.json"), 1);
    group0(doc)["curve"] = "curve448";
    expect_problem(load(doc), Problem::kUnsupported, "curve");
  }
}

TEST(Loader, UnsupportedSizes) {
  {
    json doc = minimal_aead();
    group0(doc)["tagSize"] = 96;
    expect_problem(load(doc), Problem::kUnsupported, "tagSize", std::nullopt, 0);
  }
  {
    json doc = minimal_aead();
    group0(doc)["keySize"] = 512;
    expect_problem(load(doc), Problem::kUnsupported, "keySize");
  }
  {
    json doc = single_case(vendored("hmac_sha256_test.json"), 1);
    group0(doc)["tagSize"] = 12;
    expect_problem(load(doc), Problem::kUnsupported, "tagSize");
  }
  {
    json doc = single_case(vendored("aes_wrap_test.json"), 1);
    group0(doc)["keySize"] = 64;
    expect_problem(load(doc), Problem::kUnsupported, "keySize");
  }
}

TEST(Loader, GroupTypeAndEncodingMustMatchSchema) {
  {
    json doc = minimal_aead();
    group0(doc)["type"] = "MacTest";
    expect_problem(load(doc), Problem::kBadValue, "type", std::nullopt, 0);
  }
  {
    json doc = single_case(vendored("ecdh_secp256r1_test.json"), 1);
    group0(doc)["encoding"] = "pem";
    expect_problem(load(doc), Problem::kBadValue, "encoding");
  }
}

TEST(Loader, JwkMembers) {
  // Unknown members such as "kid" are ignored, whatever their type ...
  json doc = single_case(vendored("ecdh_secp256r1_webcrypto_test.json"), 1);
  test0(doc)["public"]["kid"] = 5;
  test0(doc)["public"]["ext"] = true;
  auto ok = testing::run(doc);
  EXPECT_TRUE(ok.ok()) << ok.error().to_string();
  // ... but a member the key import reads must be a string.
  test0(doc)["public"]["crv"] = 256;
  auto r = testing::run(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kWrongType);
  EXPECT_EQ(r.error().field, "public.crv");
  // And the key itself must be an object.
  json doc2 = single_case(vendored("x25519_jwk_test.json"), 1);
  test0(doc2)["private"] = "not a jwk";
  auto r2 = testing::run(doc2);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().problem, Problem::kWrongType);
  EXPECT_EQ(r2.error().field, "private");
}

TEST(Loader, NoteMustBeAnObject) {
  json doc = minimal_aead();
  doc["notes"]["Ktv"] = "known test vector";
  expect_problem(load(doc), Problem::kWrongType, "notes.Ktv");
}

TEST(Loader, HkdfNegativeSize) {
  json doc = single_case(vendored("hkdf_sha256_test.json"), 1);
  test0(doc)["size"] = -1;
  auto r = testing::run(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kBadValue);
  EXPECT_EQ(r.error().field, "size");
}

TEST(Loader, EveryVendoredFileLoads) {
  auto files = vendored_files(E2E_VECTORS_DIR);
  ASSERT_TRUE(files.ok()) << files.error().to_string();
  EXPECT_FALSE(files->empty());
  for (const auto& path : *files) {
    auto r = load_vector_file(path);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_GT(r->test_count(), 0u) << path;
    EXPECT_NE(r->family, nullptr);
  }
}

TEST(Loader, VendoredFilesOfAMissingDirectory) {
  auto r = vendored_files("/nonexistent/vectors");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problem, Problem::kUsage);
  EXPECT_NE(r.error().to_string().find("/nonexistent/vectors"), std::string::npos);
}

TEST(FileError, RendersLocation) {
  FileError e{Problem::kBadEncoding, "f.json", 3, 17, "iv", "not hex"};
  EXPECT_EQ(e.to_string(), "f.json: group 3, tcId 17, field 'iv': not hex (bad_encoding)");
  FileError bare{Problem::kNotJson, "f.json", {}, {}, {}, "not valid JSON"};
  EXPECT_EQ(bare.to_string(), "f.json: not valid JSON (not_json)");
}

}  // namespace
}  // namespace e2e::wycheproof
