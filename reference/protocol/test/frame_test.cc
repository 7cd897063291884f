// Frames (docs/PROTOCOL.md §2-4): every PROTO-FRAME rule, both directions.
// Bound tests (sizes, depth, list lengths) are in limits_test.cc.
#include "protocol/frame.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/encoding.h"
#include "protocol/limits.h"
#include "protocol/wire_bytes.h"

namespace e2e::proto {
namespace {

std::string b64_of(size_t n, uint8_t fill = 0x11) { return base64url_encode(Bytes(n, fill)); }
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// One canonical (serialised) sample of every frame type. Canonical means
// serialize(parse(text)) == text: compact, fields in the spec's order.
std::vector<std::pair<std::string, std::string>> client_samples() {
  const std::string dh = quoted(b64_of(65));
  const std::string k32 = quoted(b64_of(32));
  return {
      {"register", R"({"v":1,"t":"register","rid":1,"name":"Alice","dh":)" + dh + R"(,"sig":)" +
                       k32 + "}"},
      {"lookup", R"({"v":1,"t":"lookup","rid":2,"devices":["bob","carol"]})"},
      {"create_chat", R"({"v":1,"t":"create_chat","rid":3,"chat":"c1","admin":)" + k32 + "}"},
      {"join", R"({"v":1,"t":"join","rid":4,"chat":"c1"})"},
      {"leave", R"({"v":1,"t":"leave","rid":5,"chat":"c1"})"},
      {"member", R"({"v":1,"t":"member","rid":6,"chat":"c1","op":"add","device":"bob","cred":)" +
                     k32 + R"(,"signed":"e30"})"},
      {"invite", R"({"v":1,"t":"invite","rid":7,"chat":"c1","hash":)" + k32 + R"(,"cred":)" + k32 +
                     "}"},
      {"redeem", R"({"v":1,"t":"redeem","rid":8,"chat":"c1","hash":)" + k32 + "}"},
      {"send", R"({"v":1,"t":"send","rid":9,"chat":"c1","cmid":"m-1","body":{"ciphertext":"AAAA","iv":"AAAAAAAAAAAAAAAA"}})"},
      {"direct", R"({"v":1,"t":"direct","rid":10,"chat":"c1","cmid":"m_2","to":"bob","body":{"wrap":{"ct":"AA","eph":"AA","iv":"AA"}}})"},
      {"ack", R"({"v":1,"t":"ack","rid":11,"ids":[1,2,3]})"},
      {"fetch", R"({"v":1,"t":"fetch","rid":12})"},
      {"typing", R"({"v":1,"t":"typing","chat":"c1","on":true})"},
  };
}

std::vector<std::pair<std::string, std::string>> relay_samples() {
  const std::string dh = quoted(b64_of(65));
  const std::string k32 = quoted(b64_of(32));
  return {
      {"ok", R"({"v":1,"t":"ok","rid":1})"},
      {"error", R"({"v":1,"t":"error","rid":2,"code":"E2E_ERR_AUTH_FAILED","detail":"no"})"},
      {"keys", R"({"v":1,"t":"keys","rid":3,"entries":[{"device":"bob","name":"Bob","dh":)" + dh +
                   R"(,"sig":)" + k32 + R"(}],"missing":["eve"]})"},
      {"sent", R"({"v":1,"t":"sent","rid":4,"cmid":"m1","ids":[10,11]})"},
      {"deliver", R"({"v":1,"t":"deliver","id":5,"chat":"c1","from":"alice","ts":1700000000000,"kind":"msg","body":{"x":1}})"},
      {"deliver", R"({"v":1,"t":"deliver","id":6,"chat":"c1","from":"alice","ts":0,"kind":"roster","op":"create","device":"alice","signed":"e30"})"},
      {"typing", R"({"v":1,"t":"typing","chat":"c1","from":"bob","on":false})"},
  };
}

// Optional fields: removing them leaves a valid frame.
bool optional_field(const std::string& t, const std::string& field) {
  static const std::set<std::pair<std::string, std::string>> kOptional = {
      {"create_chat", "admin"}, {"member", "cred"}, {"member", "signed"},
      {"error", "rid"},         {"deliver", "signed"}};
  return kOptional.count({t, field}) > 0;
}

template <class Parse>
void expect_code(Parse parse, const std::string& text, Errc code, const std::string& detail_has = "") {
  auto r = parse(text);
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_EQ(r.code(), code) << r.error() << "\n for: " << text;
  if (!detail_has.empty()) {
    EXPECT_NE(r.error().detail.find(detail_has), std::string::npos)
        << "detail '" << r.error().detail << "' does not name '" << detail_has << "'";
  }
}

const auto kParseClient = [](const std::string& s) { return parse_client_frame(s); };
const auto kParseRelay = [](const std::string& s) { return parse_relay_frame(s); };

// ---- PROTO-FRAME-01: one UTF-8 JSON object ---------------------------------

TEST(Frame, PROTO_FRAME_01_NotJsonOrNotObjectIsDecodeError) {
  for (const char* bad : {"", " ", "{", "}", "nope", "[]", "1", "\"frame\"", "null", "true",
                          R"([{"v":1,"t":"fetch","rid":1}])",
                          R"({"v":1,"t":"fetch","rid":1} {"v":1,"t":"fetch","rid":1})",
                          R"({"v":1,"t":"fetch","rid":1}x)", R"({"v":1,"t":"fetch","rid":1,})",
                          R"({"v":1,"t":"fetch","rid":1 /* c */})", R"({'v':1})"}) {
    expect_code(kParseClient, bad, Errc::kDecodeError);
    expect_code(kParseRelay, bad, Errc::kDecodeError);
  }
}

TEST(Frame, PROTO_FRAME_01_SurroundingWhitespaceIsFine) {
  auto r = parse_client_frame(" \n\t{\"v\":1,\"t\":\"fetch\",\"rid\":1}\r\n ");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(serialize(*r), R"({"v":1,"t":"fetch","rid":1})");
}

TEST(Frame, PROTO_FRAME_01_InvalidUtf8IsDecodeError) {
  const std::string prefix = R"({"v":1,"t":"register","rid":1,"name":")";
  const std::string suffix = R"(","dh":")" + b64_of(65) + R"(","sig":")" + b64_of(32) + "\"}";
  ASSERT_TRUE(parse_client_frame(prefix + "Ok" + suffix).ok());
  for (const char* bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xc3", "a\x80"}) {
    expect_code(kParseClient, prefix + bad + suffix, Errc::kDecodeError);
  }
  // Invalid UTF-8 inside a body and outside any string.
  expect_code(kParseClient, "{\"v\":1,\"t\":\"send\",\"rid\":1,\"chat\":\"c\",\"cmid\":\"m\",\"body\":{\"x\":\"\xfe\"}}",
              Errc::kDecodeError);
  expect_code(kParseClient, "{\"v\":1,\xff\"t\":\"fetch\",\"rid\":1}", Errc::kDecodeError);
  // Escaped lone surrogates cannot be encoded in UTF-8 either.
  expect_code(kParseClient, prefix + "\\ud800" + suffix, Errc::kDecodeError);
  expect_code(kParseClient, prefix + "\\udc00x" + suffix, Errc::kDecodeError);
  // An escaped surrogate pair is a valid character.
  EXPECT_TRUE(parse_client_frame(prefix + "\\ud83d\\ude00" + suffix).ok());
}

TEST(Frame, PROTO_FRAME_01_ByteOrderMarkIsRefused) {
  expect_code(kParseClient, "\xEF\xBB\xBF{\"v\":1,\"t\":\"fetch\",\"rid\":1}", Errc::kDecodeError);
}

// ---- PROTO-FRAME-02: "v" and "t" --------------------------------------------

TEST(Frame, PROTO_FRAME_02_OtherVersionIsUnsupported) {
  for (const char* v : {"2", "0", "-1", "9007199254740993", "18446744073709551615"}) {
    const std::string text = std::string(R"({"v":)") + v + R"(,"t":"fetch","rid":1})";
    expect_code(kParseClient, text, Errc::kUnsupported);
    expect_code(kParseRelay, std::string(R"({"v":)") + v + R"(,"t":"ok","rid":1})",
                Errc::kUnsupported);
  }
  // The version is checked before the type: a v2 frame may have types v1 lacks.
  expect_code(kParseClient, R"({"v":2,"t":"hello","x":[]})", Errc::kUnsupported);
}

TEST(Frame, PROTO_FRAME_02_MissingOrNonIntegerVersionIsDecodeError) {
  for (const char* v : {R"("1")", "1.0", "1e0", "true", "null", "[1]", "{}"}) {
    expect_code(kParseClient, std::string(R"({"v":)") + v + R"(,"t":"fetch","rid":1})",
                Errc::kDecodeError, "v");
  }
  expect_code(kParseClient, R"({"t":"fetch","rid":1})", Errc::kDecodeError, "'v'");
}

TEST(Frame, PROTO_FRAME_02_TypeMustBeAKnownString) {
  expect_code(kParseClient, R"({"v":1,"rid":1})", Errc::kDecodeError, "'t'");
  expect_code(kParseClient, R"({"v":1,"t":1,"rid":1})", Errc::kDecodeError, "t");
  expect_code(kParseClient, R"({"v":1,"t":"Fetch","rid":1})", Errc::kDecodeError, "Fetch");
  expect_code(kParseClient, R"({"v":1,"t":"","rid":1})", Errc::kDecodeError);
  // Types belong to one direction.
  expect_code(kParseClient, R"({"v":1,"t":"ok","rid":1})", Errc::kDecodeError, "ok");
  expect_code(kParseRelay, R"({"v":1,"t":"fetch","rid":1})", Errc::kDecodeError, "fetch");
}

// ---- PROTO-FRAME-03: exactly the listed fields, of the listed types --------

TEST(Frame, PROTO_FRAME_03_EverySampleParsesAndIsCanonical) {
  for (const auto& [t, text] : client_samples()) {
    auto r = parse_client_frame(text);
    ASSERT_TRUE(r.ok()) << t << ": " << r.error();
    EXPECT_EQ(frame_type(*r), t);
    EXPECT_EQ(serialize(*r), text);
  }
  for (const auto& [t, text] : relay_samples()) {
    auto r = parse_relay_frame(text);
    ASSERT_TRUE(r.ok()) << t << ": " << r.error();
    EXPECT_EQ(frame_type(*r), t);
    EXPECT_EQ(serialize(*r), text);
  }
}

template <class Parse>
void check_unknown_fields(Parse parse, const std::vector<std::pair<std::string, std::string>>& samples) {
  for (const auto& [t, text] : samples) {
    for (const char* extra : {"zz", "V", "rid_", "body2", ""}) {
      Json j = Json::parse(text);
      if (j.contains(extra)) continue;
      j[extra] = 1;
      expect_code(parse, j.dump(), Errc::kDecodeError, std::string("unknown field '") + extra);
    }
  }
}

TEST(Frame, PROTO_FRAME_03_UnknownFieldRejected) {
  check_unknown_fields(kParseClient, client_samples());
  check_unknown_fields(kParseRelay, relay_samples());
  // Inside a keys entry, too.
  Json j = Json::parse(relay_samples()[2].second);
  j["entries"][0]["extra"] = "x";
  expect_code(kParseRelay, j.dump(), Errc::kDecodeError, "unknown field 'extra'");
}

template <class Parse>
void check_missing_fields(Parse parse, const std::vector<std::pair<std::string, std::string>>& samples) {
  for (const auto& [t, text] : samples) {
    const Json j = Json::parse(text);
    for (const auto& [field, value] : j.items()) {
      if (field == "v" || field == "t") continue;
      Json without = j;
      without.erase(field);
      auto r = parse(without.dump());
      if (optional_field(t, field)) {
        EXPECT_TRUE(r.ok()) << t << " without optional " << field << ": " << r.error();
        continue;
      }
      ASSERT_FALSE(r.ok()) << t << " without " << field;
      EXPECT_EQ(r.code(), Errc::kDecodeError) << r.error();
      EXPECT_NE(r.error().detail.find(field), std::string::npos) << r.error();
    }
  }
}

TEST(Frame, PROTO_FRAME_03_MissingRequiredFieldRejected) {
  check_missing_fields(kParseClient, client_samples());
  check_missing_fields(kParseRelay, relay_samples());
}

// Values of every JSON type that differ from the type the field has.
std::vector<Json> wrong_typed(const Json& right) {
  std::vector<Json> all = {nullptr,         true,           false,
                           Json(uint64_t{1}), Json(-1),     Json(1.0),
                           Json(0.5),       Json("1"),      Json::array(),
                           Json::object(),  Json::array({1}), Json::object({{"a", 1}})};
  std::vector<Json> out;
  for (Json& v : all) {
    const bool same = (v.is_boolean() && right.is_boolean()) ||
                      (v.is_number_unsigned() && right.is_number_unsigned()) ||
                      (v.is_string() && right.is_string()) || (v.is_array() && right.is_array()) ||
                      (v.is_object() && right.is_object());
    if (!same) out.push_back(std::move(v));
  }
  return out;
}

template <class Parse>
void check_wrong_types(Parse parse, const std::vector<std::pair<std::string, std::string>>& samples) {
  for (const auto& [t, text] : samples) {
    const Json j = Json::parse(text);
    for (const auto& [field, value] : j.items()) {
      if (field == "v" || field == "t") continue;
      for (const Json& wrong : wrong_typed(value)) {
        Json changed = j;
        changed[field] = wrong;
        auto r = parse(changed.dump());
        ASSERT_FALSE(r.ok()) << t << "." << field << " = " << wrong.dump();
        EXPECT_EQ(r.code(), Errc::kDecodeError) << r.error();
        EXPECT_NE(r.error().detail.find(field), std::string::npos) << r.error();
      }
    }
  }
}

TEST(Frame, PROTO_FRAME_03_WrongTypedFieldRejected) {
  check_wrong_types(kParseClient, client_samples());
  check_wrong_types(kParseRelay, relay_samples());
}

TEST(Frame, PROTO_FRAME_03_NoBoolAsIntNoFloatAsInt) {
  for (const char* rid : {"true", "false", "1.0", "1e0", "1E2", "0.0", "-0", "\"1\""}) {
    expect_code(kParseClient, std::string(R"({"v":1,"t":"fetch","rid":)") + rid + "}",
                Errc::kDecodeError, "rid");
  }
  for (const char* on : {"1", "0", "\"true\"", "null"}) {
    expect_code(kParseClient, std::string(R"({"v":1,"t":"typing","chat":"c","on":)") + on + "}",
                Errc::kDecodeError, "on");
  }
}

TEST(Frame, PROTO_FRAME_03_DuplicateKeyRejected) {
  expect_code(kParseClient, R"({"v":1,"t":"fetch","rid":1,"rid":1})", Errc::kDecodeError,
              "duplicate");
  expect_code(kParseClient, R"({"v":1,"v":1,"t":"fetch","rid":1})", Errc::kDecodeError,
              "duplicate");
  expect_code(kParseClient,
              R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":{"a":1,"a":2}})",
              Errc::kDecodeError, "duplicate");
}

TEST(Frame, PROTO_FRAME_03_BodyMustBeAnObject) {
  for (const char* body : {"[]", "\"x\"", "1", "null", "true"}) {
    expect_code(kParseClient,
                std::string(R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":)") + body +
                    "}",
                Errc::kDecodeError, "body");
  }
  auto r = parse_client_frame(R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":{}})");
  ASSERT_TRUE(r.ok()) << r.error();
}

TEST(Frame, PROTO_FRAME_03_MemberOpIsAddOrRemove) {
  const std::string head = R"({"v":1,"t":"member","rid":1,"chat":"c","op":")";
  const std::string tail = R"(","device":"d"})";
  auto add = parse_client_frame(head + "add" + tail);
  ASSERT_TRUE(add.ok()) << add.error();
  EXPECT_EQ(std::get<Member>(*add).op, RosterOp::kAdd);
  auto remove = parse_client_frame(head + "remove" + tail);
  ASSERT_TRUE(remove.ok()) << remove.error();
  EXPECT_EQ(std::get<Member>(*remove).op, RosterOp::kRemove);
  for (const char* bad : {"create", "Add", "", "kick"}) {
    expect_code(kParseClient, head + bad + tail, Errc::kDecodeError, "op");
  }
}

