// Relay: the sans-IO relay core of protocol v1 (docs/PROTOCOL.md §3-4, rules
// PROTO-RELAY-01..09). Frames in, frames out: no sockets, threads, sleeps,
// global clock or RNG. The transport (WebSocket shell, conformance engine,
// adversary decorator) tells the core which device spoke and moves the
// returned Outbound frames; the core never trusts an id inside a frame for who
// is speaking.
//
// Ordering contract of every call that returns frames: the deliveries and
// typing notices a request caused come first, and a request with a `rid` gets
// exactly one reply (ok / keys / sent / error), last. A failed request causes
// nothing but its error reply: every check (membership, credential, caps, rate)
// runs before anything is written, and the writes go to the Store as one batch.
//
// Layering: the adversary decorator wraps handle()/handle_text() and edits the
// returned Outbound list (drop, duplicate, reorder, rewrite a `keys` answer per
// requester); it injects items with post() (same id allocation, caps and
// storage as honest items) and takes storage snapshots by copying the Store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/preset.h"
#include "relay/rate_limiter.h"
#include "relay/store.h"

namespace e2e::relay {

// Retries remembered per sender for PROTO-RELAY-05: a retry of one of the
// sender's last kDefaultDedupWindow send/direct requests is answered from the
// record; an older one is treated as new. A client retries a request it got no
// reply for, so it has at most a few in flight; 1024 is far beyond that while
// costing a few tens of KiB per sender.
inline constexpr size_t kDefaultDedupWindow = 1024;
// Unspent invites per chat. Only the admin can add them; the bound keeps a
// leaked credential from growing one chat without limit.
inline constexpr size_t kDefaultMaxInvitesPerChat = 1024;
// Directory entries and chats on one relay: a memory bound, not a product limit.
inline constexpr size_t kDefaultMaxDevices = size_t{1} << 20;
inline constexpr size_t kDefaultMaxChats = size_t{1} << 20;

// RelayPolicy: the relay's knobs. Defaults are the protocol's (no expiry, no
// rate limit, the limits.h caps). The two caps may be set lower (tests, small
// deployments) but never above limits.h: the constructor clamps them.
struct RelayPolicy {
  std::optional<int64_t> ttl_ms;          // PROTO-RELAY-06: item lifetime; values < 1 act as 1
  std::optional<RateLimit> rate_limit;    // PROTO-RELAY-09: on send and direct
  size_t max_mailbox_items = proto::kMaxMailboxItems;  // PROTO-RELAY-07
  size_t max_chat_members = proto::kMaxChatMembers;    // PROTO-RELAY-08
  size_t dedup_window = kDefaultDedupWindow;           // PROTO-RELAY-05 (0 disables dedup)
  size_t max_invites_per_chat = kDefaultMaxInvitesPerChat;
  size_t max_devices = kDefaultMaxDevices;
  size_t max_chats = kDefaultMaxChats;
};

// policy_for builds the policy a preset's relay rules describe (the protocol
// defaults for everything the rules leave open). Never fails.
RelayPolicy policy_for(const proto::RelayRules& rules);

// Outbound: one frame for one device; the transport delivers it or, when the
// device is offline, drops it (mailbox items stay stored until acked).
struct Outbound {
  proto::Id to;
  proto::RelayFrame frame;
};

// RelayStats: counters for observability. Keys are frame types and stable
// error names only: no identities, bodies or keys are ever recorded.
struct RelayStats {
  std::map<std::string, uint64_t, std::less<>> frames_in;   // by "t"; unparsable text: "invalid"
  std::map<std::string, uint64_t, std::less<>> frames_out;  // by "t" ("deliver" = pushes)
  std::map<std::string, uint64_t, std::less<>> errors;      // by "E2E_ERR_..." name
  uint64_t items_stored = 0;      // mailbox copies created
  uint64_t items_acked = 0;       // copies deleted by ack
  uint64_t items_expired = 0;     // copies deleted by TTL
  uint64_t dedup_hits = 0;        // retries answered from a dedup record
  uint64_t store_failures = 0;    // Store calls that failed (I/O)
};

// Posted: the result of post(): one id per recipient, and the pushes to send.
struct Posted {
  std::vector<uint64_t> ids;
  std::vector<Outbound> pushes;
};

class Relay {
 public:
  // Relay keeps references to |store| and |clock|; both must outlive it, and
  // nothing else may write to |store| while the Relay is in use.
  Relay(Store& store, const Clock& clock, RelayPolicy policy = {});

