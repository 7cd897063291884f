// The output side of the adapter protocol (docs/ADAPTER.md §2): one compact
// JSON object per line, with the id or event name first for readable logs.
// Writing never throws: text that is not valid UTF-8 (free-text details only;
// every binary value is base64url) is written with U+FFFD replacements.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "adapter/event_json.h"

namespace e2e::adapter {

// dump_json: compact JSON text of |j|, never throwing.
std::string dump_json(const json& j);

// response_line: {"id": id, "result": result}.
std::string response_line(uint64_t id, const json& result);
// error_line: {"id": id or null, "error": error_json(e)}.
std::string error_line(std::optional<uint64_t> id, const Error& e);
// event_line: {"event": ..., "data": ...} from an event_to_json /
// transmit_to_json object.
std::string event_line(const json& event);

}  // namespace e2e::adapter
