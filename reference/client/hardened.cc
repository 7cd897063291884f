// hardened (docs/PROTOCOL.md §6, §8.3): signed roster chain, epoch keys
// rotated by the admin on every roster change, and authenticated messages with
// a persisted replay window.
#include <algorithm>

#include "client/client_ops.h"
#include "common/encoding.h"
#include "protocol/envelope.h"
#include "protocol/limits.h"

namespace e2e::client {
namespace {

bool contains(const std::vector<Id>& v, const Id& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

void roster_rejected(Step& step, const proto::Deliver& d, Errc code) {
  step.events.emplace_back(RosterRejectedEvent{d.chat, d.from, std::string(errc_name(code))});
}

// Keeps the newest kMaxStoredEpochs keys (and their replay windows).
void prune_epochs(HardenedChat& h) {
  while (h.epoch_keys.size() > proto::kMaxStoredEpochs) {
    const uint64_t oldest = h.epoch_keys.begin()->first;
    h.epoch_keys.erase(h.epoch_keys.begin());
    std::erase_if(h.windows, [&](const auto& kv) { return kv.first.second <= oldest; });
  }
}

// check_next verifies that |op| may follow |chain| (PROTO-ROSTER-02).
Result<void> check_next(const std::vector<proto::SignedRosterOp>& chain, const proto::SignedRosterOp& op) {
  const auto& root = chain.front();
  const auto& tip = chain.back();
  if (op.seq != tip.seq + 1) return make_error(Errc::kDecodeError, "sequence");
  if (op.prev != proto::roster_op_hash(tip)) return make_error(Errc::kAuthFailed, "prev hash");
  if (op.by != root.by) return make_error(Errc::kAuthFailed, "not signed by the admin");
  E2E_TRY(proto::verify_roster_op_signature(op, root.sig));
  const auto members = members_at(chain, tip.seq);
  if (op.op == proto::RosterOp::kCreate) return make_error(Errc::kDecodeError, "second create");
  if (op.op == proto::RosterOp::kAdd && contains(members, op.device)) {
    return make_error(Errc::kState, "already a member");
  }
  if (op.op == proto::RosterOp::kRemove && (!contains(members, op.device) || op.device == root.by)) {
    return make_error(Errc::kState, "not a removable member");
  }
  return ok_result();
}

// check_root verifies a chain's genesis operation (PROTO-ROSTER-01).
Result<void> check_root(const proto::SignedRosterOp& op) {
  if (op.seq != 0 || op.op != proto::RosterOp::kCreate || op.by != op.device ||
      op.prev != Bytes(proto::kRosterHashLen, 0)) {
    return make_error(Errc::kDecodeError, "bad genesis operation");
  }
  return proto::verify_roster_op_signature(op, op.sig);
}

}  // namespace

std::vector<Id> members_at(const std::vector<proto::SignedRosterOp>& chain, uint64_t epoch) {
  std::vector<Id> m;
  for (const auto& op : chain) {
    if (op.seq > epoch) break;
    if (op.op == proto::RosterOp::kRemove) {
      m.erase(std::remove(m.begin(), m.end(), op.device), m.end());
    } else if (!contains(m, op.device)) {
      m.push_back(op.device);
    }
  }
  return m;
}

std::optional<DeviceKeys> pinned_keys(const std::vector<proto::SignedRosterOp>& chain, uint64_t epoch,
                                      const Id& device) {
  std::optional<DeviceKeys> keys;
  for (const auto& op : chain) {
    if (op.seq > epoch) break;
    if (op.device != device) continue;
    if (op.op == proto::RosterOp::kRemove) {
      keys.reset();
    } else {
      keys = DeviceKeys{"", op.dh, op.sig};
    }
  }
  return keys;
}

Result<Step> ClientOps::hardened_create(const Id& chat, SecretBytes cred) {
  proto::SignedRosterOp root;
  root.chat = chat;
  root.seq = 0;
  root.prev = Bytes(proto::kRosterHashLen, 0);
  root.op = proto::RosterOp::kCreate;
  root.device = st_.device;
  root.dh = c_.dh_public();
  root.sig = c_.sig_public();
  root.by = st_.device;
  E2E_TRY(proto::sign_roster_op(root, *c_.sig_));
  HardenedChat h;
  h.chain.push_back(std::move(root));
  h.epoch_keys.emplace(0, c_.rng_->secret(32));
  Step step;
  step.out.emplace_back(proto::CreateChat{rid(), chat, credential_hash(cred)});
  ChatState c;
  c.id = chat;
  c.members = {st_.device};
  c.admin_cred = std::move(cred);
  c.hardened = std::move(h);
  st_.chats.emplace(chat, std::move(c));
  return step;
}

Result<Step> ClientOps::hardened_issue_op(const Id& chat_id, proto::RosterOp op, const Id& device,
                                          const DeviceKeys& keys) {
  E2E_ASSIGN_OR_RETURN(ChatState * c, chat(chat_id));
  HardenedChat& h = *c->hardened;
  proto::SignedRosterOp o;
  o.chat = chat_id;
  o.seq = h.chain.back().seq + 1;
  o.prev = proto::roster_op_hash(h.chain.back());
  o.op = op;
  o.device = device;
  o.dh = keys.dh;
  o.sig = keys.sig;
  o.by = st_.device;
  E2E_TRY(proto::sign_roster_op(o, *c_.sig_));
  Step step;
  const uint64_t r = rid();
  step.out.emplace_back(proto::Member{r, chat_id, op, device, admin_credential(*c),
                                      proto::encode_roster_op(o)});
  h.roster_op_rid = r;
  return step;
}

ItemOutcome ClientOps::hardened_roster(const proto::Deliver& d, Step& step) {
  // The relay's own "create" notice carries no signed operation: the chain's
  // root comes from the creator's state or the admin's chain message.
  if (*d.op == proto::RosterOp::kCreate) return ItemOutcome::done();
  if (!d.signed_op) {  // PROTO-ROSTER-03
    roster_rejected(step, d, Errc::kAuthFailed);
    return ItemOutcome::done();
  }
  auto decoded = proto::decode_roster_op(*d.signed_op);
  if (!decoded.ok()) {
    roster_rejected(step, d, decoded.code());
    return ItemOutcome::done();
  }
  proto::SignedRosterOp op = std::move(decoded).value();
  if (op.chat != d.chat || op.op != *d.op || op.device != *d.device) {
    roster_rejected(step, d, Errc::kDecodeError);
    return ItemOutcome::done();
  }
  auto it = st_.chats.find(d.chat);
  if (it == st_.chats.end() || !it->second.hardened || it->second.hardened->chain.empty()) {
    return ItemOutcome::wait();  // the admin's chain message has not arrived yet
  }
  ChatState& c = it->second;
  HardenedChat& h = *c.hardened;
  const uint64_t tip = h.chain.back().seq;
  if (op.seq <= tip) {
    // A copy of an operation we hold is harmless; anything else is a fork.
    if (proto::roster_op_hash(op) != proto::roster_op_hash(h.chain[op.seq])) {
      roster_rejected(step, d, Errc::kAuthFailed);
    }
    return ItemOutcome::done();
  }
  if (op.seq > tip + 1) return ItemOutcome::wait();
  if (auto ok = check_next(h.chain, op); !ok.ok()) {  // PROTO-ROSTER-02
    roster_rejected(step, d, ok.code());
    return ItemOutcome::done();
  }
  h.chain.push_back(op);
  if (op.device == st_.device) c.active = op.op == proto::RosterOp::kAdd;
  step.events.emplace_back(RosterChangedEvent{d.chat, op.op, op.device, op.by});

  if (h.chain.front().by == st_.device && c.admin_cred) {
    // The admin rotates: a fresh epoch key for exactly the members of the new
    // epoch, wrapped to the keys the chain pins (never a fresh directory answer).
    h.roster_op_rid.reset();
    const uint64_t epoch = op.seq;
    SecretBytes ek = c_.rng_->secret(32);
    if (op.op == proto::RosterOp::kAdd) {
      proto::Json chain = proto::Json::array();
      for (const auto& o : h.chain) chain.push_back(base64url_encode(proto::encode_roster_op(o)));
      queue_direct(step, d.chat, op.device, proto::Json{{"chain", std::move(chain)}});
    }
    for (const Id& m : members_at(h.chain, epoch)) {
      if (m == st_.device) continue;
      auto keys = pinned_keys(h.chain, epoch, m);
      auto pub = crypto::P256PublicKey::from_uncompressed(keys->dh);
      if (!pub.ok()) continue;  // cannot happen: keys were validated when pinned
      auto body = proto::hardened_wrap_body(*c_.rng_, *pub, ek, d.chat, epoch, m, *c_.sig_);
      if (body.ok()) queue_direct(step, d.chat, m, std::move(body).value());
    }
    h.epoch_keys.insert_or_assign(epoch, std::move(ek));
    prune_epochs(h);
  }
  return ItemOutcome::done(true);
}

ItemOutcome ClientOps::hardened_direct(const proto::Deliver& d, Step& step) {
  const proto::Json& body = *d.body;
  auto it = st_.chats.find(d.chat);
  if (body.contains("chain")) {
    if (!body["chain"].is_array() || body.size() != 1) {
      return ItemOutcome::reject(make_error(Errc::kDecodeError, "chain message"));
    }
    std::vector<proto::SignedRosterOp> chain;
    for (const auto& entry : body["chain"]) {
      if (!entry.is_string()) return ItemOutcome::reject(make_error(Errc::kDecodeError, "chain entry"));
      auto raw = base64url_decode(entry.get<std::string>());
      if (!raw.ok()) return ItemOutcome::reject(raw.error());
      auto op = proto::decode_roster_op(*raw);
      if (!op.ok()) return ItemOutcome::reject(op.error());
      if (op->chat != d.chat) return ItemOutcome::reject(make_error(Errc::kAuthFailed, "chain of another chat"));
      if (chain.empty()) {
        if (auto ok = check_root(*op); !ok.ok()) return ItemOutcome::reject(ok.error());
      } else if (auto ok = check_next(chain, *op); !ok.ok()) {
        return ItemOutcome::reject(ok.error());
      }
      chain.push_back(std::move(op).value());
    }
    if (chain.empty() || chain.front().by != d.from || !contains(members_at(chain, chain.back().seq), st_.device)) {
      return ItemOutcome::reject(make_error(Errc::kAuthFailed, "chain not from its admin or without us"));
    }
    if (it != st_.chats.end() && it->second.hardened && !it->second.hardened->chain.empty()) {
      // We already follow this chat; a copy that agrees with us changes nothing.
      const auto& mine = it->second.hardened->chain;
      const size_t n = std::min(mine.size(), chain.size());
      if (proto::roster_op_hash(mine[n - 1]) != proto::roster_op_hash(chain[n - 1])) {
        return ItemOutcome::reject(make_error(Errc::kAuthFailed, "chain conflicts with ours"));
      }
      return ItemOutcome::done();
    }
    if (it == st_.chats.end()) {
      ChatState c;
      c.id = d.chat;
      it = st_.chats.emplace(d.chat, std::move(c)).first;
    }
    HardenedChat h;
    h.chain = std::move(chain);
    it->second.hardened = std::move(h);
    it->second.active = true;
    step.events.emplace_back(RosterChangedEvent{d.chat, proto::RosterOp::kAdd, st_.device, d.from});
    return ItemOutcome::done(true);
  }
  if (!body.contains("wrap")) return ItemOutcome::reject(make_error(Errc::kDecodeError, "unexpected direct item"));
  if (it == st_.chats.end() || !it->second.hardened || it->second.hardened->chain.empty()) {
    return ItemOutcome::wait();
  }
  HardenedChat& h = *it->second.hardened;
  auto unwrapped = proto::hardened_unwrap_body(*c_.dh_, body, d.chat, st_.device, h.chain.front().sig);
  if (!unwrapped.ok()) return ItemOutcome::reject(unwrapped.error());  // PROTO-HARD-01
  const uint64_t epoch = unwrapped->epoch;
  if (epoch > h.chain.back().seq) return ItemOutcome::wait();  // its roster change is still on its way
  if (!contains(members_at(h.chain, epoch), st_.device)) {
    return ItemOutcome::reject(make_error(Errc::kAuthFailed, "key for an epoch we are not in"));
  }
  auto existing = h.epoch_keys.find(epoch);
  if (existing != h.epoch_keys.end()) {
    if (existing->second == unwrapped->epoch_key) return ItemOutcome::done();
    return ItemOutcome::reject(make_error(Errc::kAuthFailed, "second key for one epoch"));
  }
  if (!h.epoch_keys.empty() && h.epoch_keys.size() >= proto::kMaxStoredEpochs &&
      epoch < h.epoch_keys.begin()->first) {
    return ItemOutcome::reject(make_error(Errc::kStaleEpoch, "key for a dropped epoch"));
  }
  h.epoch_keys.emplace(epoch, std::move(unwrapped->epoch_key));
  prune_epochs(h);
  return ItemOutcome::done(true);
}

ItemOutcome ClientOps::hardened_message(const proto::Deliver& d, Step& step) {
  auto it = st_.chats.find(d.chat);
  if (it == st_.chats.end() || !it->second.hardened || it->second.hardened->chain.empty()) {
    return ItemOutcome::wait();
  }
  HardenedChat& h = *it->second.hardened;
  if (d.from == st_.device) {  // PROTO-HARD-05: a reflected copy of our own message
    return ItemOutcome::reject(make_error(Errc::kUnknownSender, "item from this device"));
  }
  auto header = proto::hardened_peek(*d.body, d.chat, d.from);
  if (!header.ok()) return ItemOutcome::reject(header.error());
  const uint64_t epoch = header->epoch;
  if (epoch > h.chain.back().seq) return ItemOutcome::wait();
  if (!contains(members_at(h.chain, epoch), st_.device)) {
    return ItemOutcome::reject(make_error(Errc::kStaleEpoch, "epoch we are not in"));
  }
  auto key = h.epoch_keys.find(epoch);
  if (key == h.epoch_keys.end()) {
    if (!h.epoch_keys.empty() && epoch < h.epoch_keys.begin()->first) {
      return ItemOutcome::reject(make_error(Errc::kStaleEpoch, "epoch key dropped"));
    }
    return ItemOutcome::wait();  // the admin's wrap has not arrived yet
  }
  if (!contains(members_at(h.chain, epoch), d.from)) {
    return ItemOutcome::reject(make_error(Errc::kUnknownSender, "sender not in the epoch's roster"));
  }
  auto pinned = pinned_keys(h.chain, epoch, d.from);
  auto opened = proto::hardened_open(key->second, *d.body, d.chat, d.from, pinned->sig);
  if (!opened.ok()) return ItemOutcome::reject(opened.error());  // PROTO-HARD-03
  ReplayWindow& w = h.windows[{d.from, epoch}];
  if (auto fresh = w.check(opened->header.ctr); !fresh.ok()) {  // PROTO-HARD-04
    return ItemOutcome::reject(fresh.error());
  }
  const uint64_t ctr = opened->header.ctr;
  const uint64_t skipped = w.accept(ctr);
  if (skipped > 0) step.events.emplace_back(GapEvent{d.chat, d.from, ctr - skipped, ctr});
  const proto::Json& p = opened->payload;
  if (p.size() == 1 && p.contains("text") && p["text"].is_string()) {
    step.events.emplace_back(MessageEvent{d.chat, d.from, p["text"].get<std::string>(), {}});
  } else if (p.size() == 1 && p.contains("typing") && p["typing"].is_boolean()) {
    step.events.emplace_back(TypingEvent{d.chat, d.from, p["typing"].get<bool>()});
  } else {
    return ItemOutcome::reject(make_error(Errc::kDecodeError, "payload"));
  }
  return ItemOutcome::done();
}

Result<proto::Json> ClientOps::hardened_seal_payload(ChatState& c, const proto::Json& payload) {
  HardenedChat& h = *c.hardened;
  const uint64_t epoch = h.chain.back().seq;
  auto key = h.epoch_keys.find(epoch);
  if (key == h.epoch_keys.end()) return make_error(Errc::kState, "no key for the current epoch yet");
  const uint64_t ctr = h.send_epoch == epoch ? h.send_ctr : 0;
  proto::HardenedHeader header{c.id, st_.device, epoch, ctr, c_.rng_->bytes(16)};
  E2E_ASSIGN_OR_RETURN(proto::Json body, proto::hardened_seal(*c_.rng_, key->second, header, payload, *c_.sig_));
  h.send_epoch = epoch;  // commit only after sealing succeeded
  h.send_ctr = ctr + 1;
  return body;
}

}  // namespace e2e::client
