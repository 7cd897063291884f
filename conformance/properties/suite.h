// The delivery properties as a suite the audit and the pytest front door can
// run outside GoogleTest: each property over |cases| generated schedules,
// seeded, through any driver factory. The RapidCheck test binary checks the
// same properties with shrinking; this runner reports, it does not shrink.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "driver/driver.h"

namespace e2e::properties {

struct PropertyResult {
  std::string id;        // stable: "delivery/exactly-once-under-duplication", ...
  std::string preset;    // the preset it ran on
  std::string title;     // one line, for reports
  std::vector<std::string> rules;   // the PROTO-* rules it exercises (docs/PROTOCOL.md)
  // The claims it is evidence for: not known here. The claims registry says
  // which claims cite a property; the audit fills this from it
  // (plan::claims_citing), run_suite leaves it empty.
  std::vector<std::string> claims;
  size_t cases = 0;      // schedules run
  bool passed = false;
  std::string failure;   // the first violation and its schedule, when !passed
  uint64_t seed = 0;     // replays the run
  // weakness: the property records a documented weakness of the preset (a
  // replay shown again). Passing means the weakness is there, as documented;
  // failing means this implementation protects users more than the document
  // says ("stronger than the document"), which is evidence, not a defect.
  bool weakness = false;
};

struct SuiteOptions {
  size_t cases = 100;
  uint64_t seed = 20261123;
  size_t max_size = 60;  // longest schedule
  std::vector<std::string> presets;  // empty: every preset
  std::vector<std::string> properties;  // empty: every property
};

// PropertyInfo: a property as the conformance items list it, before running.
struct PropertyInfo {
  std::string id;
  std::string title;
  std::vector<std::string> rules;    // the PROTO-* rules it exercises
  std::vector<std::string> presets;  // the presets it is asserted on
  bool weakness = false;             // see PropertyResult::weakness
};

// property_catalog: every property with the presets it applies to, in the
// order run_suite runs them.
std::vector<PropertyInfo> property_catalog();

// property_ids: every property id, in a stable order.
std::vector<std::string> property_ids();

// run_suite runs every property on every selected preset. An error means the
// harness failed (a driver died), not that a property failed.
Result<std::vector<PropertyResult>> run_suite(const driver::DriverFactory& factory,
                                              const SuiteOptions& options);

}  // namespace e2e::properties
