// Loading a Wycheproof v1 file and the checks that do not depend on the
// algorithm: JSON syntax, header fields, a known `schema` whose `algorithm`
// we run, group `type`, per-test tcId / comment / flags / result, unique
// tcIds, every flag described in `notes`, and `numberOfTests`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "wycheproof/family.h"
#include "wycheproof/file_error.h"
#include "wycheproof/verdict.h"

namespace e2e::wycheproof {

struct TestCase {
  int64_t tc_id = 0;
  std::string comment;
  std::vector<std::string> flags;
  Expected result = Expected::kValid;
  const nlohmann::json* json = nullptr;  // the test object (owned by VectorFile::doc)
};

struct TestGroup {
  size_t index = 0;
  const nlohmann::json* json = nullptr;  // the group object (owned by VectorFile::doc)
  std::vector<TestCase> tests;
};

struct VectorFile {
  std::string path;    // as given
  std::string name;    // file name only, for tables
  std::string sha256;  // lowercase hex of the file's bytes
  std::string algorithm;
  std::string schema;
  const Family* family = nullptr;
  std::map<std::string, std::string, std::less<>> bug_types;  // flag -> notes[flag].bugType
  std::vector<TestGroup> groups;
  std::shared_ptr<const nlohmann::json> doc;  // keeps the pointers above alive

  size_t test_count() const;
  // location returns a Location in this file (group/test optional).
  Location location(std::optional<size_t> group = {}, std::optional<int64_t> tc_id = {}) const;
};

// load_vector_file reads |path| and runs the checks above. Never throws.
FileResult<VectorFile> load_vector_file(const std::string& path);

// parse_vector_file is load_vector_file on text already read; |path| is only
// used for messages and the file name.
FileResult<VectorFile> parse_vector_file(std::string_view text, const std::string& path);

}  // namespace e2e::wycheproof
