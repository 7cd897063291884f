// Helpers for the runner's tests: temporary vector files and small documents
// cut from the vendored Wycheproof files.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "wycheproof/loader.h"
#include "wycheproof/report.h"

namespace e2e::wycheproof::testing {

// TempFile writes |text| to a fresh file under temp_directory_path() and
// removes it on destruction.
class TempFile {
 public:
  explicit TempFile(const std::string& text, const std::string& stem = "wycheproof");
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// vendored parses <E2E_VECTORS_DIR>/third_party/wycheproof/<name>.
nlohmann::json vendored(const std::string& name);

// single_case returns a copy of |doc| holding only the test |tc_id| (in its
// group, with the group's parameters) and numberOfTests 1.
nlohmann::json single_case(const nlohmann::json& doc, int64_t tc_id);

// minimal_aead is a two-test AES-GCM file (tcIds 1 and 2, flag "Ktv") built
// from the first vendored case; it is well formed and both tests are valid.
nlohmann::json minimal_aead();

// load writes |doc| to a temporary file and loads it.
FileResult<VectorFile> load(const nlohmann::json& doc);
// load_text is load() for raw text (which need not be JSON).
FileResult<VectorFile> load_text(const std::string& text);
// run writes |doc| to a temporary file and runs it.
FileResult<FileReport> run(const nlohmann::json& doc);

}  // namespace e2e::wycheproof::testing
