#include "claims/summary.h"

namespace e2e::audit {

bool Summary::failed() const {
  return attack_errors + wycheproof_failed + wycheproof_errors + vector_failed + vector_errors +
             properties_failed + property_errors > 0;
}

Summary summarize(const AuditInputs& in, const std::vector<ClaimResult>& claims) {
  Summary s;
  if (in.attacks) {
    for (const attacks::Cell& c : in.attacks->cells) {
      ++s.cells;
      ++s.cells_by_verdict[std::string(attacks::verdict_name(c.verdict))];
    }
    s.attack_errors = in.attacks->errors.size();
  }
  for (const ClaimResult& c : claims) ++s.claims_by_verdict[c.label()];
  if (in.wycheproof) {
    for (const wycheproof::FileReport& f : in.wycheproof->files) {
      ++s.wycheproof_files;
      s.wycheproof_tests += f.tests;
      s.wycheproof_failed += f.failed;
    }
    s.wycheproof_errors = in.wycheproof->errors.size();
  }
  if (in.vectors) {
    for (const vectors::FileResult& f : in.vectors->files) {
      ++s.vector_files;
      s.vector_tests += f.tests;
      s.vector_failed += f.failed;
    }
    s.vector_errors = in.vectors->errors.size();
  }
  if (in.properties) {
    for (const properties::PropertyResult& p : in.properties->results) {
      ++s.properties;
      s.properties_failed += p.passed || p.weakness ? 0 : 1;  // a weakness absent is not a failure
    }
    s.property_errors = in.properties->errors.size();
  }
  return s;
}

}  // namespace e2e::audit
