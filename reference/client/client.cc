#include "client/client.h"

#include <algorithm>

#include "client/client_ops.h"
#include "crypto/sha256.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/invite_link.h"
#include "protocol/limits.h"
#include "protocol/share_code.h"

namespace e2e::client {

Bytes credential_hash(const SecretBytes& secret) { return crypto::sha256(secret.reveal()); }

Client::Client(ClientState st, proto::Preset preset, crypto::P256PrivateKey dh,
               crypto::Ed25519PrivateKey sig, Rng& rng, const Clock& clock)
    : st_(std::move(st)),
      preset_(std::move(preset)),
      dh_(std::make_unique<crypto::P256PrivateKey>(std::move(dh))),
      sig_(std::make_unique<crypto::Ed25519PrivateKey>(std::move(sig))),
      rng_(&rng),
      clock_(&clock) {}

Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::create(const Id& device, std::string_view name, const proto::Preset& preset,
                              Rng& rng, const Clock& clock) {
  if (!proto::valid_id(device)) return make_error(Errc::kInvalidArgument, "device id");
  if (!proto::valid_name(name)) return make_error(Errc::kInvalidArgument, "display name");
  E2E_ASSIGN_OR_RETURN(auto dh, crypto::P256PrivateKey::generate(rng));
  E2E_ASSIGN_OR_RETURN(auto sig, crypto::Ed25519PrivateKey::generate(rng));
  ClientState st;
  st.device = device;
  st.name = std::string(name);
  st.preset = preset.name;
  st.dh_scalar = dh.scalar();
  st.sig_seed = sig.seed();
  return Client(std::move(st), preset, std::move(dh), std::move(sig), rng, clock);
}

Bytes Client::dh_public() const { return dh_->public_key().to_uncompressed(); }
Bytes Client::sig_public() const { return sig_->public_key(); }

std::vector<Id> Client::members(const Id& chat) const {
  auto it = st_.chats.find(chat);
  if (it == st_.chats.end()) return {};
  const ChatState& c = it->second;
  if (c.hardened && !c.hardened->chain.empty()) {
    return members_at(c.hardened->chain, c.hardened->chain.size() - 1);
  }
  return c.members;
}

// ---- ClientOps helpers --------------------------------------------------------

Result<ChatState*> ClientOps::chat(const Id& id) {
  auto it = st_.chats.find(id);
  if (it == st_.chats.end()) return make_error(Errc::kNotFound, "unknown chat " + id);
  return &it->second;
}

void ClientOps::queue_send(Step& step, const Id& chat, proto::Json body) {
  const uint64_t r = rid();
  proto::Send f{r, chat, cmid(), std::move(body)};
  st_.unconfirmed.emplace(r, f);
  step.out.emplace_back(std::move(f));
}

void ClientOps::queue_direct(Step& step, const Id& chat, const Id& to, proto::Json body) {
  const uint64_t r = rid();
  proto::Direct f{r, chat, cmid(), to, std::move(body)};
  st_.unconfirmed.emplace(r, f);
  step.out.emplace_back(std::move(f));
}

uint64_t ClientOps::queue_lookup(Step& step, PendingLookup why) {
  const uint64_t r = rid();
  step.out.emplace_back(proto::Lookup{r, {why.device}});
  st_.lookups.emplace(r, std::move(why));
  return r;
}

// ---- operations ---------------------------------------------------------------

Step Client::register_device() {
  ClientOps ops(*this);
  Step step;
  step.out.emplace_back(proto::Register{ops.rid(), st_.name, dh_public(), sig_public()});
  return step;
}

Result<Step> Client::create_chat(const Id& chat) {
  if (!proto::valid_id(chat)) return make_error(Errc::kInvalidArgument, "chat id");
  if (st_.chats.count(chat)) return make_error(Errc::kState, "chat exists");
  ClientOps ops(*this);
  Step step;
  if (ops.is_hardened()) return ops.hardened_create(chat, rng_->secret(32));
  ChatState c;
  c.id = chat;
  c.members = {st_.device};
  c.key = rng_->secret(proto::kRoomKeyLen);
  if (ops.is_arthas()) {
    step.out.emplace_back(proto::Join{ops.rid(), chat});
  } else {
    SecretBytes cred = rng_->secret(32);
    step.out.emplace_back(proto::CreateChat{ops.rid(), chat, credential_hash(cred)});
    c.admin_cred = std::move(cred);
  }
  st_.chats.emplace(chat, std::move(c));
  return step;
}

Result<std::string> Client::share_code(const Id& chat) const {
  if (preset_.key_source != proto::KeySource::kShareCode) {
    return make_error(Errc::kUnsupported, "share codes are an arthas feature");
  }
  auto it = st_.chats.find(chat);
  if (it == st_.chats.end() || !it->second.key) return make_error(Errc::kNotFound, "unknown room");
  return proto::format_share_code(chat, *it->second.key);
}

Result<Step> Client::join_with_share_code(std::string_view code) {
  if (preset_.key_source != proto::KeySource::kShareCode) {
    return make_error(Errc::kUnsupported, "share codes are an arthas feature");
  }
  E2E_ASSIGN_OR_RETURN(proto::ShareCode sc, proto::parse_share_code(code));
  auto it = st_.chats.find(sc.room);
  if (it != st_.chats.end() && it->second.active) return make_error(Errc::kState, "already in room");
  ClientOps ops(*this);
  Step step;
  step.out.emplace_back(proto::Join{ops.rid(), sc.room});
  ChatState c;
  c.id = sc.room;
  c.members = {st_.device};
  c.key = std::move(sc.key);
  st_.chats.insert_or_assign(c.id, std::move(c));
  return step;
}

Result<Step> Client::leave(const Id& chat) {
  ClientOps ops(*this);
  if (ops.is_hardened()) {
    return make_error(Errc::kUnsupported, "hardened rosters change only by signed admin operations");
  }
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->active) return make_error(Errc::kState, "not a member");
  Step step;
  step.out.emplace_back(proto::Leave{ops.rid(), chat});
  return step;
}

