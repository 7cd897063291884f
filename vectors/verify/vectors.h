// e2e_vectors: our own test-vector families (vectors/<family>/*.json, schema
// "e2eproof-vectors/<family>@1"; see vectors/README.md). The loader is strict
// (conventions C7): an unknown or unread field makes the file malformed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "common/errc.h"
#include "common/result.h"
#include "common/rng.h"
#include "verify/ops.h"

namespace e2e::vectors {

using Json = nlohmann::json;

// What verify_file, verify_doc and load_json fail with. Nothing else is
// returned, and nothing is thrown out of them.
// kMalformedFile: the file cannot be run (not JSON, or the schema's rules are
// broken); the detail names file, group, tcId and field.
inline constexpr Errc kMalformedFile = Errc::kDecodeError;
// kUnreadableFile: the file cannot be opened.
inline constexpr Errc kUnreadableFile = Errc::kNotFound;
// kHarnessFailed: the implementation could not be asked at all (its runner
// threw HarnessError, ops.h: an adapter that died mid-run); no verdict on the
// file is honest.
inline constexpr Errc kHarnessFailed = Errc::kIo;

// Malformed: internal to the loader (Obj and the family checkers throw it,
// verify_doc turns it into kMalformedFile); it never leaves this library.
class Malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where: the position in a file, for error messages.
struct Where {
  std::string file;
  std::optional<size_t> group;
  std::optional<int64_t> tc_id;
  std::string prefix() const;
};

// Obj: a JSON object read strictly. Every key must be read before done().
class Obj {
 public:
  Obj(const Json& j, Where where, std::string what);
  bool has(std::string_view key) const;
  const Json& raw(std::string_view key);  // any JSON type
  const Json& object(std::string_view key);
  std::string str(std::string_view key);
  Bytes hex(std::string_view key);
  uint64_t uint(std::string_view key);
  std::vector<std::string> str_list(std::string_view key);
  // done throws unless every key of the object was read.
  void done() const;
  [[noreturn]] void fail(std::string_view key, std::string_view why) const;
  const Where& where() const { return where_; }

 private:
  const Json& j_;
  Where where_;
  std::string what_;
  std::vector<std::string> read_;
};

// ReplayRng returns recorded byte strings in order. ok() is false when the
// construction asked for more, fewer or other-sized values than recorded (a
// vector and the construction disagree); such draws get zeros.
class ReplayRng final : public Rng {
 public:
  explicit ReplayRng(std::vector<Bytes> chunks) : chunks_(std::move(chunks)) {}
  void fill(std::span<uint8_t> out) override;
  bool ok() const { return !failed_ && next_ == chunks_.size(); }

 private:
  std::vector<Bytes> chunks_;
  size_t next_ = 0;
  bool failed_ = false;
};

// RecordingRng forwards to another Rng and records every draw (generator side).
class RecordingRng final : public Rng {
 public:
  explicit RecordingRng(Rng& inner) : inner_(inner) {}
  void fill(std::span<uint8_t> out) override;
  std::vector<Bytes> take();

 private:
  Rng& inner_;
  std::vector<Bytes> draws_;
};

enum class Expected { kValid, kInvalid, kAcceptable };

// Outcome of running one case against an implementation (ops.h).
struct Outcome {
  bool accepted = false;        // the construction accepted the inputs
  std::optional<Errc> error;    // when rejected
  std::string mismatch;         // when accepted: first output that differs ("" = all equal)
  std::string detail;           // error detail
};

// Family: one vector family and its checker.
struct Family {
  std::string_view name;
  // outputs: the fields of a valid case an implementation must reproduce
  // (changing any of them must make the case fail; byte_flip_test).
  std::vector<std::string_view> outputs;
  // fields: every field a case may carry besides tcId, comment, flags,
  // result and error (the loader refuses others, and type-checks these).
  std::vector<std::string_view> fields;
  // check_group reads the group's own fields (not "tests") into |state|.
  void (*check_group)(Obj& group, Json& state);
  // check runs one case through |run| (ops.h) and compares the answers.
  Outcome (*check)(Obj& test, const Json& group_state, Expected expected, const OpRunner& run);
};

const std::vector<Family>& families();
// read_case_field type-checks one case field by its name (hex, string,
// integer or object) and marks it read; Malformed on a wrong type.
const Json& read_case_field(Obj& test, std::string_view key);
const Family* find_family(std::string_view name);

struct Failure {
  int64_t tc_id = 0;
  std::string comment;
  std::string reason;
};

struct FileResult {
  std::string path;
  std::string family;
  size_t tests = 0, passed = 0, failed = 0;
  size_t valid = 0, invalid = 0;
  std::vector<Failure> failures;
};

// verify_file loads and runs one file against |impl| (default: the
// reference). kUnreadableFile or kMalformedFile when it cannot be run,
// kHarnessFailed when |impl| could not be asked; a failed case is not an
// error (it is counted in the FileResult). Never throws.
Result<FileResult> verify_file(const std::filesystem::path& path,
                               const Implementation& impl = reference_implementation());
// verify_doc: the same for a document already parsed; |name| names it in messages.
Result<FileResult> verify_doc(const Json& doc, const std::string& name,
                              const Implementation& impl = reference_implementation());
// default_files: every committed vectors/<family>/*.json (not *-new.json).
std::vector<std::filesystem::path> default_files(const std::filesystem::path& vectors_dir);
// run: verifies |files|, prints one table row per file and the failures; returns
// 0 all passed, 1 a case failed, 2 a file was malformed, unknown or missing,
// 3 the runner could not ask the implementation (kHarnessFailed).
int run(const std::vector<std::filesystem::path>& files, std::ostream& out, std::ostream& err,
        const Implementation& impl = reference_implementation());

// Helpers shared with the generator.
// load_json: kUnreadableFile or kMalformedFile (not JSON); never throws.
Result<Json> load_json(const std::filesystem::path& path);
std::string errc_string(Errc c);

}  // namespace e2e::vectors
