// ChatApp: the client core on one io_context thread; a second thread only
// reads stdin lines and posts them to that thread, so the core is never
// touched concurrently. Frames produced while disconnected are dropped: on
// every (re)connect the app registers again (idempotent) and calls fetch(),
// which re-sends every message the relay has not confirmed (the relay
// deduplicates by cmid) and picks up the mailbox.
#include "cli/chat_command.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "adapter/event_json.h"
#include "cli/chat_state_file.h"
#include "client/client.h"
#include "net/tls_context.h"
#include "net/ws_client.h"

namespace e2e::cli {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

struct ChatArgs {
  std::string connect = "ws://127.0.0.1:8080";
  std::string device, name, preset = "eleven", state, ca;
  bool insecure = false;
  int64_t reconnect_ms = 200;
};

void emit(const json& j) { std::cout << j.dump() << '\n' << std::flush; }
void emit(std::string_view event, json data) { emit(json{{"event", event}, {"data", std::move(data)}}); }

class ChatApp {
 public:
  ChatApp(asio::io_context& io, ChatArgs args, client::Client client, net::WsUrl url,
          std::shared_ptr<asio::ssl::context> tls)
      : io_(io), args_(std::move(args)), client_(std::move(client)), url_(std::move(url)),
        tls_(std::move(tls)), reconnect_(io), save_timer_(io) {}

  void start() { connect(); }

  void on_line(const std::string& line) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd.empty() || cmd[0] == '#') return;
    auto arg = [&in] {
      std::string s;
      in >> s;
      return s;
    };
    Result<client::Step> step = client::Step{};
    json extra = json::object();
    if (cmd == "create") {
      step = client_.create_chat(arg());
    } else if (cmd == "code") {
      auto code = client_.share_code(arg());
      if (!code.ok()) return fail(cmd, code.error());
      extra["code"] = *code;
    } else if (cmd == "join") {
      step = client_.join_with_share_code(arg());
    } else if (cmd == "leave") {
      step = client_.leave(arg());
    } else if (cmd == "add" || cmd == "remove") {
      const std::string chat = arg(), dev = arg();
      step = cmd == "add" ? client_.add_member(chat, dev) : client_.remove_member(chat, dev);
    } else if (cmd == "invite") {
      auto inv = client_.create_invite(arg());
      if (!inv.ok()) return fail(cmd, inv.error());
      extra["link"] = inv->first;
      step = std::move(inv->second);
    } else if (cmd == "accept") {
      step = client_.accept_invite(arg());
    } else if (cmd == "send") {
      const std::string chat = arg();
      std::string text;
      std::getline(in >> std::ws, text);
      step = client_.send_text(chat, text);
      if (step.ok()) {
        for (const auto& f : step->out)
          if (const auto* s = std::get_if<proto::Send>(&f)) extra["cmid"] = s->cmid;
      }
    } else if (cmd == "typing") {
      const std::string chat = arg();
      step = client_.set_typing(chat, arg() != "off");
    } else if (cmd == "fetch") {
      step = client_.fetch();
    } else if (cmd == "members") {
      extra["members"] = client_.members(arg());
    } else if (cmd == "save") {
      save_now();
    } else if (cmd == "quit") {
      emit("ok", {{"cmd", cmd}});
      return quit();
    } else {
      return fail(cmd, make_error(Errc::kInvalidArgument,
                                  "unknown command (create, code, join, leave, add, remove, invite, "
                                  "accept, send, typing, fetch, members, save, quit)"));
    }
    if (!step.ok()) return fail(cmd, step.error());
    extra["cmd"] = cmd;
    emit("ok", extra);
    run(std::move(*step));
    save_now();
  }

  void on_quit(std::function<void()> f) { on_quit_ = std::move(f); }

  void quit() {
    if (quitting_) return;
    quitting_ = true;
    if (on_quit_) on_quit_();
    save_now();
    reconnect_.cancel();
    save_timer_.cancel();
    if (ws_) ws_->close();
  }

 private:
  void fail(const std::string& cmd, const Error& e) {
    emit(json{{"event", "error"}, {"data", {{"cmd", cmd}, {"error", adapter::error_json(e)}}}});
  }

  void connect() {
    if (quitting_) return;
    net::WsHandlers h;
    h.on_open = [this] { on_open(); };
    h.on_message = [this](std::string_view text) { on_message(text); };
    h.on_close = [this](const std::string& why) { on_close(why); };
    ws_ = net::make_ws_client(io_, url_, std::string(client_.device()), tls_, !args_.insecure, h);
    ws_->connect();
  }

  void on_open() {
    connected_ = true;
    emit("connected", {{"device", client_.device()}});
    client::Step s = client_.register_device();
    for (const auto& f : s.out)
      if (const auto* r = std::get_if<proto::Register>(&f)) register_rid_ = r->rid;
    s.append(client_.fetch());
    run(std::move(s));
  }

  void on_close(const std::string& why) {
    if (connected_) emit("disconnected", {{"reason", why}});
    connected_ = false;
    if (quitting_) return;
    reconnect_.expires_after(std::chrono::milliseconds(args_.reconnect_ms));
    reconnect_.async_wait([this](boost::system::error_code ec) {
      if (!ec) connect();
    });
  }

  void on_message(std::string_view text) {
    auto frame = proto::parse_relay_frame(text);
    if (!frame.ok()) {
      emit(json{{"event", "error"}, {"data", {{"cmd", "receive"}, {"error", adapter::error_json(frame.error())}}}});
      return;
    }
    // Not a client::Event: the relay confirmed (stored) a message. Scripts use
    // it to know which sends the relay acknowledged.
    if (const auto* sent = std::get_if<proto::Sent>(&*frame)) emit("sent", {{"cmid", sent->cmid}});
    // The relay has our keys in its directory: peers can now add us.
    if (const auto* ok = std::get_if<proto::Ok>(&*frame); ok && register_rid_ && ok->rid == *register_rid_) {
      register_rid_.reset();
      emit("registered", {{"device", client_.device()}});
    }
    run(client_.receive(*frame));
    schedule_save();
  }

  void run(client::Step step) {
    for (const auto& e : step.events) emit(adapter::event_to_json(e));
    if (!ws_ || !ws_->is_open()) return;
    for (const auto& f : step.out) ws_->send(std::make_shared<const std::string>(proto::serialize(f)));
  }

  void schedule_save() {
    if (save_pending_) return;
    save_pending_ = true;
    save_timer_.expires_after(std::chrono::milliseconds(200));
    save_timer_.async_wait([this](boost::system::error_code ec) {
      save_pending_ = false;
      if (!ec) save_now();
    });
  }

  void save_now() {
    if (args_.state.empty()) return;
    const SecretBytes doc = client_.export_state();
    if (auto r = write_state_file(args_.state, doc.reveal()); !r.ok())
      std::cerr << "e2eproof chat: " << r.error().to_string() << std::endl;
  }

  asio::io_context& io_;
  ChatArgs args_;
  client::Client client_;
  net::WsUrl url_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::shared_ptr<net::WsClient> ws_;
  asio::steady_timer reconnect_;
  asio::steady_timer save_timer_;
  bool save_pending_ = false;
  bool quitting_ = false;
  bool connected_ = false;
  std::optional<uint64_t> register_rid_;
  std::function<void()> on_quit_;
};

