// run_adapter: the adapter process's loop (docs/ADAPTER.md §1, §3): read a
// line, answer it, write and flush every output line, until shutdown or the
// end of input. Only protocol lines go to |out|; diagnostics go to |log|.
#pragma once

#include <istream>
#include <ostream>

#include "adapter/adapter.h"

namespace e2e::adapter {

// Returns the process exit code: 0 after shutdown or at the end of input, 1
// when |in| or |out| fails (the engine is gone or the pipe broke).
int run_adapter(std::istream& in, std::ostream& out, std::ostream& log,
                LogLevel level = LogLevel::kInfo);

}  // namespace e2e::adapter
