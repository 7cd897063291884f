// Time is injected: cores read a Clock&, so tests can drive expiry and TTLs.
#pragma once

#include <cstdint>

namespace e2e {

// UnixMillis: milliseconds since 1970-01-01T00:00:00Z.
using UnixMillis = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis now_ms() const = 0;
};

// SystemClock reads the wall clock.
class SystemClock final : public Clock {
 public:
  UnixMillis now_ms() const override;
};

// ManualClock stands still until told to move; for tests and simulations.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start = 1'700'000'000'000) : now_(start) {}
  UnixMillis now_ms() const override { return now_; }
  void set_ms(UnixMillis t) { now_ = t; }
  void advance_ms(int64_t delta) { now_ += delta; }

 private:
  UnixMillis now_;
};

}  // namespace e2e
