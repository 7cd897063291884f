#include "adapter/run.h"

#include "adapter/output_lines.h"

namespace e2e::adapter {

int run_adapter(std::istream& in, std::ostream& out, std::ostream& log, LogLevel level) {
  Adapter adapter(&log, level);
  for (;;) {
    auto line = read_line(in);
    std::vector<std::string> lines;
    if (!line.ok()) {
      if (line.code() != Errc::kLimitExceeded) {
        if (level != LogLevel::kOff) log << "e2eproof adapter: " << line.error() << "\n";
        return 1;
      }
      // Too long: already consumed to its end, answered like any bad line.
      if (level != LogLevel::kOff) log << "e2eproof adapter: line refused: " << line.error() << "\n";
      lines.push_back(error_line(std::nullopt, make_error(Errc::kInvalidArgument,
                                                          "bad request line: " +
                                                              line.error().to_string())));
    } else if (!line->has_value()) {
      return 0;  // end of input: exit at once, shutdown or not
    } else {
      lines = adapter.handle_line(**line);
    }
    for (const auto& l : lines) out << l << '\n';
    out.flush();
    if (!out) {
      if (level != LogLevel::kOff) log << "e2eproof adapter: output failed\n";
      return 1;
    }
    if (adapter.done()) return 0;
  }
}

}  // namespace e2e::adapter
