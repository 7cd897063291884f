// epoch_key scheme (hardened, docs/PROTOCOL.md §6, §8.3): a signed roster
// chain, epoch keys the admin draws on every roster change (rotate_on_change),
// and authenticated messages with a persisted replay window (replay_window).
#include <algorithm>

#include "client/schemes.h"
#include "common/encoding.h"
#include "protocol/envelope.h"
#include "protocol/ids.h"
#include "protocol/limits.h"

namespace e2e::client {
namespace {

constexpr std::string_view kName = "epoch_key";

EpochKeyChat& data(ChatState& c) { return std::get<EpochKeyChat>(c.scheme); }
const EpochKeyChat& data(const ChatState& c) { return std::get<EpochKeyChat>(c.scheme); }

// following: the chat's state if this device holds its chain, else null.
EpochKeyChat* following(ClientState& st, const Id& chat) {
  auto it = st.chats.find(chat);
  if (it == st.chats.end() || data(it->second).chain.empty()) return nullptr;
  return &data(it->second);
}

bool contains(const std::vector<Id>& v, const Id& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// members_at: the roster of |epoch| (the chain up to seq |epoch|).
std::vector<Id> members_at(const std::vector<proto::SignedRosterOp>& chain, uint64_t epoch);

void roster_rejected(Step& step, const proto::Deliver& d, Errc code) {
  step.events.emplace_back(RosterRejectedEvent{d.chat, d.from, std::string(errc_name(code))});
}

// Keeps the newest kMaxStoredEpochs keys (and their replay windows).
void prune_epochs(EpochKeyChat& h) {
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

// pinned_keys: the keys the chain pins for |device| in |epoch|, none if not a member.
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

// admin_chat: the chat, if this device is its admin and no change is in flight.
Result<ChatState*> admin_chat(ClientOps& ops, const Id& chat) {
  E2E_ASSIGN_OR_RETURN(ChatState * c, ops.chat(chat));
  if (!data(*c).admin_cred) return make_error(Errc::kState, "only the admin changes the roster");
  return c;
}

// issue_op signs the next roster operation and sends it to the relay.
Result<Step> issue_op(ClientOps& ops, ChatState& c, proto::RosterOp op, const Id& device, const DeviceKeys& keys) {
  EpochKeyChat& h = data(c);
  proto::SignedRosterOp o;
  o.chat = c.id;
  o.seq = h.chain.back().seq + 1;
  o.prev = proto::roster_op_hash(h.chain.back());
  o.op = op;
  o.device = device;
  o.dh = keys.dh;
  o.sig = keys.sig;
  o.by = ops.self();
  E2E_TRY(proto::sign_roster_op(o, ops.sig()));
  Step step;
  const uint64_t r = ops.rid();
  step.out.emplace_back(proto::Member{r, c.id, op, device, credential_bytes(*h.admin_cred),
                                      proto::encode_roster_op(o)});
  h.roster_op_rid = r;
  return step;
}

// next_epoch_key: the key of the epoch that starts at |epoch|: fresh when the
// preset rotates on roster changes, else the previous epoch's key carried over.
SecretBytes next_epoch_key(ClientOps& ops, const EpochKeyChat& h, uint64_t epoch) {
  if (!ops.preset().rotate_on_change && epoch > 0) {
    auto prev = h.epoch_keys.find(epoch - 1);
    if (prev != h.epoch_keys.end()) return prev->second.clone();
  }
  return ops.rng().secret(32);
}

// chain_from_body verifies a "chain" direct message (the admin's chain for a
// new member): root, every link, and that it comes from its admin and holds us.
Result<std::vector<proto::SignedRosterOp>> chain_from_body(const proto::Json& body, const proto::Deliver& d,
                                                          const Id& self) {
  if (!body["chain"].is_array() || body.size() != 1) return make_error(Errc::kDecodeError, "chain message");
  std::vector<proto::SignedRosterOp> chain;
  for (const auto& entry : body["chain"]) {
    if (!entry.is_string()) return make_error(Errc::kDecodeError, "chain entry");
    E2E_ASSIGN_OR_RETURN(Bytes raw, base64url_decode(entry.get<std::string>()));
    E2E_ASSIGN_OR_RETURN(proto::SignedRosterOp op, proto::decode_roster_op(raw));
    if (op.chat != d.chat) return make_error(Errc::kAuthFailed, "chain of another chat");
    if (chain.empty()) {
      E2E_TRY(check_root(op));
    } else {
      E2E_TRY(check_next(chain, op));
    }
    chain.push_back(std::move(op));
  }
  if (chain.empty() || chain.front().by != d.from || !contains(members_at(chain, chain.back().seq), self)) {
    return make_error(Errc::kAuthFailed, "chain not from its admin or without us");
  }
  return chain;
}

// ---- the "hardened" object of the state document (docs/PROTOCOL.md §9) ----

constexpr size_t kWindowBytes = proto::kReplayWindow / 8;

Bytes window_to_bytes(const std::bitset<proto::kReplayWindow>& bits) {
  Bytes out(kWindowBytes, 0);
  for (size_t i = 0; i < proto::kReplayWindow; ++i) {
    if (bits.test(i)) out[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  return out;
}

std::bitset<proto::kReplayWindow> window_from_bytes(ByteView b) {
  std::bitset<proto::kReplayWindow> bits;
  for (size_t i = 0; i < proto::kReplayWindow; ++i) {
    if (b[i / 8] & (1u << (i % 8))) bits.set(i);
  }
  return bits;
}

proto::Json export_epoch_state(const EpochKeyChat& h) {
  using proto::Json;
  Json chain = Json::array();
  for (const auto& op : h.chain) chain.push_back(b64(proto::encode_roster_op(op)));
  Json keys = Json::array();
  for (const auto& [epoch, k] : h.epoch_keys) keys.push_back({{"epoch", epoch}, {"key", b64(k.reveal())}});
  Json windows = Json::array();
  for (const auto& [who, w] : h.windows) {
    windows.push_back({{"sender", who.first}, {"epoch", who.second}, {"any", !w.empty()},
                       {"highest", w.highest()}, {"bits", b64(window_to_bytes(w.bits()))}});
  }
  Json j{{"chain", chain}, {"epoch_keys", keys}, {"windows", windows},
         {"send_epoch", h.send_epoch}, {"send_ctr", h.send_ctr}};
  if (h.roster_op_rid) j["roster_op_rid"] = *h.roster_op_rid;
  return j;
}

EpochKeyChat import_epoch_state(StateReader& r, const proto::Json& hj) {
  EpochKeyChat h;
  for (const auto& e : r.array(hj, "chain")) {
    auto raw = e.is_string() ? base64url_decode(e.get<std::string>()) : Result<Bytes>(make_error(Errc::kDecodeError));
    auto op = raw.ok() ? proto::decode_roster_op(*raw) : Result<proto::SignedRosterOp>(raw.error());
    if (!op.ok()) r.fail("chain entry");
    else h.chain.push_back(std::move(op).value());
  }
  for (const auto& e : r.array(hj, "epoch_keys")) h.epoch_keys.emplace(r.u64(e, "epoch"), r.secret(e, "key"));
  for (const auto& e : r.array(hj, "windows")) {
    Bytes bits = r.bin(e, "bits");
    if (bits.size() != kWindowBytes) { r.fail("window bits"); continue; }
    h.windows.emplace(std::make_pair(r.str(e, "sender"), r.u64(e, "epoch")),
                      ReplayWindow::restore(r.boolean(e, "any"), r.u64(e, "highest"), window_from_bytes(bits)));
  }
  h.send_epoch = r.u64(hj, "send_epoch");
  h.send_ctr = r.u64(hj, "send_ctr");
  if (hj.contains("roster_op_rid")) h.roster_op_rid = r.u64(hj, "roster_op_rid");
  return h;
}

class EpochKeyScheme final : public Scheme {
 public:
  Result<void> supports(const proto::Preset& p) const override {
    // replay_window, rotate_on_change and either typing mode are honoured.
    if (p.roster_policy != proto::RosterPolicy::kSignedOps) return unsupported(kName, "a roster policy other than signed_ops");
    if (!p.sign_messages) return unsupported(kName, "unsigned messages (the signature is a required field)");
    if (p.invites) return unsupported(kName, "invites (members join only through a signed add)");
    return ok_result();
  }

  Result<Step> create(ClientOps& ops, const Id& chat) const override {
    SecretBytes cred = ops.rng().secret(32);
    proto::SignedRosterOp root;
    root.chat = chat;
    root.seq = 0;
    root.prev = Bytes(proto::kRosterHashLen, 0);
    root.op = proto::RosterOp::kCreate;
    root.device = ops.self();
    root.dh = ops.dh_public();
    root.sig = ops.sig_public();
    root.by = ops.self();
    E2E_TRY(proto::sign_roster_op(root, ops.sig()));
    EpochKeyChat h;
    h.chain.push_back(std::move(root));
    h.epoch_keys.emplace(0, ops.rng().secret(32));
    Step step;
    step.out.emplace_back(proto::CreateChat{ops.rid(), chat, credential_hash(cred)});
    h.admin_cred = std::move(cred);
    ChatState c;
    c.id = chat;
    c.members = {ops.self()};
    c.scheme = std::move(h);
    ops.st().chats.emplace(chat, std::move(c));
    return step;
  }

  Result<Step> add(ClientOps& ops, const Id& chat, const Id& device) const override {
    if (!proto::valid_id(device)) return make_error(Errc::kInvalidArgument, "device id");
    E2E_ASSIGN_OR_RETURN(ChatState * c, admin_chat(ops, chat));
    if (data(*c).roster_op_rid) return make_error(Errc::kState, "a roster change is in flight");
    if (contains(members(*c), device)) return make_error(Errc::kState, "already a member");
    // The operation pins the device's keys, so fetch them first (§8.3).
    Step step;
    data(*c).roster_op_rid = ops.queue_lookup(step, PendingLookup{PendingLookup::Action::kHardenedAdd, chat, device});
    return step;
  }

  Result<Step> remove(ClientOps& ops, const Id& chat, const Id& device) const override {
    E2E_ASSIGN_OR_RETURN(ChatState * c, admin_chat(ops, chat));
    if (!contains(members(*c), device)) return make_error(Errc::kState, "not a member");
    if (device == ops.self()) return make_error(Errc::kState, "the admin cannot remove itself");
    EpochKeyChat& h = data(*c);
    if (h.roster_op_rid) return make_error(Errc::kState, "a roster change is in flight");
    auto keys = pinned_keys(h.chain, h.chain.size() - 1, device);
    if (!keys) return make_error(Errc::kInternal, "member without pinned keys");
    return issue_op(ops, *c, proto::RosterOp::kRemove, device, *keys);
  }

  Result<Step> leave(ClientOps&, const Id&) const override {
    return make_error(Errc::kUnsupported, "hardened rosters change only by signed admin operations");
  }

  const SecretBytes* admin_cred(const ChatState& c) const override {
    return data(c).admin_cred ? &*data(c).admin_cred : nullptr;
  }
  std::vector<Id> members(const ChatState& c) const override {
    const EpochKeyChat& h = data(c);
    if (h.chain.empty()) return c.members;
    return members_at(h.chain, h.chain.size() - 1);
  }

  Result<proto::Json> seal(ClientOps& ops, ChatState& c, const Payload& p) const override {
    EpochKeyChat& h = data(c);
    if (h.chain.empty()) return make_error(Errc::kState, "no roster chain yet");
    const proto::Json payload = p.text ? proto::Json{{"text", *p.text}} : proto::Json{{"typing", *p.typing}};
    const uint64_t epoch = h.chain.back().seq;
    auto key = h.epoch_keys.find(epoch);
    if (key == h.epoch_keys.end()) return make_error(Errc::kState, "no key for the current epoch yet");
    const uint64_t ctr = h.send_epoch == epoch ? h.send_ctr : 0;
    proto::HardenedHeader header{c.id, ops.self(), epoch, ctr, ops.rng().bytes(16)};
    E2E_ASSIGN_OR_RETURN(proto::Json body, proto::hardened_seal(ops.rng(), key->second, header, payload, ops.sig()));
    h.send_epoch = epoch;  // commit only after sealing succeeded
    h.send_ctr = ctr + 1;
    return body;
  }

  ItemOutcome open(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    EpochKeyChat* hp = following(ops.st(), d.chat);
    if (hp == nullptr) return ItemOutcome::wait();
    EpochKeyChat& h = *hp;
    if (d.from == ops.self()) {  // PROTO-HARD-05: a reflected copy of our own message
      return ItemOutcome::reject(make_error(Errc::kUnknownSender, "item from this device"));
    }
    auto header = proto::hardened_peek(*d.body, d.chat, d.from);
    if (!header.ok()) return ItemOutcome::reject(header.error());
    const uint64_t epoch = header->epoch;
    if (epoch > h.chain.back().seq) return ItemOutcome::wait();
    if (!contains(members_at(h.chain, epoch), ops.self())) {
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
    if (ops.preset().replay_window) {
      ReplayWindow& w = h.windows[{d.from, epoch}];
      if (auto fresh = w.check(opened->header.ctr); !fresh.ok()) {  // PROTO-HARD-04
        return ItemOutcome::reject(fresh.error());
      }
      const uint64_t ctr = opened->header.ctr;
      const uint64_t skipped = w.accept(ctr);
      if (skipped > 0) step.events.emplace_back(GapEvent{d.chat, d.from, ctr - skipped, ctr});
    }
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

  ItemOutcome on_roster(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
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
    if (following(ops.st(), d.chat) == nullptr) return ItemOutcome::wait();  // the admin's chain message has not arrived yet
    ChatState& c = ops.st().chats.at(d.chat);
    EpochKeyChat& h = data(c);
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
    if (op.device == ops.self()) c.active = op.op == proto::RosterOp::kAdd;
    step.events.emplace_back(RosterChangedEvent{d.chat, op.op, op.device, op.by});

    if (h.chain.front().by == ops.self() && h.admin_cred) {
      // The admin starts the new epoch: its key for exactly the members of the
      // epoch, wrapped to the keys the chain pins (never a fresh directory answer).
      h.roster_op_rid.reset();
      const uint64_t epoch = op.seq;
      SecretBytes ek = next_epoch_key(ops, h, epoch);
      if (op.op == proto::RosterOp::kAdd) {
        proto::Json chain = proto::Json::array();
        for (const auto& o : h.chain) chain.push_back(base64url_encode(proto::encode_roster_op(o)));
        ops.queue_direct(step, d.chat, op.device, proto::Json{{"chain", std::move(chain)}});
      }
      for (const Id& m : members_at(h.chain, epoch)) {
        if (m == ops.self()) continue;
        auto keys = pinned_keys(h.chain, epoch, m);
        auto pub = crypto::P256PublicKey::from_uncompressed(keys->dh);
        if (!pub.ok()) continue;  // cannot happen: keys were validated when pinned
        auto body = proto::hardened_wrap_body(ops.rng(), *pub, ek, d.chat, epoch, m, ops.sig());
        if (body.ok()) ops.queue_direct(step, d.chat, m, std::move(body).value());
      }
      h.epoch_keys.insert_or_assign(epoch, std::move(ek));
      prune_epochs(h);
    }
    return ItemOutcome::done(true);
  }

  ItemOutcome on_direct(ClientOps& ops, const proto::Deliver& d, Step& step) const override {
    const proto::Json& body = *d.body;
    auto& chats = ops.st().chats;
    if (body.contains("chain")) {
      auto chain = chain_from_body(body, d, ops.self());
      if (!chain.ok()) return ItemOutcome::reject(chain.error());
      if (EpochKeyChat* mine = following(ops.st(), d.chat)) {
        // We already follow this chat; a copy that agrees with us changes nothing.
        const size_t n = std::min(mine->chain.size(), chain->size());
        if (proto::roster_op_hash(mine->chain[n - 1]) != proto::roster_op_hash((*chain)[n - 1])) {
          return ItemOutcome::reject(make_error(Errc::kAuthFailed, "chain conflicts with ours"));
        }
        return ItemOutcome::done();
      }
      auto it = chats.find(d.chat);
      if (it == chats.end()) {
        ChatState c;
        c.id = d.chat;
        it = chats.emplace(d.chat, std::move(c)).first;
      }
      EpochKeyChat h;
      h.chain = std::move(chain).value();
      it->second.scheme = std::move(h);
      it->second.active = true;
      step.events.emplace_back(RosterChangedEvent{d.chat, proto::RosterOp::kAdd, ops.self(), d.from});
      return ItemOutcome::done(true);
    }
    if (!body.contains("wrap")) return ItemOutcome::reject(make_error(Errc::kDecodeError, "unexpected direct item"));
    EpochKeyChat* hp = following(ops.st(), d.chat);
    if (hp == nullptr) return ItemOutcome::wait();
    EpochKeyChat& h = *hp;
    auto unwrapped = proto::hardened_unwrap_body(ops.dh(), body, d.chat, ops.self(), h.chain.front().sig);
    if (!unwrapped.ok()) return ItemOutcome::reject(unwrapped.error());  // PROTO-HARD-01
    const uint64_t epoch = unwrapped->epoch;
    if (epoch > h.chain.back().seq) return ItemOutcome::wait();  // its roster change is still on its way
    if (!contains(members_at(h.chain, epoch), ops.self())) {
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

  void on_lookup(ClientOps& ops, uint64_t rid, const PendingLookup& why, const DeviceKeys* found,
                 Step& step) const override {
    if (why.action != PendingLookup::Action::kHardenedAdd) return;
    auto it = ops.st().chats.find(why.chat);
    if (it == ops.st().chats.end()) return;
    data(it->second).roster_op_rid.reset();
    if (found == nullptr) {
      step.events.emplace_back(RequestFailedEvent{rid, std::string(errc_name(Errc::kNotFound)),
                                                  "device not in the directory"});
      return;
    }
    auto issued = issue_op(ops, it->second, proto::RosterOp::kAdd, why.device, *found);
    if (issued.ok()) {
      step.append(std::move(issued).value());
    } else {
      step.events.emplace_back(RequestFailedEvent{rid, reason(issued.error()), "roster operation"});
    }
  }

  void on_refused(ChatState& c, uint64_t rid) const override {
    if (data(c).roster_op_rid == rid) data(c).roster_op_rid.reset();
  }

  void export_chat(const ChatState& c, proto::Json& j) const override {
    const EpochKeyChat& h = data(c);
    if (h.admin_cred) j["admin_cred"] = b64(h.admin_cred->reveal());
    j["hardened"] = export_epoch_state(h);
  }
  SchemeChat import_chat(StateReader& r, const proto::Json& j) const override {
    EpochKeyChat h = j.contains("hardened") ? import_epoch_state(r, j.at("hardened")) : EpochKeyChat{};
    h.admin_cred = r.optional_secret(j, "admin_cred");
    return h;
  }
};

}  // namespace

const Scheme& epoch_key_scheme() {
  static const EpochKeyScheme kScheme;
  return kScheme;
}

}  // namespace e2e::client
