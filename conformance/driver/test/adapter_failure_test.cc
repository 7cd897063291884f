// Broken adapters (shell one-liners) give a clean driver error within the
// timeout: no hang, no crash of the engine, no process left behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "world/chat_setup.h"
#include "world/world.h"

namespace e2e::driver {
namespace {

using Clock = std::chrono::steady_clock;

// No child left, running or zombie: every adapter was killed and reaped.
bool no_children() {
  int st = 0;
  return ::waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD;
}

struct Started {
  Result<std::unique_ptr<Driver>> driver;
  std::chrono::milliseconds took;
};

class AdapterFailure : public ::testing::Test {
 protected:
  Started start(std::vector<std::string> argv, int startup_ms = 3'000, int request_ms = 3'000) {
    AdapterOptions o;
    o.argv = std::move(argv);
    o.startup_timeout_ms = startup_ms;
    o.request_timeout_ms = request_ms;
    const auto t0 = Clock::now();
    auto d = adapter_factory(o)(DeviceSpec{"alice", "Alice", proto::find_preset("hardened").value(), 5, &clock_});
    return {std::move(d), std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0)};
  }
  ManualClock clock_;
};

// A fake adapter: answers the first |n| requests (hello with version 1.0,
// the rest with {}), then runs |then|. Requests: 1 hello, 2 set_clock,
// 3 create_device, 4 the first operation.
std::vector<std::string> canned(int n, const std::string& then) {
  const std::string script =
      R"(i=0; while [ $i -lt $0 ] && read -r l; do i=$((i+1)); )"
      R"(if [ $i -eq 1 ]; then echo '{"id":1,"result":{"version":{"major":1,"minor":0},"capabilities":{"hooks":["clock"]}}}'; )"
      R"(else echo '{"id":'$i',"result":{}}'; fi; done; )" +
      then;
  return {"/bin/sh", "-c", script, std::to_string(n)};
}

void expect_error(const Started& s, const std::string& needle, Errc code = Errc::kIo) {
  ASSERT_FALSE(s.driver.ok());
  EXPECT_EQ(s.driver.code(), code) << s.driver.error();
  EXPECT_NE(s.driver.error().detail.find(needle), std::string::npos) << s.driver.error();
}

TEST_F(AdapterFailure, ExitsAtOnce) {
  auto s = start({"/bin/sh", "-c", "echo boom >&2; exit 3"});
  expect_error(s, "adapter for alice exited with status 3 during 'hello'");
  EXPECT_NE(s.driver.error().detail.find("boom"), std::string::npos) << s.driver.error();
  EXPECT_LT(s.took.count(), 2'000);
  EXPECT_TRUE(no_children());
}

TEST_F(AdapterFailure, NoSuchProgram) {
  auto s = start({"/nonexistent/e2eproof-adapter"});
  expect_error(s, "cannot start '/nonexistent/e2eproof-adapter'");
  EXPECT_TRUE(no_children());
}

TEST_F(AdapterFailure, GarbageOnStdout) {
  auto s = start({"/bin/sh", "-c", "echo this is not json; sleep 30"});
  expect_error(s, "adapter for alice broke the protocol in 'hello'", Errc::kInternal);
  EXPECT_LT(s.took.count(), 2'000);  // refused at once, not at the timeout
  EXPECT_TRUE(no_children());        // sleep too: the whole group is killed
}

TEST_F(AdapterFailure, NeverAnswersHello) {
  auto s = start({"sleep", "30"}, /*startup_ms=*/300);
  expect_error(s, "adapter for alice: no response to 'hello' within 300 ms; killed");
  EXPECT_GE(s.took.count(), 300);
  EXPECT_LT(s.took.count(), 3'000);
  EXPECT_TRUE(no_children());
}

TEST_F(AdapterFailure, NeverAnswersARequest) {
  auto s = start(canned(3, "sleep 30"), 3'000, /*request_ms=*/300);
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  const auto t0 = Clock::now();
  auto r = (*s.driver)->register_device();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("no response to 'register' within 300 ms"), std::string::npos) << r.error();
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(3));
  // Sticky: the process is gone, every later call says why at once.
  auto again = (*s.driver)->fetch();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().detail, r.error().detail);
  s.driver = make_error(Errc::kState, "released");
  EXPECT_TRUE(no_children());
}

TEST_F(AdapterFailure, ExitsMidSession) {
  auto s = start(canned(3, "echo 'lost my keys' >&2; exit 7"));
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  auto r = (*s.driver)->register_device();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("adapter for alice exited with status 7 during 'register'"), std::string::npos)
      << r.error();
  EXPECT_NE(r.error().detail.find("lost my keys"), std::string::npos) << r.error();
}

TEST_F(AdapterFailure, IncompatibleVersion) {
  auto s = start({"/bin/sh", "-c", R"(read -r l; echo '{"id":1,"result":{"version":{"major":2,"minor":0}}}'; sleep 30)"});
  expect_error(s, "adapter incompatible", Errc::kUnsupported);
  EXPECT_TRUE(no_children());
}

TEST_F(AdapterFailure, HelloRefusedAsUnsupported) {
  auto s = start({"/bin/sh", "-c",
                  R"(read -r l; echo '{"id":1,"error":{"code":"unsupported","message":"only 7.x"}}')"});
  expect_error(s, "adapter incompatible", Errc::kUnsupported);
}

TEST_F(AdapterFailure, CannotRunThisConfiguration) {
  auto s = start({"/bin/sh", "-c", "exit 89"});
  expect_error(s, "exited with status 89", Errc::kUnsupported);
}

TEST_F(AdapterFailure, TransmitThatDoesNotParse) {
  // register answered with a transmit of "{}" (base64url "e30"): not a frame.
  auto s = start(canned(3, R"(read -r l; echo '{"event":"transmit","data":{"to":"relay","bytes_b64":"e30"}}'; )"
                           R"(echo '{"id":4,"result":{}}'; sleep 30)"));
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  auto r = (*s.driver)->register_device();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kInternal);
  EXPECT_NE(r.error().detail.find("broke the protocol in 'register': a bad event"), std::string::npos)
      << r.error();
}

