// Receiving, for every scheme: deduplication, acks, held-back items and
// directory answers. What an item means is the scheme's (scheme.h).
#include <algorithm>

#include "client/scheme.h"
#include "common/overload.h"
#include "protocol/limits.h"

namespace e2e::client {

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
  const Scheme& s = scheme();
  switch (d.kind) {
    case proto::DeliverKind::kRoster: return s.on_roster(*this, d, step);
    case proto::DeliverKind::kDirect: return s.on_direct(*this, d, step);
    case proto::DeliverKind::kMsg: return s.open(*this, d, step);
  }
  return ItemOutcome::reject(make_error(Errc::kDecodeError, "unknown kind"));
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
    if (why.action != PendingLookup::Action::kCache) {
      scheme().on_lookup(*this, k.rid, why, found ? &entry->second : nullptr, step);
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
  for (auto& [id, c] : st_.chats) scheme().on_refused(c, *e.rid);
  return step;
}

}  // namespace e2e::client
