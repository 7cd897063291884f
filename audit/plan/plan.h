// The one plan behind `e2eproof audit` and the conformance items: how each
// unit of evidence is run (an attack on a preset, the delivery properties, a
// vector family, the Wycheproof files). The audit runs every unit and gathers
// AuditInputs; a conformance item runs one unit and judges it against the
// reference's bar. Both call these functions, so the two can never run an
// attack, a property or a vector file differently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attacks/attack_spec.h"
#include "claims/inputs.h"
#include "claims/registry.h"
#include "common/result.h"
#include "driver/driver.h"
#include "properties/suite.h"
#include "verify/vectors.h"
#include "wycheproof/report.h"

namespace e2e::plan {

// Progress: one line per finished unit ("attack A01 on eleven: BREAKS ..."); may be empty.
using Progress = std::function<void(const std::string& line)>;

// run_attack_cell plays every variant of |spec| on |preset|. An error means
// the harness failed (a driver could not start or died), not the attack.
Result<attacks::Cell> run_attack_cell(const attacks::AttackSpec& spec, const proto::Preset& preset,
                                      const driver::DriverFactory& factory, uint64_t seed);

// run_attacks: every registered attack on each of |presets| (names that must
// exist), in catalog order. Harness errors are recorded per cell and the run
// goes on; titles come from the catalog, claims are left to the registry.
audit::AttacksRun run_attacks(const driver::DriverFactory& factory, const std::vector<std::string>& presets,
                              uint64_t seed, const Progress& progress = {});

// run_properties: the delivery properties selected by |options|. A harness
// failure is recorded in errors (nothing is judged then).
audit::PropertiesRun run_properties(const driver::DriverFactory& factory, const properties::SuiteOptions& options);

// vector_families_with_files: the families with committed vector files, in
// the verifier's order.
std::vector<std::string> vector_families_with_files();

// run_vectors: every committed file of |families| (empty: all) through
// |impl|. A malformed or unreadable file is recorded in errors; an
// implementation that cannot be asked any more is an error (kIo).
Result<audit::VectorsRun> run_vectors(const vectors::Implementation& impl, const std::vector<std::string>& families);

// run_wycheproof: every vendored Wycheproof file through reference/crypto.
wycheproof::RunReport run_wycheproof();

// claims_citing: the ids of the claims whose evidence names |target| (an
// attack id or a property id) on |preset| (empty: any preset), in registry
// order. This is how an attack's or a property's "evidence for" list is
// made: from the registry, never typed beside the attack.
std::vector<std::string> claims_citing(const audit::Registry& registry, const std::string& target,
                                       const std::string& preset = {});

// load_shipped_registry: reports/claims/*.json of this source tree, checked
// against everything that can be cited (the catalog, the registered attacks'
// variants, the properties, vector families and Wycheproof files).
Result<audit::Registry> load_registry(const std::string& dir);
std::string shipped_claims_dir();

}  // namespace e2e::plan
