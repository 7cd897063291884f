// WsClient: an asynchronous WebSocket client of the relay (plain or TLS 1.3)
// for the chat command, the benchmarks and tests. It carries text messages
// and reports open / message / close; it knows nothing of the protocol.
// Single-threaded: use it only from the thread running its io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace e2e::net {

struct WsUrl {
  bool tls = false;
  std::string host;
  std::string port;
};
// parse_ws_url: ws://HOST:PORT or wss://HOST:PORT (a trailing "/" allowed;
// the path is always the protocol's /v1?device=...).
Result<WsUrl> parse_ws_url(std::string_view url);

struct WsHandlers {
  std::function<void()> on_open;
  std::function<void(std::string_view)> on_message;
  // on_close: the connection failed or ended; |why| is for logs.
  std::function<void(const std::string& why)> on_close;
};

class WsClient {
 public:
  virtual ~WsClient() = default;
  // connect starts connecting (resolve, TCP, TLS, upgrade to /v1?device=<device>).
  virtual void connect() = 0;
  // send queues one text message; dropped when not open.
  virtual void send(std::shared_ptr<const std::string> text) = 0;
  // close starts a normal close; on_close follows.
  virtual void close() = 0;
  virtual bool is_open() const = 0;
};

// make_ws_client: |tls| must be set for wss URLs (see client_tls).
std::shared_ptr<WsClient> make_ws_client(boost::asio::io_context& io, const WsUrl& url,
                                         const std::string& device,
                                         std::shared_ptr<boost::asio::ssl::context> tls,
                                         bool verify_host, WsHandlers handlers);

}  // namespace e2e::net
