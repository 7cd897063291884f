// Internal to e2e::protocol (and the conformance adapter protocol, which reads
// JSON lines with the same parser); not part of the protocol API.
// The one strict JSON layer of the wire format: a size- and depth-limited
// parser that refuses duplicate keys, typed field readers for JSON objects
// (frames, message bodies, wraps, signed roster operations, decrypted
// payloads) whose errors name the field, and a writer that emits fields in a
// fixed order.
//
// What its errors mean, everywhere (docs/PROTOCOL.md §2):
//   kLimitExceeded  a bound was passed: the text is longer than its limit (or
//                   would be once re-serialised), it nests too deeply, or a
//                   list has more elements than its bound (PROTO-FRAME-01/07/08).
//   kDecodeError    anything else the rules refuse: not JSON, invalid UTF-8, a
//                   byte-order mark, a duplicate key, not an object, a missing
//                   required field, an unknown field, a value of the wrong JSON
//                   type, a non-canonical base64url string or one of the wrong
//                   byte length, an integer outside 0..2^53-1, a malformed
//                   identifier or name (PROTO-FRAME-03..06).
// The one place that folds these together is parse_strict_payload: JSON carried
// inside a frame is a body, and a body that cannot be parsed is kDecodeError
// whatever the reason (PROTOCOL.md §7).
// Details name the place and the field ("<where>.<field>: <expected>"), never a
// value. Unknown or duplicate keys are quoted (through printable) only in
// public JSON; in plaintext (Disclosure::kPlaintext) they are not quoted at all.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"

namespace e2e::proto::internal {

// Disclosure says whether key names of a JSON text may appear in an error
// detail: kPublic for what the relay or any reader of the wire sees anyway,
// kPlaintext for decrypted content, whose key names are the sender's words.
enum class Disclosure { kPublic, kPlaintext };

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

// parse_strict_payload parses JSON carried inside a frame (a decrypted payload,
// a signed roster operation) with the frame's bounds and kPlaintext disclosure.
// Every refusal, a passed bound included, is kDecodeError whose detail starts
// with |where| (PROTOCOL.md §7). Never throws.
Result<Json> parse_strict_payload(ByteView text, std::string_view where);

// printable renders attacker-chosen text for an error detail: at most 32
// characters, anything outside printable ASCII replaced by '?'.
std::string printable(std::string_view s);

// FieldSpec: one field an object lists; |required| false marks "name?".
struct FieldSpec {
  std::string_view name;
  bool required = true;
};

// Fields reads typed values out of one JSON object named |where| in details.
// Every reader fails with kDecodeError whose detail is "<where>.<field>:
// <what was expected>" (a missing field: "<where>: missing field '<field>'"),
// except array() and the lists over their bound (kLimitExceeded).
class Fields {
 public:
  static constexpr size_t kAnyLength = SIZE_MAX;

  Fields(const Json& obj, std::string where, Disclosure disclosure = Disclosure::kPublic)
      : obj_(obj), where_(std::move(where)), disclosure_(disclosure) {}

  // check (PROTO-FRAME-03): kDecodeError when the value is not an object, else
  // naming the first field not in |fields| ("v" and "t" are skipped when
  // |skip_envelope|), else the first required field that is missing.
  Result<void> check(std::span<const FieldSpec> fields, bool skip_envelope = false) const;

  bool has(std::string_view field) const { return find(field) != nullptr; }
  // bad: the kDecodeError a reader returns, for checks the caller adds.
  Error bad(std::string_view field, std::string_view what) const;

  // An integer in 0..kMaxJsonInt (PROTO-FRAME-05); booleans, floats and the
  // text "-0" are not. A positive signed integer (only a value built in code
  // can be one) counts; a signed zero is what "-0" parses to, so it does not.
  Result<uint64_t> u64(std::string_view field) const;
  Result<std::optional<uint64_t>> opt_u64(std::string_view field) const;
  Result<bool> boolean(std::string_view field) const;
  // Any JSON string (already known to be valid UTF-8).
  Result<std::string> str(std::string_view field) const;
  Result<std::optional<std::string>> opt_str(std::string_view field) const;
  // An identifier / a display name (PROTO-FRAME-06).
  Result<Id> id(std::string_view field) const;
  Result<std::string> name(std::string_view field) const;
  // Strict unpadded base64url (PROTO-FRAME-04), of exactly |len| bytes unless kAnyLength.
  Result<Bytes> b64(std::string_view field, size_t len = kAnyLength) const;
  Result<std::optional<Bytes>> opt_b64(std::string_view field, size_t len = kAnyLength) const;
  // Strict unpadded base64url of |min_len|..|max_len| bytes.
  Result<Bytes> b64_range(std::string_view field, size_t min_len, size_t max_len) const;
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
  Disclosure disclosure_;
};

// dump_plaintext serialises |j| compactly straight into wiping storage (the
// intermediate text is wiped). A string that is not valid UTF-8 fails with
// kInvalidArgument naming |where|; it never throws.
Result<SecretBytes> dump_plaintext(const Json& j, std::string_view where);

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
