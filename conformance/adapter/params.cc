#include "adapter/params.h"

#include <limits>

#include "common/encoding.h"
#include "protocol/strict_json.h"

namespace e2e::adapter {

Error Params::bad(std::string_view field, std::string_view what) {
  return make_error(Errc::kInvalidArgument,
                    "params." + std::string(field) + ": " + std::string(what));
}

Result<void> Params::only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : obj_.items()) {
    bool known = false;
    for (std::string_view f : allowed) known = known || f == key;
    if (!known) {
      return make_error(Errc::kInvalidArgument,
                        "params: unknown field '" + proto::internal::printable(key) + "'");
    }
  }
  return ok_result();
}

const json* Params::find(std::string_view field) const {
  const auto it = obj_.find(field);
  return it == obj_.end() ? nullptr : &*it;
}

Result<const json*> Params::require(std::string_view field) const {
  const json* v = find(field);
  if (v == nullptr) return bad(field, "missing");
  return v;
}

Result<std::string> Params::str(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const json* v, require(field));
  const auto* s = v->get_ptr<const json::string_t*>();
  if (s == nullptr) return bad(field, "expected a string");
  return *s;
}

Result<bool> Params::boolean(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const json* v, require(field));
  const auto* b = v->get_ptr<const json::boolean_t*>();
  if (b == nullptr) return bad(field, "expected true or false");
  return *b;
}

Result<int64_t> Params::i64(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const json* v, require(field));
  if (const auto* u = v->get_ptr<const json::number_unsigned_t*>()) {
    if (*u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return bad(field, "integer out of range");
    }
    return static_cast<int64_t>(*u);
  }
  if (const auto* i = v->get_ptr<const json::number_integer_t*>()) return static_cast<int64_t>(*i);
  return bad(field, "expected an integer");
}

Result<Bytes> Params::b64(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(std::string s, str(field));
  auto bytes = base64url_decode(s);
  if (!bytes.ok()) return bad(field, "expected unpadded base64url");
  return std::move(bytes).value();
}

Result<SecretBytes> Params::secret_b64(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(Bytes bytes, b64(field));
  SecretBytes out{ByteView(bytes)};
  internal::wipe(bytes.data(), bytes.size());
  return out;
}

}  // namespace e2e::adapter
