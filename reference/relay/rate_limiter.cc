#include "relay/rate_limiter.h"

#include <algorithm>

namespace e2e::relay {

RateLimiter::RateLimiter(RateLimit limit) : limit_(limit) {
  limit_.window_ms = std::max<int64_t>(limit_.window_ms, 1);
}

// A message sent at t occupies the window (t - W, t]; it stops counting once
// now >= t + W. A clock that steps backwards keeps old entries counting (safe side).
size_t RateLimiter::live_count(const std::deque<UnixMillis>& times, UnixMillis now) const {
  size_t n = 0;
  for (UnixMillis t : times) {
    if (now - t < limit_.window_ms) ++n;
  }
  return n;
}

bool RateLimiter::allowed(const std::string& sender, UnixMillis now) const {
  if (limit_.max_messages == 0) return false;
  auto it = log_.find(sender);
  if (it == log_.end()) return true;
  return live_count(it->second, now) < limit_.max_messages;
}

void RateLimiter::record(const std::string& sender, UnixMillis now) {
  if (limit_.max_messages == 0) return;
  auto& times = log_[sender];
  times.push_back(now);
  while (times.size() > limit_.max_messages) times.pop_front();
  // Amortised clean-up, so the map stays bounded even if prune() is never called.
  if (log_.size() >= prune_at_) {
    prune(now);
    prune_at_ = std::max(kMinPruneAt, 2 * log_.size());
  }
}

void RateLimiter::prune(UnixMillis now) {
  for (auto it = log_.begin(); it != log_.end();) {
    if (live_count(it->second, now) == 0) {
      it = log_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace e2e::relay
