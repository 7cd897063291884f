#include "adapter/event_json.h"

#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "common/encoding.h"
#include "common/overload.h"
#include "protocol/ids.h"
#include "protocol/strict_json.h"

namespace e2e::adapter {
namespace {

constexpr Errc kAllErrc[] = {
#define E2E_ADAPTER_ERRC(name, cat, idx, stable, msg) Errc::name,
    E2E_ERRC_LIST(E2E_ADAPTER_ERRC)
#undef E2E_ADAPTER_ERRC
};

// The event reason for a refusal outside the rejected taxonomy, and the code
// it decodes to when the detail does not name one.
constexpr std::string_view kOtherReason = "other";
constexpr Errc kOtherErrc = Errc::kState;

Error decode_error(std::string detail) { return make_error(Errc::kDecodeError, std::move(detail)); }

// closest_errc: the Errc a (code, reason) pair stands for; nullopt when the
// pair is outside the contract.
std::optional<Errc> closest_errc(std::string_view code, std::string_view reason) {
  if (code == "invalid_params") return Errc::kInvalidArgument;
  if (code == "unsupported") return Errc::kUnsupported;
  if (code == "state") return Errc::kState;
  if (code == "internal") return Errc::kInternal;
  if (code != "rejected") return std::nullopt;
  // The first code of the list with this reason: decode_error -> kDecodeError.
  for (Errc c : kAllErrc) {
    if (code_for(c) == "rejected" && reason_for(c) == reason) return c;
  }
  return std::nullopt;
}

// The Errc an event reason stands for ("other" included).
std::optional<Errc> event_reason_errc(std::string_view reason) {
  if (reason == kOtherReason) return kOtherErrc;
  return closest_errc("rejected", reason);
}

// Data reads the fields of one event's "data" object; errors name
// "<event>.<field>".
class Data {
 public:
  Data(const json& obj, std::string_view event) : obj_(obj), event_(event) {}

  // exactly: every field of |fields| present and no other.
  Result<void> exactly(std::initializer_list<std::string_view> fields) const {
    for (const auto& [key, value] : obj_.items()) {
      bool known = false;
      for (std::string_view f : fields) known = known || f == key;
      if (!known) {
        return decode_error(event_ + ": unknown field '" + proto::internal::printable(key) + "'");
      }
    }
    for (std::string_view f : fields) {
      if (!obj_.contains(f)) return decode_error(event_ + ": missing field '" + std::string(f) + "'");
    }
    return ok_result();
  }

  Result<std::string> str(std::string_view f) const {
    E2E_ASSIGN_OR_RETURN(const json* v, field(f));
    const auto* s = v->get_ptr<const json::string_t*>();
    if (s == nullptr) return bad(f, "expected a string");
    return *s;
  }
  Result<uint64_t> u64(std::string_view f) const {
    E2E_ASSIGN_OR_RETURN(const json* v, field(f));
    const auto* n = v->get_ptr<const json::number_unsigned_t*>();
    if (n == nullptr) return bad(f, "expected an integer >= 0");
    return static_cast<uint64_t>(*n);
  }
  Result<bool> boolean(std::string_view f) const {
    E2E_ASSIGN_OR_RETURN(const json* v, field(f));
    const auto* b = v->get_ptr<const json::boolean_t*>();
    if (b == nullptr) return bad(f, "expected true or false");
    return *b;
  }
  Result<std::vector<std::string>> strings(std::string_view f) const {
    E2E_ASSIGN_OR_RETURN(const json* v, field(f));
    if (!v->is_array()) return bad(f, "expected an array of strings");
    std::vector<std::string> out;
    for (const json& item : *v) {
      const auto* s = item.get_ptr<const json::string_t*>();
      if (s == nullptr) return bad(f, "expected an array of strings");
      out.push_back(*s);
    }
    return out;
  }
  Result<Bytes> b64(std::string_view f) const {
    E2E_ASSIGN_OR_RETURN(std::string s, str(f));
    auto bytes = base64url_decode(s);
    if (!bytes.ok()) return bad(f, "expected unpadded base64url");
    return std::move(bytes).value();
  }

  Error bad(std::string_view f, std::string_view what) const {
    return decode_error(event_ + "." + std::string(f) + ": " + std::string(what));
  }

 private:
  // field: the value of |f|; readers never assume exactly() ran first.
  Result<const json*> field(std::string_view f) const {
    const auto it = obj_.find(f);
    if (it == obj_.end()) return decode_error(event_ + ": missing field '" + std::string(f) + "'");
    return &*it;
  }

