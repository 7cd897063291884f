#include "test_files.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "wycheproof/runner.h"

namespace e2e::wycheproof::testing {

namespace fs = std::filesystem;

TempFile::TempFile(const std::string& text, const std::string& stem) {
  static std::atomic<unsigned> counter{0};
  path_ = (fs::temp_directory_path() /
           (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".json"))
              .string();
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path_);
}

TempFile::~TempFile() {
  std::error_code ec;
  fs::remove(path_, ec);
}

nlohmann::json vendored(const std::string& name) {
  std::string path = std::string(E2E_VECTORS_DIR) + "/third_party/wycheproof/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

nlohmann::json single_case(const nlohmann::json& doc, int64_t tc_id) {
  for (const auto& group : doc.at("testGroups")) {
    for (const auto& test : group.at("tests")) {
      if (test.at("tcId").get<int64_t>() != tc_id) continue;
      nlohmann::json out = doc;
      nlohmann::json g = group;
      g["tests"] = nlohmann::json::array({test});
      out["testGroups"] = nlohmann::json::array({g});
      out["numberOfTests"] = 1;
      return out;
    }
  }
  throw std::runtime_error("no tcId " + std::to_string(tc_id));
}

nlohmann::json minimal_aead() {
  nlohmann::json doc = single_case(vendored("aes_gcm_test.json"), 1);
  nlohmann::json second = doc["testGroups"][0]["tests"][0];
  second["tcId"] = 2;
  doc["testGroups"][0]["tests"].push_back(second);
  doc["numberOfTests"] = 2;
  return doc;
}

FileResult<VectorFile> load_text(const std::string& text) {
  TempFile f(text);
  return load_vector_file(f.path());
}

FileResult<VectorFile> load(const nlohmann::json& doc) { return load_text(doc.dump()); }

FileResult<FileReport> run(const nlohmann::json& doc) {
  TempFile f(doc.dump());
  return run_file(f.path());
}

}  // namespace e2e::wycheproof::testing
