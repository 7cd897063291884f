#include "common/clock.h"

#include <chrono>

namespace e2e {

UnixMillis SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace e2e
