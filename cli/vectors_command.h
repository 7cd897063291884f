// `e2eproof vectors verify [FILE...]`: runs our own vector families
// (vectors/<family>/*.json, see vectors/README.md) through the reference.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_vectors_command registers the subcommand; |exit_code| becomes 0 (all
// passed), 1 (a case failed) or 2 (a file is malformed, unknown or missing).
void add_vectors_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
