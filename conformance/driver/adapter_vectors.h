// The vector path of an adapter (docs/ADAPTER.md §4.1): the verifier of
// vectors/ (vectors/verify) asks one adapter process for each operation of a
// case and judges the answers itself.
#pragma once

#include <cstdint>

#include "common/result.h"
#include "driver/driver.h"
#include "verify/ops.h"

namespace e2e::driver {

// adapter_vector_implementation starts one adapter process (device
// "vectors") that answers every `vector` request of one run; it stops when
// the last copy of the returned Implementation is gone. A failure to start is
// this call's error; a process that dies later makes `run` throw
// vectors::HarnessError, so a dead adapter is never counted as a refusal.
// Refusals compare by the taxonomy of §2.1 (code and reason), the precision
// the protocol gives.
Result<vectors::Implementation> adapter_vector_implementation(const AdapterOptions& options, uint64_t seed);

}  // namespace e2e::driver
