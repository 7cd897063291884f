// AdapterProcess: one life of an adapter process (docs/ADAPTER.md): spawn,
// the hello handshake, then one request at a time, each read up to its
// response with the events it caused decoded into a client::Step.
//
// Failures of the process itself (it exited, timed out, or wrote something
// that is not the protocol) are sticky: the process is killed and every later
// request fails with the same error. An `error` response is not a failure of
// the process: it is that request's result.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/client.h"
#include "driver/driver.h"
#include "driver/reply_reader.h"
#include "driver/subprocess.h"

namespace e2e::driver {

// adapter_seed: the hello seed of |device|'s |incarnation|-th process life,
// a hash of (seed, rng_label(device, incarnation)), so every life differs.
uint64_t adapter_seed(uint64_t seed, const Id& device, uint32_t incarnation);

class AdapterProcess {
 public:
  using Reply = ReplyReader::Reply;  // the result (an object) and the step it caused

  // start spawns the adapter and completes hello within
  // options.startup_timeout_ms. A major version other than 1 is
  // "adapter incompatible: ..." (kUnsupported), as is exit code 89.
  static Result<std::unique_ptr<AdapterProcess>> start(const AdapterOptions& options, const Id& device,
                                                        uint64_t seed);
  AdapterProcess(const AdapterProcess&) = delete;
  AdapterProcess& operator=(const AdapterProcess&) = delete;
  ~AdapterProcess();

  // request sends one request and waits (options.request_timeout_ms) for its
  // response.
  Result<Reply> request(std::string_view method, nlohmann::json params);
  // stop: shutdown, a short wait for the exit, then SIGKILL. Idempotent.
  void stop();
  // kill_now: SIGKILL at once, no shutdown (what hook kill_restart allows).
  // Idempotent; every later request fails.
  void kill_now();

  const nlohmann::json& hello_result() const { return hello_; }
  // declares: |hook| is in the hello's capabilities.hooks.
  bool declares(std::string_view hook) const;
  // dead: the process failed or was stopped; every request now fails.
  bool dead() const { return dead_.has_value(); }

  // violation: the last request, |method|, got something the protocol does
  // not allow (say, a result without a required field): kills the process,
  // sticky. The message names the device, the method and the request id.
  Error violation(std::string_view method, const std::string& what);

 private:
  AdapterProcess(const AdapterOptions& options, Id device, std::unique_ptr<Subprocess> proc)
      : options_(options), device_(std::move(device)), proc_(std::move(proc)) {}
  Result<Reply> exchange(std::string_view method, nlohmann::json params, int timeout_ms);
  Result<Reply> read_reply(std::string_view method, uint64_t id, Deadline deadline, int timeout_ms);
  // fail kills the process and makes |e| the sticky error.
  Error fail(Error e);
  Error exited(std::string_view method);

  AdapterOptions options_;
  Id device_;
  std::unique_ptr<Subprocess> proc_;
  uint64_t next_id_ = 1;
  nlohmann::json hello_;
  std::vector<std::string> hooks_;
  std::optional<Error> dead_;
  bool stopped_ = false;
};

}  // namespace e2e::driver
