// The interop matrix: every interop scenario on every preset for every
// ordered pair of implementations (the first on the scenario's
// implementation devices, the second on the others), the reference among
// them. `e2eproof conformance matrix` prints it; `e2eproof audit --impl`
// puts it in the report.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "claims/inputs.h"
#include "common/result.h"
#include "driver/driver.h"

namespace e2e::items {

struct MatrixPeer {
  std::string name;
  driver::DriverFactory factory;
  std::vector<std::string> presets;  // the presets it declares
};

// reference_peer: the in-process reference, declaring every preset.
MatrixPeer reference_peer();
// adapter_peer: an adapter command line (docs/ADAPTER.md) as a peer; one
// hello finds its presets. kInvalidArgument for a bad command line, the
// hello's error (kUnsupported: incompatible) otherwise.
Result<MatrixPeer> adapter_peer(const std::string& name, const std::string& impl, uint64_t seed);

// run_interop_matrix: one cell per (implementation, peer, preset, scenario),
// "not declared" where either side lacks the preset. |progress| gets one
// line per scenario run. Never fails: a harness error is a cell's "error".
audit::InteropRun run_interop_matrix(const std::vector<MatrixPeer>& peers, const std::vector<std::string>& presets,
                                     uint64_t seed, const std::function<void(const std::string&)>& progress);

}  // namespace e2e::items
