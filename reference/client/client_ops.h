// Internal: the helper the client's generic code and its scheme modules share.
// Not part of the public API.
#pragma once

#include <optional>

#include "client/client.h"

namespace e2e::client {

class Scheme;

// How processing one mailbox item ended.
struct ItemOutcome {
  enum class Kind { kDone, kWait, kRejected };
  Kind kind = Kind::kDone;
  Error error{Errc::kInternal, {}};  // kRejected only
  bool state_changed = false;        // keys or roster changed: retry waiting items
  static ItemOutcome done(bool changed = false) { return {Kind::kDone, {Errc::kInternal, {}}, changed}; }
  static ItemOutcome wait() { return {Kind::kWait, {Errc::kInternal, {}}, false}; }
  static ItemOutcome reject(Error e) { return {Kind::kRejected, std::move(e), false}; }
};

class ClientOps {
 public:
  explicit ClientOps(Client& c) : c_(c), st_(c.st_) {}

  uint64_t rid() { return st_.next_rid++; }
  Id cmid() { return "c" + std::to_string(st_.next_cmid++); }
  // chat: the chat |id|; kNotFound if this device does not know it.
  Result<ChatState*> chat(const Id& id);
  ClientState& st() { return st_; }
  const Id& self() const { return st_.device; }
  const proto::Preset& preset() const { return c_.preset_; }
  const Scheme& scheme() const { return *c_.scheme_; }
  Rng& rng() { return *c_.rng_; }
  const crypto::P256PrivateKey& dh() const { return *c_.dh_; }
  const crypto::Ed25519PrivateKey& sig() const { return *c_.sig_; }
  Bytes dh_public() const { return c_.dh_public(); }
  Bytes sig_public() const { return c_.sig_public(); }

  // Sends a body to the chat and remembers it until the relay confirms.
  void queue_send(Step& step, const Id& chat, proto::Json body);
  void queue_direct(Step& step, const Id& chat, const Id& to, proto::Json body);
  // queue_lookup sends a directory lookup and remembers why; returns its rid.
  uint64_t queue_lookup(Step& step, PendingLookup why);
  // lookup_pending: a lookup for |device| is already on its way.
  bool lookup_pending(const Id& device) const;

  // receive.cc
  Step on_deliver(const proto::Deliver& d);
  Step on_keys(const proto::Keys& k);
  Step on_error(const proto::ErrorFrame& e);
  ItemOutcome process(const proto::Deliver& d, Step& step);
  void retry_waiting(Step& step);
  void remember_seen(uint64_t id);

 private:
  Client& c_;
  ClientState& st_;
};

// The SHA-256 of an admin credential, as the relay stores it (invite secrets:
// proto::invite_hash).
Bytes credential_hash(const SecretBytes& secret);

// credential_bytes copies an admin credential into the frame field that carries it.
inline Bytes credential_bytes(const SecretBytes& cred) {
  const ByteView v = cred.reveal();
  return Bytes(v.begin(), v.end());
}

// reason: the stable error name shown in events.
inline std::string reason(const Error& e) { return std::string(errc_name(e.code)); }

}  // namespace e2e::client
