// Subprocess: pipes, timeouts, process groups and SIGPIPE safety.
#include "driver/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace e2e::driver {
namespace {

std::unique_ptr<Subprocess> sh(const std::string& script, size_t max_line = 1 << 20) {
  Subprocess::Options o;
  o.argv = {"/bin/sh", "-c", script};
  o.max_line = max_line;
  auto p = Subprocess::spawn(std::move(o));
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? std::move(p).value() : nullptr;
}

// living_in_group: processes of group |pgid| that are not zombies (/proc).
int living_in_group(pid_t pgid) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(e.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    // "pid (comm) state ppid pgrp ...": comm may hold spaces, so parse after the last ')'.
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (rest >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z') ++n;
  }
  return n;
}

TEST(Subprocess, EchoesALineThenEof) {
  auto p = sh("read -r l; echo \"got $l\"; echo oops >&2");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->write_all("hi\n", deadline_in(2000)).value(), Subprocess::Write::kDone);
  std::string line;
  ASSERT_EQ(p->read_line(line, deadline_in(2000)).value(), Subprocess::Read::kLine);
  EXPECT_EQ(line, "got hi");
  EXPECT_EQ(p->read_line(line, deadline_in(2000)).value(), Subprocess::Read::kEof);
  auto st = p->wait_exit(deadline_in(2000));
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(describe_status(*st), "exited with status 0");
  EXPECT_EQ(p->stderr_tail(), "oops");
}

TEST(Subprocess, ReadTimesOut) {
  auto p = sh("sleep 30");
  ASSERT_TRUE(p);
  std::string line;
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(p->read_line(line, deadline_in(200)).value(), Subprocess::Read::kTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(200));
}

TEST(Subprocess, KillTakesTheWholeGroup) {
  auto p = sh("sleep 30 & sleep 30");
  ASSERT_TRUE(p);
  const pid_t pid = p->pid();
  EXPECT_EQ(::kill(-pid, 0), 0);
  p->kill();
  ASSERT_TRUE(p->status().has_value());
  EXPECT_EQ(describe_status(*p->status()), "was killed by signal 9 (SIGKILL)");
  // Nothing in the group lives on: the background sleep died with its parent
  // (it may stay a zombie until init reaps the orphan, which is not ours).
  for (int i = 0; i < 100 && living_in_group(pid) > 0; ++i) ::usleep(10'000);
  EXPECT_EQ(living_in_group(pid), 0);
  int st;
  EXPECT_EQ(::waitpid(-1, &st, WNOHANG), -1);  // and nothing left to reap
}

TEST(Subprocess, WritingToAnExitedChildIsNoSigpipe) {
  auto p = sh("exit 0");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->wait_exit(deadline_in(2000)).has_value());
  const std::string big(1 << 20, 'x');  // more than a pipe holds
  auto w = p->write_all(big, deadline_in(2000));
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(*w, Subprocess::Write::kClosed);
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGPIPE));
}

TEST(Subprocess, WriteTimesOutWhenTheChildDoesNotRead) {
  auto p = sh("sleep 30");
  ASSERT_TRUE(p);
  const std::string big(4 << 20, 'x');
  EXPECT_EQ(p->write_all(big, deadline_in(200)).value(), Subprocess::Write::kTimeout);
}

TEST(Subprocess, LongLineIsRefused) {
  auto p = sh("printf '%0100d\\n' 0; sleep 30", /*max_line=*/64);
  ASSERT_TRUE(p);
  std::string line;
  EXPECT_EQ(p->read_line(line, deadline_in(2000)).value(), Subprocess::Read::kTooLong);
}

TEST(Subprocess, ManyLinesInOneRead) {
  auto p = sh("i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done");
  ASSERT_TRUE(p);
  std::string line;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(p->read_line(line, deadline_in(5000)).value(), Subprocess::Read::kLine);
    ASSERT_EQ(line, "line" + std::to_string(i));
  }
  EXPECT_EQ(p->read_line(line, deadline_in(5000)).value(), Subprocess::Read::kEof);
}

}  // namespace
}  // namespace e2e::driver
