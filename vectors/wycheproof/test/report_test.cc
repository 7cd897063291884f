// Accounting, exit codes, the text table and the JSON report.
#include "wycheproof/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace e2e::wycheproof {
namespace {

FileReport sample(std::string name, size_t pass, size_t fail) {
  FileReport r;
  r.file = name;
  r.algorithm = "AES-GCM";
  r.tests = pass + fail;
  r.passed = r.valid_passed = pass;
  r.failed = r.valid_failed = fail;
  for (size_t i = 0; i < fail; ++i) {
    r.failures.push_back({static_cast<int64_t>(i + 1),
                          "c",
                          {"Ktv"},
                          {"BASIC"},
                          Expected::kValid,
                          "seal output differs"});
  }
  return r;
}

TEST(Report, ExitCodes) {
  RunReport run;
  EXPECT_EQ(run.exit_code(), 0);
  run.files.push_back(sample("a.json", 3, 0));
  EXPECT_EQ(run.exit_code(), 0);
  run.files.push_back(sample("b.json", 2, 1));
  EXPECT_EQ(run.exit_code(), 1);
  run.errors.push_back({Problem::kNotJson, "c.json", {}, {}, {}, "not valid JSON"});
  EXPECT_EQ(run.exit_code(), 2);
}

TEST(Report, RecordCountsAcceptablePerFlag) {
  VectorFile file;
  file.bug_types = {{"Twist", "EDGE_CASE"}, {"LowOrder", "LEGACY"}};
  FileReport r;
  TestCase t;
  t.result = Expected::kAcceptable;
  t.flags = {"Twist"};
  r.record(file, t, CaseVerdict{true, true, {}});
  r.record(file, t, CaseVerdict{true, false, {}});
  t.flags = {"Twist", "LowOrder"};
  t.tc_id = 9;
  r.record(file, t, CaseVerdict{false, true, "x25519 accepted with a wrong output"});
  EXPECT_EQ(r.tests, 3u);
  EXPECT_EQ(r.passed, 2u);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.acceptable_accepted, 2u);
  EXPECT_EQ(r.acceptable_rejected, 1u);
  EXPECT_EQ(r.acceptable_failed, 1u);
  EXPECT_EQ(r.acceptable_by_flag["Twist"].accepted, 2u);
  EXPECT_EQ(r.acceptable_by_flag["Twist"].rejected, 1u);
  EXPECT_EQ(r.acceptable_by_flag["LowOrder"].accepted, 1u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].tc_id, 9);
  EXPECT_EQ(r.failures[0].bug_types, (std::vector<std::string>{"EDGE_CASE", "LEGACY"}));
}

TEST(Report, TableHasARowPerFileAndATotal) {
  RunReport run;
  run.files.push_back(sample("aes_gcm_test.json", 3, 0));
  run.files.push_back(sample("b.json", 2, 1));
  std::ostringstream out;
  print_table(run, out);
  std::string s = out.str();
  EXPECT_NE(s.find("aes_gcm_test.json"), std::string::npos);
  EXPECT_NE(s.find("acc.accepted"), std::string::npos);
  EXPECT_NE(s.find("total"), std::string::npos);
  std::ostringstream details;
  print_details(run, details);
  EXPECT_NE(details.str().find("b.json tcId 1 [valid; Ktv] \"c\": seal output differs"),
            std::string::npos)
      << details.str();
}

TEST(Report, JsonCarriesCountsFlagsFailuresAndErrors) {
  RunReport run;
  run.files.push_back(sample("b.json", 2, 1));
  run.files[0].acceptable_by_flag["Twist"] = {4, 1};
  run.errors.push_back({Problem::kDuplicateTcId, "c.json", 0, 5, "tcId", "duplicate tcId"});
  auto doc = nlohmann::json::parse(report_json(run, "9.9"));
  EXPECT_EQ(doc["schema"], "e2eproof/wycheproof-report@1");
  EXPECT_EQ(doc["exit_code"], 2);
  EXPECT_EQ(doc["total"]["tests"], 3);
  const auto& f = doc["files"][0];
  EXPECT_EQ(f["failed"], 1);
  EXPECT_EQ(f["valid"]["failed"], 1);
  EXPECT_EQ(f["acceptable_by_flag"]["Twist"]["accepted"], 4);
  EXPECT_EQ(f["failures"][0]["tcId"], 1);
  EXPECT_EQ(f["failures"][0]["flags"][0], "Ktv");
  const auto& e = doc["errors"][0];
  EXPECT_EQ(e["problem"], "duplicate_tc_id");
  EXPECT_EQ(e["tcId"], 5);
  EXPECT_EQ(e["group"], 0);
  EXPECT_EQ(e["field"], "tcId");
  EXPECT_EQ(e["code"], "E2E_ERR_DECODE");
}

}  // namespace
}  // namespace e2e::wycheproof
