#include "wycheproof/fields.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "common/encoding.h"

namespace e2e::wycheproof {

using nlohmann::json;

FileError Location::error(Problem problem, std::string field, std::string message) const {
  return FileError{problem, file, group, tc_id, std::move(field), std::move(message)};
}

std::string json_type_name(const json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number_float()) return "float";
  return v.type_name();
}

Fields::Fields(const json& obj, Location loc, std::string prefix)
    : obj_(&obj), loc_(std::move(loc)), prefix_(std::move(prefix)) {}

const json* Fields::find(std::string_view key) const {
  if (!obj_->is_object()) return nullptr;
  auto it = obj_->find(key);
  return it == obj_->end() ? nullptr : &*it;
}

bool Fields::has(std::string_view key) const { return find(key) != nullptr; }

FileError Fields::error(Problem problem, std::string_view key, std::string message) const {
  return loc_.error(problem, prefix_ + std::string(key), std::move(message));
}

FileResult<std::string> Fields::string(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return error(Problem::kMissingField, key, "required field is missing");
  if (!v->is_string()) {
    return error(Problem::kWrongType, key, "expected a string, found " + json_type_name(*v));
  }
  return v->get_ref<const std::string&>();
}

FileResult<int64_t> Fields::integer(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return error(Problem::kMissingField, key, "required field is missing");
  if (!v->is_number_integer()) {
    return error(Problem::kWrongType, key, "expected an integer, found " + json_type_name(*v));
  }
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return error(Problem::kBadValue, key, "integer out of range");
  }
  return v->get<int64_t>();
}

FileResult<Bytes> Fields::hex(std::string_view key) const {
  E2E_ASSIGN_OR_RETURN(std::string text, string(key));
  auto bytes = hex_decode(text);
  if (!bytes.ok()) return error(Problem::kBadEncoding, key, "not hex: " + bytes.error().detail);
  return std::move(bytes).value();
}

FileResult<const json*> Fields::object(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return error(Problem::kMissingField, key, "required field is missing");
  if (!v->is_object()) {
    return error(Problem::kWrongType, key, "expected an object, found " + json_type_name(*v));
  }
  return v;
}

FileResult<const json*> Fields::array(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return error(Problem::kMissingField, key, "required field is missing");
  if (!v->is_array()) {
    return error(Problem::kWrongType, key, "expected an array, found " + json_type_name(*v));
  }
  return v;
}

FileResult<Fields> Fields::nested(std::string_view key) const {
  E2E_ASSIGN_OR_RETURN(const json* v, object(key));
  return Fields(*v, loc_, prefix_ + std::string(key) + ".");
}

FileResult<crypto::Jwk> Fields::jwk(std::string_view key) const {
  E2E_ASSIGN_OR_RETURN(Fields f, nested(key));
  crypto::Jwk out;
  struct Member {
    std::string_view name;
    std::string* dest;
  };
  const Member members[] = {
      {"kty", &out.kty}, {"crv", &out.crv}, {"x", &out.x}, {"y", &out.y}, {"d", &out.d}};
  for (const Member& m : members) {
    if (!f.has(m.name)) continue;
    E2E_ASSIGN_OR_RETURN(*m.dest, f.string(m.name));
  }
  return out;
}

}  // namespace e2e::wycheproof
