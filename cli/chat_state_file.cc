#include "cli/chat_state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace e2e::cli {

Result<std::optional<SecretBytes>> read_state_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<SecretBytes>{};
    return make_error(Errc::kIo, "cannot open " + path + ": " + std::strerror(errno));
  }
  SecretBytes doc;
  uint8_t chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return make_error(Errc::kIo, "cannot read " + path);
    }
    if (n == 0) break;
    doc.append(ByteView(chunk, static_cast<size_t>(n)));
  }
  ::explicit_bzero(chunk, sizeof chunk);
  ::close(fd);
  return std::optional<SecretBytes>(std::move(doc));
}

Result<void> write_state_file(const std::string& path, ByteView document) {
  const std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::kIo, "cannot create " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < document.size()) {
    const ssize_t n = ::write(fd, document.data() + done, document.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return make_error(Errc::kIo, "cannot write " + tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return make_error(Errc::kIo, "cannot sync " + tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return make_error(Errc::kIo, "cannot rename " + tmp + " to " + path);
  }
  return ok_result();
}

}  // namespace e2e::cli
