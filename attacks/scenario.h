// An attack scenario: an adversary wrapped around the honest relay core,
// honest clients driven through a driver::DriverFactory, and a verdict
// computed from what the attacker obtained and what each client showed
// (design: attacks.md §0.2). Scenarios never judge by a preset's name, only
// by its switches and by the clients' observable behaviour.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "attacks/observation.h"
#include "driver/driver.h"
#include "protocol/preset.h"

namespace e2e::attacks {

enum class Verdict { kBreaks, kNoticed, kBlocked, kDocumented, kNotApplicable };

// "BREAKS", "NOTICED", "BLOCKED", "DOCUMENTED", "N/A".
std::string_view verdict_name(Verdict v);

// One run of one variant of one attack on one preset.
struct Outcome {
  std::string attack;   // "B01"
  std::string variant;  // "v1-verbatim"; "" when the attack has one form
  std::string preset;   // "arthas"
  Verdict verdict = Verdict::kNotApplicable;
  std::string summary;  // one sentence: what happened
  // What the attacker obtained and what each honest client showed, as data:
  // {"attacker": {...}, "clients": {"bob": [...events...]}, ...}.
  nlohmann::json evidence = nlohmann::json::object();
  // The named facts this variant recorded (attacks/observation.h); claims read these.
  std::vector<Observation> observations;
};

// One matrix cell: an attack on a preset, over all its variants.
struct Cell {
  std::string attack;
  std::string preset;
  Verdict verdict = Verdict::kNotApplicable;  // the worst variant's (see combine())
  std::vector<Outcome> variants;
};

// combine: the cell verdict of several variants, the attacker's best result:
// BREAKS > DOCUMENTED > NOTICED > BLOCKED > N/A (a documented success goes
// unseen by users; a noticed one does not).
Verdict combine(const std::vector<Outcome>& variants);

struct Scenario {
  std::string id;      // "B01"
  std::string title;   // "Replay of a captured message"
  std::vector<std::string> claims;  // claim ids this attack is evidence for
  // run plays every variant on |preset| with clients from |factory|; variants
  // the preset has no feature for come back as N/A with the reason. An error
  // means the harness failed (a driver died), not that the attack failed.
  Result<std::vector<Outcome>> (*run)(const proto::Preset& preset,
                                      const driver::DriverFactory& factory, uint64_t seed);
};

// scenarios: every attack, in catalog order.
const std::vector<Scenario>& scenarios();

}  // namespace e2e::attacks
