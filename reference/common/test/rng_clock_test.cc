#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/rng.h"

namespace e2e {
namespace {

TEST(DeterministicRng, SameSeedSameStream) {
  DeterministicRng a(42), b(42);
  EXPECT_EQ(a.bytes(100), b.bytes(100));
}

TEST(DeterministicRng, SeedAndLabelSeparateStreams) {
  DeterministicRng a(42), b(43), c(42, "other");
  Bytes x = a.bytes(32);
  EXPECT_NE(x, b.bytes(32));
  EXPECT_NE(x, c.bytes(32));
}

TEST(DeterministicRng, ChunkingDoesNotChangeTheStream) {
  DeterministicRng a(7), b(7);
  Bytes whole = a.bytes(10000);
  Bytes parts;
  for (size_t n : {1u, 4095u, 4097u, 1807u}) {
    Bytes p = b.bytes(n);
    parts.insert(parts.end(), p.begin(), p.end());
  }
  EXPECT_EQ(whole, parts);
}

TEST(DeterministicRng, IsNotAllZero) {
  DeterministicRng a(0);
  Bytes x = a.bytes(64);
  EXPECT_NE(x, Bytes(64, 0));
}

TEST(OsRng, ProducesDistinctOutputs) {
  OsRng rng;
  EXPECT_NE(rng.bytes(32), rng.bytes(32));
  SecretBytes s = rng.secret(32);
  EXPECT_EQ(s.size(), 32u);
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now_ms(), 1000);
  c.advance_ms(500);
  EXPECT_EQ(c.now_ms(), 1500);
  c.set_ms(7);
  EXPECT_EQ(c.now_ms(), 7);
}

TEST(Clock, SystemClockIsAfter2020) {
  SystemClock c;
  EXPECT_GT(c.now_ms(), 1'577'836'800'000);
}

}  // namespace
}  // namespace e2e
