// The relay core's frame entry points, the posting machinery shared by every
// handler (PROTO-RELAY-06/07), and stats. The handlers themselves live in
// relay_directory.cc, relay_chats.cc and relay_messages.cc.
#include "relay/relay.h"

#include <algorithm>
#include <map>
#include <type_traits>
#include <utility>

#include "common/ct.h"
#include "protocol/ids.h"
#include "crypto/sha256.h"

namespace e2e::relay {

namespace {

std::optional<uint64_t> rid_of(const proto::ClientFrame& frame) {
  return std::visit(
      [](const auto& f) -> std::optional<uint64_t> {
        if constexpr (requires { f.rid; }) {
          return f.rid;
        } else {
          return std::nullopt;
        }
      },
      frame);
}

RelayPolicy clamp(RelayPolicy p) {
  p.max_mailbox_items = std::min(p.max_mailbox_items, proto::kMaxMailboxItems);
  p.max_chat_members = std::min(p.max_chat_members, proto::kMaxChatMembers);
  if (p.ttl_ms) p.ttl_ms = std::max<int64_t>(*p.ttl_ms, 1);
  if (p.rate_limit) p.rate_limit->window_ms = std::max<int64_t>(p.rate_limit->window_ms, 1);
  return p;
}

}  // namespace

RelayPolicy policy_for(const proto::RelayRules& rules) {
  RelayPolicy p;
  p.ttl_ms = rules.ttl_ms;
  if (rules.rate_limit) p.rate_limit = RateLimit{rules.rate_limit->max_messages, rules.rate_limit->window_ms};
  return p;
}

Relay::Relay(Store& store, const Clock& clock, RelayPolicy policy)
    : store_(store), clock_(clock), policy_(clamp(policy)) {
  if (policy_.rate_limit) limiter_.emplace(*policy_.rate_limit);
}

std::vector<Outbound> Relay::handle(const proto::Id& device, const proto::ClientFrame& frame) {
  stats_.frames_in[std::string(proto::frame_type(frame))]++;
  Out out;
  Result<void> r = proto::valid_id(device)
                       ? dispatch(device, frame, out)
                       : Result<void>(make_error(Errc::kInvalidArgument,
                                                 "transport gave an invalid device id"));
  if (!r.ok()) {
    // Checks precede writes, so a failed request has caused nothing: drop
    // anything a handler staged and send only the error.
    out.clear();
    stats_.errors[std::string(errc_name(r.code()))]++;
    if (r.code() == Errc::kIo) stats_.store_failures++;
    out.push_back(Outbound{device, proto::error_frame(rid_of(frame), r.error())});
  }
  return finish(std::move(out));
}

std::vector<Outbound> Relay::handle_text(const proto::Id& device, std::string_view text) {
  Result<proto::ClientFrame> frame = proto::parse_client_frame(text);
  if (!frame.ok()) {
    stats_.frames_in["invalid"]++;
    stats_.errors[std::string(errc_name(frame.code()))]++;
    Out out;
    out.push_back(Outbound{device, proto::error_frame(std::nullopt, frame.error())});
    return finish(std::move(out));
  }
  return handle(device, *frame);
}

std::vector<Outbound> Relay::on_connect(const proto::Id& device) {
  Out out;
  if (!pending(device, out).ok()) {
    stats_.store_failures++;
    out.clear();
  }
  return finish(std::move(out));
}

size_t Relay::expire() {
  const UnixMillis t = now();
  if (limiter_) limiter_->prune(t);
  if (!policy_.ttl_ms) return 0;
  Result<size_t> n = store_.expire_items(t - *policy_.ttl_ms);
  if (!n.ok()) {
    stats_.store_failures++;
    return 0;
  }
  stats_.items_expired += *n;
  return *n;
}

Result<Posted> Relay::post(const proto::Deliver& content, const std::vector<proto::Id>& recipients) {
  E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(content, recipients));
  E2E_TRY(apply(Batch{plan.op}));
  Posted posted{std::move(plan.ids), std::move(plan.pushes)};
  for (const Outbound& o : posted.pushes) stats_.frames_out[std::string(proto::frame_type(o.frame))]++;
  return posted;
}

std::vector<Outbound> Relay::finish(Out out) {
  for (const Outbound& o : out) stats_.frames_out[std::string(proto::frame_type(o.frame))]++;
  return out;
}

Result<void> Relay::dispatch(const proto::Id& dev, const proto::ClientFrame& frame, Out& out) {
  return std::visit([&](const auto& f) { return on(dev, f, out); }, frame);
}