TEST(Frame, PROTO_FRAME_03_DeliverKindRules) {
  const std::string head = R"({"v":1,"t":"deliver","id":1,"chat":"c","from":"a","ts":5,)";
  const std::string s = b64_of(10);
  // msg and direct: body required, no roster fields.
  for (const std::string& kind : std::vector<std::string> {"msg", "direct"}) {
    const std::string k = R"("kind":")" + kind + "\"";
    auto ok = parse_relay_frame(head + k + R"(,"body":{}})");
    ASSERT_TRUE(ok.ok()) << ok.error();
    const auto& d = std::get<Deliver>(*ok);
    EXPECT_EQ(d.kind, kind == "msg" ? DeliverKind::kMsg : DeliverKind::kDirect);
    EXPECT_TRUE(d.body.has_value());
    EXPECT_FALSE(d.op || d.device || d.signed_op);
    expect_code(kParseRelay, head + k + "}", Errc::kDecodeError, "body");
    expect_code(kParseRelay, head + k + R"(,"body":{},"op":"add"})", Errc::kDecodeError, "op");
    expect_code(kParseRelay, head + k + R"(,"body":{},"device":"d"})", Errc::kDecodeError,
                "device");
    expect_code(kParseRelay, head + k + R"(,"body":{},"signed":")" + s + "\"}",
                Errc::kDecodeError, "signed");
  }
  // roster: op and device required, signed optional, no body.
  const std::string k = R"("kind":"roster")";
  for (const char* op : {"create", "add", "remove"}) {
    auto ok = parse_relay_frame(head + k + R"(,"op":")" + op + R"(","device":"d"})");
    ASSERT_TRUE(ok.ok()) << ok.error();
    const auto& d = std::get<Deliver>(*ok);
    EXPECT_EQ(roster_op_name(*d.op), op);
    EXPECT_EQ(*d.device, "d");
    EXPECT_FALSE(d.body || d.signed_op);
  }
  expect_code(kParseRelay, head + k + R"(,"device":"d"})", Errc::kDecodeError, "op");
  expect_code(kParseRelay, head + k + R"(,"op":"add"})", Errc::kDecodeError, "device");
  expect_code(kParseRelay, head + k + R"(,"op":"add","device":"d","body":{}})",
              Errc::kDecodeError, "body");
  expect_code(kParseRelay, head + k + R"(,"op":"join","device":"d"})", Errc::kDecodeError, "op");
  expect_code(kParseRelay, head + R"("kind":"note","body":{}})", Errc::kDecodeError, "kind");
}

