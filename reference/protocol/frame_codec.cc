// Strict parsing and deterministic serialisation of the v1 frames
// (docs/PROTOCOL.md §2-4). The JSON layer (size and depth limits, duplicate
// keys, field reading) lives in strict_json.{h,cc}; this file holds the frame
// tables: which fields each type has, in which order, and how each is checked.
#include <array>
#include <span>
#include <type_traits>

#include "common/encoding.h"
#include "protocol/frame.h"
#include "protocol/ids.h"
#include "protocol/limits.h"
#include "protocol/strict_json.h"

namespace e2e::proto {
namespace {

using internal::FieldSpec;
using internal::Fields;
using internal::JsonWriter;

// Binary lengths the spec fixes (§3-4).
constexpr size_t kDhLen = 65;    // P-256 public key, uncompressed
constexpr size_t kSigLen = 32;   // Ed25519 public key
constexpr size_t kHashLen = 32;  // SHA-256 (admin hash, invite hash)

// ---- device -> relay -------------------------------------------------------

constexpr FieldSpec kRegisterFields[] = {{"rid"}, {"name"}, {"dh"}, {"sig"}};
constexpr FieldSpec kLookupFields[] = {{"rid"}, {"devices"}};
constexpr FieldSpec kCreateChatFields[] = {{"rid"}, {"chat"}, {"admin", false}};
constexpr FieldSpec kChatOnlyFields[] = {{"rid"}, {"chat"}};  // join, leave
constexpr FieldSpec kMemberFields[] = {{"rid"},          {"chat"},         {"op"},
                                       {"device"},       {"cred", false},  {"signed", false}};
constexpr FieldSpec kInviteFields[] = {{"rid"}, {"chat"}, {"hash"}, {"cred"}};
constexpr FieldSpec kRedeemFields[] = {{"rid"}, {"chat"}, {"hash"}};
constexpr FieldSpec kSendFields[] = {{"rid"}, {"chat"}, {"cmid"}, {"body"}};
constexpr FieldSpec kDirectFields[] = {{"rid"}, {"chat"}, {"cmid"}, {"to"}, {"body"}};
constexpr FieldSpec kAckFields[] = {{"rid"}, {"ids"}};
constexpr FieldSpec kFetchFields[] = {{"rid"}};
constexpr FieldSpec kTypingFields[] = {{"chat"}, {"on"}};

Result<ClientFrame> parse_register(const Fields& f) {
  Register r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.name, f.name("name"));
  E2E_ASSIGN_OR_RETURN(r.dh, f.b64("dh", kDhLen));
  E2E_ASSIGN_OR_RETURN(r.sig, f.b64("sig", kSigLen));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_lookup(const Fields& f) {
  Lookup r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.devices, f.id_list("devices", kMaxLookup));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_create_chat(const Fields& f) {
  CreateChat r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.admin, f.opt_b64("admin", kHashLen));
  return ClientFrame{std::move(r)};
}

template <class T>
Result<ClientFrame> parse_chat_only(const Fields& f) {
  T r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_member(const Fields& f) {
  Member r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(std::string op, f.str("op"));
  if (op == "add") {
    r.op = RosterOp::kAdd;
  } else if (op == "remove") {
    r.op = RosterOp::kRemove;
  } else {
    return f.bad("op", "expected \"add\" or \"remove\"");
  }
  E2E_ASSIGN_OR_RETURN(r.device, f.id("device"));
  E2E_ASSIGN_OR_RETURN(r.cred, f.opt_b64("cred"));
  E2E_ASSIGN_OR_RETURN(r.signed_op, f.opt_b64("signed"));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_invite(const Fields& f) {
  Invite r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.hash, f.b64("hash", kHashLen));
  E2E_ASSIGN_OR_RETURN(r.cred, f.b64("cred"));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_redeem(const Fields& f) {
  Redeem r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.hash, f.b64("hash", kHashLen));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_send(const Fields& f) {
  Send r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.cmid, f.id("cmid"));
  E2E_ASSIGN_OR_RETURN(r.body, f.object("body"));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_direct(const Fields& f) {
  Direct r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.cmid, f.id("cmid"));
  E2E_ASSIGN_OR_RETURN(r.to, f.id("to"));
  E2E_ASSIGN_OR_RETURN(r.body, f.object("body"));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_ack(const Fields& f) {
  Ack r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.ids, f.u64_list("ids", kMaxAckIds));
  return ClientFrame{std::move(r)};
}

Result<ClientFrame> parse_fetch(const Fields& f) {
  Fetch r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  return ClientFrame{r};
}

Result<ClientFrame> parse_typing(const Fields& f) {
  Typing r;
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.on, f.boolean("on"));
  return ClientFrame{std::move(r)};
}

// ---- relay -> device -------------------------------------------------------

constexpr FieldSpec kOkFields[] = {{"rid"}};
constexpr FieldSpec kErrorFields[] = {{"rid", false}, {"code"}, {"detail"}};
constexpr FieldSpec kKeysFields[] = {{"rid"}, {"entries"}, {"missing"}};
constexpr FieldSpec kEntryFields[] = {{"device"}, {"name"}, {"dh"}, {"sig"}};
constexpr FieldSpec kSentFields[] = {{"rid"}, {"cmid"}, {"ids"}};
constexpr FieldSpec kDeliverFields[] = {{"id"},          {"chat"},          {"from"},
                                        {"ts"},          {"kind"},          {"body", false},
                                        {"op", false},   {"device", false}, {"signed", false}};
constexpr FieldSpec kTypingNoticeFields[] = {{"chat"}, {"from"}, {"on"}};

// An error code is a stable "E2E_ERR_*" name; unknown future names are kept
// (a newer relay may know more codes) but must have that shape.
constexpr size_t kMaxErrorCodeLen = 64;

bool valid_error_code(std::string_view code) {
  constexpr std::string_view kPrefix = "E2E_ERR_";
  if (code.size() <= kPrefix.size() || code.size() > kMaxErrorCodeLen) return false;
  if (code.substr(0, kPrefix.size()) != kPrefix) return false;
  for (char c : code.substr(kPrefix.size())) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Result<RelayFrame> parse_ok(const Fields& f) {
  Ok r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  return RelayFrame{r};
}

Result<RelayFrame> parse_error(const Fields& f) {
  ErrorFrame r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.opt_u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.code, f.str("code"));
  if (!valid_error_code(r.code)) return f.bad("code", "expected an E2E_ERR_* name");
  E2E_ASSIGN_OR_RETURN(r.detail, f.str("detail"));
  return RelayFrame{std::move(r)};
}

Result<DirectoryEntry> parse_entry(const Fields& f) {
  DirectoryEntry e;
  E2E_ASSIGN_OR_RETURN(e.device, f.id("device"));
  E2E_ASSIGN_OR_RETURN(e.name, f.name("name"));
  E2E_ASSIGN_OR_RETURN(e.dh, f.b64("dh", kDhLen));
  E2E_ASSIGN_OR_RETURN(e.sig, f.b64("sig", kSigLen));
  return e;
}

Result<RelayFrame> parse_keys(const Fields& f) {
  Keys r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  // A keys frame answers one lookup: one entry or one missing id per device
  // asked for, so both lists together are bounded by kMaxLookup.
  E2E_ASSIGN_OR_RETURN(const Json* entries, f.array("entries", kMaxLookup));
  E2E_ASSIGN_OR_RETURN(r.missing, f.id_list("missing", kMaxLookup));
  if (entries->size() + r.missing.size() > kMaxLookup) {
    return make_error(Errc::kLimitExceeded,
                      "keys: entries and missing together exceed kMaxLookup");
  }
  r.entries.reserve(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& item = (*entries)[i];
    const std::string where = "keys.entries[" + std::to_string(i) + "]";
    if (!item.is_object()) return make_error(Errc::kDecodeError, where + ": expected an object");
    const Fields entry(item, where);
    E2E_TRY(entry.check(kEntryFields));
    E2E_ASSIGN_OR_RETURN(DirectoryEntry e, parse_entry(entry));
    r.entries.push_back(std::move(e));
  }
  return RelayFrame{std::move(r)};
}

Result<RelayFrame> parse_sent(const Fields& f) {
  Sent r;
  E2E_ASSIGN_OR_RETURN(r.rid, f.u64("rid"));
  E2E_ASSIGN_OR_RETURN(r.cmid, f.id("cmid"));
  // One id per recipient: at most the chat's other members.
  E2E_ASSIGN_OR_RETURN(r.ids, f.u64_list("ids", kMaxChatMembers));
  return RelayFrame{std::move(r)};
}

Result<RelayFrame> parse_deliver(const Fields& f) {
  Deliver r;
  E2E_ASSIGN_OR_RETURN(r.id, f.u64("id"));
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.from, f.id("from"));
  E2E_ASSIGN_OR_RETURN(uint64_t ts, f.u64("ts"));
  r.ts = static_cast<int64_t>(ts);  // <= kMaxJsonInt, so it fits
  E2E_ASSIGN_OR_RETURN(std::string kind, f.str("kind"));
  if (kind == "msg" || kind == "direct") {
    r.kind = kind == "msg" ? DeliverKind::kMsg : DeliverKind::kDirect;
    for (std::string_view roster_field : {"op", "device", "signed"}) {
      if (f.has(roster_field)) return f.bad(roster_field, "not allowed for kind " + kind);
    }
    if (!f.has("body")) return f.bad("body", "required for kind " + kind);
    E2E_ASSIGN_OR_RETURN(r.body, f.object("body"));
  } else if (kind == "roster") {
    r.kind = DeliverKind::kRoster;
    if (f.has("body")) return f.bad("body", "not allowed for kind roster");
    if (!f.has("op")) return f.bad("op", "required for kind roster");
    if (!f.has("device")) return f.bad("device", "required for kind roster");
    E2E_ASSIGN_OR_RETURN(std::string op, f.str("op"));
    auto parsed_op = roster_op_from_name(op);
    if (!parsed_op.ok()) return f.bad("op", "expected \"create\", \"add\" or \"remove\"");
    r.op = *parsed_op;
    E2E_ASSIGN_OR_RETURN(r.device, f.id("device"));
    E2E_ASSIGN_OR_RETURN(r.signed_op, f.opt_b64("signed"));
  } else {
    return f.bad("kind", "expected \"msg\", \"direct\" or \"roster\"");
  }
  return RelayFrame{std::move(r)};
}

