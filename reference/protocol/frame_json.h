// Internal to the frame codec (frame_codec.cc); not part of the protocol API.
// The strict JSON layer under the frames: a size- and depth-limited parser that
// refuses duplicate keys, typed field readers whose errors name the field, and
// a writer that emits fields in a fixed order.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "protocol/frame.h"

namespace e2e::proto::internal {

// parse_strict_json: kLimitExceeded when |text| is longer than kMaxFrameBytes
// or nests deeper than kMaxJsonDepth (checked while parsing, before any deeper
// value is built); kDecodeError for anything that is not exactly one JSON value
// (including invalid UTF-8, a byte-order mark and duplicate object keys). Never
// throws on any input.
Result<Json> parse_strict_json(std::string_view text);
// The same with other bounds, for JSON that is not a frame (the adapter
// protocol's 16 MiB request lines): |max_bytes| and |max_depth| replace
// kMaxFrameBytes and kMaxJsonDepth.
Result<Json> parse_strict_json(std::string_view text, size_t max_bytes, size_t max_depth);

// check_envelope checks PROTO-FRAME-02 on a parsed frame and returns its "t":
// not an object, missing or non-integer "v", missing or non-string "t" ->
// kDecodeError; an integer "v" other than 1 -> kUnsupported.
Result<std::string> check_envelope(const Json& root);

// printable renders attacker-chosen text for an error detail: at most 32
// characters, anything outside printable ASCII replaced by '?'.
std::string printable(std::string_view s);

// FieldSpec: one field a frame type lists; |required| false marks "name?".
struct FieldSpec {
  std::string_view name;
  bool required = true;
};

// check_fields (PROTO-FRAME-03): kDecodeError naming the first field of |obj|
// not in |fields| ("v" and "t" are skipped when |skip_envelope|), else the
// first required field that is missing.
Result<void> check_fields(const Json& obj, std::span<const FieldSpec> fields,
                          std::string_view where, bool skip_envelope);

// Fields reads typed values out of one JSON object. Every reader fails with
// kDecodeError whose detail is "<where>.<field>: <what was expected>".
class Fields {
 public:
  static constexpr size_t kAnyLength = SIZE_MAX;

  Fields(const Json& obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  bool has(std::string_view field) const { return find(field) != nullptr; }
  Error bad(std::string_view field, std::string_view what) const;

  // An integer in 0..kMaxJsonInt (PROTO-FRAME-05); booleans and floats are not integers.
  Result<uint64_t> u64(std::string_view field) const;
  Result<std::optional<uint64_t>> opt_u64(std::string_view field) const;
  Result<bool> boolean(std::string_view field) const;
  // Any JSON string (already known to be valid UTF-8).
  Result<std::string> str(std::string_view field) const;
  // An identifier / a display name (PROTO-FRAME-06).
  Result<Id> id(std::string_view field) const;
  Result<std::string> name(std::string_view field) const;
  // Strict unpadded base64url (PROTO-FRAME-04), of exactly |len| bytes unless kAnyLength.
  Result<Bytes> b64(std::string_view field, size_t len = kAnyLength) const;
  Result<std::optional<Bytes>> opt_b64(std::string_view field, size_t len = kAnyLength) const;
  // A JSON object (a body), copied.
  Result<Json> object(std::string_view field) const;
  // A JSON array of at most |max| elements (PROTO-FRAME-07), not copied; a
  // longer one is kLimitExceeded.
  Result<const Json*> array(std::string_view field, size_t max) const;
  Result<std::vector<Id>> id_list(std::string_view field, size_t max) const;
  Result<std::vector<uint64_t>> u64_list(std::string_view field, size_t max) const;

 private:
  const Json* find(std::string_view field) const;
  Result<const Json*> require(std::string_view field) const;

  const Json& obj_;
  std::string where_;
};

// JsonWriter builds one compact JSON object field by field, in call order.
// JsonWriter(t) starts a frame with "v":1 and "t"; object() starts a bare object.
// Strings that are not valid UTF-8 are written with U+FFFD replacements (the
// writer never throws on content; the parser is what refuses bad values).
class JsonWriter {
 public:
  explicit JsonWriter(std::string_view t);
  static JsonWriter object() { return JsonWriter(); }

  JsonWriter& u64(std::string_view key, uint64_t v);
  JsonWriter& i64(std::string_view key, int64_t v);
  JsonWriter& boolean(std::string_view key, bool v);
  JsonWriter& str(std::string_view key, std::string_view v);
  JsonWriter& b64(std::string_view key, ByteView v);
  JsonWriter& json(std::string_view key, const Json& v);
  JsonWriter& ids(std::string_view key, const std::vector<Id>& v);
  JsonWriter& u64s(std::string_view key, const std::vector<uint64_t>& v);
  // raw appends |json_text| unchanged as the value (it must already be JSON).
  JsonWriter& raw(std::string_view key, std::string_view json_text);
  std::string finish();

 private:
  JsonWriter() : out_("{") {}
  void key(std::string_view k);
  void string_value(std::string_view s);

  std::string out_;
};

}  // namespace e2e::proto::internal
