// Server: the network shell around one sans-IO relay core. It owns the
// acceptor, the device -> session map and the expiry timer; every call into
// the core happens on the one thread running the io_context (the core is
// single-threaded), so no locks are needed. It parses nothing itself:
// handle_text per message, on_connect when a device connects, expire on a
// timer; the core's Outbound frames are serialised once per fan-out
// (serialize_outbound) and queued on the recipients' sessions. A recipient
// without a session is simply skipped: its item stays in its mailbox.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/result.h"
#include "net/session.h"
#include "relay/relay.h"

namespace e2e::net {

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  uint16_t port = 0;               // 0: any free port (see Server::listen)
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain WebSocket
  SessionLimits limits;
  std::chrono::milliseconds expire_interval{1'000};  // how often relay.expire() runs
};

// NetStats: transport counters (no identities, like RelayStats).
struct NetStats {
  uint64_t accepted = 0;           // TCP connections accepted
  uint64_t sessions_opened = 0;    // WebSocket upgrades completed
  uint64_t handshake_failures = 0; // TLS/HTTP/upgrade failures and refusals
  uint64_t slow_consumers = 0;     // sessions closed for an over-full send queue
  uint64_t replaced = 0;           // sessions closed by a newer one of the same device
  uint64_t messages_in = 0;
  uint64_t frames_out = 0;         // frames queued to sessions
  uint64_t bytes_out = 0;
  uint64_t undeliverable = 0;      // frames for devices without a session
};

class Server {
 public:
  // |relay| must outlive the Server and is used only from |io|'s thread.
  Server(boost::asio::io_context& io, relay::Relay& relay, ServerOptions options);

  // listen binds and starts accepting; returns the bound endpoint (the real
  // port when options.port was 0).
  Result<boost::asio::ip::tcp::endpoint> listen();

  // stop: stop accepting and the timer, close every session ("relay shutting
  // down", 1001). io.run() returns once the sessions are gone.
  void stop();
  bool stopping() const { return stopping_; }

  // send_frames queues already-serialised frames on their devices' sessions
  // with no relay logic: the raw baseline of the fan-out benchmark, and the
  // very path deliver() ends in.
  void send_frames(const std::vector<Addressed>& frames);
  // observe_fanout: |f| sees every batch of frames the core produced (bench).
  void observe_fanout(std::function<void(const std::vector<Addressed>&)> f) { observer_ = std::move(f); }

  const NetStats& stats() const { return stats_; }
  size_t open_sessions() const { return by_device_.size(); }
  relay::Relay& relay() { return relay_; }

  // ---- called by sessions --------------------------------------------------
  void session_started(Session* s) { all_.insert(s); }
  void session_ended(Session* s) { all_.erase(s); }
  // attach makes |s| the session of its device (closing an older one) and
  // pushes the device's pending items.
  void attach(const std::shared_ptr<Session>& s);
  void detach(Session& s);
  void on_message(Session& s, std::string_view text);
  NetStats& counters() { return stats_; }

 private:
  void accept();
  void arm_expiry();
  void deliver(const std::vector<relay::Outbound>& outs);

  boost::asio::io_context& io_;
  relay::Relay& relay_;
  ServerOptions options_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer expiry_;
  std::unordered_map<proto::Id, std::shared_ptr<Session>> by_device_;
  std::unordered_set<Session*> all_;
  NetStats stats_;
  std::function<void(const std::vector<Addressed>&)> observer_;
  bool stopping_ = false;
};

}  // namespace e2e::net