Result<RelayFrame> parse_typing_notice(const Fields& f) {
  TypingNotice r;
  E2E_ASSIGN_OR_RETURN(r.chat, f.id("chat"));
  E2E_ASSIGN_OR_RETURN(r.from, f.id("from"));
  E2E_ASSIGN_OR_RETURN(r.on, f.boolean("on"));
  return RelayFrame{std::move(r)};
}

// ---- dispatch ----------------------------------------------------------------

// check_envelope checks PROTO-FRAME-02 on a parsed frame and returns its "t":
// not an object, missing or non-integer "v", missing or non-string "t" ->
// kDecodeError; an integer "v" other than 1 -> kUnsupported.
Result<std::string> check_envelope(const Json& root) {
  if (!root.is_object()) return make_error(Errc::kDecodeError, "frame is not a JSON object");
  const auto v = root.find("v");
  if (v == root.end()) return make_error(Errc::kDecodeError, "frame: missing field 'v'");
  if (!v->is_number_integer()) return make_error(Errc::kDecodeError, "frame.v: expected an integer");
  if (!v->is_number_unsigned() || v->get<uint64_t>() != static_cast<uint64_t>(kProtocolVersion)) {
    return make_error(Errc::kUnsupported, "protocol version " + v->dump() +
                                              " is not supported (this endpoint speaks 1)");
  }
  const auto t = root.find("t");
  if (t == root.end()) return make_error(Errc::kDecodeError, "frame: missing field 't'");
  const auto* type = t->get_ptr<const Json::string_t*>();
  if (type == nullptr) return make_error(Errc::kDecodeError, "frame.t: expected a string");
  return *type;
}