Result<Step> Client::add_member(const Id& chat, const Id& device) {
  ClientOps ops(*this);
  if (ops.is_arthas()) return make_error(Errc::kUnsupported, "arthas rooms are joined with the share code");
  if (!proto::valid_id(device)) return make_error(Errc::kInvalidArgument, "device id");
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->admin_cred) return make_error(Errc::kState, "only the admin changes the roster");
  Step step;
  if (ops.is_hardened()) {
    if (c->hardened->roster_op_rid) return make_error(Errc::kState, "a roster change is in flight");
    const auto current = members(chat);
    if (std::find(current.begin(), current.end(), device) != current.end()) {
      return make_error(Errc::kState, "already a member");
    }
    // The operation pins the device's keys, so fetch them first (§8.3).
    c->hardened->roster_op_rid =
        ops.queue_lookup(step, PendingLookup{PendingLookup::Action::kHardenedAdd, chat, device});
    return step;
  }
  step.out.emplace_back(proto::Member{ops.rid(), chat, proto::RosterOp::kAdd, device,
                                      admin_credential(*c),
                                      std::nullopt});
  return step;
}

Result<Step> Client::remove_member(const Id& chat, const Id& device) {
  ClientOps ops(*this);
  if (ops.is_arthas()) return make_error(Errc::kUnsupported, "arthas has no kick (future work in its document)");
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->admin_cred) return make_error(Errc::kState, "only the admin changes the roster");
  const auto current = members(chat);
  if (std::find(current.begin(), current.end(), device) == current.end()) {
    return make_error(Errc::kState, "not a member");
  }
  if (device == st_.device) return make_error(Errc::kState, "the admin cannot remove itself");
  if (ops.is_hardened()) {
    if (c->hardened->roster_op_rid) return make_error(Errc::kState, "a roster change is in flight");
    auto keys = pinned_keys(c->hardened->chain, c->hardened->chain.size() - 1, device);
    if (!keys) return make_error(Errc::kInternal, "member without pinned keys");
    return ops.hardened_issue_op(chat, proto::RosterOp::kRemove, device, *keys);
  }
  Step step;
  step.out.emplace_back(proto::Member{ops.rid(), chat, proto::RosterOp::kRemove, device,
                                      admin_credential(*c),
                                      std::nullopt});
  return step;
}

