// The strict JSON layer of the wire format (see strict_json.h).
#include "protocol/strict_json.h"

#include <utility>

#include "common/encoding.h"
#include "protocol/ids.h"
#include "protocol/limits.h"

namespace e2e::proto::internal {
namespace {

Error decode_error(std::string detail) { return make_error(Errc::kDecodeError, std::move(detail)); }

// StrictDomBuilder builds the DOM from nlohmann's SAX events. nlohmann's SAX
// parser is iterative, and this builder stops it (returns false) as soon as a
// container would nest deeper than kMaxJsonDepth, so hostile nesting costs
// neither stack nor memory. It also refuses duplicate keys, which the DOM
// parser would silently collapse: two parsers must not read one frame two ways.
class StrictDomBuilder final : public nlohmann::json_sax<Json> {
 public:
  StrictDomBuilder(size_t max_depth, Disclosure disclosure)
      : max_depth_(max_depth), disclosure_(disclosure) {}

  bool null() override { return place(Json(nullptr)) != nullptr; }
  bool boolean(bool v) override { return place(Json(v)) != nullptr; }
  bool number_integer(number_integer_t v) override { return place(Json(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) override { return place(Json(v)) != nullptr; }
  // A float comes back in nlohmann's own form, which can be longer than the
  // text it was read from ("1E14" becomes "100000000000000.0"); the growth
  // is counted so a frame that would not fit once re-serialised is refused
  // (PROTO-FRAME-08). Every other token re-serialises no longer than it came.
  bool number_float(number_float_t v, const string_t& text) override {
    Json* placed = place(Json(v));
    if (placed == nullptr) return false;
    const size_t written = placed->dump().size();
    if (written > text.size()) growth_ += written - text.size();
    return true;
  }
  bool string(string_t& v) override { return place(Json(std::move(v))) != nullptr; }
  bool binary(binary_t& /*v*/) override {
    return fail(Errc::kDecodeError, "binary values are not JSON");  // unreachable for JSON text
  }
  bool start_object(std::size_t /*elements*/) override { return open(Json::object()); }
  bool key(string_t& k) override {
    if (stack_.back()->contains(k)) {
      return fail(Errc::kDecodeError, disclosure_ == Disclosure::kPublic
                                          ? "duplicate key '" + printable(k) + "'"
                                          : std::string("duplicate key"));
    }
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*elements*/) override { return open(Json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    // The token and nlohmann's message may quote attacker bytes: not copied.
    return fail(Errc::kDecodeError, "not valid JSON (near byte " + std::to_string(position) + ")");
  }

  bool has_root() const { return has_root_; }
  // How many bytes longer the value gets when serialised again (floats only).
  size_t growth() const { return growth_; }
  Json take_root() { return std::move(root_); }
  const std::optional<Error>& error() const { return error_; }

 private:
  bool fail(Errc code, std::string detail) {
    if (!error_) error_ = make_error(code, std::move(detail));
    return false;
  }

  // place puts |v| where the parser is: the root, the next array element, or
  // the value of the last key. Returns where it went.
  Json* place(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      has_root_ = true;
      return &root_;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    Json& slot = top[key_];
    slot = std::move(v);
    return &slot;
  }

  // Pointers on the stack stay valid: a container only grows after the child
  // placed last in it has been closed and popped.
  bool open(Json container) {
    if (stack_.size() >= max_depth_) {
      return fail(Errc::kLimitExceeded,
                  "JSON nests deeper than " + std::to_string(max_depth_) + " levels");
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  size_t max_depth_;
  Disclosure disclosure_;
  size_t growth_ = 0;
  Json root_;
  bool has_root_ = false;
  std::vector<Json*> stack_;
  string_t key_;
  std::optional<Error> error_;
};

}  // namespace

std::string printable(std::string_view s) {
  constexpr size_t kMax = 32;
  std::string out;
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') ? static_cast<char>(c) : '?';
  }
  if (s.size() > kMax) out += "...";
  return out;
}

namespace {

Result<Json> parse_with(std::string_view text, size_t max_bytes, size_t max_depth,
                        Disclosure disclosure) {
  if (text.size() > max_bytes) {
    return make_error(Errc::kLimitExceeded, "JSON text of " + std::to_string(text.size()) +
                                                " bytes exceeds the limit of " +
                                                std::to_string(max_bytes));
  }
  // nlohmann skips a UTF-8 byte-order mark silently; JSON texts (RFC 8259 §8.1)
  // carry none, and another parser would refuse it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") return decode_error("byte-order mark before the JSON text");
  StrictDomBuilder builder(max_depth, disclosure);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception&) {
    ok = false;  // sax_parse reports through parse_error; this is belt and braces
  }
  if (builder.error()) return *builder.error();
  if (!ok || !builder.has_root()) return decode_error("not valid JSON");
  if (builder.growth() > max_bytes - text.size()) {
    return make_error(Errc::kLimitExceeded,
                      "JSON text of " + std::to_string(text.size()) + " bytes would exceed the limit of " +
                          std::to_string(max_bytes) + " once re-serialised (its floats grow)");
  }
  return builder.take_root();
}

}  // namespace

Result<Json> parse_strict_json(std::string_view text) {
  return parse_with(text, kMaxFrameBytes, kMaxJsonDepth, Disclosure::kPublic);
}

Result<Json> parse_strict_json(std::string_view text, size_t max_bytes, size_t max_depth) {
  return parse_with(text, max_bytes, max_depth, Disclosure::kPublic);
}

Result<Json> parse_strict_payload(ByteView text, std::string_view where) {
  const std::string_view chars(reinterpret_cast<const char*>(text.data()), text.size());
  auto parsed = parse_with(chars, kMaxFrameBytes, kMaxJsonDepth, Disclosure::kPlaintext);
  if (!parsed.ok()) return decode_error(std::string(where) + ": " + parsed.error().detail);
  return parsed;
}

// ---- Fields ---------------------------------------------------------------

Result<void> Fields::check(std::span<const FieldSpec> fields, bool skip_envelope) const {
  if (!obj_.is_object()) return decode_error(where_ + ": expected a JSON object");
  for (const auto& [name, value] : obj_.items()) {
    if (skip_envelope && (name == "v" || name == "t")) continue;
    bool known = false;
    for (const FieldSpec& f : fields) known = known || f.name == name;
    if (!known) {
      // Inside plaintext the unknown key is the sender's words: not quoted.
      return decode_error(disclosure_ == Disclosure::kPublic
                              ? where_ + ": unknown field '" + printable(name) + "'"
                              : where_ + ": unknown field");
    }
  }
  for (const FieldSpec& f : fields) {
    if (f.required && !has(f.name)) {
      return decode_error(where_ + ": missing field '" + std::string(f.name) + "'");
    }
  }
  return ok_result();
}

const Json* Fields::find(std::string_view field) const {
  if (!obj_.is_object()) return nullptr;
  const auto it = obj_.find(field);
  return it == obj_.end() ? nullptr : &*it;
}

Error Fields::bad(std::string_view field, std::string_view what) const {
  return decode_error(where_ + "." + std::string(field) + ": " + std::string(what));
}

Result<const Json*> Fields::require(std::string_view field) const {
  const Json* v = find(field);
  if (v == nullptr) return decode_error(where_ + ": missing field '" + std::string(field) + "'");
  return v;
}

namespace {

// The readers below take one JSON value; |fail| names it in the error.
template <class Fail>
Result<uint64_t> read_u64(const Json& v, const Fail& fail) {
  // The parser stores every integer written without a sign as unsigned. A
  // signed one is either a value built in code (a body about to be sealed or
  // forged in a test), accepted when positive, or the text "-0" (a signed
  // zero), refused: a sign on zero is not the canonical form, and another
  // parser may read it as a float.
  std::optional<uint64_t> n;
  if (const auto* u = v.get_ptr<const Json::number_unsigned_t*>()) {
    n = *u;
  } else if (const auto* i = v.get_ptr<const Json::number_integer_t*>(); i != nullptr && *i > 0) {
    n = static_cast<uint64_t>(*i);
  }
  if (!n || *n > kMaxJsonInt) return fail("expected an integer in 0..2^53-1");
  return *n;
}

template <class Fail>
Result<Id> read_id(const Json& v, const Fail& fail) {
  const auto* s = v.get_ptr<const Json::string_t*>();
  if (s == nullptr || !valid_id(*s)) return fail("expected an identifier [A-Za-z0-9_-]{1,64}");
  return *s;
}

}  // namespace

Result<uint64_t> Fields::u64(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  return read_u64(*v, [&](std::string_view what) { return bad(field, what); });
}

Result<std::optional<uint64_t>> Fields::opt_u64(std::string_view field) const {
  if (!has(field)) return std::optional<uint64_t>();
  E2E_ASSIGN_OR_RETURN(uint64_t v, u64(field));
  return std::optional<uint64_t>(v);
}

Result<bool> Fields::boolean(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  const auto* b = v->get_ptr<const Json::boolean_t*>();
  if (b == nullptr) return bad(field, "expected true or false");
  return *b;
}

Result<std::string> Fields::str(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  const auto* s = v->get_ptr<const Json::string_t*>();
  if (s == nullptr) return bad(field, "expected a string");
  return *s;
}

Result<std::optional<std::string>> Fields::opt_str(std::string_view field) const {
  if (!has(field)) return std::optional<std::string>();
  E2E_ASSIGN_OR_RETURN(std::string v, str(field));
  return std::optional<std::string>(std::move(v));
}

Result<Id> Fields::id(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  return read_id(*v, [&](std::string_view what) { return bad(field, what); });
}

Result<std::string> Fields::name(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(std::string s, str(field));
  if (!valid_name(s)) {
    return bad(field, "expected 1..64 bytes of UTF-8 without control characters");
  }
  return s;
}

Result<Bytes> Fields::b64(std::string_view field, size_t len) const {
  E2E_ASSIGN_OR_RETURN(std::string s, str(field));
  auto decoded = base64url_decode(s);
  if (!decoded.ok()) return bad(field, "expected canonical unpadded base64url");
  if (len != kAnyLength && decoded->size() != len) {
    return bad(field, "expected " + std::to_string(len) + " bytes, got " +
                          std::to_string(decoded->size()));
  }
  return std::move(decoded).value();
}

Result<Bytes> Fields::b64_range(std::string_view field, size_t min_len, size_t max_len) const {
  E2E_ASSIGN_OR_RETURN(Bytes b, b64(field));
  if (b.size() < min_len || b.size() > max_len) {
    return bad(field, "expected " + std::to_string(min_len) + ".." + std::to_string(max_len) +
                          " bytes, got " + std::to_string(b.size()));
  }
  return b;
}

Result<std::optional<Bytes>> Fields::opt_b64(std::string_view field, size_t len) const {
  if (!has(field)) return std::optional<Bytes>();
  E2E_ASSIGN_OR_RETURN(Bytes b, b64(field, len));
  return std::optional<Bytes>(std::move(b));
}

Result<Json> Fields::object(std::string_view field) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  if (!v->is_object()) return bad(field, "expected a JSON object");
  return *v;
}

Result<const Json*> Fields::array(std::string_view field, size_t max) const {
  E2E_ASSIGN_OR_RETURN(const Json* v, require(field));
  if (!v->is_array()) return bad(field, "expected a JSON array");
  if (v->size() > max) {
    return make_error(Errc::kLimitExceeded, where_ + "." + std::string(field) + ": more than " +
                                                std::to_string(max) + " elements");
  }
  return v;
}

Result<std::vector<Id>> Fields::id_list(std::string_view field, size_t max) const {
  E2E_ASSIGN_OR_RETURN(const Json* arr, array(field, max));
  std::vector<Id> out;
  out.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string item = std::string(field) + "[" + std::to_string(i) + "]";
    E2E_ASSIGN_OR_RETURN(Id id, read_id((*arr)[i], [&](std::string_view what) {
                           return bad(item, what);
                         }));
    out.push_back(std::move(id));
  }
  return out;
}

Result<std::vector<uint64_t>> Fields::u64_list(std::string_view field, size_t max) const {
  E2E_ASSIGN_OR_RETURN(const Json* arr, array(field, max));
  std::vector<uint64_t> out;
  out.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    E2E_ASSIGN_OR_RETURN(uint64_t n, read_u64((*arr)[i], [&](std::string_view what) {
                           return bad(std::string(field) + "[" + std::to_string(i) + "]", what);
                         }));
    out.push_back(n);
  }
  return out;
}

// ---- plaintext ------------------------------------------------------------

Result<SecretBytes> dump_plaintext(const Json& j, std::string_view where) {
  std::string text;
  try {
    text = j.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::exception&) {
    return make_error(Errc::kInvalidArgument, std::string(where) + ": a string is not UTF-8");
  }
  SecretBytes out(as_bytes(text));
  e2e::internal::wipe(text.data(), text.size());
  return out;
}

// ---- JsonWriter -----------------------------------------------------------

JsonWriter::JsonWriter(std::string_view t) : out_("{\"v\":") {
  out_ += std::to_string(kProtocolVersion);
  out_ += ",\"t\":";
  string_value(t);
}

void JsonWriter::key(std::string_view k) {
  if (out_.size() > 1) out_ += ',';
  string_value(k);
  out_ += ':';
}

void JsonWriter::string_value(std::string_view s) {
  out_ += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

JsonWriter& JsonWriter::u64(std::string_view k, uint64_t v) {
  key(k);
  out_ += std::to_string(v);
  return *this;
}

JsonWriter& JsonWriter::i64(std::string_view k, int64_t v) {
  key(k);
  out_ += std::to_string(v);
  return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view k, bool v) {
  key(k);
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::str(std::string_view k, std::string_view v) {
  key(k);
  string_value(v);
  return *this;
}

JsonWriter& JsonWriter::b64(std::string_view k, ByteView v) {
  key(k);
  out_ += '"';
  out_ += base64url_encode(v);  // the alphabet needs no escaping
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::json(std::string_view k, const Json& v) {
  key(k);
  out_ += v.dump(-1, ' ', false, Json::error_handler_t::replace);
  return *this;
}

JsonWriter& JsonWriter::ids(std::string_view k, const std::vector<Id>& v) {
  key(k);
  out_ += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out_ += ',';
    string_value(v[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::u64s(std::string_view k, const std::vector<uint64_t>& v) {
  key(k);
  out_ += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out_ += ',';
    out_ += std::to_string(v[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view k, std::string_view json_text) {
  key(k);
  out_ += json_text;
  return *this;
}

std::string JsonWriter::finish() {
  out_ += '}';
  return std::move(out_);
}

}  // namespace e2e::proto::internal
