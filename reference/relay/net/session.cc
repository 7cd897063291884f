// WsSession<Stream>: the one implementation of Session, for beast::tcp_stream
// (plain) and beast::ssl_stream<beast::tcp_stream> (TLS 1.3).
#include "net/session.h"

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <type_traits>

#include "net/beast_types.h"
#include "net/device_target.h"
#include "net/server.h"

namespace e2e::net {
namespace {

template <class Stream>
class WsSession final : public Session, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  template <class... Args>
  WsSession(Server& server, const SessionLimits& limits, Args&&... args)
      : server_(server), limits_(limits), ws_(std::forward<Args>(args)...),
        deadline_(ws_.get_executor()) {
    server_.session_started(this);
  }
  ~WsSession() override { server_.session_ended(this); }

  void start() {
    beast::get_lowest_layer(ws_).expires_after(limits_.handshake_timeout);
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      ws_.next_layer().async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](error_code ec) {
            if (ec) return self->fail_handshake();
            self->read_request();
          });
    } else {
      read_request();
    }
  }

  void send(const WireFrame& frame) override {
    if (closing_ || !open_) return;
    if (queue_.size() + 1 > limits_.max_queue_frames ||
        queued_bytes_ + frame.size() > limits_.max_queue_bytes) {
      ++server_.counters().slow_consumers;
      close("slow consumer: send queue bound exceeded", false);
      return;
    }
    queued_bytes_ += frame.size();
    queue_.push_back(frame);
    if (!writing_) write_next();
  }

  void close(std::string_view reason, bool going_away) override {
    if (closing_) return;
    closing_ = true;
    // Keep only the frame being written (its buffers are in use); the rest
    // of a closing session's queue is dropped: those items stay in the mailbox.
    while (queue_.size() > (writing_ ? 1u : 0u)) queue_.pop_back();
    reason_ = websocket::close_reason(
        going_away ? websocket::close_code::going_away : websocket::close_code::policy_error,
        reason.substr(0, 120));
    deadline_.expires_after(limits_.close_timeout);
    deadline_.async_wait([weak = this->weak_from_this()](error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->drop();
    });
    if (!open_) return drop();
    if (!writing_) do_close();
  }

 private:
  void drop() {
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

  void fail_handshake() {
    ++server_.counters().handshake_failures;
    drop();
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(8 * 1024);
    http::async_read(ws_.next_layer(), buf_, *parser_,
                     [self = this->shared_from_this()](error_code ec, size_t) {
                       self->on_request(ec);
                     });
  }

  void on_request(error_code ec) {
    if (ec || closing_) return fail_handshake();
    const auto& req = parser_->get();
    auto device = device_from_target(std::string_view(req.target().data(), req.target().size()));
    if (!websocket::is_upgrade(req) || !device.ok()) {
      ++server_.counters().handshake_failures;
      auto res = std::make_shared<http::response<http::string_body>>(http::status::bad_request,
                                                                     req.version());
      res->set(http::field::content_type, "text/plain");
      res->body() = device.ok() ? "expected a WebSocket upgrade\n"
                                : "expected GET /v1?device=<id> ([A-Za-z0-9_-]{1,64})\n";
      res->keep_alive(false);
      res->prepare_payload();
      http::async_write(ws_.next_layer(), *res,
                        [self = this->shared_from_this(), res](error_code, size_t) { self->drop(); });
      return;
    }
    device_ = std::move(*device);
    ws_.read_message_max(limits_.max_frame_bytes);
    ws_.async_accept(req, [self = this->shared_from_this()](error_code ec2) {
      self->on_accept(ec2);
    });
  }

  void on_accept(error_code ec) {
    if (ec) return fail_handshake();
    // The WebSocket layer's own timeouts (idle with keep-alive pings, close
    // handshake) take over from the TCP deadline once the upgrade is done.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout opt{};
    opt.handshake_timeout = limits_.close_timeout;
    opt.idle_timeout = limits_.idle_timeout;
    opt.keep_alive_pings = true;
    ws_.set_option(opt);
    parser_.reset();
    open_ = true;
    ++server_.counters().sessions_opened;
    if (closing_) return do_close();
    server_.attach(this->shared_from_this());
    read_loop();
  }

  void read_loop() {
    ws_.async_read(buf_, [self = this->shared_from_this()](error_code ec, size_t) {
      self->on_read(ec);
    });
  }

  void on_read(error_code ec) {
    if (ec) {
      // Peer closed, oversized message (Beast already sent close 1009), protocol
      // violation, or our own close finishing: the session is over.
      finished();
      return;
    }
    const auto data = buf_.cdata();
    server_.on_message(*this, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buf_.consume(buf_.size());
    if (!read_done_) read_loop();
  }

  void finished() {
    if (read_done_) return;
    read_done_ = true;
    closing_ = true;
    server_.detach(*this);
    deadline_.cancel();
    queue_.clear();
    drop();
  }

  void write_next() {
    writing_ = true;
    const WireFrame& f = queue_.front();
    const std::string& t = *f.text;
    std::array<asio::const_buffer, 3> parts{asio::buffer(t.data(), f.splice_at),
                                            asio::buffer(f.splice),
                                            asio::buffer(t.data() + f.splice_at,
                                                         t.size() - f.splice_at)};
    ws_.text(true);
    ws_.async_write(parts, [self = this->shared_from_this()](error_code ec, size_t) {
      self->on_write(ec);
    });
  }

  void on_write(error_code ec) {
    writing_ = false;
    if (!queue_.empty()) {
      queued_bytes_ -= queue_.front().size();
      queue_.pop_front();
    }
    if (ec) return finished();
    if (closing_) return do_close();
    if (!queue_.empty()) write_next();
  }

  void do_close() {
    if (close_sent_ || read_done_) return;
    close_sent_ = true;
    ws_.async_close(reason_, [self = this->shared_from_this()](error_code) {
      // The pending read completes with `closed` once the peer answers; the
      // deadline drops the socket if it never does.
    });
  }

  Server& server_;
  SessionLimits limits_;
  websocket::stream<Stream> ws_;
  asio::steady_timer deadline_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  std::deque<WireFrame> queue_;
  size_t queued_bytes_ = 0;
  websocket::close_reason reason_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool read_done_ = false;
};

}  // namespace

void start_session(tcp::socket socket, Server& server, const SessionLimits& limits,
                   asio::ssl::context* tls) {
  if (tls != nullptr) {
    std::make_shared<WsSession<TlsStream>>(server, limits, std::move(socket), *tls)->start();
  } else {
    std::make_shared<WsSession<PlainStream>>(server, limits, std::move(socket))->start();
  }
}

}  // namespace e2e::net
