#include "client/replay_window.h"

namespace e2e::client {

Result<void> ReplayWindow::check(uint64_t ctr) const {
  if (!any_) {
    if (ctr > proto::kMaxCounterJump) return make_error(Errc::kLimitExceeded, "counter jump");
    return ok_result();
  }
  if (ctr > highest_) {
    if (ctr - highest_ > proto::kMaxCounterJump) return make_error(Errc::kLimitExceeded, "counter jump");
    return ok_result();
  }
  const uint64_t back = highest_ - ctr;
  if (back >= proto::kReplayWindow) return make_error(Errc::kReplay, "counter below the window");
  if (bits_.test(static_cast<size_t>(back))) return make_error(Errc::kReplay, "counter seen");
  return ok_result();
}

uint64_t ReplayWindow::accept(uint64_t ctr) {
  uint64_t skipped = 0;
  if (!any_) {
    skipped = ctr;  // counters start at 0
    any_ = true;
    highest_ = ctr;
    bits_.reset();
    bits_.set(0);
    return skipped;
  }
  if (ctr > highest_) {
    const uint64_t shift = ctr - highest_;
    skipped = shift - 1;
    bits_ = shift >= proto::kReplayWindow ? std::bitset<proto::kReplayWindow>{} : (bits_ << shift);
    highest_ = ctr;
    bits_.set(0);
  } else {
    bits_.set(static_cast<size_t>(highest_ - ctr));
  }
  return skipped;
}

ReplayWindow ReplayWindow::restore(bool any, uint64_t highest,
                                   const std::bitset<proto::kReplayWindow>& bits) {
  ReplayWindow w;
  w.any_ = any;
  w.highest_ = highest;
  w.bits_ = bits;
  return w;
}

}  // namespace e2e::client