  const json& obj_;
  std::string event_;
};

// refusal_json: the reason/detail pair of a client refusal (a stable name).
std::pair<std::string, std::string> refusal_json(const std::string& client_reason) {
  const auto code = errc_from_name(client_reason);
  return {std::string(code ? event_reason_for(*code) : kOtherReason), client_reason};
}

// refusal_from_json: the client's reason back from (reason, detail); see the header.
Result<std::string> refusal_from_json(const Data& d) {
  E2E_ASSIGN_OR_RETURN(std::string reason, d.str("reason"));
  E2E_ASSIGN_OR_RETURN(std::string detail, d.str("detail"));
  const auto from_reason = event_reason_errc(reason);
  if (!from_reason) return d.bad("reason", "not a reason of docs/ADAPTER.md section 2.1");
  if (const auto named = errc_from_name(detail)) {
    if (event_reason_for(*named) != reason) {
      return d.bad("detail", std::string(errc_name(*named)) + " contradicts reason '" + reason + "'");
    }
    return detail;
  }
  return std::string(errc_name(*from_reason));
}

// split_event checks the outer {"event", "data"} shape.
Result<std::pair<std::string, const json*>> split_event(const json& e) {
  if (!e.is_object()) return decode_error("event: not a JSON object");
  for (const auto& [key, value] : e.items()) {
    if (key != "event" && key != "data") {
      return decode_error("event: unknown field '" + proto::internal::printable(key) + "'");
    }
  }
  const auto name = e.find("event");
  if (name == e.end()) return decode_error("event: missing field 'event'");
  if (!name->is_string()) return decode_error("event.event: expected a string");
  const auto data = e.find("data");
  if (data == e.end()) return decode_error("event: missing field 'data'");
  if (!data->is_object()) return decode_error("event.data: expected an object");
  return std::pair<std::string, const json*>{name->get<std::string>(), &*data};
}

json event(std::string_view name, json data) {
  return json{{"event", name}, {"data", std::move(data)}};
}

}  // namespace

// ---- errors ------------------------------------------------------------------

std::string_view code_for(Errc c) {
  switch (c) {
    case Errc::kInvalidArgument: return "invalid_params";
    case Errc::kUnsupported: return "unsupported";
    case Errc::kDecodeError:
    case Errc::kInvalidKey:
    case Errc::kAuthFailed:
    case Errc::kUntrustedIdentity:
    case Errc::kUnknownSender:
    case Errc::kDowngrade:
    case Errc::kReplay:
    case Errc::kStaleEpoch:
    case Errc::kExpired:
    case Errc::kRateLimited:
    case Errc::kLimitExceeded: return "rejected";
    case Errc::kState:
    case Errc::kNotFound: return "state";
    case Errc::kIo:
    case Errc::kInternal: return "internal";
  }
  return "internal";
}

std::string_view reason_for(Errc c) {
  switch (c) {
    case Errc::kDecodeError:
    case Errc::kInvalidKey: return "decode_error";
    case Errc::kAuthFailed: return "auth_failed";
    case Errc::kUntrustedIdentity: return "untrusted_identity";
    case Errc::kUnknownSender: return "unknown_sender";
    case Errc::kDowngrade: return "downgrade";
    case Errc::kReplay: return "replay";
    case Errc::kStaleEpoch: return "stale_epoch";
    case Errc::kExpired: return "expired";
    case Errc::kRateLimited: return "rate_limited";
    case Errc::kLimitExceeded: return "limit_exceeded";
    case Errc::kInvalidArgument:
    case Errc::kUnsupported:
    case Errc::kState:
    case Errc::kNotFound:
    case Errc::kIo:
    case Errc::kInternal: return {};
  }
  return {};
}

std::string_view event_reason_for(Errc c) {
  const std::string_view r = reason_for(c);
  return r.empty() ? kOtherReason : r;
}

json error_json(const Error& e) {
  json out = json::object();
  out["code"] = code_for(e.code);
  if (const auto reason = reason_for(e.code); !reason.empty()) out["reason"] = reason;
  out["message"] = e.to_string();
  return out;
}

Error error_from_json(const json& error) {
  if (!error.is_object()) return make_error(Errc::kInternal, "adapter error is not a JSON object");
  const auto* code = error.contains("code") ? error["code"].get_ptr<const json::string_t*>() : nullptr;
  if (code == nullptr) return make_error(Errc::kInternal, "adapter error without a string code");
  const auto* reason_p =
      error.contains("reason") ? error["reason"].get_ptr<const json::string_t*>() : nullptr;
  const std::string reason = reason_p != nullptr ? *reason_p : std::string();
  const auto* message_p =
      error.contains("message") ? error["message"].get_ptr<const json::string_t*>() : nullptr;
  const std::string message = message_p != nullptr ? *message_p : std::string();

  const auto closest = closest_errc(*code, reason);
  if (!closest) {
    return make_error(Errc::kInternal, "adapter error outside the contract (code '" +
                                           proto::internal::printable(*code) + "', reason '" +
                                           proto::internal::printable(reason) + "'): " + message);
  }
  // The reference puts the stable name first; take it when it agrees.
  const size_t colon = message.find(": ");
  const std::string_view head = std::string_view(message).substr(0, colon);
  if (const auto named = errc_from_name(head);
      named && code_for(*named) == *code && reason_for(*named) == reason) {
    return make_error(*named, colon == std::string::npos ? std::string() : message.substr(colon + 2));
  }
  return make_error(*closest, message);
}

// ---- events ------------------------------------------------------------------

namespace {

json wire_event(const client::Event& e) {
  return std::visit(
      Overload{
          [](const client::MessageEvent& m) {
            return event("message", json{{"chat", m.chat},
                                         {"sender", m.sender},
                                         {"plaintext_b64", base64url_encode(as_bytes(m.text))},
                                         {"flags", m.flags}});
          },
          [](const client::RejectedEvent& r) {
            auto [reason, detail] = refusal_json(r.reason);
            return event("rejected", json{{"chat", r.chat},
                                          {"from", r.from},
                                          {"item", r.id},
                                          {"reason", reason},
                                          {"detail", detail}});
          },
          [](const client::RosterChangedEvent& r) {
            return event("roster_changed", json{{"chat", r.chat},
                                                {"op", proto::roster_op_name(r.op)},
                                                {"device", r.device},
                                                {"by", r.by}});
          },
          [](const client::RosterRejectedEvent& r) {
            auto [reason, detail] = refusal_json(r.reason);
            return event("roster_rejected",
                         json{{"chat", r.chat}, {"from", r.from}, {"reason", reason}, {"detail", detail}});
          },
          [](const client::KeyChangedEvent& k) {
            return event("key_changed", json{{"device", k.device}, {"chat", k.chat}});
          },
          [](const client::DuplicateEvent& d) {
            return event("duplicate", json{{"chat", d.chat}, {"item", d.id}});
          },
          [](const client::GapEvent& g) {
            return event("gap", json{{"chat", g.chat},
                                     {"sender", g.sender},
                                     {"expected", g.expected},
                                     {"got", g.got}});
          },
          [](const client::TypingEvent& t) {
            return event("typing", json{{"chat", t.chat}, {"from", t.from}, {"on", t.on}});
          },
          [](const client::RequestFailedEvent& f) {
            return event("request_failed",
                         json{{"rid", f.rid}, {"code", f.code}, {"detail", f.detail}});
          },
      },
      e);
}

}  // namespace

json event_to_json(const client::Event& e, EventForm form) {
  json wire = wire_event(e);
  if (form == EventForm::kWire) return wire;
  json flat = std::move(wire["data"]);
  if (const auto* m = std::get_if<client::MessageEvent>(&e); m && proto::valid_utf8(m->text)) {
    flat.erase("plaintext_b64");
    flat["text"] = m->text;
  }
  flat["event"] = std::move(wire["event"]);
  return flat;
}

Result<client::Event> event_from_json(const json& e) {
  E2E_ASSIGN_OR_RETURN(auto split, split_event(e));
  const std::string& name = split.first;
  const Data d(*split.second, name);
  if (name == "message") {
    E2E_TRY(d.exactly({"chat", "sender", "plaintext_b64", "flags"}));
    client::MessageEvent m;
    E2E_ASSIGN_OR_RETURN(m.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(m.sender, d.str("sender"));
    E2E_ASSIGN_OR_RETURN(Bytes text, d.b64("plaintext_b64"));
    m.text = to_string(text);
    E2E_ASSIGN_OR_RETURN(m.flags, d.strings("flags"));
    return client::Event{std::move(m)};
  }
  if (name == "rejected") {
    E2E_TRY(d.exactly({"chat", "from", "item", "reason", "detail"}));
    client::RejectedEvent r;
    E2E_ASSIGN_OR_RETURN(r.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(r.from, d.str("from"));
    E2E_ASSIGN_OR_RETURN(r.id, d.u64("item"));
    E2E_ASSIGN_OR_RETURN(r.reason, refusal_from_json(d));
    return client::Event{std::move(r)};
  }
  if (name == "roster_changed") {
    E2E_TRY(d.exactly({"chat", "op", "device", "by"}));
    client::RosterChangedEvent r;
    E2E_ASSIGN_OR_RETURN(r.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(std::string op, d.str("op"));
    auto parsed = proto::roster_op_from_name(op);
    if (!parsed.ok()) return d.bad("op", "expected create, add or remove");
    r.op = *parsed;
    E2E_ASSIGN_OR_RETURN(r.device, d.str("device"));
    E2E_ASSIGN_OR_RETURN(r.by, d.str("by"));
    return client::Event{std::move(r)};
  }
  if (name == "roster_rejected") {
    E2E_TRY(d.exactly({"chat", "from", "reason", "detail"}));
    client::RosterRejectedEvent r;
    E2E_ASSIGN_OR_RETURN(r.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(r.from, d.str("from"));
    E2E_ASSIGN_OR_RETURN(r.reason, refusal_from_json(d));
    return client::Event{std::move(r)};
  }
  if (name == "key_changed") {
    E2E_TRY(d.exactly({"device", "chat"}));
    client::KeyChangedEvent k;
    E2E_ASSIGN_OR_RETURN(k.device, d.str("device"));
    E2E_ASSIGN_OR_RETURN(k.chat, d.str("chat"));
    return client::Event{std::move(k)};
  }
  if (name == "duplicate") {
    E2E_TRY(d.exactly({"chat", "item"}));
    client::DuplicateEvent dup;
    E2E_ASSIGN_OR_RETURN(dup.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(dup.id, d.u64("item"));
    return client::Event{std::move(dup)};
  }
  if (name == "gap") {
    E2E_TRY(d.exactly({"chat", "sender", "expected", "got"}));
    client::GapEvent g;
    E2E_ASSIGN_OR_RETURN(g.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(g.sender, d.str("sender"));
    E2E_ASSIGN_OR_RETURN(g.expected, d.u64("expected"));
    E2E_ASSIGN_OR_RETURN(g.got, d.u64("got"));
    return client::Event{std::move(g)};
  }
  if (name == "typing") {
    E2E_TRY(d.exactly({"chat", "from", "on"}));
    client::TypingEvent t;
    E2E_ASSIGN_OR_RETURN(t.chat, d.str("chat"));
    E2E_ASSIGN_OR_RETURN(t.from, d.str("from"));
    E2E_ASSIGN_OR_RETURN(t.on, d.boolean("on"));
    return client::Event{std::move(t)};
  }
  if (name == "request_failed") {
    E2E_TRY(d.exactly({"rid", "code", "detail"}));
    client::RequestFailedEvent f;
    E2E_ASSIGN_OR_RETURN(f.rid, d.u64("rid"));
    E2E_ASSIGN_OR_RETURN(f.code, d.str("code"));
    E2E_ASSIGN_OR_RETURN(f.detail, d.str("detail"));
    return client::Event{std::move(f)};
  }
  if (name == "transmit") return decode_error("event: transmit is a frame, not a client event");
  return decode_error("event: unknown event '" + proto::internal::printable(name) + "'");
}

json transmit_to_json(const proto::ClientFrame& frame) {
  return event("transmit",
               json{{"to", "relay"}, {"bytes_b64", base64url_encode(as_bytes(proto::serialize(frame)))}});
}

Result<proto::ClientFrame> transmit_from_json(const json& e) {
  E2E_ASSIGN_OR_RETURN(auto split, split_event(e));
  if (split.first != "transmit") return decode_error("event: expected transmit");
  const Data d(*split.second, "transmit");
  E2E_TRY(d.exactly({"to", "bytes_b64"}));
  E2E_ASSIGN_OR_RETURN(std::string to, d.str("to"));
  if (to != "relay") return d.bad("to", "expected \"relay\"");
  E2E_ASSIGN_OR_RETURN(Bytes bytes, d.b64("bytes_b64"));
  auto frame = proto::parse_client_frame(to_string(bytes));
  if (!frame.ok()) {
    return make_error(frame.code(), "transmit.bytes_b64: " + frame.error().detail);
  }
  return std::move(frame).value();
}

Result<void> append_event_json(const json& e, client::Step& step) {
  if (e.is_object() && e.contains("event") && e["event"] == "transmit") {
    E2E_ASSIGN_OR_RETURN(proto::ClientFrame frame, transmit_from_json(e));
    step.out.push_back(std::move(frame));
    return ok_result();
  }
  E2E_ASSIGN_OR_RETURN(client::Event ev, event_from_json(e));
  step.events.push_back(std::move(ev));
  return ok_result();
}

}  // namespace e2e::adapter
