// The WebSocket binding's device id comes only from /v1?device=<id>.
#include <gtest/gtest.h>

#include "net/device_target.h"
#include "net/ws_client.h"

namespace e2e::net {
namespace {

TEST(DeviceTarget, AcceptsTheBinding) {
  auto d = device_from_target("/v1?device=alice_1-X");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, "alice_1-X");
  EXPECT_EQ(target_for("bob"), "/v1?device=bob");
}

TEST(DeviceTarget, RefusesAnythingElse) {
  for (const char* t : {"/", "/v1", "/v1?", "/v1?device=", "/v2?device=a", "/v1?dev=a",
                        "/v1?device=a&x=1", "/v1?device=a%20b", "/v1?device=a/b",
                        "/v1/?device=a"}) {
    EXPECT_FALSE(device_from_target(t).ok()) << t;
  }
  EXPECT_FALSE(device_from_target("/v1?device=" + std::string(65, 'a')).ok());
}

TEST(WsUrl, Parses) {
  auto u = parse_ws_url("wss://127.0.0.1:8443/");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8443");
  EXPECT_FALSE(parse_ws_url("http://x:1").ok());
  EXPECT_FALSE(parse_ws_url("ws://x").ok());
}

}  // namespace
}  // namespace e2e::net
