#include "relay/memory_store.h"

#include <algorithm>
#include <type_traits>

namespace e2e::relay {

Result<std::optional<DeviceRecord>> MemoryStore::device(const proto::Id& device) const {
  auto it = devices_.find(device);
  if (it == devices_.end()) return std::optional<DeviceRecord>{};
  return std::optional<DeviceRecord>{it->second};
}

Result<size_t> MemoryStore::device_count() const { return devices_.size(); }

Result<std::optional<ChatRecord>> MemoryStore::chat(const proto::Id& chat) const {
  auto it = chats_.find(chat);
  if (it == chats_.end()) return std::optional<ChatRecord>{};
  const Chat& c = it->second;
  return std::optional<ChatRecord>{ChatRecord{chat, c.admin_hash, c.members.size(), c.invites.size()}};
}

Result<size_t> MemoryStore::chat_count() const { return chats_.size(); }

Result<bool> MemoryStore::is_member(const proto::Id& chat, const proto::Id& device) const {
  auto it = chats_.find(chat);
  return it != chats_.end() && it->second.member_set.count(device) > 0;
}

Result<std::vector<proto::Id>> MemoryStore::members(const proto::Id& chat) const {
  auto it = chats_.find(chat);
  if (it == chats_.end()) return std::vector<proto::Id>{};
  return it->second.members;
}

Result<std::vector<Bytes>> MemoryStore::invites(const proto::Id& chat) const {
  auto it = chats_.find(chat);
  if (it == chats_.end()) return std::vector<Bytes>{};
  return it->second.invites;
}

Result<size_t> MemoryStore::mailbox_size(const proto::Id& device) const {
  auto it = mailboxes_.find(device);
  return it == mailboxes_.end() ? size_t{0} : it->second.size();
}

Result<std::vector<proto::Deliver>> MemoryStore::mailbox(const proto::Id& device) const {
  std::vector<proto::Deliver> out;
  auto it = mailboxes_.find(device);
  if (it == mailboxes_.end()) return out;
  out.reserve(it->second.size());
  for (uint64_t id : it->second) {
    proto::Deliver d = *items_.at(id).content;
    d.id = id;
    out.push_back(std::move(d));
  }
  return out;
}

Result<uint64_t> MemoryStore::next_item_id() const { return next_id_; }

Result<std::optional<DedupRecord>> MemoryStore::dedup(const proto::Id& sender,
                                                      const proto::Id& cmid) const {
  auto it = dedup_.find(sender);
  if (it == dedup_.end()) return std::optional<DedupRecord>{};
  auto rec = it->second.by_cmid.find(cmid);
  if (rec == it->second.by_cmid.end()) return std::optional<DedupRecord>{};
  return std::optional<DedupRecord>{rec->second};
}

size_t MemoryStore::dedup_count(const proto::Id& sender) const {
  auto it = dedup_.find(sender);
  return it == dedup_.end() ? 0 : it->second.by_cmid.size();
}

Result<void> MemoryStore::apply(const Batch& batch) {
  for (const StoreOp& op : batch) apply_op(op);
  return ok_result();
}

void MemoryStore::remove_item(uint64_t id) {
  auto it = items_.find(id);
  if (it == items_.end()) return;
  by_ts_.erase({it->second.content->ts, id});
  auto mb = mailboxes_.find(it->second.recipient);
  if (mb != mailboxes_.end()) {
    mb->second.erase(id);
    if (mb->second.empty()) mailboxes_.erase(mb);
  }
  items_.erase(it);
}

void MemoryStore::apply_op(const StoreOp& op) {
  std::visit(
      [this](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, PutDevice>) {
          devices_.insert_or_assign(o.record.device, o.record);
        } else if constexpr (std::is_same_v<T, CreateChat>) {
          Chat c;
          c.admin_hash = o.admin_hash;
          c.members.push_back(o.creator);
          c.member_set.insert(o.creator);
          chats_.insert_or_assign(o.chat, std::move(c));
        } else if constexpr (std::is_same_v<T, DeleteChat>) {
          chats_.erase(o.chat);
        } else if constexpr (std::is_same_v<T, AddMember>) {
          auto it = chats_.find(o.chat);
          if (it == chats_.end() || !it->second.member_set.insert(o.device).second) return;
          it->second.members.push_back(o.device);
        } else if constexpr (std::is_same_v<T, RemoveMember>) {
          auto it = chats_.find(o.chat);
          if (it == chats_.end() || it->second.member_set.erase(o.device) == 0) return;
          auto& m = it->second.members;
          m.erase(std::find(m.begin(), m.end(), o.device));
        } else if constexpr (std::is_same_v<T, AddInvite>) {
          auto it = chats_.find(o.chat);
          if (it == chats_.end()) return;
          auto& inv = it->second.invites;
          if (std::find(inv.begin(), inv.end(), o.hash) == inv.end()) inv.push_back(o.hash);
        } else if constexpr (std::is_same_v<T, SpendInvite>) {
          auto it = chats_.find(o.chat);
          if (it == chats_.end()) return;
          auto& inv = it->second.invites;
          auto pos = std::find(inv.begin(), inv.end(), o.hash);
          if (pos != inv.end()) inv.erase(pos);
        } else if constexpr (std::is_same_v<T, Post>) {
          auto content = std::make_shared<const proto::Deliver>(o.content);
          for (const Copy& c : o.copies) {
            remove_item(c.id);  // ids are fresh; this only keeps the indexes consistent
            items_.emplace(c.id, Item{c.recipient, content});
            mailboxes_[c.recipient].insert(c.id);
            by_ts_.insert({content->ts, c.id});
            next_id_ = std::max(next_id_, c.id + 1);
          }
        } else if constexpr (std::is_same_v<T, RemoveItems>) {
          auto mb = mailboxes_.find(o.device);
          if (mb == mailboxes_.end()) return;
          for (uint64_t id : o.ids) {
            // Only the device's own items: an ack never touches another mailbox.
            if (mb->second.count(id) == 0) continue;
            remove_item(id);
            mb = mailboxes_.find(o.device);
            if (mb == mailboxes_.end()) return;
          }
        } else if constexpr (std::is_same_v<T, PutDedup>) {
          DedupLog& log = dedup_[o.sender];
          if (log.by_cmid.insert_or_assign(o.record.cmid, o.record).second) {
            log.order.push_back(o.record.cmid);
          }
          while (log.order.size() > o.keep_last) {
            log.by_cmid.erase(log.order.front());
            log.order.pop_front();
          }
          if (log.order.empty()) dedup_.erase(o.sender);
        }
      },
      op);
}

Result<size_t> MemoryStore::expire_items(UnixMillis not_after) {
  size_t n = 0;
  while (!by_ts_.empty() && by_ts_.begin()->first <= not_after) {
    remove_item(by_ts_.begin()->second);
    ++n;
  }
  return n;
}

}  // namespace e2e::relay
