#include "wycheproof/runner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <system_error>

#include "wycheproof/loader.h"

namespace e2e::wycheproof {
namespace {

struct PreparedTest {
  const TestCase* test;
  CaseRunner run;
  std::optional<std::string> reclassified;  // the family's policy reason, if any
};

FileResult<FileReport> run_loaded(const VectorFile& file) {
  // Decode every test first: a malformed field anywhere stops the file
  // before any verdict is counted.
  std::vector<PreparedTest> prepared;
  prepared.reserve(file.test_count());
  for (const TestGroup& group : file.groups) {
    Fields group_fields(*group.json, file.location(group.index));
    for (const TestCase& test : group.tests) {
      Fields test_fields(*test.json, file.location(group.index, test.tc_id));
      E2E_ASSIGN_OR_RETURN(CaseRunner runner,
                           file.family->prepare(file.algorithm, group_fields, test_fields));
      std::optional<std::string> why;
      if (file.family->policy) {
        E2E_ASSIGN_OR_RETURN(why, file.family->policy(group_fields, test_fields));
      }
      prepared.push_back(PreparedTest{&test, std::move(runner), std::move(why)});
    }
  }
  FileReport report = FileReport::start(file);
  for (const PreparedTest& p : prepared) {
    // Outside our primitive's parameters: it must refuse (judged as invalid).
    const Expected effective = p.reclassified ? Expected::kInvalid : p.test->result;
    report.record(file, *p.test, judge(effective, p.run(effective)), p.reclassified);
  }
  return report;
}

// format_seconds renders a duration as "1.23 s". (Built with += only: GCC 12
// at -O3 raises a false -Wrestrict on `"literal" + std::string`.)
std::string format_seconds(std::chrono::steady_clock::duration d) {
  const auto centis = std::chrono::duration_cast<std::chrono::milliseconds>(d).count() / 10;
  std::string out = std::to_string(centis / 100);
  out += '.';
  if (centis % 100 < 10) out += '0';
  out += std::to_string(centis % 100);
  out += " s";
  return out;
}

}  // namespace

FileResult<FileReport> run_file(const std::string& path) {
  try {
    E2E_ASSIGN_OR_RETURN(VectorFile file, load_vector_file(path));
    return run_loaded(file);
  } catch (const std::exception& e) {
    return Location{path, {}, {}}.error(Problem::kInternal, "",
                                        std::string("runner error: ") + e.what());
  }
}

RunReport run_files(const std::vector<std::string>& paths, const Progress& progress) {
  RunReport run;
  const size_t n = paths.size();
  for (size_t i = 0; i < n; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto result = run_file(paths[i]);
    auto elapsed = std::chrono::steady_clock::now() - start;
    std::string line = "[";
    line += std::to_string(i + 1);
    line += '/';
    line += std::to_string(n);
    line += "] ";
    if (result.ok()) {
      const FileReport& r = result.value();
      line += r.file + ": " + std::to_string(r.tests) + " tests, " + std::to_string(r.failed) +
              " failed (" + format_seconds(elapsed) + ")";
      run.files.push_back(std::move(result).value());
    } else {
      line += "error: " + result.error().to_string();
      run.errors.push_back(result.error());
    }
    if (progress) progress(line);
  }
  return run;
}

std::string vendored_dir(const std::string& vectors_root) {
  return (std::filesystem::path(vectors_root) / "third_party" / "wycheproof").string();
}

FileResult<std::vector<std::string>> vendored_files(const std::string& vectors_root) {
  const std::string dir = vendored_dir(vectors_root);
  auto usage = [&dir](std::string msg) {
    return Location{dir, {}, {}}.error(Problem::kUsage, "", std::move(msg));
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return usage("no such directory (set --vectors-dir to the repository's vectors/ folder)");
  }
  std::vector<std::string> files;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) return usage("cannot list directory: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return usage("cannot list directory: " + ec.message());
    const auto& p = it->path();
    if (p.extension() == ".json" && it->is_regular_file(ec)) files.push_back(p.string());
  }
  if (files.empty()) return usage("no *.json files in directory");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace e2e::wycheproof