  // handle processes one frame that the transport received from |device|.
  // Returns the frames to send (see the ordering contract above). Never fails:
  // every failure is an `error` frame to |device| (with the request's rid;
  // none for `typing`). A |device| that is not a valid id is refused with
  // E2E_ERR_INVALID_ARGUMENT.
  std::vector<Outbound> handle(const proto::Id& device, const proto::ClientFrame& frame);

  // handle_text parses |text| strictly (proto::parse_client_frame) and handles
  // it. Text that does not parse gets an `error` frame without rid (the rid of
  // an unparsable frame cannot be trusted) and changes nothing.
  std::vector<Outbound> handle_text(const proto::Id& device, std::string_view text);

  // on_connect returns |device|'s unexpired mailbox items as `deliver` frames,
  // oldest first, for a transport that pushes pending items when a device
  // (re)connects. Like `fetch` without the reply; clients may still fetch.
  std::vector<Outbound> on_connect(const proto::Id& device);

  // expire deletes every mailbox item older than the policy's TTL (an item
  // posted at ts expires once now >= ts + ttl_ms) and prunes the rate
  // limiter. Returns the number of items deleted (0 without a TTL or when the
  // store fails, which is counted in stats().store_failures).
  size_t expire();

  // post stores |content| (its id is ignored; chat, from, ts, kind and the
  // kind's fields are taken as given) for every recipient in order and
  // returns their ids and `deliver` pushes. The injection hook for adversaries
  // and tools: the same id allocation, mailbox cap (PROTO-RELAY-07: nothing is
  // stored if any mailbox is full, kLimitExceeded) and storage as honest items.
  // Does not check rosters.
  Result<Posted> post(const proto::Deliver& content, const std::vector<proto::Id>& recipients);

  // stats returns the counters so far.
  const RelayStats& stats() const { return stats_; }
  // policy returns the effective (clamped) policy.
  const RelayPolicy& policy() const { return policy_; }

 private:
  using Out = std::vector<Outbound>;
  struct Planned {
    Post op;
    Out pushes;
    std::vector<uint64_t> ids;  // of the required recipients, in order
  };

  std::vector<Outbound> finish(Out out);
  Result<void> dispatch(const proto::Id& dev, const proto::ClientFrame& frame, Out& out);
  Result<void> apply(const Batch& batch);
  UnixMillis now() const { return clock_.now_ms(); }

  // plan_post checks every required recipient's mailbox has room and assigns
  // ids; |best_effort| (a removed device's own notice) gets a copy only if its
  // mailbox has room. Writes nothing.
  Result<Planned> plan_post(proto::Deliver content, const std::vector<proto::Id>& recipients,
                            const std::optional<proto::Id>& best_effort = std::nullopt);
  proto::Deliver roster_item(const proto::Id& chat, const proto::Id& from, proto::RosterOp op,
                             const proto::Id& device,
                             const std::optional<Bytes>& signed_op = std::nullopt) const;
  Result<void> check_admin(const proto::Id& chat, const std::optional<Bytes>& cred);
  Result<void> pending(const proto::Id& dev, Out& out);

  // One handler per client frame type; each appends its pushes and its reply.
  Result<void> on(const proto::Id& dev, const proto::Register& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Lookup& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::CreateChat& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Join& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Leave& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Member& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Invite& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Redeem& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Send& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Direct& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Ack& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Fetch& f, Out& out);
  Result<void> on(const proto::Id& dev, const proto::Typing& f, Out& out);
  // Shared by send and direct. answer_retry replies from the dedup record and
  // returns true when (dev, cmid) was seen; check_rate applies the rate limit;
  // post_message fans out, records the dedup entry and replies `sent`.
  Result<bool> answer_retry(const proto::Id& dev, uint64_t rid, const proto::Id& cmid, Out& out);
  Result<void> check_rate(const proto::Id& dev) const;
  Result<void> post_message(const proto::Id& dev, uint64_t rid, const proto::Id& chat,
                            const proto::Id& cmid, proto::DeliverKind kind,
                            const proto::Json& body, const std::vector<proto::Id>& recipients,
                            Out& out);
  Result<void> create_chat(const proto::Id& dev, uint64_t rid, const proto::Id& chat,
                           const std::optional<Bytes>& admin_hash, Out& out);

  Store& store_;
  const Clock& clock_;
  RelayPolicy policy_;
  std::optional<RateLimiter> limiter_;
  RelayStats stats_;
};

}  // namespace e2e::relay
