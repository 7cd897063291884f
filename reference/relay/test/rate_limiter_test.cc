// RateLimiter: sliding window, at the bound and one past (PROTO-RELAY-09).
//= type=test
#include "relay/rate_limiter.h"

#include <gtest/gtest.h>

namespace e2e::relay {
namespace {

TEST(RateLimiter, PROTO_RELAY_09_AtTheBoundAndOnePast) {
  RateLimiter rl(RateLimit{2, 1000});
  EXPECT_TRUE(rl.allowed("a", 0));
  rl.record("a", 0);
  EXPECT_TRUE(rl.allowed("a", 500));
  rl.record("a", 500);
  EXPECT_FALSE(rl.allowed("a", 999));   // two in (−1, 999]
  EXPECT_TRUE(rl.allowed("b", 999));    // per sender
  EXPECT_TRUE(rl.allowed("a", 1000));   // the one at 0 left the window
  rl.record("a", 1000);
  EXPECT_FALSE(rl.allowed("a", 1499));
  EXPECT_TRUE(rl.allowed("a", 1500));
}

TEST(RateLimiter, AllowedDoesNotConsume) {
  RateLimiter rl(RateLimit{1, 1000});
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(rl.allowed("a", 0));
}

TEST(RateLimiter, ZeroRefusesEverything) {
  RateLimiter rl(RateLimit{0, 1000});
  EXPECT_FALSE(rl.allowed("a", 0));
  rl.record("a", 0);
  EXPECT_EQ(rl.tracked_senders(), 0u);
}

TEST(RateLimiter, StateIsBounded) {
  RateLimiter rl(RateLimit{3, 1000});
  for (int i = 0; i < 100; ++i) rl.record("a", i);
  EXPECT_FALSE(rl.allowed("a", 100));
  rl.prune(2000);
  EXPECT_EQ(rl.tracked_senders(), 0u);
  // Many one-off senders are pruned by record() itself once their windows end.
  for (int i = 0; i < 10'000; ++i) rl.record("s" + std::to_string(i), int64_t{i} * 1000);
  EXPECT_LT(rl.tracked_senders(), 2048u);
}

}  // namespace
}  // namespace e2e::relay
