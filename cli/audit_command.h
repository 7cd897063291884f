// `e2eproof audit`: runs every kind of evidence the project has (Wycheproof,
// our vectors, the delivery properties, the attack matrix) against one
// implementation, computes each claim's verdict from the registry
// (reports/claims/) and writes REPORT.md, results.json and junit.xml.
#pragma once

#include <CLI/CLI.hpp>

namespace e2e::cli {

// add_audit_command registers the subcommand; |exit_code| becomes 0 (every
// check ran and passed; findings such as BREAKS are not failures), 1 (a check
// that should pass failed, or a harness error kept evidence from being
// produced) or 2 (usage error, unreadable or malformed registry, unwritable output).
void add_audit_command(CLI::App& app, int& exit_code);

}  // namespace e2e::cli
