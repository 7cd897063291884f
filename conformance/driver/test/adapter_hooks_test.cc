// The adapter driver honours hello's hooks: with kill_restart declared (the
// reference declares it), a restart kills the old process without sending
// shutdown, and the new process imports the exported state. The requests
// are read back from a log the adapter's stdin is copied to.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/driver.h"

namespace e2e::driver {
namespace {

std::vector<std::string> methods_in(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line).at("method").get<std::string>());
  return out;
}

TEST(AdapterHooks, KillRestartKillsWithoutShutdown) {
  // One log per test process: builds (dev, asan) may run this test at once.
  const std::string log =
      ::testing::TempDir() + "adapter_hooks_requests." + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  AdapterOptions o;
  // Each request line is appended to the log before the adapter can read it
  // (tee writes its stdout first, so a kill right after the answer could
  // beat the log write).
  o.argv = {"/bin/sh", "-c",
            "while IFS= read -r l; do printf '%s\\n' \"$l\" >>\"$0\"; printf '%s\\n' \"$l\"; done | \"$1\" adapter",
            log, E2EPROOF_BIN};
  ManualClock clock;
  auto d = adapter_factory(o)(DeviceSpec{"bob", "Bob", proto::find_preset("hardened").value(), 3, &clock});
  ASSERT_TRUE(d.ok()) << d.error();
  ASSERT_TRUE((*d)->register_device().ok());
  auto r = (*d)->restart();
  ASSERT_TRUE(r.ok()) << r.error();
  auto members = (*d)->members("nochat");
  ASSERT_TRUE(members.ok()) << members.error();
  d->reset();  // the second life ends politely
  const auto m = methods_in(log);
  const std::vector<std::string> want = {"hello", "set_clock", "create_device", "register", "export_state",
                                         "hello", "set_clock", "import_state", "members", "shutdown"};
  EXPECT_EQ(m, want);
  std::remove(log.c_str());
}

}  // namespace
}  // namespace e2e::driver
