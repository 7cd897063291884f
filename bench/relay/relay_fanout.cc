// e2e_relay_fanout: one message to N recipients (N = 10, 100, 1000, 10000 by
// default, or the N given as arguments).
//
//  core: the in-process relay core plus the shell's serialisation
//        (Relay::handle + serialize_outbound), deliveries/s.
//  ws:   over loopback WebSockets: a sender posts one `send`; time until all
//        N recipients (real sockets, another process) have the `deliver`.
//  raw:  the raw baseline, measured in the same run: the very frames the
//        relay produced, written to the same sessions/sockets with no relay
//        logic (Server::send_frames), timed the same way.
//  ratio = ws deliveries/s / raw deliveries/s (1.0: the relay logic is free).
//
// The recipients run in a forked child so each process stays under the
// descriptor limit at N = 10000. Rounds alternate relay and raw so both see
// the same machine; the medians are reported.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "net/server.h"
#include "net/wire_frame.h"
#include "net/ws_client.h"
#include "relay/memory_store.h"
#include "relay/relay.h"

namespace {

using namespace e2e;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

std::string rid_id(size_t i) { return "r" + std::to_string(i); }

// A chat "f" with the sender s0 and recipients r0..r{n-1}, written straight
// into the store (setup, not what is measured).
void make_chat(relay::Store& store, size_t n) {
  relay::Batch b{relay::CreateChat{"f", std::nullopt, "s0"}};
  for (size_t i = 0; i < n; ++i) b.push_back(relay::AddMember{"f", rid_id(i)});
  if (!store.apply(b).ok()) std::abort();
}

std::string send_text(size_t k) {
  // A body of a typical small encrypted message (~300 bytes of base64url).
  return R"({"v":1,"t":"send","rid":)" + std::to_string(k + 1) + R"(,"chat":"f","cmid":"c)" +
         std::to_string(k) + R"(","body":{"ct":")" + std::string(300, 'A') + R"("}})";
}

relay::RelayPolicy bench_policy() {
  relay::RelayPolicy p;
  p.dedup_window = 16;
  return p;
}