TEST(Frame, PROTO_FRAME_03_ErrorCodeMustLookLikeAStableName) {
  const auto with_code = [](const std::string& code) {
    return R"({"v":1,"t":"error","code":")" + code + R"(","detail":""})";
  };
  auto ok = parse_relay_frame(with_code("E2E_ERR_LIMIT"));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_FALSE(std::get<ErrorFrame>(*ok).rid.has_value());
  // A code a newer relay may add is kept as text.
  EXPECT_TRUE(parse_relay_frame(with_code("E2E_ERR_SOMETHING_NEW")).ok());
  for (const std::string& bad :
       std::vector<std::string>{"", "E2E_ERR_", "LIMIT", "e2e_err_limit", "E2E_ERR_LIMIT ",
                                "E2E_ERR_" + std::string(60, 'X')}) {
    expect_code(kParseRelay, with_code(bad), Errc::kDecodeError, "code");
  }
}

// ---- PROTO-FRAME-04: strict base64url ---------------------------------------

TEST(Frame, PROTO_FRAME_04_BinaryFieldsAreStrictBase64Url) {
  const auto reg = [](const std::string& dh, const std::string& sig) {
    return R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"(","sig":")" + sig +
           "\"}";
  };
  const std::string dh = b64_of(65);
  const std::string sig = b64_of(32);
  ASSERT_TRUE(parse_client_frame(reg(dh, sig)).ok());
  // Padding, whitespace, the standard alphabet and non-canonical trailing bits.
  expect_code(kParseClient, reg(dh + "=", sig), Errc::kDecodeError, "dh");
  expect_code(kParseClient, reg(dh, sig + "="), Errc::kDecodeError, "sig");
  expect_code(kParseClient, reg(dh, " " + sig), Errc::kDecodeError, "sig");
  std::string plus = sig;
  plus[0] = '+';
  expect_code(kParseClient, reg(dh, plus), Errc::kDecodeError, "sig");
  std::string slash = sig;
  slash[5] = '/';
  expect_code(kParseClient, reg(dh, slash), Errc::kDecodeError, "sig");
  std::string noncanonical = sig;  // 32 bytes: the last character carries 2 unused bits
  noncanonical.back() = noncanonical.back() == 'Q' ? 'R' : static_cast<char>(noncanonical.back() + 1);
  expect_code(kParseClient, reg(dh, noncanonical), Errc::kDecodeError, "sig");
}

