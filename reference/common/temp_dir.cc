#include "common/temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace e2e {

TempDir::TempDir(std::string_view prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("cannot make a temporary directory " + tmpl + ": " + std::strerror(errno));
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;  // best effort: a leftover temp dir is not worth a crash
  std::filesystem::remove_all(path_, ec);
}

}  // namespace e2e
