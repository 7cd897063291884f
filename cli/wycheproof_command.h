// `e2eproof wycheproof [FILE...]`: the crypto self-check. Runs Wycheproof v1
// vector files through reference/crypto and reports every verdict.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_wycheproof_command registers the subcommand on |app|. When the
// subcommand runs, its callback stores the process exit code in |exit_code|:
// 0 all tests passed, 1 some test failed, 2 usage error or a file that could
// not be run. |exit_code| must outlive app.parse().
void add_wycheproof_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
