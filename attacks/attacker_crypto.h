// What the attacker does with its captures: open key wraps made for keys it
// holds, then decrypt the chat's messages it logged. Uses the protocol's pure
// seal/open functions and reference/crypto, as any party holding the keys
// could; it keeps no client state. The wrap and body formats follow the
// preset's key_source switch.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attacks/adversary.h"
#include "common/secret_bytes.h"
#include "crypto/p256.h"

namespace e2e::attacks {

// Content keys recovered for one chat: epoch -> key (epoch 0 for a lifetime chat key).
using StolenKeys = std::map<uint64_t, SecretBytes>;

struct OpenedWrap {
  uint64_t epoch = 0;
  SecretBytes key;
};

// open_wrap: opens a key-wrap body sent to |recipient| in |chat| with the
// attacker's P-256 key |me|. Epoch-key wraps are checked against the admin's
// signing key |admin_sig| like a member would. kUnsupported when the preset
// has no wraps (a share-code key never travels).
Result<OpenedWrap> open_wrap(const proto::Preset& preset, const crypto::P256PrivateKey& me, const proto::Json& body,
                             const proto::Id& chat, const proto::Id& recipient, ByteView admin_sig);

// wraps_to: every key-wrap body the relay carried to |recipient| in |chat|.
std::vector<proto::Json> wraps_to(const Adversary& adv, const proto::Id& recipient, const proto::Id& chat);

// decrypt_chat: every distinct message of |chat| in the transcript that
// |keys| open, as "sender: text" in transcript order. Senders' signing keys
// come from the relay's own directory (the store).
std::vector<std::string> decrypt_chat(const proto::Preset& preset, Adversary& adv, const proto::Id& chat,
                                      const StolenKeys& keys);

}  // namespace e2e::attacks
