// TempDir: a fresh private directory under the system temp dir (mkdtemp:
// unique name, mode 0700), removed with everything in it when the object
// goes. Used where real files must exist: the SQLite store's tests and the
// database-theft attack (G03), which reads what the store left on disk.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace e2e {

class TempDir {
 public:
  // Throws std::runtime_error when the directory cannot be made.
  explicit TempDir(std::string_view prefix = "e2e");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // file: the path of |name| inside the directory, as a string.
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace e2e
