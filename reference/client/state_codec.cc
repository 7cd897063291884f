// Client::export_state / import_state (docs/PROTOCOL.md §9): one JSON document
// holding the whole state. Secrets are base64url inside it; the document as a
// whole is returned in wiping storage.
#include <openssl/crypto.h>

#include "client/scheme.h"
#include "common/encoding.h"
#include "protocol/limits.h"

namespace e2e::client {
namespace {

using proto::Json;
using Reader = StateReader;
constexpr std::string_view kFormat = "e2eproof-client-state/1";

const char* action_name(PendingLookup::Action a) {
  switch (a) {
    case PendingLookup::Action::kCache: return "cache";
    case PendingLookup::Action::kWrapChatKey: return "wrap_chat_key";
    case PendingLookup::Action::kHardenedAdd: return "hardened_add";
  }
  return "cache";
}

// The fields every chat has; the scheme adds its own (key, admin_cred,
// hardened: the names of format 1, unchanged by the move to scheme modules).
Json export_chat(const Scheme& scheme, const ChatState& c) {
  Json j{{"id", c.id}, {"active", c.active}, {"members", c.members}};
  scheme.export_chat(c, j);
  return j;
}

ChatState import_chat(const Scheme& scheme, Reader& r, const Json& j) {
  ChatState c;
  c.id = r.str(j, "id");
  c.active = r.boolean(j, "active");
  for (const auto& m : r.array(j, "members")) {
    if (!m.is_string()) r.fail("member");
    else c.members.push_back(m.get<std::string>());
  }
  c.scheme = scheme.import_chat(r, j);
  return c;
}

}  // namespace

SecretBytes Client::export_state() const {
  Json j{{"format", kFormat}, {"device", st_.device}, {"name", st_.name}, {"preset", st_.preset},
         {"dh", b64(st_.dh_scalar.reveal())}, {"sig", b64(st_.sig_seed.reveal())},
         {"next_rid", st_.next_rid}, {"next_cmid", st_.next_cmid}};
  Json chats = Json::array();
  for (const auto& [id, c] : st_.chats) chats.push_back(export_chat(*scheme_, c));
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
  auto preset = proto::find_preset(st.preset);
  if (r.failed) return r.err;
  if (!preset.ok()) return make_error(Errc::kDecodeError, "client state: unknown preset");
  E2E_TRY(check_preset(*preset));
  const Scheme& scheme = scheme_for(preset->key_source);
  st.dh_scalar = r.secret(j, "dh");
  st.sig_seed = r.secret(j, "sig");
  st.next_rid = r.u64(j, "next_rid");
  st.next_cmid = r.u64(j, "next_cmid");
  for (const auto& c : r.array(j, "chats")) {
    ChatState chat = import_chat(scheme, r, c);
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
  auto dh = crypto::P256PrivateKey::from_scalar(st.dh_scalar.reveal());
  auto sig = crypto::Ed25519PrivateKey::from_seed(st.sig_seed.reveal());
  if (!dh.ok() || !sig.ok()) return make_error(Errc::kDecodeError, "client state: keys");
  return Client(std::move(st), std::move(preset).value(), std::move(dh).value(), std::move(sig).value(),
                rng, clock);
}

}  // namespace e2e::client
