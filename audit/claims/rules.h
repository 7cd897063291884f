// How evidence bears on a claim: ONE table, (claim kind × evidence signal) ->
// the verdict that piece of evidence argues for, plus one rule that combines
// the pieces. Nothing per claim: a claim's verdict follows from its kind and
// from what its evidence produced, never from a hand-written verdict.
// Documented for readers in reports/claims/schema.md and in every REPORT.md.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace e2e::audit {

// What the registry says a claim is (design/claims.md "Kinds").
enum class Kind { kProperty, kLimit, kMetadata, kFormat, kOperational, kConsistency };

// The claim verdicts of ARCHITECTURE.md §2.
enum class ClaimVerdict {
  kHolds,
  kRefuted,
  kHoldsWithConditions,
  kDocumentedLimit,
  kNotTestable,
};

// Signal: one piece of evidence reduced to what it says about the design.
//  - attack cells map their verdict 1:1 (BLOCKED -> kProtected, BREAKS ->
//    kBroken, NOTICED, DOCUMENTED, N/A);
//  - checks (properties, our vectors, Wycheproof files) are kProtected or
//    kBroken: a check that "supports" the claim is kProtected when it passed;
//    one that "refutes" it (it demonstrates a weakness, e.g. "a replay is shown
//    again") is kBroken when it passed.
enum class Signal { kProtected, kBroken, kNoticed, kDocumented, kNotApplicable };

struct Rule {
  Kind kind;
  Signal signal;
  std::optional<ClaimVerdict> verdict;  // nullopt: this evidence says nothing (N/A)
  std::string_view why;                 // one clause, printed next to the evidence
};

// rule_table: every (kind, signal) pair exactly once, kinds in enum order.
const std::vector<Rule>& rule_table();
// rule finds the row for (kind, signal).
const Rule& rule(Kind kind, Signal signal);

// Evidence one claim gathered, reduced for combine().
struct Gathered {
  std::vector<ClaimVerdict> contributions;  // one per piece of evidence produced and applicable
  size_t missing = 0;                       // referenced but not produced (skipped, not built, harness error)
  size_t not_applicable = 0;                // produced, but the preset lacks the feature
};

// combine, in this order (first match wins):
//  1. any contribution kRefuted -> kRefuted (one counterexample is enough,
//     even when other evidence is missing);
//  2. any kDocumentedLimit -> kDocumentedLimit (a limit shown once is shown);
//  3. any evidence missing -> kNotTestable (confirmation needs all of it);
//  4. no contribution at all -> kNotTestable;
//  5. any kHoldsWithConditions -> kHoldsWithConditions; else kHolds.
ClaimVerdict combine(const Gathered& g);

std::string_view kind_name(Kind k);             // "property", ...
std::optional<Kind> kind_from_name(std::string_view s);
std::string_view claim_verdict_name(ClaimVerdict v);  // "holds", "holds-with-conditions", ...
std::string_view signal_name(Signal s);         // "protected", "broken", ...

}  // namespace e2e::audit