template <class Frame>
struct TypeSpec {
  std::string_view t;
  std::span<const FieldSpec> fields;
  Result<Frame> (*parse)(const Fields&);
};

constexpr TypeSpec<ClientFrame> kClientTypes[] = {
    {"register", kRegisterFields, parse_register},
    {"lookup", kLookupFields, parse_lookup},
    {"create_chat", kCreateChatFields, parse_create_chat},
    {"join", kChatOnlyFields, parse_chat_only<Join>},
    {"leave", kChatOnlyFields, parse_chat_only<Leave>},
    {"member", kMemberFields, parse_member},
    {"invite", kInviteFields, parse_invite},
    {"redeem", kRedeemFields, parse_redeem},
    {"send", kSendFields, parse_send},
    {"direct", kDirectFields, parse_direct},
    {"ack", kAckFields, parse_ack},
    {"fetch", kFetchFields, parse_fetch},
    {"typing", kTypingFields, parse_typing},
};

constexpr TypeSpec<RelayFrame> kRelayTypes[] = {
    {"ok", kOkFields, parse_ok},
    {"error", kErrorFields, parse_error},
    {"keys", kKeysFields, parse_keys},
    {"sent", kSentFields, parse_sent},
    {"deliver", kDeliverFields, parse_deliver},
    {"typing", kTypingNoticeFields, parse_typing_notice},
};

