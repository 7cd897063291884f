#include "cli/vectors_command.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "verify/vectors.h"

#ifndef E2E_VECTORS_DIR
#define E2E_VECTORS_DIR "vectors"
#endif

namespace e2e::cli {

void add_vectors_command(CLI::App& app, int& exit_code) {
  CLI::App* vec = app.add_subcommand("vectors", "Our own test vectors (vectors/<family>/*.json).");
  vec->require_subcommand(1);
  CLI::App* verify = vec->add_subcommand(
      "verify", "Check every case of the given vector files through the reference constructions.");
  auto files = std::make_shared<std::vector<std::string>>();
  verify->add_option("files", *files,
                     "Vector files (default: every committed vectors/<family>/*.json; not third_party/)");
  verify->footer("Exit codes: 0 every case passed, 1 a case failed, 2 a file is malformed, unknown or missing.");
  verify->callback([files, &exit_code] {
    std::vector<std::filesystem::path> paths;
    if (files->empty()) {
      paths = vectors::default_files(E2E_VECTORS_DIR);
    } else {
      for (const auto& f : *files) paths.emplace_back(f);
    }
    exit_code = vectors::run(paths, std::cout, std::cerr);
  });
}

}  // namespace e2e::cli
