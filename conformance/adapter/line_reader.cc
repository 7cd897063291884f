#include "adapter/line_reader.h"

#include <utility>

#include "protocol/strict_json.h"

namespace e2e::adapter {

Result<std::optional<std::string>> read_line(std::istream& in, size_t max_bytes) {
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr || in.bad()) return make_error(Errc::kIo, "input stream is not readable");
  std::string line;
  bool any = false;
  bool too_long = false;
  size_t length = 0;
  for (;;) {
    int c = 0;
    try {
      c = buf->sbumpc();
    } catch (...) {  // a streambuf may throw on a read error; this reader never does
      in.setstate(std::ios::badbit);
      return make_error(Errc::kIo, "input stream failed");
    }
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    if (c == '\n') break;
    ++length;
    if (length > max_bytes) {
      // Keep consuming to the end of the line, but stop storing: the cap is on
      // memory as well as on what gets parsed.
      if (!too_long) std::string().swap(line);
      too_long = true;
      continue;
    }
    line.push_back(static_cast<char>(c));
  }
  if (too_long) {
    return make_error(Errc::kLimitExceeded, "line of more than " + std::to_string(max_bytes) +
                                                " bytes (" + std::to_string(length) + ")");
  }
  if (!any) return std::optional<std::string>{};
  return std::optional<std::string>{std::move(line)};
}

namespace {

Error bad(std::string detail) { return make_error(Errc::kDecodeError, std::move(detail)); }

}  // namespace

Result<Request> parse_request(std::string_view line) {
  E2E_ASSIGN_OR_RETURN(nlohmann::json root,
                       proto::internal::parse_strict_json(line, kMaxLineBytes, kMaxLineDepth));
  if (!root.is_object()) return bad("request: not a JSON object");
  for (const auto& [key, value] : root.items()) {
    if (key != "id" && key != "method" && key != "params") {
      return bad("request: unknown field '" + proto::internal::printable(key) + "'");
    }
  }
  Request r;
  const auto id = root.find("id");
  if (id == root.end()) return bad("request: missing field 'id'");
  // nlohmann reads every non-negative integer as unsigned: a signed value here
  // is negative, and floats (even 1.0) are not ids.
  const auto* n = id->get_ptr<const nlohmann::json::number_unsigned_t*>();
  if (n == nullptr) return bad("request.id: expected an integer >= 0");
  r.id = *n;
  const auto method = root.find("method");
  if (method == root.end()) return bad("request: missing field 'method'");
  const auto* m = method->get_ptr<const nlohmann::json::string_t*>();
  if (m == nullptr) return bad("request.method: expected a string");
  r.method = *m;
  const auto params = root.find("params");
  if (params != root.end()) {
    if (!params->is_object()) return bad("request.params: expected an object");
    r.params = std::move(*params);
  }
  return r;
}

}  // namespace e2e::adapter
