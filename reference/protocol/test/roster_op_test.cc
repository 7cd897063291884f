// Signed, hash-chained roster operations (docs/PROTOCOL.md §6, PROTO-ROSTER-01/02).
//= type=test
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <rapidcheck/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/p256.h"
#include "protocol/limits.h"
#include "protocol/roster_op.h"

namespace e2e::proto {
namespace {

// Independent encoders for the expected bytes (not wire_bytes.cc).
void put_u32(Bytes& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u64(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_lp(Bytes& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}
void put_raw(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

Bytes sha256(ByteView data) {
  Bytes out(32);
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr), 1);
  return out;
}

struct Member {
  crypto::Ed25519PrivateKey sig;
  crypto::P256PrivateKey dh;
};

Member make_member(Rng& rng) {
  auto s = crypto::Ed25519PrivateKey::generate(rng);
  auto d = crypto::P256PrivateKey::generate(rng);
  return Member{std::move(s).value(), std::move(d).value()};
}

class RosterOpTest : public ::testing::Test {
 protected:
  DeterministicRng rng_{11, "roster"};
  Member alice_ = make_member(rng_);
  Member bob_ = make_member(rng_);
  Member mallory_ = make_member(rng_);

  SignedRosterOp create_op() {
    SignedRosterOp op;
    op.chat = "chat-1";
    op.seq = 0;
    op.prev = Bytes(kRosterHashLen, 0);
    op.op = RosterOp::kCreate;
    op.device = "alice";
    op.dh = alice_.dh.public_key().to_uncompressed();
    op.sig = alice_.sig.public_key();
    op.by = "alice";
    EXPECT_TRUE(sign_roster_op(op, alice_.sig).ok());
    return op;
  }
  SignedRosterOp add_bob(const SignedRosterOp& prev) {
    SignedRosterOp op;
    op.chat = prev.chat;
    op.seq = prev.seq + 1;
    op.prev = roster_op_hash(prev);
    op.op = RosterOp::kAdd;
    op.device = "bob";
    op.dh = bob_.dh.public_key().to_uncompressed();
    op.sig = bob_.sig.public_key();
    op.by = "alice";
    EXPECT_TRUE(sign_roster_op(op, alice_.sig).ok());
    return op;
  }
};

TEST_F(RosterOpTest, PROTO_ROSTER_01_SignedBytesLayout) {
  const SignedRosterOp op = add_bob(create_op());
  Bytes expected;
  put_raw(expected, as_bytes("e2eproof/v1/roster"));
  put_lp(expected, "chat-1");
  put_u64(expected, 1);
  put_raw(expected, op.prev);
  put_lp(expected, "add");
  put_lp(expected, "bob");
  put_raw(expected, op.dh);
  put_raw(expected, op.sig);
  put_lp(expected, "alice");
  EXPECT_EQ(hex_encode(roster_signed_bytes(op)), hex_encode(expected));
}

TEST_F(RosterOpTest, PROTO_ROSTER_01_OpNamesInSignedBytes) {
  SignedRosterOp op = create_op();
  for (auto [kind, name] : {std::pair{RosterOp::kCreate, "create"}, std::pair{RosterOp::kAdd, "add"},
                            std::pair{RosterOp::kRemove, "remove"}}) {
    op.op = kind;
    Bytes lp_name;
    put_lp(lp_name, name);
    const Bytes sb = roster_signed_bytes(op);
    const size_t at = 18 + 4 + op.chat.size() + 8 + 32;
    EXPECT_EQ(hex_encode(ByteView(sb).subspan(at, lp_name.size())), hex_encode(lp_name)) << name;
  }
}

TEST_F(RosterOpTest, PROTO_ROSTER_01_HashIsSha256OfSignedBytesAndSignature) {
  const SignedRosterOp op = create_op();
  EXPECT_EQ(op.s.size(), 64u);
  const Bytes expected = sha256(concat({roster_signed_bytes(op), op.s}));
  EXPECT_EQ(hex_encode(roster_op_hash(op)), hex_encode(expected));
  EXPECT_EQ(roster_op_hash(op).size(), kRosterHashLen);
}

TEST_F(RosterOpTest, PROTO_ROSTER_01_SignatureIsEd25519OverSignedBytes) {
  const SignedRosterOp op = create_op();
  EXPECT_TRUE(crypto::ed25519_verify(alice_.sig.public_key(), roster_signed_bytes(op), op.s).ok());
  EXPECT_TRUE(verify_roster_op_signature(op, alice_.sig.public_key()).ok());
}

TEST_F(RosterOpTest, PROTO_ROSTER_02_SignatureByAnotherKeyRejected) {
  const SignedRosterOp op = create_op();
  EXPECT_EQ(verify_roster_op_signature(op, mallory_.sig.public_key()).code(), Errc::kAuthFailed);
  // Mallory signs an add of herself claiming to be alice: the signature is hers.
  SignedRosterOp forged = add_bob(op);
  forged.device = "mallory";
  forged.dh = mallory_.dh.public_key().to_uncompressed();
  forged.sig = mallory_.sig.public_key();
  ASSERT_TRUE(sign_roster_op(forged, mallory_.sig).ok());
  EXPECT_EQ(verify_roster_op_signature(forged, alice_.sig.public_key()).code(), Errc::kAuthFailed);
}

TEST_F(RosterOpTest, PROTO_ROSTER_02_ChangingAnyFieldChangesHashAndBreaksSignature) {
  const SignedRosterOp base = add_bob(create_op());
  const Bytes base_hash = roster_op_hash(base);
  const std::vector<std::pair<const char*, std::function<void(SignedRosterOp&)>>> mutations = {
      {"chat", [](SignedRosterOp& o) { o.chat = "chat-2"; }},
      {"seq", [](SignedRosterOp& o) { o.seq += 1; }},
      {"prev", [](SignedRosterOp& o) { o.prev[31] ^= 1; }},
      {"op", [](SignedRosterOp& o) { o.op = RosterOp::kRemove; }},
      {"device", [](SignedRosterOp& o) { o.device = "mallory"; }},
      {"dh", [this](SignedRosterOp& o) { o.dh = mallory_.dh.public_key().to_uncompressed(); }},
      {"sig", [this](SignedRosterOp& o) { o.sig = mallory_.sig.public_key(); }},
      {"by", [](SignedRosterOp& o) { o.by = "bob"; }},
  };
  for (const auto& [name, mutate] : mutations) {
    SignedRosterOp op = base;
    mutate(op);
    EXPECT_NE(roster_op_hash(op), base_hash) << name;
    EXPECT_NE(roster_signed_bytes(op), roster_signed_bytes(base)) << name;
    EXPECT_EQ(verify_roster_op_signature(op, alice_.sig.public_key()).code(), Errc::kAuthFailed) << name;
  }
  // The signature itself is part of the hash.
  SignedRosterOp op = base;
  op.s[0] ^= 1;
  EXPECT_NE(roster_op_hash(op), base_hash);
  EXPECT_EQ(verify_roster_op_signature(op, alice_.sig.public_key()).code(), Errc::kAuthFailed);
}

TEST_F(RosterOpTest, PROTO_ROSTER_02_ChainLinksByHash) {
  const SignedRosterOp op0 = create_op();
  const SignedRosterOp op1 = add_bob(op0);
  EXPECT_EQ(op1.seq, 1u);
  EXPECT_EQ(op1.prev, roster_op_hash(op0));
  EXPECT_TRUE(verify_roster_op_signature(op1, alice_.sig.public_key()).ok());
  // A forked op0 (another create, another signature) no longer matches op1.prev.
  SignedRosterOp fork0 = op0;
  fork0.dh = mallory_.dh.public_key().to_uncompressed();
  ASSERT_TRUE(sign_roster_op(fork0, alice_.sig).ok());
  EXPECT_NE(roster_op_hash(fork0), op1.prev);
  // Rewriting op1.prev to the fork invalidates op1's signature.
  SignedRosterOp spliced = op1;
  spliced.prev = roster_op_hash(fork0);
  EXPECT_EQ(verify_roster_op_signature(spliced, alice_.sig.public_key()).code(), Errc::kAuthFailed);
}

TEST_F(RosterOpTest, PROTO_ROSTER_02_SignRefusesMalformedOps) {
  SignedRosterOp op = create_op();
  op.prev.pop_back();
  EXPECT_EQ(sign_roster_op(op, alice_.sig).code(), Errc::kInvalidArgument);
  op = create_op();
  op.dh.pop_back();
  EXPECT_EQ(sign_roster_op(op, alice_.sig).code(), Errc::kInvalidArgument);
  op = create_op();
  op.sig.push_back(0);
  EXPECT_EQ(sign_roster_op(op, alice_.sig).code(), Errc::kInvalidArgument);
  op = create_op();
  op.device = "not an id";
  EXPECT_EQ(sign_roster_op(op, alice_.sig).code(), Errc::kInvalidArgument);
  op = create_op();
  op.seq = kMaxJsonInt + 1;
  EXPECT_EQ(sign_roster_op(op, alice_.sig).code(), Errc::kInvalidArgument);
  op = create_op();
  op.s.pop_back();
  EXPECT_EQ(verify_roster_op_signature(op, alice_.sig.public_key()).code(), Errc::kAuthFailed);
}

// ---- JSON encoding ----

TEST_F(RosterOpTest, PROTO_ROSTER_01_EncodeDecodeRoundTrip) {
  const SignedRosterOp op = add_bob(create_op());
  const Bytes enc = encode_roster_op(op);
  const std::string text = to_string(enc);
  // Compact, fields in the order of §6.
  EXPECT_EQ(text.find(' '), std::string::npos);
  size_t last = 0;
  for (const char* f : {"\"chat\":", "\"seq\":", "\"prev\":", "\"op\":", "\"device\":", "\"dh\":",
                        "\"sig\":", "\"by\":", "\"s\":"}) {
    const size_t at = text.find(f);
    ASSERT_NE(at, std::string::npos) << f;
    EXPECT_GE(at, last) << f;
    last = at;
  }
  EXPECT_EQ(Json::parse(text).size(), 9u);
  auto back = decode_roster_op(enc);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->chat, op.chat);
  EXPECT_EQ(back->seq, op.seq);
  EXPECT_EQ(back->prev, op.prev);
  EXPECT_EQ(back->op, op.op);
  EXPECT_EQ(back->device, op.device);
  EXPECT_EQ(back->dh, op.dh);
  EXPECT_EQ(back->sig, op.sig);
  EXPECT_EQ(back->by, op.by);
  EXPECT_EQ(back->s, op.s);
  EXPECT_EQ(roster_op_hash(*back), roster_op_hash(op));
  EXPECT_TRUE(verify_roster_op_signature(*back, alice_.sig.public_key()).ok());
}

class RosterDecodeTest : public RosterOpTest {
 protected:
  Json good() { return Json::parse(to_string(encode_roster_op(add_bob(create_op())))); }
  static void expect_decode_error(const Json& j, const std::string& why) {
    const std::string text = j.dump();
    EXPECT_EQ(decode_roster_op(as_bytes(text)).code(), Errc::kDecodeError) << why << ": " << text;
  }
  static void expect_text_error(std::string_view text, const std::string& why) {
    EXPECT_EQ(decode_roster_op(as_bytes(text)).code(), Errc::kDecodeError) << why << ": " << text;
  }
};

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_MissingOrUnknownFieldRejected) {
  for (const char* f : {"chat", "seq", "prev", "op", "device", "dh", "sig", "by", "s"}) {
    Json j = good();
    j.erase(f);
    expect_decode_error(j, std::string("missing ") + f);
  }
  Json j = good();
  j["ts"] = 1;
  expect_decode_error(j, "unknown field");
  j = good();
  j["S"] = j["s"];
  expect_decode_error(j, "unknown field differing in case");
}

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_WrongTypesRejected) {
  for (const char* f : {"chat", "prev", "op", "device", "dh", "sig", "by", "s"}) {
    for (const Json& bad : {Json(1), Json(true), Json(nullptr), Json::array(), Json::object()}) {
      Json j = good();
      j[f] = bad;
      expect_decode_error(j, std::string(f) + " = " + bad.dump());
    }
  }
  for (const Json& bad : {Json("1"), Json(1.0), Json(-1), Json(true), Json(nullptr), Json::array()}) {
    Json j = good();
    j["seq"] = bad;
    expect_decode_error(j, "seq = " + bad.dump());
  }
}

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_SeqBoundIs2To53Minus1) {
  Json j = good();
  j["seq"] = kMaxJsonInt;
  const std::string at_bound = j.dump();
  auto ok = decode_roster_op(as_bytes(at_bound));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->seq, kMaxJsonInt);
  j["seq"] = kMaxJsonInt + 1;
  expect_decode_error(j, "seq = 2^53");
  std::string text = good().dump();
  const size_t at = text.find("\"seq\":1,");
  ASSERT_NE(at, std::string::npos);
  for (const char* spelled : {"1.0", "1e0", "01", "+1", "\"1\""}) {
    std::string t = text;
    t.replace(at + 6, 1, spelled);
    EXPECT_EQ(decode_roster_op(as_bytes(t)).code(), Errc::kDecodeError) << t;
  }
}

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_WrongBinaryLengthsRejected) {
  const std::vector<std::pair<const char*, size_t>> lengths = {{"prev", 32}, {"dh", 65}, {"sig", 32}, {"s", 64}};
  for (const auto& [f, len] : lengths) {
    for (size_t bad : {size_t{0}, len - 1, len + 1}) {
      Json j = good();
      j[f] = base64url_encode(Bytes(bad, 0x11));
      expect_decode_error(j, std::string(f) + " of " + std::to_string(bad) + " bytes");
    }
    Json j = good();
    j[f] = j[f].get<std::string>() + "=";
    expect_decode_error(j, std::string(f) + " padded");
    // Non-canonical: set an unused low bit of the last character (none of
    // these lengths is a multiple of 3 bytes, so there are unused bits).
    j = good();
    std::string s = j[f].get<std::string>();
    static const std::string kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    s.back() = kB64[kB64.find(s.back()) | 1];
    j[f] = s;
    expect_decode_error(j, std::string(f) + " non-canonical");
  }
}

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_BadIdentifiersAndOpRejected) {
  for (const char* f : {"chat", "device", "by"}) {
    for (const std::string& bad : {std::string(""), std::string("a b"), std::string("a/b"), std::string(65, 'a'),
                                   std::string("\xc3\xa9")}) {
      Json j = good();
      j[f] = bad;
      expect_decode_error(j, std::string(f) + " bad id");
    }
  }
  for (const char* bad : {"ban", "Add", "", "create "}) {
    Json j = good();
    j["op"] = bad;
    expect_decode_error(j, std::string("op = ") + bad);
  }
}

