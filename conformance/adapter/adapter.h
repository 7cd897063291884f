// Adapter: the reference adapter's request dispatcher (docs/ADAPTER.md §3-4)
// around one client::Client. Sans-IO: a request line in, the output lines out
// (the request's events first, its response last), so the whole protocol is
// unit-testable without processes; run_adapter (run.h) is the thin loop that
// moves lines between stdin and stdout.
//
// Randomness: DeterministicRng(seed from hello, "adapter/" + device). The
// process does not know which life of the device it is; the engine gives each
// process a distinct seed, so a restarted device never repeats its draws.
// Time: a ManualClock at 0 until the first set_clock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/line_reader.h"
#include "adapter/params.h"
#include "client/client.h"
#include "common/clock.h"
#include "common/rng.h"

namespace e2e::adapter {

// What the adapter writes to its log (stderr): kInfo says what failed (error
// codes and details, never plaintext, keys or state); kDebug adds one line per
// request (method and outcome).
enum class LogLevel { kOff, kInfo, kDebug };

// The protocol version this adapter speaks.
inline constexpr uint64_t kProtocolMajor = 1;
inline constexpr uint64_t kProtocolMinor = 2;  // 1.1: the `vector` method; 1.2: the contract in prose, hooks only when declared

class Adapter {
 public:
  explicit Adapter(std::ostream* log = nullptr, LogLevel level = LogLevel::kInfo);
  // The client keeps references to the adapter's Rng and clock: not movable.
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;
  ~Adapter();

  // handle_line answers one input line (without its "\n"). A line that is not
  // a well-formed request gets one `invalid_params` error with id null.
  std::vector<std::string> handle_line(std::string_view line);
  // handle answers one parsed request.
  std::vector<std::string> handle(const Request& request);

  // done: shutdown was answered; the process exits.
  bool done() const { return done_; }

  // The methods and hooks announced in hello's capabilities.
  static std::vector<std::string> methods();
  static const std::vector<std::string>& hooks();

 private:
  using Lines = std::vector<std::string>;
  using Handler = Result<json> (Adapter::*)(const Params&, Lines&);
  // What must hold before a method runs; a miss is the `state` code.
  enum class Needs { kNothing, kNoHello, kHello, kHelloNoDevice, kDevice };
  struct Method {
    std::string_view name;
    Needs needs;
    Handler handler;
  };
  static std::span<const Method> method_table();

  Result<void> check(Needs needs) const;
  void emit(const client::Step& step, Lines& out) const;
  Result<json> step_result(Result<client::Step> step, Lines& out) const;
  void log(LogLevel level, const std::string& line) const;

  Result<json> hello(const Params& p, Lines& out);
  Result<json> create_device(const Params& p, Lines& out);
  Result<json> import_state(const Params& p, Lines& out);
  Result<json> export_state(const Params& p, Lines& out);
  Result<json> set_clock(const Params& p, Lines& out);
  Result<json> register_device(const Params& p, Lines& out);
  Result<json> create_chat(const Params& p, Lines& out);
  Result<json> share_code(const Params& p, Lines& out);
  Result<json> join_with_share_code(const Params& p, Lines& out);
  Result<json> leave(const Params& p, Lines& out);
  Result<json> add_member(const Params& p, Lines& out);
  Result<json> remove_member(const Params& p, Lines& out);
  Result<json> create_invite(const Params& p, Lines& out);
  Result<json> accept_invite(const Params& p, Lines& out);
  Result<json> send(const Params& p, Lines& out);
  Result<json> set_typing(const Params& p, Lines& out);
  Result<json> fetch(const Params& p, Lines& out);
  Result<json> deliver(const Params& p, Lines& out);
  Result<json> members(const Params& p, Lines& out);
  Result<json> vector(const Params& p, Lines& out);
  Result<json> shutdown(const Params& p, Lines& out);

  std::ostream* log_;
  LogLevel level_;
  std::optional<proto::Id> device_;  // from hello
  std::unique_ptr<DeterministicRng> rng_;
  ManualClock clock_{0};
  std::unique_ptr<client::Client> client_;
  bool done_ = false;
};

}  // namespace e2e::adapter
