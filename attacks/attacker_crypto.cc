#include "attacks/attacker_crypto.h"

#include <set>

#include "protocol/envelope.h"

namespace e2e::attacks {

Result<OpenedWrap> open_wrap(const proto::Preset& preset, const crypto::P256PrivateKey& me, const proto::Json& body,
                             const proto::Id& chat, const proto::Id& recipient, ByteView admin_sig) {
  switch (preset.key_source) {
    case proto::KeySource::kChatKey: {
      E2E_ASSIGN_OR_RETURN(SecretBytes key, proto::eleven_unwrap_body(me, body));
      return OpenedWrap{0, std::move(key)};
    }
    case proto::KeySource::kEpochKey: {
      E2E_ASSIGN_OR_RETURN(proto::HardenedUnwrapped u, proto::hardened_unwrap_body(me, body, chat, recipient, admin_sig));
      return OpenedWrap{u.epoch, std::move(u.epoch_key)};
    }
    case proto::KeySource::kShareCode:
      break;
  }
  return make_error(Errc::kUnsupported, "the content key never travels in a wrap");
}

std::vector<proto::Json> wraps_to(const Adversary& adv, const proto::Id& recipient, const proto::Id& chat) {
  std::vector<proto::Json> out;
  for (const auto& d : adv.deliveries(recipient)) {
    if (d.kind == proto::DeliverKind::kDirect && d.chat == chat && d.body && d.body->contains("wrap")) {
      out.push_back(*d.body);
    }
  }
  return out;
}

std::vector<std::string> decrypt_chat(const proto::Preset& preset, Adversary& adv, const proto::Id& chat,
                                      const StolenKeys& keys) {
  std::vector<std::string> out;
  if (keys.empty()) return out;
  std::set<std::string> seen;
  for (const auto& e : adv.transcript()) {
    if (e.dir != Direction::kDown || !e.note.empty()) continue;
    const auto* rf = std::get_if<proto::RelayFrame>(&e.frame);
    const auto* d = rf ? std::get_if<proto::Deliver>(rf) : nullptr;
    if (!d || d->chat != chat || d->kind != proto::DeliverKind::kMsg || !d->body) continue;
    if (!seen.insert(d->from + "/" + d->body->dump()).second) continue;  // one fan-out, many copies
    if (preset.key_source == proto::KeySource::kChatKey) {
      auto p = proto::eleven_open(keys.begin()->second, *d->body);
      if (p.ok() && p->text) out.push_back(d->from + ": " + *p->text);
    } else if (preset.key_source == proto::KeySource::kEpochKey) {
      auto header = proto::hardened_peek(*d->body, chat, d->from);
      if (!header.ok()) continue;
      auto key = keys.find(header->epoch);
      auto sender = adv.world().store().device(d->from);
      if (key == keys.end() || !sender.ok() || !*sender) continue;
      auto opened = proto::hardened_open(key->second, *d->body, chat, d->from, (*sender)->sig);
      if (opened.ok() && opened->payload.contains("text")) {
        out.push_back(d->from + ": " + opened->payload["text"].get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace e2e::attacks
