// The registration of one attack: everything the audit, the conformance items,
// attacks/README.md's table and the claims' "evidence for" lists need, in one
// entry beside the scenario that plays it (docs/ADDING_AN_ATTACK.md).
//
// Each scenario file attacks/scenarios/<stem>.cc defines
//   const AttackSpec& spec_<stem>();
// and attacks/CMakeLists.txt generates the list from the files it finds, so
// adding an attack never edits a central table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attacks/observation.h"
#include "common/result.h"
#include "driver/driver.h"
#include "protocol/preset.h"

namespace e2e::attacks {

enum class Verdict { kBreaks, kNoticed, kBlocked, kDocumented, kNotApplicable };

// verdict_name: "BREAKS", "NOTICED", "BLOCKED", "DOCUMENTED", "N/A".
std::string_view verdict_name(Verdict v);

// One run of one variant of one attack on one preset.
struct Outcome {
  std::string attack;   // "B01"
  std::string variant;  // "v1-verbatim"
  std::string preset;   // "arthas"
  Verdict verdict = Verdict::kNotApplicable;
  std::string summary;  // one sentence: what happened
  std::vector<Observation> observations;  // empty for N/A
  // The story behind the observations, for the report (steps, per-client
  // events, findings); never key bytes.
  nlohmann::json evidence = nlohmann::json::object();
};

struct VariantSpec {
  std::string name;  // "v1-verbatim"
  std::string what;  // one line: what this variant does
  // The observations the variant records when it runs (for docs and for the
  // registry check that a claim cites something that can exist).
  std::vector<std::string> records;  // observation keys: "attacker.decrypted", "metadata{chat-id}"
};

// The reference's verdict on a preset: the conformance bar ("at least as
// good as the design it follows").
struct ExpectedVerdict {
  std::string preset;
  Verdict verdict;
};

// A success the design's own document admits, bound to the claim that admits
// it. A silent success (BREAKS) of a variant on a preset becomes DOCUMENTED
// when a limit of the attack names its finding and a claim of the preset's
// document (claim id = Preset::claims_prefix + "-NN").
struct DocumentedLimit {
  std::string finding;  // "first-contact-substitution", "metadata:display-name"
  std::string claim;    // "ELEVEN-16"; its prefix names the document
  std::string admits;   // our paraphrase of what the document concedes
};

// RunFn plays every variant on |preset| with clients from |factory|, one
// Outcome per registered variant in registration order; variants the preset
// has no feature for come back N/A with the reason. An error means the
// harness failed (a driver died), not that the attack failed.
using RunFn = Result<std::vector<Outcome>> (*)(const proto::Preset& preset, const driver::DriverFactory& factory,
                                               uint64_t seed);

struct AttackSpec {
  std::string id;  // catalog id ("A01"); the title comes from attack_catalog()
  std::vector<VariantSpec> variants;
  std::string needs;  // the preset features it needs, in words ("an admin-managed roster")
  std::vector<ExpectedVerdict> expected;
  std::vector<DocumentedLimit> limits;
  RunFn run = nullptr;
  // hooks: the adapter hooks (docs/ADAPTER.md §4) its scenario needs: "clock"
  // when it moves the world's clock, "state_export" and "state_import" when
  // it restarts a device. An implementation without them skips its items.
  std::vector<std::string> hooks = {};
};

// Cell: an attack on a preset over all its variants.
struct Cell {
  std::string attack;
  std::string preset;
  Verdict verdict = Verdict::kNotApplicable;  // combine(variants)
  std::vector<Outcome> variants;
};

// combine: the attacker's best variant: BREAKS > DOCUMENTED > NOTICED > BLOCKED > N/A.
Verdict combine(const std::vector<Outcome>& variants);

// at_least_as_good: |got| meets the reference's |expected| for the users, in
// the order BREAKS < DOCUMENTED < NOTICED < BLOCKED (an implementation may
// protect more than the design it follows, never less). Where the reference
// shows N/A any verdict passes; N/A where the reference has a verdict fails
// (an attack that could not run proves nothing).
bool at_least_as_good(Verdict got, Verdict expected);

// expected_verdict: the reference's cell verdict of |spec| on |preset|, or
// nullopt when the spec names none (registration_problems() reports that).
std::optional<Verdict> expected_verdict(const AttackSpec& spec, std::string_view preset);

// find_limit: the limit of |spec| admitting |finding| in the document of a
// preset with |claims_prefix| (the claim id starts with claims_prefix + "-"),
// or nullptr. Nothing here looks at a preset's name.
const DocumentedLimit* find_limit(const AttackSpec& spec, std::string_view finding, std::string_view claims_prefix);

// registered_attacks: every implemented attack (one per attacks/scenarios/*.cc),
// in catalog order. Never fails; registration_problems() checks the entries.
const std::vector<const AttackSpec*>& registered_attacks();
// find_attack: the registered attack |id|, or nullptr.
const AttackSpec* find_attack(std::string_view id);

// registration_problems: one line per broken rule of |specs| (empty when all
// hold): the id is in the catalog and registered once, variant names are
// unique, every record is an observation of observation_names() (qualified
// where it must be), expected verdicts name each preset of
// proto::preset_names() exactly once, every limit names a finding and a claim
// id of the form PREFIX-NN, and run is set.
std::vector<std::string> registration_problems(const std::vector<const AttackSpec*>& specs);

// The catalog of attacks.md §1: all 30 ids and titles, built or not. The
// claims registry is validated against it, so a claim may cite an attack that
// is not built yet (its evidence is then missing, not an error).
struct CatalogEntry {
  std::string_view id;     // "B01"
  std::string_view title;  // the one title reports and items print
};
// attack_catalog: the 30 attacks, in catalog order (A01 .. I02).
const std::vector<CatalogEntry>& attack_catalog();
// catalog_title: the title of |id|, or "" when |id| is not in the catalog.
std::string_view catalog_title(std::string_view id);
// catalog_index: the catalog position of |id| (for ordering reports), or the
// catalog size for ids outside it (they sort last).
size_t catalog_index(std::string_view id);

}  // namespace e2e::attacks
