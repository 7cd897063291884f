// chat_key scheme (eleven, docs/PROTOCOL.md §5, §8.2): an admin chat whose
// roster is the relay's, checked only by the admin credential; the admin wraps
// one lifetime chat key to each new member's directory key.
#include <algorithm>

#include "client/schemes.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/limits.h"
#include "protocol/share_code.h"

namespace e2e::client {
namespace {

constexpr std::string_view kName = "chat_key";

ChatKeyChat& data(ChatState& c) { return std::get<ChatKeyChat>(c.scheme); }
const ChatKeyChat& data(const ChatState& c) { return std::get<ChatKeyChat>(c.scheme); }

// admin_chat: the chat, if this device is its admin (kNotFound / kState).
Result<ChatState*> admin_chat(ClientOps& ops, const Id& chat) {
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!data(*c).admin_cred) return make_error(Errc::kState, "only the admin changes the roster");
  return c;
}

class ChatKeyScheme final : public Scheme {
 public:
  Result<void> supports(const proto::Preset& p) const override {
    // invites and either typing mode are honoured.
    if (p.roster_policy != proto::RosterPolicy::kAdminCredential) {
      return unsupported(kName, "a roster policy other than admin_credential");
    }
    if (p.sign_messages) return unsupported(kName, "sign_messages (the body has no signature)");
    if (p.replay_window) return unsupported(kName, "replay_window (the body has no counter)");
    if (p.rotate_on_change) return unsupported(kName, "rotate_on_change (one lifetime chat key)");
    return ok_result();
  }

  Result<Step> create(ClientOps& ops, const Id& chat) const override {
    ChatState c;
    c.id = chat;
    c.members = {ops.self()};
    ChatKeyChat k;
    k.key = ops.rng().secret(proto::kRoomKeyLen);
    SecretBytes cred = ops.rng().secret(32);
    Step step;
    step.out.emplace_back(proto::CreateChat{ops.rid(), chat, credential_hash(cred)});
    k.admin_cred = std::move(cred);
    c.scheme = std::move(k);
    ops.st().chats.emplace(chat, std::move(c));
    return step;
  }

  Result<Step> add(ClientOps& ops, const Id& chat, const Id& device) const override {
    if (!proto::valid_id(device)) return make_error(Errc::kInvalidArgument, "device id");
    E2E_ASSIGN_OR_RETURN(ChatState * c, admin_chat(ops, chat));
    Step step;
    step.out.emplace_back(proto::Member{ops.rid(), chat, proto::RosterOp::kAdd, device,
                                        credential_bytes(*data(*c).admin_cred), std::nullopt});
    return step;
  }

  Result<Step> remove(ClientOps& ops, const Id& chat, const Id& device) const override {
    E2E_ASSIGN_OR_RETURN(ChatState * c, admin_chat(ops, chat));
    if (std::find(c->members.begin(), c->members.end(), device) == c->members.end()) {
      return make_error(Errc::kState, "not a member");
    }
    if (device == ops.self()) return make_error(Errc::kState, "the admin cannot remove itself");
    Step step;
    step.out.emplace_back(proto::Member{ops.rid(), chat, proto::RosterOp::kRemove, device,
                                        credential_bytes(*data(*c).admin_cred), std::nullopt});
    return step;
  }

  Result<Step> leave(ClientOps& ops, const Id& chat) const override { return relay_leave(ops, chat); }

  const SecretBytes* admin_cred(const ChatState& c) const override {
    return data(c).admin_cred ? &*data(c).admin_cred : nullptr;
  }
  std::vector<Id> members(const ChatState& c) const override { return c.members; }

  Result<proto::Json> seal(ClientOps& ops, ChatState& c, const Payload& p) const override {
    if (!data(c).key) return make_error(Errc::kState, "no chat key yet");
    proto::ElevenPayload e;
    e.name = ops.st().name;
    e.text = p.text;
    e.typing = p.typing;
    return proto::eleven_seal(ops.rng(), *data(c).key, e);
  }

