// Internal: the helper class the client's implementation files share. Not part
// of the public API.
#pragma once

#include <optional>

#include "client/client.h"

namespace e2e::client {

// How processing one mailbox item ended.
struct ItemOutcome {
  enum class Kind { kDone, kWait, kRejected };
  Kind kind = Kind::kDone;
  Error error{Errc::kInternal, {}};  // kRejected only
  bool state_changed = false;        // keys or roster changed: retry waiting items
  static ItemOutcome done(bool changed = false) { return {Kind::kDone, {Errc::kInternal, {}}, changed}; }
  static ItemOutcome wait() { return {Kind::kWait, {Errc::kInternal, {}}, false}; }
  static ItemOutcome reject(Error e) { return {Kind::kRejected, std::move(e), false}; }
};

class ClientOps {
 public:
  explicit ClientOps(Client& c) : c_(c), st_(c.st_) {}

  uint64_t rid() { return st_.next_rid++; }
  Id cmid() { return "c" + std::to_string(st_.next_cmid++); }
  Result<ChatState*> chat(const Id& id);
  bool is_hardened() const { return c_.preset_.key_source == proto::KeySource::kEpochKey; }
  bool is_eleven() const { return c_.preset_.key_source == proto::KeySource::kChatKey; }
  bool is_arthas() const { return c_.preset_.key_source == proto::KeySource::kShareCode; }

  // Sends a body to the chat and remembers it until the relay confirms.
  void queue_send(Step& step, const Id& chat, proto::Json body);
  void queue_direct(Step& step, const Id& chat, const Id& to, proto::Json body);
  // queue_lookup sends a directory lookup and remembers why; returns its rid.
  uint64_t queue_lookup(Step& step, PendingLookup why);

  // receive.cc
  Step on_deliver(const proto::Deliver& d);
  Step on_keys(const proto::Keys& k);
  Step on_error(const proto::ErrorFrame& e);
  ItemOutcome process(const proto::Deliver& d, Step& step);
  ItemOutcome process_plain_roster(const proto::Deliver& d, Step& step);
  ItemOutcome process_message(const proto::Deliver& d, Step& step);
  ItemOutcome process_direct(const proto::Deliver& d, Step& step);
  void retry_waiting(Step& step);
  void remember_seen(uint64_t id);

  // hardened.cc
  Result<Step> hardened_create(const Id& chat, SecretBytes cred);
  Result<Step> hardened_issue_op(const Id& chat, proto::RosterOp op, const Id& device,
                                 const DeviceKeys& keys);
  ItemOutcome hardened_roster(const proto::Deliver& d, Step& step);
  ItemOutcome hardened_direct(const proto::Deliver& d, Step& step);
  ItemOutcome hardened_message(const proto::Deliver& d, Step& step);
  Result<proto::Json> hardened_seal_payload(ChatState& chat, const proto::Json& payload);

 private:
  Client& c_;
  ClientState& st_;
};

// Helpers over a hardened chain (hardened.cc).
std::vector<Id> members_at(const std::vector<proto::SignedRosterOp>& chain, uint64_t epoch);
std::optional<DeviceKeys> pinned_keys(const std::vector<proto::SignedRosterOp>& chain,
                                      uint64_t epoch, const Id& device);

// The SHA-256 of an admin credential, as the relay stores it (invite secrets:
// proto::invite_hash).
Bytes credential_hash(const SecretBytes& secret);

// admin_credential copies the admin credential into the frame field that carries it.
inline Bytes admin_credential(const ChatState& c) {
  const ByteView cred = c.admin_cred->reveal();
  return Bytes(cred.begin(), cred.end());
}

}  // namespace e2e::client
