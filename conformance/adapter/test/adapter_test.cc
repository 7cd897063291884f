// The dispatcher through handle_line: lifecycle, preconditions, parameter
// checks and the completion rule (events before the response).
#include <gtest/gtest.h>

#include <sstream>

#include "adapter/run.h"
#include "adapter_test_util.h"
#include "common/encoding.h"
#include "protocol/preset.h"
#include "verify/ops.h"

namespace e2e::adapter {
namespace {
using namespace testing;

TEST(AdapterHello, AnswersVersionAndCapabilities) {
  Adapter a;
  const Answer r = call(a, 1, "hello", hello_params("alice"));
  ASSERT_TRUE(r.ok()) << r.response;
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.result()["version"], json({{"major", 1}, {"minor", 2}}));
  EXPECT_EQ(r.result()["implementation"]["name"], "e2eproof-reference");
  const json& caps = r.result()["capabilities"];
  EXPECT_EQ(caps["presets"], json(proto::preset_names()));
  EXPECT_EQ(caps["hooks"], json({"state_export", "state_import", "clock", "kill_restart"}));
  EXPECT_EQ(caps["methods"], json(Adapter::methods()));
  EXPECT_EQ(caps["vectors"], json(vectors::op_families()));
  EXPECT_FALSE(caps.contains("claims"));  // not declared in 1.x
  EXPECT_EQ(call(a, 2, "hello", hello_params("alice")).code(), "state");
}

TEST(AdapterHello, NegotiatesTheMajorVersion) {
  auto with_versions = [](json versions) {
    json p = hello_params("alice");
    p["versions"] = std::move(versions);
    return p;
  };
  {
    Adapter a;
    const Answer r = call(a, 1, "hello", with_versions(json::array({{{"major", 2}, {"minor_min", 0}}})));
    EXPECT_EQ(r.code(), "unsupported");
    EXPECT_NE(r.response["error"]["message"].get<std::string>().find("adapter incompatible: supports 1.2"),
              std::string::npos);
    // Still waiting for a good hello.
    EXPECT_TRUE(call(a, 2, "hello", hello_params("alice")).ok());
  }
  {
    Adapter a;  // 1.3 and up only: a 1.2 adapter cannot serve it
    EXPECT_EQ(call(a, 1, "hello", with_versions(json::array({{{"major", 1}, {"minor_min", 3}}}))).code(),
              "unsupported");
  }
  {
    Adapter a;  // one acceptable offer among others is enough
    EXPECT_TRUE(call(a, 1, "hello",
                     with_versions(json::array({{{"major", 2}, {"minor_min", 0}}, {{"major", 1}, {"minor_min", 0}}})))
                    .ok());
  }
  {
    Adapter a;
    EXPECT_EQ(call(a, 1, "hello", with_versions(json::array({{{"major", "1"}}}))).code(), "invalid_params");
  }
}

TEST(AdapterHello, ChecksItsParams) {
  auto without = [](const char* field) {
    json p = hello_params("alice");
    p.erase(field);
    return p;
  };
  for (const char* f : {"protocol", "versions", "device", "seed"}) {
    Adapter a;
    const Answer r = call(a, 1, "hello", without(f));
    EXPECT_EQ(r.code(), "invalid_params") << f;
    EXPECT_NE(r.response["error"]["message"].get<std::string>().find(f), std::string::npos);
  }
  for (const char* seed : {"", "-1", "01", "1.5", "18446744073709551616", " 1", "0x10"}) {
    Adapter a;
    EXPECT_EQ(call(a, 1, "hello", hello_params("alice", seed)).code(), "invalid_params") << seed;
  }
  Adapter bad_device;
  EXPECT_EQ(call(bad_device, 1, "hello", hello_params("not an id")).code(), "invalid_params");
  Adapter other_protocol;
  json p = hello_params("alice");
  p["protocol"] = "something-else";
  EXPECT_EQ(call(other_protocol, 1, "hello", p).code(), "unsupported");
  Adapter max_seed;
  EXPECT_TRUE(call(max_seed, 1, "hello", hello_params("alice", "18446744073709551615")).ok());
}

TEST(AdapterLifecycle, CreateThenRegisterEmitsOneTransmitBeforeTheResponse) {
  Adapter a;
  ASSERT_TRUE(call(a, 1, "hello", hello_params("alice")).ok());
  ASSERT_TRUE(call(a, 2, "set_clock", {{"now_ms", 1'700'000'000'000}}).ok());
  const Answer created = call(a, 3, "create_device", {{"device", "alice"}, {"name", "Alice"}, {"preset", "hardened"}});
  ASSERT_TRUE(created.ok()) << created.response;
  EXPECT_TRUE(created.events.empty());
  EXPECT_EQ(base64url_decode(created.result()["dh_public_b64"].get<std::string>())->size(), 65u);
  EXPECT_EQ(base64url_decode(created.result()["sig_public_b64"].get<std::string>())->size(), 32u);

  const Answer reg = call(a, 4, "register");
  ASSERT_TRUE(reg.ok());
  EXPECT_EQ(reg.result(), json::object());
  ASSERT_EQ(reg.events.size(), 1u);
  EXPECT_EQ(reg.events[0]["event"], "transmit");
  auto frame = transmit_from_json(reg.events[0]);
  ASSERT_TRUE(frame.ok()) << frame.error();
  EXPECT_TRUE(std::holds_alternative<proto::Register>(*frame));

  EXPECT_EQ(call(a, 5, "create_device", {{"device", "alice"}, {"name", "Alice"}, {"preset", "hardened"}}).code(),
            "state");
  const Answer bye = call(a, 6, "shutdown");
  EXPECT_TRUE(bye.ok());
  EXPECT_TRUE(a.done());
}

TEST(AdapterLifecycle, TheSameSeedGivesTheSameKeysAndAnotherSeedOthers) {
  auto keys = [](const std::string& seed) {
    Adapter a;
    EXPECT_TRUE(call(a, 1, "hello", hello_params("alice", seed)).ok());
    return call(a, 2, "create_device", {{"device", "alice"}, {"name", "Alice"}, {"preset", "eleven"}}).result();
  };
  EXPECT_EQ(keys("5"), keys("5"));
  EXPECT_NE(keys("5"), keys("6"));
}

TEST(AdapterLifecycle, PreconditionsAreTheStateCode) {
  Adapter a;
  EXPECT_EQ(call(a, 1, "create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "eleven"}}).code(),
            "state");  // before hello
  EXPECT_EQ(call(a, 2, "set_clock", {{"now_ms", 5}}).code(), "state");
  ASSERT_TRUE(call(a, 3, "hello", hello_params("alice")).ok());
  for (const char* m : {"register", "fetch", "export_state"}) EXPECT_EQ(call(a, 4, m).code(), "state") << m;
  EXPECT_EQ(call(a, 5, "send", {{"chat", "g"}, {"plaintext_b64", "aGk"}}).code(), "state");
  ASSERT_TRUE(call(a, 6, "create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "eleven"}}).ok());
  // The client's own preconditions map to state as well.
  EXPECT_EQ(call(a, 7, "send", {{"chat", "nochat"}, {"plaintext_b64", "aGk"}}).code(), "state");
  EXPECT_EQ(call(a, 8, "import_state", {{"state_b64", "e30"}}).code(), "state");
  // share codes are arthas only.
  EXPECT_EQ(call(a, 9, "share_code", {{"chat", "g"}}).code(), "unsupported");
  EXPECT_EQ(call(a, 10, "members", {{"chat", "nochat"}}).result(), json({{"members", json::array()}}));
}

// vector (§4.1): inputs in, outputs out, refusals in the taxonomy; no
// device needed, and nothing is emitted.
TEST(AdapterVector, AnswersOperationsWithoutADevice) {
  Adapter a;
  EXPECT_EQ(call(a, 1, "vector", {{"op", "pad"}, {"input", {{"msg", "00"}}}}).code(), "state");  // before hello
  ASSERT_TRUE(call(a, 2, "hello", hello_params("vectors")).ok());
  const std::string code = "room1:" + std::string(43, 'A');
  const Answer ok = call(a, 3, "vector", {{"op", "parse_share_code"}, {"input", {{"code", code}}}});
  ASSERT_TRUE(ok.ok()) << ok.response;
  EXPECT_TRUE(ok.events.empty());
  EXPECT_EQ(ok.result(), json({{"output", {{"room", "room1"}, {"key", std::string(64, '0')}}}}));
  const Answer refused = call(a, 4, "vector", {{"op", "parse_share_code"}, {"input", {{"code", "room1"}}}});
  EXPECT_EQ(refused.code(), "rejected");
  EXPECT_EQ(refused.response["error"]["reason"], "decode_error");
  EXPECT_EQ(call(a, 5, "vector", {{"op", "nosuch"}, {"input", json::object()}}).code(), "unsupported");
  EXPECT_EQ(call(a, 6, "vector", {{"op", "pad"}}).code(), "invalid_params");
  EXPECT_EQ(call(a, 7, "vector", {{"op", "pad"}, {"input", {{"msg", "00"}, {"extra", 1}}}}).code(), "invalid_params");
  EXPECT_EQ(call(a, 8, "vector", {{"op", "pad"}, {"input", {{"msg", "0G"}}}}).code(), "invalid_params");
}

TEST(AdapterDispatch, UnknownMethodIsUnsupported) {
  Adapter a;
  const Answer r = call(a, 9, "teleport");
  EXPECT_EQ(r.code(), "unsupported");
  EXPECT_NE(r.response["error"]["message"].get<std::string>().find("teleport"), std::string::npos);
}

TEST(AdapterDispatch, BadParamsAreInvalidParamsNamingTheField) {
  Adapter a;
  ASSERT_TRUE(call(a, 1, "hello", hello_params("alice")).ok());
  auto expect_invalid = [&](const std::string& method, const json& params, const std::string& field) {
    const Answer r = call(a, 2, method, params);
    EXPECT_EQ(r.code(), "invalid_params") << method << " " << params;
    EXPECT_NE(r.response["error"]["message"].get<std::string>().find(field), std::string::npos)
        << r.response;
  };
  expect_invalid("set_clock", json::object(), "now_ms");
  expect_invalid("set_clock", {{"now_ms", 1.5}}, "now_ms");
  expect_invalid("set_clock", {{"now_ms", "5"}}, "now_ms");
  expect_invalid("create_device", {{"device", "alice"}, {"preset", "eleven"}}, "name");
  expect_invalid("create_device", {{"device", "bob"}, {"name", "B"}, {"preset", "eleven"}}, "device");
  expect_invalid("create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "eleven"}, {"x", 1}}, "'x'");
  expect_invalid("import_state", {{"state_b64", "not base64!"}}, "state_b64");
  EXPECT_EQ(call(a, 3, "create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "nope"}}).code(),
            "unsupported");
  ASSERT_TRUE(call(a, 4, "create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "arthas"}}).ok());
  expect_invalid("create_chat", json::object(), "chat");
  expect_invalid("create_chat", {{"chat", 5}}, "chat");
  expect_invalid("send", {{"chat", "g"}}, "plaintext_b64");
  expect_invalid("send", {{"chat", "g"}, {"plaintext_b64", "aGk="}}, "plaintext_b64");
  expect_invalid("set_typing", {{"chat", "g"}, {"on", "yes"}}, "on");
  expect_invalid("deliver", {{"bytes_b64", 7}}, "bytes_b64");
  expect_invalid("register", {{"extra", true}}, "'extra'");
  // An identifier the client refuses: E2E_ERR_INVALID_ARGUMENT, invalid_params too.
  EXPECT_EQ(call(a, 5, "create_chat", {{"chat", "bad chat id"}}).code(), "invalid_params");
}

TEST(AdapterDispatch, AFrameThatDoesNotParseIsRejectedDecodeError) {
  Adapter a;
  ASSERT_TRUE(call(a, 1, "hello", hello_params("alice")).ok());
  ASSERT_TRUE(call(a, 2, "create_device", {{"device", "alice"}, {"name", "A"}, {"preset", "eleven"}}).ok());
  const Answer r = call(a, 3, "deliver", {{"bytes_b64", base64url_encode(as_bytes("{\"v\":1,\"t\":\"nope\"}"))}});
  EXPECT_EQ(r.code(), "rejected");
  EXPECT_EQ(r.response["error"]["reason"], "decode_error");
  EXPECT_TRUE(r.events.empty());
  // A frame the client refuses is events, not an error.
  const proto::RelayFrame bogus = proto::Deliver{1, "g", "mallory", 0, proto::DeliverKind::kMsg,
                                                 json{{"x", 1}}, std::nullopt, std::nullopt, std::nullopt};
  const Answer refused = call(a, 4, "deliver", {{"bytes_b64", base64url_encode(as_bytes(proto::serialize(bogus)))}});
  ASSERT_TRUE(refused.ok()) << refused.response;
  EXPECT_FALSE(refused.events.empty());
  for (const auto& e : refused.events) {
    if (e["event"] == "transmit") continue;
    auto ev = event_from_json(e);
    EXPECT_TRUE(ev.ok()) << e;
  }
}

TEST(AdapterDispatch, BadLinesGetAnErrorWithIdNullAndServingGoesOn) {
  Adapter a;
  for (std::string_view line : {"", "not json", "[]", R"({"id":-1,"method":"hello"})",
                                R"({"id":1,"id":1,"method":"hello"})", "{\"id\":1,\"method\":\"\xFF\"}"}) {
    const auto out = a.handle_line(line);
    ASSERT_EQ(out.size(), 1u) << line;
    const json j = json::parse(out[0]);
    EXPECT_TRUE(j["id"].is_null()) << out[0];
    EXPECT_EQ(j["error"]["code"], "invalid_params") << out[0];
  }
  EXPECT_TRUE(call(a, 1, "hello", hello_params("alice")).ok());
}

TEST(RunAdapter, ServesUntilShutdownOrEndOfInput) {
  std::istringstream in(std::string(R"({"id":1,"method":"hello","params":)") +
                        hello_params("alice").dump() + "}\n" + "garbage\n" +
                        R"({"id":2,"method":"shutdown"})" + "\n" + R"({"id":3,"method":"hello"})" + "\n");
  std::ostringstream out;
  std::ostringstream log;
  EXPECT_EQ(run_adapter(in, out, log), 0);
  std::istringstream lines(out.str());
  std::vector<json> got;
  for (std::string l; std::getline(lines, l);) got.push_back(json::parse(l));
  ASSERT_EQ(got.size(), 3u);  // nothing after shutdown
  EXPECT_EQ(got[0]["id"], 1);
  EXPECT_TRUE(got[1]["id"].is_null());
  EXPECT_EQ(got[2], json::parse(R"({"id":2,"result":{}})"));
  EXPECT_NE(log.str().find("line refused"), std::string::npos);

  std::istringstream eof(R"({"id":1,"method":"teleport"})");
  std::ostringstream out2;
  EXPECT_EQ(run_adapter(eof, out2, log), 0);
  EXPECT_EQ(json::parse(out2.str())["error"]["code"], "unsupported");
}

}  // namespace
}  // namespace e2e::adapter
