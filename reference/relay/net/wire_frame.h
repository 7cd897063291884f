// WireFrame: the bytes of one outgoing WebSocket text message, built so that
// one serialisation is shared by every recipient of a fan-out.
//
// A posting fans out as one `deliver` per recipient that differ only in the
// mailbox id, so a WireFrame is `prefix | splice | suffix` where prefix and
// suffix live in ONE shared, immutable buffer (`text`, split at `splice_at`)
// and `splice` holds the few per-recipient bytes (the decimal id). Sessions
// write the three parts as one buffer sequence, so no recipient copies the
// body. Frames that are not part of a fan-out have an empty splice.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "relay/relay.h"

namespace e2e::net {

struct WireFrame {
  std::shared_ptr<const std::string> text;
  size_t splice_at = 0;  // prefix = text[0, splice_at), suffix = text[splice_at, end)
  std::string splice;

  size_t size() const { return text->size() + splice.size(); }
  // flatten returns the message as one string (tests and the chat client).
  std::string flatten() const;
};

// Addressed: one WireFrame for one device.
struct Addressed {
  proto::Id to;
  WireFrame frame;
};

// serialize_outbound serialises |outs| (in order) sharing buffers: a run of
// consecutive `deliver` frames that are equal except for their id is
// serialised twice (to locate the id bytes) and shared by the whole run; every
// other frame is serialised once. The bytes of each result equal
// proto::serialize of the corresponding Outbound (checked by the unit test).
std::vector<Addressed> serialize_outbound(const std::vector<relay::Outbound>& outs);

}  // namespace e2e::net
