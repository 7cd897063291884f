// Bound tests for every limits.h constant the frame codec enforces: each one
// at the bound (accepted) and one past it (refused). Limits enforced by the
// client and relay (mailbox, members, seen ids, replay window, epochs) are
// tested where they are enforced.
#include "protocol/limits.h"

#include <gtest/gtest.h>

#include <string>

#include "common/encoding.h"
#include "protocol/frame.h"

namespace e2e::proto {
namespace {

std::string b64_of(size_t n) { return base64url_encode(Bytes(n, 0x5A)); }

// The relationships the rationale comments in limits.h rely on.
// The largest hardened body: a payload padded to the 64 KiB bucket, plus the
// AEAD tag, base64url-encoded, plus the other fields and the frame around it.
constexpr size_t kLargestCiphertextB64 = (65536 + 16 + 2) / 3 * 4;
static_assert(kLargestCiphertextB64 + 4096 < kMaxFrameBytes, "a full bucket must fit in a frame");
static_assert(kMaxTextBytes + 1024 < 65536, "the largest text must fit the largest bucket");
static_assert(kMaxJsonInt == 9007199254740991ULL, "2^53-1");
static_assert(kMaxLookup * (kMaxIdLen + 3) < kMaxFrameBytes, "a full lookup fits in a frame");
static_assert(kMaxAckIds * 17 < kMaxFrameBytes, "a full ack fits in a frame");
static_assert(kMaxChatMembers * 17 < kMaxFrameBytes, "a full sent reply fits in a frame");

// A send frame of exactly |size| bytes: the body's one string takes up the rest.
std::string send_of_size(size_t size) {
  const std::string head = R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":{"p":")";
  const std::string tail = R"("}})";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

// A send frame whose JSON nests |depth| levels (the frame object is level 1).
std::string send_of_depth(size_t depth, bool arrays) {
  std::string open, close;
  // Level 1 is the frame, level 2 the body, levels 3..depth-1 are opened here
  // and the innermost "[]" is level |depth|.
  for (size_t level = 3; level < depth; ++level) {
    open += arrays ? "[" : R"({"a":)";
    close += arrays ? "]" : "}";
  }
  return R"({"v":1,"t":"send","rid":1,"chat":"c","cmid":"m","body":{"x":)" + open + "[]" + close +
         "}}";
}

std::string id_list(size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += "\"d" + std::to_string(i) + "\"";
  }
  return out + "]";
}

std::string int_list(size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += std::to_string(i * 7919);
  }
  return out + "]";
}

// ---- kMaxFrameBytes (PROTO-FRAME-01) -----------------------------------------

TEST(Limits, PROTO_FRAME_01_FrameOfExactlyMaxBytesIsAccepted) {
  const std::string text = send_of_size(kMaxFrameBytes);
  ASSERT_EQ(text.size(), kMaxFrameBytes);
  auto r = parse_client_frame(text);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(serialize(*r), text);
}

TEST(Limits, PROTO_FRAME_01_FrameOneBytePastMaxIsLimitExceeded) {
  const std::string text = send_of_size(kMaxFrameBytes + 1);
  ASSERT_EQ(text.size(), kMaxFrameBytes + 1);
  auto r = parse_client_frame(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kLimitExceeded) << r.error();
  EXPECT_EQ(parse_relay_frame(text).code(), Errc::kLimitExceeded);
}

TEST(Limits, PROTO_FRAME_01_SizeIsCheckedBeforeAnythingElse) {
  // Oversized garbage is a size problem, not a syntax problem.
  EXPECT_EQ(parse_client_frame(std::string(kMaxFrameBytes + 1, '\xff')).code(),
            Errc::kLimitExceeded);
  EXPECT_EQ(parse_relay_frame(std::string(4 * kMaxFrameBytes, '[')).code(), Errc::kLimitExceeded);
}

// ---- kMaxJsonDepth -------------------------------------------------------------

TEST(Limits, PROTO_FRAME_01_DepthAtMaxIsAccepted) {
  for (bool arrays : {false, true}) {
    auto r = parse_client_frame(send_of_depth(kMaxJsonDepth, arrays));
    ASSERT_TRUE(r.ok()) << r.error() << "\n" << send_of_depth(kMaxJsonDepth, arrays);
  }
}

