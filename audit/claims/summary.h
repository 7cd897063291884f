// Summary: the counts the report headers print and the CLI's exit code
// depends on. Findings (BREAKS, refuted claims) are counted, never failures;
// failures are checks that should pass and did not, and harness errors.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "claims/inputs.h"

namespace e2e::audit {

struct Summary {
  std::map<std::string, size_t> cells_by_verdict;   // "BREAKS" -> n
  std::map<std::string, size_t> claims_by_verdict;  // verdict label ("refuted (noticed)") -> n
  size_t cells = 0, attack_errors = 0;
  size_t wycheproof_files = 0, wycheproof_tests = 0, wycheproof_failed = 0, wycheproof_errors = 0;
  size_t vector_files = 0, vector_tests = 0, vector_failed = 0, vector_errors = 0;
  size_t properties = 0, properties_failed = 0, property_errors = 0;
  size_t interop_cells = 0, interop_failed = 0, interop_errors = 0;  // audit --impl only

  // failed: a check that should pass failed, or evidence could not be produced.
  bool failed() const;
};

Summary summarize(const AuditInputs& inputs, const std::vector<ClaimResult>& claims);

}  // namespace e2e::audit