template <class Frame>
Result<Frame> parse_frame(std::string_view text, std::span<const TypeSpec<Frame>> types,
                          std::string_view direction) {
  E2E_ASSIGN_OR_RETURN(Json root, internal::parse_strict_json(text));
  E2E_ASSIGN_OR_RETURN(std::string t, check_envelope(root));
  for (const TypeSpec<Frame>& spec : types) {
    if (spec.t != t) continue;
    const Fields fields(root, std::string(spec.t));
    E2E_TRY(fields.check(spec.fields, /*skip_envelope=*/true));
    return spec.parse(fields);
  }
  return make_error(Errc::kDecodeError, "unknown frame type '" + internal::printable(t) +
                                            "' for a " + std::string(direction) + " frame");
}

// ---- serialisation -------------------------------------------------------------
// Fields are written in the order of the spec's tables, optional ones only
// when present. Values the parser would refuse are written as given: the
// writer does not validate, the reader does.

struct ClientWriter {
  std::string operator()(const Register& r) const {
    return JsonWriter("register").u64("rid", r.rid).str("name", r.name).b64("dh", r.dh)
        .b64("sig", r.sig).finish();
  }
  std::string operator()(const Lookup& r) const {
    return JsonWriter("lookup").u64("rid", r.rid).ids("devices", r.devices).finish();
  }
  std::string operator()(const CreateChat& r) const {
    JsonWriter w("create_chat");
    w.u64("rid", r.rid).str("chat", r.chat);
    if (r.admin) w.b64("admin", *r.admin);
    return w.finish();
  }
  std::string operator()(const Join& r) const {
    return JsonWriter("join").u64("rid", r.rid).str("chat", r.chat).finish();
  }
  std::string operator()(const Leave& r) const {
    return JsonWriter("leave").u64("rid", r.rid).str("chat", r.chat).finish();
  }
  std::string operator()(const Member& r) const {
    JsonWriter w("member");
    w.u64("rid", r.rid).str("chat", r.chat).str("op", roster_op_name(r.op)).str("device", r.device);
    if (r.cred) w.b64("cred", *r.cred);
    if (r.signed_op) w.b64("signed", *r.signed_op);
    return w.finish();
  }
  std::string operator()(const Invite& r) const {
    return JsonWriter("invite").u64("rid", r.rid).str("chat", r.chat).b64("hash", r.hash)
        .b64("cred", r.cred).finish();
  }
  std::string operator()(const Redeem& r) const {
    return JsonWriter("redeem").u64("rid", r.rid).str("chat", r.chat).b64("hash", r.hash)
        .finish();
  }
  std::string operator()(const Send& r) const {
    return JsonWriter("send").u64("rid", r.rid).str("chat", r.chat).str("cmid", r.cmid)
        .json("body", r.body).finish();
  }
  std::string operator()(const Direct& r) const {
    return JsonWriter("direct").u64("rid", r.rid).str("chat", r.chat).str("cmid", r.cmid)
        .str("to", r.to).json("body", r.body).finish();
  }
  std::string operator()(const Ack& r) const {
    return JsonWriter("ack").u64("rid", r.rid).u64s("ids", r.ids).finish();
  }
  std::string operator()(const Fetch& r) const {
    return JsonWriter("fetch").u64("rid", r.rid).finish();
  }
  std::string operator()(const Typing& r) const {
    return JsonWriter("typing").str("chat", r.chat).boolean("on", r.on).finish();
  }
};

