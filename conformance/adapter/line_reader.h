// The input side of the adapter protocol (docs/ADAPTER.md §1-2): reading one
// request line with a hard size cap, and parsing it strictly into a Request.
// Both are total: no input makes them throw, abort or buffer past the cap.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace e2e::adapter {

// One line of the protocol, without its "\n": 16 MiB holds an exported state
// or a frame (256 KiB) many times over while bounding what one line can cost.
inline constexpr size_t kMaxLineBytes = size_t{16} << 20;
// Nesting of a request line. Requests need 3 levels; 64 leaves room for later
// minor versions and still bounds the parser.
inline constexpr size_t kMaxLineDepth = 64;

// read_line reads up to the next "\n" (dropped) or the end of input.
// Returns nullopt at the end of input with nothing read; a last line without
// "\n" is returned like any other. A line longer than |max_bytes| is read to
// its end, never held whole, and reported as kLimitExceeded (the next call
// reads the line after it). A failing stream (badbit) is kIo.
Result<std::optional<std::string>> read_line(std::istream& in, size_t max_bytes = kMaxLineBytes);

// Request: one parsed request line.
struct Request {
  uint64_t id = 0;
  std::string method;
  nlohmann::json params = nlohmann::json::object();  // always an object
};

// parse_request parses one line (without its "\n") strictly: exactly one JSON
// object, no duplicate keys, no byte-order mark, at most kMaxLineBytes and
// kMaxLineDepth; fields "id" (an integer >= 0 that fits 64 bits), "method" (a
// string) and optionally "params" (an object), nothing else. Errors:
// kLimitExceeded for the bounds, kDecodeError naming the field otherwise.
// A pure function: it never throws and keeps no state (fuzzed).
Result<Request> parse_request(std::string_view line);

}  // namespace e2e::adapter
