// Synthetic audit inputs for the writer and claim tests: a tiny registry and
// a run with every kind of evidence, including the awkward cases (a harness
// error, a failed vector file, text that needs escaping).
#pragma once

#include "claims/inputs.h"
#include "claims/registry.h"

namespace e2e::audit::test {

// known: the evidence names the synthetic registry may use.
KnownEvidence known();
// registry: claims over attacks B01/A03, property "delivery/replay", the
// Wycheproof file aes_gcm_test.json and the vector family share_code.
Registry registry();
// inputs: a full run over arthas, eleven and hardened.
AuditInputs inputs();
attacks::Outcome outcome(const std::string& attack, const std::string& variant, const std::string& preset,
                         attacks::Verdict v, const std::string& summary);

}  // namespace e2e::audit::test