Result<void> Relay::apply(const Batch& batch) {
  Result<void> r = store_.apply(batch);
  if (!r.ok()) return r;
  for (const StoreOp& op : batch) {
    if (const Post* p = std::get_if<Post>(&op)) stats_.items_stored += p->copies.size();
  }
  return ok_result();
}

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-06: every deliverable item (message, direct item, roster notice)
//# gets a relay-wide increasing id, is appended to each recipient's mailbox and
//# pushed to the recipient at once
//# PROTO-RELAY-07: mailboxes hold at most `kMaxMailboxItems` (10000) items;
//# past that a `send` fails with `E2E_ERR_LIMIT` for the sender and nothing is
//# stored for anyone (no partial fan-out).
Result<Relay::Planned> Relay::plan_post(proto::Deliver content,
                                        const std::vector<proto::Id>& recipients,
                                        const std::optional<proto::Id>& best_effort) {
  std::vector<proto::Id> to = recipients;
  std::map<proto::Id, size_t> need;  // a recipient listed twice (post()) needs two slots
  for (const proto::Id& r : recipients) need[r]++;
  for (const auto& [r, k] : need) {
    E2E_ASSIGN_OR_RETURN(size_t n, store_.mailbox_size(r));
    if (n > policy_.max_mailbox_items || policy_.max_mailbox_items - n < k) {
      return make_error(Errc::kLimitExceeded, "a recipient's mailbox is full");
    }
  }
  if (best_effort) {
    E2E_ASSIGN_OR_RETURN(size_t n, store_.mailbox_size(*best_effort));
    if (n < policy_.max_mailbox_items) to.push_back(*best_effort);
  }
  E2E_ASSIGN_OR_RETURN(uint64_t next, store_.next_item_id());
  if (next == 0 || next > proto::kMaxJsonInt || proto::kMaxJsonInt - next < to.size()) {
    return make_error(Errc::kLimitExceeded, "item ids exhausted");
  }

  // PROTO-RELAY-10: an item whose deliver frame would not parse at its
  // recipient could never be acked and would come back on every fetch.
  {
    proto::Deliver widest = content;
    widest.id = proto::kMaxJsonInt;
    if (proto::serialize(proto::RelayFrame{std::move(widest)}).size() > proto::kMaxFrameBytes) {
      return make_error(Errc::kLimitExceeded, "the item would not fit in a frame");
    }
  }
  content.id = 0;
  Planned plan;
  plan.op.copies.reserve(to.size());
  plan.pushes.reserve(to.size());
  for (size_t i = 0; i < to.size(); ++i) {
    const uint64_t id = next + i;
    plan.op.copies.push_back(Copy{to[i], id});
    if (i < recipients.size()) plan.ids.push_back(id);
    proto::Deliver d = content;
    d.id = id;
    plan.pushes.push_back(Outbound{to[i], std::move(d)});
  }
  plan.op.content = std::move(content);
  return plan;
}

proto::Deliver Relay::roster_item(const proto::Id& chat, const proto::Id& from, proto::RosterOp op,
                                  const proto::Id& device,
                                  const std::optional<Bytes>& signed_op) const {
  proto::Deliver d{};
  d.chat = chat;
  d.from = from;
  d.ts = now();
  d.kind = proto::DeliverKind::kRoster;
  d.op = op;
  d.device = device;
  d.signed_op = signed_op;
  return d;
}

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-03: in an **admin** chat `SHA-256(cred)` must equal the stored
//# `admin` hash (`E2E_ERR_AUTH_FAILED` otherwise), compared in constant time
Result<void> Relay::check_admin(const proto::Id& chat, const std::optional<Bytes>& cred) {
  E2E_ASSIGN_OR_RETURN(std::optional<ChatRecord> rec, store_.chat(chat));
  if (!rec) return make_error(Errc::kAuthFailed, "no such chat");
  if (!rec->admin_hash) return make_error(Errc::kState, "open chats have no admin operations");
  if (!cred) return make_error(Errc::kAuthFailed, "admin credential required");
  const Bytes h = crypto::sha256(*cred);
  if (!ct::equal(h, *rec->admin_hash)) return make_error(Errc::kAuthFailed, "admin credential");
  return ok_result();
}

// pending appends |dev|'s unexpired items, oldest first, and deletes the
// expired ones it meets (so nothing past its TTL is ever re-delivered, even
// between two expire() sweeps).
Result<void> Relay::pending(const proto::Id& dev, Out& out) {
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Deliver> items, store_.mailbox(dev));
  RemoveItems expired{dev, {}};
  for (proto::Deliver& d : items) {
    if (policy_.ttl_ms && now() - d.ts >= *policy_.ttl_ms) {
      expired.ids.push_back(d.id);
      continue;
    }
    out.push_back(Outbound{dev, std::move(d)});
  }
  if (!expired.ids.empty()) {
    E2E_TRY(apply(Batch{expired}));
    stats_.items_expired += expired.ids.size();
  }
  return ok_result();
}

}  // namespace e2e::relay
