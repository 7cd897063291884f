// RateLimiter: at most N accepted messages per sender in any sliding window of
// W milliseconds (PROTO-RELAY-09; `securemsg` documents N = 1, W = 10 s).
// Time comes from the caller; the limiter holds no clock. State per sender is
// at most N timestamps, and senders whose window has emptied are dropped by
// prune() (called by the relay's sweep, and by record() whenever the number of
// tracked senders has doubled), so memory stays bounded by the senders active
// in one window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace e2e::relay {

struct RateLimit {
  size_t max_messages = 1;   // N: messages accepted per window (0 refuses every message)
  int64_t window_ms = 10'000;  // W: window length; values < 1 are treated as 1
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit);

  // allowed is true when |sender| may send one more message at |now|. It does
  // not consume: call record() once the message is accepted, so a refused or
  // failed request never costs the sender a slot.
  bool allowed(const std::string& sender, UnixMillis now) const;
  // record counts one accepted message of |sender| at |now|.
  void record(const std::string& sender, UnixMillis now);
  // prune forgets every sender with no message inside the window ending at |now|.
  void prune(UnixMillis now);
  // tracked_senders returns how many senders have state (for tests and stats).
  size_t tracked_senders() const { return log_.size(); }

 private:
  size_t live_count(const std::deque<UnixMillis>& times, UnixMillis now) const;

  static constexpr size_t kMinPruneAt = 1024;

  RateLimit limit_;
  size_t prune_at_ = kMinPruneAt;  // record() prunes when this many senders are tracked
  std::unordered_map<std::string, std::deque<UnixMillis>> log_;  // oldest first, <= N entries
};

}  // namespace e2e::relay
