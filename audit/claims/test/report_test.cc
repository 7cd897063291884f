#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "claims/report.h"
#include "claims/summary.h"
#include "synthetic.h"

namespace e2e::audit {
namespace {

using nlohmann::json;

struct Written {
  std::string md, js, xml;
};

Written write_all(const AuditInputs& in) {
  static const Registry reg = test::registry();
  const auto claims = compute_claims(reg, in);
  std::ostringstream md, js, xml;
  write_report_md(md, reg, in, claims);
  write_results_json(js, reg, in, claims);
  write_junit_xml(xml, in, claims);
  return {md.str(), js.str(), xml.str()};
}

TEST(Report, ResultsJsonHasEveryCellWithEvidence) {
  const json j = json::parse(write_all(test::inputs()).js);
  EXPECT_EQ(j["schema"], "e2eproof/audit-results@2");
  const json& cells = j["matrix"]["cells"];
  ASSERT_EQ(cells.size(), 5u);  // 4 cells + 1 harness error
  // Catalog order (A03 before B01), then preset order.
  EXPECT_EQ(cells[0]["attack"], "A03");
  EXPECT_EQ(cells[0]["preset"], "arthas");
  EXPECT_EQ(cells[0]["verdict"], "N/A");
  EXPECT_EQ(cells[1]["verdict"], "DOCUMENTED");
  EXPECT_EQ(cells[2]["attack"], "B01");
  EXPECT_EQ(cells[2]["verdict"], "BREAKS");
  ASSERT_EQ(cells[2]["evidence"].size(), 2u);
  EXPECT_EQ(cells[2]["evidence"][1]["variant"], "v3-restart");
  EXPECT_EQ(cells[2]["evidence"][0]["evidence"]["attacker"]["decrypted"], true);
  EXPECT_EQ(cells[3]["verdict"], "ERROR");
  EXPECT_EQ(cells[4]["verdict"], "BLOCKED");
  for (const json& c : cells) {
    EXPECT_TRUE(c.contains("attack") && c.contains("preset") && c.contains("verdict") && c.contains("evidence"));
  }
  ASSERT_EQ(j["claims"].size(), 3u);
  EXPECT_EQ(j["claims"][0]["id"], "ARTHAS-07");
  EXPECT_EQ(j["claims"][0]["verdict"], "refuted");
  EXPECT_EQ(j["claims"][0]["noticed"], false);
  EXPECT_EQ(j["claims"][0]["verdict_label"], "refuted");
  const json& e0 = j["claims"][0]["evidence"][0];
  EXPECT_EQ(e0["label"], "B01 v1-verbatim on arthas: client.accepted_replay");
  EXPECT_EQ(e0["type"], "observation");
  EXPECT_EQ(e0["attack"], "B01");
  EXPECT_EQ(e0["variant"], "v1-verbatim");
  EXPECT_EQ(e0["key"], "client.accepted_replay");
  EXPECT_EQ(e0["bears"], "refutes");
  EXPECT_EQ(e0["reduction"], "contradicts");
  EXPECT_EQ(e0["contribution"], "refuted");
  ASSERT_EQ(e0["observations"].size(), 1u);
  EXPECT_EQ(e0["observations"][0]["count"], 1);
  EXPECT_EQ(e0["observations"][0]["detail"], "bob showed the captured message twice");
  EXPECT_EQ(j["claims"][0]["evidence"][1]["bears"], "refutes");
  EXPECT_EQ(j["claims"][0]["evidence"][1]["property"], "delivery/replay");
  // The matrix keeps every variant's observations too.
  EXPECT_EQ(cells[2]["evidence"][0]["observations"][0]["key"], "client.accepted_replay");
  EXPECT_EQ(j["summary"]["cells_by_verdict"]["BREAKS"], 1);
  EXPECT_EQ(j["summary"]["failed"], true);  // a vector failure and a harness error
  EXPECT_EQ(j["wycheproof"]["files"][0]["tests"], 316);
  EXPECT_EQ(j["properties"]["results"][0]["id"], "delivery/replay");
}

TEST(Report, SkippedAreasAreNull) {
  AuditInputs in = test::inputs();
  in.attacks.reset();
  in.properties.reset();
  const json j = json::parse(write_all(in).js);
  EXPECT_TRUE(j["matrix"].is_null());
  EXPECT_TRUE(j["properties"].is_null());
  EXPECT_FALSE(j["wycheproof"].is_null());
}

TEST(Report, MarkdownHasTheMatrixAndTheClaims) {
  const std::string md = write_all(test::inputs()).md;
  EXPECT_NE(md.find("| attack | title | arthas | eleven | hardened |"), std::string::npos) << md;
  EXPECT_NE(md.find("| B01 | Replay of a captured message | [BREAKS](#cell-b01-arthas) | [ERROR](#cell-b01-eleven) | "
                    "[BLOCKED](#cell-b01-hardened) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| A03 | Directory key substitution | [N/A](#cell-a03-arthas) | [DOCUMENTED](#cell-a03-eleven) | – |"),
            std::string::npos);
  EXPECT_NE(md.find("### Synthetic <doc> & co"), std::string::npos);
  EXPECT_NE(md.find("Replay is low risk \\| because of the IV"), std::string::npos);  // '|' escaped
  EXPECT_NE(md.find("**refuted**"), std::string::npos);
  EXPECT_NE(md.find("no evidence yet: F04"), std::string::npos);
  EXPECT_NE(md.find("<a id=\"cell-b01-arthas\"></a>B01 on arthas: BREAKS"), std::string::npos);
  EXPECT_NE(md.find("  - observations: client.accepted_replay = 1, client.warned{key_changed} = 0"),
            std::string::npos) << md;
  // Per claim, the observation that decided it, not only the cell.
  EXPECT_NE(md.find("| [ARTHAS-07](#claim-arthas-07) | [B01](#cell-b01-arthas) | arthas | v1-verbatim | "
                    "`client.accepted_replay` | 1 | bob showed the captured message twice | refutes | contradicts | "
                    "refuted |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| [ARTHAS-07](#claim-arthas-07) | property delivery/replay | arthas | – | – | – | "
                    "passed (10 cases) | refutes | contradicts | refuted |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## How claim verdicts are computed"), std::string::npos);
  EXPECT_NE(md.find(rules_markdown()), std::string::npos);
  EXPECT_NE(md.find("results.json `e2eproof/audit-results@2`"), std::string::npos);
  EXPECT_NE(md.find("## Assumptions"), std::string::npos);
  EXPECT_NE(md.find("- ARTHAS-07: a note & more"), std::string::npos);
  EXPECT_NE(md.find("Reproduce: `e2eproof audit --seed 7`"), std::string::npos);
}

TEST(Report, DeterministicForEqualInputs) {
  const Written a = write_all(test::inputs());
  const Written b = write_all(test::inputs());
  EXPECT_EQ(a.md, b.md);
  EXPECT_EQ(a.js, b.js);
  EXPECT_EQ(a.xml, b.xml);
}

// A minimal well-formedness check (the CTest e2e_audit_junit_parse runs a real
// XML parser over the same document): tags balance, no raw '&' or '<' in text.
void expect_balanced(const std::string& x) {
  std::vector<std::string> stack;
  size_t i = x.find("?>") + 2;
  while ((i = x.find('<', i)) != std::string::npos) {
    const size_t end = x.find('>', i);
    ASSERT_NE(end, std::string::npos);
    std::string tag = x.substr(i + 1, end - i - 1);
    ASSERT_EQ(tag.find('<'), std::string::npos) << "raw '<' near " << x.substr(i, 80);
    if (tag.back() == '/') {
      // empty element
    } else if (tag.front() == '/') {
      ASSERT_FALSE(stack.empty());
      EXPECT_EQ(stack.back(), tag.substr(1));
      stack.pop_back();
    } else {
      stack.push_back(tag.substr(0, tag.find(' ')));
    }
    i = end + 1;
  }
  EXPECT_TRUE(stack.empty());
  for (size_t p = x.find('&'); p != std::string::npos; p = x.find('&', p + 1)) {
    const std::string rest = x.substr(p, 6);
    EXPECT_TRUE(rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0 ||
                rest.rfind("&quot;", 0) == 0 || rest.rfind("&apos;", 0) == 0)
        << rest;
  }
}

TEST(Report, JunitFindingsPassFailuresFail) {
  const std::string x = write_all(test::inputs()).xml;
  expect_balanced(x);
  EXPECT_NE(x.find("<testsuite name=\"attacks\" tests=\"5\" failures=\"0\" errors=\"1\""), std::string::npos) << x;
  EXPECT_NE(x.find("<property name=\"verdict\" value=\"BREAKS\"/>"), std::string::npos);
  EXPECT_NE(x.find("<testsuite name=\"vectors\" tests=\"2\" failures=\"1\" errors=\"0\""), std::string::npos);
  EXPECT_NE(x.find("accepted a &quot;changed&quot; &lt;iv&gt;"), std::string::npos);
  EXPECT_NE(x.find("<error message=\"harness error: driver died: &lt;eof&gt;\"/>"), std::string::npos);
  EXPECT_NE(x.find("<testsuite name=\"claims\" tests=\"3\" failures=\"0\" errors=\"0\""), std::string::npos);
}

TEST(Report, JunitSkippedAreas) {
  AuditInputs in = test::inputs();
  in.attacks.reset();
  const std::string x = write_all(in).xml;
  expect_balanced(x);
  EXPECT_NE(x.find("<skipped message=\"skipped with --skip attacks\"/>"), std::string::npos);
}

TEST(Report, InvalidUtf8AndControlCharactersAreReplaced) {
  AuditInputs in = test::inputs();
  in.attacks->cells[1].variants[0].summary = std::string("bad \xff\xfe byte \x01 and \xe2\x9c\x93 ok");
  const Written w = write_all(in);
  EXPECT_NE(w.xml.find("bad ?? byte ? and \xe2\x9c\x93 ok"), std::string::npos);
  EXPECT_TRUE(json::accept(w.js));
}

// Writes the synthetic junit.xml where E2E_AUDIT_JUNIT_OUT says, for the
// CTest that parses it with an independent XML parser.
TEST(Report, WritesSyntheticJunitFile) {
  const char* path = std::getenv("E2E_AUDIT_JUNIT_OUT");
  if (path == nullptr) GTEST_SKIP() << "E2E_AUDIT_JUNIT_OUT not set";
  AuditInputs in = test::inputs();
  in.attacks->cells[1].variants[0].summary = std::string("ctl \x01 & <x> \xff");
  std::ofstream(path) << write_all(in).xml;
  SUCCEED();
}

TEST(Report, WriteReportsCreatesTheThreeFiles) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("e2e_audit_out_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  const Registry reg = test::registry();
  const AuditInputs in = test::inputs();
  ASSERT_TRUE(write_reports(dir / "nested", reg, in, compute_claims(reg, in)).ok());
  for (const char* f : {"REPORT.md", "results.json", "junit.xml"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(dir / "nested" / f)) << f;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace e2e::audit
