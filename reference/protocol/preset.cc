// The three presets of docs/PROTOCOL.md §8 as data. The switch values follow
// the §8 table; the assumption sentences restate, in this project's words,
// every place where §8 fills a gap the source document leaves open. They are
// shown to auditors (`e2eproof presets --json`), so each one stands alone.
#include "protocol/preset.h"

namespace e2e::proto {
namespace {

Preset make_arthas() {
  Preset p;
  p.name = "arthas";
  p.source = "001 (Arthas)";
  p.claims_prefix = "ARTHAS";
  p.key_source = KeySource::kShareCode;
  p.roster_policy = RosterPolicy::kOpen;
  p.sign_messages = true;  // see the first two assumptions below
  p.replay_window = false;
  p.rotate_on_change = false;  // "n/a": there is one room key and no removal
  p.invites = false;
  p.typing = TypingMode::kClear;
  p.relay = RelayRules{};  // no expiry, no rate limit
  p.assumptions = {
      "The source says Ed25519 message signatures exist (since v1.1.0) but not how signing "
      "keys are tied to members, so a signature covers iv || ciphertext and is checked against "
      "the signing key the relay's directory lists for the sending device.",
      "Every reference device owns a signing key, so arthas clients always sign; the share code "
      "carries no signing flag (PROTO-ARTHAS-01 allows only room and key), and a receiver still "
      "accepts a body without a signature, showing it with the flag \"unsigned\".",
      "The room key is 32 random bytes handed out only inside the share code; joining sends the "
      "room id alone, so the key never reaches the relay.",
      "Rooms are open chats: anyone who knows the room id can join, members leave on their own, "
      "and there is no way to remove someone because the source lists kicking as future work.",
      "The AEAD uses an empty associated data, so nothing about sender, room or time is "
      "authenticated and the sender shown is whatever the relay puts in `from`.",
      "There is no replay protection, because the source's threat table relies on the random IV "
      "alone to rule replay out.",
      "Typing status travels as the relay-level typing frame, unencrypted.",
      "The relay removes an item as soon as its recipient acknowledges it and retains nothing "
      "else, so an offline client only catches up on items still waiting in its mailbox.",
      "The relay neither expires stored items nor rate-limits senders, because the source "
      "document names no such limit.",
  };
  return p;
}

Preset make_eleven() {
  Preset p;
  p.name = "eleven";
  p.source = "000 (Eleven)";
  p.claims_prefix = "ELEVEN";
  p.key_source = KeySource::kChatKey;
  p.roster_policy = RosterPolicy::kAdminCredential;
  p.sign_messages = false;
  p.replay_window = false;
  p.rotate_on_change = false;
  p.invites = true;
  p.typing = TypingMode::kEncrypted;
  p.relay = RelayRules{};  // no expiry, no rate limit
  p.assumptions = {
      "The chat creator generates a 32-byte admin credential and a 32-byte chat key, and the "
      "credential never leaves the creator's device.",
      "The relay checks membership changes against the SHA-256 of the admin credential; the "
      "credential grants no decryption.",
      "An invite is a 32-byte secret placed after '#' in the link; the relay learns only its "
      "SHA-256 hash, and the link's fragment never appears in any frame.",
      "When the admin's client sees a new member, it wraps the chat key to the P-256 key the "
      "relay's directory returns for that device, without any out-of-band check of that key.",
      "Key wraps use the label \"e2eproof/v1/eleven/wrap\" and an empty context, so a wrap is not "
      "bound to a chat or an epoch.",
      "Text, sender name, file names and push text travel inside the AES-GCM ciphertext under an "
      "empty associated data, and messages carry no signature.",
      "The sender shown is the relay's `from`; it is not compared with the display name inside "
      "the ciphertext, since the source does not say that it is.",
      "Removing a member does not rotate the chat key.",
      "Typing status is sent as an ordinary encrypted message under the chat key.",
      "The relay keeps each item until its recipient acknowledges it.",
      "The relay neither expires stored items nor rate-limits senders, because the source "
      "document names no such limit.",
  };
  return p;
}

Preset make_hardened() {
  Preset p;
  p.name = "hardened";
  p.source = "003 (E2EE design patterns) + design/attacks.md §3";
  p.claims_prefix = "PATTERNS";
  p.key_source = KeySource::kEpochKey;
  p.roster_policy = RosterPolicy::kSignedOps;
  p.sign_messages = true;
  p.replay_window = true;
  p.rotate_on_change = true;
  p.invites = false;
  p.typing = TypingMode::kEncrypted;
  p.relay = RelayRules{};  // no expiry, no rate limit
  p.assumptions = {
      "Roster changes are hash-chained operations signed by the chat's admin, whose signing key "
      "is pinned from the chat's first operation (trust on first use of the chat).",
      "Every roster change the client accepts starts a new epoch with a fresh 32-byte key, "
      "wrapped by the admin to each current member with the keys the roster pinned, never with "
      "a fresh directory answer.",
      "An epoch-key wrap is bound to chat, epoch and recipient and signed by the admin; a removed "
      "member receives no key for later epochs and a new member none for earlier ones.",
      "The source's per-sender keys are derived with HKDF from the epoch key, the chat and the "
      "sender, instead of being distributed over pairwise sessions.",
      "Each message is signed by its sender, binds chat, sender, epoch, counter and a random id "
      "in its associated data, and carries a key commitment checked before decryption.",
      "Replays are refused with a persisted window of 1024 counters per chat, sender and epoch, "
      "counter jumps above 100000 are refused, and skipped counters are reported as gaps.",
      "Payloads are padded to buckets of 256, 1024, 4096, 16384 or 65536 bytes.",
      "Typing status is an ordinary encrypted message under the epoch key.",
      "There are no invite links: members join only through the admin's signed add operation, "
      "because an unsigned roster notice is ignored in a hardened chat.",
      "The relay keeps each item until its recipient acknowledges it.",
      "The relay neither expires stored items nor rate-limits senders, because the source "
      "document names no such limit.",
  };
  return p;
}

}  // namespace

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> kNames = {"arthas", "eleven", "hardened"};
  return kNames;
}

Result<Preset> find_preset(std::string_view name) {
  if (name == "arthas") return make_arthas();
  if (name == "eleven") return make_eleven();
  if (name == "hardened") return make_hardened();
  std::string known;
  for (const std::string& n : preset_names()) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  return make_error(Errc::kNotFound, "unknown preset; known presets: " + known);
}

}  // namespace e2e::proto
