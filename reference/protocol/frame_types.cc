// Plain helpers over the frame types of frame.h: equality, names, error replies.
#include <type_traits>

#include "protocol/frame.h"

namespace e2e::proto {
namespace {

// Field-by-field equality. Written out (not defaulted) because frame.h keeps
// the structs as plain aggregates; a field added to a struct must be added here,
// and the round-trip property tests catch a forgotten one.
bool eq(const Register& a, const Register& b) {
  return a.rid == b.rid && a.name == b.name && a.dh == b.dh && a.sig == b.sig;
}
bool eq(const Lookup& a, const Lookup& b) { return a.rid == b.rid && a.devices == b.devices; }
bool eq(const CreateChat& a, const CreateChat& b) {
  return a.rid == b.rid && a.chat == b.chat && a.admin == b.admin;
}
bool eq(const Join& a, const Join& b) { return a.rid == b.rid && a.chat == b.chat; }
bool eq(const Leave& a, const Leave& b) { return a.rid == b.rid && a.chat == b.chat; }
bool eq(const Member& a, const Member& b) {
  return a.rid == b.rid && a.chat == b.chat && a.op == b.op && a.device == b.device &&
         a.cred == b.cred && a.signed_op == b.signed_op;
}
bool eq(const Invite& a, const Invite& b) {
  return a.rid == b.rid && a.chat == b.chat && a.hash == b.hash && a.cred == b.cred;
}
bool eq(const Redeem& a, const Redeem& b) {
  return a.rid == b.rid && a.chat == b.chat && a.hash == b.hash;
}
bool eq(const Send& a, const Send& b) {
  return a.rid == b.rid && a.chat == b.chat && a.cmid == b.cmid && a.body == b.body;
}
bool eq(const Direct& a, const Direct& b) {
  return a.rid == b.rid && a.chat == b.chat && a.cmid == b.cmid && a.to == b.to &&
         a.body == b.body;
}
bool eq(const Ack& a, const Ack& b) { return a.rid == b.rid && a.ids == b.ids; }
bool eq(const Fetch& a, const Fetch& b) { return a.rid == b.rid; }
bool eq(const Typing& a, const Typing& b) { return a.chat == b.chat && a.on == b.on; }

bool eq(const Ok& a, const Ok& b) { return a.rid == b.rid; }
bool eq(const ErrorFrame& a, const ErrorFrame& b) {
  return a.rid == b.rid && a.code == b.code && a.detail == b.detail;
}
bool eq(const DirectoryEntry& a, const DirectoryEntry& b) {
  return a.device == b.device && a.name == b.name && a.dh == b.dh && a.sig == b.sig;
}
bool eq(const Keys& a, const Keys& b) {
  if (a.rid != b.rid || a.missing != b.missing || a.entries.size() != b.entries.size()) {
    return false;
  }
  for (size_t i = 0; i < a.entries.size(); ++i) {
    if (!eq(a.entries[i], b.entries[i])) return false;
  }
  return true;
}
bool eq(const Sent& a, const Sent& b) {
  return a.rid == b.rid && a.cmid == b.cmid && a.ids == b.ids;
}
bool eq(const Deliver& a, const Deliver& b) {
  return a.id == b.id && a.chat == b.chat && a.from == b.from && a.ts == b.ts &&
         a.kind == b.kind && a.body == b.body && a.op == b.op && a.device == b.device &&
         a.signed_op == b.signed_op;
}
bool eq(const TypingNotice& a, const TypingNotice& b) {
  return a.chat == b.chat && a.from == b.from && a.on == b.on;
}

template <class Variant>
bool variant_eq(const Variant& a, const Variant& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&b](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return eq(x, std::get<T>(b));
      },
      a);
}

struct ClientTypeName {
  std::string_view operator()(const Register&) const { return "register"; }
  std::string_view operator()(const Lookup&) const { return "lookup"; }
  std::string_view operator()(const CreateChat&) const { return "create_chat"; }
  std::string_view operator()(const Join&) const { return "join"; }
  std::string_view operator()(const Leave&) const { return "leave"; }
  std::string_view operator()(const Member&) const { return "member"; }
  std::string_view operator()(const Invite&) const { return "invite"; }
  std::string_view operator()(const Redeem&) const { return "redeem"; }
  std::string_view operator()(const Send&) const { return "send"; }
  std::string_view operator()(const Direct&) const { return "direct"; }
  std::string_view operator()(const Ack&) const { return "ack"; }
  std::string_view operator()(const Fetch&) const { return "fetch"; }
  std::string_view operator()(const Typing&) const { return "typing"; }
};

struct RelayTypeName {
  std::string_view operator()(const Ok&) const { return "ok"; }
  std::string_view operator()(const ErrorFrame&) const { return "error"; }
  std::string_view operator()(const Keys&) const { return "keys"; }
  std::string_view operator()(const Sent&) const { return "sent"; }
  std::string_view operator()(const Deliver&) const { return "deliver"; }
  std::string_view operator()(const TypingNotice&) const { return "typing"; }
};

}  // namespace

std::string_view roster_op_name(RosterOp op) {
  switch (op) {
    case RosterOp::kCreate:
      return "create";
    case RosterOp::kAdd:
      return "add";
    case RosterOp::kRemove:
      return "remove";
  }
  return "unknown";  // unreachable for a valid enum value
}

Result<RosterOp> roster_op_from_name(std::string_view name) {
  if (name == "create") return RosterOp::kCreate;
  if (name == "add") return RosterOp::kAdd;
  if (name == "remove") return RosterOp::kRemove;
  return make_error(Errc::kDecodeError, "roster op must be \"create\", \"add\" or \"remove\"");
}

bool operator==(const ClientFrame& a, const ClientFrame& b) { return variant_eq(a, b); }
bool operator==(const RelayFrame& a, const RelayFrame& b) { return variant_eq(a, b); }

std::string_view frame_type(const ClientFrame& frame) { return std::visit(ClientTypeName{}, frame); }
std::string_view frame_type(const RelayFrame& frame) { return std::visit(RelayTypeName{}, frame); }

ErrorFrame error_frame(std::optional<uint64_t> rid, const Error& e) {
  return ErrorFrame{rid, std::string(errc_name(e.code)), e.detail};
}

}  // namespace e2e::proto
