// How evidence bears on a claim (docs/EVIDENCE.md §3): ONE table, (claim kind
// × what a reference showed) -> the verdict that reference argues for, plus
// one rule that combines the contributions. Nothing per claim: a claim's
// verdict follows from its kind and from what its evidence recorded, never
// from a hand-written verdict or from a matrix cell's verdict.
// Printed for readers in reports/claims/schema.md and in every REPORT.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace e2e::audit {

// What the registry says a claim is (design/claims.md "Kinds").
enum class Kind { kProperty, kLimit, kMetadata, kFormat, kOperational, kConsistency };

// The claim verdicts of ARCHITECTURE.md §2 and docs/EVIDENCE.md §3.
enum class ClaimVerdict {
  kHolds,
  kRefuted,
  kHoldsWithConditions,
  kDocumentedLimit,
  kConsistencyFinding,
  kNotTestable,
};

// Reduction: one evidence reference reduced to what it says (EVIDENCE.md §3).
enum class Reduction {
  kContradicts,  // the observation or check goes against the claim
  kSupports,     // it goes with the claim
  kNoBearing,    // the variant is N/A for the preset
  kMissing,      // not recorded: not built, not run, skipped, harness error, category not looked for
};

// Rule: what contradicting or supporting evidence argues for, by kind.
struct Rule {
  Kind kind;
  ClaimVerdict contradicts;
  bool shows_noticed;          // a noticed contradiction is shown as "refuted (noticed)"
  ClaimVerdict supports;
  ClaimVerdict supports_with_condition;  // the reference carries a `condition`
  std::string_view why_contradicts;      // one clause each, printed next to the evidence
  std::string_view why_supports;
};

// rule_table: one row per kind, in enum order.
const std::vector<Rule>& rule_table();
// rule: the row for |kind| (every kind has one; a test checks it).
const Rule& rule(Kind kind);

// Contribution: the verdict one reference argues for.
struct Contribution {
  ClaimVerdict verdict;
  bool noticed = false;  // refuted, and an honest client warned in the contradicting variant
  bool operator==(const Contribution&) const = default;
};

// contribution: what a reference reduced to |r| argues for on a claim of
// |kind|; nullopt for kNoBearing and kMissing (they contribute nothing).
// |noticed| is honoured only where the row shows it; |has_condition| turns a
// support into the row's supports_with_condition.
std::optional<Contribution> contribution(Kind kind, Reduction r, bool noticed, bool has_condition);

// Evidence one claim gathered, reduced for combine().
struct Gathered {
  std::vector<Contribution> contributions;  // one per reference with a bearing
  size_t missing = 0;                       // references that were not recorded
  size_t no_bearing = 0;                    // references N/A for their preset
};

// The combined verdict of a claim; |noticed| only with kRefuted.
struct ClaimOutcome {
  ClaimVerdict verdict = ClaimVerdict::kNotTestable;
  bool noticed = false;
  bool operator==(const ClaimOutcome&) const = default;
};

// combine, in this order (first match wins):
//  1. any kRefuted -> kRefuted (one counterexample is enough, even when other
//     evidence is missing); noticed only when every refuting contribution was;
//  2. any kConsistencyFinding -> kConsistencyFinding;
//  3. any kDocumentedLimit -> kDocumentedLimit;
//  4. any reference missing -> kNotTestable (confirmation needs all of it);
//  5. no contribution at all -> kNotTestable;
//  6. any kHoldsWithConditions -> kHoldsWithConditions; else kHolds.
ClaimOutcome combine(const Gathered& g);

// combine_order: the six steps above as sentences, for the writers.
const std::vector<std::string_view>& combine_order();

// rules_markdown: the rule table and the combine order as Markdown, exactly as
// REPORT.md prints them; reports/claims/schema.md carries the same text (a
// test compares them), so the auditor's page cannot drift from the code.
std::string rules_markdown();

std::string_view kind_name(Kind k);                   // "property", ...
std::optional<Kind> kind_from_name(std::string_view s);
std::string_view claim_verdict_name(ClaimVerdict v);  // "holds", "consistency-finding", ...
// verdict_label: the verdict as reports print it: "refuted (noticed)", "holds", ...
std::string verdict_label(ClaimVerdict v, bool noticed);
inline std::string verdict_label(const ClaimOutcome& o) { return verdict_label(o.verdict, o.noticed); }
std::string_view reduction_name(Reduction r);         // "contradicts", "supports", "no-bearing", "missing"
// kinds: every kind, in enum order.
const std::vector<Kind>& kinds();

}  // namespace e2e::audit
