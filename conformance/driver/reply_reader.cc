#include "driver/reply_reader.h"

#include <cstdio>

#include "adapter/event_json.h"
#include "protocol/strict_json.h"

namespace e2e::driver {

using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string quote_line(std::string_view line) {
  std::string out;
  const size_t n = std::min(line.size(), kQuotedLineBytes);
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (line.size() > n) out += "... (" + std::to_string(line.size()) + " bytes)";
  return out;
}

Error ReplyReader::violation(const std::string& what, std::string_view line) {
  failed_ = make_error(Errc::kInternal, what + "; line: '" + quote_line(line) + "'");
  return *failed_;
}

Result<bool> ReplyReader::feed(std::string_view line) {
  if (failed_) return *failed_;
  if (done_) return violation("a line after the response", line);
  if (line.size() > kMaxAdapterLine) {
    return violation("a stdout line longer than " + std::to_string(kMaxAdapterLine) + " bytes", line);
  }
  auto parsed = proto::internal::parse_strict_json(line, kMaxAdapterLine, kMaxAdapterDepth);
  if (!parsed.ok()) {
    return violation("a stdout line that is not one JSON object (" + parsed.error().to_string() + ")", line);
  }
  json& j = *parsed;
  if (!j.is_object()) return violation("a stdout line that is not a JSON object", line);
  if (j.contains("event")) {
    if (++events_ > kMaxEventsPerResponse) {
      return violation("more than " + std::to_string(kMaxEventsPerResponse) + " events for one request", line);
    }
    // A transmit whose frame does not parse is refused here as well.
    if (auto a = adapter::append_event_json(j, step_); !a.ok()) {
      return violation("a bad event: " + a.error().to_string(), line);
    }
    return false;
  }
  // A response: {"id", "result"} or {"id", "error"}, nothing else.
  const bool has_result = j.contains("result"), has_error = j.contains("error");
  if (!j.contains("id") || j.size() != 2 || has_result == has_error) {
    return violation("a line that is neither an event nor a response", line);
  }
  const json& jid = j["id"];
  if (jid.is_null() && has_error) {
    return violation("the adapter refused the request line: " + adapter::error_from_json(j["error"]).to_string(),
                     line);
  }
  const auto* got = jid.get_ptr<const json::number_unsigned_t*>();
  if (got == nullptr || *got != id_) {
    return violation("a response for id " + dump(jid) + ", expected " + std::to_string(id_), line);
  }
  if (has_error) {
    done_ = Result<Reply>(adapter::error_from_json(j["error"]));
    return true;
  }
  if (!j["result"].is_object()) return violation("a result that is not an object", line);
  done_ = Result<Reply>(Reply{std::move(j["result"]), std::move(step_)});
  return true;
}

Result<ReplyReader::Reply> ReplyReader::response() {
  if (failed_) return *failed_;
  if (!done_) return make_error(Errc::kState, "no response to '" + method_ + "' yet");
  return std::move(*done_);
}

Result<uint64_t> hello_major(const json& result) {
  const auto version = result.find("version");
  if (version == result.end() || !version->is_object()) return make_error(Errc::kInternal, "the result has no version.major");
  const auto major = version->find("major");
  if (major == version->end()) return make_error(Errc::kInternal, "the result has no version.major");
  const auto* n = major->get_ptr<const json::number_unsigned_t*>();
  if (n == nullptr) return make_error(Errc::kInternal, "version.major is not an integer >= 0");
  return static_cast<uint64_t>(*n);
}

std::vector<std::string> hello_strings(const json& result, const char* key) {
  std::vector<std::string> out;
  const auto caps = result.find("capabilities");
  if (caps == result.end() || !caps->is_object()) return out;
  const auto list = caps->find(key);
  if (list == caps->end() || !list->is_array()) return out;
  for (const auto& v : *list) {
    if (const auto* s = v.get_ptr<const json::string_t*>()) out.push_back(*s);
  }
  return out;
}

Result<std::string> string_result(const json& result, const char* key) {
  const auto it = result.find(key);
  if (it == result.end() || !it->is_string()) {
    return make_error(Errc::kInternal, std::string("no string '") + key + "' in the result");
  }
  return it->get<std::string>();
}

Result<std::vector<std::string>> members_result(const json& result) {
  const auto it = result.find("members");
  if (it == result.end() || !it->is_array()) return make_error(Errc::kInternal, "no 'members' array");
  std::vector<std::string> out;
  for (const auto& m : *it) {
    const auto* s = m.get_ptr<const json::string_t*>();
    if (s == nullptr) return make_error(Errc::kInternal, "a member that is not a string");
    out.push_back(*s);
  }
  return out;
}

}  // namespace e2e::driver
