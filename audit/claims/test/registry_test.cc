#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "claims/registry.h"
#include "synthetic.h"

namespace e2e::audit {
namespace {

using nlohmann::json;

json claim(const std::string& id = "ARTHAS-02") {
  return json{{"id", id},
              {"document", {{"file", "001.txt"}, {"section", "Key distribution"}}},
              {"preset", "arthas"},
              {"kind", "format"},
              {"statement", "The share code is the room id, a colon and the key."},
              {"assumptions", json::array()},
              {"evidence", json::array({json{{"vectors", "share_code"}}})}};
}

json file_with(json claims) {
  return json{{"schema", "e2eproof-claims@1"}, {"title", "t"}, {"claims", std::move(claims)}};
}

// parse returns the error detail, or "" when the file parsed.
std::string parse(const json& doc) {
  Registry r;
  auto res = parse_registry_file(doc, "x.json", test::known(), r);
  return res.ok() ? std::string() : res.error().detail;
}

std::string parse_claim(const json& c) { return parse(file_with(json::array({c}))); }

TEST(Registry, ParsesAClaim) {
  Registry r;
  ASSERT_TRUE(parse_registry_file(file_with(json::array({claim()})), "x.json", test::known(), r).ok());
  ASSERT_EQ(r.claims.size(), 1u);
  const Claim& c = r.claims[0];
  EXPECT_EQ(c.id, "ARTHAS-02");
  EXPECT_EQ(c.kind, Kind::kFormat);
  EXPECT_EQ(c.section, "Key distribution");
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0].type, EvidenceType::kVectors);
  EXPECT_EQ(c.evidence[0].bears, Bears::kSupports);
  EXPECT_EQ(c.registry_file, "x.json");
}

TEST(Registry, AttackAndPropertyEvidenceDefaultToTheClaimsPreset) {
  json c = claim();
  c["evidence"] = json::array({json{{"attack", "B01"}}, json{{"property", "delivery/replay"}, {"preset", "hardened"}}});
  Registry r;
  ASSERT_TRUE(parse_registry_file(file_with(json::array({c})), "x.json", test::known(), r).ok());
  EXPECT_EQ(r.claims[0].evidence[0].preset, "arthas");
  EXPECT_EQ(r.claims[0].evidence[1].preset, "hardened");
}

TEST(Registry, PresetAssumptionsAreQuotedByPhrase) {
  json c = claim();
  c["assumptions"] = json::array({json{{"preset", "no replay protection"}}, json{{"note", "mine"}}});
  Registry r;
  ASSERT_TRUE(parse_registry_file(file_with(json::array({c})), "x.json", test::known(), r).ok());
  ASSERT_EQ(r.claims[0].assumptions.size(), 2u);
  EXPECT_TRUE(r.claims[0].assumptions[0].from_preset);
  EXPECT_EQ(r.claims[0].assumptions[0].text.rfind("There is no replay protection", 0), 0u);
  EXPECT_FALSE(r.claims[0].assumptions[1].from_preset);
}

struct BadCase {
  const char* name;
  std::function<void(json&)> edit;
  const char* message;
};