Result<std::pair<std::string, Step>> Client::create_invite(const Id& chat) {
  if (!preset_.invites) return make_error(Errc::kUnsupported, "this preset has no invites");
  ClientOps ops(*this);
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->admin_cred) return make_error(Errc::kState, "only the admin invites");
  SecretBytes secret = rng_->secret(proto::kInviteSecretLen);
  E2E_ASSIGN_OR_RETURN(std::string link, proto::format_invite_link(chat, secret));
  Step step;
  step.out.emplace_back(proto::Invite{ops.rid(), chat, proto::invite_hash(secret),
                                      admin_credential(*c)});
  // The secret travels only in the link's fragment (PROTO-ELEVEN-01).
  return std::make_pair(std::move(link), std::move(step));
}

Result<Step> Client::accept_invite(std::string_view link) {
  if (!preset_.invites) return make_error(Errc::kUnsupported, "this preset has no invites");
  E2E_ASSIGN_OR_RETURN(proto::InviteLink parsed, proto::parse_invite_link(link));
  ClientOps ops(*this);
  Step step;
  step.out.emplace_back(proto::Redeem{ops.rid(), parsed.chat, proto::invite_hash(parsed.secret)});
  return step;
}

Result<Step> Client::send_text(const Id& chat, std::string_view text) {
  if (text.size() > proto::kMaxTextBytes) return make_error(Errc::kLimitExceeded, "text too long");
  if (!proto::valid_utf8(text)) return make_error(Errc::kInvalidArgument, "text is not UTF-8");
  ClientOps ops(*this);
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->active) return make_error(Errc::kState, "not a member");
  Step step;
  if (ops.is_arthas()) {
    E2E_ASSIGN_OR_RETURN(proto::Json body,
                         proto::arthas_seal(*rng_, *c->key, text, preset_.sign_messages ? sig_.get() : nullptr));
    ops.queue_send(step, chat, std::move(body));
  } else if (ops.is_eleven()) {
    if (!c->key) return make_error(Errc::kState, "no chat key yet");
    proto::ElevenPayload p;
    p.name = st_.name;
    p.text = std::string(text);
    E2E_ASSIGN_OR_RETURN(proto::Json body, proto::eleven_seal(*rng_, *c->key, p));
    ops.queue_send(step, chat, std::move(body));
  } else {
    E2E_ASSIGN_OR_RETURN(proto::Json body, ops.hardened_seal_payload(*c, proto::Json{{"text", std::string(text)}}));
    ops.queue_send(step, chat, std::move(body));
  }
  return step;
}

Result<Step> Client::set_typing(const Id& chat, bool on) {
  ClientOps ops(*this);
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->active) return make_error(Errc::kState, "not a member");
  Step step;
  if (preset_.typing == proto::TypingMode::kClear) {
    step.out.emplace_back(proto::Typing{chat, on});
  } else if (ops.is_eleven()) {
    if (!c->key) return make_error(Errc::kState, "no chat key yet");
    proto::ElevenPayload p;
    p.name = st_.name;
    p.typing = on;
    E2E_ASSIGN_OR_RETURN(proto::Json body, proto::eleven_seal(*rng_, *c->key, p));
    ops.queue_send(step, chat, std::move(body));
  } else {
    E2E_ASSIGN_OR_RETURN(proto::Json body, ops.hardened_seal_payload(*c, proto::Json{{"typing", on}}));
    ops.queue_send(step, chat, std::move(body));
  }
  return step;
}

Step Client::fetch() {
  ClientOps ops(*this);
  Step step;
  // Unconfirmed messages go again with their original cmid; the relay fans a
  // retried cmid out only once (PROTO-RELAY-05).
  for (const auto& [r, frame] : st_.unconfirmed) step.out.push_back(frame);
  // Directory answers may have been lost too; items waiting for them would
  // otherwise wait forever (their redelivery is deduplicated).
  for (const auto& [r, why] : st_.lookups) step.out.emplace_back(proto::Lookup{r, {why.device}});
  step.out.emplace_back(proto::Fetch{ops.rid()});
  return step;
}

}  // namespace e2e::client
