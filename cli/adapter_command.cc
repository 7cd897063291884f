#include "cli/adapter_command.h"

#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "adapter/run.h"

namespace e2e::cli {

void add_adapter_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "adapter",
      "Run the reference client as an adapter process for the conformance engine. The engine "
      "writes one JSON request per line to stdin ({\"id\", \"method\", \"params\"}); the adapter "
      "answers on stdout with the request's events ({\"event\", \"data\"}: frames for the relay "
      "as `transmit`, messages, rejections, ...) followed by its response ({\"id\", \"result\"} "
      "or {\"id\", \"error\"}). It starts with `hello`, then `create_device` or `import_state`, "
      "and ends with `shutdown` or at the end of input (exit 0). stderr is the log; it never "
      "holds plaintext or keys. The contract every adapter follows is docs/ADAPTER.md.");
  cmd->footer(
      "Exit codes: 0 after `shutdown` or at the end of input; 1 when stdin or stdout fails; 2 "
      "for a bad command line. A line that is not a request gets an `invalid_params` error "
      "with id null and the adapter keeps serving.");
  auto level = std::make_shared<std::string>("info");
  cmd->add_option("--log-level", *level,
                  "What goes to stderr: off, info (failed requests; the default) or debug (one "
                  "line per request).")
      ->check(CLI::IsMember({"off", "info", "debug"}));
  cmd->callback([&exit_code, level] {
    // Lines are read byte by byte from the stream buffer: unsynchronised
    // streams buffer them instead of one stdio call per byte.
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    // A vanished engine shows as a failed write (exit 1), not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    const adapter::LogLevel log_level = *level == "off"     ? adapter::LogLevel::kOff
                                        : *level == "debug" ? adapter::LogLevel::kDebug
                                                            : adapter::LogLevel::kInfo;
    exit_code = adapter::run_adapter(std::cin, std::cout, std::cerr, log_level);
  });
}

}  // namespace e2e::cli
