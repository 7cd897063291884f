// `e2eproof adapter`: the reference client as an adapter process
// (docs/ADAPTER.md). stdin and stdout carry the JSON-lines protocol; stderr
// is the log.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_adapter_command registers the subcommand on |app|. When it runs, the
// callback serves the protocol until shutdown or end of input and stores the
// exit code in |exit_code|: 0 after shutdown or at end of input, 1 when
// stdin or stdout fails. |exit_code| must outlive app.parse().
void add_adapter_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
