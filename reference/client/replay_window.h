// Sliding replay window over per-sender counters (PROTO-HARD-04): the highest
// counter accepted plus a bitmap of the kReplayWindow counters below it.
#pragma once

#include <bitset>
#include <cstdint>

#include "common/result.h"
#include "protocol/limits.h"

namespace e2e::client {

class ReplayWindow {
 public:
  // check says whether |ctr| would be accepted now, without changing anything:
  // kReplay (seen or below the window) or kLimitExceeded (jump too far).
  Result<void> check(uint64_t ctr) const;
  // accept records |ctr|; call only after check() succeeded and the message
  // was authenticated. Returns how many counters were skipped (a gap).
  uint64_t accept(uint64_t ctr);

  bool empty() const { return !any_; }
  uint64_t highest() const { return highest_; }
  // For export/import: the bitmap as 128 bytes, bit i = counter highest - i.
  std::bitset<proto::kReplayWindow> bits() const { return bits_; }
  static ReplayWindow restore(bool any, uint64_t highest, const std::bitset<proto::kReplayWindow>& bits);

 private:
  bool any_ = false;
  uint64_t highest_ = 0;
  std::bitset<proto::kReplayWindow> bits_;  // bit i: counter (highest_ - i) was seen
};

}  // namespace e2e::client