TEST(Frame, PROTO_FRAME_04_FixedLengthsAreExact) {
  const auto reg = [](size_t dh_len, size_t sig_len) {
    return R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + b64_of(dh_len) +
           R"(","sig":")" + b64_of(sig_len) + "\"}";
  };
  for (size_t n : {size_t{0}, size_t{33}, size_t{64}, size_t{66}}) {
    expect_code(kParseClient, reg(n, 32), Errc::kDecodeError, "dh");
  }
  for (size_t n : {size_t{0}, size_t{31}, size_t{33}, size_t{64}}) {
    expect_code(kParseClient, reg(65, n), Errc::kDecodeError, "sig");
  }
  const auto hash = [](size_t n) {
    return R"({"v":1,"t":"redeem","rid":1,"chat":"c","hash":")" + b64_of(n) + "\"}";
  };
  EXPECT_TRUE(parse_client_frame(hash(32)).ok());
  expect_code(kParseClient, hash(31), Errc::kDecodeError, "hash");
  expect_code(kParseClient, hash(33), Errc::kDecodeError, "hash");
  const auto admin = [](size_t n) {
    return R"({"v":1,"t":"create_chat","rid":1,"chat":"c","admin":")" + b64_of(n) + "\"}";
  };
  EXPECT_TRUE(parse_client_frame(admin(32)).ok());
  expect_code(kParseClient, admin(16), Errc::kDecodeError, "admin");
  // Fields without a fixed length take any length, including none.
  auto cred = parse_client_frame(R"({"v":1,"t":"invite","rid":1,"chat":"c","hash":")" +
                                 b64_of(32) + R"(","cred":""})");
  ASSERT_TRUE(cred.ok()) << cred.error();
  EXPECT_TRUE(std::get<Invite>(*cred).cred.empty());
}

// ---- PROTO-FRAME-05: integers in 0..2^53-1 ------------------------------------

