// `e2eproof chat`: a minimal messenger over WebSocket built on the sans-IO
// client core, usable interactively and from scripts: one command per stdin
// line, one JSON event per stdout line.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

void add_chat_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
