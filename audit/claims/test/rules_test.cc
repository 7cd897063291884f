#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "claims/rules.h"

namespace e2e::audit {
namespace {

using V = ClaimVerdict;

TEST(Rules, TableHasEveryKindOnce) {
  std::set<int> seen;
  for (const Rule& r : rule_table()) {
    EXPECT_TRUE(seen.insert(static_cast<int>(r.kind)).second) << kind_name(r.kind) << " twice";
    EXPECT_FALSE(r.why_contradicts.empty());
    EXPECT_FALSE(r.why_supports.empty());
  }
  EXPECT_EQ(seen.size(), kinds().size());
}

// The whole table of docs/EVIDENCE.md §3, spelled out: a change to a rule
// must change this test.
TEST(Rules, EveryKindTimesEveryReduction) {
  struct Row {
    Kind kind;
    V contradicts;
    bool noticed_shown;
    V supports, with_condition;
  };
  const Row rows[] = {
      {Kind::kProperty, V::kRefuted, true, V::kHolds, V::kHoldsWithConditions},
      {Kind::kLimit, V::kRefuted, false, V::kDocumentedLimit, V::kDocumentedLimit},
      {Kind::kMetadata, V::kRefuted, false, V::kHolds, V::kHoldsWithConditions},
      {Kind::kFormat, V::kRefuted, true, V::kHolds, V::kHoldsWithConditions},
      {Kind::kOperational, V::kRefuted, true, V::kHolds, V::kHoldsWithConditions},
      {Kind::kConsistency, V::kConsistencyFinding, false, V::kHolds, V::kHoldsWithConditions},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(kind_name(row.kind));
    EXPECT_EQ(contribution(row.kind, Reduction::kContradicts, false, false), (Contribution{row.contradicts, false}));
    EXPECT_EQ(contribution(row.kind, Reduction::kContradicts, true, false),
              (Contribution{row.contradicts, row.noticed_shown}));
    // A condition limits support only; it does not soften a contradiction.
    EXPECT_EQ(contribution(row.kind, Reduction::kContradicts, false, true), (Contribution{row.contradicts, false}));
    EXPECT_EQ(contribution(row.kind, Reduction::kSupports, false, false), (Contribution{row.supports, false}));
    EXPECT_EQ(contribution(row.kind, Reduction::kSupports, true, false), (Contribution{row.supports, false}));
    EXPECT_EQ(contribution(row.kind, Reduction::kSupports, false, true), (Contribution{row.with_condition, false}));
    for (bool n : {false, true}) {
      for (bool c : {false, true}) {
        EXPECT_FALSE(contribution(row.kind, Reduction::kNoBearing, n, c).has_value());
        EXPECT_FALSE(contribution(row.kind, Reduction::kMissing, n, c).has_value());
      }
    }
  }
}

Gathered g(std::vector<Contribution> c, size_t missing = 0, size_t no_bearing = 0) {
  return Gathered{std::move(c), missing, no_bearing};
}

TEST(Rules, CombineOrder) {
  const Contribution R{V::kRefuted, false}, RN{V::kRefuted, true}, F{V::kConsistencyFinding, false},
      L{V::kDocumentedLimit, false}, H{V::kHolds, false}, C{V::kHoldsWithConditions, false};
  // 1. refuted first; one counterexample is enough even with evidence missing.
  EXPECT_EQ(combine(g({H, R})), (ClaimOutcome{V::kRefuted, false}));
  EXPECT_EQ(combine(g({R}, 3)), (ClaimOutcome{V::kRefuted, false}));
  EXPECT_EQ(combine(g({R, F, L})), (ClaimOutcome{V::kRefuted, false}));
  // ...noticed only when every refuting contribution was.
  EXPECT_EQ(combine(g({RN, H})), (ClaimOutcome{V::kRefuted, true}));
  EXPECT_EQ(combine(g({RN, RN})), (ClaimOutcome{V::kRefuted, true}));
  EXPECT_EQ(combine(g({RN, R})), (ClaimOutcome{V::kRefuted, false}));
  // 2. consistency-finding before documented-limit and missing evidence.
  EXPECT_EQ(combine(g({F, L}, 1)), (ClaimOutcome{V::kConsistencyFinding, false}));
  // 3. documented-limit before missing evidence.
  EXPECT_EQ(combine(g({L}, 1)), (ClaimOutcome{V::kDocumentedLimit, false}));
  EXPECT_EQ(combine(g({L, H})), (ClaimOutcome{V::kDocumentedLimit, false}));
  // 4. confirmation needs every piece: missing evidence never holds.
  EXPECT_EQ(combine(g({H}, 1)), (ClaimOutcome{V::kNotTestable, false}));
  EXPECT_EQ(combine(g({C}, 1)), (ClaimOutcome{V::kNotTestable, false}));
  // 5. nothing with a bearing.
  EXPECT_EQ(combine(g({}, 0, 2)), (ClaimOutcome{V::kNotTestable, false}));
  EXPECT_EQ(combine(g({})), (ClaimOutcome{V::kNotTestable, false}));
  // 6. conditions, then holds.
  EXPECT_EQ(combine(g({H, C}, 0, 1)), (ClaimOutcome{V::kHoldsWithConditions, false}));
  EXPECT_EQ(combine(g({H, H})), (ClaimOutcome{V::kHolds, false}));
  EXPECT_EQ(combine_order().size(), 6u);
}

TEST(Rules, NamesRoundTrip) {
  for (Kind k : kinds()) EXPECT_EQ(kind_from_name(kind_name(k)), k);
  EXPECT_FALSE(kind_from_name("opinion").has_value());
  EXPECT_EQ(claim_verdict_name(V::kHoldsWithConditions), "holds-with-conditions");
  EXPECT_EQ(claim_verdict_name(V::kConsistencyFinding), "consistency-finding");
  EXPECT_EQ(claim_verdict_name(V::kNotTestable), "not-testable");
  EXPECT_EQ(verdict_label(V::kRefuted, true), "refuted (noticed)");
  EXPECT_EQ(verdict_label(V::kRefuted, false), "refuted");
  EXPECT_EQ(verdict_label(V::kHolds, true), "holds");  // only a refutation is noticed
  EXPECT_EQ(reduction_name(Reduction::kNoBearing), "no-bearing");
}

TEST(Rules, MarkdownHasEveryRow) {
  const std::string md = rules_markdown();
  EXPECT_NE(md.find("| `property` | `refuted` (`refuted (noticed)` when noticed): the promise was broken | "
                    "`holds`: the promise was kept | `holds-with-conditions` |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `consistency` | `consistency-finding`: "), std::string::npos) << md;
  EXPECT_NE(md.find("| `limit` | `refuted`: the admitted weakness did not show | `documented-limit`: "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("6. any `holds-with-conditions` → **holds-with-conditions**; otherwise **holds**.\n"),
            std::string::npos)
      << md;
}

// reports/claims/schema.md is the auditor's copy of the rules: it must carry
// the code's table and combine order verbatim.
TEST(Rules, SchemaPageCarriesTheCodesTable) {
  std::ifstream in(std::string(E2E_REPORTS_DIR) + "/claims/schema.md");
  ASSERT_TRUE(in) << "reports/claims/schema.md";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(rules_markdown()), std::string::npos)
      << "schema.md must contain, verbatim:\n" << rules_markdown();
}

}  // namespace
}  // namespace e2e::audit
