// Presets: each documented design as data (docs/PROTOCOL.md §8). The client
// and the attack engine branch on these switches, never on a preset's name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace e2e::proto {

enum class KeySource {
  kShareCode,  // arthas: one room key travels out of band in a share code
  kChatKey,    // eleven: the admin wraps one lifetime chat key to each member
  kEpochKey,   // hardened: the admin wraps a fresh key per roster epoch
};

enum class RosterPolicy {
  kOpen,            // anyone who knows the chat id may join; members leave themselves
  kAdminCredential, // the relay checks an admin credential
  kSignedOps,       // admin credential at the relay, plus signed hash-chained ops checked by clients
};

enum class TypingMode { kClear, kEncrypted };

struct Preset {
  std::string name;        // "arthas", "eleven", "hardened"
  std::string source;      // which seed document it reproduces, e.g. "001 (Arthas)"
  std::string claims_prefix;  // "ARTHAS", "ELEVEN", "PATTERNS"
  KeySource key_source;
  RosterPolicy roster_policy;
  // Senders sign every message body with their Ed25519 key. Whether a body
  // without a signature is accepted is the body format's rule (arthas: yes,
  // flagged "unsigned"; hardened: no, the signature is a required field).
  bool sign_messages;
  bool bind_context_aad;   // chat, sender, epoch, counter inside the AAD
  bool replay_window;      // persisted per-sender counter window
  bool key_commitment;     // commitment checked before decryption
  bool padding;            // bucketed padding of payloads
  bool rotate_on_change;   // new content key on every roster change
  bool invites;            // single-use invite links
  TypingMode typing;
  // The design keeps each item for its recipient until the recipient acks it,
  // so an offline device catches up (§8 "relay_keeps_after_delivery"); false:
  // the design stores nothing once an item has been handed over.
  bool relay_keeps_after_delivery;
  // Where the source document is silent: what we assumed, one sentence each.
  std::vector<std::string> assumptions;
};

// preset_names lists every preset, in a stable order.
const std::vector<std::string>& preset_names();
// find_preset returns the preset called |name|; kNotFound (naming the known ones) otherwise.
Result<Preset> find_preset(std::string_view name);

}  // namespace e2e::proto
