// Attacker-held identities: real P-256 and Ed25519 key pairs from
// reference/crypto, drawn from a seeded stream so a run is reproducible. A
// scenario proves "the attacker can decrypt" by unwrapping and decrypting what
// it captured with these keys, never by assumption.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "crypto/ed25519.h"
#include "crypto/p256.h"
#include "protocol/frame.h"

namespace e2e::attacks {

struct AttackerKeys {
  proto::Id id;
  std::string name;
  std::shared_ptr<const crypto::P256PrivateKey> dh;
  std::shared_ptr<const crypto::Ed25519PrivateKey> sig;

  Bytes dh_public() const { return dh->public_key().to_uncompressed(); }
  Bytes sig_public() const { return sig->public_key(); }
  // entry: a directory entry for |as_device| carrying these keys (the
  // substituted answer of a split view); |as_device| defaults to id.
  proto::DirectoryEntry entry(const proto::Id& as_device = {}, const std::string& as_name = {}) const;
  // register_frame: the `register` frame that puts this device in the directory.
  proto::ClientFrame register_frame(uint64_t rid = 1) const;
};

// make_attacker draws the key pairs of |id| from the seeded stream
// ("attacker/" + id, seed).
Result<AttackerKeys> make_attacker(const proto::Id& id, const std::string& name, uint64_t seed);

}  // namespace e2e::attacks
