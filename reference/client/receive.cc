// Receiving: deduplication, acks, held-back items, and the arthas/eleven
// paths. The hardened paths are in hardened.cc.
#include <algorithm>

#include "client/client_ops.h"
#include "common/overload.h"
#include "protocol/envelope.h"
#include "protocol/limits.h"

namespace e2e::client {
namespace {

std::string reason(const Error& e) { return std::string(errc_name(e.code)); }

}  // namespace

Step Client::receive(const proto::RelayFrame& frame) {
  ClientOps ops(*this);
  return std::visit(
      Overload{
          [&](const proto::Deliver& d) { return ops.on_deliver(d); },
          [&](const proto::Keys& k) { return ops.on_keys(k); },
          [&](const proto::ErrorFrame& e) { return ops.on_error(e); },
          [&](const proto::Sent& s) {
            st_.unconfirmed.erase(s.rid);
            return Step{};
          },
          [&](const proto::TypingNotice& t) {
            Step step;
            if (st_.chats.count(t.chat) && t.from != st_.device) {
              step.events.emplace_back(TypingEvent{t.chat, t.from, t.on});
            }
            return step;
          },
          [&](const proto::Ok&) { return Step{}; },
      },
      frame);
}

void ClientOps::remember_seen(uint64_t id) {
  st_.seen.insert(id);
  st_.seen_order.push_back(id);
  while (st_.seen_order.size() > proto::kMaxSeenIds) {
    st_.seen.erase(st_.seen_order.front());
    st_.seen_order.pop_front();
  }
}

Step ClientOps::on_deliver(const proto::Deliver& d) {
  Step step;
  // Ack first in the frame list is fine: the effect below is committed before
  // the Step is returned, and the caller sends frames only after that.
  const proto::Ack ack{rid(), {d.id}};
  if (st_.seen.count(d.id)) {  // PROTO-CLIENT-02
    step.events.emplace_back(DuplicateEvent{d.chat, d.id});
    step.out.emplace_back(ack);
    return step;
  }
  remember_seen(d.id);
  ItemOutcome r = process(d, step);
  if (r.kind == ItemOutcome::Kind::kWait) {
    if (st_.waiting.size() >= proto::kMaxWaitingItems) {
      step.events.emplace_back(RejectedEvent{d.chat, d.from, d.id, std::string(errc_name(Errc::kLimitExceeded))});
    } else {
      st_.waiting.push_back(d);
    }
  } else if (r.kind == ItemOutcome::Kind::kRejected) {
    step.events.emplace_back(RejectedEvent{d.chat, d.from, d.id, reason(r.error)});
  }
  if (r.state_changed) retry_waiting(step);
  step.out.emplace_back(ack);  // PROTO-CLIENT-01
  return step;
}

void ClientOps::retry_waiting(Step& step) {
  bool progress = true;
  while (progress && !st_.waiting.empty()) {
    progress = false;
    std::vector<proto::Deliver> still;
    std::vector<proto::Deliver> batch;
    batch.swap(st_.waiting);
    for (auto& d : batch) {
      ItemOutcome r = process(d, step);
      if (r.kind == ItemOutcome::Kind::kWait) {
        still.push_back(std::move(d));
        continue;
      }
      progress = true;
      if (r.kind == ItemOutcome::Kind::kRejected) {
        step.events.emplace_back(RejectedEvent{d.chat, d.from, d.id, reason(r.error)});
      }
    }
    // Items parked while this batch ran (none today) stay after the older ones.
    for (auto& d : st_.waiting) still.push_back(std::move(d));
    st_.waiting = std::move(still);
  }
}

ItemOutcome ClientOps::process(const proto::Deliver& d, Step& step) {
  switch (d.kind) {
    case proto::DeliverKind::kRoster:
      return is_hardened() ? hardened_roster(d, step) : process_plain_roster(d, step);
    case proto::DeliverKind::kDirect:
      return is_hardened() ? hardened_direct(d, step) : process_direct(d, step);
    case proto::DeliverKind::kMsg:
      return is_hardened() ? hardened_message(d, step) : process_message(d, step);
  }
  return ItemOutcome::reject(make_error(Errc::kDecodeError, "unknown kind"));
}

// arthas and eleven: the relay's roster is the roster (their documents give
// clients nothing to check it against).
ItemOutcome ClientOps::process_plain_roster(const proto::Deliver& d, Step& step) {
  const Id& dev = *d.device;
  const proto::RosterOp op = *d.op;
  auto it = st_.chats.find(d.chat);
  if (it == st_.chats.end()) {
    if (dev != st_.device || op == proto::RosterOp::kRemove) {
      return ItemOutcome::reject(make_error(Errc::kState, "roster notice for an unknown chat"));
    }
    ChatState c;
    c.id = d.chat;
    it = st_.chats.emplace(d.chat, std::move(c)).first;
  }
  ChatState& c = it->second;
  auto& m = c.members;
  const bool present = std::find(m.begin(), m.end(), dev) != m.end();
  if (op == proto::RosterOp::kCreate) {
    m = {dev};
  } else if (op == proto::RosterOp::kAdd) {
    if (!present) m.push_back(dev);
    if (dev == st_.device) c.active = true;
  } else {
    m.erase(std::remove(m.begin(), m.end(), dev), m.end());
    if (dev == st_.device) c.active = false;
  }
  step.events.emplace_back(RosterChangedEvent{d.chat, op, dev, d.from});
  if (op == proto::RosterOp::kAdd && dev != st_.device) {
    if (is_eleven() && c.admin_cred) {
      // eleven: the admin wraps the chat key to whatever key the relay's
      // directory returns for the new member (ELEVEN-16: unverified).
      queue_lookup(step, PendingLookup{PendingLookup::Action::kWrapChatKey, d.chat, dev});
    } else if (is_arthas() && !st_.directory.count(dev)) {
      queue_lookup(step, PendingLookup{PendingLookup::Action::kCache, d.chat, dev});
    }
  }
  return ItemOutcome::done(true);
}

ItemOutcome ClientOps::process_direct(const proto::Deliver& d, Step& /*step*/) {
  if (!is_eleven() || !d.body->contains("wrap")) {
    return ItemOutcome::reject(make_error(Errc::kDecodeError, "unexpected direct item"));
  }
  auto key = proto::eleven_unwrap_body(*c_.dh_, *d.body);
  if (!key.ok()) return ItemOutcome::reject(key.error());
  auto it = st_.chats.find(d.chat);
  if (it == st_.chats.end()) {
    ChatState c;
    c.id = d.chat;
    it = st_.chats.emplace(d.chat, std::move(c)).first;
  }
  ChatState& c = it->second;
  // eleven takes the newest wrapped key: the document gives a client nothing to
  // check it against (attack A05 measures what that allows).
  c.key = std::move(key).value();
  return ItemOutcome::done(true);
}

ItemOutcome ClientOps::process_message(const proto::Deliver& d, Step& step) {
  auto it = st_.chats.find(d.chat);
  if (it == st_.chats.end()) {
    // eleven: a message can overtake the roster notice that tells us of the chat.
    if (is_eleven()) return ItemOutcome::wait();
    return ItemOutcome::reject(make_error(Errc::kState, "message for an unknown chat"));
  }
  ChatState& c = it->second;
  if (d.from == st_.device) {
    return ItemOutcome::reject(make_error(Errc::kUnknownSender, "item from this device"));
  }
  if (is_arthas()) {
    std::optional<ByteView> sender_sig;
    const bool has_sig = d.body->contains("sig");
    auto dir = st_.directory.find(d.from);
    if (has_sig) {
      if (dir == st_.directory.end()) {
        // Learn the sender's key first; a lookup may already be on its way.
        bool asked = std::any_of(st_.lookups.begin(), st_.lookups.end(),
                                 [&](const auto& kv) { return kv.second.device == d.from; });
        if (!asked) queue_lookup(step, PendingLookup{PendingLookup::Action::kCache, d.chat, d.from});
        return ItemOutcome::wait();
      }
      sender_sig = ByteView(dir->second.sig);
    }
    auto opened = proto::arthas_open(*c.key, *d.body, sender_sig);
    if (!opened.ok()) return ItemOutcome::reject(opened.error());
    std::vector<std::string> flags;
    if (!opened->signed_by_sender) flags.emplace_back("unsigned");
    step.events.emplace_back(MessageEvent{d.chat, d.from, std::move(opened->text), std::move(flags)});
    return ItemOutcome::done();
  }
  // eleven
  if (!c.key) return ItemOutcome::wait();
  auto p = proto::eleven_open(*c.key, *d.body);
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

Step ClientOps::on_keys(const proto::Keys& k) {
  Step step;
  bool changed = false;
  for (const auto& e : k.entries) {
    auto it = st_.directory.find(e.device);
    if (it != st_.directory.end() && (it->second.dh != e.dh || it->second.sig != e.sig)) {
      step.events.emplace_back(KeyChangedEvent{e.device, ""});
    }
    st_.directory[e.device] = DeviceKeys{e.name, e.dh, e.sig};
    changed = true;
  }
  auto pending = st_.lookups.find(k.rid);
  if (pending != st_.lookups.end()) {
    PendingLookup why = pending->second;
    st_.lookups.erase(pending);
    auto entry = st_.directory.find(why.device);
    const bool found = entry != st_.directory.end() &&
                       std::find(k.missing.begin(), k.missing.end(), why.device) == k.missing.end();
    auto chat_it = st_.chats.find(why.chat);
    if (why.action == PendingLookup::Action::kWrapChatKey && found && chat_it != st_.chats.end() &&
        chat_it->second.key) {
      auto pub = crypto::P256PublicKey::from_uncompressed(entry->second.dh);
      if (pub.ok()) {
        auto body = proto::eleven_wrap_body(*c_.rng_, *pub, *chat_it->second.key);
        if (body.ok()) queue_direct(step, why.chat, why.device, std::move(body).value());
      }
    } else if (why.action == PendingLookup::Action::kHardenedAdd && chat_it != st_.chats.end()) {
      chat_it->second.hardened->roster_op_rid.reset();
      if (found) {
        auto issued = hardened_issue_op(why.chat, proto::RosterOp::kAdd, why.device, entry->second);
        if (issued.ok()) {
          step.append(std::move(issued).value());
        } else {
          step.events.emplace_back(RequestFailedEvent{k.rid, reason(issued.error()), "roster operation"});
        }
      } else {
        step.events.emplace_back(RequestFailedEvent{k.rid, std::string(errc_name(Errc::kNotFound)),
                                                    "device not in the directory"});
      }
    }
  }
  if (changed) retry_waiting(step);
  return step;
}

Step ClientOps::on_error(const proto::ErrorFrame& e) {
  Step step;
  step.events.emplace_back(RequestFailedEvent{e.rid.value_or(0), e.code, e.detail});
  if (!e.rid) return step;
  st_.unconfirmed.erase(*e.rid);  // refused, not lost: retrying would fail again
  st_.lookups.erase(*e.rid);
  for (auto& [id, c] : st_.chats) {
    if (c.hardened && c.hardened->roster_op_rid == e.rid) c.hardened->roster_op_rid.reset();
  }
  return step;
}

}  // namespace e2e::client
