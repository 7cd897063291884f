// Verdict accounting per file and the two renderings of a run: the text table
// people read and the JSON document `e2eproof audit` will consume.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "wycheproof/file_error.h"
#include "wycheproof/loader.h"
#include "wycheproof/verdict.h"

namespace e2e::wycheproof {

// Failure: one test whose verdict did not pass.
struct Failure {
  int64_t tc_id = 0;
  std::string comment;
  std::vector<std::string> flags;
  std::vector<std::string> bug_types;  // notes[flag].bugType, in flag order (severity hint)
  Expected result = Expected::kValid;
  std::string reason;
};

// Reclassified: a test the family's policy judged as must-refuse because it
// lies outside the parameters our primitive implements (listed, never hidden).
struct Reclassified {
  int64_t tc_id = 0;
  std::string comment;
  std::vector<std::string> flags;
  Expected result = Expected::kValid;  // the file's own verdict
  std::string reason;                  // the policy's reason
  bool passed = false;                 // our primitive did refuse it
};

// FlagCount: how the acceptable tests carrying one flag went.
struct FlagCount {
  size_t accepted = 0;
  size_t rejected = 0;
};

struct FileReport {
  std::string file;  // file name
  std::string path;
  std::string algorithm;
  std::string schema;
  std::string sha256;
  size_t tests = 0;
  size_t passed = 0;
  size_t failed = 0;
  size_t valid_passed = 0;
  size_t valid_failed = 0;
  size_t invalid_passed = 0;
  size_t invalid_failed = 0;
  size_t acceptable_accepted = 0;  // including accepted with a wrong output (a failure)
  size_t acceptable_rejected = 0;
  size_t acceptable_failed = 0;
  size_t reclassified_passed = 0;  // outside our parameters, and refused as it must be
  size_t reclassified_failed = 0;
  std::map<std::string, FlagCount> acceptable_by_flag;
  std::vector<Reclassified> reclassified;
  std::vector<Failure> failures;

  // start fills the identity fields from a loaded file.
  static FileReport start(const VectorFile& file);
  // record counts one test's verdict (|from| supplies the flags' bugTypes).
  // |policy| is set when the test was reclassified as must-refuse; it is then
  // counted under reclassified_* instead of its valid/invalid/acceptable bucket.
  void record(const VectorFile& from, const TestCase& test, const CaseVerdict& verdict,
              const std::optional<std::string>& policy = std::nullopt);
  // add sums the counters of |other| (for the total row).
  void add(const FileReport& other);
};

struct RunReport {
  std::vector<FileReport> files;
  std::vector<FileError> errors;  // files that could not be run, and usage errors

  // exit_code: 2 when any file could not be run, else 1 when any test failed, else 0.
  int exit_code() const;
  FileReport total() const;
};

// print_table writes one row per file and a total row.
void print_table(const RunReport& run, std::ostream& out);
// print_details writes the failures, the acceptable outcomes per flag and the
// file errors (each section only when non-empty).
void print_details(const RunReport& run, std::ostream& out);
// report_json renders the run as a JSON document (schema
// "e2eproof/wycheproof-report@1"); |version| is the tool version.
std::string report_json(const RunReport& run, std::string_view version);

}  // namespace e2e::wycheproof
