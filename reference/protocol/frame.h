// The frames of protocol v1 (docs/PROTOCOL.md §2-4) as plain types, with a
// strict parser and a serializer for each direction. Parsing refuses anything
// the spec does not list (PROTO-FRAME-01..07); serialize(parse(x)) parses back
// to the same frame (PROTO-FRAME-08).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e::proto {

inline constexpr int kProtocolVersion = 1;

using Id = std::string;           // matches [A-Za-z0-9_-]{1,64}
using Json = nlohmann::json;      // a body: a JSON object the relay never reads

enum class RosterOp { kCreate, kAdd, kRemove };
std::string_view roster_op_name(RosterOp op);
Result<RosterOp> roster_op_from_name(std::string_view name);

// ---- device -> relay -------------------------------------------------------
struct Register { uint64_t rid; std::string name; Bytes dh; Bytes sig; };
struct Lookup { uint64_t rid; std::vector<Id> devices; };
struct CreateChat { uint64_t rid; Id chat; std::optional<Bytes> admin; };
struct Join { uint64_t rid; Id chat; };
struct Leave { uint64_t rid; Id chat; };
struct Member {
  uint64_t rid; Id chat; RosterOp op; Id device;
  std::optional<Bytes> cred; std::optional<Bytes> signed_op;
};
struct Invite { uint64_t rid; Id chat; Bytes hash; Bytes cred; };
struct Redeem { uint64_t rid; Id chat; Bytes hash; };
struct Send { uint64_t rid; Id chat; Id cmid; Json body; };
struct Direct { uint64_t rid; Id chat; Id cmid; Id to; Json body; };
struct Ack { uint64_t rid; std::vector<uint64_t> ids; };
struct Fetch { uint64_t rid; };
struct Typing { Id chat; bool on; };

using ClientFrame = std::variant<Register, Lookup, CreateChat, Join, Leave, Member, Invite,
                                 Redeem, Send, Direct, Ack, Fetch, Typing>;

// ---- relay -> device -------------------------------------------------------
struct Ok { uint64_t rid; };
struct ErrorFrame { std::optional<uint64_t> rid; std::string code; std::string detail; };
struct DirectoryEntry { Id device; std::string name; Bytes dh; Bytes sig; };
struct Keys { uint64_t rid; std::vector<DirectoryEntry> entries; std::vector<Id> missing; };
struct Sent { uint64_t rid; Id cmid; std::vector<uint64_t> ids; };
enum class DeliverKind { kMsg, kDirect, kRoster };
struct Deliver {
  uint64_t id; Id chat; Id from; int64_t ts; DeliverKind kind;
  std::optional<Json> body;             // kMsg, kDirect
  std::optional<RosterOp> op;           // kRoster
  std::optional<Id> device;             // kRoster
  std::optional<Bytes> signed_op;       // kRoster, optional
};
struct TypingNotice { Id chat; Id from; bool on; };

using RelayFrame = std::variant<Ok, ErrorFrame, Keys, Sent, Deliver, TypingNotice>;

// Equality compares every field (bodies as JSON values); used by round-trip tests.
bool operator==(const ClientFrame& a, const ClientFrame& b);
bool operator==(const RelayFrame& a, const RelayFrame& b);

// parse_client_frame / parse_relay_frame: strict parse of one frame's text.
// Errors: kLimitExceeded (too large, too deep, or a list longer than its
// kMax* bound), kUnsupported (other integer "v"),
// kDecodeError (anything else: not JSON, unknown "t", missing/unknown/wrong-typed
// field, bad identifier, bad base64url, wrong binary length). The detail names
// the field.
Result<ClientFrame> parse_client_frame(std::string_view text);
Result<RelayFrame> parse_relay_frame(std::string_view text);

// serialize writes compact JSON with the fields in a fixed order.
std::string serialize(const ClientFrame& frame);
std::string serialize(const RelayFrame& frame);

// frame_type returns the "t" string of a frame (for logs and counters).
std::string_view frame_type(const ClientFrame& frame);
std::string_view frame_type(const RelayFrame& frame);

// error_frame builds the relay's error reply for |e| (code = stable Errc name).
ErrorFrame error_frame(std::optional<uint64_t> rid, const Error& e);

}  // namespace e2e::proto
