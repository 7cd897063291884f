// Small helpers for the attack tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "attacks/runs.h"
#include "attacks/scenario.h"

namespace e2e::attacks::testing {

inline proto::Preset preset(const std::string& name) { return proto::find_preset(name).value(); }

// outcomes runs |run| and fails the test on a harness error.
template <class Run>
std::vector<Outcome> outcomes(Run run, const proto::Preset& p, uint64_t seed = 1,
                              const driver::DriverFactory& factory = driver::in_process_factory()) {
  auto r = run(p, factory, seed);
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

// dump: every outcome, for failure messages.
inline std::string dump(const std::vector<Outcome>& os) {
  std::string s;
  for (const auto& o : os) {
    s += o.variant + " " + std::string(verdict_name(o.verdict)) + ": " + o.summary + "\n  " + o.evidence.dump() + "\n";
  }
  return s;
}

}  // namespace e2e::attacks::testing
