// `e2eproof conformance matrix`: the interop items (interop/<preset>/<scenario>)
// for every ordered pair of implementations, the reference among them: one
// implementation runs the scenario's "implementation" devices, the other the
// rest. The table (implementation x peer x preset) is what a multi-
// implementation report shows.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_matrix_command adds `matrix` under |conformance|. Exit codes: 0 every
// cell passed, 1 an item failed, 2 usage error, 3 harness error, 4 an adapter
// is incompatible.
void add_matrix_command(CLI::App& conformance, int& exit_code);

}  // namespace e2e::cli