// StdinLines reads stdin on its own thread and posts each line to |io|; at
// the end of input it posts |on_eof|. poll() with a short timeout lets the
// thread notice stop() and be joined even while stdin stays open.
class StdinLines {
 public:
  template <class OnLine, class OnEof>
  StdinLines(asio::io_context& io, OnLine on_line, OnEof on_eof)
      : thread_([this, &io, on_line, on_eof] {
          std::string pending;
          char buf[4096];
          while (!stop_.load()) {
            pollfd p{0, POLLIN, 0};
            const int r = ::poll(&p, 1, 100);
            if (r <= 0) continue;
            const ssize_t n = ::read(0, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            pending.append(buf, static_cast<size_t>(n));
            size_t nl;
            while ((nl = pending.find('\n')) != std::string::npos) {
              std::string line = pending.substr(0, nl);
              pending.erase(0, nl + 1);
              asio::post(io, [on_line, line] { on_line(line); });
            }
          }
          if (!stop_.load()) {
            if (!pending.empty()) asio::post(io, [on_line, pending] { on_line(pending); });
            asio::post(io, on_eof);
          }
        }) {}
  ~StdinLines() {
    stop_.store(true);
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

int run_chat(const ChatArgs& a, OsRng& rng, SystemClock& clock) {
  auto url = net::parse_ws_url(a.connect);
  if (!url.ok()) return std::cerr << "e2eproof chat: " << url.error() << std::endl, 2;
  std::shared_ptr<asio::ssl::context> tls;
  if (url->tls) {
    auto ctx = net::client_tls(a.ca, a.insecure);
    if (!ctx.ok()) return std::cerr << "e2eproof chat: " << ctx.error() << std::endl, 2;
    tls = *ctx;
  }
  std::optional<client::Client> client;
  if (!a.state.empty()) {
    auto doc = read_state_file(a.state);
    if (!doc.ok()) return std::cerr << "e2eproof chat: " << doc.error() << std::endl, 2;
    if (*doc) {
      auto imported = client::Client::import_state((*doc)->reveal(), rng, clock);
      if (!imported.ok())
        return std::cerr << "e2eproof chat: " << a.state << ": " << imported.error() << std::endl, 2;
      if (!a.device.empty() && imported->device() != a.device)
        return std::cerr << "e2eproof chat: " << a.state << " belongs to another device" << std::endl, 2;
      client.emplace(std::move(*imported));
    }
  }
  if (!client) {
    if (a.device.empty()) return std::cerr << "e2eproof chat: --device is required" << std::endl, 2;
    auto preset = proto::find_preset(a.preset);
    if (!preset.ok()) return std::cerr << "e2eproof chat: " << preset.error() << std::endl, 2;
    auto created = client::Client::create(a.device, a.name.empty() ? a.device : a.name, *preset, rng, clock);
    if (!created.ok()) return std::cerr << "e2eproof chat: " << created.error() << std::endl, 2;
    client.emplace(std::move(*created));
  }
  asio::io_context io(1);
  ChatApp app(io, a, std::move(*client), *url, tls);
  app.start();
  // stdin on its own thread; every line is handled on the io thread. The
  // work guard keeps io.run() alive while stdin is open.
  auto guard = asio::make_work_guard(io);
  {
    StdinLines reader(
        io, [&app](const std::string& line) { app.on_line(line); },
        [&app, &guard] {
          app.quit();
          guard.reset();
        });
    // `quit` ends the app while stdin may stay open: drop the guard then too.
    app.on_quit([&guard] { guard.reset(); });
    io.run();
  }
  return 0;
}

}  // namespace

void add_chat_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "chat",
      "A minimal messenger on the reference client core over WebSocket. Reads one command per "
      "line on stdin: create <chat> | code <chat> (arthas share code) | join <code> | leave "
      "<chat> | add <chat> <device> | remove <chat> <device> | invite <chat> (eleven link) | "
      "accept <link> | send <chat> <text...> | typing <chat> on|off | fetch | members <chat> | "
      "save | quit. Writes one JSON event per line on stdout: the client events of "
      "docs/ADAPTER.md §5 ({\"event\",\"data\"}), {\"event\":\"ok\",\"data\":{\"cmd\",...}} or "
      "{\"event\":\"error\",...} per command, \"sent\" {cmid} when the relay stored a message, "
      "\"connected\" / \"registered\" (the relay has this device's keys) / \"disconnected\". Reconnects by itself; the end of stdin quits.");
  cmd->footer("Exit codes: 0 after quit or the end of stdin; 2 for bad options or state file.");
  auto a = std::make_shared<ChatArgs>();
  cmd->add_option("--connect", a->connect, "relay URL ws://HOST:PORT or wss://HOST:PORT");
  cmd->add_option("--device", a->device, "this device's id (required without an existing --state)");
  cmd->add_option("--name", a->name, "display name (default: the device id)");
  cmd->add_option("--preset", a->preset, "arthas, eleven (default) or hardened")
      ->check(CLI::IsMember(proto::preset_names()));
  cmd->add_option("--state", a->state,
                  "state file (keys and chats; 0600, replaced atomically): loaded when it "
                  "exists, saved after every command and received batch");
  cmd->add_option("--ca", a->ca, "PEM CA/certificate to verify a wss relay (default: system store)");
  cmd->add_flag("--tls-insecure", a->insecure, "do not verify the relay's certificate (local tests)");
  cmd->add_option("--reconnect-ms", a->reconnect_ms, "delay before reconnecting (default 200)");
  cmd->callback([&exit_code, a] {
    std::signal(SIGPIPE, SIG_IGN);
    static OsRng rng;
    static SystemClock clock;
    exit_code = run_chat(*a, rng, clock);
  });
}

}  // namespace e2e::cli
