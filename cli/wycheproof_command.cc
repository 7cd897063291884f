#include "cli/wycheproof_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "wycheproof/family.h"
#include "wycheproof/runner.h"

#ifndef E2E_VECTORS_DIR
#error "E2E_VECTORS_DIR must point at the repository's vectors/ folder"
#endif
#ifndef E2E_VERSION
#define E2E_VERSION "unknown"
#endif

namespace e2e::cli {
namespace {

namespace fs = std::filesystem;
namespace wp = e2e::wycheproof;

struct Options {
  std::vector<std::string> files;
  std::string vectors_dir = E2E_VECTORS_DIR;
  std::string json_path;
  bool quiet = false;
};

wp::FileError usage_error(const std::string& file, std::string message) {
  return wp::FileError{wp::Problem::kUsage, file, {}, {}, {}, std::move(message)};
}

// resolve_files turns the command line into paths: a FILE that exists is used
// as given; a bare name that does not is looked up in the vendored directory;
// no FILE means every vendored file.
void resolve_files(const Options& o, std::vector<std::string>& paths, wp::RunReport& run) {
  if (o.files.empty()) {
    auto all = wp::vendored_files(o.vectors_dir);
    if (all.ok()) {
      paths = std::move(all).value();
    } else {
      run.errors.push_back(all.error());
    }
    return;
  }
  for (const std::string& f : o.files) {
    std::error_code ec;
    fs::path p = f;
    if (!fs::exists(p, ec) && p.is_relative()) {
      fs::path vendored = fs::path(wp::vendored_dir(o.vectors_dir)) / p;
      if (fs::exists(vendored, ec)) p = vendored;
    }
    if (!fs::exists(p, ec)) {
      run.errors.push_back(usage_error(f, "no such file"));
    } else if (fs::is_directory(p, ec)) {
      run.errors.push_back(usage_error(f, "is a directory; name the JSON files to run"));
    } else {
      paths.push_back(p.string());
    }
  }
}

int run_command(const Options& o) {
  std::vector<std::string> paths;
  wp::RunReport run;
  resolve_files(o, paths, run);
  if (run.errors.empty()) {
    wp::Progress progress;
    if (!o.quiet) {
      progress = [](std::string_view line) { std::cerr << "wycheproof: " << line << std::endl; };
    }
    run = wp::run_files(paths, progress);
  }

  if (!run.files.empty()) {
    wp::print_table(run, std::cout);
  }
  wp::print_details(run, std::cout);

  if (!o.json_path.empty()) {
    std::ofstream out(o.json_path, std::ios::binary | std::ios::trunc);
    out << wp::report_json(run, E2E_VERSION);
    out.close();
    if (!out) {
      std::cerr << "e2eproof wycheproof: cannot write " << o.json_path << "\n";
      return 2;
    }
  }

  const auto total = run.total();
  const int code = run.exit_code();
  std::cout << "\n"
            << total.tests << " tests in " << run.files.size() << " file(s): " << total.passed
            << " passed, " << total.failed << " failed";
  if (!run.errors.empty()) std::cout << "; " << run.errors.size() << " file(s) not run";
  std::cout << " (exit " << code << ")\n";
  return code;
}

std::string schema_list() {
  std::string s;
  for (const auto& f : wp::all_families()) {
    s += "  " + std::string(f.schema) + " (";
    const char* sep = "";
    for (std::string_view a : f.algorithms) {
      s += sep + std::string(a);
      sep = ", ";
    }
    s += "): " + std::string(f.scope) + "\n";
  }
  return s;
}

}  // namespace

void add_wycheproof_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(
      "wycheproof",
      "Crypto self-check: run Wycheproof v1 test vectors through e2eproof's crypto wrappers");
  sub->add_option("files", opts->files,
                  "Wycheproof v1 JSON files (default: every file vendored in "
                  "<vectors-dir>/third_party/wycheproof). A bare name not found in the "
                  "current directory is looked up in the vendored directory.")
      ->type_name("FILE");
  sub->add_option("--vectors-dir", opts->vectors_dir,
                  "The repository's vectors/ folder (the one holding third_party/wycheproof)")
      ->type_name("DIR")
      ->capture_default_str();
  sub->add_option("--json", opts->json_path,
                  "Also write the machine-readable result (per-file counts, acceptable "
                  "outcomes per flag, failures, errors) to this file")
      ->type_name("FILE");
  sub->add_flag("-q,--quiet", opts->quiet, "No per-file progress lines on stderr");
  sub->footer(
      "Verdicts: a 'valid' test must be accepted with exactly the expected output; an "
      "'invalid' test must be rejected; an 'acceptable' test may go either way, but an "
      "accepted output must still match.\n\n"
      "Prints a table per file (tests, passed, failed, acceptable accepted/rejected) and a "
      "total, then each failure with its tcId, flags and what went wrong.\n\n"
      "Supported schemas (dispatch is on the file's `schema` field):\n" +
      schema_list() +
      "\nExit codes:\n"
      "  0  every test passed\n"
      "  1  at least one test failed\n"
      "  2  usage error, or a file that is malformed, of an unknown schema or with an "
      "unsupported algorithm or parameter (the message names file, group, tcId and field)");
  sub->callback([opts, &exit_code] { exit_code = run_command(*opts); });
}

}  // namespace e2e::cli
