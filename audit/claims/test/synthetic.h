// Synthetic audit inputs for the writer and claim tests: a tiny registry and
// a run with every kind of evidence, including the awkward cases (a harness
// error, a failed vector file, text that needs escaping), and helpers to
// build variants with observations.
#pragma once

#include <map>
#include <string>

#include "claims/inputs.h"
#include "claims/registry.h"

namespace e2e::audit::test {

// known: the evidence names the synthetic registries may use.
KnownEvidence known();
// parse_or_die: a registry from one @2 file's text (aborts with the loader's
// message when it does not parse: a broken fixture is a broken test).
Registry parse_or_die(const std::string& text, const KnownEvidence& k = known());
// registry: claims over B01 variants, property "delivery/replay", the
// Wycheproof file aes_gcm_test.json and the vector family share_code.
Registry registry();
// inputs: a full run over arthas, eleven and hardened.
AuditInputs inputs();
attacks::Outcome outcome(const std::string& attack, const std::string& variant, const std::string& preset,
                         attacks::Verdict v, const std::string& summary);

attacks::Observation obs(const std::string& name, const std::string& qualifier, uint64_t count,
                         const std::string& detail = "");
// add_warnings: every client.warned{kind} of attacks::warning_kinds(), 0
// unless |counts| says otherwise (what a variant with honest clients records).
void add_warnings(attacks::Outcome& o, const std::map<std::string, uint64_t>& counts = {});
// add_sweep: sweep.looked_for{c} = 1 for each of |looked|, and metadata{c} =
// n for each of |found| (which must be looked for too).
void add_sweep(attacks::Outcome& o, const std::vector<std::string>& looked,
               const std::map<std::string, uint64_t>& found);

}  // namespace e2e::audit::test
