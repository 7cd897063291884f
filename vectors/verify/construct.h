// Byte strings of docs/PROTOCOL.md that the vector families name, built from
// labels.h and wire_bytes.h (shared by the verifier and the generator).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace e2e::vectors {

// "e2eproof/v1/hardened/sender" || lp(chat) || lp(sender) || u64(epoch)
Bytes sender_info(std::string_view chat, std::string_view sender, uint64_t epoch);
// known_hkdf_construction: the (construction, label) pairs of the
// hkdf_labels family: hardened_sender, hardened_enc and hardened_commit with
// their labels, and ecies_kw with either wrap label.
bool known_hkdf_construction(std::string_view construction, std::string_view label);
// ctx of a hardened wrap: lp(chat) || u64(epoch) || lp(recipient)
Bytes hardened_wrap_ctx(std::string_view chat, uint64_t epoch, std::string_view recipient);

struct HardenedKeys {
  Bytes sk, enc, ck;
};
Result<HardenedKeys> hardened_keys(ByteView epoch_key, std::string_view chat,
                                   std::string_view sender, uint64_t epoch);

}  // namespace e2e::vectors
