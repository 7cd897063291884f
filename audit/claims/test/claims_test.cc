// compute_claims on synthetic runs: each reduction, the noticed flag,
// completeness, conditions, and every way evidence can be missing.
#include <gtest/gtest.h>

#include "claims/claims.h"
#include "synthetic.h"

namespace e2e::audit {
namespace {

using attacks::Verdict;
using nlohmann::json;

const ClaimResult& find(const std::vector<ClaimResult>& rs, const std::string& id) {
  for (const ClaimResult& r : rs) {
    if (r.claim->id == id) return r;
  }
  throw std::runtime_error("no claim " + id);
}

// one_claim: a registry of one claim of |kind| on |preset| with |evidence|.
Registry one_claim(const std::string& kind, const json& evidence, const std::string& preset = "eleven") {
  const std::string id = preset == "eleven" ? "ELEVEN-01" : preset == "arthas" ? "ARTHAS-01" : "PATTERNS-01";
  json doc{{"schema", "e2eproof-claims@2"},
           {"title", "t"},
           {"claims", json::array({json{{"id", id},
                                        {"document", {{"file", "f"}, {"section", "s"}}},
                                        {"preset", preset},
                                        {"kind", kind},
                                        {"statement", "s"},
                                        {"assumptions", json::array()},
                                        {"evidence", evidence}}})}};
  return test::parse_or_die(doc.dump());
}

json observation_ref(const std::string& variant, const std::string& name, const std::string& bears,
                     const std::string& qualifier = "") {
  json j{{"attack", "A01"}, {"variant", variant}, {"observation", name}, {"bears", bears}};
  if (!qualifier.empty()) j["qualifier"] = qualifier;
  return j;
}

// A01 on eleven with two variants: one the attacker wins silently, one an
// honest client warns about.
AuditInputs a01_run(uint64_t silent_decrypted = 5, uint64_t warned_decrypted = 3) {
  AuditInputs in = test::inputs();
  attacks::Outcome silent = test::outcome("A01", "silent", "eleven", Verdict::kBreaks, "added unseen");
  silent.observations.push_back(test::obs("attacker.decrypted", "", silent_decrypted, "ghost read the chat"));
  test::add_warnings(silent);
  attacks::Outcome warned = test::outcome("A01", "warned", "eleven", Verdict::kNoticed, "added, bob warned");
  warned.observations.push_back(test::obs("attacker.decrypted", "", warned_decrypted));
  test::add_warnings(warned, {{"roster_rejected", 2}});
  attacks::Outcome na = test::outcome("A01", "no-roster", "eleven", Verdict::kNotApplicable, "no roster");
  in.attacks->attacks.push_back({"A01", "Ghost member", {}});
  in.attacks->cells.push_back(attacks::Cell{"A01", "eleven", Verdict::kBreaks, {silent, warned, na}});
  return in;
}

ClaimOutcome verdict_of(const std::string& kind, const json& evidence, const AuditInputs& in) {
  const Registry reg = one_claim(kind, evidence);
  return compute_claims(reg, in)[0].outcome;
}

TEST(Claims, RefutesDirection) {
  const AuditInputs in = a01_run(5, 0);
  // refutes: present contradicts, recorded 0 supports.
  EXPECT_EQ(verdict_of("property", json::array({observation_ref("silent", "attacker.decrypted", "refutes")}), in),
            (ClaimOutcome{ClaimVerdict::kRefuted, false}));
  EXPECT_EQ(verdict_of("property", json::array({observation_ref("warned", "attacker.decrypted", "refutes")}), in),
            (ClaimOutcome{ClaimVerdict::kHolds, false}));
}

TEST(Claims, SupportsDirection) {
  const AuditInputs in = a01_run();
  // supports: present supports, recorded 0 contradicts.
  EXPECT_EQ(verdict_of("property",
                       json::array({observation_ref("warned", "client.warned", "supports", "roster_rejected")}), in),
            (ClaimOutcome{ClaimVerdict::kHolds, false}));
  EXPECT_EQ(verdict_of("property",
                       json::array({observation_ref("silent", "client.warned", "supports", "roster_rejected")}), in),
            (ClaimOutcome{ClaimVerdict::kRefuted, false}));
}

TEST(Claims, NoticedWhenTheContradictingVariantWarned) {
  const AuditInputs in = a01_run();
  const Registry reg = one_claim("property", json::array({observation_ref("warned", "attacker.decrypted", "refutes")}));
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_EQ(r.outcome, (ClaimOutcome{ClaimVerdict::kRefuted, true}));
  EXPECT_EQ(r.label(), "refuted (noticed)");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_TRUE(r.items[0].noticed);
  // The deciding observation first, then the warning that made it noticed.
  ASSERT_EQ(r.items[0].observations.size(), 2u);
  EXPECT_EQ(attacks::observation_key(r.items[0].observations[1]), "client.warned{roster_rejected}");
  // Not noticed as soon as one refuting reference was silent.
  EXPECT_EQ(verdict_of("property",
                       json::array({observation_ref("warned", "attacker.decrypted", "refutes"),
                                    observation_ref("silent", "attacker.decrypted", "refutes")}),
                       in),
            (ClaimOutcome{ClaimVerdict::kRefuted, false}));
  // A limit's row shows no "noticed": the admitted weakness not showing is
  // plain refuted, warnings or not.
  EXPECT_EQ(verdict_of("limit", json::array({observation_ref("warned", "attacker.decrypted", "refutes")}), in),
            (ClaimOutcome{ClaimVerdict::kRefuted, false}));
  // Supporting evidence is never "noticed".
  const Registry sup = one_claim("property", json::array({observation_ref("warned", "client.warned", "supports",
                                                                          "roster_rejected")}));
  EXPECT_FALSE(compute_claims(sup, in)[0].items[0].noticed);
}

TEST(Claims, NoticedNeedsAWarningAboveZero) {
  AuditInputs in = a01_run();
  // All five warnings recorded, all 0: a silent break.
  const Registry reg = one_claim("property", json::array({observation_ref("silent", "attacker.decrypted", "refutes")}));
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_FALSE(r.items[0].noticed);
  EXPECT_EQ(r.items[0].observations.size(), 1u);
}

TEST(Claims, EveryKindOnContradictingAndSupportingObservations) {
  const AuditInputs in = a01_run(5, 0);
  const json contra = json::array({observation_ref("silent", "attacker.decrypted", "refutes")});
  const json supp = json::array({observation_ref("warned", "attacker.decrypted", "refutes")});
  EXPECT_EQ(verdict_of("limit", contra, in).verdict, ClaimVerdict::kRefuted);
  EXPECT_EQ(verdict_of("limit", supp, in).verdict, ClaimVerdict::kDocumentedLimit);
  EXPECT_EQ(verdict_of("metadata", contra, in).verdict, ClaimVerdict::kRefuted);
  EXPECT_EQ(verdict_of("metadata", supp, in).verdict, ClaimVerdict::kHolds);
  EXPECT_EQ(verdict_of("consistency", contra, in).verdict, ClaimVerdict::kConsistencyFinding);
  EXPECT_EQ(verdict_of("consistency", supp, in).verdict, ClaimVerdict::kHolds);
  for (const char* k : {"property", "format", "operational"}) {
    SCOPED_TRACE(k);
    EXPECT_EQ(verdict_of(k, contra, in).verdict, ClaimVerdict::kRefuted);
    EXPECT_EQ(verdict_of(k, supp, in).verdict, ClaimVerdict::kHolds);
  }
}

TEST(Claims, ConditionMakesSupportConditional) {
  const AuditInputs in = a01_run(5, 0);
  json ref = observation_ref("warned", "attacker.decrypted", "refutes");
  ref["condition"] = "only while bob checks the roster";
  const Registry reg = one_claim("property", json::array({ref}));
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_EQ(r.verdict(), ClaimVerdict::kHoldsWithConditions);
  EXPECT_NE(r.reason.find("condition: only while bob checks the roster"), std::string::npos) << r.reason;
  EXPECT_NE(r.items[0].rule.find("(condition: only while bob checks the roster)"), std::string::npos);
  // A condition does not soften a contradiction.
  json bad = observation_ref("silent", "attacker.decrypted", "refutes");
  bad["condition"] = "c";
  EXPECT_EQ(verdict_of("property", json::array({bad}), in).verdict, ClaimVerdict::kRefuted);
  // A limit confirmed under a condition is still a documented limit.
  json lim = observation_ref("silent", "attacker.decrypted", "supports");
  lim["condition"] = "c";
  EXPECT_EQ(verdict_of("limit", json::array({lim}), in).verdict, ClaimVerdict::kDocumentedLimit);
}

TEST(Claims, NotApplicableVariantHasNoBearing) {
  const AuditInputs in = a01_run();
  const Registry reg =
      one_claim("property", json::array({observation_ref("no-roster", "attacker.decrypted", "refutes")}));
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_EQ(r.items[0].reduction, Reduction::kNoBearing);
  EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable);
  EXPECT_NE(r.reason.find("N/A"), std::string::npos) << r.reason;
}

// Every way evidence can be missing leaves a confirmation open, never holds.
TEST(Claims, MissingEvidenceIsNeverHolds) {
  const json good = observation_ref("warned", "attacker.decrypted", "refutes");
  struct Case {
    const char* name;
    json ref;
    std::function<void(AuditInputs&)> edit;
    const char* status;
  };
  const std::vector<Case> cases = {
      {"variant not recorded", observation_ref("renamed", "attacker.decrypted", "refutes"), [](AuditInputs&) {},
       "recorded no variant 'renamed'"},
      {"observation not recorded", observation_ref("warned", "client.accepted_forged", "refutes"),
       [](AuditInputs&) {}, "variant warned did not record client.accepted_forged"},
      {"attacks skipped", good, [](AuditInputs& in) { in.attacks.reset(); }, "attacks were skipped"},
      {"harness error", good,
       [](AuditInputs& in) {
         in.attacks->cells.pop_back();
         in.attacks->errors.push_back({"A01", "eleven", "driver died"});
       },
       "harness error: driver died"},
      {"not implemented", good,
       [](AuditInputs& in) {
         in.attacks->cells.pop_back();
         in.attacks->attacks.pop_back();
       },
       "attack A01 is not implemented yet"},
      {"preset not run", good, [](AuditInputs& in) { in.attacks->cells.pop_back(); },
       "preset eleven was not in this run"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AuditInputs in = a01_run(5, 0);
    c.edit(in);
    const Registry reg = one_claim("property", json::array({c.ref}));
    const ClaimResult r = compute_claims(reg, in)[0];
    EXPECT_EQ(r.items[0].reduction, Reduction::kMissing);
    EXPECT_NE(r.items[0].status.find(c.status), std::string::npos) << r.items[0].status;
    EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable);
    // With a second, supporting reference it is still not testable...
    const Registry two = one_claim("property", json::array({c.ref, good}));
    EXPECT_EQ(compute_claims(two, in)[0].verdict(), ClaimVerdict::kNotTestable);
  }
  // ...but one counterexample refutes whatever else is missing.
  AuditInputs in = a01_run(5, 0);
  const Registry reg = one_claim("property", json::array({observation_ref("renamed", "attacker.decrypted", "refutes"),
                                                          observation_ref("silent", "attacker.decrypted", "refutes")}));
  EXPECT_EQ(compute_claims(reg, in)[0].verdict(), ClaimVerdict::kRefuted);
}

// G03 on eleven: a metadata sweep over some categories.
AuditInputs g03_run(const std::vector<std::string>& looked, const std::map<std::string, uint64_t>& found,
                    Verdict v = Verdict::kDocumented) {
  AuditInputs in = test::inputs();
  attacks::Outcome o = test::outcome("G03", "metadata", "eleven", v, "database stolen");
  test::add_sweep(o, looked, found);
  in.attacks->attacks.push_back({"G03", "Database theft", {}});
  in.attacks->cells.push_back(attacks::Cell{"G03", "eleven", v, {o}});
  return in;
}

json completeness_ref(std::vector<std::string> list) {
  return json{{"attack", "G03"}, {"variant", "metadata"}, {"complete", list}};
}

std::vector<std::string> all_categories() {
  std::vector<std::string> out;
  for (const auto& c : attacks::metadata_categories()) out.emplace_back(c.name);
  return out;
}

TEST(Completeness, UnlookedCategoryIsNotTestableAndNamed) {
  const AuditInputs in = g03_run({"member-id", "chat-id", "display-name"}, {{"display-name", 3}});
  const Registry reg = one_claim("metadata", json::array({completeness_ref({"member-id", "chat-id", "display-name"})}));
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable);
  EXPECT_EQ(r.items[0].reduction, Reduction::kMissing);
  EXPECT_EQ(r.items[0].unlooked,
            (std::vector<std::string>{"timestamp", "size", "typing", "online-state", "ip-address"}));
  EXPECT_NE(r.reason.find("no sweep looked for timestamp, size, typing, online-state, ip-address"), std::string::npos)
      << r.reason;
}

