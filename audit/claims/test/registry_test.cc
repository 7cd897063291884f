#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

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
  return json{{"schema", "e2eproof-claims@2"}, {"title", "t"}, {"claims", std::move(claims)}};
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

json observation(std::string variant = "v1-verbatim") {
  return json{{"attack", "B01"}, {"variant", variant}, {"observation", "client.accepted_replay"},
              {"bears", "refutes"}};
}

TEST(Registry, ParsesTheThreeForms) {
  json c = claim();
  json warned = observation();
  warned["observation"] = "client.warned";
  warned["qualifier"] = "duplicate";
  warned["bears"] = "supports";
  warned["preset"] = "hardened";
  warned["condition"] = "only when bob is online";
  c["evidence"] = json::array(
      {observation(), warned,
       json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", {"member-id", "display-name"}}, {"note", "n"}},
       json{{"property", "delivery/replay"}, {"preset", "hardened"}, {"bears", "refutes"}},
       json{{"wycheproof", "aes_gcm_test.json"}}});
  Registry r;
  auto ok = parse_registry_file(file_with(json::array({c})), "x.json", test::known(), r);
  ASSERT_TRUE(ok.ok()) << ok.error();
  const auto& ev = r.claims[0].evidence;
  ASSERT_EQ(ev.size(), 5u);
  EXPECT_EQ(ev[0].type, EvidenceType::kObservation);
  EXPECT_EQ(ev[0].target, "B01");
  EXPECT_EQ(ev[0].variant, "v1-verbatim");
  EXPECT_EQ(ev[0].observation, "client.accepted_replay");
  EXPECT_EQ(ev[0].preset, "arthas");  // the claim's preset unless said otherwise
  EXPECT_EQ(ev[0].bears, Bears::kRefutes);
  EXPECT_EQ(ev[1].qualifier, "duplicate");
  EXPECT_EQ(ev[1].preset, "hardened");
  EXPECT_EQ(ev[1].bears, Bears::kSupports);
  EXPECT_EQ(ev[1].condition, "only when bob is online");
  EXPECT_EQ(ev[2].type, EvidenceType::kCompleteness);
  EXPECT_EQ(ev[2].complete, (std::vector<std::string>{"member-id", "display-name"}));
  EXPECT_EQ(ev[2].note, "n");
  EXPECT_EQ(ev[3].type, EvidenceType::kProperty);
  EXPECT_EQ(ev[3].preset, "hardened");
  EXPECT_EQ(ev[3].bears, Bears::kRefutes);
  EXPECT_EQ(ev[4].type, EvidenceType::kWycheproof);
  EXPECT_EQ(ev[4].bears, Bears::kSupports);  // a check's default
  EXPECT_EQ(evidence_label(ev[1]), "B01 v1-verbatim on hardened: client.warned{duplicate}");
  EXPECT_EQ(evidence_label(ev[2]), "G03 metadata on arthas: complete [member-id, display-name]");
}

// The hook for the attack registry: once it says which variants an attack
// has, a reference to another is refused.
TEST(Registry, VariantNamesAreCheckedWhenKnown) {
  KnownEvidence k = test::known();
  json c = claim();
  c["evidence"] = json::array({observation("v9-nope")});
  Registry r;
  EXPECT_TRUE(parse_registry_file(file_with(json::array({c})), "x.json", k, r).ok());
  k.attack_variants["B01"] = {"v1-verbatim", "v3-after-restart"};
  Registry r2;
  auto res = parse_registry_file(file_with(json::array({c})), "x.json", k, r2);
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().detail.find("x.json: claim ARTHAS-02: evidence[0]: attack B01 has no variant 'v9-nope' "
                                    "(it has: v1-verbatim, v3-after-restart)"),
            std::string::npos)
      << res.error().detail;
  c["evidence"] = json::array({observation("v1-verbatim")});
  Registry r3;
  EXPECT_TRUE(parse_registry_file(file_with(json::array({c})), "x.json", k, r3).ok());
}

// A variant that never records the cited observation could never be
// evidence: the loader refuses the reference.
TEST(Registry, ObservationsAreCheckedAgainstWhatTheVariantRecords) {
  KnownEvidence k = test::known();
  k.attack_variants["B01"] = {"v1-verbatim"};
  k.variant_records[{"B01", "v1-verbatim"}] = {"client.warned{duplicate}"};
  json c = claim();
  c["evidence"] = json::array({observation("v1-verbatim")});
  Registry r;
  auto res = parse_registry_file(file_with(json::array({c})), "x.json", k, r);
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().detail.find("variant v1-verbatim of B01 never records"), std::string::npos)
      << res.error().detail;
  k.variant_records[{"B01", "v1-verbatim"}].insert("client.accepted_replay");
  Registry r2;
  EXPECT_TRUE(parse_registry_file(file_with(json::array({c})), "x.json", k, r2).ok());
}

