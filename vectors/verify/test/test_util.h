#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "verify/vectors.h"

namespace e2e::vectors::test {

// write_temp writes |text| to a fresh file in the temp directory.
inline std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "e2e_vectors_test";
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace e2e::vectors::test
