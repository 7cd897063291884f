// add_device never aborts: a driver that cannot start is an error the caller
// gets back, and the world carries on without that device. (A driver that
// starts and then fails to register: driver/test/adapter_failure_test.cc.)
#include "world_test_util.h"

#include "world/chat_setup.h"

namespace e2e::world {
namespace {
using namespace testing;

// broken_for: the in-process client for everyone but |broken|, whose driver
// cannot start.
driver::DriverFactory broken_for(const Id& broken) {
  return [broken, inner = driver::in_process_factory()](
             const driver::DeviceSpec& spec) -> Result<std::unique_ptr<driver::Driver>> {
    if (spec.device == broken) return make_error(Errc::kIo, "no process for " + spec.device);
    return inner(spec);
  };
}

proto::Preset hardened() { return proto::find_preset("hardened").value(); }

TEST(AddDevice, ADriverThatCannotStartIsAnErrorAndTheWorldCarriesOn) {
  World w(hardened(), 3, WorldOptions{{}, broken_for("mallory"), {}});
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  auto bad = w.add_device("mallory", "Mallory");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), Errc::kIo);
  EXPECT_NE(bad.error().detail.find("driver for mallory failed to start: no process for mallory"),
            std::string::npos)
      << bad.error();
  EXPECT_EQ(w.devices(), std::vector<Id>{"alice"});
  EXPECT_TRUE(w.health().ok()) << w.health().error();

  ASSERT_TRUE(w.add_device("bob", "Bob").ok());
  ASSERT_TRUE(start_chat(w, "alice", "g", {"bob"}).ok());
  ASSERT_TRUE(send(w, "alice", "g", "still here").ok());
  EXPECT_EQ(texts(w, "bob", "g"), std::vector<std::string>{"alice: still here"});
}

TEST(AddDevice, AnIdTakenTwiceIsAnError) {
  World w(hardened(), 3);
  ASSERT_TRUE(w.add_device("alice", "Alice").ok());
  auto again = w.add_device("alice", "Alice again");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), Errc::kState);
  EXPECT_EQ(w.devices(), std::vector<Id>{"alice"});
  EXPECT_TRUE(w.run("alice", w.device("alice").create_chat("g")).ok());
}

}  // namespace
}  // namespace e2e::world
