// Chat and roster handlers: create_chat, join, leave, member, invite, redeem
// (PROTO-RELAY-02/03/04/08). Every roster change posts a `roster` item with
// `from` = the device that made the change: for create to the creator, for an
// addition to every member including the new one, for a removal to the
// remaining members and (best effort) the removed device.
#include <algorithm>

#include "common/ct.h"
#include "relay/relay.h"
#include "crypto/sha256.h"

namespace e2e::relay {

namespace {

std::vector<proto::Id> without(std::vector<proto::Id> members, const proto::Id& device) {
  members.erase(std::remove(members.begin(), members.end(), device), members.end());
  return members;
}

// find_invite scans every unspent hash with the constant-time comparison and
// no early exit: the invite hash is the redeem credential itself, so lookup
// timing must not reveal how much of a guess matched.
std::optional<size_t> find_invite(const std::vector<Bytes>& invites, ByteView hash) {
  std::optional<size_t> found;
  for (size_t i = 0; i < invites.size(); ++i) {
    const bool eq = ct::equal(invites[i], hash);
    if (eq && !found) found = i;
  }
  return found;
}

Result<void> check_hash_len(const Bytes& h, const char* what) {
  if (h.size() != crypto::kSha256Len) return make_error(Errc::kDecodeError, what);
  return ok_result();
}

}  // namespace

Result<void> Relay::create_chat(const proto::Id& dev, uint64_t rid, const proto::Id& chat,
                                const std::optional<Bytes>& admin_hash, Out& out) {
  E2E_ASSIGN_OR_RETURN(size_t n, store_.chat_count());
  if (n >= policy_.max_chats) return make_error(Errc::kLimitExceeded, "too many chats");
  E2E_ASSIGN_OR_RETURN(Planned plan,
                       plan_post(roster_item(chat, dev, proto::RosterOp::kCreate, dev), {dev}));
  E2E_TRY(apply(Batch{CreateChat{chat, admin_hash, dev}, std::move(plan.op)}));
  out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  out.push_back(Outbound{dev, proto::Ok{rid}});
  return ok_result();
}

// create_chat on an existing chat id fails with E2E_ERR_STATE.
Result<void> Relay::on(const proto::Id& dev, const proto::CreateChat& f, Out& out) {
  if (f.admin) E2E_TRY(check_hash_len(*f.admin, "admin must be 32 bytes"));
  E2E_ASSIGN_OR_RETURN(std::optional<ChatRecord> rec, store_.chat(f.chat));
  if (rec) return make_error(Errc::kState, "chat exists");
  return create_chat(dev, f.rid, f.chat, f.admin, out);
}

//= docs/PROTOCOL.md#3
//# an **open** chat (no `admin`) has no `member` operation, only `join` and `leave`.
// join creates an absent chat as an open chat (a `create` notice); joining an
// admin chat fails with E2E_ERR_STATE; joining again is a no-op `ok`.
Result<void> Relay::on(const proto::Id& dev, const proto::Join& f, Out& out) {
  E2E_ASSIGN_OR_RETURN(std::optional<ChatRecord> rec, store_.chat(f.chat));
  if (!rec) return create_chat(dev, f.rid, f.chat, std::nullopt, out);
  if (rec->admin_hash) return make_error(Errc::kState, "admin chats are joined by invite or by the admin");
  E2E_ASSIGN_OR_RETURN(bool member, store_.is_member(f.chat, dev));
  if (!member) {
    //= docs/PROTOCOL.md#3
    //# PROTO-RELAY-08: a chat has at most `kMaxChatMembers` (10000) members.
    if (rec->member_count >= policy_.max_chat_members) return make_error(Errc::kLimitExceeded, "chat full");
    E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> to, store_.members(f.chat));
    to.push_back(dev);
    E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(roster_item(f.chat, dev, proto::RosterOp::kAdd, dev), to));
    E2E_TRY(apply(Batch{AddMember{f.chat, dev}, std::move(plan.op)}));
    out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  }
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-02: only roster members may `send`, `direct`, `typing` or `leave`
//# in a chat (`E2E_ERR_UNKNOWN_SENDER` otherwise)
// leave works in both kinds of chat. An open chat left empty is deleted (a
// later join creates it afresh); an empty admin chat stays for its admin.
Result<void> Relay::on(const proto::Id& dev, const proto::Leave& f, Out& out) {
  E2E_ASSIGN_OR_RETURN(bool member, store_.is_member(f.chat, dev));
  if (!member) return make_error(Errc::kUnknownSender, "not a member of the chat");
  E2E_ASSIGN_OR_RETURN(std::optional<ChatRecord> rec, store_.chat(f.chat));
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> members, store_.members(f.chat));
  std::vector<proto::Id> remaining = without(std::move(members), dev);
  E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(roster_item(f.chat, dev, proto::RosterOp::kRemove, dev),
                                               remaining, dev));
  Batch batch{RemoveMember{f.chat, dev}};
  if (rec && !rec->admin_hash && remaining.empty()) batch.push_back(DeleteChat{f.chat});
  batch.push_back(std::move(plan.op));
  E2E_TRY(apply(batch));
  out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

