// Error paths of the strict loader: each malformed file is refused
// (kMalformedFile) with the file, group, tcId and field named.
#include <gtest/gtest.h>

#include <sstream>

#include "verify/test/test_util.h"
#include "verify/vectors.h"

namespace e2e::vectors {
namespace {

Json good_template() {
  return Json::parse(R"({
    "schema": "e2eproof-vectors/padding@1", "generator": "test", "source": "docs/PROTOCOL.md v1",
    "numberOfTests": 2, "notes": {"Bucket": "b", "BadPadding": "p"},
    "testGroups": [ {"op": "unpad", "tests": [
      {"tcId": 1, "comment": "ok", "flags": ["Bucket"], "result": "valid",
       "padded": "PADDED",
       "msg": "aa"},
      {"tcId": 2, "comment": "empty", "flags": ["BadPadding"], "result": "invalid", "padded": "",
       "error": "E2E_ERR_DECODE"} ]} ]})");
}

Json good() {
  Json d = good_template();
  d["testGroups"][0]["tests"][0]["padded"] = "aa80" + std::string(254 * 2, '0');
  return d;
}

std::string malformed_message(const Json& doc, const std::string& name) {
  const auto p = test::write_temp(name, doc.dump());
  auto r = verify_file(p);
  if (r.ok() || r.code() != kMalformedFile) return "";
  return r.error().detail;
}

TEST(VectorsLoader, GoodFilePasses) {
  const auto p = test::write_temp("good.json", good().dump());
  const FileResult r = verify_file(p).value();
  EXPECT_EQ(r.tests, 2u);
  EXPECT_EQ(r.passed, 2u);
  std::ostringstream out, err;
  EXPECT_EQ(run({p}, out, err), 0) << out.str() << err.str();
}

TEST(VectorsLoader, UnknownTopLevelField) {
  Json d = good();
  d["extra"] = 1;
  EXPECT_NE(malformed_message(d, "top.json").find("top.json, field 'extra'"), std::string::npos);
}

TEST(VectorsLoader, UnknownTestField) {
  Json d = good();
  d["testGroups"][0]["tests"][1]["msgs"] = "00";  // not a field of the padding family
  EXPECT_NE(malformed_message(d, "tf.json").find("tf.json: group 0, tcId 2, field 'msgs'"), std::string::npos);
}

TEST(VectorsLoader, AWronglyTypedFieldIsRefusedBeforeAnyCheck) {
  Json d = good();
  d["testGroups"][0]["tests"][1]["padded"] = 5;
  EXPECT_NE(malformed_message(d, "ty.json").find("ty.json: group 0, tcId 2, field 'padded'"), std::string::npos);
}

TEST(VectorsLoader, UnknownGroupField) {
  Json d = good();
  d["testGroups"][0]["keySize"] = 256;
  EXPECT_NE(malformed_message(d, "gf.json").find("group 0, field 'keySize'"), std::string::npos);
}

TEST(VectorsLoader, MissingField) {
  Json d = good();
  d["testGroups"][0]["tests"][0].erase("msg");
  EXPECT_NE(malformed_message(d, "mf.json").find("tcId 1, field 'msg': missing"), std::string::npos);
}

TEST(VectorsLoader, BadHexAndUppercaseHex) {
  Json d = good();
  d["testGroups"][0]["tests"][0]["msg"] = "zz";
  EXPECT_NE(malformed_message(d, "bh.json").find("tcId 1, field 'msg'"), std::string::npos);
  d["testGroups"][0]["tests"][0]["msg"] = "AA";
  EXPECT_NE(malformed_message(d, "uh.json").find("lowercase"), std::string::npos);
}

TEST(VectorsLoader, UnknownFamilyAndSchema) {
  Json d = good();
  d["schema"] = "e2eproof-vectors/nosuch@1";
  EXPECT_NE(malformed_message(d, "uf.json").find("unknown family"), std::string::npos);
  d["schema"] = "e2eproof-vectors/padding@2";
  EXPECT_NE(malformed_message(d, "v2.json").find("field 'schema'"), std::string::npos);
}

TEST(VectorsLoader, CountsIdsFlagsResults) {
  Json d = good();
  d["numberOfTests"] = 3;
  EXPECT_NE(malformed_message(d, "n.json").find("numberOfTests"), std::string::npos);
  d = good();
  d["testGroups"][0]["tests"][1]["tcId"] = 1;
  EXPECT_NE(malformed_message(d, "dup.json").find("duplicate"), std::string::npos);
  d = good();
  d["testGroups"][0]["tests"][0]["flags"] = {"NoSuchFlag"};
  EXPECT_NE(malformed_message(d, "fl.json").find("NoSuchFlag"), std::string::npos);
  d = good();
  d["testGroups"][0]["tests"][0]["result"] = "maybe";
  EXPECT_NE(malformed_message(d, "res.json").find("field 'result'"), std::string::npos);
  d = good();
  d["testGroups"][0]["tests"][1]["error"] = "E2E_ERR_NOPE";
  EXPECT_NE(malformed_message(d, "err.json").find("field 'error'"), std::string::npos);
  d = good();
  d["testGroups"][0]["tests"][0]["error"] = "E2E_ERR_DECODE";
  EXPECT_NE(malformed_message(d, "verr.json").find("only invalid"), std::string::npos);
}

TEST(VectorsLoader, NotJsonAndMissingFile) {
  const auto p = test::write_temp("notjson.json", "{");
  EXPECT_EQ(verify_file(p).code(), kMalformedFile);
  EXPECT_EQ(verify_file("/nonexistent/x.json").code(), kUnreadableFile);
  std::ostringstream out, err;
  EXPECT_EQ(run({p}, out, err), 2);
  EXPECT_NE(err.str().find("notjson.json"), std::string::npos);
  EXPECT_EQ(run({"/nonexistent/x.json"}, out, err), 2);
}

TEST(VectorsLoader, WrongErrorCodeFails) {
  Json d = good();
  d["testGroups"][0]["tests"][1]["error"] = "E2E_ERR_AUTH_FAILED";
  const auto p = test::write_temp("wrongcode.json", d.dump());
  EXPECT_EQ(verify_file(p).value().failed, 1u);
  std::ostringstream out, err;
  EXPECT_EQ(run({p}, out, err), 1);
}

// A runner that cannot ask its implementation (a dead adapter) makes the file
// a harness failure: not a malformed file, not a failed case, and no throw.
TEST(VectorsLoader, DeadRunnerIsAHarnessFailureNotAVerdict) {
  Implementation dead = reference_implementation();
  dead.run = [](std::string_view, const Json&) -> Result<Json> {
    throw HarnessError("adapter exited");
  };
  auto r = verify_doc(good(), "dead.json", dead);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), kHarnessFailed);
  EXPECT_NE(r.error().detail.find("adapter exited"), std::string::npos) << r.error().detail;
  const auto p = test::write_temp("dead.json", good().dump());
  std::ostringstream out, err;
  EXPECT_EQ(run({p}, out, err, dead), 3);
  EXPECT_NE(err.str().find("adapter exited"), std::string::npos) << err.str();
  // The malformed-file code stays distinct from the harness one.
  EXPECT_NE(kHarnessFailed, kMalformedFile);
  EXPECT_NE(kHarnessFailed, kUnreadableFile);
}

}  // namespace
}  // namespace e2e::vectors

namespace e2e::vectors {
namespace {

// Recorded randomness that does not fit the construction (an 11-byte IV
// where 12 are drawn, or one value too many) is refused as invalid input:
// an adapter answers inputs it did not choose and must not abort.
TEST(VectorOps, RecordedRandomnessThatDoesNotFitIsRefusedNotFatal) {
  const Json payload = {{"name", "Alice"}, {"text", "hi"}};
  const std::string key(64, '1');
  auto short_iv = run_reference_op("eleven_seal", {{"chatKey", key}, {"iv", std::string(22, '0')}, {"payload", payload}});
  ASSERT_FALSE(short_iv.ok());
  EXPECT_EQ(short_iv.code(), Errc::kInvalidArgument);
  auto fine = run_reference_op("eleven_seal", {{"chatKey", key}, {"iv", std::string(24, '0')}, {"payload", payload}});
  ASSERT_TRUE(fine.ok()) << fine.error();
  EXPECT_TRUE(fine->contains("body"));
}

}  // namespace
}  // namespace e2e::vectors
