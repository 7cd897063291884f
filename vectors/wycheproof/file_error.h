// FileError: why a Wycheproof file could not be run at all (as opposed to a
// test case that ran and failed). Every problem names the file and, where it
// applies, the test group index, the tcId and the field, so an auditor can find
// the offending spot. Any FileError makes `e2eproof wycheproof` exit with 2.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/errc.h"

namespace e2e::wycheproof {

// Problem classifies a FileError; tests and the JSON report branch on it.
enum class Problem {
  kUsage,              // bad command line: no such file, unreadable directory
  kIo,                 // the file exists but could not be read
  kNotJson,            // not parseable as JSON
  kUnknownSchema,      // `schema` names no schema this runner knows
  kAlgorithmMismatch,  // `algorithm` does not belong to the `schema`
  kUnsupported,        // a known algorithm or group parameter we do not implement
  kCountMismatch,      // `numberOfTests` differs from the tests read
  kDuplicateTcId,      // two tests share a tcId
  kUnknownResult,      // `result` is not valid / invalid / acceptable
  kUnknownFlag,        // a test flag that has no entry in `notes`
  kMissingField,       // a required field is absent
  kWrongType,          // a field has the wrong JSON type
  kBadEncoding,        // a HexBytes / BigInt field is not hex
  kBadValue,           // a field has a value that makes no sense for its schema
  kInternal,           // the runner itself failed (out of memory, a bug)
};

// problem_name returns a stable snake_case name ("duplicate_tc_id") for reports.
std::string_view problem_name(Problem p);

struct FileError {
  Problem problem;
  std::string file;              // the path as given on the command line
  std::optional<size_t> group;   // index into testGroups
  std::optional<int64_t> tc_id;  // tcId of the test, once known
  std::string field;             // the field concerned ("iv", "public.kty", "tagSize")
  std::string message;           // what is wrong

  // code maps the problem onto the project's error codes: kUsage and
  // kUnsupported problems to their namesakes, kIo to kIo, the rest to kDecodeError.
  Errc code() const;
  // to_string renders "file: group G, tcId T, field 'f': message (problem)".
  std::string to_string() const;
};

// FileResult<T> is a T or a FileError. Like e2e::Result it never throws:
// check ok() before value(). It works with E2E_TRY / E2E_ASSIGN_OR_RETURN.
template <class T>
class [[nodiscard]] FileResult {
 public:
  FileResult(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  FileResult(FileError error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  // value() aborts when the result holds an error, as e2e::Result does.
  T& value() & { return *checked(); }
  const T& value() const& { return *checked(); }
  T&& value() && { return std::move(*checked()); }
  T* operator->() { return checked(); }
  const T* operator->() const { return checked(); }
  T& operator*() & { return *checked(); }
  const T& operator*() const& { return *checked(); }
  const FileError& error() const {
    if (ok()) std::abort();
    return *std::get_if<1>(&v_);
  }

 private:
  T* checked() {
    if (!ok()) std::abort();
    return std::get_if<0>(&v_);
  }
  const T* checked() const {
    if (!ok()) std::abort();
    return std::get_if<0>(&v_);
  }
  std::variant<T, FileError> v_;
};

// FileStatus is FileResult without a value.
class [[nodiscard]] FileStatus {
 public:
  FileStatus() = default;
  FileStatus(FileError error) : err_(std::move(error)) {}  // NOLINT
  bool ok() const { return !err_.has_value(); }
  const FileError& error() const { return *err_; }

 private:
  std::optional<FileError> err_;
};

}  // namespace e2e::wycheproof