std::string_view deliver_kind_name(DeliverKind k) {
  switch (k) {
    case DeliverKind::kMsg:
      return "msg";
    case DeliverKind::kDirect:
      return "direct";
    case DeliverKind::kRoster:
      return "roster";
  }
  return "unknown";  // unreachable for a valid enum value
}

struct RelayWriter {
  std::string operator()(const Ok& r) const { return JsonWriter("ok").u64("rid", r.rid).finish(); }
  std::string operator()(const ErrorFrame& r) const {
    JsonWriter w("error");
    if (r.rid) w.u64("rid", *r.rid);
    return w.str("code", r.code).str("detail", r.detail).finish();
  }
  std::string operator()(const Keys& r) const {
    std::string entries = "[";
    for (const DirectoryEntry& e : r.entries) {
      if (entries.size() > 1) entries += ',';
      entries += JsonWriter::object()
                     .str("device", e.device)
                     .str("name", e.name)
                     .b64("dh", e.dh)
                     .b64("sig", e.sig)
                     .finish();
    }
    entries += ']';
    return JsonWriter("keys").u64("rid", r.rid).raw("entries", entries).ids("missing", r.missing)
        .finish();
  }
  std::string operator()(const Sent& r) const {
    return JsonWriter("sent").u64("rid", r.rid).str("cmid", r.cmid).u64s("ids", r.ids).finish();
  }
  std::string operator()(const Deliver& r) const {
    JsonWriter w("deliver");
    w.u64("id", r.id).str("chat", r.chat).str("from", r.from).i64("ts", r.ts)
        .str("kind", deliver_kind_name(r.kind));
    if (r.body) w.json("body", *r.body);
    if (r.op) w.str("op", roster_op_name(*r.op));
    if (r.device) w.str("device", *r.device);
    if (r.signed_op) w.b64("signed", *r.signed_op);
    return w.finish();
  }
  std::string operator()(const TypingNotice& r) const {
    return JsonWriter("typing").str("chat", r.chat).str("from", r.from).boolean("on", r.on)
        .finish();
  }
};

// Nothing thrown below the codec may cross the library boundary (C5). The
// JSON layer reports its own failures as Results; this catches what is left
// (allocation failure, or a nlohmann exception we did not foresee).
template <class Frame>
Result<Frame> guarded_parse(std::string_view text, std::span<const TypeSpec<Frame>> types,
                            std::string_view direction) {
  try {
    return parse_frame<Frame>(text, types, direction);
  } catch (const nlohmann::json::exception&) {
    return make_error(Errc::kDecodeError, "frame could not be decoded");
  } catch (...) {
    return make_error(Errc::kInternal, "frame parser failed");
  }
}

}  // namespace

Result<ClientFrame> parse_client_frame(std::string_view text) {
  return guarded_parse<ClientFrame>(text, kClientTypes, "device-to-relay");
}

Result<RelayFrame> parse_relay_frame(std::string_view text) {
  return guarded_parse<RelayFrame>(text, kRelayTypes, "relay-to-device");
}

std::string serialize(const ClientFrame& frame) { return std::visit(ClientWriter{}, frame); }
std::string serialize(const RelayFrame& frame) { return std::visit(RelayWriter{}, frame); }

}  // namespace e2e::proto