  ItemOutcome open(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    auto it = ops.st().chats.find(d.chat);
    // A message can overtake the roster notice that tells us of the chat.
    if (it == ops.st().chats.end()) return ItemOutcome::wait();
    ChatState& c = it->second;
    if (d.from == ops.self()) return ItemOutcome::reject(make_error(Errc::kUnknownSender, "item from this device"));
    if (!data(c).key) return ItemOutcome::wait();
    auto p = proto::eleven_open(*data(c).key, *d.body);
    if (!p.ok()) return ItemOutcome::reject(p.error());
    if (p->typing) {
      step.events.emplace_back(TypingEvent{d.chat, d.from, *p->typing});
    } else {
      // The sender shown is the relay's |from|; the encrypted name is not
      // compared with it (the document does not say it is: attack B03).
      step.events.emplace_back(MessageEvent{d.chat, d.from, std::move(*p->text), {}});
    }
    return ItemOutcome::done();
  }

  ItemOutcome on_roster(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    auto c = apply_relay_roster(ops, d, ChatKeyChat{}, step);
    if (!c.ok()) return ItemOutcome::reject(c.error());
    const Id& dev = *d.device;
    if (*d.op == proto::RosterOp::kAdd && dev != ops.self() && data(**c).admin_cred) {
      // The admin wraps the chat key to whatever key the relay's directory
      // returns for the new member (ELEVEN-16: unverified).
      ops.queue_lookup(step, PendingLookup{PendingLookup::Action::kWrapChatKey, d.chat, dev});
    }
    return ItemOutcome::done(true);
  }

  ItemOutcome on_direct(ClientOps& ops, const proto::Deliver& d, Step&) const override {
    if (!d.body->contains("wrap")) return ItemOutcome::reject(make_error(Errc::kDecodeError, "unexpected direct item"));
    auto key = proto::eleven_unwrap_body(ops.dh(), *d.body);
    if (!key.ok()) return ItemOutcome::reject(key.error());
    auto& chats = ops.st().chats;
    auto it = chats.find(d.chat);
    if (it == chats.end()) {
      ChatState c;
      c.id = d.chat;
      c.scheme = ChatKeyChat{};
      it = chats.emplace(d.chat, std::move(c)).first;
    }
    // The newest wrapped key wins: the document gives a client nothing to
    // check it against (attack A05 measures what that allows).
    data(it->second).key = std::move(key).value();
    return ItemOutcome::done(true);
  }

  void on_lookup(ClientOps& ops, uint64_t, const PendingLookup& why, const DeviceKeys* found,
                 Step& step) const override {
    if (why.action != PendingLookup::Action::kWrapChatKey || found == nullptr) return;
    auto it = ops.st().chats.find(why.chat);
    if (it == ops.st().chats.end() || !data(it->second).key) return;
    auto pub = crypto::P256PublicKey::from_uncompressed(found->dh);
    if (!pub.ok()) return;
    auto body = proto::eleven_wrap_body(ops.rng(), *pub, *data(it->second).key);
    if (body.ok()) ops.queue_direct(step, why.chat, why.device, std::move(body).value());
  }
  void on_refused(ChatState&, uint64_t) const override {}

  void export_chat(const ChatState& c, proto::Json& j) const override {
    if (data(c).key) j["key"] = b64(data(c).key->reveal());
    if (data(c).admin_cred) j["admin_cred"] = b64(data(c).admin_cred->reveal());
  }
  SchemeChat import_chat(StateReader& r, const proto::Json& j) const override {
    return ChatKeyChat{r.optional_secret(j, "key"), r.optional_secret(j, "admin_cred")};
  }
};

}  // namespace

const Scheme& chat_key_scheme() {
  static const ChatKeyScheme kScheme;
  return kScheme;
}

}  // namespace e2e::client
