#include "driver/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace e2e::driver {
namespace {

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kStderrLineMax = 512;     // a tail line, for error messages
constexpr size_t kStderrPartialMax = 4096;  // a stderr "line" without "\n" is cut here
constexpr size_t kStderrTailLines = 8;
constexpr size_t kStderrPerPump = 256 * 1024;  // so a flood on stderr cannot starve stdout

Error sys_error(const std::string& what, int err) {
  return make_error(Errc::kIo, what + ": " + std::strerror(err));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int remaining_ms(Deadline deadline) {
  const auto left = deadline - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  // Round up so a deadline is never reported before it has passed.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count() + 1;
  return static_cast<int>(std::min<int64_t>(ms, 1 << 30));
}

// SigpipeBlock: writing to a pipe whose reader is gone raises SIGPIPE, which
// kills the engine by default. Instead of changing the process-wide
// disposition (a library must not), the signal is blocked in this thread
// around the write and a SIGPIPE the write caused is consumed before the mask
// is restored; the write itself fails with EPIPE.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;
  // consume: after EPIPE, take the SIGPIPE this thread raised (unless one was
  // pending before, which is not ours to take).
  void consume() {
    if (was_pending_) return;
    const timespec zero{};
    while (sigtimedwait(&set_, nullptr, &zero) == -1 && errno == EINTR) {
    }
  }
  ~SigpipeBlock() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t set_{};
  sigset_t old_{};
  bool was_pending_ = false;
};

Result<void> set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return sys_error("fcntl", errno);
  return ok_result();
}

}  // namespace

Deadline deadline_in(int timeout_ms) {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
}

std::string describe_status(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    const char* name = sigabbrev_np(sig);
    return "was killed by signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "ended with wait status " + std::to_string(wait_status);
}

Result<std::unique_ptr<Subprocess>> Subprocess::spawn(Options options) {
  if (options.argv.empty() || options.argv[0].empty()) {
    return make_error(Errc::kInvalidArgument, "subprocess: empty command line");
  }
  std::unique_ptr<Subprocess> p(new Subprocess(std::move(options)));
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto close_all = [&] {
    for (int* fd : {&in[0], &in[1], &out[0], &out[1], &err[0], &err[1]}) close_fd(*fd);
  };
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    close_all();
    return sys_error("pipe2", e);
  }

  // The child's ends become its 0/1/2 (dup2 clears close-on-exec on the new
  // descriptors); every original, ours included, closes at exec.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  // Its own process group, so a timeout can kill whatever it started too;
  // no blocked signals and default dispositions, whatever the engine set.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);

  std::vector<char*> argv;
  for (auto& a : p->options_.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  // glibc reports a failed exec (say, no such program) here, not as an exit.
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(in[0]);
  close_fd(out[1]);
  close_fd(err[1]);
  if (rc != 0) {
    close_all();
    return sys_error("cannot start '" + p->options_.argv[0] + "'", rc);
  }
  p->pid_ = pid;
  p->in_ = in[1];
  p->out_ = out[0];
  p->err_ = err[0];
  for (int fd : {p->in_, p->out_, p->err_}) E2E_TRY(set_nonblocking(fd));
  return p;
}

Subprocess::~Subprocess() {
  kill();
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
}

Result<bool> Subprocess::pump(bool want_write, Deadline deadline) {
  pollfd fds[3];
  nfds_t n = 0;
  int out_i = -1, err_i = -1;
  if (want_write && in_ >= 0) fds[n++] = pollfd{in_, POLLOUT, 0};
  // Stop reading stdout when a whole line's worth is buffered: a child that
  // floods stdout without reading its input then blocks and times out.
  if (!out_eof_ && out_buf_.size() - out_pos_ <= options_.max_line + 1) {
    out_i = static_cast<int>(n);
    fds[n++] = pollfd{out_, POLLIN, 0};
  }
  if (err_ >= 0) {
    err_i = static_cast<int>(n);
    fds[n++] = pollfd{err_, POLLIN, 0};
  }
  if (n == 0) return true;  // nothing left to wait for: the caller sees EOF
  int r;
  do {
    r = ::poll(fds, n, remaining_ms(deadline));
  } while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error("poll", errno);
  if (r == 0) return false;
  if (out_i >= 0 && fds[out_i].revents != 0) {
    if (out_pos_ > 0 && out_pos_ >= out_buf_.size() / 2) {  // compact now and then, not per line
      out_buf_.erase(0, out_pos_);
      out_scan_ -= out_pos_;
      out_pos_ = 0;
    }
    char chunk[kChunk];
    const ssize_t got = ::read(out_, chunk, sizeof chunk);
    if (got > 0) {
      out_buf_.append(chunk, static_cast<size_t>(got));
    } else if (got == 0) {
      out_eof_ = true;
    } else if (errno != EAGAIN && errno != EINTR) {
      out_eof_ = true;
    }
  }
  if (err_i >= 0 && fds[err_i].revents != 0) read_stderr();
  return true;
}

