// The committed registry (reports/claims/*.json) against the claims catalog
// (design/claims.md): every ELEVEN and ARTHAS id exactly once, the PATTERNS
// ids the hardened preset has evidence for, and every reference resolvable.
// These tests need the registry in e2eproof-claims@2 (the data is rewritten
// on its own branch); against @1 files they fail at load, by design.
#include <gtest/gtest.h>

#include <map>

#include "attacks/attack_spec.h"
#include "claims/claims.h"
#include "claims/registry.h"
#include "properties/suite.h"

namespace e2e::audit {
namespace {

std::vector<std::string> ids(const char* prefix, int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%02d", prefix, i);
    out.emplace_back(buf);
  }
  return out;
}

Registry shipped() {
  auto known = known_evidence_defaults(E2E_VECTORS_DIR);
  EXPECT_TRUE(known.ok()) << known.error();
  for (const std::string& id : properties::property_ids()) known->properties.insert(id);
  auto reg = load_registry(std::string(E2E_REPORTS_DIR) + "/claims", known.value());
  EXPECT_TRUE(reg.ok()) << reg.error();
  return reg.ok() ? std::move(reg).value() : Registry{};
}

TEST(ShippedRegistry, Loads) {
  const Registry reg = shipped();
  EXPECT_GE(reg.claims.size(), 34u + 2u);
  EXPECT_EQ(reg.files.size(), 3u);
}

TEST(ShippedRegistry, EveryCatalogIdExactlyOnce) {
  const Registry reg = shipped();
  std::map<std::string, int> count;
  for (const Claim& c : reg.claims) ++count[c.id];
  std::vector<std::string> expected = ids("ELEVEN", 17);
  for (const std::string& id : ids("ARTHAS", 17)) expected.push_back(id);
  expected.push_back("PATTERNS-15");
  expected.push_back("PATTERNS-17");
  for (const std::string& id : expected) EXPECT_EQ(count[id], 1) << id;
  for (const auto& [id, n] : count) EXPECT_EQ(n, 1) << id;
}

TEST(ShippedRegistry, EachPresetHasItsOwnDocument) {
  const std::map<std::string, std::string> doc = {{"eleven", "000_8963f613e7b6b407.txt"},
                                                  {"arthas", "001_73c9b3ca8dc8c276.txt"},
                                                  {"hardened", "003_0818a328784f31c2.txt"}};
  for (const Claim& c : shipped().claims) EXPECT_EQ(c.document, doc.at(c.preset)) << c.id;
}

// The evidence the issue names for the claims that can be tested today.
TEST(ShippedRegistry, NamedEvidence) {
  const Registry reg = shipped();
  auto has = [&](const std::string& id, EvidenceType t, const std::string& target, const std::string& preset = "") {
    const Claim* c = reg.find(id);
    if (c == nullptr) return false;
    for (const EvidenceRef& r : c->evidence) {
      if (r.type == t && r.target == target && (preset.empty() || r.preset == preset)) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("ARTHAS-01", EvidenceType::kWycheproof, "aes_gcm_test.json"));
  EXPECT_TRUE(has("ARTHAS-01", EvidenceType::kVectors, "envelope_arthas"));
  EXPECT_TRUE(has("ARTHAS-02", EvidenceType::kVectors, "share_code"));
  EXPECT_TRUE(has("ARTHAS-07", EvidenceType::kObservation, "B01", "arthas"));
  EXPECT_TRUE(has("ELEVEN-16", EvidenceType::kObservation, "A03", "eleven"));
  EXPECT_TRUE(has("ELEVEN-05", EvidenceType::kObservation, "A01", "eleven"));
  EXPECT_TRUE(has("ELEVEN-09", EvidenceType::kObservation, "A01", "eleven"));
  EXPECT_TRUE(has("ELEVEN-17", EvidenceType::kCompleteness, "G03", "eleven"));
  EXPECT_TRUE(has("ARTHAS-05", EvidenceType::kObservation, "G03", "arthas"));
  EXPECT_TRUE(has("PATTERNS-15", EvidenceType::kObservation, "B01", "hardened"));
  EXPECT_TRUE(has("PATTERNS-17", EvidenceType::kVectors, "frames"));
}

// The registry is the source of truth for the report: every claim an attack's
// documented limit or a property names must be there (PROTO-* ids are the
// protocol spec's, not a document's, and are not in the registry).
TEST(ShippedRegistry, EveryClaimAnAttackOrPropertyNamesExists) {
  const Registry reg = shipped();
  for (const attacks::AttackSpec* s : attacks::registered_attacks()) {
    EXPECT_FALSE(attacks::catalog_title(s->id).empty()) << s->id << " is not in the attack catalog";
    for (const auto& l : s->limits) EXPECT_NE(reg.find(l.claim), nullptr) << s->id << " names " << l.claim;
  }
  // Every rule a property names is a protocol rule (PROTO-*), never a claim:
  // claims cite properties, not the other way round.
  for (const properties::PropertyInfo& p : properties::property_catalog()) {
    for (const std::string& id : p.rules) EXPECT_EQ(id.rfind("PROTO-", 0), 0u) << p.id << " names " << id;
  }
}

// With nothing run, no claim may get a verdict other than not-testable: no
// verdict is ever written by hand.
TEST(ShippedRegistry, NothingRunMeansNothingConcluded) {
  const Registry reg = shipped();
  for (const ClaimResult& r : compute_claims(reg, AuditInputs{})) {
    EXPECT_EQ(r.verdict(), ClaimVerdict::kNotTestable) << r.claim->id;
    EXPECT_FALSE(r.reason.empty()) << r.claim->id;
  }
}

}  // namespace
}  // namespace e2e::audit
