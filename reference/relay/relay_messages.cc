// Message and mailbox handlers: send, direct, ack, fetch, typing
// (PROTO-RELAY-02/05/06/07/09).
#include <string>

#include "relay/relay.h"

namespace e2e::relay {

namespace {

Result<void> require_member(Store& store, const proto::Id& chat, const proto::Id& device,
                            const char* detail) {
  E2E_ASSIGN_OR_RETURN(bool member, store.is_member(chat, device));
  if (!member) return make_error(Errc::kUnknownSender, detail);
  return ok_result();
}

}  // namespace

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-05: a `send` or `direct` retried with the same (sender, `cmid`)
//# is not fanned out again; the reply repeats the first reply's ids.
Result<bool> Relay::answer_retry(const proto::Id& dev, uint64_t rid, const proto::Id& cmid, Out& out) {
  E2E_ASSIGN_OR_RETURN(std::optional<DedupRecord> rec, store_.dedup(dev, cmid));
  if (!rec) return false;
  proto::Sent sent{rid, cmid, {}};
  sent.ids.reserve(rec->count);
  for (size_t i = 0; i < rec->count; ++i) sent.ids.push_back(rec->first_id + i);
  out.push_back(Outbound{dev, std::move(sent)});
  stats_.dedup_hits++;
  return true;
}

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-09: the relay's rate limit (when its policy sets one) refuses
//# with `E2E_ERR_RATE_LIMITED`; it never drops silently.
Result<void> Relay::check_rate(const proto::Id& dev) const {
  if (limiter_ && !limiter_->allowed(dev, now())) {
    return make_error(Errc::kRateLimited, "too many messages");
  }
  return ok_result();
}

Result<void> Relay::post_message(const proto::Id& dev, uint64_t rid, const proto::Id& chat,
                                 const proto::Id& cmid, proto::DeliverKind kind,
                                 const proto::Json& body, const std::vector<proto::Id>& recipients,
                                 Out& out) {
  proto::Deliver content{};
  content.chat = chat;
  content.from = dev;
  content.ts = now();
  content.kind = kind;
  content.body = body;
  E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(std::move(content), recipients));
  const uint64_t first = plan.ids.empty() ? 0 : plan.ids.front();
  Batch batch{std::move(plan.op)};
  if (policy_.dedup_window > 0) {
    batch.push_back(PutDedup{dev, DedupRecord{cmid, first, plan.ids.size()}, policy_.dedup_window});
  }
  E2E_TRY(apply(batch));
  if (limiter_) limiter_->record(dev, now());
  out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  out.push_back(Outbound{dev, proto::Sent{rid, cmid, std::move(plan.ids)}});
  return ok_result();
}

// send: membership, then retry, then rate limit, then the fan-out to every
// member but the sender (an empty fan-out is a valid `sent` with no ids).
Result<void> Relay::on(const proto::Id& dev, const proto::Send& f, Out& out) {
  E2E_TRY(require_member(store_, f.chat, dev, "not a member of the chat"));
  E2E_ASSIGN_OR_RETURN(bool answered, answer_retry(dev, f.rid, f.cmid, out));
  if (answered) return ok_result();
  E2E_TRY(check_rate(dev));
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> members, store_.members(f.chat));
  std::vector<proto::Id> to;
  to.reserve(members.size());
  for (proto::Id& m : members) {
    if (m != dev) to.push_back(std::move(m));
  }
  return post_message(dev, f.rid, f.chat, f.cmid, proto::DeliverKind::kMsg, f.body, to, out);
}

//= docs/PROTOCOL.md#3
//# `direct.to` must be a member.
// A non-member `to` is refused with E2E_ERR_UNKNOWN_SENDER (the code of
// PROTO-RELAY-02). `to` may be the sender itself (hardened wraps the epoch key
// to every member including the admin).
Result<void> Relay::on(const proto::Id& dev, const proto::Direct& f, Out& out) {
  E2E_TRY(require_member(store_, f.chat, dev, "not a member of the chat"));
  E2E_ASSIGN_OR_RETURN(bool answered, answer_retry(dev, f.rid, f.cmid, out));
  if (answered) return ok_result();
  E2E_TRY(require_member(store_, f.chat, f.to, "recipient not a member of the chat"));
  E2E_TRY(check_rate(dev));
  return post_message(dev, f.rid, f.chat, f.cmid, proto::DeliverKind::kDirect, f.body, {f.to}, out);
}

//= docs/PROTOCOL.md#3
//# Ack of an id that is not in the sender's mailbox is ignored (acks are idempotent).
Result<void> Relay::on(const proto::Id& dev, const proto::Ack& f, Out& out) {
  E2E_ASSIGN_OR_RETURN(size_t before, store_.mailbox_size(dev));
  E2E_TRY(apply(Batch{RemoveItems{dev, f.ids}}));
  E2E_ASSIGN_OR_RETURN(size_t after, store_.mailbox_size(dev));
  if (before > after) stats_.items_acked += before - after;
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

// fetch: every unexpired item still in the mailbox, oldest first, then `ok`.
Result<void> Relay::on(const proto::Id& dev, const proto::Fetch& f, Out& out) {
  E2E_TRY(pending(dev, out));
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

// typing: forwarded to the other members, never stored, no reply.
Result<void> Relay::on(const proto::Id& dev, const proto::Typing& f, Out& out) {
  E2E_TRY(require_member(store_, f.chat, dev, "not a member of the chat"));
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> members, store_.members(f.chat));
  for (const proto::Id& m : members) {
    if (m != dev) out.push_back(Outbound{m, proto::TypingNotice{f.chat, dev, f.on}});
  }
  return ok_result();
}

}  // namespace e2e::relay
