// The sans-IO client core. Operations and received frames return a Step: the
// frames to send to the relay and the events for the application. Randomness
// and time are injected; nothing here touches sockets, threads or files.
// Failed operations change nothing (PROTO-CLIENT-03).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "client/events.h"
#include "client/state.h"
#include "common/clock.h"
#include "common/result.h"
#include "common/rng.h"
#include "crypto/ed25519.h"
#include "crypto/p256.h"
#include "protocol/preset.h"

namespace e2e::client {

class Scheme;  // client/scheme.h: the preset's key scheme

class Client {
 public:
  // create makes a new device with fresh keys drawn from |rng|.
  // Bad id or name: kInvalidArgument; a preset whose switches its scheme
  // cannot honour (reference/client/scheme.h): kUnsupported.
  static Result<Client> create(const Id& device, std::string_view name, const proto::Preset& preset,
                               Rng& rng, const Clock& clock);

  const Id& device() const { return st_.device; }
  const proto::Preset& preset() const { return preset_; }
  // public keys as registered
  Bytes dh_public() const;
  Bytes sig_public() const;

  // register_device announces the device and its public keys.
  Step register_device();

  // create_chat: arthas makes a room key and joins the open room; eleven and
  // hardened make an admin chat with this device as admin. kState if the chat exists.
  Result<Step> create_chat(const Id& chat);
  // share_code (arthas): "{room}:{base64url(key)}" for a room this device holds.
  Result<std::string> share_code(const Id& chat) const;
  // join_with_share_code (arthas): stores the key and joins the room.
  Result<Step> join_with_share_code(std::string_view code);
  // leave: removes this device from a chat (arthas rooms).
  Result<Step> leave(const Id& chat);
  // add_member / remove_member (admin of an eleven or hardened chat).
  Result<Step> add_member(const Id& chat, const Id& device);
  Result<Step> remove_member(const Id& chat, const Id& device);
  // create_invite (eleven admin): returns the link "{chat}#{base64url(secret)}"
  // and the frame telling the relay only the secret's hash.
  Result<std::pair<std::string, Step>> create_invite(const Id& chat);
  // accept_invite (eleven): redeems a link's secret hash; a link that is not
  // exactly PROTO-ELEVEN-03 is E2E_ERR_DECODE.
  Result<Step> accept_invite(std::string_view link);

  Result<Step> send_text(const Id& chat, std::string_view text);
  Result<Step> set_typing(const Id& chat, bool on);

  // fetch asks the relay for everything still in this device's mailbox,
  // re-sends messages the relay has not confirmed (it deduplicates them) and
  // directory lookups still unanswered.
  Step fetch();

  // receive processes one frame from the relay; never fails: a bad frame
  // becomes a RejectedEvent and an ack.
  Step receive(const proto::RelayFrame& frame);

  // Read-only views for tests and the conformance engine.
  const ClientState& state() const { return st_; }
  std::vector<Id> members(const Id& chat) const;

  // export_state / import_state: the whole state as one JSON document;
  // import_state fails with kDecodeError on any surprise, kUnsupported as create.
  SecretBytes export_state() const;
  static Result<Client> import_state(ByteView document, Rng& rng, const Clock& clock);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

 private:
  Client(ClientState st, proto::Preset preset, crypto::P256PrivateKey dh,
         crypto::Ed25519PrivateKey sig, Rng& rng, const Clock& clock);

  friend class ClientOps;  // the implementation files share one helper class
  ClientState st_;
  proto::Preset preset_;
  const Scheme* scheme_;  // scheme_for(preset_.key_source); static lifetime
  std::unique_ptr<crypto::P256PrivateKey> dh_;
  std::unique_ptr<crypto::Ed25519PrivateKey> sig_;
  Rng* rng_;
  const Clock* clock_;
};

}  // namespace e2e::client