// member: credential first (nothing about the roster is revealed to a caller
// without it), then the change. Adding a present member or removing an absent
// one is a no-op `ok` without a notice (a retried request stays harmless).
//= docs/PROTOCOL.md#3
//# The relay stores `signed` opaquely and forwards it; it does not verify it.
Result<void> Relay::on(const proto::Id& dev, const proto::Member& f, Out& out) {
  E2E_TRY(check_admin(f.chat, f.cred));
  if (f.op == proto::RosterOp::kCreate) return make_error(Errc::kDecodeError, "member op must be add or remove");
  E2E_ASSIGN_OR_RETURN(bool present, store_.is_member(f.chat, f.device));
  E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> members, store_.members(f.chat));
  if (f.op == proto::RosterOp::kAdd && !present) {
    if (members.size() >= policy_.max_chat_members) return make_error(Errc::kLimitExceeded, "chat full");
    members.push_back(f.device);
    E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(roster_item(f.chat, dev, f.op, f.device, f.signed_op), members));
    E2E_TRY(apply(Batch{AddMember{f.chat, f.device}, std::move(plan.op)}));
    out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  } else if (f.op == proto::RosterOp::kRemove && present) {
    std::vector<proto::Id> remaining = without(std::move(members), f.device);
    E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(roster_item(f.chat, dev, f.op, f.device, f.signed_op),
                                                 remaining, f.device));
    E2E_TRY(apply(Batch{RemoveMember{f.chat, f.device}, std::move(plan.op)}));
    out.insert(out.end(), plan.pushes.begin(), plan.pushes.end());
  }
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

// invite: admin chats only, same credential check as member. Registering a
// hash that is already unspent is a no-op `ok`.
Result<void> Relay::on(const proto::Id& dev, const proto::Invite& f, Out& out) {
  E2E_TRY(check_admin(f.chat, f.cred));
  E2E_TRY(check_hash_len(f.hash, "invite hash must be 32 bytes"));
  E2E_ASSIGN_OR_RETURN(std::vector<Bytes> invites, store_.invites(f.chat));
  if (!find_invite(invites, f.hash)) {
    if (invites.size() >= policy_.max_invites_per_chat) return make_error(Errc::kLimitExceeded, "too many invites");
    E2E_TRY(apply(Batch{AddInvite{f.chat, f.hash}}));
  }
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

//= docs/PROTOCOL.md#3
//# PROTO-RELAY-04: `redeem` succeeds once per invite hash; the second time, or
//# for an unknown hash, it fails with `E2E_ERR_AUTH_FAILED`.
// A member redeeming spends the invite without a roster change. A full chat
// fails with E2E_ERR_LIMIT and leaves the invite unspent.
Result<void> Relay::on(const proto::Id& dev, const proto::Redeem& f, Out& out) {
  E2E_ASSIGN_OR_RETURN(std::vector<Bytes> invites, store_.invites(f.chat));
  if (!find_invite(invites, f.hash)) return make_error(Errc::kAuthFailed, "unknown or spent invite");
  E2E_ASSIGN_OR_RETURN(bool present, store_.is_member(f.chat, dev));
  Batch batch{SpendInvite{f.chat, f.hash}};
  Out pushes;
  if (!present) {
    E2E_ASSIGN_OR_RETURN(std::vector<proto::Id> to, store_.members(f.chat));
    if (to.size() >= policy_.max_chat_members) return make_error(Errc::kLimitExceeded, "chat full");
    to.push_back(dev);
    E2E_ASSIGN_OR_RETURN(Planned plan, plan_post(roster_item(f.chat, dev, proto::RosterOp::kAdd, dev), to));
    batch.push_back(AddMember{f.chat, dev});
    batch.push_back(std::move(plan.op));
    pushes = std::move(plan.pushes);
  }
  E2E_TRY(apply(batch));
  out.insert(out.end(), pushes.begin(), pushes.end());
  out.push_back(Outbound{dev, proto::Ok{f.rid}});
  return ok_result();
}

}  // namespace e2e::relay
