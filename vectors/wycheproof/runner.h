// Running Wycheproof files through reference/crypto: load and check a file,
// decode every test (so a malformed file is reported before anything runs),
// run each test, judge it and count it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "wycheproof/file_error.h"
#include "wycheproof/report.h"

namespace e2e::wycheproof {

// run_file checks and runs one file. A file that cannot be run (unreadable,
// malformed, unknown or unsupported) gives a FileError; failing tests do not.
// Never throws.
FileResult<FileReport> run_file(const std::string& path);

// Progress receives one line per finished file (for stderr).
using Progress = std::function<void(std::string_view line)>;

// run_files runs every path in order, collecting reports and errors; a
// FileError in one file does not stop the others.
RunReport run_files(const std::vector<std::string>& paths, const Progress& progress = {});

// vendored_dir returns <vectors_root>/third_party/wycheproof.
std::string vendored_dir(const std::string& vectors_root);

// vendored_files lists the *.json files of vendored_dir(vectors_root), sorted
// by name. A missing or unreadable directory, or one without any *.json file,
// is a kUsage FileError naming the directory.
FileResult<std::vector<std::string>> vendored_files(const std::string& vectors_root);

}  // namespace e2e::wycheproof
