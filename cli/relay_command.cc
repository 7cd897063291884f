#include "cli/relay_command.h"

#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string>

#include "net/server.h"
#include "net/store_spec.h"
#include "net/tls_context.h"
#include "protocol/preset.h"

namespace e2e::cli {
namespace {

namespace asio = boost::asio;

struct RelayArgs {
  std::string listen = "127.0.0.1:8080";
  std::string store = "memory";
  std::string tls_cert, tls_key, write_cert, preset;
  bool self_signed = false;
  int64_t ttl_s = 0;
  size_t rate_messages = 0;
  int64_t rate_window_ms = 10'000;
  bool securemsg = false;
  size_t max_frame = proto::kMaxFrameBytes;
  size_t queue_frames = 4096;
  size_t queue_bytes = size_t{16} << 20;
  int64_t handshake_ms = 10'000;
  int64_t idle_ms = 120'000;
  int64_t expire_ms = 1'000;
  int64_t stats_ms = 0;
};

nlohmann::json stats_json(const net::Server& server, const relay::RelayStats& r) {
  const auto& n = server.stats();
  return {{"sessions_open", server.open_sessions()},
          {"accepted", n.accepted},
          {"sessions_opened", n.sessions_opened},
          {"handshake_failures", n.handshake_failures},
          {"slow_consumers", n.slow_consumers},
          {"replaced", n.replaced},
          {"messages_in", n.messages_in},
          {"frames_out", n.frames_out},
          {"bytes_out", n.bytes_out},
          {"undeliverable", n.undeliverable},
          {"frames_in_by_type", r.frames_in},
          {"errors", r.errors},
          {"items_stored", r.items_stored},
          {"items_acked", r.items_acked},
          {"items_expired", r.items_expired},
          {"dedup_hits", r.dedup_hits},
          {"store_failures", r.store_failures}};
}

void log(const std::string& line) { std::cerr << "e2eproof relay: " << line << std::endl; }

int run_relay(const RelayArgs& a) {
  const size_t colon = a.listen.rfind(':');
  if (colon == std::string::npos) return log("--listen must be HOST:PORT"), 2;
  net::ServerOptions opt;
  opt.host = a.listen.substr(0, colon);
  if (opt.host.size() > 2 && opt.host.front() == '[') opt.host = opt.host.substr(1, opt.host.size() - 2);
  try {
    const int port = std::stoi(a.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    opt.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return log("--listen: bad port in " + a.listen), 2;
  }
  if (a.self_signed) {
    std::string fingerprint, pem;
    auto ctx = net::self_signed_tls(fingerprint, pem);
    if (!ctx.ok()) return log(ctx.error().to_string()), 2;
    opt.tls = *ctx;
    log("self-signed certificate sha256=" + fingerprint);
    if (!a.write_cert.empty()) {
      std::ofstream(a.write_cert, std::ios::binary | std::ios::trunc) << pem;
    }
  } else if (!a.tls_cert.empty() || !a.tls_key.empty()) {
    if (a.tls_cert.empty() || a.tls_key.empty()) return log("--tls-cert needs --tls-key"), 2;
    auto ctx = net::server_tls(a.tls_cert, a.tls_key);
    if (!ctx.ok()) return log(ctx.error().to_string()), 2;
    opt.tls = *ctx;
  }
  opt.limits.max_frame_bytes = a.max_frame;
  opt.limits.max_queue_frames = a.queue_frames;
  opt.limits.max_queue_bytes = a.queue_bytes;
  opt.limits.handshake_timeout = std::chrono::milliseconds(a.handshake_ms);
  opt.limits.idle_timeout = std::chrono::milliseconds(a.idle_ms);
  opt.expire_interval = std::chrono::milliseconds(std::max<int64_t>(a.expire_ms, 10));

  // The preset's relay rules first; the flags below override parts of them.
  relay::RelayPolicy policy;
  if (!a.preset.empty()) {
    auto preset = proto::find_preset(a.preset);
    if (!preset.ok()) return log(preset.error().to_string()), 2;
    policy = relay::policy_for(preset->relay);
  }
  if (a.securemsg) {
    policy.ttl_ms = int64_t{30} * 24 * 3600 * 1000;
    policy.rate_limit = relay::RateLimit{1, 10'000};
  }
  if (a.ttl_s > 0) policy.ttl_ms = a.ttl_s * 1000;
  if (a.rate_messages > 0) policy.rate_limit = relay::RateLimit{a.rate_messages, a.rate_window_ms};

  auto opened = net::open_store(a.store);
  if (!opened.ok()) return log(opened.error().to_string()), 2;
  SystemClock clock;
  relay::Relay relay(*opened->store, clock, policy);
  asio::io_context io(1);
  net::Server server(io, relay, opt);
  auto bound = server.listen();
  if (!bound.ok()) return log(bound.error().to_string()), 2;
  // The one parseable line tests and scripts wait for.
  std::cerr << "listening " << bound->address().to_string() << ":" << bound->port()
            << (opt.tls ? " tls" : "") << std::endl;
  log(std::string("store=") + (opened->durable ? "sqlite" : "memory") +
      (a.preset.empty() ? "" : " preset=" + a.preset) +
      " ttl_ms=" + (policy.ttl_ms ? std::to_string(*policy.ttl_ms) : "none") + " rate=" +
      (policy.rate_limit ? std::to_string(policy.rate_limit->max_messages) + "/" +
                               std::to_string(policy.rate_limit->window_ms) + "ms"
                         : "none"));

  asio::steady_timer stats_timer(io);
  std::function<void()> arm_stats = [&] {
    if (a.stats_ms <= 0 || server.stopping()) return;
    stats_timer.expires_after(std::chrono::milliseconds(a.stats_ms));
    stats_timer.async_wait([&](boost::system::error_code ec) {
      if (ec || server.stopping()) return;
      std::cerr << "stats " << stats_json(server, relay.stats()).dump() << std::endl;
      arm_stats();
    });
  };
  arm_stats();
  // SIGTERM/SIGINT: stop accepting, close every session (1001), and let
  // io.run() return once they are gone; then flush the store.
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    log("signal " + std::to_string(sig) + ": shutting down");
    stats_timer.cancel();
    server.stop();
  });
  io.run();

  int rc = 0;
  if (auto flushed = opened->flush(*opened->store); !flushed.ok()) {
    log("store flush failed: " + flushed.error().to_string());
    rc = 1;
  }
  opened->store.reset();
  std::cerr << "stats " << stats_json(server, relay.stats()).dump() << std::endl;
  log("stopped");
  return rc;
}

}  // namespace

void add_relay_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "relay",
      "Run the reference relay as a WebSocket server. A device connects to "
      "ws[s]://HOST:PORT/v1?device=<id> (docs/PROTOCOL.md §1, WebSocket binding) and exchanges "
      "protocol v1 frames as text messages. Prints `listening HOST:PORT` on stderr once bound; "
      "logs and counters (JSON after `stats `) go to stderr and never hold identities, message "
      "bytes or keys. SIGTERM or SIGINT shuts down gracefully and flushes the store.");
  cmd->footer("Exit codes: 0 after a graceful shutdown; 1 when the store could not be flushed; "
              "2 for bad options, an unusable store, certificate or address.");
  auto a = std::make_shared<RelayArgs>();
  cmd->add_option("--listen", a->listen,
                  "HOST:PORT to bind (default 127.0.0.1:8080; loopback unless told otherwise; "
                  "port 0 picks a free port, printed in the `listening` line)");
  cmd->add_option("--store", a->store,
                  "memory (default; message bytes never touch disk, lost on exit) or "
                  "sqlite:PATH (durable, WAL, synchronous=FULL, secure_delete)");
  cmd->add_option("--preset", a->preset,
                  "preset this relay serves (arthas, eleven, hardened): the relay takes TTL and "
                  "rate limit from the preset's relay rules (`e2eproof presets --json`, \"relay\"); "
                  "--securemsg-policy, --ttl and --rate override them (default: no preset, no "
                  "TTL, no rate limit)")
      ->check(CLI::IsMember(proto::preset_names()));
  cmd->add_option("--tls-cert", a->tls_cert, "PEM certificate chain: serve wss (TLS 1.3 only)");
  cmd->add_option("--tls-key", a->tls_key, "PEM private key of --tls-cert");
  cmd->add_flag("--self-signed", a->self_signed,
                "serve wss with a fresh in-memory EC P-256 self-signed certificate for "
                "localhost (local use; its SHA-256 is logged)")
      ->excludes("--tls-cert");
  cmd->add_option("--write-cert", a->write_cert,
                  "with --self-signed: write the certificate (never the key) as PEM here, for "
                  "a client's --ca");
  cmd->add_flag("--securemsg-policy", a->securemsg,
                "the SECUREMSG relay policy: TTL 30 days and 1 message per 10 s per sender "
                "(the flags below override parts of it)");
  cmd->add_option("--ttl", a->ttl_s,
                  "seconds an undelivered item is kept (PROTO-RELAY-06; default: forever)");
  cmd->add_option("--rate", a->rate_messages,
                  "messages (send/direct) accepted per sender per --rate-window; over the limit "
                  "a typed error frame E2E_ERR_RATE_LIMITED answers (default: no limit)");
  cmd->add_option("--rate-window-ms", a->rate_window_ms, "rate-limit window (default 10000)");
  cmd->add_option("--max-frame", a->max_frame,
                  "largest incoming message in bytes (default and maximum 262144); larger ones "
                  "close the connection with 1009")
      ->check(CLI::Range(size_t{64}, proto::kMaxFrameBytes));
  cmd->add_option("--queue-frames", a->queue_frames,
                  "per-connection send queue bound in frames (default 4096); a slow consumer "
                  "past it is disconnected with a close reason");
  cmd->add_option("--queue-bytes", a->queue_bytes,
                  "per-connection send queue bound in bytes (default 16 MiB)");
  cmd->add_option("--handshake-timeout-ms", a->handshake_ms,
                  "TCP accept to WebSocket open, TLS included (default 10000)");
  cmd->add_option("--idle-timeout-ms", a->idle_ms,
                  "drop a connection silent this long (pings are sent at half; default 120000)");
  cmd->add_option("--expire-interval-ms", a->expire_ms,
                  "how often expired items are swept (default 1000)");
  cmd->add_option("--stats-interval-ms", a->stats_ms,
                  "print counters to stderr this often (default 0: only at exit)");
  cmd->callback([&exit_code, a] {
    std::signal(SIGPIPE, SIG_IGN);
    exit_code = run_relay(*a);
  });
}

}  // namespace e2e::cli
