// Presets: each documented design as data (docs/PROTOCOL.md §8). The client
// and the attack engine branch on these switches, never on a preset's name.
#pragma once

#include <cstddef>
#include <cstdint>
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

// RelayRules: what the design says its relay does with stored items, as plain
// data (protocol sits below relay; relay::policy_for turns it into a
// relay::RelayPolicy). Every reference relay keeps an item until its recipient
// acknowledges it; these rules only bound that.
struct RelayRules {
  struct Rate {
    size_t max_messages;  // send/direct requests accepted per sender per window
    int64_t window_ms;
  };
  std::optional<int64_t> ttl_ms;   // an unacknowledged item expires after this; none: never
  std::optional<Rate> rate_limit;  // none: no rate limit
};

// Preset: one documented design as data. |key_source| selects the client's
// scheme module (reference/client/scheme.h); the feature switches below are
// the ones code reads, and a scheme refuses a value it cannot honour
// (client::check_preset) rather than ignoring it.
struct Preset {
  std::string name;        // "arthas", "eleven", "hardened"
  std::string source;      // which seed document it reproduces, e.g. "001 (Arthas)"
  std::string claims_prefix;  // "ARTHAS", "ELEVEN", "PATTERNS"
  KeySource key_source;       // the scheme
  RosterPolicy roster_policy;
  // Senders sign every message body with their Ed25519 key. Whether a body
  // without a signature is accepted is the body format's rule (arthas: yes,
  // flagged "unsigned"; hardened: no, the signature is a required field).
  bool sign_messages;
  // epoch_key scheme: the persisted per-sender counter window refuses replays
  // and reports gaps (false: a replayed message is shown again).
  bool replay_window;
  // epoch_key scheme: the admin draws a fresh epoch key on every roster change
  // (false: the new epoch reuses the previous epoch's key, so a removed member
  // can still read and a new member can read back).
  bool rotate_on_change;
  bool invites;            // single-use invite links (chat_key scheme)
  TypingMode typing;
  RelayRules relay;        // the relay's rules for this design (World and `e2eproof relay` use them)
  // Where the source document is silent: what we assumed, one sentence each.
  std::vector<std::string> assumptions;
};

// preset_names lists every preset, in a stable order.
const std::vector<std::string>& preset_names();
// find_preset returns the preset called |name|; kNotFound (naming the known ones) otherwise.
Result<Preset> find_preset(std::string_view name);

}  // namespace e2e::proto
