// Internal: the one interface every key scheme implements (docs/PROTOCOL.md §8).
// A preset's |key_source| picks its scheme in scheme.cc with one exhaustive
// switch; the client's generic code (client.cc, receive.cc) never asks which
// scheme it runs, it calls these operations. Not part of the public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_ops.h"
#include "client/state_json.h"

namespace e2e::client {

// What a message carries: exactly one of text and typing.
struct Payload {
  std::optional<std::string> text;
  std::optional<bool> typing;
};

class Scheme {
 public:
  virtual ~Scheme() = default;

  // supports checks that |p|'s switches are ones this scheme honours;
  // kUnsupported naming the first switch it cannot (never ignored silently).
  virtual Result<void> supports(const proto::Preset& p) const = 0;

  // create starts a chat with this device in it (and as admin where the
  // scheme has one); the caller checked the id and that the chat is new.
  virtual Result<Step> create(ClientOps& ops, const Id& chat) const = 0;
  // share_code / join: the out-of-band join code; kNotFound for a chat (|c|
  // null: unknown) without a key. Only a scheme whose key travels out of band
  // has one; the others keep this kUnsupported default.
  virtual Result<std::string> share_code(const ChatState* /*c*/) const {
    return make_error(Errc::kUnsupported, "share codes are an arthas feature");
  }
  virtual Result<Step> join(ClientOps& /*ops*/, std::string_view /*code*/) const {
    return make_error(Errc::kUnsupported, "share codes are an arthas feature");
  }
  // add / remove: roster changes by the admin; leave: by the member itself.
  // kUnsupported where the scheme has no such change (checked first), then
  // kInvalidArgument / kNotFound / kState for a bad device, an unknown chat or
  // a change this device may not make now. Nothing changes on failure.
  virtual Result<Step> add(ClientOps& ops, const Id& chat, const Id& device) const = 0;
  virtual Result<Step> remove(ClientOps& ops, const Id& chat, const Id& device) const = 0;
  virtual Result<Step> leave(ClientOps& ops, const Id& chat) const = 0;
  // admin_cred: the chat's admin credential on the admin's device, else null.
  virtual const SecretBytes* admin_cred(const ChatState& c) const = 0;
  // members: the roster as this device believes it.
  virtual std::vector<Id> members(const ChatState& c) const = 0;

  // seal encrypts |p| for the chat (kState without a key yet, kUnsupported
  // for a payload the body format cannot carry); commits counters only on success.
  virtual Result<proto::Json> seal(ClientOps& ops, ChatState& c, const Payload& p) const = 0;
  // open / on_roster / on_direct: one mailbox item of kind msg / roster /
  // direct (the item is new: dedup ran before).
  virtual ItemOutcome open(ClientOps& ops, const proto::Deliver& d, Step& step) const = 0;
  virtual ItemOutcome on_roster(ClientOps& ops, const proto::Deliver& d, Step& step) const = 0;
  virtual ItemOutcome on_direct(ClientOps& ops, const proto::Deliver& d, Step& step) const = 0;
  // on_lookup finishes a lookup this scheme asked for (action other than
  // kCache); |found| is the directory entry, null when the relay had none.
  virtual void on_lookup(ClientOps& ops, uint64_t rid, const PendingLookup& why, const DeviceKeys* found,
                         Step& step) const = 0;
  // on_refused: the relay refused request |rid|; forget it if it was ours.
  virtual void on_refused(ChatState& c, uint64_t rid) const = 0;

  // export_chat adds the scheme's fields to the chat's JSON object;
  // import_chat reads them back (failures recorded in |r|).
  virtual void export_chat(const ChatState& c, proto::Json& j) const = 0;
  virtual SchemeChat import_chat(StateReader& r, const proto::Json& j) const = 0;
};

// scheme_for returns the scheme of |source| (one exhaustive switch; never fails).
const Scheme& scheme_for(proto::KeySource source);

// check_preset: scheme_for(p.key_source).supports(p).
Result<void> check_preset(const proto::Preset& p);

// apply_relay_roster: for schemes whose roster is the relay's (share_code,
// chat_key): applies the notice to the chat (creating it from |fresh| when this
// device is added to a chat it did not know), emits RosterChangedEvent and
// returns the chat; a notice for an unknown chat that does not add us is kState.
Result<ChatState*> apply_relay_roster(ClientOps& ops, const proto::Deliver& d, SchemeChat fresh, Step& step);

// relay_leave: for the same schemes, this device leaves |chat| by telling the
// relay (kNotFound for an unknown chat, kState when no longer a member).
Result<Step> relay_leave(ClientOps& ops, const Id& chat);

// unsupported: the kUnsupported error of a switch a scheme cannot honour.
Error unsupported(std::string_view scheme, std::string_view what);

}  // namespace e2e::client
