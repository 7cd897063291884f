// The client's whole state, as plain data. Everything here is exported by
// Client::export_state and restored by import_state (docs/PROTOCOL.md §9).
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "client/replay_window.h"
#include "common/secret_bytes.h"
#include "protocol/frame.h"
#include "protocol/roster_op.h"

namespace e2e::client {

using proto::Id;

// A directory entry as this client last saw it.
struct DeviceKeys {
  std::string name;
  Bytes dh;   // 65 bytes
  Bytes sig;  // 32 bytes
};

// Per-scheme chat state: each scheme module keeps only its own fields.

// share_code (arthas): the room key from the share code.
struct ShareCodeChat {
  std::optional<SecretBytes> key;
};

// chat_key (eleven): the lifetime chat key (once wrapped to us) and, on the
// admin's device, the admin credential.
struct ChatKeyChat {
  std::optional<SecretBytes> key;
  std::optional<SecretBytes> admin_cred;
};

// epoch_key (hardened): the verified roster chain and the keys of its epochs.
struct EpochKeyChat {
  std::vector<proto::SignedRosterOp> chain;       // chain[i].seq == i
  std::map<uint64_t, SecretBytes> epoch_keys;     // newest kMaxStoredEpochs
  std::map<std::pair<Id, uint64_t>, ReplayWindow> windows;  // (sender, epoch)
  uint64_t send_epoch = 0;  // epoch of send_ctr
  uint64_t send_ctr = 0;    // next counter this device uses in send_epoch
  std::optional<uint64_t> roster_op_rid;  // admin: a signed op awaiting the relay
  std::optional<SecretBytes> admin_cred;  // only on the admin's device
};

using SchemeChat = std::variant<ShareCodeChat, ChatKeyChat, EpochKeyChat>;

struct ChatState {
  Id id;
  bool active = true;            // false once this device left or was removed
  std::vector<Id> members;       // in join order, as this client believes (share_code, chat_key)
  SchemeChat scheme;             // the alternative of the client's preset's scheme
};

// Why a directory lookup was sent, so its answer can finish the job.
struct PendingLookup {
  enum class Action { kCache, kWrapChatKey, kHardenedAdd };  // export names: state_codec.cc
  Action action = Action::kCache;
  Id chat;
  Id device;
};

struct ClientState {
  Id device;
  std::string name;
  std::string preset;
  SecretBytes dh_scalar;   // P-256 private scalar
  SecretBytes sig_seed;    // Ed25519 seed
  uint64_t next_rid = 1;
  uint64_t next_cmid = 1;
  std::map<Id, ChatState> chats;
  std::map<Id, DeviceKeys> directory;
  std::map<uint64_t, PendingLookup> lookups;
  std::map<uint64_t, proto::ClientFrame> unconfirmed;  // send/direct awaiting "sent"
  std::deque<uint64_t> seen_order;                     // processed item ids, oldest first
  std::set<uint64_t> seen;
  std::vector<proto::Deliver> waiting;  // items that need a key, chain or sender key first
};

}  // namespace e2e::client