TEST(Completeness, FoundOutsideTheListContradicts) {
  // Even with categories unlooked: one finding beyond the list is a counterexample.
  const AuditInputs in = g03_run({"member-id", "display-name", "timestamp"}, {{"display-name", 3}, {"timestamp", 9}});
  const json ref = json::array({completeness_ref({"member-id", "display-name"})});
  const Registry reg = one_claim("metadata", ref);
  const ClaimResult r = compute_claims(reg, in)[0];
  EXPECT_EQ(r.verdict(), ClaimVerdict::kRefuted);
  EXPECT_EQ(r.items[0].unlisted, (std::vector<std::string>{"timestamp"}));
  EXPECT_NE(r.items[0].status.find("metadata{timestamp} = 9"), std::string::npos) << r.items[0].status;
  // The same finding against a consistency claim is a consistency finding.
  EXPECT_EQ(verdict_of("consistency", ref, in).verdict, ClaimVerdict::kConsistencyFinding);
}

TEST(Completeness, EverythingLookedForAndOnlyListedFoundHolds) {
  const AuditInputs in = g03_run(all_categories(), {{"member-id", 2}, {"display-name", 3}});
  EXPECT_EQ(verdict_of("metadata", json::array({completeness_ref({"member-id", "chat-id", "display-name"})}), in),
            (ClaimOutcome{ClaimVerdict::kHolds, false}));
  // A listed category that was looked for and not found does not contradict.
  EXPECT_EQ(verdict_of("metadata", json::array({completeness_ref({"member-id", "display-name", "size"})}), in).verdict,
            ClaimVerdict::kHolds);
  // The cell's verdict plays no part: BREAKS or DOCUMENTED, the same result.
  const AuditInputs breaks = g03_run(all_categories(), {{"member-id", 2}}, Verdict::kBreaks);
  EXPECT_EQ(verdict_of("metadata", json::array({completeness_ref({"member-id"})}), breaks).verdict,
            ClaimVerdict::kHolds);
}