// A frame under the limit whose floats would grow past it when re-serialised
// ("1E14" comes back as "100000000000000.0") is refused: otherwise it would
// parse once and never again (found by fuzz/frame_fuzz).
TEST(Frame, PROTO_FRAME_08_FloatGrowthPastTheLimitIsRefused) {
  auto frame_with = [](size_t floats) {
    std::string list;
    for (size_t i = 0; i < floats; ++i) list += (i ? ",1E14" : "1E14");
    return R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":{"x":[)" + list + "]}}";
  };
  const std::string big = frame_with(14'600);
  ASSERT_LE(big.size(), kMaxFrameBytes);
  expect_code(kParseClient, big, Errc::kLimitExceeded, "re-serialised");
  auto small = parse_client_frame(frame_with(100));
  ASSERT_TRUE(small.ok()) << small.error();
  EXPECT_LE(serialize(*small).size(), kMaxFrameBytes);
}

TEST(Frame, PROTO_FRAME_05_IntegersAreNonNegativeAndBelow2Pow53) {
  const auto fetch = [](const std::string& rid) {
    return R"({"v":1,"t":"fetch","rid":)" + rid + "}";
  };
  auto zero = parse_client_frame(fetch("0"));
  ASSERT_TRUE(zero.ok()) << zero.error();
  auto max = parse_client_frame(fetch(std::to_string(kMaxJsonInt)));
  ASSERT_TRUE(max.ok()) << max.error();
  EXPECT_EQ(std::get<Fetch>(*max).rid, kMaxJsonInt);
  for (const std::string& bad :
       {std::to_string(kMaxJsonInt + 1), std::string("-1"), std::string("18446744073709551615"),
        std::string("18446744073709551616"), std::string("1e300"), std::string("01")}) {
    auto r = parse_client_frame(fetch(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), Errc::kDecodeError) << bad << ": " << r.error();
  }
  // ts is the same kind of integer, and so is every element of an id list.
  const auto deliver = [](const std::string& ts) {
    return R"({"v":1,"t":"deliver","id":1,"chat":"c","from":"a","ts":)" + ts +
           R"(,"kind":"msg","body":{}})";
  };
  auto ts = parse_relay_frame(deliver(std::to_string(kMaxJsonInt)));
  ASSERT_TRUE(ts.ok()) << ts.error();
  EXPECT_EQ(std::get<Deliver>(*ts).ts, static_cast<int64_t>(kMaxJsonInt));
  expect_code(kParseRelay, deliver("-5"), Errc::kDecodeError, "ts");
  expect_code(kParseRelay, deliver(std::to_string(kMaxJsonInt + 1)), Errc::kDecodeError, "ts");
  expect_code(kParseClient, R"({"v":1,"t":"ack","rid":1,"ids":[1,-2]})", Errc::kDecodeError,
              "ids[1]");
  expect_code(kParseClient, R"({"v":1,"t":"ack","rid":1,"ids":[1,2.5]})", Errc::kDecodeError,
              "ids[1]");
  expect_code(kParseRelay, R"({"v":1,"t":"sent","rid":1,"cmid":"m","ids":[true]})",
              Errc::kDecodeError, "ids[0]");
}

// ---- PROTO-FRAME-06: identifiers and names ------------------------------------

TEST(Frame, PROTO_FRAME_06_IdentifiersAreChecked) {
  const auto join = [](const std::string& chat) {
    return R"({"v":1,"t":"join","rid":1,"chat":")" + chat + "\"}";
  };
  for (const std::string& good :
       std::vector<std::string>{"a", "Z9", "room_1-x", std::string(kMaxIdLen, 'q')}) {
    EXPECT_TRUE(parse_client_frame(join(good)).ok()) << good;
  }
  for (const std::string& bad : {std::string(), std::string(kMaxIdLen + 1, 'q'), std::string("a b"),
                                std::string("a.b"), std::string("a/b"), std::string("é"),
                                std::string("a\\u0000")}) {
    expect_code(kParseClient, join(bad), Errc::kDecodeError, "chat");
  }
  // Every identifier field is checked, including list elements.
  expect_code(kParseClient, R"({"v":1,"t":"lookup","rid":1,"devices":["ok","no way"]})",
              Errc::kDecodeError, "devices[1]");
  expect_code(kParseRelay, R"({"v":1,"t":"typing","chat":"c","from":"","on":true})",
              Errc::kDecodeError, "from");
  expect_code(kParseClient, R"({"v":1,"t":"direct","rid":1,"chat":"c","cmid":"m","to":"x y","body":{}})",
              Errc::kDecodeError, "to");
}

TEST(Frame, PROTO_FRAME_06_NamesAreChecked) {
  const auto reg = [](const std::string& name) {
    return R"({"v":1,"t":"register","rid":1,"name":")" + name + R"(","dh":")" + b64_of(65) +
           R"(","sig":")" + b64_of(32) + "\"}";
  };
  for (const std::string& good : {std::string("A"), std::string("Zoë Ångström"),
                                 std::string("李小龍 😀"), std::string(kMaxNameBytes, 'n')}) {
    auto r = parse_client_frame(reg(good));
    ASSERT_TRUE(r.ok()) << good << ": " << r.error();
    EXPECT_EQ(std::get<Register>(*r).name, good);
  }
  for (const std::string& bad :
       {std::string(), std::string(kMaxNameBytes + 1, 'n'), std::string("a\\nb"),
        std::string("tab\\t"), std::string("\\u0000"), std::string("del\x7f"),
        std::string("c1\xc2\x85"), std::string("esc\\u001b[31m"),
        std::string(kMaxNameBytes - 1, 'n') + "é"}) {  // 65 bytes
    expect_code(kParseClient, reg(bad), Errc::kDecodeError, "name");
  }
}

// ---- PROTO-FRAME-07: bounded lists (the bounds are in limits_test.cc) -------

TEST(Frame, PROTO_FRAME_07_ListsHoldOnlyTheirElementType) {
  expect_code(kParseClient, R"({"v":1,"t":"lookup","rid":1,"devices":"bob"})", Errc::kDecodeError,
              "devices");
  expect_code(kParseClient, R"({"v":1,"t":"lookup","rid":1,"devices":[["bob"]]})",
              Errc::kDecodeError, "devices[0]");
  expect_code(kParseClient, R"({"v":1,"t":"ack","rid":1,"ids":["1"]})", Errc::kDecodeError,
              "ids[0]");
  expect_code(kParseRelay, R"({"v":1,"t":"keys","rid":1,"entries":["bob"],"missing":[]})",
              Errc::kDecodeError, "entries[0]");
  auto empty = parse_client_frame(R"({"v":1,"t":"ack","rid":1,"ids":[]})");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_TRUE(std::get<Ack>(*empty).ids.empty());
}

// ---- PROTO-FRAME-08: serialise(parse(x)) parses back equal -------------------

const std::string kIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

rc::Gen<std::string> gen_id() {
  return rc::gen::mapcat(rc::gen::inRange<size_t>(1, kMaxIdLen + 1), [](size_t n) {
    return rc::gen::container<std::string>(n, rc::gen::elementOf(kIdAlphabet));
  });
}

// Pieces of text: ASCII, multi-byte UTF-8, and characters JSON must escape.
const std::vector<std::string> kNamePieces = {"a", "Z", "0", " ", "-", "'", "\"", "\\", "/",
                                              "é", "ß", "Ω", "中", "😀", "\xc2\xa0", "~"};
const std::vector<std::string> kTextPieces = {"a", "Z", " ", "\"", "\\", "\n", "\t", "\x01",
                                              "\x7f", "é", "中", "😀", "\xc2\x85", "{", "]"};

rc::Gen<std::string> gen_text(const std::vector<std::string>& pieces, size_t max_pieces) {
  return rc::gen::map(rc::gen::mapcat(rc::gen::inRange<size_t>(0, max_pieces + 1),
                                      [&pieces](size_t n) {
                                        return rc::gen::container<std::vector<std::string>>(
                                            n, rc::gen::elementOf(pieces));
                                      }),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const std::string& p : parts) s += p;
                        return s;
                      });
}

