// `e2eproof conformance list|run`: the conformance engine's items (sanity
// checks, delivery properties, attack cells) against an implementation, the
// reference by default or another one through its adapter (--impl). The
// pytest front door (conformance/test_conformance.py) drives this command.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// Exit codes: 0 every item run passed or was skipped, 1 an item failed,
// 2 usage error or unknown item, 3 the harness failed (an adapter died
// mid-run), 4 the adapter is incompatible (no usable hello).
void add_conformance_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
