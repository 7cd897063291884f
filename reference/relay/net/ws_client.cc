#include "net/ws_client.h"

#include <openssl/ssl.h>

#include <deque>
#include <type_traits>

#include "net/beast_types.h"
#include "net/device_target.h"
#include "protocol/limits.h"

namespace e2e::net {
namespace {

template <class Stream>
class Impl final : public WsClient, public std::enable_shared_from_this<Impl<Stream>> {
 public:
  template <class... Args>
  Impl(asio::io_context& io, WsUrl url, std::string device, bool verify_host, WsHandlers h,
       std::shared_ptr<asio::ssl::context> tls, Args&&... args)
      : tls_(std::move(tls)), resolver_(io), ws_(std::forward<Args>(args)...), url_(std::move(url)),
        device_(std::move(device)), verify_host_(verify_host), h_(std::move(h)) {}

  void connect() override {
    resolver_.async_resolve(url_.host, url_.port,
                            [self = this->shared_from_this()](error_code ec, tcp::resolver::results_type r) {
                              if (ec) return self->finish("resolve: " + ec.message());
                              self->on_resolve(r);
                            });
  }

  void send(std::shared_ptr<const std::string> text) override {
    if (!open_ || closing_) return;
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write_next();
  }

  void close() override {
    if (!open_ || closing_) {
      if (!done_) beast::get_lowest_layer(ws_).close();
      return;
    }
    closing_ = true;
    ws_.async_close(websocket::close_code::normal, [self = this->shared_from_this()](error_code) {});
  }

  bool is_open() const override { return open_ && !closing_; }

 private:
  void on_resolve(const tcp::resolver::results_type& r) {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws_).async_connect(
        r, [self = this->shared_from_this()](error_code ec, const tcp::endpoint&) {
          if (ec) return self->finish("connect: " + ec.message());
          error_code ignored;
          beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ignored);
          self->on_connect();
        });
  }

  void on_connect() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      SSL* ssl = ws_.next_layer().native_handle();
      SSL_set_tlsext_host_name(ssl, url_.host.c_str());
      if (verify_host_) SSL_set1_host(ssl, url_.host.c_str());
      ws_.next_layer().async_handshake(asio::ssl::stream_base::client,
                                       [self = this->shared_from_this()](error_code ec) {
                                         if (ec) return self->finish("tls: " + ec.message());
                                         self->upgrade();
                                       });
    } else {
      upgrade();
    }
  }

  void upgrade() {
    ws_.read_message_max(proto::kMaxFrameBytes);
    ws_.async_handshake(url_.host + ":" + url_.port, target_for(device_),
                        [self = this->shared_from_this()](error_code ec) {
                          if (ec) return self->finish("upgrade: " + ec.message());
                          beast::get_lowest_layer(self->ws_).expires_never();
                          websocket::stream_base::timeout opt{};
                          opt.handshake_timeout = std::chrono::seconds(5);
                          opt.idle_timeout = std::chrono::seconds(60);
                          opt.keep_alive_pings = true;
                          self->ws_.set_option(opt);
                          self->open_ = true;
                          if (self->h_.on_open) self->h_.on_open();
                          self->read_loop();
                        });
  }

  void read_loop() {
    ws_.async_read(buf_, [self = this->shared_from_this()](error_code ec, size_t) {
      if (ec) {
        std::string why = ec.message();
        if (ec == websocket::error::closed && !self->ws_.reason().reason.empty())
          why = "closed: " + std::string(self->ws_.reason().reason.c_str());
        return self->finish(why);
      }
      const auto d = self->buf_.cdata();
      if (self->h_.on_message)
        self->h_.on_message(std::string_view(static_cast<const char*>(d.data()), d.size()));
      self->buf_.consume(self->buf_.size());
      self->read_loop();
    });
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = this->shared_from_this()](error_code ec, size_t) {
                      self->queue_.pop_front();
                      if (ec) return self->finish("write: " + ec.message());
                      if (!self->queue_.empty() && !self->closing_) self->write_next();
                    });
  }

  void finish(const std::string& why) {
    if (done_) return;
    done_ = true;
    open_ = false;
    queue_.clear();
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (h_.on_close) h_.on_close(why);
  }

  std::shared_ptr<asio::ssl::context> tls_;  // outlives ws_ (declared first)
  tcp::resolver resolver_;
  websocket::stream<Stream> ws_;
  WsUrl url_;
  std::string device_;
  bool verify_host_;
  WsHandlers h_;
  beast::flat_buffer buf_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool open_ = false;
  bool closing_ = false;
  bool done_ = false;
};

}  // namespace

Result<WsUrl> parse_ws_url(std::string_view url) {
  WsUrl out;
  if (url.substr(0, 5) == "ws://") {
    url.remove_prefix(5);
  } else if (url.substr(0, 6) == "wss://") {
    url.remove_prefix(6);
    out.tls = true;
  } else {
    return make_error(Errc::kInvalidArgument, "URL must start with ws:// or wss://");
  }
  if (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t colon = url.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == url.size())
    return make_error(Errc::kInvalidArgument, "URL must be ws[s]://HOST:PORT");
  out.host = std::string(url.substr(0, colon));
  out.port = std::string(url.substr(colon + 1));
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  return out;
}

std::shared_ptr<WsClient> make_ws_client(asio::io_context& io, const WsUrl& url,
                                         const std::string& device,
                                         std::shared_ptr<asio::ssl::context> tls, bool verify_host,
                                         WsHandlers handlers) {
  if (url.tls) {
    auto& ctx = *tls;
    return std::make_shared<Impl<TlsStream>>(io, url, device, verify_host, std::move(handlers),
                                             std::move(tls), io, ctx);
  }
  return std::make_shared<Impl<PlainStream>>(io, url, device, verify_host, std::move(handlers),
                                             nullptr, io);
}

}  // namespace e2e::net