rc::Gen<std::string> gen_name() {
  return rc::gen::map(
      rc::gen::mapcat(rc::gen::inRange<size_t>(1, 40),
                      [](size_t n) {
                        return rc::gen::container<std::vector<std::string>>(
                            n, rc::gen::elementOf(kNamePieces));
                      }),
      [](const std::vector<std::string>& parts) {
        std::string s;
        for (const std::string& p : parts) {
          if (s.size() + p.size() > kMaxNameBytes) break;
          s += p;
        }
        return s;
      });
}

rc::Gen<Bytes> gen_bytes(size_t n) {
  return rc::gen::container<Bytes>(n, rc::gen::arbitrary<uint8_t>());
}
rc::Gen<Bytes> gen_any_bytes() { return rc::gen::container<Bytes>(rc::gen::arbitrary<uint8_t>()); }

rc::Gen<uint64_t> gen_u64() {
  return rc::gen::oneOf(rc::gen::element<uint64_t>(0, 1, kMaxJsonInt),
                        rc::gen::inRange<uint64_t>(0, kMaxJsonInt + 1));
}

template <class T>
rc::Gen<std::optional<T>> gen_opt(rc::Gen<T> g) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>()),
                        rc::gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); }));
}

rc::Gen<Json> gen_json_value(int depth);

rc::Gen<Json> gen_json_object(int depth) {
  return rc::gen::map(
      rc::gen::mapcat(rc::gen::inRange<size_t>(0, 5),
                      [depth](size_t n) {
                        return rc::gen::container<std::vector<std::pair<std::string, Json>>>(
                            n, rc::gen::pair(gen_text(kTextPieces, 4), gen_json_value(depth - 1)));
                      }),
      [](const std::vector<std::pair<std::string, Json>>& kvs) {
        Json obj = Json::object();
        for (const auto& [k, v] : kvs) obj[k] = v;
        return obj;
      });
}

// Small JSON values: every scalar kind, and containers while |depth| lasts.
rc::Gen<Json> gen_json_value(int depth) {
  auto scalar = rc::gen::oneOf(
      rc::gen::just(Json(nullptr)), rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return Json(b); }),
      rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t i) { return Json(i); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(), [](uint64_t u) { return Json(u); }),
      rc::gen::map(rc::gen::element(0.5, -1.25, 1e300, 3.141592653589793, -0.0, 2.5e-8),
                   [](double d) { return Json(d); }),
      rc::gen::map(gen_text(kTextPieces, 6), [](const std::string& s) { return Json(s); }));
  if (depth <= 0) return scalar;
  auto array = rc::gen::map(
      rc::gen::mapcat(rc::gen::inRange<size_t>(0, 4),
                      [depth](size_t n) {
                        return rc::gen::container<std::vector<Json>>(n, gen_json_value(depth - 1));
                      }),
      [](const std::vector<Json>& items) { return Json(items); });
  return rc::gen::weightedOneOf<Json>(
      {{6, scalar}, {1, std::move(array)}, {1, gen_json_object(depth)}});
}

// A body sits at depth 2 of its frame; depth 3 below it keeps frames at <= 5.
rc::Gen<Json> gen_body() { return gen_json_object(3); }

template <class F, class T>
rc::Gen<F> as_frame(rc::Gen<T> g) {
  return rc::gen::map(std::move(g), [](T v) { return F(std::move(v)); });
}

rc::Gen<ClientFrame> gen_client_frame() {
  using rc::gen::build;
  using rc::gen::set;
  return rc::gen::oneOf(
      as_frame<ClientFrame>(build<Register>(set(&Register::rid, gen_u64()), set(&Register::name, gen_name()),
                                            set(&Register::dh, gen_bytes(65)), set(&Register::sig, gen_bytes(32)))),
      as_frame<ClientFrame>(build<Lookup>(
          set(&Lookup::rid, gen_u64()),
          set(&Lookup::devices, rc::gen::container<std::vector<Id>>(gen_id())))),
      as_frame<ClientFrame>(build<CreateChat>(set(&CreateChat::rid, gen_u64()), set(&CreateChat::chat, gen_id()),
                                              set(&CreateChat::admin, gen_opt(gen_bytes(32))))),
      as_frame<ClientFrame>(build<Join>(set(&Join::rid, gen_u64()), set(&Join::chat, gen_id()))),
      as_frame<ClientFrame>(build<Leave>(set(&Leave::rid, gen_u64()), set(&Leave::chat, gen_id()))),
      as_frame<ClientFrame>(build<Member>(
          set(&Member::rid, gen_u64()), set(&Member::chat, gen_id()),
          set(&Member::op, rc::gen::element(RosterOp::kAdd, RosterOp::kRemove)),
          set(&Member::device, gen_id()), set(&Member::cred, gen_opt(gen_any_bytes())),
          set(&Member::signed_op, gen_opt(gen_any_bytes())))),
      as_frame<ClientFrame>(build<Invite>(set(&Invite::rid, gen_u64()), set(&Invite::chat, gen_id()),
                                          set(&Invite::hash, gen_bytes(32)), set(&Invite::cred, gen_any_bytes()))),
      as_frame<ClientFrame>(build<Redeem>(set(&Redeem::rid, gen_u64()), set(&Redeem::chat, gen_id()),
                                          set(&Redeem::hash, gen_bytes(32)))),
      as_frame<ClientFrame>(build<Send>(set(&Send::rid, gen_u64()), set(&Send::chat, gen_id()),
                                        set(&Send::cmid, gen_id()), set(&Send::body, gen_body()))),
      as_frame<ClientFrame>(build<Direct>(set(&Direct::rid, gen_u64()), set(&Direct::chat, gen_id()),
                                          set(&Direct::cmid, gen_id()), set(&Direct::to, gen_id()),
                                          set(&Direct::body, gen_body()))),
      as_frame<ClientFrame>(build<Ack>(set(&Ack::rid, gen_u64()),
                                       set(&Ack::ids, rc::gen::container<std::vector<uint64_t>>(gen_u64())))),
      as_frame<ClientFrame>(build<Fetch>(set(&Fetch::rid, gen_u64()))),
      as_frame<ClientFrame>(build<Typing>(set(&Typing::chat, gen_id()), set(&Typing::on, rc::gen::arbitrary<bool>()))));
}