TEST_F(RosterDecodeTest, PROTO_ROSTER_01_NotStrictJsonRejected) {
  const std::string text = good().dump();
  expect_text_error("", "empty");
  expect_text_error("[]", "array");
  expect_text_error("null", "null");
  expect_text_error(text + "x", "trailing garbage");
  expect_text_error(text.substr(0, text.size() - 1), "truncated");
  // A repeated key: parsers disagree on which copy wins, so it is refused.
  std::string dup = text;
  dup.insert(1, R"("chat":"chat-9",)");
  expect_text_error(dup, "repeated key");
  expect_text_error("\xEF\xBB\xBF" + text, "byte-order mark");
  ASSERT_TRUE(decode_roster_op(as_bytes(" " + text + "\n")).ok()) << "JSON whitespace is fine";
  expect_text_error(std::string(100, '[') + std::string(100, ']'), "deep nesting");
}

// "-0" is refused in a roster op as in a frame (PROTO-FRAME-05): a sign on
// zero is not canonical and another parser may read it as a float.
TEST_F(RosterDecodeTest, PROTO_ROSTER_01_NegativeZeroIsNotAnInteger) {
  Json j = good();
  j["seq"] = 0u;
  const std::string text = j.dump();
  ASSERT_TRUE(decode_roster_op(as_bytes(text)).ok());
  std::string minus = text;
  const size_t at = minus.find("\"seq\":0");
  ASSERT_NE(at, std::string::npos);
  minus.insert(at + 6, "-");
  expect_text_error(minus, "seq -0");
}

