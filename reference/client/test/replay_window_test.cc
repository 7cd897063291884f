#include "client/replay_window.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

namespace e2e::client {
namespace {

using proto::kMaxCounterJump;
using proto::kReplayWindow;

TEST(ReplayWindow, PROTO_HARD_04_SeenCounterIsReplay) {
  ReplayWindow w;
  ASSERT_TRUE(w.check(0).ok());
  w.accept(0);
  EXPECT_EQ(w.check(0).code(), Errc::kReplay);
  ASSERT_TRUE(w.check(1).ok());
  w.accept(1);
  EXPECT_EQ(w.check(1).code(), Errc::kReplay);
  EXPECT_EQ(w.check(0).code(), Errc::kReplay);
}

TEST(ReplayWindow, PROTO_HARD_04_OutOfOrderWithinWindowAccepted) {
  ReplayWindow w;
  w.accept(10);
  EXPECT_TRUE(w.check(5).ok());
  w.accept(5);
  EXPECT_EQ(w.check(5).code(), Errc::kReplay);
  EXPECT_TRUE(w.check(6).ok());
}

TEST(ReplayWindow, PROTO_HARD_04_WindowEdge) {
  ReplayWindow w;
  const uint64_t top = 5000;
  w.accept(top);
  // highest - (kReplayWindow - 1) is the oldest counter still tracked.
  EXPECT_TRUE(w.check(top - (kReplayWindow - 1)).ok());
  EXPECT_EQ(w.check(top - kReplayWindow).code(), Errc::kReplay);
}

TEST(ReplayWindow, PROTO_HARD_04_CounterJumpBound) {
  ReplayWindow w;
  w.accept(0);
  EXPECT_TRUE(w.check(kMaxCounterJump).ok());
  EXPECT_EQ(w.check(kMaxCounterJump + 1).code(), Errc::kLimitExceeded);
  ReplayWindow fresh;
  EXPECT_TRUE(fresh.check(kMaxCounterJump).ok());
  EXPECT_EQ(fresh.check(kMaxCounterJump + 1).code(), Errc::kLimitExceeded);
}

TEST(ReplayWindow, GapIsReported) {
  ReplayWindow w;
  EXPECT_EQ(w.accept(0), 0u);
  EXPECT_EQ(w.accept(1), 0u);
  EXPECT_EQ(w.accept(5), 3u);  // 2, 3, 4 skipped
  EXPECT_EQ(w.accept(3), 0u);  // late arrival fills in, no new gap
}

TEST(ReplayWindow, LargeShiftClearsTheBitmap) {
  ReplayWindow w;
  w.accept(0);
  w.accept(kReplayWindow + 10);
  EXPECT_EQ(w.check(kReplayWindow + 10).code(), Errc::kReplay);
  EXPECT_TRUE(w.check(kReplayWindow + 9).ok());
}

TEST(ReplayWindow, RestoreKeepsEverything) {
  ReplayWindow w;
  for (uint64_t c : {3u, 7u, 4u, 100u}) w.accept(c);
  ReplayWindow r = ReplayWindow::restore(!w.empty(), w.highest(), w.bits());
  for (uint64_t c : {3u, 7u, 4u, 100u}) EXPECT_EQ(r.check(c).code(), Errc::kReplay) << c;
  EXPECT_TRUE(r.check(99).ok());
}

// Against a model (a set of every accepted counter): within the window the
// two agree exactly; nothing accepted twice, ever.
RC_GTEST_PROP(ReplayWindow, AgreesWithASetInsideTheWindow, ()) {
  const auto ctrs = *rc::gen::container<std::vector<uint64_t>>(rc::gen::inRange<uint64_t>(0, 3000));
  ReplayWindow w;
  std::set<uint64_t> seen;
  for (uint64_t c : ctrs) {
    const bool fresh = w.check(c).ok();
    if (seen.count(c)) RC_ASSERT(!fresh);
    if (!w.empty() && c + kReplayWindow > w.highest() && !seen.count(c)) RC_ASSERT(fresh);
    if (fresh) {
      w.accept(c);
      seen.insert(c);
    }
  }
}

}  // namespace
}  // namespace e2e::client
