// What a client reports to its application (docs/PROTOCOL.md §7). The
// conformance engine and the attack scenarios judge clients by these.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocol/frame.h"

namespace e2e::client {

using proto::Id;

struct MessageEvent {
  Id chat; Id sender; std::string text; std::vector<std::string> flags;
  friend bool operator==(const MessageEvent&, const MessageEvent&) = default;
};
// A delivered item was refused; |reason| is a stable E2E_ERR_* name.
struct RejectedEvent {
  Id chat; Id from; uint64_t id; std::string reason;
  friend bool operator==(const RejectedEvent&, const RejectedEvent&) = default;
};
struct RosterChangedEvent {
  Id chat; proto::RosterOp op; Id device; Id by;
  friend bool operator==(const RosterChangedEvent&, const RosterChangedEvent&) = default;
};
struct RosterRejectedEvent {
  Id chat; Id from; std::string reason;
  friend bool operator==(const RosterRejectedEvent&, const RosterRejectedEvent&) = default;
};
// A directory answer or a key wrap changed a key this client already held.
struct KeyChangedEvent {
  Id device; Id chat;
  friend bool operator==(const KeyChangedEvent&, const KeyChangedEvent&) = default;
};
struct DuplicateEvent {
  Id chat; uint64_t id;
  friend bool operator==(const DuplicateEvent&, const DuplicateEvent&) = default;
};
struct GapEvent {
  Id chat; Id sender; uint64_t expected; uint64_t got;
  friend bool operator==(const GapEvent&, const GapEvent&) = default;
};
struct TypingEvent {
  Id chat; Id from; bool on;
  friend bool operator==(const TypingEvent&, const TypingEvent&) = default;
};
// The relay refused one of this client's requests.
struct RequestFailedEvent {
  uint64_t rid; std::string code; std::string detail;
  friend bool operator==(const RequestFailedEvent&, const RequestFailedEvent&) = default;
};

using Event = std::variant<MessageEvent, RejectedEvent, RosterChangedEvent, RosterRejectedEvent,
                           KeyChangedEvent, DuplicateEvent, GapEvent, TypingEvent,
                           RequestFailedEvent>;

// event_name: "message", "rejected", ... as in PROTOCOL.md §7.
std::string_view event_name(const Event& e);

// Step: what one operation or one received frame produced.
struct Step {
  std::vector<proto::ClientFrame> out;
  std::vector<Event> events;
  void append(Step&& other) {
    for (auto& f : other.out) out.push_back(std::move(f));
    for (auto& e : other.events) events.push_back(std::move(e));
  }
};

}  // namespace e2e::client