TEST(Limits, PROTO_FRAME_01_DepthOnePastMaxIsLimitExceeded) {
  for (bool arrays : {false, true}) {
    auto r = parse_client_frame(send_of_depth(kMaxJsonDepth + 1, arrays));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), Errc::kLimitExceeded) << r.error();
  }
}

TEST(Limits, PROTO_FRAME_01_HostileNestingStopsAtTheLimit) {
  // Far deeper than any recursive parser's stack would survive, within kMaxFrameBytes.
  EXPECT_EQ(parse_client_frame(std::string(kMaxFrameBytes, '[')).code(), Errc::kLimitExceeded);
  std::string objects;
  while (objects.size() + 5 <= kMaxFrameBytes) objects += R"({"a":)";
  EXPECT_EQ(parse_relay_frame(objects).code(), Errc::kLimitExceeded);
  // Deep and well-formed, still refused.
  std::string deep = std::string(50000, '[') + std::string(50000, ']');
  EXPECT_EQ(parse_client_frame(deep).code(), Errc::kLimitExceeded);
}

// ---- kMaxLookup, kMaxAckIds, kMaxChatMembers (PROTO-FRAME-07) ---------------------

TEST(Limits, PROTO_FRAME_07_LookupOfMaxDevicesIsAccepted) {
  auto r = parse_client_frame(R"({"v":1,"t":"lookup","rid":1,"devices":)" + id_list(kMaxLookup) +
                              "}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(std::get<Lookup>(*r).devices.size(), kMaxLookup);
}

TEST(Limits, PROTO_FRAME_07_LookupOfMaxPlusOneIsLimitExceeded) {
  auto r = parse_client_frame(R"({"v":1,"t":"lookup","rid":1,"devices":)" +
                              id_list(kMaxLookup + 1) + "}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kLimitExceeded) << r.error();
  EXPECT_NE(r.error().detail.find("devices"), std::string::npos);
}

TEST(Limits, PROTO_FRAME_07_AckOfMaxIdsIsAccepted) {
  auto r = parse_client_frame(R"({"v":1,"t":"ack","rid":1,"ids":)" + int_list(kMaxAckIds) + "}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(std::get<Ack>(*r).ids.size(), kMaxAckIds);
}

TEST(Limits, PROTO_FRAME_07_AckOfMaxPlusOneIsLimitExceeded) {
  auto r = parse_client_frame(R"({"v":1,"t":"ack","rid":1,"ids":)" + int_list(kMaxAckIds + 1) +
                              "}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), Errc::kLimitExceeded) << r.error();
}

std::string keys_frame(size_t entries, size_t missing) {
  std::string list = "[";
  for (size_t i = 0; i < entries; ++i) {
    if (i > 0) list += ',';
    list += R"({"device":"d)" + std::to_string(i) + R"(","name":"N","dh":")" + b64_of(65) +
            R"(","sig":")" + b64_of(32) + "\"}";
  }
  list += "]";
  return R"({"v":1,"t":"keys","rid":1,"entries":)" + list + R"(,"missing":)" + id_list(missing) +
         "}";
}

TEST(Limits, PROTO_FRAME_07_KeysAnswerUpToMaxLookupDevices) {
  for (auto [entries, missing] : {std::pair<size_t, size_t>{kMaxLookup, 0}, {0, kMaxLookup},
                                  {100, kMaxLookup - 100}}) {
    auto r = parse_relay_frame(keys_frame(entries, missing));
    ASSERT_TRUE(r.ok()) << entries << "+" << missing << ": " << r.error();
  }
  for (auto [entries, missing] : {std::pair<size_t, size_t>{kMaxLookup + 1, 0},
                                  {0, kMaxLookup + 1}, {100, kMaxLookup - 99}}) {
    auto r = parse_relay_frame(keys_frame(entries, missing));
    ASSERT_FALSE(r.ok()) << entries << "+" << missing;
    EXPECT_EQ(r.code(), Errc::kLimitExceeded) << r.error();
  }
}

TEST(Limits, PROTO_FRAME_07_SentIdsAreBoundedByChatMembers) {
  const std::string head = R"({"v":1,"t":"sent","rid":1,"cmid":"m","ids":)";
  auto ok = parse_relay_frame(head + int_list(kMaxChatMembers) + "}");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(parse_relay_frame(head + int_list(kMaxChatMembers + 1) + "}").code(),
            Errc::kLimitExceeded);
}

// ---- kMaxIdLen, kMaxNameBytes (PROTO-FRAME-06) --------------------------------

TEST(Limits, PROTO_FRAME_06_IdentifiersOf64AreAcceptedAnd65Refused) {
  const std::string at(kMaxIdLen, 'i');
  const std::string past(kMaxIdLen + 1, 'i');
  const auto direct = [](const std::string& chat, const std::string& cmid, const std::string& to) {
    return R"({"v":1,"t":"direct","rid":1,"chat":")" + chat + R"(","cmid":")" + cmid +
           R"(","to":")" + to + R"(","body":{}})";
  };
  ASSERT_TRUE(parse_client_frame(direct(at, at, at)).ok());
  EXPECT_EQ(parse_client_frame(direct(past, at, at)).code(), Errc::kDecodeError);
  EXPECT_EQ(parse_client_frame(direct(at, past, at)).code(), Errc::kDecodeError);
  EXPECT_EQ(parse_client_frame(direct(at, at, past)).code(), Errc::kDecodeError);
  const auto typing = [](const std::string& from) {
    return R"({"v":1,"t":"typing","chat":"c","from":")" + from + R"(","on":true})";
  };
  EXPECT_TRUE(parse_relay_frame(typing(at)).ok());
  EXPECT_EQ(parse_relay_frame(typing(past)).code(), Errc::kDecodeError);
}

