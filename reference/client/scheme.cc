// The one place a preset's key source picks its scheme module, and the relay
// roster handling the share-code and chat-key schemes share.
#include "client/scheme.h"

#include <algorithm>
#include <cstdlib>

#include "client/schemes.h"

namespace e2e::client {

const Scheme& scheme_for(proto::KeySource source) {
  // No default: a new KeySource does not compile (-Werror=switch) until it has a scheme.
  switch (source) {
    case proto::KeySource::kShareCode: return share_code_scheme();
    case proto::KeySource::kChatKey: return chat_key_scheme();
    case proto::KeySource::kEpochKey: return epoch_key_scheme();
  }
  std::abort();  // unreachable: |source| is not one of the enumerators
}

Result<void> check_preset(const proto::Preset& p) { return scheme_for(p.key_source).supports(p); }

Error unsupported(std::string_view scheme, std::string_view what) {
  return make_error(Errc::kUnsupported, std::string(scheme) + " scheme cannot honour " + std::string(what));
}

Result<Step> relay_leave(ClientOps& ops, const Id& chat) {
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!c->active) return make_error(Errc::kState, "not a member");
  Step step;
  step.out.emplace_back(proto::Leave{ops.rid(), chat});
  return step;
}

Result<ChatState*> apply_relay_roster(ClientOps& ops, const proto::Deliver& d, SchemeChat fresh, Step& step) {
  const Id& dev = *d.device;
  const proto::RosterOp op = *d.op;
  auto& chats = ops.st().chats;
  auto it = chats.find(d.chat);
  if (it == chats.end()) {
    if (dev != ops.self() || op == proto::RosterOp::kRemove) {
      return make_error(Errc::kState, "roster notice for an unknown chat");
    }
    ChatState c;
    c.id = d.chat;
    c.scheme = std::move(fresh);
    it = chats.emplace(d.chat, std::move(c)).first;
  }
  ChatState& c = it->second;
  auto& m = c.members;
  const bool present = std::find(m.begin(), m.end(), dev) != m.end();
  if (op == proto::RosterOp::kCreate) {
    m = {dev};
  } else if (op == proto::RosterOp::kAdd) {
    if (!present) m.push_back(dev);
    if (dev == ops.self()) c.active = true;
  } else {
    m.erase(std::remove(m.begin(), m.end(), dev), m.end());
    if (dev == ops.self()) c.active = false;
  }
  step.events.emplace_back(RosterChangedEvent{d.chat, op, dev, d.from});
  return &c;
}

}  // namespace e2e::client
