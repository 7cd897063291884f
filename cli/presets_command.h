// `e2eproof presets [--json]`: lists the reference messenger's presets, their
// feature switches and the assumptions each makes where its document is silent.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_presets_command registers the subcommand on |app|; it sets |exit_code|
// to 0 (it cannot fail short of an output error, which gives 2).
void add_presets_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