// The shipped defaults know every implemented attack's variants and records.
TEST(Registry, DefaultsKnowTheRegisteredVariants) {
  auto k = known_evidence_defaults(E2E_VECTORS_DIR);
  ASSERT_TRUE(k.ok()) << k.error().to_string();
  ASSERT_TRUE(k->attack_variants.contains("B01"));
  EXPECT_TRUE(k->attack_variants.at("B01").contains("v1-verbatim"));
  EXPECT_TRUE(k->variant_records.at({"G03", "metadata"}).contains("sweep.looked_for{timestamp}"));
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
  auto with = [](std::function<void(json&)> edit_ref) {
    return [edit_ref](json& c) {
      json ref = observation();
      edit_ref(ref);
      c["evidence"] = json::array({ref});
    };
  };
  const std::vector<BadCase> cases = {
      {"unknown field", [](json& c) { c["verdict"] = "holds"; }, "x.json: claim ARTHAS-02: unknown field 'verdict'"},
      {"unknown kind", [](json& c) { c["kind"] = "opinion"; }, "x.json: claim ARTHAS-02: unknown kind 'opinion'"},
      {"unknown preset", [](json& c) { c["preset"] = "nope"; }, "claim ARTHAS-02: unknown preset 'nope'"},
      {"wrong prefix", [](json& c) { c["preset"] = "eleven"; }, "id must start with 'ELEVEN-'"},
      {"unknown attack", with([](json& r) { r["attack"] = "Z99"; }),
       "x.json: claim ARTHAS-02: evidence[0]: unknown attack 'Z99'"},
      {"missing variant", with([](json& r) { r.erase("variant"); }), "evidence[0]: missing field 'variant'"},
      {"empty variant", with([](json& r) { r["variant"] = ""; }), "'variant' must be a non-empty string"},
      {"unknown observation", with([](json& r) { r["observation"] = "attacker.smiled"; }),
       "x.json: claim ARTHAS-02: evidence[0]: unknown observation 'attacker.smiled'"},
      {"qualifier missing", with([](json& r) { r["observation"] = "metadata"; }),
       "evidence[0]: observation 'metadata' needs a 'qualifier'"},
      {"qualifier not taken", with([](json& r) { r["qualifier"] = "x"; }),
       "evidence[0]: observation 'client.accepted_replay' takes no 'qualifier'"},
      {"unknown category qualifier", with([](json& r) { r["observation"] = "metadata"; r["qualifier"] = "shoe-size"; }),
       "evidence[0]: unknown metadata category 'shoe-size'"},
      {"unknown warning kind", with([](json& r) { r["observation"] = "client.warned"; r["qualifier"] = "sneezed"; }),
       "evidence[0]: unknown warning kind 'sneezed'"},
      {"bears required", with([](json& r) { r.erase("bears"); }), "evidence[0]: missing field 'bears'"},
      {"bad bears", with([](json& r) { r["bears"] = "maybe"; }), "'bears' must be"},
      {"unknown preset on ref", with([](json& r) { r["preset"] = "nope"; }), "evidence[0]: unknown preset 'nope'"},
      {"unknown ref field", with([](json& r) { r["verdict"] = "BREAKS"; }), "evidence[0]: unknown field 'verdict'"},
      {"two forms", with([](json& r) { r["complete"] = json::array({"member-id"}); }), "needs exactly one of"},
      {"attack on a check", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"attack", "B01"}}}); },
       "needs exactly one of"},
      {"attack alone", [](json& c) { c["evidence"] = json::array({json{{"attack", "B01"}}}); }, "needs exactly one of"},
      {"unknown category", [](json& c) {
         c["evidence"] = json::array({json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", {"member-id", "mood"}}}});
       }, "x.json: claim ARTHAS-02: evidence[0]: unknown metadata category 'mood'"},
      {"empty completeness", [](json& c) {
         c["evidence"] = json::array({json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", json::array()}}});
       }, "evidence[0]: 'complete' is empty"},
      {"duplicate category", [](json& c) {
         c["evidence"] = json::array({json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", {"size", "size"}}}});
       }, "category 'size' listed twice"},
      {"bears on completeness", [](json& c) {
         c["evidence"] = json::array({json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", {"size"}}, {"bears", "refutes"}}});
       }, "evidence[0]: unknown field 'bears'"},
      {"unknown property", [](json& c) { c["evidence"] = json::array({json{{"property", "p/none"}}}); },
       "evidence[0]: unknown property 'p/none'"},
      {"unknown wycheproof", [](json& c) { c["evidence"] = json::array({json{{"wycheproof", "x_test.json"}}}); },
       "evidence[0]: unknown wycheproof 'x_test.json'"},
      {"unknown family", [](json& c) { c["evidence"] = json::array({json{{"vectors", "nope"}}}); },
       "evidence[0]: unknown vectors 'nope'"},
      {"two checks", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"wycheproof", "aes_gcm_test.json"}}}); },
       "needs exactly one of 'property', 'wycheproof', 'vectors'"},
      {"preset on vectors", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"preset", "arthas"}}}); },
       "'preset' applies only to property checks"},
      {"empty condition", [](json& c) { c["evidence"] = json::array({json{{"vectors", "share_code"}, {"condition", ""}}}); },
       "'condition' must be a non-empty string"},
      {"evidence not an object", [](json& c) { c["evidence"] = json::array({"B01"}); }, "evidence[0]: must be a JSON object"},
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
  // The retired format is refused with a message that says what to do.
  const std::string v1 = parse(json{{"schema", "e2eproof-claims@1"}, {"title", "t"}, {"claims", json::array({claim()})}});
  EXPECT_NE(v1.find("x.json: schema e2eproof-claims@1 is no longer read"), std::string::npos) << v1;
  EXPECT_NE(v1.find("rewrite the file to e2eproof-claims@2"), std::string::npos) << v1;
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
