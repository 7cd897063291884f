// adapter_engine_fuzz: the engine's side of the adapter protocol
// (docs/ADAPTER.md). The input is what an adapter writes, split at '\n' (at
// most kMaxLines lines); the engine drives a fixed session (hello,
// create_device, register, create_chat, send, deliver, fetch, members,
// share_code, create_invite, export_state) and reads each request's answer
// with driver::ReplyReader, the code AdapterProcess reads every reply with,
// then checks the result as the adapter driver does (hello_major,
// hello_strings, string_result, members_result).
//
//   E1 nothing throws (an escaping exception is a libFuzzer crash);
//   E2 a refused line is an Error whose detail ends in "; line: '<quoted>'"
//      with the quote at most kQuotedLineBytes input bytes (4 output bytes
//      each at worst, plus the "... (N bytes)" note): never a whole line;
//   E3 after a refusal the reader stays failed (feed repeats the error);
//   E4 an answered request has an object result, and no more transmits plus
//      events than lines were fed to it;
//   E5 a line fed after the response is refused (nothing may follow it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/reply_reader.h"

namespace {

using e2e::driver::ReplyReader;
using nlohmann::json;

constexpr size_t kMaxLines = 256;

[[noreturn]] void fail(const char* property, std::string_view detail) {
  std::fprintf(stderr, "adapter_engine_fuzz: property %s violated: %.*s\n", property,
               static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()), detail.data());
  std::abort();
}

void check_refusal(const e2e::Error& e) {
  const std::string& d = e.detail;
  const size_t at = d.rfind("; line: '");
  if (at == std::string::npos || d.back() != '\'') fail("E2", "no quoted line: " + d);
  const size_t quoted = d.size() - at - 10;
  if (quoted > 4 * e2e::driver::kQuotedLineBytes + 32) fail("E2", "the quote is too long: " + d);
}

// The results the adapter driver checks, per method.
void check_result(const std::string& method, const json& result) {
  if (!result.is_object()) fail("E4", method + ": a result that is not an object");
  if (method == "hello") {
    (void)e2e::driver::hello_major(result);
    for (const char* key : {"presets", "hooks", "methods", "vectors"}) (void)e2e::driver::hello_strings(result, key);
  } else if (method == "share_code") {
    (void)e2e::driver::string_result(result, "code");
  } else if (method == "create_invite") {
    (void)e2e::driver::string_result(result, "link");
  } else if (method == "export_state") {
    (void)e2e::driver::string_result(result, "state_b64");
  } else if (method == "members") {
    (void)e2e::driver::members_result(result);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= input.size() && lines.size() < kMaxLines;) {
    const size_t nl = input.find('\n', start);
    lines.push_back(input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  static const char* const kSession[] = {"hello", "create_device", "register", "create_chat",
                                         "send", "deliver", "fetch", "members",
                                         "share_code", "create_invite", "export_state"};
  size_t next = 0;
  uint64_t id = 1;
  for (const char* method : kSession) {
    if (next >= lines.size()) break;
    ReplyReader reader(method, id++);
    size_t fed = 0;
    bool answered = false;
    while (next < lines.size() && !answered) {
      auto r = reader.feed(lines[next++]);
      ++fed;
      if (!r.ok()) {
        check_refusal(r.error());
        auto again = reader.feed("{}");
        if (again.ok() || again.error().detail != r.error().detail) fail("E3", "a failed reader recovered");
        return 0;  // the process would be killed here: the session ends
      }
      answered = *r;
    }
    if (!answered) return 0;
    auto reply = reader.response();
    if (reply.ok()) {
      if (reply->step.out.size() + reply->step.events.size() + 1 > fed) fail("E4", "more events than lines");
      check_result(method, reply->result);
    }
    if (reader.feed("{\"event\":\"typing\",\"data\":{}}").ok()) fail("E5", "a line after the response was taken");
  }
  return 0;
}
