// Client::export_state / import_state (docs/PROTOCOL.md §9): one JSON document
// holding the whole state. Secrets are base64url inside it; the document as a
// whole is returned in wiping storage.
#include <openssl/crypto.h>

#include "client/client_ops.h"
#include "common/encoding.h"
#include "protocol/limits.h"

namespace e2e::client {
namespace {

using proto::Json;
constexpr std::string_view kFormat = "e2eproof-client-state/1";
constexpr size_t kWindowBytes = proto::kReplayWindow / 8;

std::string b64(ByteView b) { return base64url_encode(b); }

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

const char* action_name(PendingLookup::Action a) {
  switch (a) {
    case PendingLookup::Action::kCache: return "cache";
    case PendingLookup::Action::kWrapChatKey: return "wrap_chat_key";
    case PendingLookup::Action::kHardenedAdd: return "hardened_add";
  }
  return "cache";
}

Json export_chat(const ChatState& c) {
  Json j{{"id", c.id}, {"active", c.active}, {"members", c.members}};
  if (c.key) j["key"] = b64(c.key->reveal());
  if (c.admin_cred) j["admin_cred"] = b64(c.admin_cred->reveal());
  if (c.hardened) {
    const HardenedChat& h = *c.hardened;
    Json chain = Json::array();
    for (const auto& op : h.chain) chain.push_back(b64(proto::encode_roster_op(op)));
    Json keys = Json::array();
    for (const auto& [epoch, k] : h.epoch_keys) keys.push_back({{"epoch", epoch}, {"key", b64(k.reveal())}});
    Json windows = Json::array();
    for (const auto& [who, w] : h.windows) {
      windows.push_back({{"sender", who.first}, {"epoch", who.second}, {"any", !w.empty()},
                         {"highest", w.highest()}, {"bits", b64(window_to_bytes(w.bits()))}});
    }
    j["hardened"] = Json{{"chain", chain}, {"epoch_keys", keys}, {"windows", windows},
                         {"send_epoch", h.send_epoch}, {"send_ctr", h.send_ctr}};
    if (h.roster_op_rid) j["hardened"]["roster_op_rid"] = *h.roster_op_rid;
  }
  return j;
}

// Small strict readers: any surprise in the document is kDecodeError.
struct Reader {
  Error err{Errc::kDecodeError, {}};
  bool failed = false;

  const Json* field(const Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) return fail(std::string("missing ") + name), nullptr;
    return &j.at(name);
  }
  std::string str(const Json& j, const char* name) {
    const Json* f = field(j, name);
    if (!f || !f->is_string()) return fail(std::string("not a string: ") + name), std::string();
    return f->get<std::string>();
  }
  uint64_t u64(const Json& j, const char* name) {
    const Json* f = field(j, name);
    if (!f || !f->is_number_unsigned()) return fail(std::string("not an integer: ") + name), 0;
    return f->get<uint64_t>();
  }
  bool boolean(const Json& j, const char* name) {
    const Json* f = field(j, name);
    if (!f || !f->is_boolean()) return fail(std::string("not a bool: ") + name), false;
    return f->get<bool>();
  }
  Bytes bin(const Json& j, const char* name) {
    auto r = base64url_decode(str(j, name));
    if (!r.ok()) return fail(std::string("bad base64url: ") + name), Bytes();
    return std::move(r).value();
  }
  SecretBytes secret(const Json& j, const char* name) {
    Bytes b = bin(j, name);
    SecretBytes s{ByteView(b)};
    OPENSSL_cleanse(b.data(), b.size());
    return s;
  }
  const Json& array(const Json& j, const char* name) {
    static const Json kEmpty = Json::array();
    const Json* f = field(j, name);
    if (!f || !f->is_array()) return fail(std::string("not an array: ") + name), kEmpty;
    return *f;
  }
  void fail(std::string what) {
    if (!failed) err.detail = "client state: " + std::move(what);
    failed = true;
  }
};

ChatState import_chat(Reader& r, const Json& j) {
  ChatState c;
  c.id = r.str(j, "id");
  c.active = r.boolean(j, "active");
  for (const auto& m : r.array(j, "members")) {
    if (!m.is_string()) r.fail("member");
    else c.members.push_back(m.get<std::string>());
  }
  if (j.contains("key")) c.key = r.secret(j, "key");
  if (j.contains("admin_cred")) c.admin_cred = r.secret(j, "admin_cred");
  if (j.contains("hardened")) {
    const Json& hj = j.at("hardened");
    HardenedChat h;
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
    c.hardened = std::move(h);
  }
  return c;
}

}  // namespace

