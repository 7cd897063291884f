// e2eproof: a tool auditors use to check end-to-end-encryption claims. Each
// subcommand lives in its own <name>_command.{h,cc} and registers itself here.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/adapter_command.h"
#include "cli/audit_command.h"
#include "cli/chat_command.h"
#include "cli/conformance_command.h"
#include "cli/presets_command.h"
#include "cli/relay_command.h"
#include "cli/vectors_command.h"
#include "cli/wycheproof_command.h"

#ifndef E2E_VERSION
#define E2E_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "e2eproof: checks end-to-end-encryption claims against reference implementations "
      "and test vectors.",
      "e2eproof"};
  app.set_version_flag("--version", "e2eproof " E2E_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run `e2eproof <command> --help` for a command's options.\n"
      "Exit codes: 0 success, 1 a check failed, 2 usage error or unusable input.");

  int exit_code = 0;
  e2e::cli::add_wycheproof_command(app, exit_code);
  e2e::cli::add_presets_command(app, exit_code);
  e2e::cli::add_vectors_command(app, exit_code);
  e2e::cli::add_adapter_command(app, exit_code);
  e2e::cli::add_audit_command(app, exit_code);
  e2e::cli::add_conformance_command(app, exit_code);
  e2e::cli::add_relay_command(app, exit_code);
  e2e::cli::add_chat_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0; anything else is a usage error.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "e2eproof: internal error: " << e.what() << "\n";
    return 2;
  }
  return exit_code;
}
