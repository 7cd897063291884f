// share_code scheme (arthas, docs/PROTOCOL.md §5, §8.1): one room key handed
// out in a share code, open rooms whose roster is the relay's, optional
// Ed25519 signatures checked against the relay's directory.
#include "client/schemes.h"
#include "protocol/envelope.h"
#include "protocol/limits.h"
#include "protocol/share_code.h"

namespace e2e::client {
namespace {

constexpr std::string_view kName = "share_code";

ShareCodeChat& data(ChatState& c) { return std::get<ShareCodeChat>(c.scheme); }
const ShareCodeChat& data(const ChatState& c) { return std::get<ShareCodeChat>(c.scheme); }

class ShareCodeScheme final : public Scheme {
 public:
  Result<void> supports(const proto::Preset& p) const override {
    // sign_messages may be either: receivers accept and flag unsigned bodies.
    if (p.roster_policy != proto::RosterPolicy::kOpen) return unsupported(kName, "a roster policy other than open");
    if (p.replay_window) return unsupported(kName, "replay_window (the body has no counter)");
    if (p.rotate_on_change) return unsupported(kName, "rotate_on_change (one room key, no removal)");
    if (p.invites) return unsupported(kName, "invites (rooms are joined with the share code)");
    if (p.typing != proto::TypingMode::kClear) return unsupported(kName, "encrypted typing (the body carries text only)");
    return ok_result();
  }

  Result<Step> create(ClientOps& ops, const Id& chat) const override {
    ChatState c;
    c.id = chat;
    c.members = {ops.self()};
    c.scheme = ShareCodeChat{ops.rng().secret(proto::kRoomKeyLen)};
    Step step;
    step.out.emplace_back(proto::Join{ops.rid(), chat});
    ops.st().chats.emplace(chat, std::move(c));
    return step;
  }

  Result<std::string> share_code(const ChatState* c) const override {
    if (c == nullptr || !data(*c).key) return make_error(Errc::kNotFound, "unknown room");
    return proto::format_share_code(c->id, *data(*c).key);
  }

  Result<Step> join(ClientOps& ops, std::string_view code) const override {
    E2E_ASSIGN_OR_RETURN(proto::ShareCode sc, proto::parse_share_code(code));
    auto& chats = ops.st().chats;
    auto it = chats.find(sc.room);
    if (it != chats.end() && it->second.active) return make_error(Errc::kState, "already in room");
    Step step;
    step.out.emplace_back(proto::Join{ops.rid(), sc.room});
    ChatState c;
    c.id = sc.room;
    c.members = {ops.self()};
    c.scheme = ShareCodeChat{std::move(sc.key)};
    chats.insert_or_assign(c.id, std::move(c));
    return step;
  }

  Result<Step> add(ClientOps&, const Id&, const Id&) const override {
    return make_error(Errc::kUnsupported, "arthas rooms are joined with the share code");
  }
  Result<Step> remove(ClientOps&, const Id&, const Id&) const override {
    return make_error(Errc::kUnsupported, "arthas has no kick (future work in its document)");
  }
  Result<Step> leave(ClientOps& ops, const Id& chat) const override { return relay_leave(ops, chat); }
  const SecretBytes* admin_cred(const ChatState&) const override { return nullptr; }
  std::vector<Id> members(const ChatState& c) const override { return c.members; }

  Result<proto::Json> seal(ClientOps& ops, ChatState& c, const Payload& p) const override {
    if (!p.text) return make_error(Errc::kUnsupported, "arthas bodies carry text only");
    if (!data(c).key) return make_error(Errc::kState, "no room key");
    return proto::arthas_seal(ops.rng(), *data(c).key, *p.text, ops.preset().sign_messages ? &ops.sig() : nullptr);
  }

  ItemOutcome open(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    auto it = ops.st().chats.find(d.chat);
    if (it == ops.st().chats.end()) {
      return ItemOutcome::reject(make_error(Errc::kState, "message for an unknown chat"));
    }
    ChatState& c = it->second;
    if (d.from == ops.self()) return ItemOutcome::reject(make_error(Errc::kUnknownSender, "item from this device"));
    if (!data(c).key) return ItemOutcome::reject(make_error(Errc::kState, "no room key"));
    std::optional<ByteView> sender_sig;
    if (d.body->contains("sig")) {
      auto dir = ops.st().directory.find(d.from);
      if (dir == ops.st().directory.end()) {
        // Learn the sender's key first; a lookup may already be on its way.
        if (!ops.lookup_pending(d.from)) {
          ops.queue_lookup(step, PendingLookup{PendingLookup::Action::kCache, d.chat, d.from});
        }
        return ItemOutcome::wait();
      }
      sender_sig = ByteView(dir->second.sig);
    }
    auto opened = proto::arthas_open(*data(c).key, *d.body, sender_sig);
    if (!opened.ok()) return ItemOutcome::reject(opened.error());
    std::vector<std::string> flags;
    if (!opened->signed_by_sender) flags.emplace_back("unsigned");
    step.events.emplace_back(MessageEvent{d.chat, d.from, std::move(opened->text), std::move(flags)});
    return ItemOutcome::done();
  }

  // The relay's roster is the roster (the document gives clients nothing to
  // check it against); a new member's signing key is cached for its messages.
  ItemOutcome on_roster(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    auto c = apply_relay_roster(ops, d, ShareCodeChat{}, step);
    if (!c.ok()) return ItemOutcome::reject(c.error());
    const Id& dev = *d.device;
    if (*d.op == proto::RosterOp::kAdd && dev != ops.self() && !ops.st().directory.count(dev)) {
      ops.queue_lookup(step, PendingLookup{PendingLookup::Action::kCache, d.chat, dev});
    }
    return ItemOutcome::done(true);
  }

  ItemOutcome on_direct(ClientOps&, const proto::Deliver&, Step&) const override {
    return ItemOutcome::reject(make_error(Errc::kDecodeError, "unexpected direct item"));
  }
  void on_lookup(ClientOps&, uint64_t, const PendingLookup&, const DeviceKeys*, Step&) const override {}
  void on_refused(ChatState&, uint64_t) const override {}

  void export_chat(const ChatState& c, proto::Json& j) const override {
    if (data(c).key) j["key"] = b64(data(c).key->reveal());
  }
  SchemeChat import_chat(StateReader& r, const proto::Json& j) const override {
    return ShareCodeChat{r.optional_secret(j, "key")};
  }
};

}  // namespace

const Scheme& share_code_scheme() {
  static const ShareCodeScheme kScheme;
  return kScheme;
}

}  // namespace e2e::client