TEST_F(AdapterFailure, ResponseToAnotherId) {
  auto s = start(canned(3, R"(read -r l; echo '{"id":99,"result":{}}'; sleep 30)"));
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  auto r = (*s.driver)->fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("a response for id 99, expected 4"), std::string::npos) << r.error();
}

// A chatty adapter: 4 MB on stderr before it answers (far beyond a pipe's
// buffer) must not deadlock the engine.
TEST_F(AdapterFailure, ChattyStderrDoesNotDeadlock) {
  auto s = start(canned(3, R"(read -r l; head -c 4000000 /dev/zero >&2; echo '{"id":4,"result":{}}'; sleep 30)"),
                 5'000, 5'000);
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  auto r = (*s.driver)->fetch();
  EXPECT_TRUE(r.ok()) << r.error();
}

TEST_F(AdapterFailure, ResultWithoutItsField) {
  auto s = start(canned(4, "sleep 30"));
  ASSERT_TRUE(s.driver.ok()) << s.driver.error();
  auto code = (*s.driver)->share_code("g");  // answered {}: no "code"
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().detail.find("no string 'code'"), std::string::npos) << code.error();
}

// In a world, a broken adapter is the caller's error, never an abort: one that
// exits at once or dies on register is not added, its process is reaped, and
// the other devices chat on.
TEST_F(AdapterFailure, AWorldGetsTheErrorAndCarriesOn) {
  AdapterOptions exits;
  exits.argv = {"/bin/sh", "-c", "exit 3"};
  AdapterOptions dies_on_register;
  dies_on_register.argv = canned(3, "exit 7");
  DriverFactory mixed = [reference = in_process_factory(), exits = adapter_factory(exits),
                         dies = adapter_factory(dies_on_register)](const DeviceSpec& spec) {
    if (spec.device == "mallory") return exits(spec);
    if (spec.device == "trudy") return dies(spec);
    return reference(spec);
  };
  world::World w(proto::find_preset("hardened").value(), 5, world::WorldOptions{{}, mixed, {}});
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());

  auto mallory = w.add_device("mallory", "Mallory");
  ASSERT_FALSE(mallory.ok());
  EXPECT_NE(mallory.error().detail.find("driver for mallory failed to start"), std::string::npos) << mallory.error();
  auto trudy = w.add_device("trudy", "Trudy");
  ASSERT_FALSE(trudy.ok());
  EXPECT_NE(trudy.error().detail.find("register trudy failed"), std::string::npos) << trudy.error();
  EXPECT_NE(trudy.error().detail.find("exited with status 7 during 'register'"), std::string::npos) << trudy.error();
  EXPECT_EQ(w.devices(), std::vector<Id>{"alice"});
  EXPECT_TRUE(no_children());

  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(world::start_chat(w, "alice", "g", {"bob"}).ok());
  ASSERT_TRUE(world::send(w, "alice", "g", "carry on").ok());
  ASSERT_EQ(w.messages("bob", "g").size(), 1u);
  EXPECT_EQ(w.messages("bob", "g")[0].text, "carry on");
}

}  // namespace
}  // namespace e2e::driver