TEST(Checks, PassingChecksMakeAFormatClaimHold) {
  const Registry reg = test::registry();
  EXPECT_EQ(find(compute_claims(reg, test::inputs()), "ARTHAS-01").verdict(), ClaimVerdict::kHolds);
}

TEST(Checks, FailingVectorsRefuteAFormatClaim) {
  const Registry reg = test::registry();
  AuditInputs in = test::inputs();
  in.vectors->files[0].failed = 1;
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-01").verdict(), ClaimVerdict::kRefuted);
}

TEST(Checks, ReplayShownAgainRefutesArthas07) {
  const Registry reg = test::registry();
  const auto rs = compute_claims(reg, test::inputs());
  const ClaimResult& r = find(rs, "ARTHAS-07");
  EXPECT_EQ(r.outcome, (ClaimOutcome{ClaimVerdict::kRefuted, false}));
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].status, "client.accepted_replay = 1");
  EXPECT_EQ(r.items[0].reduction, Reduction::kContradicts);
  // The property demonstrates the weakness ("bears: refutes") and passed.
  EXPECT_EQ(r.items[1].reduction, Reduction::kContradicts);
  EXPECT_NE(r.reason.find("B01 v1-verbatim on arthas: client.accepted_replay: client.accepted_replay = 1"),
            std::string::npos)
      << r.reason;
}

