#include "client/client.h"

#include <algorithm>

#include "client/scheme.h"
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
      scheme_(&scheme_for(preset_.key_source)),
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
  E2E_TRY(check_preset(preset));
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
  return scheme_->members(it->second);
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

bool ClientOps::lookup_pending(const Id& device) const {
  return std::any_of(st_.lookups.begin(), st_.lookups.end(),
                     [&](const auto& kv) { return kv.second.device == device; });
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
  return scheme_->create(ops, chat);
}

Result<std::string> Client::share_code(const Id& chat) const {
  auto it = st_.chats.find(chat);
  return scheme_->share_code(it == st_.chats.end() ? nullptr : &it->second);
}

Result<Step> Client::join_with_share_code(std::string_view code) {
  ClientOps ops(*this);
  return scheme_->join(ops, code);
}

Result<Step> Client::leave(const Id& chat) {
  ClientOps ops(*this);
  return scheme_->leave(ops, chat);
}

Result<Step> Client::add_member(const Id& chat, const Id& device) {
  ClientOps ops(*this);
  return scheme_->add(ops, chat, device);
}

Result<Step> Client::remove_member(const Id& chat, const Id& device) {
  ClientOps ops(*this);
  return scheme_->remove(ops, chat, device);
}

Result<std::pair<std::string, Step>> Client::create_invite(const Id& chat) {
  if (!preset_.invites) return make_error(Errc::kUnsupported, "this preset has no invites");
  ClientOps ops(*this);
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  const SecretBytes* cred = scheme_->admin_cred(*c);
  if (cred == nullptr) return make_error(Errc::kState, "only the admin invites");
  SecretBytes secret = rng_->secret(proto::kInviteSecretLen);
  E2E_ASSIGN_OR_RETURN(std::string link, proto::format_invite_link(chat, secret));
  Step step;
  step.out.emplace_back(proto::Invite{ops.rid(), chat, proto::invite_hash(secret), credential_bytes(*cred)});
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
  E2E_ASSIGN_OR_RETURN(proto::Json body, scheme_->seal(ops, *c, Payload{std::string(text), std::nullopt}));
  Step step;
  ops.queue_send(step, chat, std::move(body));
  return step;
}

Result<Step> Client::set_typing(const Id& chat, bool on) {
  ClientOps ops(*this);
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->active) return make_error(Errc::kState, "not a member");
  Step step;
  switch (preset_.typing) {
    case proto::TypingMode::kClear:
      step.out.emplace_back(proto::Typing{chat, on});
      break;
    case proto::TypingMode::kEncrypted: {
      E2E_ASSIGN_OR_RETURN(proto::Json body, scheme_->seal(ops, *c, Payload{std::nullopt, on}));
      ops.queue_send(step, chat, std::move(body));
      break;
    }
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
