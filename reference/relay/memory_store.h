// MemoryStore: the Store held in process memory only. It never writes to disk
// (no files, no swap control either: that is the host's business), which is
// what the `securemsg` claim "queued in memory only" needs. Copying a
// MemoryStore takes a snapshot of everything the relay holds (the passive
// database thief's view in the attack catalog).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "relay/store.h"

namespace e2e::relay {

class MemoryStore final : public Store {
 public:
  MemoryStore() = default;

  Result<std::optional<DeviceRecord>> device(const proto::Id& device) const override;
  Result<size_t> device_count() const override;
  Result<std::optional<ChatRecord>> chat(const proto::Id& chat) const override;
  Result<size_t> chat_count() const override;
  Result<bool> is_member(const proto::Id& chat, const proto::Id& device) const override;
  Result<std::vector<proto::Id>> members(const proto::Id& chat) const override;
  Result<std::vector<Bytes>> invites(const proto::Id& chat) const override;
  Result<size_t> mailbox_size(const proto::Id& device) const override;
  Result<std::vector<proto::Deliver>> mailbox(const proto::Id& device) const override;
  Result<uint64_t> next_item_id() const override;
  Result<std::optional<DedupRecord>> dedup(const proto::Id& sender,
                                           const proto::Id& cmid) const override;
  // apply cannot fail: every op is total and nothing here does I/O.
  Result<void> apply(const Batch& batch) override;
  Result<size_t> expire_items(UnixMillis not_after) override;

  // total_items returns the number of mailbox copies held for all devices.
  size_t total_items() const { return items_.size(); }
  // dedup_count returns the number of dedup records held for |sender|.
  size_t dedup_count(const proto::Id& sender) const;

 private:
  struct Chat {
    std::optional<Bytes> admin_hash;
    std::vector<proto::Id> members;  // join order
    std::unordered_set<proto::Id> member_set;
    std::vector<Bytes> invites;
  };
  struct Item {
    proto::Id recipient;
    std::shared_ptr<const proto::Deliver> content;  // shared by one posting's copies
  };
  struct DedupLog {
    std::map<proto::Id, DedupRecord> by_cmid;
    std::deque<proto::Id> order;  // oldest first; bounded by keep_last
  };

  void apply_op(const StoreOp& op);
  void remove_item(uint64_t id);

  std::unordered_map<proto::Id, DeviceRecord> devices_;
  std::unordered_map<proto::Id, Chat> chats_;
  std::map<uint64_t, Item> items_;                                  // every copy, by id
  std::unordered_map<proto::Id, std::set<uint64_t>> mailboxes_;     // recipient -> ids
  std::set<std::pair<UnixMillis, uint64_t>> by_ts_;                 // (ts, id) for expiry
  std::unordered_map<proto::Id, DedupLog> dedup_;
  uint64_t next_id_ = 1;
};

}  // namespace e2e::relay
