// Typed, non-throwing access to the members of one JSON object of a Wycheproof
// file. Every accessor either returns the value or a FileError that names the
// file, group, tcId and field, so adapters never touch nlohmann's throwing API.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "crypto/jwk.h"
#include "wycheproof/file_error.h"

namespace e2e::wycheproof {

// Location: where in a file a reader is looking.
struct Location {
  std::string file;
  std::optional<size_t> group;
  std::optional<int64_t> tc_id;

  // error builds a FileError at this location.
  FileError error(Problem problem, std::string field, std::string message) const;
};

class Fields {
 public:
  // Fields reads members of |obj| (which must outlive it); |prefix| is prepended
  // to field names in errors ("publicKey." for a nested object).
  Fields(const nlohmann::json& obj, Location loc, std::string prefix = {});

  const Location& location() const { return loc_; }
  const nlohmann::json& node() const { return *obj_; }

  // has is true when |key| is present (whatever its type).
  bool has(std::string_view key) const;

  // string: a JSON string. Absent: kMissingField; other type: kWrongType.
  FileResult<std::string> string(std::string_view key) const;
  // integer: a JSON integer that fits int64_t. Absent: kMissingField; a
  // non-integer (including 1.0): kWrongType; out of range: kBadValue.
  FileResult<int64_t> integer(std::string_view key) const;
  // hex: a HexBytes string ("" is empty). Not hex: kBadEncoding.
  FileResult<Bytes> hex(std::string_view key) const;
  // object / array: a member of that JSON type.
  FileResult<const nlohmann::json*> object(std::string_view key) const;
  FileResult<const nlohmann::json*> array(std::string_view key) const;
  // nested returns a reader for the object member |key| (kMissingField /
  // kWrongType when it is absent or not an object).
  FileResult<Fields> nested(std::string_view key) const;
  // jwk reads the object member |key| as a JSON Web Key. Members the crypto
  // layer reads (kty, crv, x, y, d) must be strings when present; absent ones
  // stay empty; other members ("kid", ...) are ignored. Not an object or a
  // non-string member: kWrongType.
  FileResult<crypto::Jwk> jwk(std::string_view key) const;

  // error builds a FileError for |key| at this reader's location.
  FileError error(Problem problem, std::string_view key, std::string message) const;

 private:
  const nlohmann::json* find(std::string_view key) const;
  const nlohmann::json* obj_;
  Location loc_;
  std::string prefix_;
};

// json_type_name names the JSON type of |v| for messages ("string", "number").
std::string json_type_name(const nlohmann::json& v);

}  // namespace e2e::wycheproof
