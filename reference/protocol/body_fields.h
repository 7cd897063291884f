// Strict reading of the JSON objects inside message bodies, wraps and signed
// roster operations (docs/PROTOCOL.md §2 rules applied to §5-§8 payloads):
// exact field sets, exact JSON types, canonical base64url with exact lengths,
// integers in 0..2^53-1. Every refusal is kDecodeError naming the field (never
// its value: values can be plaintext). Header-only, internal to e2e::protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/bytes.h"
#include "common/encoding.h"
#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"
#include "protocol/limits.h"

namespace e2e::proto::fields {

inline Error decode_error(std::string_view what, std::string_view field, std::string_view why) {
  std::string d(what);
  d += ": field \"";
  d += field;
  d += "\" ";
  d += why;
  return make_error(Errc::kDecodeError, std::move(d));
}

// check_fields: |j| is an object holding every |required| key, possibly some
// |optional| keys, and nothing else.
inline Result<void> check_fields(const Json& j, std::initializer_list<std::string_view> required,
                                 std::initializer_list<std::string_view> optional,
                                 std::string_view what) {
  if (!j.is_object()) return make_error(Errc::kDecodeError, std::string(what) + ": not an object");
  for (std::string_view k : required) {
    if (!j.contains(std::string(k))) return decode_error(what, k, "missing");
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (std::string_view k : required) known = known || it.key() == k;
    for (std::string_view k : optional) known = known || it.key() == k;
    // The unknown key itself is not echoed: inside a decrypted payload it is plaintext.
    if (!known) return make_error(Errc::kDecodeError, std::string(what) + ": unknown field");
  }
  return ok_result();
}

inline Result<const Json*> field(const Json& j, std::string_view key, std::string_view what) {
  auto it = j.find(std::string(key));
  if (it == j.end()) return decode_error(what, key, "missing");
  return &*it;
}

// read_b64: a string of canonical unpadded base64url decoding to
// min_len..max_len bytes.
inline Result<Bytes> read_b64(const Json& j, std::string_view key, size_t min_len, size_t max_len,
                              std::string_view what) {
  E2E_ASSIGN_OR_RETURN(const Json* v, field(j, key, what));
  if (!v->is_string()) return decode_error(what, key, "is not a string");
  auto decoded = base64url_decode(v->get_ref<const std::string&>());
  if (!decoded.ok()) return decode_error(what, key, "is not canonical base64url");
  Bytes out = std::move(decoded).value();
  if (out.size() < min_len || out.size() > max_len) return decode_error(what, key, "has the wrong length");
  return out;
}
inline Result<Bytes> read_b64_exact(const Json& j, std::string_view key, size_t len,
                                    std::string_view what) {
  return read_b64(j, key, len, len, what);
}

// read_uint: a JSON integer (not a float) in 0..kMaxJsonInt.
inline Result<uint64_t> read_uint(const Json& j, std::string_view key, std::string_view what) {
  E2E_ASSIGN_OR_RETURN(const Json* v, field(j, key, what));
  uint64_t out = 0;
  if (v->is_number_unsigned()) {
    out = v->get<uint64_t>();
  } else if (v->is_number_integer()) {
    const int64_t s = v->get<int64_t>();
    if (s < 0) return decode_error(what, key, "is negative");
    out = static_cast<uint64_t>(s);
  } else {
    return decode_error(what, key, "is not an integer");
  }
  if (out > kMaxJsonInt) return decode_error(what, key, "is above 2^53-1");
  return out;
}

inline Result<std::string> read_string(const Json& j, std::string_view key, std::string_view what) {
  E2E_ASSIGN_OR_RETURN(const Json* v, field(j, key, what));
  if (!v->is_string()) return decode_error(what, key, "is not a string");
  return v->get<std::string>();
}

inline Result<bool> read_bool(const Json& j, std::string_view key, std::string_view what) {
  E2E_ASSIGN_OR_RETURN(const Json* v, field(j, key, what));
  if (!v->is_boolean()) return decode_error(what, key, "is not a boolean");
  return v->get<bool>();
}

// parse_json_strict parses one JSON text with the rules of PROTO-FRAME-01/03:
// well-formed UTF-8 JSON, no byte-order mark, nothing after the value, nesting
// at most kMaxJsonDepth, and no object with a repeated key (two parsers must never
// disagree about which duplicate wins). Any refusal: kDecodeError.
inline Result<Json> parse_json_strict(ByteView text, std::string_view what) {
  // nlohmann skips a leading UTF-8 byte-order mark; JSON texts (RFC 8259 §8.1)
  // must not carry one, and another parser would refuse it.
  if (text.size() >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
    return make_error(Errc::kDecodeError, std::string(what) + ": byte-order mark");
  }
  // Depth is bounded before parsing so a hostile nesting never costs memory.
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (uint8_t c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        return make_error(Errc::kDecodeError, std::string(what) + ": nested too deeply");
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }

  bool duplicate = false;
  std::vector<std::unordered_set<std::string>> keys;  // one set per open object
  Json::parser_callback_t cb = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case Json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) duplicate = true;
        break;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  Json j = Json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(Errc::kDecodeError, std::string(what) + ": not JSON");
  if (duplicate) return make_error(Errc::kDecodeError, std::string(what) + ": repeated key");
  return j;
}

// dump_compact serialises |j| compactly. A string that is not UTF-8 makes it
// fail with kInvalidArgument instead of throwing.
inline Result<std::string> dump_compact(const Json& j, std::string_view what) {
  try {
    return j.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::exception&) {
    return make_error(Errc::kInvalidArgument, std::string(what) + ": a string is not UTF-8");
  }
}

// to_secret moves serialised plaintext into wiping storage and wipes the
// std::string it came from.
inline SecretBytes to_secret(std::string& s) {
  SecretBytes out(as_bytes(s));
  internal::wipe(s.data(), s.size());
  s.clear();
  return out;
}

}  // namespace e2e::proto::fields
