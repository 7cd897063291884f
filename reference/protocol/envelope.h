// Message bodies of each preset (docs/PROTOCOL.md §8): pure seal/open
// functions with no client state. Replay and roster checks are the client's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/rng.h"
#include "common/secret_bytes.h"
#include "crypto/ed25519.h"
#include "crypto/p256.h"
#include "protocol/frame.h"
#include "protocol/key_wrap_ecies.h"

namespace e2e::proto {

// ---- arthas (PROTO-ARTHAS-02) ----------------------------------------------
// arthas_seal: {"iv","ciphertext"} plus "sig" when |signer| is given.
Result<Json> arthas_seal(Rng& rng, const SecretBytes& room_key, std::string_view text,
                         const crypto::Ed25519PrivateKey* signer);
struct ArthasOpened {
  std::string text;
  bool signed_by_sender = false;  // a "sig" was present and verified
};
// arthas_open: a present "sig" must verify under |sender_sig_public| when one
// is given (kAuthFailed); without a key to check against the sig is ignored and
// signed_by_sender stays false. Non-UTF-8 text: kDecodeError.
Result<ArthasOpened> arthas_open(const SecretBytes& room_key, const Json& body,
                                 std::optional<ByteView> sender_sig_public);

// ---- eleven (PROTO-ELEVEN-02) ----------------------------------------------
struct ElevenFile {
  std::string name;
  uint64_t size = 0;
};
struct ElevenPayload {
  std::string name;                 // sender's display name, inside the ciphertext
  std::optional<std::string> text;  // a chat message ...
  std::optional<bool> typing;       // ... or a typing notice (exactly one of the two)
  std::vector<ElevenFile> files;
  std::optional<std::string> push;
};
// The payload's plaintext JSON {"name", "text"|"typing", "files"?, "push"?};
// from_json is strict (kDecodeError), to_json writes what from_json reads.
Json eleven_payload_to_json(const ElevenPayload& p);
Result<ElevenPayload> eleven_payload_from_json(const Json& j);
Result<Json> eleven_seal(Rng& rng, const SecretBytes& chat_key, const ElevenPayload& payload);
Result<ElevenPayload> eleven_open(const SecretBytes& chat_key, const Json& body);
// eleven wrap body {"wrap": {...}} with label kElevenWrap and empty ctx.
Result<Json> eleven_wrap_body(Rng& rng, const crypto::P256PublicKey& recipient,
                              const SecretBytes& chat_key);
Result<SecretBytes> eleven_unwrap_body(const crypto::P256PrivateKey& me, const Json& body);

// ---- hardened (PROTO-HARD-01..06) ------------------------------------------
struct HardenedHeader {
  Id chat;
  Id sender;
  uint64_t epoch = 0;
  uint64_t ctr = 0;
  Bytes mid;  // 16 random bytes, drawn by the caller (hardened_seal refuses another length)
};
// hardened_aad: the AAD bytes of PROTO-HARD-02.
Bytes hardened_aad(const HardenedHeader& h);
// hardened_body: the body object of PROTO-HARD-02 from its parts, the last
// step of hardened_seal (the vector generator builds deliberately broken
// bodies with it). Never fails.
Json hardened_body(const HardenedHeader& header, ByteView iv, ByteView commit, ByteView ciphertext, ByteView s);
// hardened_seal: pads |payload| (compact JSON), commits, encrypts and signs.
// |payload| must be {"text": str} or {"typing": bool}, the key 32 bytes and the
// header well formed (else kInvalidArgument); a payload too large for the last
// padding bucket is kLimitExceeded.
Result<Json> hardened_seal(Rng& rng, const SecretBytes& epoch_key, const HardenedHeader& header,
                           const Json& payload, const crypto::Ed25519PrivateKey& signer);
struct HardenedOpened {
  HardenedHeader header;
  Json payload;
};
// hardened_peek parses the body strictly (kDecodeError) and returns its header
// (epoch, ctr, mid with the given chat and from) without any crypto, to pick the key.
Result<HardenedHeader> hardened_peek(const Json& body, const Id& chat, const Id& from);
// hardened_open checks, in this order, signature (under |sender_sig_public|),
// commitment and AEAD (all kAuthFailed), then padding and the payload schema
// (kDecodeError). A malformed body is kDecodeError before any crypto.
Result<HardenedOpened> hardened_open(const SecretBytes& epoch_key, const Json& body,
                                     const Id& chat, const Id& from, ByteView sender_sig_public);
// Epoch-key wrap body {"wrap","epoch","s"} bound to (chat, epoch, recipient)
// and signed by the admin.
Result<Json> hardened_wrap_body(Rng& rng, const crypto::P256PublicKey& recipient,
                                const SecretBytes& epoch_key, const Id& chat, uint64_t epoch,
                                const Id& recipient_id, const crypto::Ed25519PrivateKey& admin);
struct HardenedUnwrapped {
  uint64_t epoch = 0;
  SecretBytes epoch_key;
};
Result<HardenedUnwrapped> hardened_unwrap_body(const crypto::P256PrivateKey& me, const Json& body,
                                               const Id& chat, const Id& me_id,
                                               ByteView admin_sig_public);

}  // namespace e2e::proto
