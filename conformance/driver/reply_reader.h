// ReplyReader: the engine's reading of one request's answer (docs/ADAPTER.md
// §1-2, §5), with no process attached: it is fed the adapter's stdout lines
// one at a time, events first, up to the response. AdapterProcess reads every
// reply through it, and the fuzz target adapter_engine_fuzz feeds it directly,
// so whatever an adapter writes meets the same code in both.
//
// Nothing an adapter writes can make it throw or abort: a line outside the
// protocol is an Error naming the request and quoting the line, truncated.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/client.h"
#include "common/result.h"

namespace e2e::driver {

// Bounds on what one response may bring (a runaway adapter is an error, not
// an out-of-memory engine).
inline constexpr size_t kMaxAdapterLine = size_t{16} << 20;
inline constexpr size_t kMaxEventsPerResponse = 100'000;
inline constexpr size_t kMaxAdapterDepth = 64;
// How much of an offending line an error message quotes: enough to see what
// went wrong, never a whole state document (it holds secrets).
inline constexpr size_t kQuotedLineBytes = 200;

// quote_line: |line| for an error message: at most kQuotedLineBytes bytes,
// control and non-ASCII bytes as \xNN, "..." when cut. Never fails.
std::string quote_line(std::string_view line);

class ReplyReader {
 public:
  // One request's answer: its result (always an object) and the transmits
  // and events that came before it.
  struct Reply {
    nlohmann::json result;
    client::Step step;
  };

  // ReplyReader reads the answer to the request |id| ("method" for messages).
  ReplyReader(std::string method, uint64_t id) : method_(std::move(method)), id_(id) {}

  // feed takes the next stdout line (without "\n"). true: it was the
  // response, call response(); false: an event, feed the next line. An
  // Error is a protocol violation (kInternal, "<what>; line: '<quoted>'");
  // the reader is then finished and every later feed repeats it.
  Result<bool> feed(std::string_view line);

  // response: the result, or the adapter's error response mapped back with
  // error_from_json (that request's outcome, not a violation). kState before
  // feed returned true.
  Result<Reply> response();

 private:
  Error violation(const std::string& what, std::string_view line);

  std::string method_;
  uint64_t id_;
  size_t events_ = 0;
  client::Step step_;
  std::optional<Error> failed_;
  std::optional<Result<Reply>> done_;
};

// ---- checks of results, shared by the adapter driver and the fuzz target ----
// Each returns kInternal "<what is missing>" when the result breaks §4.

// hello_major: version.major of a hello result.
Result<uint64_t> hello_major(const nlohmann::json& result);
// hello_strings: capabilities.<key> of a hello result as strings; a missing
// or mistyped capabilities object or key is an empty list and entries that are
// not strings are left out (what is not declared is not used). Never fails.
std::vector<std::string> hello_strings(const nlohmann::json& result, const char* key);
// string_result: the string field |key| of a result.
Result<std::string> string_result(const nlohmann::json& result, const char* key);
// members_result: the "members" array of strings of a members result.
Result<std::vector<std::string>> members_result(const nlohmann::json& result);

}  // namespace e2e::driver
