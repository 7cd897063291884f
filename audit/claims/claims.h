// compute_claims: each registry claim's verdict from the observations and
// checks of the run, through the one rule table of rules.h
// (docs/EVIDENCE.md §3). No claim reads a matrix cell's verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attacks/attack_spec.h"
#include "attacks/observation.h"
#include "claims/inputs.h"
#include "claims/registry.h"
#include "claims/rules.h"

namespace e2e::audit {

// What one evidence reference came to in this run.
struct ItemResult {
  EvidenceRef ref;
  Reduction reduction = Reduction::kMissing;
  // Observation references only: the contradicting variant had an honest
  // client raise a warning (client.warned{*} > 0).
  bool noticed = false;
  // "attacker.decrypted = 7", "passed (120 tests)", "not recorded: attacks were skipped", ...
  std::string status;
  // The observations that decided it: the referenced one; for a completeness
  // check the sweep's findings and searches; plus the warnings that made a
  // contradiction noticed. Empty for checks and missing references.
  std::vector<attacks::Observation> observations;
  std::vector<std::string> unlooked;  // completeness: listed or other categories no sweep looked for
  std::vector<std::string> unlisted;  // completeness: categories found that the list does not have
  std::optional<Contribution> contribution;  // nullopt: no bearing or missing
  std::string rule;  // the rule's clause and the contribution, or why nothing was concluded
};

struct ClaimResult {
  const Claim* claim = nullptr;  // points into the Registry passed to compute_claims
  ClaimOutcome outcome;               // verdict and the noticed flag
  std::string reason;            // one sentence: why this verdict
  std::vector<ItemResult> items; // one per EvidenceRef, in registry order

  ClaimVerdict verdict() const { return outcome.verdict; }
  std::string label() const { return verdict_label(outcome); }  // "refuted (noticed)", ...
};

// find_variant: the outcome of |variant| of |attack| on |preset| in the run, or nullptr.
const attacks::Outcome* find_variant(const AuditInputs& inputs, const std::string& attack, const std::string& preset,
                                     const std::string& variant);

// evaluate finds |ref| in |inputs|, reduces it and applies the rule for |kind|.
// Anything not recorded comes back as Reduction::kMissing with the reason in
// |status|; it never fails.
ItemResult evaluate(const EvidenceRef& ref, Kind kind, const AuditInputs& inputs);

// compute_claims: one result per registry claim, in registry order. |registry|
// must outlive the results.
std::vector<ClaimResult> compute_claims(const Registry& registry, const AuditInputs& inputs);

}  // namespace e2e::audit