TEST(Limits, PROTO_FRAME_06_NamesOf64BytesAreAcceptedAnd65Refused) {
  std::string at;
  for (size_t i = 0; i < kMaxNameBytes / 2; ++i) at += "é";  // 2 bytes each
  ASSERT_EQ(at.size(), kMaxNameBytes);
  const std::string past = at + "a";
  const auto reg = [](const std::string& name) {
    return R"({"v":1,"t":"register","rid":1,"name":")" + name + R"(","dh":")" + b64_of(65) +
           R"(","sig":")" + b64_of(32) + "\"}";
  };
  auto ok = parse_client_frame(reg(at));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(std::get<Register>(*ok).name, at);
  EXPECT_EQ(parse_client_frame(reg(past)).code(), Errc::kDecodeError);
  // The bound counts bytes, not characters: 16 four-byte characters fit, 17 do not.
  std::string emoji;
  for (int i = 0; i < 16; ++i) emoji += "😀";
  EXPECT_TRUE(parse_client_frame(reg(emoji)).ok());
  EXPECT_EQ(parse_client_frame(reg(emoji + "😀")).code(), Errc::kDecodeError);
  // Same bound in a directory answer.
  const auto keys = [](const std::string& name) {
    return R"({"v":1,"t":"keys","rid":1,"entries":[{"device":"d","name":")" + name +
           R"(","dh":")" + b64_of(65) + R"(","sig":")" + b64_of(32) + R"("}],"missing":[]})";
  };
  EXPECT_TRUE(parse_relay_frame(keys(at)).ok());
  EXPECT_EQ(parse_relay_frame(keys(past)).code(), Errc::kDecodeError);
}

// ---- kMaxJsonInt (PROTO-FRAME-05) ---------------------------------------------

TEST(Limits, PROTO_FRAME_05_IntegersUpToMaxJsonIntAreAccepted) {
  const auto ack = [](uint64_t a, uint64_t b) {
    return R"({"v":1,"t":"ack","rid":)" + std::to_string(a) + R"(,"ids":[)" + std::to_string(b) +
           "]}";
  };
  auto ok = parse_client_frame(ack(kMaxJsonInt, kMaxJsonInt));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(std::get<Ack>(*ok).rid, kMaxJsonInt);
  EXPECT_EQ(parse_client_frame(ack(kMaxJsonInt + 1, 0)).code(), Errc::kDecodeError);
  EXPECT_EQ(parse_client_frame(ack(0, kMaxJsonInt + 1)).code(), Errc::kDecodeError);
}

}  // namespace
}  // namespace e2e::proto
