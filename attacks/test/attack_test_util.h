// Small helpers for the attack tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "attacks/attack_spec.h"

namespace e2e::attacks::testing {

inline proto::Preset preset(const std::string& name) { return proto::find_preset(name).value(); }

// outcomes runs the registered attack |id| and fails the test on a harness
// error (or an unregistered id).
inline std::vector<Outcome> outcomes(const std::string& id, const proto::Preset& p, uint64_t seed = 1,
                                     const driver::DriverFactory& factory = driver::in_process_factory()) {
  const AttackSpec* spec = find_attack(id);
  EXPECT_NE(spec, nullptr) << id << " is not registered";
  if (spec == nullptr) return {};
  auto r = spec->run(p, factory, seed);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r).value() : std::vector<Outcome>{};
}

// verdict_of: the verdict name of |variant|, or "missing".
inline std::string verdict_of(const std::vector<Outcome>& os, const std::string& variant) {
  for (const auto& o : os) {
    if (o.variant == variant) return std::string(verdict_name(o.verdict));
  }
  return "missing";
}

// count_of: the count of observation |name|{|qualifier|} of |variant|, or -1
// when it was not recorded (or the variant is missing).
inline int64_t count_of(const std::vector<Outcome>& os, const std::string& variant, const std::string& name,
                        const std::string& qualifier = {}) {
  for (const auto& o : os) {
    if (o.variant != variant) continue;
    const auto found = find_observation(o.observations, name, qualifier);
    return found ? static_cast<int64_t>(found->count) : -1;
  }
  return -1;
}

// warned_total: the sum of client.warned{*} of |variant| (-1 when any kind is missing).
inline int64_t warned_total(const std::vector<Outcome>& os, const std::string& variant) {
  int64_t total = 0;
  for (const auto& k : warning_kinds()) {
    const int64_t n = count_of(os, variant, "client.warned", k);
    if (n < 0) return -1;
    total += n;
  }
  return total;
}

// dump: every outcome, for failure messages.
inline std::string dump(const std::vector<Outcome>& os) {
  std::string s;
  for (const auto& o : os) {
    s += o.variant + " " + std::string(verdict_name(o.verdict)) + ": " + o.summary + "\n ";
    for (const auto& ob : o.observations) s += " " + observation_key(ob) + "=" + std::to_string(ob.count);
    s += "\n  " + o.evidence.dump() + "\n";
  }
  return s;
}

}  // namespace e2e::attacks::testing
