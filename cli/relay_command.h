// `e2eproof relay`: the reference relay as a WebSocket server (optional TLS
// 1.3) around the sans-IO relay core, with a memory or SQLite store.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_relay_command registers the subcommand; |exit_code| is 0 after a
// graceful shutdown (SIGTERM/SIGINT), 2 for unusable options or a store or
// address that cannot be opened.
void add_relay_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
