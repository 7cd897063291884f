// The event/error codec: every client event survives event_to_json ->
// event_from_json exactly, every Errc has its documented code and reason, and
// the decoder refuses anything off the contract, naming the field.
#include <gtest/gtest.h>

#include <set>

#include "adapter/event_json.h"
#include "adapter/output_lines.h"
#include "common/encoding.h"

namespace e2e::adapter {
namespace {

constexpr Errc kAll[] = {
#define E2E_TEST_ERRC(name, cat, idx, stable, msg) Errc::name,
    E2E_ERRC_LIST(E2E_TEST_ERRC)
#undef E2E_TEST_ERRC
};

std::vector<client::Event> samples() {
  std::vector<client::Event> v = {
      client::MessageEvent{"g", "alice", "hello", {}},
      client::MessageEvent{"g", "bob", std::string("bytes \0\xFF\n and \xE2\x82\xAC", 14), {"unsigned"}},
      client::MessageEvent{"g", "bob", "", {"unsigned", "late"}},
      client::RosterChangedEvent{"g", proto::RosterOp::kCreate, "alice", "alice"},
      client::RosterChangedEvent{"g", proto::RosterOp::kAdd, "bob", "alice"},
      client::RosterChangedEvent{"g", proto::RosterOp::kRemove, "bob", "alice"},
      client::KeyChangedEvent{"bob", ""},
      client::KeyChangedEvent{"bob", "g"},
      client::DuplicateEvent{"g", 42},
      client::GapEvent{"g", "alice", 3, 7},
      client::TypingEvent{"g", "alice", true},
      client::TypingEvent{"g", "alice", false},
      client::RequestFailedEvent{9, "E2E_ERR_NOT_FOUND", "no such chat"},
      client::RequestFailedEvent{0, "custom", ""},
      client::RejectedEvent{"g", "mallory", UINT64_MAX, "E2E_ERR_AUTH_FAILED"},
      client::RosterRejectedEvent{"g", "mallory", "E2E_ERR_STALE_EPOCH"},
  };
  // A refusal for every code the client can name, taxonomy or not.
  for (Errc c : kAll) {
    v.push_back(client::RejectedEvent{"g", "x", 1, std::string(errc_name(c))});
    v.push_back(client::RosterRejectedEvent{"g", "x", std::string(errc_name(c))});
  }
  return v;
}

TEST(EventJson, EveryEventTypeRoundTripsExactly) {
  std::set<size_t> kinds;
  for (const auto& e : samples()) {
    kinds.insert(e.index());
    const json j = event_to_json(e);
    EXPECT_EQ(j["event"], std::string(client::event_name(e)));
    // Through text too, as the driver reads it.
    const json reread = json::parse(event_line(j));
    auto back = event_from_json(reread);
    ASSERT_TRUE(back.ok()) << j.dump() << ": " << back.error();
    EXPECT_TRUE(*back == e) << j.dump();
  }
  EXPECT_EQ(kinds.size(), std::variant_size_v<client::Event>);
}

// The readable form (attack evidence) is the wire form's data, flat, with a
// message's text readable: the same fields, never a second encoding.
TEST(EventJson, ReadableFormIsTheWireDataFlat) {
  for (const auto& e : samples()) {
    const json wire = event_to_json(e);
    json readable = event_to_json(e, EventForm::kReadable);
    ASSERT_EQ(readable["event"], wire["event"]) << readable.dump();
    readable.erase("event");
    json want = wire["data"];
    const auto* m = std::get_if<client::MessageEvent>(&e);
    if (m != nullptr && readable.contains("text")) {
      EXPECT_EQ(readable["text"], m->text);
      want.erase("plaintext_b64");
      want["text"] = m->text;
    }
    EXPECT_EQ(readable, want) << readable.dump() << " vs " << wire.dump();
    // Written as text, whatever bytes a message held.
    EXPECT_FALSE(event_to_json(e, EventForm::kReadable).dump().empty());
  }
  const json hello = event_to_json(client::MessageEvent{"g", "alice", "hello", {}}, EventForm::kReadable);
  EXPECT_EQ(hello, (json{{"event", "message"}, {"chat", "g"}, {"sender", "alice"}, {"text", "hello"},
                         {"flags", json::array()}}));
  // Bytes that are not UTF-8 stay base64url: the evidence stays writable.
  const json bytes = event_to_json(client::MessageEvent{"g", "bob", std::string("\xFF\xFE", 2), {}},
                                   EventForm::kReadable);
  EXPECT_FALSE(bytes.contains("text")) << bytes.dump();
  EXPECT_EQ(bytes["plaintext_b64"], "__4");
}

TEST(EventJson, RefusalsCarryTheTaxonomyAndTheStableName) {
  const json j = event_to_json(client::RejectedEvent{"g", "m", 5, "E2E_ERR_REPLAY"});
  EXPECT_EQ(j["data"], json({{"chat", "g"}, {"from", "m"}, {"item", 5}, {"reason", "replay"},
                             {"detail", "E2E_ERR_REPLAY"}}));
  EXPECT_EQ(event_to_json(client::RosterRejectedEvent{"g", "m", "E2E_ERR_STATE"})["data"]["reason"],
            "other");
  EXPECT_EQ(event_to_json(client::RejectedEvent{"g", "m", 5, "E2E_ERR_INVALID_KEY"})["data"]["reason"],
            "decode_error");
}

TEST(EventJson, ForeignDetailsFallBackToTheReason) {
  // Another implementation's own detail: the client reason comes from the taxonomy.
  auto r = event_from_json(json::parse(
      R"({"event":"rejected","data":{"chat":"g","from":"m","item":1,"reason":"replay","detail":"dup counter"}})"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(std::get<client::RejectedEvent>(*r).reason, "E2E_ERR_REPLAY");
  auto other = event_from_json(json::parse(
      R"({"event":"roster_rejected","data":{"chat":"g","from":"m","reason":"other","detail":"?"}})"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(std::get<client::RosterRejectedEvent>(*other).reason, "E2E_ERR_STATE");
  auto decode = event_from_json(json::parse(
      R"({"event":"rejected","data":{"chat":"g","from":"m","item":1,"reason":"decode_error","detail":"bad"}})"));
  ASSERT_TRUE(decode.ok());
  EXPECT_EQ(std::get<client::RejectedEvent>(*decode).reason, "E2E_ERR_DECODE");
}

void expect_bad_event(const char* text, std::string_view mention) {
  auto r = event_from_json(json::parse(text));
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.code(), Errc::kDecodeError);
  EXPECT_NE(r.error().detail.find(mention), std::string::npos) << r.error();
}

TEST(EventJson, DecodingIsStrict) {
  expect_bad_event(R"([])", "not a JSON object");
  expect_bad_event(R"({"data":{}})", "'event'");
  expect_bad_event(R"({"event":"typing"})", "'data'");
  expect_bad_event(R"({"event":"typing","data":[]})", "event.data");
  expect_bad_event(R"({"event":"typing","data":{},"x":1})", "'x'");
  expect_bad_event(R"({"event":7,"data":{}})", "event.event");
  expect_bad_event(R"({"event":"nope","data":{}})", "unknown event 'nope'");
  expect_bad_event(R"({"event":"transmit","data":{}})", "transmit");
  expect_bad_event(R"({"event":"typing","data":{"chat":"g","from":"a"}})", "missing field 'on'");
  expect_bad_event(R"({"event":"typing","data":{"chat":"g","from":"a","on":true,"x":0}})",
                   "unknown field 'x'");
  expect_bad_event(R"({"event":"typing","data":{"chat":"g","from":"a","on":1}})", "typing.on");
  expect_bad_event(R"({"event":"typing","data":{"chat":1,"from":"a","on":true}})", "typing.chat");
  expect_bad_event(R"({"event":"duplicate","data":{"chat":"g","item":-1}})", "duplicate.item");
  expect_bad_event(R"({"event":"gap","data":{"chat":"g","sender":"a","expected":1.5,"got":2}})",
                   "gap.expected");
  expect_bad_event(R"({"event":"message","data":{"chat":"g","sender":"a","plaintext_b64":"aGk=","flags":[]}})",
                   "message.plaintext_b64");
  expect_bad_event(R"({"event":"message","data":{"chat":"g","sender":"a","plaintext_b64":"aGk","flags":[1]}})",
                   "message.flags");
  expect_bad_event(R"({"event":"roster_changed","data":{"chat":"g","op":"promote","device":"b","by":"a"}})",
                   "roster_changed.op");
  expect_bad_event(R"({"event":"rejected","data":{"chat":"g","from":"m","item":1,"reason":"nope","detail":"x"}})",
                   "rejected.reason");
  expect_bad_event(
      R"({"event":"rejected","data":{"chat":"g","from":"m","item":1,"reason":"replay","detail":"E2E_ERR_AUTH_FAILED"}})",
      "contradicts");
  expect_bad_event(R"({"event":"request_failed","data":{"rid":1,"code":"x"}})", "'detail'");
}

TEST(EventJson, TransmitCarriesTheFrameText) {
  const std::vector<proto::ClientFrame> frames = {
      proto::Fetch{3},
      proto::Typing{"g", true},
      proto::Send{4, "g", "c1", json{{"ct", "abc"}}},
      proto::Ack{5, {1, 2, 3}},
  };
  for (const auto& f : frames) {
    const json j = transmit_to_json(f);
    EXPECT_EQ(j["data"]["to"], "relay");
    EXPECT_EQ(to_string(base64url_decode(j["data"]["bytes_b64"].get<std::string>()).value()),
              proto::serialize(f));
    auto back = transmit_from_json(json::parse(event_line(j)));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_TRUE(*back == f);
    client::Step step;
    ASSERT_TRUE(append_event_json(j, step).ok());
    ASSERT_EQ(step.out.size(), 1u);
    EXPECT_TRUE(step.events.empty());
  }
  client::Step step;
  ASSERT_TRUE(append_event_json(event_to_json(client::TypingEvent{"g", "a", true}), step).ok());
  EXPECT_EQ(step.events.size(), 1u);

  EXPECT_FALSE(transmit_from_json(json::parse(
      R"({"event":"transmit","data":{"to":"bob","bytes_b64":"e30"}})")).ok());
  auto not_a_frame = transmit_from_json(json::parse(
      R"({"event":"transmit","data":{"to":"relay","bytes_b64":"e30"}})"));  // "{}"
  ASSERT_FALSE(not_a_frame.ok());
  EXPECT_NE(not_a_frame.error().detail.find("transmit.bytes_b64"), std::string::npos);
}

TEST(ErrorJson, EveryErrcHasItsDocumentedCodeAndReason) {
  struct Row {
    Errc c;
    const char* code;
    const char* reason;
  };
  const Row table[] = {
      {Errc::kInvalidArgument, "invalid_params", ""},
      {Errc::kUnsupported, "unsupported", ""},
      {Errc::kDecodeError, "rejected", "decode_error"},
      {Errc::kInvalidKey, "rejected", "decode_error"},
      {Errc::kAuthFailed, "rejected", "auth_failed"},
      {Errc::kUntrustedIdentity, "rejected", "untrusted_identity"},
      {Errc::kUnknownSender, "rejected", "unknown_sender"},
      {Errc::kDowngrade, "rejected", "downgrade"},
      {Errc::kReplay, "rejected", "replay"},
      {Errc::kStaleEpoch, "rejected", "stale_epoch"},
      {Errc::kExpired, "rejected", "expired"},
      {Errc::kRateLimited, "rejected", "rate_limited"},
      {Errc::kLimitExceeded, "rejected", "limit_exceeded"},
      {Errc::kState, "state", ""},
      {Errc::kNotFound, "state", ""},
      {Errc::kIo, "internal", ""},
      {Errc::kInternal, "internal", ""},
  };
  ASSERT_EQ(std::size(table), std::size(kAll));
  for (const Row& row : table) {
    SCOPED_TRACE(std::string(errc_name(row.c)));
    EXPECT_EQ(code_for(row.c), row.code);
    EXPECT_EQ(reason_for(row.c), row.reason);
    const json j = error_json(make_error(row.c, "why"));
    EXPECT_EQ(j["code"], row.code);
    EXPECT_EQ(j.contains("reason"), *row.reason != '\0');
    if (*row.reason != '\0') {
      EXPECT_EQ(j["reason"], row.reason);
    }
    EXPECT_EQ(j["message"], std::string(errc_name(row.c)) + ": why");
  }
}

TEST(ErrorJson, RoundTripsExactlyForEveryErrc) {
  for (Errc c : kAll) {
    for (const char* detail : {"", "some detail", "a: b: c"}) {
      const Error e = make_error(c, detail);
      const Error back = error_from_json(json::parse(dump_json(error_json(e))));
      EXPECT_EQ(back.code, c) << e;
      EXPECT_EQ(back.detail, detail) << e;
    }
  }
}

TEST(ErrorJson, ForeignErrorsMapToTheClosestCode) {
  auto from = [](const char* text) { return error_from_json(json::parse(text)); };
  EXPECT_EQ(from(R"({"code":"rejected","reason":"replay","message":"seen it"})").code, Errc::kReplay);
  EXPECT_EQ(from(R"({"code":"rejected","reason":"replay","message":"seen it"})").detail, "seen it");
  EXPECT_EQ(from(R"({"code":"rejected","reason":"decode_error","message":"x"})").code, Errc::kDecodeError);
  EXPECT_EQ(from(R"({"code":"state","message":"no chat"})").code, Errc::kState);
  EXPECT_EQ(from(R"({"code":"invalid_params","message":"x"})").code, Errc::kInvalidArgument);
  EXPECT_EQ(from(R"({"code":"unsupported","message":"x"})").code, Errc::kUnsupported);
  EXPECT_EQ(from(R"({"code":"internal","message":"x"})").code, Errc::kInternal);
  // A stable name that contradicts the code is not believed.
  const Error contradicting = from(R"({"code":"state","message":"E2E_ERR_REPLAY: x"})");
  EXPECT_EQ(contradicting.code, Errc::kState);
  EXPECT_EQ(contradicting.detail, "E2E_ERR_REPLAY: x");
  EXPECT_EQ(from(R"({"code":"state","message":"E2E_ERR_NOT_FOUND: x"})").code, Errc::kNotFound);
  // Off the contract: kInternal.
  EXPECT_EQ(from(R"({"code":"rejected","message":"x"})").code, Errc::kInternal);
  EXPECT_EQ(from(R"({"code":"rejected","reason":"nope","message":"x"})").code, Errc::kInternal);
  EXPECT_EQ(from(R"({"code":"weird","message":"x"})").code, Errc::kInternal);
  EXPECT_EQ(from(R"({"message":"x"})").code, Errc::kInternal);
  EXPECT_EQ(from(R"([])").code, Errc::kInternal);
}

TEST(OutputLines, PutTheIdOrEventFirst) {
  EXPECT_EQ(response_line(7, json::object()), R"({"id":7,"result":{}})");
  EXPECT_EQ(error_line(std::nullopt, make_error(Errc::kState, "x")),
            R"({"id":null,"error":{"code":"state","message":"E2E_ERR_STATE: x"}})");
  EXPECT_EQ(event_line(event_to_json(client::TypingEvent{"g", "a", true})),
            R"({"event":"typing","data":{"chat":"g","from":"a","on":true}})");
  // Invalid UTF-8 in free text never throws.
  EXPECT_NO_THROW((void)error_line(1, make_error(Errc::kState, "\xFF\xFE")));
}

}  // namespace
}  // namespace e2e::adapter