SecretBytes Client::export_state() const {
  Json j{{"format", kFormat}, {"device", st_.device}, {"name", st_.name}, {"preset", st_.preset},
         {"dh", b64(st_.dh_scalar.reveal())}, {"sig", b64(st_.sig_seed.reveal())},
         {"next_rid", st_.next_rid}, {"next_cmid", st_.next_cmid}};
  Json chats = Json::array();
  for (const auto& [id, c] : st_.chats) chats.push_back(export_chat(c));
  j["chats"] = std::move(chats);
  Json dir = Json::array();
  for (const auto& [id, k] : st_.directory) {
    dir.push_back({{"device", id}, {"name", k.name}, {"dh", b64(k.dh)}, {"sig", b64(k.sig)}});
  }
  j["directory"] = std::move(dir);
  Json lookups = Json::array();
  for (const auto& [r, l] : st_.lookups) {
    lookups.push_back({{"rid", r}, {"action", action_name(l.action)}, {"chat", l.chat}, {"device", l.device}});
  }
  j["lookups"] = std::move(lookups);
  Json unconfirmed = Json::array();
  for (const auto& [r, f] : st_.unconfirmed) unconfirmed.push_back(proto::serialize(f));
  j["unconfirmed"] = std::move(unconfirmed);
  j["seen"] = st_.seen_order;
  Json waiting = Json::array();
  for (const auto& d : st_.waiting) waiting.push_back(proto::serialize(proto::RelayFrame{d}));
  j["waiting"] = std::move(waiting);
  std::string text = j.dump();
  SecretBytes out{as_bytes(text)};
  OPENSSL_cleanse(text.data(), text.size());
  return out;
}

Result<Client> Client::import_state(ByteView document, Rng& rng, const Clock& clock) {
  Json j = Json::parse(document.begin(), document.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return make_error(Errc::kDecodeError, "client state: not JSON");
  Reader r;
  if (r.str(j, "format") != kFormat) return make_error(Errc::kDecodeError, "client state: unknown format");
  ClientState st;
  st.device = r.str(j, "device");
  st.name = r.str(j, "name");
  st.preset = r.str(j, "preset");
  st.dh_scalar = r.secret(j, "dh");
  st.sig_seed = r.secret(j, "sig");
  st.next_rid = r.u64(j, "next_rid");
  st.next_cmid = r.u64(j, "next_cmid");
  for (const auto& c : r.array(j, "chats")) {
    ChatState chat = import_chat(r, c);
    st.chats.emplace(chat.id, std::move(chat));
  }
  for (const auto& e : r.array(j, "directory")) {
    st.directory[r.str(e, "device")] = DeviceKeys{r.str(e, "name"), r.bin(e, "dh"), r.bin(e, "sig")};
  }
  for (const auto& e : r.array(j, "lookups")) {
    const std::string a = r.str(e, "action");
    PendingLookup l;
    if (a == "cache") l.action = PendingLookup::Action::kCache;
    else if (a == "wrap_chat_key") l.action = PendingLookup::Action::kWrapChatKey;
    else if (a == "hardened_add") l.action = PendingLookup::Action::kHardenedAdd;
    else r.fail("lookup action");
    l.chat = r.str(e, "chat");
    l.device = r.str(e, "device");
    st.lookups.emplace(r.u64(e, "rid"), std::move(l));
  }
  for (const auto& e : r.array(j, "unconfirmed")) {
    auto f = e.is_string() ? proto::parse_client_frame(e.get<std::string>())
                           : Result<proto::ClientFrame>(make_error(Errc::kDecodeError));
    if (!f.ok()) { r.fail("unconfirmed frame"); continue; }
    uint64_t rid = 0;
    if (auto* s = std::get_if<proto::Send>(&*f)) rid = s->rid;
    else if (auto* d = std::get_if<proto::Direct>(&*f)) rid = d->rid;
    else { r.fail("unconfirmed frame type"); continue; }
    st.unconfirmed.emplace(rid, std::move(f).value());
  }
  for (const auto& e : r.array(j, "seen")) {
    if (!e.is_number_unsigned()) { r.fail("seen id"); continue; }
    st.seen_order.push_back(e.get<uint64_t>());
    st.seen.insert(e.get<uint64_t>());
  }
  for (const auto& e : r.array(j, "waiting")) {
    auto f = e.is_string() ? proto::parse_relay_frame(e.get<std::string>())
                           : Result<proto::RelayFrame>(make_error(Errc::kDecodeError));
    if (!f.ok() || !std::holds_alternative<proto::Deliver>(*f)) { r.fail("waiting item"); continue; }
    st.waiting.push_back(std::get<proto::Deliver>(std::move(f).value()));
  }
  if (r.failed) return r.err;
  auto preset = proto::find_preset(st.preset);
  if (!preset.ok()) return make_error(Errc::kDecodeError, "client state: unknown preset");
  auto dh = crypto::P256PrivateKey::from_scalar(st.dh_scalar.reveal());
  auto sig = crypto::Ed25519PrivateKey::from_seed(st.sig_seed.reveal());
  if (!dh.ok() || !sig.ok()) return make_error(Errc::kDecodeError, "client state: keys");
  return Client(std::move(st), std::move(preset).value(), std::move(dh).value(), std::move(sig).value(),
                rng, clock);
}

}  // namespace e2e::client
