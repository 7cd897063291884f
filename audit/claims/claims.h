// compute_claims: each registry claim's verdict from the run's evidence,
// through the one rule table of rules.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attacks/attack_spec.h"
#include "claims/inputs.h"
#include "claims/registry.h"
#include "claims/rules.h"

namespace e2e::audit {

// What one referenced piece of evidence produced in this run.
struct ItemResult {
  EvidenceRef ref;
  bool produced = false;          // false: skipped, not built, or a harness error
  std::string status;             // "BREAKS", "passed (120 tests)", "not run: attacks skipped", ...
  std::optional<Signal> signal;   // when produced
  std::optional<ClaimVerdict> contribution;  // the rule's verdict; nullopt for N/A or not produced
  std::string rule;               // the rule's clause, or why nothing was concluded
};

struct ClaimResult {
  const Claim* claim = nullptr;   // points into the Registry passed to compute_claims
  ClaimVerdict verdict = ClaimVerdict::kNotTestable;
  std::string reason;             // one sentence: why this verdict
  std::vector<ItemResult> items;  // one per EvidenceRef, in registry order
};

// evaluate finds |ref| in |inputs| and applies the rule for |kind|.
ItemResult evaluate(const EvidenceRef& ref, Kind kind, const AuditInputs& inputs);

// compute_claims: one result per registry claim, in registry order. |registry|
// must outlive the results.
std::vector<ClaimResult> compute_claims(const Registry& registry, const AuditInputs& inputs);

}  // namespace e2e::audit