double core_rate(size_t n) {
  relay::MemoryStore store;
  ManualClock clock;
  relay::Relay relay(store, clock, bench_policy());
  make_chat(store, n);
  const size_t rounds = std::max<size_t>(5, 200000 / n);
  size_t deliveries = 0;
  const auto t0 = Clock::now();
  for (size_t k = 0; k < std::min<size_t>(rounds, 5000); ++k) {
    const auto frames = net::serialize_outbound(relay.handle_text("s0", send_text(k)));
    deliveries += frames.size() - 1;  // minus the `sent` reply
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return static_cast<double>(deliveries) / s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// ---- the recipients' process --------------------------------------------------

// run_clients connects s0 and r0..r{n-1}, then for each round writes 'R'
// (relay: s0 sends) or 'B' (baseline: the parent writes the frames) and
// times until every recipient got one more message. Writes the two medians
// (seconds) to |out_fd|.
int run_clients(uint16_t port, size_t n, size_t rounds, int cmd_fd, int out_fd) {
  asio::io_context io(1);
  net::WsUrl url{false, "127.0.0.1", std::to_string(port)};
  std::vector<std::shared_ptr<net::WsClient>> clients;
  size_t opened = 0, received = 0, next = 0;
  Clock::time_point start;
  std::vector<double> relay_s, raw_s;
  bool raw_round = false;
  bool finishing = false;
  std::function<void()> connect_next;
  auto connect_one = [&](const std::string& dev, bool recipient) {
    net::WsHandlers h;
    h.on_open = [&] {
      ++opened;
      connect_next();
    };
    if (recipient) h.on_message = [&](std::string_view) { ++received; };
    h.on_close = [dev, &finishing](const std::string& why) {
      if (!finishing) std::fprintf(stderr, "client %s closed: %s\n", dev.c_str(), why.c_str());
    };
    auto c = net::make_ws_client(io, url, dev, nullptr, false, h);
    clients.push_back(c);
    c->connect();
  };
  connect_next = [&] {
    if (next < n) {
      const size_t i = next++;
      connect_one(rid_id(i), true);
    }
  };
  connect_one("s0", false);
  for (size_t i = 0; i < 64; ++i) connect_next();
  while (opened < n + 1) io.run_one();

  for (size_t r = 0; r < 2 * rounds; ++r) {
    raw_round = (r % 2) == 1;
    const size_t target = received + n;
    start = Clock::now();
    if (raw_round) {
      if (::write(cmd_fd, "B", 1) != 1) return 1;
    } else {
      clients[0]->send(std::make_shared<const std::string>(send_text(r)));
    }
    while (received < target) io.run_one();
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    (raw_round ? raw_s : relay_s).push_back(s);
  }
  const double res[2] = {median(relay_s), median(raw_s)};
  if (::write(out_fd, res, sizeof res) != sizeof res) return 1;
  if (::write(cmd_fd, "Q", 1) != 1) return 1;
  finishing = true;
  for (auto& c : clients) c->close();
  io.run_for(std::chrono::seconds(2));
  return 0;
}

// ---- the relay's process --------------------------------------------------------

bool run_n(size_t n) {
  relay::MemoryStore store;
  SystemClock clock;
  relay::Relay relay(store, clock, bench_policy());
  make_chat(store, n);
  asio::io_context io(1);
  net::ServerOptions opt;
  opt.expire_interval = std::chrono::hours(1);
  net::Server server(io, relay, opt);
  auto ep = server.listen();
  if (!ep.ok()) return false;
  std::vector<net::Addressed> last;
  server.observe_fanout([&](const std::vector<net::Addressed>& f) {
    if (f.size() > 1) last = f;
  });
  const size_t rounds = n >= 10000 ? 7 : n >= 1000 ? 15 : 41;
  int cmd[2], out[2];
  if (::pipe(cmd) != 0 || ::pipe(out) != 0) return false;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(cmd[0]);
    ::close(out[0]);
    std::_Exit(run_clients(ep->port(), n, rounds, cmd[1], out[1]));
  }
  ::close(cmd[1]);
  ::close(out[1]);
  std::thread io_thread([&] {
    auto guard = asio::make_work_guard(io);
    io.run();
  });
  char c;
  while (::read(cmd[0], &c, 1) == 1 && c == 'B') {
    // The baseline: the frames of the last fan-out, minus the sender's `sent`.
    asio::post(io, [&] {
      std::vector<net::Addressed> deliveries;
      for (const auto& a : last)
        if (a.to != "s0") deliveries.push_back(a);
      server.send_frames(deliveries);
    });
  }
  double res[2] = {0, 0};
  const bool got = ::read(out[0], res, sizeof res) == sizeof res;
  int status = 0;
  ::waitpid(pid, &status, 0);
  asio::post(io, [&] {
    server.stop();
    io.stop();
  });
  io_thread.join();
  if (!got) return false;
  const double core = core_rate(n);
  const double ws = static_cast<double>(n) / res[0], raw = static_cast<double>(n) / res[1];
  std::printf("%6zu  %14.0f  %14.0f  %14.0f  %9.3f  %9.3f\n", n, core, ws, raw, ws / raw,
              res[0] * 1e3);
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> ns = {10, 100, 1000, 10000};
  if (argc > 1) {
    ns.clear();
    for (int i = 1; i < argc; ++i) ns.push_back(std::strtoul(argv[i], nullptr, 10));
  }
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
  std::printf("relay fan-out: one message to N recipients (deliveries/s; ratio = ws/raw)\n");
  std::printf("%6s  %14s  %14s  %14s  %9s  %9s\n", "N", "core", "ws(relay)", "ws(raw)", "ratio",
              "relay_ms");
  for (size_t n : ns) {
    if (!run_n(n)) {
      std::fprintf(stderr, "fan-out to %zu failed\n", n);
      return 1;
    }
  }
  return 0;
}
