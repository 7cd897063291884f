// ContractSession: one adapter process spoken to in raw JSON lines, for the
// contract items (contract_items.h). Unlike AdapterProcess it sends whatever
// line it is given, malformed ones included, and reports what came back
// without judging it: the contract items do the judging.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "driver/driver.h"
#include "driver/subprocess.h"

namespace e2e::items {

class ContractSession {
 public:
  // One stdout line, parsed when it is JSON.
  struct Line {
    std::string text;
    std::optional<nlohmann::json> json;  // nullopt: not (strict) JSON
  };
  // What one request line brought: events (any line before the answer) and
  // the answer, a JSON object with an "id" field.
  struct Exchange {
    std::vector<Line> before;
    std::optional<Line> response;  // nullopt: see |ended|
    std::string ended;             // why no response came ("timed out after 5000 ms", "stdout closed")
  };

  // start spawns the adapter. Error: it cannot be started (a harness error).
  static Result<std::unique_ptr<ContractSession>> start(const driver::AdapterOptions& options);

  // exchange writes |line| (a "\n" is added) and reads up to the first line
  // that is a JSON object with an "id" field. Never fails: what went wrong is
  // in the Exchange.
  Exchange exchange(std::string_view line);
  // quiet: the first line written within |ms|, or nullopt if none came (or
  // stdout ended).
  std::optional<Line> quiet(int ms);
  // write sends |line| without reading; false if the adapter no longer reads.
  bool write(std::string_view line);
  void close_stdin() { proc_->close_stdin(); }
  // ends: waits |ms| for stdout to end; the lines written before it, or
  // nullopt when it did not end in time.
  std::optional<std::vector<Line>> ends(int ms);
  // exit_status: waits |ms| for the exit; the wait status or nullopt.
  std::optional<int> exit_status(int ms) { return proc_->wait_exit(driver::deadline_in(ms)); }
  void kill() { proc_->kill(); }

 private:
  ContractSession(std::unique_ptr<driver::Subprocess> proc, int timeout_ms)
      : proc_(std::move(proc)), timeout_ms_(timeout_ms) {}
  static Line parse(std::string text);

  std::unique_ptr<driver::Subprocess> proc_;
  int timeout_ms_;
  bool eof_ = false;
};

// is_response: |line| is a JSON object with an "id" field.
bool is_response(const ContractSession::Line& line);

}  // namespace e2e::items
