// adapter_line_fuzz: the reference adapter's input side (docs/ADAPTER.md).
//
// 1. parse_request (conformance/adapter/line_reader.h) on the whole input:
//    A1 it never throws (an escaping exception is a libFuzzer crash);
//    A2 when it parses, {"id","method","params"} re-serialised parses again
//       to the same id, method and params.
// 2. Adapter::handle_line on a fresh Adapter (deterministic: the seed is fixed),
//    fed the input split at '\n' (at most kMaxLines lines). If the first byte
//    is 0x01, 0x02 or 0x03 it is consumed as a selector and a valid hello +
//    create_device prefix (preset arthas, eleven, hardened) runs first, so the
//    fuzzer reaches the device methods without having to invent the handshake.
//    For every line, however malformed:
//    L1 at least one output line, each one compact JSON object without '\n';
//    L2 every line but the last is an event {"event": str, "data": ...};
//    L3 the last is the response: "id" and exactly one of "result" (object) /
//       "error" (object with a string "code");
//    L4 a line parse_request refuses gets exactly one invalid_params error
//       with id null; a parsed one's response echoes its id.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapter/adapter.h"
#include "adapter/line_reader.h"

namespace {

using nlohmann::json;

constexpr size_t kMaxLines = 64;

[[noreturn]] void fail(const char* property, std::string_view detail) {
  std::fprintf(stderr, "adapter_line_fuzz: property %s violated: %.*s\n", property,
               static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()), detail.data());
  std::abort();
}

void check_parse_request(std::string_view text) {
  auto req = e2e::adapter::parse_request(text);
  if (!req.ok()) return;
  if (!req->params.is_object()) fail("A2", "params is not an object");
  const json again{{"id", req->id}, {"method", req->method}, {"params", req->params}};
  const std::string line = again.dump();  // strict: parsed strings are valid UTF-8
  auto back = e2e::adapter::parse_request(line);
  if (!back.ok()) fail("A2", "re-serialised request does not parse: " + back.error().to_string() + "\n  " + line);
  if (back->id != req->id || back->method != req->method || back->params != req->params) {
    fail("A2", "re-serialised request parses differently\n  " + line);
  }
}

void check_output(std::string_view line, const std::vector<std::string>& out) {
  const std::string ctx = "\n  input: " + std::string(line.substr(0, 300));
  if (out.empty()) fail("L1", "no output line" + ctx);
  for (size_t i = 0; i < out.size(); ++i) {
    const std::string& o = out[i];
    if (o.find('\n') != std::string::npos) fail("L1", "output line contains a newline: " + o + ctx);
    json j = json::parse(o, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) fail("L1", "output line is not a JSON object: " + o + ctx);
    if (i + 1 < out.size()) {
      if (!j.contains("event") || !j["event"].is_string() || !j.contains("data")) {
        fail("L2", "non-final output line is not an event: " + o + ctx);
      }
      continue;
    }
    const bool has_result = j.contains("result"), has_error = j.contains("error");
    if (!j.contains("id") || has_result == has_error) fail("L3", "last line is not a response: " + o + ctx);
    if (has_result && !j["result"].is_object()) fail("L3", "result is not an object: " + o + ctx);
    if (has_error && (!j["error"].is_object() || !j["error"].contains("code") ||
                      !j["error"]["code"].is_string())) {
      fail("L3", "malformed error: " + o + ctx);
    }
    auto req = e2e::adapter::parse_request(line);
    if (req.ok()) {
      if (!j["id"].is_number_unsigned() || j["id"].get<uint64_t>() != req->id) {
        fail("L4", "response does not echo the request id: " + o + ctx);
      }
    } else {
      if (out.size() != 1 || !j["id"].is_null() || !has_error || j["error"]["code"] != "invalid_params") {
        fail("L4", "unparsable line not answered by one invalid_params error with id null: " + o + ctx);
      }
    }
  }
}

void feed(e2e::adapter::Adapter& adapter, std::string_view line) {
  check_output(line, adapter.handle_line(line));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_parse_request(text);

  e2e::adapter::Adapter adapter;  // no log
  const uint8_t selector = text.empty() ? 0 : static_cast<uint8_t>(text[0]);
  if (selector >= 1 && selector <= 3) {
    static constexpr const char* kPresets[] = {"arthas", "eleven", "hardened"};
    const char* preset = kPresets[selector - 1];
    text.remove_prefix(1);
    feed(adapter,
         R"({"id":1,"method":"hello","params":{"protocol":"e2eproof-adapter",)"
         R"("versions":[{"major":1,"minor_min":0}],"device":"alice","seed":"1","suite":"fuzz"}})");
    feed(adapter, std::string(R"({"id":2,"method":"create_device","params":{"device":"alice",)") +
                      R"("name":"Alice","preset":")" + preset + R"("}})");
  }
  for (size_t n = 0; n < kMaxLines && !adapter.done(); ++n) {
    const size_t nl = text.find('\n');
    feed(adapter, text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return 0;
}
