// Every bound an attacker (a peer or the relay) can push against, with why it
// has the value it has. Each has a test at the bound and one past it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace e2e::proto {

// One frame on the wire. 256 KiB holds the largest text (64 KiB) after
// padding, AEAD and base64url expansion with room to spare, while keeping a
// single hostile frame from costing the relay real memory.
inline constexpr size_t kMaxFrameBytes = 256 * 1024;

// Nesting depth of any JSON value in a frame (bodies included). Our formats
// need 4; a limit stops stack exhaustion on hostile nesting.
inline constexpr size_t kMaxJsonDepth = 8;

// A chat message's text: enough for any human message, bounded so padding
// buckets (up to 64 KiB) can always hold it.
inline constexpr size_t kMaxTextBytes = 60 * 1024;

// Identifiers (devices, chats, client message ids): 64 characters of
// [A-Za-z0-9_-] hold a UUID, a NanoID or a human-readable name.
inline constexpr size_t kMaxIdLen = 64;

// Display names: long enough for real names, short enough for a roster of
// kMaxChatMembers to stay small.
inline constexpr size_t kMaxNameBytes = 64;

// Devices in one lookup: the largest roster a client fetches keys for at once
// is bounded separately; 256 keeps one answer well under kMaxFrameBytes.
inline constexpr size_t kMaxLookup = 256;

// Item ids in one ack.
inline constexpr size_t kMaxAckIds = 1024;

// Members of one chat: the fan-out benchmark goes to 10000 recipients.
inline constexpr size_t kMaxChatMembers = 10000;

// Items waiting in one device's mailbox: a device that never acks must not
// let the relay grow without bound.
inline constexpr size_t kMaxMailboxItems = 10000;

// Processed mailbox ids a client remembers for deduplication; older ones are
// evicted (ids increase, and the relay deletes what was acked).
inline constexpr size_t kMaxSeenIds = 65536;

// hardened: counters remembered below the highest one per (chat, sender, epoch).
inline constexpr uint64_t kReplayWindow = 1024;

// hardened: how far a sender's counter may jump ahead at once. Larger jumps
// are refused so a forged or buggy counter cannot exhaust the window at once.
inline constexpr uint64_t kMaxCounterJump = 100000;

// hardened: epochs whose keys a client keeps, so late messages of the previous
// epochs still open after a rotation.
inline constexpr size_t kMaxStoredEpochs = 4;

// Items a client holds back because they arrived before the key, roster or
// directory entry they need (reordered delivery). Past this the newest such
// item is rejected rather than kept: a relay cannot make a client buffer forever.
inline constexpr size_t kMaxWaitingItems = 1024;

// Largest JSON integer we accept (2^53-1): every JSON implementation holds it exactly.
inline constexpr uint64_t kMaxJsonInt = (uint64_t{1} << 53) - 1;

}  // namespace e2e::proto
