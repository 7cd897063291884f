// ReplyReader, the engine's reading of an adapter's answer, without a process:
// refusals quote at most 200 bytes of the line (a state document's secrets
// never reach a log), failures are sticky, nothing follows a response, and an
// error response is the request's outcome, not a violation.
#include <gtest/gtest.h>

#include <string>

#include "driver/reply_reader.h"

namespace e2e::driver {
namespace {

TEST(ReplyReader, AnEventThenTheResponse) {
  ReplyReader r("register", 3);
  auto a = r.feed(R"({"event":"typing","data":{"chat":"g","from":"alice","on":true}})");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_FALSE(*a);
  auto b = r.feed(R"({"id":3,"result":{"x":1}})");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_TRUE(*b);
  auto reply = r.response();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->step.events.size(), 1u);
  EXPECT_EQ(reply->result["x"], 1);
  // Nothing may follow the response.
  EXPECT_FALSE(r.feed(R"({"event":"typing","data":{"chat":"g","from":"alice","on":true}})").ok());
}

TEST(ReplyReader, AnErrorResponseIsTheOutcome) {
  ReplyReader r("send", 5);
  auto a = r.feed(R"({"id":5,"error":{"code":"rejected","reason":"replay","message":"E2E_ERR_REPLAY: again"}})");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_TRUE(*a);
  auto reply = r.response();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.code(), Errc::kReplay);
}

TEST(ReplyReader, PaddedBase64IsRefusedQuotingTheLine) {
  ReplyReader r("register", 4);
  const std::string line = R"({"event":"transmit","data":{"to":"relay","bytes_b64":"e30="}})";
  auto a = r.feed(line);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.code(), Errc::kInternal);
  EXPECT_NE(a.error().detail.find("expected unpadded base64url; line: '" + line + "'"), std::string::npos)
      << a.error();
  // Sticky: the same error, whatever comes next.
  auto b = r.feed(R"({"id":4,"result":{}})");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().detail, a.error().detail);
  EXPECT_FALSE(r.response().ok());
}

TEST(ReplyReader, ALongLineIsQuotedOnly200Bytes) {
  const std::string secret(5000, 'S');
  ReplyReader r("export_state", 9);
  const std::string line = R"({"id":8,"result":{"state_b64":")" + secret + R"("}})";
  auto a = r.feed(line);
  ASSERT_FALSE(a.ok());
  const std::string& d = a.error().detail;
  EXPECT_NE(d.find("a response for id 8, expected 9"), std::string::npos) << d;
  EXPECT_NE(d.find("... (" + std::to_string(line.size()) + " bytes)'"), std::string::npos) << d;
  EXPECT_EQ(d.find(std::string(200, 'S')), std::string::npos) << "more than 200 bytes quoted";
  EXPECT_LT(d.size(), 400u);
}

TEST(ReplyReader, GarbageIsRefusedNeverThrown) {
  for (const std::string& line : {std::string("not json"), std::string("[]"), std::string("null"),
                                 std::string("{\"id\":1,\"result\":{\"a\":\"\xff\"}}"),
                                 "{\"event\":" + std::string(100, '[') + std::string(100, ']') + "}",
                                 std::string(R"({"id":1,"result":[]})"), std::string(R"({"id":-1,"result":{}})"),
                                 std::string(R"({"id":null,"error":{"code":"invalid_params"}})"),
                                 std::string(R"({"event":"confetti","data":{}})"), std::string(R"({"id":1})")}) {
    ReplyReader r("fetch", 1);
    auto a = r.feed(line);
    EXPECT_FALSE(a.ok()) << line;
    if (!a.ok()) {
      EXPECT_NE(a.error().detail.find("; line: '"), std::string::npos) << a.error();
      // Control and non-ASCII bytes are escaped, never copied.
      EXPECT_EQ(a.error().detail.find('\xff'), std::string::npos);
    }
  }
}

TEST(ReplyReader, ResultChecks) {
  using nlohmann::json;
  EXPECT_FALSE(hello_major(json::object()).ok());
  EXPECT_FALSE(hello_major(json{{"version", {{"major", -1}}}}).ok());
  EXPECT_EQ(hello_major(json::parse(R"({"version":{"major":1}})")).value(), 1u);
  EXPECT_TRUE(hello_strings(json{{"capabilities", 5}}, "hooks").empty());
  EXPECT_EQ(hello_strings(json{{"capabilities", {{"hooks", {"clock", 5}}}}}, "hooks"),
            std::vector<std::string>{"clock"});
  EXPECT_FALSE(members_result(json{{"members", {"a", 5}}}).ok());
  EXPECT_FALSE(string_result(json{{"code", 5}}, "code").ok());
}

}  // namespace
}  // namespace e2e::driver
