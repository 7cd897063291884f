// Session: one WebSocket connection of one device, as the Server sees it.
// The implementation (session.cc) is a template over the plain and the TLS
// stream; the Server only queues frames and asks sessions to close.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "net/wire_frame.h"
#include "protocol/limits.h"

namespace e2e::net {

class Server;

// SessionLimits bound what one connection may cost the relay.
struct SessionLimits {
  size_t max_frame_bytes = proto::kMaxFrameBytes;  // incoming message bound (read_message_max)
  // Outgoing queue bounds: a device that does not read its frames is
  // disconnected ("slow consumer") instead of growing the relay's memory. Its
  // undelivered items stay in its mailbox and are pushed on reconnect.
  size_t max_queue_frames = 4096;
  size_t max_queue_bytes = size_t{16} << 20;
  std::chrono::milliseconds handshake_timeout{10'000};  // TCP accept -> WebSocket open (TLS included)
  std::chrono::milliseconds close_timeout{2'000};       // close handshake, then the socket is dropped
  std::chrono::milliseconds idle_timeout{120'000};      // silence (pings unanswered) -> drop
};

class Session {
 public:
  virtual ~Session() = default;
  // device is the connection's device id (valid once the session is attached).
  const proto::Id& device() const { return device_; }
  // send queues |frame|; disconnects a slow consumer with a close reason when
  // a queue bound would be exceeded. No-op once closing.
  virtual void send(const WireFrame& frame) = 0;
  // close starts a WebSocket close with |reason| (going_away: 1001, else
  // policy violation 1008); the socket is dropped if the peer does not answer
  // within close_timeout. Before the upgrade it drops the socket.
  virtual void close(std::string_view reason, bool going_away) = 0;

 protected:
  proto::Id device_;
};

// start_session runs one accepted connection: TLS handshake when |tls| is
// set, the HTTP upgrade (target /v1?device=<id>, else HTTP 400), then the
// read loop feeding |server|.
void start_session(boost::asio::ip::tcp::socket socket, Server& server, const SessionLimits& limits,
                   boost::asio::ssl::context* tls);

}  // namespace e2e::net
