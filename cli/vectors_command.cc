#include "cli/vectors_command.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "claims/command_line.h"
#include "driver/adapter_vectors.h"
#include "verify/vectors.h"

#ifndef E2E_VECTORS_DIR
#define E2E_VECTORS_DIR "vectors"
#endif

namespace e2e::cli {
namespace {

struct Options {
  std::vector<std::string> files;
  std::string impl;  // empty: the reference in this process
  uint64_t seed = 20261123;
};

int verify(const Options& o) {
  std::vector<std::filesystem::path> paths;
  if (o.files.empty()) {
    paths = vectors::default_files(E2E_VECTORS_DIR);
  } else {
    for (const auto& f : o.files) paths.emplace_back(f);
  }
  if (o.impl.empty()) return vectors::run(paths, std::cout, std::cerr);
  auto ao = audit::adapter_options(o.impl, "[adapter] ");
  if (!ao.ok()) {
    std::cerr << "e2eproof vectors: --impl: " << ao.error().to_string() << "\n";
    return 2;
  }
  auto impl = driver::adapter_vector_implementation(*ao, o.seed);
  if (!impl.ok()) {
    std::cerr << "e2eproof vectors: " << impl.error().to_string() << "\n";
    return 4;
  }
  return vectors::run(paths, std::cout, std::cerr, *impl);
}

}  // namespace

void add_vectors_command(CLI::App& app, int& exit_code) {
  CLI::App* vec = app.add_subcommand("vectors", "Our own test vectors (vectors/<family>/*.json).");
  vec->require_subcommand(1);
  CLI::App* cmd = vec->add_subcommand(
      "verify",
      "Check every case of the given vector files: the implementation computes each case's "
      "operations, this command compares the answers with the recorded outputs.");
  auto opts = std::make_shared<Options>();
  cmd->add_option("files", opts->files,
                  "Vector files (default: every committed vectors/<family>/*.json; not third_party/)");
  cmd->add_option("--impl", opts->impl,
                  "an adapter command line (docs/ADAPTER.md §4.1) to answer the operations instead of "
                  "the reference in this process; split like a simple shell (quotes, backslash)");
  cmd->add_option("--seed", opts->seed, "the adapter's hello seed (default 20261123)");
  cmd->footer(
      "Exit codes: 0 every case passed, 1 a case failed, 2 a file is malformed, unknown or missing\n"
      "(or a bad --impl), 3 the adapter died mid-run, 4 the adapter did not start or is incompatible.\n"
      "Through an adapter, a refusal matches a case's error by code and reason (ADAPTER.md §2.1).");
  cmd->callback([opts, &exit_code] { exit_code = verify(*opts); });
}

}  // namespace e2e::cli
