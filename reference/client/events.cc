#include "client/events.h"

namespace e2e::client {

std::string_view event_name(const Event& e) {
  static constexpr std::string_view kNames[] = {"message",  "rejected",  "roster_changed",
                                                "roster_rejected", "key_changed", "duplicate",
                                                "gap",      "typing",    "request_failed"};
  static_assert(std::size(kNames) == std::variant_size_v<Event>);
  return kNames[e.index()];
}

}  // namespace e2e::client