std::vector<std::string> error_code_names() {
  std::vector<std::string> names;
#define E2E_TEST_ERRC_NAME(name, cat, idx, stable, msg) names.emplace_back(stable);
  E2E_ERRC_LIST(E2E_TEST_ERRC_NAME)
#undef E2E_TEST_ERRC_NAME
  names.emplace_back("E2E_ERR_FROM_THE_FUTURE_2");
  return names;
}

rc::Gen<Deliver> gen_deliver() {
  return rc::gen::mapcat(
      rc::gen::element(DeliverKind::kMsg, DeliverKind::kDirect, DeliverKind::kRoster),
      [](DeliverKind kind) {
        using rc::gen::build;
        using rc::gen::set;
        const auto ts = rc::gen::map(gen_u64(), [](uint64_t v) { return static_cast<int64_t>(v); });
        if (kind == DeliverKind::kRoster) {
          return build<Deliver>(
              set(&Deliver::id, gen_u64()), set(&Deliver::chat, gen_id()), set(&Deliver::from, gen_id()),
              set(&Deliver::ts, ts), set(&Deliver::kind, rc::gen::just(kind)),
              set(&Deliver::op, rc::gen::map(rc::gen::element(RosterOp::kCreate, RosterOp::kAdd,
                                                              RosterOp::kRemove),
                                             [](RosterOp op) { return std::optional<RosterOp>(op); })),
              set(&Deliver::device, rc::gen::map(gen_id(), [](Id d) { return std::optional<Id>(d); })),
              set(&Deliver::signed_op, gen_opt(gen_any_bytes())));
        }
        return build<Deliver>(
            set(&Deliver::id, gen_u64()), set(&Deliver::chat, gen_id()), set(&Deliver::from, gen_id()),
            set(&Deliver::ts, ts), set(&Deliver::kind, rc::gen::just(kind)),
            set(&Deliver::body, rc::gen::map(gen_body(), [](Json b) { return std::optional<Json>(b); })));
      });
}

rc::Gen<RelayFrame> gen_relay_frame() {
  using rc::gen::build;
  using rc::gen::set;
  const auto entry = build<DirectoryEntry>(set(&DirectoryEntry::device, gen_id()),
                                           set(&DirectoryEntry::name, gen_name()),
                                           set(&DirectoryEntry::dh, gen_bytes(65)),
                                           set(&DirectoryEntry::sig, gen_bytes(32)));
  return rc::gen::oneOf(
      as_frame<RelayFrame>(build<Ok>(set(&Ok::rid, gen_u64()))),
      as_frame<RelayFrame>(build<ErrorFrame>(set(&ErrorFrame::rid, gen_opt(gen_u64())),
                                             set(&ErrorFrame::code, rc::gen::elementOf(error_code_names())),
                                             set(&ErrorFrame::detail, gen_text(kTextPieces, 20)))),
      as_frame<RelayFrame>(build<Keys>(
          set(&Keys::rid, gen_u64()),
          set(&Keys::entries, rc::gen::mapcat(rc::gen::inRange<size_t>(0, 8), [entry](size_t n) {
                return rc::gen::container<std::vector<DirectoryEntry>>(n, entry);
              })),
          set(&Keys::missing, rc::gen::mapcat(rc::gen::inRange<size_t>(0, 8), [](size_t n) {
                return rc::gen::container<std::vector<Id>>(n, gen_id());
              })))),
      as_frame<RelayFrame>(build<Sent>(set(&Sent::rid, gen_u64()), set(&Sent::cmid, gen_id()),
                                       set(&Sent::ids, rc::gen::container<std::vector<uint64_t>>(gen_u64())))),
      as_frame<RelayFrame>(gen_deliver()),
      as_frame<RelayFrame>(build<TypingNotice>(set(&TypingNotice::chat, gen_id()),
                                               set(&TypingNotice::from, gen_id()),
                                               set(&TypingNotice::on, rc::gen::arbitrary<bool>()))));
}

RC_GTEST_PROP(Frame, PROTO_FRAME_08_ClientFramesRoundTrip, ()) {
  const ClientFrame frame = *gen_client_frame();
  const std::string text = serialize(frame);
  RC_ASSERT(text.size() <= kMaxFrameBytes);
  auto parsed = parse_client_frame(text);
  if (!parsed.ok()) RC_FAIL(parsed.error().to_string() + " for " + text);
  RC_ASSERT(*parsed == frame);
  RC_ASSERT(serialize(*parsed) == text);
}

RC_GTEST_PROP(Frame, PROTO_FRAME_08_RelayFramesRoundTrip, ()) {
  const RelayFrame frame = *gen_relay_frame();
  const std::string text = serialize(frame);
  RC_ASSERT(text.size() <= kMaxFrameBytes);
  auto parsed = parse_relay_frame(text);
  if (!parsed.ok()) RC_FAIL(parsed.error().to_string() + " for " + text);
  RC_ASSERT(*parsed == frame);
  RC_ASSERT(serialize(*parsed) == text);
}

TEST(Frame, PROTO_FRAME_08_EveryTypeRoundTripsFromText) {
  for (const auto& [t, text] : client_samples()) {
    auto once = parse_client_frame(text);
    ASSERT_TRUE(once.ok()) << t << ": " << once.error();
    auto twice = parse_client_frame(serialize(*once));
    ASSERT_TRUE(twice.ok()) << t << ": " << twice.error();
    EXPECT_EQ(*once, *twice) << t;
  }
  for (const auto& [t, text] : relay_samples()) {
    auto once = parse_relay_frame(text);
    ASSERT_TRUE(once.ok()) << t << ": " << once.error();
    auto twice = parse_relay_frame(serialize(*once));
    ASSERT_TRUE(twice.ok()) << t << ": " << twice.error();
    EXPECT_EQ(*once, *twice) << t;
  }
}

TEST(Frame, PROTO_FRAME_08_NonCanonicalInputSerialisesCanonically) {
  auto r = parse_client_frame(
      R"({ "body" : {"b":[1, 2.50, "\u00e9"], "a":null}, "cmid":"m", "chat":"c", "rid":7, "t":"send", "v":1 })");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(serialize(*r),
            R"({"v":1,"t":"send","rid":7,"chat":"c","cmid":"m","body":{"a":null,"b":[1,2.5,"é"]}})");
}

