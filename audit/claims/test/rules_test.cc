#include <gtest/gtest.h>

#include <set>

#include "claims/rules.h"

namespace e2e::audit {
namespace {

constexpr Kind kKinds[] = {Kind::kProperty, Kind::kLimit, Kind::kMetadata,
                           Kind::kFormat, Kind::kOperational, Kind::kConsistency};
constexpr Signal kSignals[] = {Signal::kProtected, Signal::kBroken, Signal::kNoticed, Signal::kDocumented,
                               Signal::kNotApplicable};

TEST(Rules, TableCoversEveryKindAndSignalOnce) {
  std::set<std::pair<int, int>> seen;
  for (const Rule& r : rule_table()) {
    EXPECT_TRUE(seen.emplace(static_cast<int>(r.kind), static_cast<int>(r.signal)).second)
        << kind_name(r.kind) << " x " << signal_name(r.signal) << " twice";
    EXPECT_FALSE(r.why.empty());
  }
  EXPECT_EQ(seen.size(), std::size(kKinds) * std::size(kSignals));
}

// The whole table, spelled out: a change to a rule must change this test.
TEST(Rules, EveryKindTimesEverySignal) {
  using V = ClaimVerdict;
  const std::optional<V> kNone;
  struct Row {
    Kind kind;
    std::optional<V> protected_, broken, noticed, documented, na;
  };
  const Row rows[] = {
      {Kind::kProperty, V::kHolds, V::kRefuted, V::kHoldsWithConditions, V::kHoldsWithConditions, kNone},
      {Kind::kLimit, V::kRefuted, V::kDocumentedLimit, V::kDocumentedLimit, V::kDocumentedLimit, kNone},
      {Kind::kMetadata, V::kHolds, V::kRefuted, V::kHoldsWithConditions, V::kHolds, kNone},
      {Kind::kFormat, V::kHolds, V::kRefuted, V::kHoldsWithConditions, V::kHoldsWithConditions, kNone},
      {Kind::kOperational, V::kHolds, V::kRefuted, V::kHoldsWithConditions, V::kHoldsWithConditions, kNone},
      {Kind::kConsistency, V::kHolds, V::kRefuted, V::kHoldsWithConditions, V::kHoldsWithConditions, kNone},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(kind_name(row.kind));
    EXPECT_EQ(rule(row.kind, Signal::kProtected).verdict, row.protected_);
    EXPECT_EQ(rule(row.kind, Signal::kBroken).verdict, row.broken);
    EXPECT_EQ(rule(row.kind, Signal::kNoticed).verdict, row.noticed);
    EXPECT_EQ(rule(row.kind, Signal::kDocumented).verdict, row.documented);
    EXPECT_EQ(rule(row.kind, Signal::kNotApplicable).verdict, row.na);
  }
}

TEST(Rules, CombineOrder) {
  using V = ClaimVerdict;
  EXPECT_EQ(combine({{V::kHolds, V::kRefuted}, 0, 0}), V::kRefuted);
  // One counterexample refutes even with evidence missing.
  EXPECT_EQ(combine({{V::kRefuted}, 3, 0}), V::kRefuted);
  EXPECT_EQ(combine({{V::kDocumentedLimit}, 1, 0}), V::kDocumentedLimit);
  EXPECT_EQ(combine({{V::kRefuted, V::kDocumentedLimit}, 0, 0}), V::kRefuted);
  // Confirmation needs every piece.
  EXPECT_EQ(combine({{V::kHolds}, 1, 0}), V::kNotTestable);
  EXPECT_EQ(combine({{}, 0, 2}), V::kNotTestable);
  EXPECT_EQ(combine({{}, 0, 0}), V::kNotTestable);
  EXPECT_EQ(combine({{V::kHolds, V::kHoldsWithConditions}, 0, 1}), V::kHoldsWithConditions);
  EXPECT_EQ(combine({{V::kHolds, V::kHolds}, 0, 0}), V::kHolds);
}

TEST(Rules, NamesRoundTrip) {
  for (Kind k : kKinds) EXPECT_EQ(kind_from_name(kind_name(k)), k);
  EXPECT_FALSE(kind_from_name("opinion").has_value());
  EXPECT_EQ(claim_verdict_name(ClaimVerdict::kHoldsWithConditions), "holds-with-conditions");
  EXPECT_EQ(claim_verdict_name(ClaimVerdict::kNotTestable), "not-testable");
}

}  // namespace
}  // namespace e2e::audit
