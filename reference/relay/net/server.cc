#include "net/server.h"

#include <boost/asio/ip/address.hpp>

namespace e2e::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Server::Server(asio::io_context& io, relay::Relay& relay, ServerOptions options)
    : io_(io), relay_(relay), options_(std::move(options)), acceptor_(io), expiry_(io) {}

Result<tcp::endpoint> Server::listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) return make_error(Errc::kInvalidArgument, "not an IP address: " + options_.host);
  const tcp::endpoint ep(address, options_.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(Errc::kIo, "cannot listen on " + options_.host + ":" +
                                           std::to_string(options_.port) + ": " + ec.message());
  const tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) return make_error(Errc::kIo, "local_endpoint: " + ec.message());
  accept();
  arm_expiry();
  return bound;
}

void Server::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (stopping_) return;
    if (!ec) {
      ++stats_.accepted;
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      start_session(std::move(socket), *this, options_.limits, options_.tls.get());
    }
    // A failed accept (e.g. out of descriptors) must not end the server.
    accept();
  });
}

void Server::arm_expiry() {
  expiry_.expires_after(options_.expire_interval);
  expiry_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    relay_.expire();
    arm_expiry();
  });
}

void Server::stop() {
  if (stopping_) return;
  stopping_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  expiry_.cancel();
  // close() may end a session synchronously and erase it from all_: iterate a copy.
  const std::vector<Session*> sessions(all_.begin(), all_.end());
  for (Session* s : sessions) {
    if (all_.count(s) != 0) s->close("relay shutting down", true);
  }
}

void Server::attach(const std::shared_ptr<Session>& s) {
  if (stopping_) return s->close("relay shutting down", true);
  auto [it, inserted] = by_device_.try_emplace(s->device(), s);
  if (!inserted) {
    // The newer connection wins: the older one may be a dead socket the
    // device has already given up on.
    std::shared_ptr<Session> old = std::move(it->second);
    it->second = s;
    ++stats_.replaced;
    old->close("replaced by a newer connection of this device", false);
  }
  deliver(relay_.on_connect(s->device()));
}

void Server::detach(Session& s) {
  auto it = by_device_.find(s.device());
  if (it != by_device_.end() && it->second.get() == &s) by_device_.erase(it);
}

void Server::on_message(Session& s, std::string_view text) {
  ++stats_.messages_in;
  deliver(relay_.handle_text(s.device(), text));
}

void Server::deliver(const std::vector<relay::Outbound>& outs) {
  const std::vector<Addressed> frames = serialize_outbound(outs);
  if (observer_) observer_(frames);
  send_frames(frames);
}

void Server::send_frames(const std::vector<Addressed>& frames) {
  for (const Addressed& a : frames) {
    auto it = by_device_.find(a.to);
    if (it == by_device_.end()) {
      ++stats_.undeliverable;
      continue;
    }
    ++stats_.frames_out;
    stats_.bytes_out += a.frame.size();
    it->second->send(a.frame);
  }
}

}  // namespace e2e::net