// Parsing never throws or crashes, whatever the bytes (the fuzz target checks
// the same at scale); what parses also round-trips.
template <class Frame, class Parse>
void check_total(Parse parse, const std::string& text) {
  Result<Frame> r = parse(text);
  if (r.ok()) {
    auto again = parse(serialize(*r));
    RC_ASSERT(again.ok());
    RC_ASSERT(*again == *r);
  } else {
    RC_ASSERT(!r.error().detail.empty());
  }
}

RC_GTEST_PROP(Frame, PROTO_FRAME_08_ArbitraryTextNeverThrows, (const std::string& text)) {
  check_total<ClientFrame>(kParseClient, text);
  check_total<RelayFrame>(kParseRelay, text);
}

RC_GTEST_PROP(Frame, PROTO_FRAME_08_MutatedFramesNeverThrow, ()) {
  const bool client = *rc::gen::arbitrary<bool>();
  std::string text = client ? serialize(*gen_client_frame()) : serialize(*gen_relay_frame());
  const int edits = *rc::gen::inRange(1, 4);
  for (int i = 0; i < edits; ++i) {
    const size_t pos = *rc::gen::inRange<size_t>(0, text.size());
    const char byte = *rc::gen::oneOf(rc::gen::arbitrary<char>(),
                                      rc::gen::elementOf(std::string("{}[]\",:0-1eE.\\u ")));
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        text[pos] = byte;
        break;
      case 1:
        text.insert(pos, 1, byte);
        break;
      default:
        text.erase(pos, 1);
        break;
    }
  }
  check_total<ClientFrame>(kParseClient, text);
  check_total<RelayFrame>(kParseRelay, text);
}

// ---- helpers of frame_types.cc --------------------------------------------------

TEST(FrameTypes, RosterOpNamesRoundTrip) {
  for (RosterOp op : {RosterOp::kCreate, RosterOp::kAdd, RosterOp::kRemove}) {
    auto back = roster_op_from_name(roster_op_name(op));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, op);
  }
  EXPECT_EQ(roster_op_from_name("ADD").code(), Errc::kDecodeError);
  EXPECT_EQ(roster_op_from_name("").code(), Errc::kDecodeError);
}

TEST(FrameTypes, ErrorFrameCarriesTheStableName) {
  const ErrorFrame e = error_frame(42, make_error(Errc::kRateLimited, "slow down"));
  EXPECT_EQ(e.rid, std::optional<uint64_t>(42));
  EXPECT_EQ(e.code, "E2E_ERR_RATE_LIMITED");
  EXPECT_EQ(e.detail, "slow down");
  EXPECT_EQ(serialize(RelayFrame{e}),
            R"({"v":1,"t":"error","rid":42,"code":"E2E_ERR_RATE_LIMITED","detail":"slow down"})");
  const ErrorFrame no_rid = error_frame(std::nullopt, make_error(Errc::kDecodeError));
  EXPECT_EQ(serialize(RelayFrame{no_rid}),
            R"({"v":1,"t":"error","code":"E2E_ERR_DECODE","detail":""})");
}

TEST(FrameTypes, EqualityComparesEveryField) {
  const Deliver base{1, "c", "a", 5, DeliverKind::kRoster, std::nullopt, RosterOp::kAdd, "d",
                     std::nullopt};
  EXPECT_EQ(RelayFrame{base}, RelayFrame{base});
  Deliver other = base;
  other.signed_op = Bytes{};
  EXPECT_NE(RelayFrame{base}, RelayFrame{other});  // absent != present-but-empty
  other = base;
  other.ts = 6;
  EXPECT_NE(RelayFrame{base}, RelayFrame{other});
  // Same fields, different type.
  EXPECT_NE((ClientFrame{Join{1, "c"}}), (ClientFrame{Leave{1, "c"}}));
  EXPECT_EQ(frame_type(ClientFrame{Join{1, "c"}}), "join");
  EXPECT_EQ(frame_type(RelayFrame{TypingNotice{"c", "a", true}}), "typing");
}

TEST(FrameTypes, DetailsDoNotEchoLongOrBinaryInput) {
  const std::string field(5000, 'k');
  auto r = parse_client_frame(R"({"v":1,"t":"fetch","rid":1,")" + field + R"(":1})");
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.error().detail.size(), 200u) << r.error();
  auto t = parse_client_frame("{\"v\":1,\"t\":\"\\u0007\xc3\xa9\",\"rid\":1}");
  ASSERT_FALSE(t.ok());
  for (char c : t.error().detail) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << t.error();
  }
}

// ---- wire_bytes.h (lp and u64 of §5) ------------------------------------------

TEST(WireBytes, LengthPrefixIsFourBytesBigEndian) {
  Bytes out;
  append_lp(out, std::string_view("abc"));
  EXPECT_EQ(out, (Bytes{0, 0, 0, 3, 'a', 'b', 'c'}));
  append_lp(out, ByteView{});
  EXPECT_EQ(out.size(), 11u);
  const Bytes big(0x0304, 0xAA);
  Bytes lp;
  append_lp(lp, big);
  EXPECT_EQ(lp[0], 0x00);
  EXPECT_EQ(lp[1], 0x00);
  EXPECT_EQ(lp[2], 0x03);
  EXPECT_EQ(lp[3], 0x04);
  EXPECT_EQ(lp.size(), 4u + big.size());
}

TEST(WireBytes, U64IsEightBytesBigEndian) {
  Bytes out;
  append_u64(out, 0x0102030405060708ULL);
  EXPECT_EQ(out, (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  append_u64(out, 0);
  EXPECT_EQ(out.size(), 16u);
  EXPECT_EQ(out[15], 0);
}

// lp() exists so that different field lists never encode alike.
TEST(WireBytes, LengthPrefixesSeparateFieldLists) {
  Bytes a, b;
  append_lp(a, std::string_view("ab"));
  append_lp(a, std::string_view("c"));
  append_lp(b, std::string_view("a"));
  append_lp(b, std::string_view("bc"));
  EXPECT_NE(a, b);
  Bytes raw;
  append_raw(raw, std::string_view("xy"));
  EXPECT_EQ(raw, (Bytes{'x', 'y'}));
}

}  // namespace
}  // namespace e2e::proto