RC_GTEST_PROP(RosterOpProperty, PROTO_ROSTER_01_EncodeDecodeRoundTripsAnyOp, (uint64_t seed)) {
  DeterministicRng rng(seed, "roster-prop");
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  auto gen_id = [] {
    const auto len = *rc::gen::inRange<size_t>(1, 65);
    std::string id;
    for (size_t i = 0; i < len; ++i) id.push_back(alphabet[*rc::gen::inRange<size_t>(0, alphabet.size())]);
    return id;
  };
  SignedRosterOp op;
  op.chat = gen_id();
  op.seq = *rc::gen::inRange<uint64_t>(0, kMaxJsonInt + 1);
  op.prev = rng.bytes(32);
  op.op = *rc::gen::element(RosterOp::kCreate, RosterOp::kAdd, RosterOp::kRemove);
  op.device = gen_id();
  op.dh = rng.bytes(65);
  op.sig = rng.bytes(32);
  op.by = gen_id();
  op.s = rng.bytes(64);
  auto back = decode_roster_op(encode_roster_op(op));
  RC_ASSERT(back.ok());
  RC_ASSERT(back->chat == op.chat);
  RC_ASSERT(back->seq == op.seq);
  RC_ASSERT(back->prev == op.prev);
  RC_ASSERT(back->op == op.op);
  RC_ASSERT(back->device == op.device);
  RC_ASSERT(back->dh == op.dh);
  RC_ASSERT(back->sig == op.sig);
  RC_ASSERT(back->by == op.by);
  RC_ASSERT(back->s == op.s);
  RC_ASSERT(roster_op_hash(*back) == roster_op_hash(op));
}

}  // namespace
}  // namespace e2e::proto
