#include "driver/adapter_process.h"

#include <sys/wait.h>

#include <algorithm>

#include "adapter/event_json.h"
#include "common/rng.h"

#ifndef E2E_VERSION
#define E2E_VERSION "0"
#endif

namespace e2e::driver {

using nlohmann::json;

namespace {

// The adapter's exit code for "this configuration cannot run" (§3.1).
constexpr int kExitCannotRun = 89;
// How long a polite shutdown may take before the process is killed.
constexpr int kShutdownTimeoutMs = 2'000;
constexpr int kExitGraceMs = 1'000;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

uint64_t adapter_seed(uint64_t seed, const Id& device, uint32_t incarnation) {
  // A keyed stream of its own label, so the hello seed is never a prefix of
  // any device's random stream.
  DeterministicRng rng(seed, "adapter-seed/" + rng_label(device, incarnation));
  const Bytes b = rng.bytes(8);
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v |= uint64_t{b[i]} << (8 * i);
  return v;
}

Result<std::unique_ptr<AdapterProcess>> AdapterProcess::start(const AdapterOptions& options,
                                                              const Id& device, uint64_t seed) {
  Subprocess::Options sp;
  sp.argv = options.argv;
  if (!options.stderr_prefix.empty()) sp.stderr_prefix = options.stderr_prefix + device + ": ";
  sp.max_line = kMaxAdapterLine;
  auto spawned = Subprocess::spawn(std::move(sp));
  if (!spawned.ok()) {
    return make_error(spawned.code(), "adapter for " + device + ": " + spawned.error().detail);
  }
  std::unique_ptr<AdapterProcess> p(new AdapterProcess(options, device, std::move(spawned).value()));

  const json hello = {{"protocol", "e2eproof-adapter"},
                      {"versions", json::array({{{"major", 1}, {"minor_min", 0}}})},
                      {"device", device},
                      {"seed", std::to_string(seed)},
                      {"suite", E2E_VERSION}};
  auto reply = p->exchange("hello", hello, options.startup_timeout_ms);
  if (!reply.ok()) {
    if (p->dead_) return *p->dead_;
    // An error response: only "unsupported" is a version mismatch (§4).
    const Error& e = reply.error();
    const std::string what = (e.code == Errc::kUnsupported ? "adapter incompatible: " : "adapter for " + device + " refused hello: ") + e.to_string();
    return p->fail(make_error(e.code == Errc::kUnsupported ? Errc::kUnsupported : Errc::kInternal, what));
  }
  const json& result = reply->result;
  auto major = hello_major(result);
  if (!major.ok()) return p->violation("hello", major.error().detail);
  if (*major != 1) {
    return p->fail(make_error(Errc::kUnsupported, "adapter incompatible: " + device + "'s adapter speaks " +
                                                      std::to_string(*major) + ".x, the engine 1.x"));
  }
  p->hooks_ = hello_strings(result, "hooks");
  p->hello_ = result;
  return p;
}

AdapterProcess::~AdapterProcess() { stop(); }

Result<AdapterProcess::Reply> AdapterProcess::request(std::string_view method, json params) {
  return exchange(method, std::move(params), options_.request_timeout_ms);
}

Result<AdapterProcess::Reply> AdapterProcess::exchange(std::string_view method, json params,
                                                       int timeout_ms) {
  if (dead_) return *dead_;
  const uint64_t id = next_id_++;
  const std::string line =
      dump(json{{"id", id}, {"method", std::string(method)}, {"params", std::move(params)}}) + "\n";
  const Deadline deadline = deadline_in(timeout_ms);
  auto written = proc_->write_all(line, deadline);
  if (!written.ok()) return fail(make_error(Errc::kIo, "adapter for " + device_ + ": " + written.error().detail));
  switch (*written) {
    case Subprocess::Write::kDone:
      break;
    case Subprocess::Write::kClosed:
      return exited(method);
    case Subprocess::Write::kTimeout:
      return fail(make_error(Errc::kIo, "adapter for " + device_ + " did not read '" + std::string(method) +
                                            "' within " + std::to_string(timeout_ms) + " ms; killed"));
  }
  return read_reply(method, id, deadline, timeout_ms);
}

Result<AdapterProcess::Reply> AdapterProcess::read_reply(std::string_view method, uint64_t id,
                                                         Deadline deadline, int timeout_ms) {
  ReplyReader reader{std::string(method), id};
  std::string line;
  for (;;) {
    auto read = proc_->read_line(line, deadline);
    if (!read.ok()) return fail(make_error(Errc::kIo, "adapter for " + device_ + ": " + read.error().detail));
    switch (*read) {
      case Subprocess::Read::kLine:
        break;
      case Subprocess::Read::kEof:
        return exited(method);
      case Subprocess::Read::kTimeout: {
        std::string tail = proc_->stderr_tail();
        return fail(make_error(Errc::kIo, "adapter for " + device_ + ": no response to '" + std::string(method) +
                                              "' within " +
                                              std::to_string(timeout_ms) + " ms; killed (request id " +
                                              std::to_string(id) + ")" +
                                              (tail.empty() ? "" : "; stderr: " + tail)));
      }
      case Subprocess::Read::kTooLong:
        return violation(method, "a stdout line longer than " + std::to_string(kMaxAdapterLine) + " bytes");
    }
    auto fed = reader.feed(line);
    if (!fed.ok()) return violation(method, fed.error().detail);
    if (*fed) return reader.response();
  }
}

bool AdapterProcess::declares(std::string_view hook) const {
  return std::find(hooks_.begin(), hooks_.end(), hook) != hooks_.end();
}

Error AdapterProcess::fail(Error e) {
  proc_->kill();
  dead_ = e;
  return e;
}

Error AdapterProcess::violation(std::string_view method, const std::string& what) {
  return fail(make_error(Errc::kInternal, "adapter for " + device_ + " broke the protocol in '" +
                                              std::string(method) + "': " + what + " (request id " +
                                              std::to_string(next_id_ - 1) + ")"));
}

Error AdapterProcess::exited(std::string_view method) {
  // stdout ended (or stdin closed): the process is exiting; wait for why.
  std::optional<int> status = proc_->wait_exit(deadline_in(kExitGraceMs));
  std::string what;
  Errc code = Errc::kIo;
  if (!status) {
    proc_->kill();
    what = "closed its output during '" + std::string(method) + "' and was killed";
  } else {
    what = describe_status(*status) + " during '" + std::string(method) + "'";
    if (WIFEXITED(*status) && WEXITSTATUS(*status) == kExitCannotRun) {
      code = Errc::kUnsupported;
      what += " (cannot run this configuration)";
    }
  }
  const std::string tail = proc_->stderr_tail();
  return fail(make_error(code, "adapter for " + device_ + " " + what + (tail.empty() ? "" : "; stderr: " + tail)));
}

void AdapterProcess::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (!dead_) {
    // Polite first; whatever it answers, it is gone afterwards.
    (void)exchange("shutdown", json::object(), std::min(options_.request_timeout_ms, kShutdownTimeoutMs));
  }
  proc_->close_stdin();  // end of input: a compliant adapter exits 0 now
  if (!proc_->wait_exit(deadline_in(kExitGraceMs / 2))) proc_->kill();
  if (!dead_) dead_ = make_error(Errc::kState, "adapter for " + device_ + " was stopped");
}

void AdapterProcess::kill_now() {
  if (stopped_) return;
  stopped_ = true;
  proc_->kill();
  if (!dead_) dead_ = make_error(Errc::kState, "adapter for " + device_ + " was killed for a restart");
}

}  // namespace e2e::driver