TEST(Registry, LoaderErrorsNameFileAndClaim) {
  const std::vector<BadCase> cases = {
      {"unknown field", [](json& c) { c["verdict"] = "holds"; }, "x.json: claim ARTHAS-02: unknown field 'verdict'"},
      {"unknown kind", [](json& c) { c["kind"] = "opinion"; }, "x.json: claim ARTHAS-02: unknown kind 'opinion'"},
      {"unknown preset", [](json& c) { c["preset"] = "nope"; }, "claim ARTHAS-02: unknown preset 'nope'"},
      {"wrong prefix", [](json& c) { c["preset"] = "eleven"; }, "id must start with 'ELEVEN-'"},
      {"unknown attack", [](json& c) { c["evidence"] = json::array({json{{"attack", "Z99"}}}); },
       "x.json: claim ARTHAS-02: evidence[0]: unknown attack 'Z99'"},
      {"unknown property", [](json& c) { c["evidence"] = json::array({json{{"property", "p/none"}}}); },
       "evidence[0]: unknown property 'p/none'"},
      {"unknown wycheproof", [](json& c) { c["evidence"] = json::array({json{{"wycheproof", "x_test.json"}}}); },
       "evidence[0]: unknown wycheproof 'x_test.json'"},
      {"unknown family", [](json& c) { c["evidence"] = json::array({json{{"vectors", "nope"}}}); },
       "evidence[0]: unknown vectors 'nope'"},
      {"two targets", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"attack", "B01"}}}); },
       "needs exactly one of"},
      {"bears on attack", [](json& c) { c["evidence"] = json::array({json{{"attack", "B01"}, {"bears", "refutes"}}}); },
       "'bears' does not apply to attack evidence"},
      {"bad bears", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"bears", "maybe"}}}); },
       "'bears' must be"},
      {"preset on vectors", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"preset", "arthas"}}}); },
       "'preset' applies only to attack and property evidence"},
      {"no evidence, no reason", [](json& c) { c["evidence"] = json::array(); }, "add 'would_test'"},
      {"unmatched assumption", [](json& c) { c["assumptions"] = json::array({json{{"preset", "quantum"}}}); },
       "assumptions[0]: phrase 'quantum' matches no assumption of preset arthas"},
      {"ambiguous assumption", [](json& c) { c["assumptions"] = json::array({json{{"preset", "the"}}}); },
       "matches more than one assumption"},
      {"missing statement", [](json& c) { c.erase("statement"); }, "missing field 'statement'"},
      {"empty statement", [](json& c) { c["statement"] = ""; }, "'statement' must be a non-empty string"},
      {"unknown document field", [](json& c) { c["document"]["page"] = 3; },
       "claim ARTHAS-02: document: unknown field 'page'"},
  };
  for (const BadCase& bc : cases) {
    SCOPED_TRACE(bc.name);
    json c = claim();
    bc.edit(c);
    const std::string err = parse_claim(c);
    EXPECT_NE(err.find(bc.message), std::string::npos) << err;
  }
}

TEST(Registry, FileLevelErrors) {
  EXPECT_NE(parse(json{{"schema", "other@1"}, {"title", "t"}, {"claims", json::array({claim()})}}).find("unknown schema"),
            std::string::npos);
  EXPECT_NE(parse(file_with(json::array())).find("'claims' is empty"), std::string::npos);
  json extra = file_with(json::array({claim()}));
  extra["owner"] = "me";
  EXPECT_NE(parse(extra).find("x.json: unknown field 'owner'"), std::string::npos);
  EXPECT_NE(parse(file_with(json::array({claim(), claim()}))).find("claim ARTHAS-02: duplicate id"),
            std::string::npos);
  EXPECT_NE(parse(file_with(json::array({json{{"document", {}}}}))).find("claims[0]: missing field 'id'"),
            std::string::npos);
}

class RegistryDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("e2e_audit_registry_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::filesystem::path dir_;
};

TEST_F(RegistryDir, DuplicateAcrossFilesNamesBoth) {
  write("a.json", file_with(json::array({claim()})).dump());
  write("b.json", file_with(json::array({claim()})).dump());
  auto r = load_registry(dir_, test::known());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("b.json: claim ARTHAS-02: duplicate id (also in"), std::string::npos);
  EXPECT_NE(r.error().detail.find("a.json"), std::string::npos);
}

TEST_F(RegistryDir, NotJsonAndEmpty) {
  EXPECT_EQ(load_registry(dir_, test::known()).code(), Errc::kNotFound);
  write("a.json", "{ not json");
  auto r = load_registry(dir_, test::known());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kDecodeError);
  EXPECT_NE(r.error().detail.find("a.json: not valid JSON"), std::string::npos);
}

TEST_F(RegistryDir, LoadsFilesInNameOrder) {
  write("b.json", file_with(json::array({claim("ARTHAS-02")})).dump());
  write("a.json", file_with(json::array({claim("ARTHAS-01")})).dump());
  write("notes.txt", "ignored");
  auto r = load_registry(dir_, test::known());
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->claims.size(), 2u);
  EXPECT_EQ(r->claims[0].id, "ARTHAS-01");
  EXPECT_EQ(r->files.size(), 2u);
}

}  // namespace
}  // namespace e2e::audit
