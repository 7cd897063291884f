#include <gtest/gtest.h>

#include "claims/claims.h"
#include "synthetic.h"

namespace e2e::audit {
namespace {

const ClaimResult& find(const std::vector<ClaimResult>& rs, const std::string& id) {
  for (const ClaimResult& r : rs) {
    if (r.claim->id == id) return r;
  }
  throw std::runtime_error("no claim " + id);
}

TEST(Claims, BreaksRefutesAProperty) {
  const Registry reg = test::registry();
  const auto rs = compute_claims(reg, test::inputs());
  const ClaimResult& r = find(rs, "ARTHAS-07");
  EXPECT_EQ(r.verdict, ClaimVerdict::kRefuted);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].status, "BREAKS");
  EXPECT_EQ(r.items[0].signal, Signal::kBroken);
  // The property demonstrates the weakness ("bears: refutes") and passed.
  EXPECT_EQ(r.items[1].signal, Signal::kBroken);
  EXPECT_EQ(r.items[1].contribution, ClaimVerdict::kRefuted);
  EXPECT_NE(r.reason.find("B01 on arthas: BREAKS"), std::string::npos) << r.reason;
}

TEST(Claims, PassingChecksMakeAFormatClaimHold) {
  const Registry reg = test::registry();
  const auto rs = compute_claims(reg, test::inputs());
  EXPECT_EQ(find(rs, "ARTHAS-01").verdict, ClaimVerdict::kHolds);
}

TEST(Claims, FailingVectorsRefuteAFormatClaim) {
  const Registry reg = test::registry();
  AuditInputs in = test::inputs();
  in.vectors->files[0].failed = 1;
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-01").verdict, ClaimVerdict::kRefuted);
}

TEST(Claims, NoEvidenceIsNotTestableWithTheReason) {
  const Registry reg = test::registry();
  const auto rs = compute_claims(reg, test::inputs());
  const ClaimResult& r = find(rs, "ARTHAS-12");
  EXPECT_EQ(r.verdict, ClaimVerdict::kNotTestable);
  EXPECT_EQ(r.reason, "no evidence yet: F04 harvest-now-decrypt-later");
}

TEST(Claims, SkippedAreasLeaveConfirmationsOpen) {
  const Registry reg = test::registry();
  AuditInputs in = test::inputs();
  in.vectors.reset();
  const auto rs = compute_claims(reg, in);
  const ClaimResult& r = find(rs, "ARTHAS-01");
  EXPECT_EQ(r.verdict, ClaimVerdict::kNotTestable);
  EXPECT_NE(r.reason.find("vectors were skipped"), std::string::npos) << r.reason;
  // ...but a refutation needs only one counterexample.
  in.attacks.reset();
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-07").verdict, ClaimVerdict::kRefuted);
  in.properties.reset();
  EXPECT_EQ(find(compute_claims(reg, in), "ARTHAS-07").verdict, ClaimVerdict::kNotTestable);
}

TEST(Claims, EvaluateEachEvidenceState) {
  const AuditInputs in = test::inputs();
  auto eval = [&](EvidenceType t, const std::string& target, const std::string& preset, Kind k) {
    return evaluate(EvidenceRef{t, target, preset, Bears::kSupports, ""}, k, in);
  };
  EXPECT_EQ(eval(EvidenceType::kAttack, "B01", "hardened", Kind::kProperty).contribution, ClaimVerdict::kHolds);
  EXPECT_EQ(eval(EvidenceType::kAttack, "A03", "eleven", Kind::kLimit).contribution, ClaimVerdict::kDocumentedLimit);
  const ItemResult na = eval(EvidenceType::kAttack, "A03", "arthas", Kind::kProperty);
  EXPECT_TRUE(na.produced);
  EXPECT_FALSE(na.contribution.has_value());
  const ItemResult err = eval(EvidenceType::kAttack, "B01", "eleven", Kind::kProperty);
  EXPECT_FALSE(err.produced);
  EXPECT_NE(err.status.find("harness error"), std::string::npos);
  EXPECT_NE(eval(EvidenceType::kAttack, "G03", "eleven", Kind::kProperty).status.find("not implemented yet"),
            std::string::npos);
  EXPECT_NE(eval(EvidenceType::kAttack, "A03", "hardened", Kind::kProperty).status.find("not in this run"),
            std::string::npos);
  EXPECT_EQ(eval(EvidenceType::kVectors, "envelope_arthas", "", Kind::kFormat).contribution, ClaimVerdict::kRefuted);
  EXPECT_FALSE(eval(EvidenceType::kProperty, "delivery/replay", "hardened", Kind::kProperty).produced);
}

TEST(Claims, AllNotApplicableIsNotTestable) {
  Registry reg;
  nlohmann::json doc = nlohmann::json::parse(R"({"schema": "e2eproof-claims@1", "title": "t", "claims": [
    {"id": "ARTHAS-09", "document": {"file": "f", "section": "s"}, "preset": "arthas", "kind": "property",
     "statement": "s", "assumptions": [], "evidence": [{"attack": "A03"}]}]})");
  ASSERT_TRUE(parse_registry_file(doc, "n.json", test::known(), reg).ok());
  const ClaimResult r = compute_claims(reg, test::inputs())[0];
  EXPECT_EQ(r.verdict, ClaimVerdict::kNotTestable);
  EXPECT_NE(r.reason.find("N/A"), std::string::npos);
}

}  // namespace
}  // namespace e2e::audit
