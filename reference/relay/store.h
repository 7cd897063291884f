// Store: what the relay core keeps between frames (directory, chats, mailboxes,
// dedup records, the item id counter), as a narrow value-based interface.
//
// Reads are small queries. Writes go through ONE call, apply(Batch): the core
// first reads and checks everything a request needs (membership, credentials,
// every cap), then hands the store the complete list of changes the request
// makes. That makes a request atomic from the core's point of view.
//
// What a backend must guarantee (MemoryStore does; a SQLite backend wraps
// apply() in one transaction):
//   - apply() makes all of a Batch's changes or none of them, in order; a
//     failure returns an error and leaves the store as it was;
//   - every op is total (adding a present member, removing an absent one,
//     spending an unknown invite or removing an unknown item id is a no-op), so
//     applying a batch the core built after its checks cannot fail for a
//     logical reason, only for I/O;
//   - item ids are never reused, even after the item is acked or expired and
//     across restarts: next_item_id() only grows (persist the counter);
//   - mailbox() returns a device's items in increasing id order;
//   - one Relay drives a Store at a time, and calls are serialised (the relay
//     core reads, then writes; nothing may change in between).
// Reads return Result so a backend can report I/O failures (Errc::kIo); the
// core turns them into an error reply for the requester.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/clock.h"
#include "common/result.h"
#include "protocol/frame.h"

namespace e2e::relay {

// A directory entry (PROTO-RELAY-01).
struct DeviceRecord {
  proto::Id device;
  std::string name;
  Bytes dh;   // P-256 uncompressed point, 65 bytes
  Bytes sig;  // Ed25519 public key, 32 bytes
  friend bool operator==(const DeviceRecord&, const DeviceRecord&) = default;
};

// A chat's summary. An admin chat has admin_hash = SHA-256 of the admin
// credential (PROTO-RELAY-03); an open chat has none.
struct ChatRecord {
  proto::Id chat;
  std::optional<Bytes> admin_hash;
  size_t member_count = 0;
  size_t invite_count = 0;  // unspent invites
};

// The reply a send/direct got, kept so a retry repeats it (PROTO-RELAY-05).
// The ids of one posting are contiguous: ids = first_id .. first_id+count-1,
// in roster order of the recipients.
struct DedupRecord {
  proto::Id cmid;
  uint64_t first_id = 0;
  size_t count = 0;
  friend bool operator==(const DedupRecord&, const DedupRecord&) = default;
};

// One mailbox copy of a posting.
struct Copy {
  proto::Id recipient;
  uint64_t id;
};

// ---- the changes a Batch can carry (each total, see above) ------------------

// PutDevice inserts a directory entry (or overwrites it; the core never asks to).
struct PutDevice { DeviceRecord record; };
// CreateChat creates a chat with |creator| as its only member.
struct CreateChat { proto::Id chat; std::optional<Bytes> admin_hash; proto::Id creator; };
// DeleteChat removes a chat, its roster and its invites (mailbox items stay).
struct DeleteChat { proto::Id chat; };
// AddMember appends |device| to the roster (join order); no-op when present.
struct AddMember { proto::Id chat; proto::Id device; };
// RemoveMember removes |device| from the roster; no-op when absent.
struct RemoveMember { proto::Id chat; proto::Id device; };
// AddInvite records an unspent invite hash; no-op when present.
struct AddInvite { proto::Id chat; Bytes hash; };
// SpendInvite removes an invite hash; no-op when absent.
struct SpendInvite { proto::Id chat; Bytes hash; };
// Post stores one item for several recipients: |content| is shared (its id
// field is ignored), each Copy gets its own id. Ids must be >= next_item_id();
// the counter moves past the largest.
struct Post { proto::Deliver content; std::vector<Copy> copies; };
// RemoveItems deletes ids from |device|'s mailbox; ids not there are ignored.
struct RemoveItems { proto::Id device; std::vector<uint64_t> ids; };
// PutDedup records a send's reply and keeps only the newest |keep_last|
// records of |sender| (older ones are evicted, oldest first).
struct PutDedup { proto::Id sender; DedupRecord record; size_t keep_last; };

using StoreOp = std::variant<PutDevice, CreateChat, DeleteChat, AddMember, RemoveMember,
                             AddInvite, SpendInvite, Post, RemoveItems, PutDedup>;
using Batch = std::vector<StoreOp>;

class Store {
 public:
  virtual ~Store() = default;

  // device returns the directory entry of |device|, or nullopt.
  virtual Result<std::optional<DeviceRecord>> device(const proto::Id& device) const = 0;
  // device_count returns the number of directory entries.
  virtual Result<size_t> device_count() const = 0;

  // chat returns the summary of |chat|, or nullopt.
  virtual Result<std::optional<ChatRecord>> chat(const proto::Id& chat) const = 0;
  // chat_count returns the number of chats.
  virtual Result<size_t> chat_count() const = 0;
  // is_member is true when |device| is on |chat|'s roster (false for no chat).
  virtual Result<bool> is_member(const proto::Id& chat, const proto::Id& device) const = 0;
  // members returns |chat|'s roster in join order (empty for no chat).
  virtual Result<std::vector<proto::Id>> members(const proto::Id& chat) const = 0;
  // invites returns |chat|'s unspent invite hashes (empty for no chat).
  virtual Result<std::vector<Bytes>> invites(const proto::Id& chat) const = 0;

  // mailbox_size returns the number of items waiting for |device|.
  virtual Result<size_t> mailbox_size(const proto::Id& device) const = 0;
  // mailbox returns |device|'s items, increasing id (= oldest) first.
  virtual Result<std::vector<proto::Deliver>> mailbox(const proto::Id& device) const = 0;
  // next_item_id returns the smallest id never used (ids start at 1).
  virtual Result<uint64_t> next_item_id() const = 0;

  // dedup returns the record of (|sender|, |cmid|), or nullopt.
  virtual Result<std::optional<DedupRecord>> dedup(const proto::Id& sender,
                                                   const proto::Id& cmid) const = 0;

  // apply makes every change of |batch| in order, all or none.
  virtual Result<void> apply(const Batch& batch) = 0;

  // expire_items deletes every mailbox item whose ts <= |not_after| and
  // returns how many it deleted (the TTL sweep, PROTO-RELAY-06).
  virtual Result<size_t> expire_items(UnixMillis not_after) = 0;
};

}  // namespace e2e::relay
