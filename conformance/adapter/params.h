// Params: typed, strict access to one request's "params" object. Every error
// is kInvalidArgument (the `invalid_params` code) naming the field, so an
// engine bug shows where it is.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "adapter/event_json.h"
#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"

namespace e2e::adapter {

class Params {
 public:
  explicit Params(const json& obj) : obj_(obj) {}

  // only: no field outside |allowed| (a v1.0 request carries nothing else).
  Result<void> only(std::initializer_list<std::string_view> allowed) const;

  bool has(std::string_view field) const { return obj_.contains(field); }
  const json* find(std::string_view field) const;

  Result<std::string> str(std::string_view field) const;
  Result<bool> boolean(std::string_view field) const;
  // An integer that fits int64_t.
  Result<int64_t> i64(std::string_view field) const;
  // Strict unpadded base64url.
  Result<Bytes> b64(std::string_view field) const;
  // The same into wiping storage (plaintext, exported state).
  Result<SecretBytes> secret_b64(std::string_view field) const;

  static Error bad(std::string_view field, std::string_view what);

 private:
  Result<const json*> require(std::string_view field) const;
  const json& obj_;
};

}  // namespace e2e::adapter
