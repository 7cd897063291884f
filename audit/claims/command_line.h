// split_command_line: the `--impl "<adapter argv>"` string as an argv.
// Rules (a small, predictable subset of POSIX sh, no expansion of any kind):
// words are separated by spaces or tabs; '...' keeps everything literally;
// "..." keeps everything except that \" and \\ stand for " and \; outside
// quotes a backslash makes the next character literal. An unterminated quote
// or a trailing backslash is kInvalidArgument; so is an empty command.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "driver/driver.h"

namespace e2e::audit {

Result<std::vector<std::string>> split_command_line(std::string_view s);

// adapter_options: the AdapterOptions of an `--impl` string, each adapter
// stderr line copied to ours behind |stderr_prefix|.
Result<driver::AdapterOptions> adapter_options(std::string_view impl, std::string stderr_prefix);

}  // namespace e2e::audit
