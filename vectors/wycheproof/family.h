// Family: how one Wycheproof schema is checked and run. The runner looks the
// family up by the file's `schema` string; the family says which `algorithm`
// values it runs, validates each group's parameters and turns each test into a
// CaseRunner. Adding a schema = one adapter file + one row in families.cc.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "wycheproof/fields.h"
#include "wycheproof/file_error.h"
#include "wycheproof/verdict.h"

namespace e2e::wycheproof {

// CaseRunner runs one decoded test through reference/crypto and reports each
// operation; the test's `result` decides which operations are meaningful.
using CaseRunner = std::function<std::vector<OpOutcome>(Expected)>;

struct Family {
  std::string_view schema;                       // e.g. "aead_test_schema_v1.json"
  std::string_view group_type;                   // the `type` every test group must carry
  std::span<const std::string_view> algorithms;  // the `algorithm` values we run
  std::string_view scope;  // what we run of it, for --help ("secp256r1, SPKI DER keys")
  // belongs is true for algorithms the schema defines upstream but we do not
  // run (reported as unsupported, not as a schema mismatch).
  bool (*belongs)(std::string_view algorithm);
  // check_group validates one group's parameters: unsupported values give
  // kUnsupported naming the parameter, malformed ones a typed FileError.
  FileStatus (*check_group)(std::string_view algorithm, const Fields& group);
  // prepare decodes one test's fields (FileError when malformed) into a runner.
  FileResult<CaseRunner> (*prepare)(std::string_view algorithm, const Fields& group,
                                    const Fields& test);
  // policy (optional) names why a test lies outside the parameters our
  // primitive implements (wycheproof-notes §4b: a wrapper-policy table). Such
  // a test is judged as `invalid` (it must be refused, with a clear error) and
  // reported as reclassified with this reason, never skipped. Decided by a
  // property of the test (e.g. IV length), never by tcId.
  FileResult<std::optional<std::string>> (*policy)(const Fields& group, const Fields& test) = nullptr;

  bool supports(std::string_view algorithm) const;
};

// find_family returns the family for |schema|, or nullptr.
const Family* find_family(std::string_view schema);

// all_families lists every supported schema (for --help and the README).
std::span<const Family> all_families();

}  // namespace e2e::wycheproof
