// The WebSocket binding of docs/PROTOCOL.md §1: a device names itself in the
// upgrade request's target, `/v1?device=<id>`. The relay takes the speaking
// device from the connection, never from a frame (v1 leaves authenticating
// it to the transport's deployment).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "protocol/frame.h"

namespace e2e::net {

inline constexpr std::string_view kWsPath = "/v1";

// device_from_target parses "/v1?device=<id>" strictly: the path must be
// /v1, the query exactly one `device` parameter whose value is a valid id
// (ids use no characters that need percent-encoding). kInvalidArgument otherwise.
Result<proto::Id> device_from_target(std::string_view target);

// target_for builds the target for |device|.
std::string target_for(std::string_view device);

}  // namespace e2e::net