TEST(Checks, NoEvidenceIsNotTestableWithTheReason) {
  const Registry reg = test::registry();
  const auto rs = compute_claims(reg, test::inputs());
  const ClaimResult& r = find(rs, "ARTHAS-12");
  EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable);
  EXPECT_EQ(r.reason, "no evidence yet: F04 harvest-now-decrypt-later");
}

TEST(Checks, SkippedAreasLeaveConfirmationsOpen) {
  const Registry reg = test::registry();
  AuditInputs in = test::inputs();
  in.vectors.reset();
  const ClaimResult r = find(compute_claims(reg, in), "ARTHAS-01");
  EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable);
  EXPECT_NE(r.reason.find("vectors were skipped"), std::string::npos) << r.reason;
  in.attacks.reset();
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-07").verdict(), ClaimVerdict::kRefuted);
  in.properties.reset();
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-07").verdict(), ClaimVerdict::kNotTestable);
}

// Mutant for "no claim reads a cell's verdict": flipping every cell verdict
// (and nothing else) must not change a single claim.
TEST(Claims, CellVerdictsAreNeverRead) {
  const Registry reg = test::registry();
  AuditInputs in = a01_run();
  const auto before = compute_claims(reg, in);
  for (attacks::Cell& c : in.attacks->cells) c.verdict = Verdict::kBlocked;
  const auto after = compute_claims(reg, in);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].outcome, after[i].outcome) << before[i].claim->id;
}

}  // namespace
}  // namespace e2e::audit
