#include "adapter/output_lines.h"

namespace e2e::adapter {

std::string dump_json(const json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

std::string response_line(uint64_t id, const json& result) {
  return "{\"id\":" + std::to_string(id) + ",\"result\":" + dump_json(result) + "}";
}

std::string error_line(std::optional<uint64_t> id, const Error& e) {
  return "{\"id\":" + (id ? std::to_string(*id) : std::string("null")) +
         ",\"error\":" + dump_json(error_json(e)) + "}";
}

std::string event_line(const json& event) {
  return "{\"event\":" + dump_json(event.at("event")) + ",\"data\":" + dump_json(event.at("data")) +
         "}";
}

}  // namespace e2e::adapter
