// Subprocess: one child process in its own process group, its stdin, stdout
// and stderr on pipes, driven from the calling thread with poll(). Every
// write and read is bounded in time and drains stderr while it waits, so a
// chatty or stuck child can neither deadlock nor hang the engine; the
// destructor kills the group and reaps the child, so nothing outlives it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace e2e::driver {

using Deadline = std::chrono::steady_clock::time_point;
Deadline deadline_in(int timeout_ms);

class Subprocess {
 public:
  struct Options {
    std::vector<std::string> argv;  // argv[0] is searched in PATH
    std::string stderr_prefix;      // copy each stderr line to ours with this prefix; empty: discard
    size_t max_line = size_t{16} << 20;  // longest stdout line (without "\n")
  };

  // spawn starts the child. Our pipe ends are close-on-exec, so no other
  // child (of this or another thread) inherits them.
  static Result<std::unique_ptr<Subprocess>> spawn(Options options);
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  // What a read ended with.
  enum class Read { kLine, kEof, kTimeout, kTooLong };
  enum class Write { kDone, kClosed, kTimeout };

  // write_all writes |data| to the child's stdin by |deadline|. kClosed: the
  // child closed its stdin (exited); never raises SIGPIPE.
  Result<Write> write_all(std::string_view data, Deadline deadline);
  // read_line reads the next stdout line (without "\n") into |line|.
  Result<Read> read_line(std::string& line, Deadline deadline);
  void close_stdin();

  // wait_exit waits until |deadline| for the child to exit (draining stderr)
  // and reaps it; the wait status, or nullopt if it is still running.
  std::optional<int> wait_exit(Deadline deadline);
  // kill: SIGKILL to the whole group, then reap. Idempotent.
  void kill();
  pid_t pid() const { return pid_; }
  bool exited() const { return status_.has_value(); }
  std::optional<int> status() const { return status_; }

  // The last few stderr lines, for error messages.
  std::string stderr_tail() const;

 private:
  explicit Subprocess(Options options) : options_(std::move(options)) {}
  // pump waits on stdout/stderr (and stdin when |want_write|) until one is
  // ready or |deadline|; reads what is there. False on timeout.
  Result<bool> pump(bool want_write, Deadline deadline);
  void read_stderr();
  void stderr_line(std::string_view line);
  // reap: if the child exited (or, |block|ing, once it has), kill its group's
  // stragglers and collect its status.
  bool reap(bool block);

  Options options_;
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  bool out_eof_ = false;
  std::string out_buf_;
  size_t out_pos_ = 0;   // out_buf_[0, out_pos_) was consumed
  size_t out_scan_ = 0;  // out_buf_[out_pos_, out_scan_) holds no "\n"
  std::string err_buf_;
  std::deque<std::string> err_tail_;
  std::optional<int> status_;
};

// describe_status: "exited with status N" / "was killed by signal N".
std::string describe_status(int wait_status);

}  // namespace e2e::driver