void Subprocess::read_stderr() {
  char chunk[4096];
  for (size_t total = 0; err_ >= 0 && total < kStderrPerPump;) {
    const ssize_t got = ::read(err_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        if (!err_buf_.empty()) stderr_line(err_buf_);
        err_buf_.clear();
        close_fd(err_);
      }
      return;
    }
    total += static_cast<size_t>(got);
    err_buf_.append(chunk, static_cast<size_t>(got));
    size_t start = 0;
    for (size_t nl; (nl = err_buf_.find('\n', start)) != std::string::npos; start = nl + 1) {
      stderr_line(std::string_view(err_buf_).substr(start, nl - start));
    }
    err_buf_.erase(0, start);
    if (err_buf_.size() > kStderrPartialMax) {
      stderr_line(err_buf_);
      err_buf_.clear();
    }
  }
}

void Subprocess::stderr_line(std::string_view line) {
  if (!options_.stderr_prefix.empty()) {
    std::fprintf(stderr, "%s%.*s\n", options_.stderr_prefix.c_str(), static_cast<int>(line.size()),
                 line.data());
  }
  err_tail_.emplace_back(line.substr(0, kStderrLineMax));
  if (err_tail_.size() > kStderrTailLines) err_tail_.pop_front();
}

std::string Subprocess::stderr_tail() const {
  std::string s;
  for (const auto& l : err_tail_) {
    if (!s.empty()) s += " | ";
    s += l;
  }
  return s;
}

Result<Subprocess::Write> Subprocess::write_all(std::string_view data, Deadline deadline) {
  if (in_ < 0) return Write::kClosed;
  SigpipeBlock block;
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t w = ::write(in_, data.data() + off, data.size() - off);
    if (w > 0) {
      off += static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      E2E_ASSIGN_OR_RETURN(bool ready, pump(true, deadline));
      if (!ready) return Write::kTimeout;
      continue;
    }
    if (w < 0 && errno == EPIPE) {
      block.consume();
      close_fd(in_);
      return Write::kClosed;
    }
    return sys_error("write to child", errno);
  }
  return Write::kDone;
}

Result<Subprocess::Read> Subprocess::read_line(std::string& line, Deadline deadline) {
  for (;;) {
    const size_t nl = out_buf_.find('\n', out_scan_);
    if (nl != std::string::npos) {
      if (nl - out_pos_ > options_.max_line) return Read::kTooLong;
      line.assign(out_buf_, out_pos_, nl - out_pos_);
      out_pos_ = nl + 1;
      out_scan_ = out_pos_;
      return Read::kLine;
    }
    out_scan_ = out_buf_.size();
    if (out_buf_.size() - out_pos_ > options_.max_line) return Read::kTooLong;
    if (out_eof_) return Read::kEof;  // a last line without "\n" is not a protocol line
    E2E_ASSIGN_OR_RETURN(bool ready, pump(false, deadline));
    if (!ready) return Read::kTimeout;
  }
}

void Subprocess::close_stdin() { close_fd(in_); }

bool Subprocess::reap(bool block) {
  if (status_) return true;
  siginfo_t info{};
  // WNOWAIT leaves the child a zombie, which keeps its process group id
  // reserved: killing the group below cannot hit an unrelated process.
  int r;
  do {
    r = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
  } while (r != 0 && errno == EINTR);
  if (r != 0 || info.si_pid == 0) return false;
  ::kill(-pid_, SIGKILL);  // whatever it left behind in its group
  int st = 0;
  while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  status_ = st;
  // Its last words: the stragglers are dead, so stderr ends promptly.
  const Deadline until = deadline_in(100);
  while (err_ >= 0) {
    pollfd fd{err_, POLLIN, 0};
    if (::poll(&fd, 1, remaining_ms(until)) <= 0) break;
    read_stderr();
  }
  return true;
}

std::optional<int> Subprocess::wait_exit(Deadline deadline) {
  auto backoff = std::chrono::milliseconds(1);
  for (;;) {
    if (reap(/*block=*/false)) return status_;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    // Sleep a little, draining stderr meanwhile (a child blocked writing its
    // last log lines would otherwise never exit).
    const int wait_ms = std::min(static_cast<int>(backoff.count()), remaining_ms(deadline));
    if (err_ >= 0) {
      pollfd fd{err_, POLLIN, 0};
      if (::poll(&fd, 1, wait_ms) > 0) read_stderr();
    } else {
      ::usleep(static_cast<useconds_t>(wait_ms) * 1000);
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(20));
  }
}

void Subprocess::kill() {
  if (pid_ < 0 || status_) return;
  ::kill(-pid_, SIGKILL);
  reap(/*block=*/true);
}

}  // namespace e2e::driver
